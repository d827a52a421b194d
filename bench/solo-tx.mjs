// solo-tx: pre-signed anchoring transactions (one hash each) from separate load-generator
// processes over the HTTP API into a solo node, each acknowledged only after a durable commit.
// The generators send at a fixed rate (an open loop, loadgen.mjs) that rises in steps without a
// pause (BENCH_RATES, tx/s; BENCH_STEP_SECONDS each), BENCH_BATCH transactions a request
// (default 100; 1 posts them one by one). BENCH_NODE_PROFILE=DIR writes the node's CPU profiles
// (main thread and verification threads) to DIR.
//
// Figure: the committed tx/s of the fastest step where every transaction committed with a p99
// commit latency within 500 ms — the issue's goal is a rate with its latency, not a rate at any
// latency. A step is judged after its first second (the node settling to the new rate);
// reference: verify-limit measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSuite, sha256, signTx, utf8 } from '@creditchain/core';
import { initDevDataDir } from '@creditchain/node';
import { cpuSeconds, runOpenLoop, startNodeProcess, stepResult, stopNodeProcess, withoutRateLimit } from './lib.mjs';

const RATES = (process.env.BENCH_RATES ?? '2000,2500,3000,3500,4000,4500,5000,6000,8000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 4);
/**
 * Each account sends in nonce order, and the node admits a nonce only after the one before it;
 * with this many accounts an account's next transaction is scheduled ≥ 0.8 s after its last one
 * even at 12,000 tx/s, so two of them never race each other to the node.
 */
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const LOADGENS = Number(process.env.BENCH_LOADGENS ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const VERIFY_THREADS = process.env.BENCH_VERIFY_THREADS === undefined ? undefined : Number(process.env.BENCH_VERIFY_THREADS);
const P99_GOAL_MS = 500;
/** A generator stops sending once this many seconds of its load wait for their commit. */
const BACKLOG_SECONDS = 1.5;

export async function run({ reference, quick = false } = {}) {
  const rates = quick ? [400] : RATES;
  const stepMs = (quick ? 1 : STEP_SECONDS) * 1000;
  const warmMs = Math.min(1000, stepMs / 5);
  const suite = getSuite('intl');
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  try {
    const keys = initDevDataDir(dir, { extraAccounts: quick ? 400 : ACCOUNTS }).filter((k) => k.account.startsWith('load-'));
    // The n-th transaction is account (n mod A)'s next nonce; batches alternate between generators.
    const nonces = new Array(keys.length).fill(0);
    const batches = Array.from({ length: LOADGENS }, () => []);
    let n = 0;
    let b = 0;
    rates.forEach((rate, step) => {
      const count = Math.round((rate * stepMs) / 1000);
      for (let i = 0; i < count; i += BATCH) {
        const txs = [];
        for (let j = i; j < Math.min(count, i + BATCH); j++, n++) {
          const a = n % keys.length;
          const nonce = nonces[a]++;
          txs.push(signTx(suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: keys[a].account, nonce, expires: 50_000, payload: { items: [{ hash: sha256(utf8(`bench ${a} ${nonce}`)) }] }, sidecars: [] }, [keys[a].seed]).bytes);
        }
        batches[b++ % LOADGENS].push({ at: step * stepMs + (i / rate) * 1000, txs });
      }
    });
    withoutRateLimit(dir, VERIFY_THREADS === undefined ? {} : { verifyThreads: VERIFY_THREADS });
    const { proc, url } = await startNodeProcess(dir);
    try {
      const cpu0 = cpuSeconds(proc.pid);
      const answered = await runOpenLoop(url, batches, (Math.max(...rates) * BACKLOG_SECONDS) / LOADGENS);
      const cpu1 = cpuSeconds(proc.pid);
      const steps = rates.map((rate, s) => stepResult(rate, s * stepMs, stepMs, warmMs, answered, { perRequest: BATCH, p99GoalMs: P99_GOAL_MS }));
      const committed = answered.reduce((sum, a) => sum + a.ok, 0);
      // A step that kept up counts even after one that did not: a single long pause (a major
      // garbage collection of the node) is enough to fail a step, and says nothing of the next.
      const kept = steps.filter((s) => s.keptUp);
      const best = kept.reduce((a, s) => (s.committedPerSecond > a.committedPerSecond ? s : a), kept[0] ?? steps[0]);
      return {
        scenario: 'solo-tx',
        figure: best.committedPerSecond,
        unit: kept.length ? 'committed tx/s with p99 ≤ 500 ms (durable, over HTTP)' : 'committed tx/s (durable, over HTTP; p99 over 500 ms at every rate)',
        reference: reference ? { name: 'verify-limit', figure: reference.figure, unit: reference.unit } : undefined,
        figures: {
          'offered tx/s': best.rate,
          refused: Object.keys(best.codes).length ? JSON.stringify(best.codes) : 0,
          'p50 commit latency ms': best.p50,
          'p99 commit latency ms': best.p99,
          // What the node spent per transaction over the whole run: less sensitive than tx/s to a
          // shared machine's load.
          ...(cpu0 && cpu1 && committed > 0 ? { 'node CPU µs/tx': ((cpu1.process - cpu0.process) / committed) * 1e6, 'node main thread CPU µs/tx': ((cpu1.main - cpu0.main) / committed) * 1e6 } : {}),
          'highest committed tx/s at any latency': Math.max(...steps.map((s) => s.committedPerSecond)),
          steps: steps.map((s) => `${s.rate}→${Math.round(s.committedPerSecond)} (${s.sentAll ? `p99 ${Math.round(s.p99)} ms` : 'not all sent: backlog'}${s.refused ? `, ${s.refused} refused` : ''})`).join(', '),
        },
        parameters: { rates, secondsPerStep: stepMs / 1000, accounts: keys.length, loadGenerators: LOADGENS, hashesPerTx: 1, txsPerRequest: BATCH, load: 'open loop, fixed rate rising in steps', p99GoalMs: P99_GOAL_MS, blockIntervalMs: 200, maxBlockTxs: 5000, verifyThreads: VERIFY_THREADS ?? 'one per core' },
      };
    } finally {
      await stopNodeProcess(proc); // before its directory is removed: the anchor index may still be writing
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
