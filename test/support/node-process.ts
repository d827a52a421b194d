// A node in a child process (test/support/start-node.mjs), for tests that kill it with SIGKILL:
// resolves once it prints "READY <url>", rejects if it exits before.
import { spawn, type ChildProcess } from 'node:child_process';

const START_NODE = new URL('./start-node.mjs', import.meta.url).pathname;

export function startNodeProcess(dir: string): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [START_NODE, dir, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1]! });
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => reject(new Error(`node exited with ${code} before it was ready: ${err}`)));
  });
}
