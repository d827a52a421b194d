// Shared by the benchmarks: machine facts, result files, and a child-process node.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export const RESULTS = new URL('./results/', import.meta.url).pathname;

/** The scenarios, in the order `npm run bench` runs them (the CLI's `creditchain bench` lists them too). */
export const SCENARIOS = ['verify-limit', 'sm2', 'post-quantum', 'solo-tx', 'anchor', 'records', 'report', 'network', 'contract'];

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

/**
 * The result of several runs of one scenario: the median run by figure (the lower of the two
 * middle ones for an even count), with every run's figure and reference in `runs`, in order, and
 * the same as a line among its figures.
 */
export function medianRun(all) {
  const median = [...all].sort((a, b) => a.figure - b.figure)[Math.floor((all.length - 1) / 2)];
  const runs = all.map((r) => ({ figure: r.figure, reference: r.reference?.figure ?? null }));
  const line = runs.map((r) => (r.reference === null ? fmt(r.figure) : `${fmt(r.figure)} / ${fmt(r.reference)}`)).join('; ');
  return { ...median, runs, figures: { ...median.figures, 'runs, in order (figure / its reference; the median run gives the figure)': line } };
}

/**
 * The run's results as one table, a line per scenario: its figure and unit, the reference measured
 * in the same run, and the ratio.
 */
export function summaryTable(results) {
  const rows = [['scenario', 'figure', 'unit', 'reference', 'ratio']];
  for (const r of results) {
    rows.push([r.scenario, fmt(r.figure), r.unit, r.reference ? `${fmt(r.reference.figure)} ${r.reference.name}` : '–', r.ratio === null || r.ratio === undefined ? '–' : String(r.ratio)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  // Figures and ratios right-aligned, the words left.
  const cell = (text, c) => (c === 1 || c === 4 ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const lines = rows.map((row) => row.map(cell).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return `${lines.join('\n')}\n`;
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

/**
 * Starts a node from a data directory in a child process; resolves with its URL. BENCH_NODE_FLAGS
 * passes flags to the node's Node.js (e.g. `--trace-gc`), and then its standard output to ours.
 */
export function startNodeProcess(dir, port = 0) {
  const script = new URL('../test/support/start-node.mjs', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...(process.env.BENCH_NODE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_NODE_PROFILE}`] : []), script, dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      if (process.env.BENCH_NODE_FLAGS) process.stderr.write(d);
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

/** Times a receipt's verification in a process of its own (verify-receipt.mjs): {coldUs, verifyUs}. */
export function timeVerification(receipt, documentHashHex) {
  const child = fork(new URL('./verify-receipt.mjs', import.meta.url).pathname, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the receipt verifier exited with ${code} before it answered`)));
    child.send({ receipt, documentHash: documentHashHex });
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

/**
 * Runs an open-loop load (loadgen.mjs): one generator process per list of `batches`
 * ([{at, txs}, …], offsets from the start in ms), all starting half a second from now. A
 * generator stops sending once `maxInFlight` of its transactions wait for their commit. Resolves
 * with every answered batch, {at, doneAt, ok, codes}.
 */
export async function runOpenLoop(url, batches, maxInFlight) {
  // 'advanced' serialization hands the generators the transactions as bytes, not JSON.
  const gens = batches.map(() => fork(new URL('./loadgen.mjs', import.meta.url).pathname, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' }));
  try {
    const reply = (g, type) => new Promise((resolve) => g.on('message', (m) => m.type === type && resolve(m)));
    await Promise.all(gens.map((g, i) => (g.send({ type: 'load', batches: batches[i] }), reply(g, 'loaded'))));
    const start = epochMs() + 500;
    const answered = await Promise.all(gens.map((g) => (g.send({ type: 'go', url, start, maxInFlight }), reply(g, 'done'))));
    return answered.flatMap((m) => m.batches);
  } finally {
    gens.forEach((g) => g.kill());
  }
}

/**
 * One step of an open-loop run (loadgen.mjs), from the batches answered ({at, doneAt, ok, codes},
 * ms from the run's start): commits landing in the step after its first `warmMs` (the node
 * settling to the new rate), per second; the commit latencies of the transactions scheduled then.
 * The step kept up when all of it was sent, nothing was refused and its p99 is within
 * `p99GoalMs`. `perRequest` is the transactions a generator posts in one request.
 */
export function stepResult(rate, from, stepMs, warmMs, answered, { perRequest, p99GoalMs }) {
  const codes = {};
  let inWindow = 0;
  let lastAt = -1;
  const latencies = [];
  for (const b of answered) {
    if (b.doneAt >= from + warmMs && b.doneAt < from + stepMs) inWindow += b.ok;
    if (b.at < from || b.at >= from + stepMs) continue;
    lastAt = Math.max(lastAt, b.at);
    for (const [code, k] of Object.entries(b.codes)) codes[code] = (codes[code] ?? 0) + k;
    if (b.at >= from + warmMs) for (let i = 0; i < b.ok; i++) latencies.push(b.doneAt - b.at);
  }
  latencies.sort((x, y) => x - y);
  const refused = Object.values(codes).reduce((s, k) => s + k, 0);
  // Every batch of the step was sent when the last one scheduled in it was.
  const sentAll = lastAt >= from + stepMs - (perRequest / rate) * 1000 - 1e-6;
  const p99 = percentile(latencies, 99);
  return { rate, codes, refused, sentAll, committedPerSecond: inWindow / ((stepMs - warmMs) / 1000), p50: percentile(latencies, 50), p99, keptUp: sentAll && refused === 0 && latencies.length > 0 && p99 <= p99GoalMs };
}
