// solo-tx: pre-signed anchoring transactions (one hash each) from separate load-generator
// processes over the HTTP API into a solo node, each acknowledged only after a durable commit;
// sent in batches of BENCH_BATCH (default 250) per request, or one by one with BENCH_BATCH=1, with
// BENCH_STREAMS (default 2) requests in flight per generator. BENCH_NODE_PROFILE=DIR writes the
// node's CPU profiles (main thread and verification threads) to DIR.
// Figure: committed transactions per second; reference: verify-limit measured in the same run.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSuite, sha256, signTx, toHex, utf8 } from '@creditchain/core';
import { initDevDataDir } from '@creditchain/node';
import { cpuSeconds, percentile, startNodeProcess, withoutRateLimit } from './lib.mjs';

const TXS = Number(process.env.BENCH_TXS ?? 30_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2_000);
const LOADGENS = Number(process.env.BENCH_LOADGENS ?? 2);
/** Transactions per HTTP request (POST /v1/txs/batch); 1 posts them one by one. */
const BATCH = Number(process.env.BENCH_BATCH ?? 250);
/**
 * Requests each load generator keeps in flight. Two (1,000 transactions in all) keep the node as
 * busy as four did (4,013 against 4,097 tx/s on 2026-12-06); four only doubled the time each
 * waited (p99 ≈ 1 s against 0.47 s: Little's law), so the figure is measured at the knee.
 */
const STREAMS = Number(process.env.BENCH_STREAMS ?? 2);
const VERIFY_THREADS = process.env.BENCH_VERIFY_THREADS === undefined ? undefined : Number(process.env.BENCH_VERIFY_THREADS);

export async function run({ reference } = {}) {
  const suite = getSuite('intl');
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  try {
    const keys = initDevDataDir(dir, { extraAccounts: ACCOUNTS }).filter((k) => k.account.startsWith('load-'));
    const perAccount = Math.ceil(TXS / keys.length);
    const signed = keys.map((k, a) =>
      Array.from({ length: perAccount }, (_, nonce) =>
        toHex(signTx(suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account, nonce, expires: 50_000, payload: { items: [{ hash: sha256(utf8(`bench ${a} ${nonce}`)) }] }, sidecars: [] }, [k.seed]).bytes),
      ),
    );
    // BENCH_VERIFY_THREADS sets the node's signature verification threads (default: one per core).
    withoutRateLimit(dir, VERIFY_THREADS === undefined ? {} : { verifyThreads: VERIFY_THREADS });
    const { proc, url } = await startNodeProcess(dir);
    try {
    const gens = Array.from({ length: LOADGENS }, () => fork(new URL('./loadgen.mjs', import.meta.url).pathname, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const cpu0 = cpuSeconds(proc.pid);
    const t0 = performance.now();
    const results = await Promise.all(
      gens.map((g, i) => new Promise((resolve) => {
        g.on('message', (m) => m.type === 'done' && resolve(m));
        g.send({ type: 'go', url, batch: BATCH, streams: STREAMS, accounts: signed.filter((_, a) => a % LOADGENS === i) });
      })),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds(proc.pid);
    gens.forEach((g) => g.kill());
    const ok = results.reduce((s, r) => s + r.ok, 0);
    const lat = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const codes = Object.assign({}, ...results.map((r) => r.codes));
    const figure = ok / elapsed;
    return {
      scenario: 'solo-tx',
      figure,
      unit: 'committed tx/s (durable, over HTTP)',
      reference: reference ? { name: 'verify-limit', figure: reference.figure, unit: reference.unit } : undefined,
      figures: {
        committed: ok,
        refused: Object.keys(codes).length ? JSON.stringify(codes) : 0,
        'seconds': elapsed,
        'p50 commit latency ms': percentile(lat, 50),
        'p99 commit latency ms': percentile(lat, 99),
        // What the node spent per transaction: less sensitive than tx/s to a shared machine's load.
        ...(cpu0 && cpu1 && ok > 0 ? { 'node CPU µs/tx': ((cpu1.process - cpu0.process) / ok) * 1e6, 'node main thread CPU µs/tx': ((cpu1.main - cpu0.main) / ok) * 1e6 } : {}),
      },
      parameters: { txs: signed.length * perAccount, accounts: keys.length, loadGenerators: LOADGENS, hashesPerTx: 1, txsPerRequest: BATCH, requestsInFlightPerGenerator: STREAMS, blockIntervalMs: 200, maxBlockTxs: 5000, verifyThreads: VERIFY_THREADS ?? 'one per core' },
    };
    } finally {
      proc.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
