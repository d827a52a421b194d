// Running the built `creditchain` command in end-to-end tests (the test script builds first).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../../packages/node/bin/creditchain.js', import.meta.url));

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The passphrase the tests' key files are sealed under (`keys new`, `init` seal keys outside dev
 * mode): given to every command run here through CREDITCHAIN_PASSPHRASE, as a service would.
 */
export const TEST_PASSPHRASE = 'test passphrase of key files';

/** The environment of a command run by a test: this process's, with the key-file passphrase. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, CREDITCHAIN_PASSPHRASE: TEST_PASSPHRASE, ...extra };
}

export function run(cwd: string, ...args: string[]): Promise<Result> {
  return runWith(cliEnv(), cwd, ...args);
}

/**
 * Runs a command with the given environment, in a session of its own: it has no terminal to ask
 * a passphrase at, as under a service manager or in CI.
 */
export function runWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command that must succeed; gives its stdout. */
export async function ok(cwd: string, ...args: string[]): Promise<string> {
  const r = await run(cwd, ...args);
  if (r.code !== 0) throw new Error(`creditchain ${args.join(' ')} exited with ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Runs a command that must fail with exit 1 and end with one `error: … (CODE)` line; gives it. */
export async function refused(cwd: string, ...args: string[]): Promise<string> {
  const r = await run(cwd, ...args);
  expect(r.code, r.stdout).toBe(1);
  const last = r.stderr.trim().split('\n').at(-1)!;
  expect(last).toMatch(/^error: .+ \([A-Z_0-9]+\)$/);
  return last;
}

/** Starts `creditchain dev ARGS…` and resolves once it serves. */
export function startDev(cwd: string, ...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; stdout: () => string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'dev', ...args], { cwd, env: cliEnv() });
    let stdout = '';
    let stderr = '';
    const exit = new Promise<number | null>((r) => child.on('close', r));
    const timer = setTimeout(() => reject(new Error(`dev not ready after 30 s: ${stdout}${stderr}`)), 30_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/verifier key/.test(stdout)) {
        clearTimeout(timer);
        resolve({
          child,
          stdout: () => stdout,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exit;
          },
        });
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dev exited with ${code}: ${stderr}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
