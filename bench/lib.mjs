// Shared by the benchmarks: machine facts, result files, and a child-process node.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export const RESULTS = new URL('./results/', import.meta.url).pathname;

export function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
}

/**
 * Prints the figure, the reference and the ratio, and writes bench/results/<scenario>.json
 * (not with `write: false`: a --quick check records nothing).
 */
export function report(result, { json = false, write = true } = {}) {
  const full = { ...result, ratio: result.reference ? Number((result.figure / result.reference.figure).toFixed(4)) : null, machine: machine(), date: new Date().toISOString() };
  if (write) {
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, `${result.scenario}.json`), `${JSON.stringify(full, null, 2)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(full)}\n`);
  else {
    const ref = result.reference ? `  reference ${result.reference.name}: ${fmt(result.reference.figure)} ${result.reference.unit}  ratio ${full.ratio}` : '';
    process.stdout.write(`${result.scenario}: ${fmt(result.figure)} ${result.unit}${ref}\n`);
    for (const [k, v] of Object.entries(result.figures ?? {})) process.stdout.write(`  ${k}: ${typeof v === 'number' ? fmt(v) : v}\n`);
  }
  return full;
}

export function fmt(n) {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : Number(n.toFixed(3)).toString();
}

/** Milliseconds on a clock every process of this machine shares (the load generators' schedule). */
export const epochMs = () => performance.timeOrigin + performance.now();

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Starts a node from a data directory in a child process; resolves with its URL. */
export function startNodeProcess(dir, port = 0) {
  const script = new URL('../test/support/start-node.mjs', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...(process.env.BENCH_NODE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_NODE_PROFILE}`] : []), script, dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
}

/**
 * CPU seconds a process has used so far — all its threads, and its main thread alone — from
 * /proc (Linux; undefined elsewhere). Time on a shared machine varies with the neighbours' load;
 * CPU time per transaction much less so.
 */
export function cpuSeconds(pid) {
  const read = (file) => {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const f = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  };
  try {
    return { process: read(`/proc/${pid}/stat`), main: read(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

/** Stops a node started by startNodeProcess; resolves once it has exited. */
export function stopNodeProcess(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', resolve);
    proc.kill('SIGTERM');
  });
}

/** Roughly a signed transaction body: the messages signature benchmarks sign and verify. */
export const SIGNED_MESSAGES = Array.from({ length: 64 }, (_, i) => new TextEncoder().encode(`CreditChain transaction v1\n${`message ${i} `.repeat(16)}`));

/** Calls fn(i) for at least `ms` and at least `min` times; returns calls per second. */
export function rate(fn, ms, min = 1) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms || n < min) {
    fn(n++);
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

/**
 * Benchmarks measure the node, not its per-client rate limit: turn it off in a bench data dir
 * (with other settings of config.json in `extra`).
 */
export function withoutRateLimit(dir, extra = {}) {
  const file = `${dir}/config.json`;
  const config = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...config, rateLimitPerMinute: 0, ...extra }, null, 2));
}
