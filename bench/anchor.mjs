// anchor: document hashes anchored per second in batches of 10,000 (one transaction each), sent
// by load-generator processes at a fixed rate that rises in steps (an open loop, loadgen.mjs, as
// solo-tx), each acknowledged after its durable commit; the size of a receipt for one hash among
// 2^20 and 2^30 anchored hashes, and in a log of 2^20 and 2^30 entries (computed from a real
// receipt: its entry and checkpoint, and Merkle paths of the length those sizes give); and the
// time to verify a receipt offline.
//
// Figure: the hashes/s committed in the fastest step the node kept up with — every batch
// committed, p99 within a second of its scheduled time. A closed loop (each sender waits for its
// commit before the next batch) measured its own convoy: the senders' next batches all arrived
// as one block's replies went out, so the verification threads worked through a burst while the
// main thread waited, and then the reverse (docs/performance.md, session 19).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64, getSuite, signTx, toHex, utf8 } from '@creditchain/core';
import { initDevDataDir } from '@creditchain/node';
import { receiptProofSize } from '@creditchain/sdk';
import { cpuSeconds, runOpenLoop, startNodeProcess, stepResult, stopNodeProcess, timeVerification, withoutRateLimit } from './lib.mjs';

const BATCH = 10_000;
/** Batches (transactions of 10,000 hashes) a second, one step each. */
// Up to 120: the node kept up with 40, the old top step, in session 27, with 47 of 50 in session 28,
// with 63 of 70 in session 29 (the index in runs), and with 90, then the top step, in one of
// session 30's three recorded runs: the top step must stay above what the node can do.
const RATES = (process.env.BENCH_ANCHOR_RATES ?? '20,30,40,50,60,70,80,90,100,110,120').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 4);
/** An account's next batch comes ≥ ACCOUNTS / rate seconds after its last: ≥ 6 s at 50 a second. */
const ACCOUNTS = 300;
const LOADGENS = 2;
/** A batch kept up when it committed within this long of its scheduled time (p99 of a step). */
const P99_BOUND_MS = 1000;
/** A generator stops sending once this many seconds of its load wait for their commit. */
const BACKLOG_SECONDS = 2;

export async function run({ reference, quick = false } = {}) {
  const rates = quick ? [4] : RATES;
  const stepMs = (quick ? 1 : STEP_SECONDS) * 1000;
  const warmMs = Math.min(1000, stepMs / 5);
  const suite = getSuite('intl');
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-anchor-'));
  try {
    const keys = initDevDataDir(dir, { extraAccounts: quick ? 24 : ACCOUNTS }).filter((k) => k.account.startsWith('load-'));
    // The n-th batch is account (n mod A)'s next nonce; batches alternate between generators.
    // Its hashes are random: what the node does with a hash does not depend on its bits.
    const nonces = new Array(keys.length).fill(0);
    const batches = Array.from({ length: LOADGENS }, () => []);
    let n = 0;
    let first;
    rates.forEach((rate, step) => {
      const count = Math.round((rate * stepMs) / 1000);
      for (let i = 0; i < count; i++, n++) {
        const a = n % keys.length;
        const nonce = nonces[a]++;
        // Packed (protocol version 3, what dev writes): the hashes as one byte string.
        const hashes = randomBytes(32 * BATCH);
        first ??= hashes.subarray(0, 32);
        const tx = signTx(suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: keys[a].account, nonce, expires: 50_000, payload: { hashes }, sidecars: [] }, [keys[a].seed]).bytes;
        batches[n % LOADGENS].push({ at: step * stepMs + (i / rate) * 1000, txs: [tx] });
      }
    });
    withoutRateLimit(dir);
    const { proc, url } = await startNodeProcess(dir);
    try {
      const cpu0 = cpuSeconds(proc.pid);
      const answered = await runOpenLoop(url, batches, (Math.max(...rates) * BACKLOG_SECONDS) / LOADGENS);
      const cpu1 = cpuSeconds(proc.pid);
      const committed = answered.reduce((sum, a) => sum + a.ok, 0);
      if (committed === 0) throw new Error(`no anchor batch committed: ${JSON.stringify(answered[0]?.codes)}`);
      const steps = rates.map((rate, s) => stepResult(rate, s * stepMs, stepMs, warmMs, answered, { perRequest: 1, p99GoalMs: P99_BOUND_MS }));
      const kept = steps.filter((s) => s.keptUp);
      const best = kept.reduce((a, s) => (s.committedPerSecond > a.committedPerSecond ? s : a), kept[0] ?? steps[0]);
      const receipt = await (await fetch(`${url}/v1/evidence/${toHex(first)}/receipt`)).json();
      // Verification is offline: timed with the node stopped, which after the load is still
      // writing and compacting its index in threads of its own (session 28's 239 µs was timed
      // beside them), in a process of its own, as a verifier runs it (verify-receipt.mjs).
      await stopNodeProcess(proc);
      const { coldUs, verifyUs } = await timeVerification(receipt, toHex(first));

      // A receipt's proof is its entry and checkpoint (fixed) and two Merkle paths: the item's in
      // its batch and the entry's in the log. An RFC 9162 path in a tree of n leaves has at most
      // ceil(log2 n) hashes. Counted two ways: by anchored hashes (the receipt's own leaves: 2^k
      // hashes in full batches make 2^k / 10,000 log entries), and by log entries (2^k entries,
      // each a full batch: 10,000 × 2^k hashes).
      const fixed = fromBase64(receipt.entry).length + utf8(receipt.checkpoint).length;
      const pathHashes = (n) => Math.ceil(Math.log2(n));
      const batchPath = pathHashes(BATCH) * 32;
      const atHashes = (bits) => batchPath + pathHashes(Math.ceil(2 ** bits / BATCH)) * 32 + fixed;
      const atEntries = (bits) => batchPath + bits * 32 + fixed;
      const figure = best.committedPerSecond * BATCH;
      return {
        scenario: 'anchor',
        figure,
        unit: kept.length ? 'hashes anchored/s (batches of 10,000, durable, p99 ≤ 1 s)' : 'hashes anchored/s (batches of 10,000, durable; p99 over 1 s at every rate)',
        reference: reference ? { name: 'verify-limit', figure: reference.figure, unit: reference.unit } : undefined,
        figures: {
          'batches/s offered, committed': `${best.rate}, ${best.committedPerSecond.toFixed(1)}`,
          'p50 / p99 commit latency ms': `${Math.round(best.p50)} / ${Math.round(best.p99)}`,
          'highest committed hashes/s at any latency': Math.max(...steps.map((s) => s.committedPerSecond)) * BATCH,
          // What the node spent over the whole run: less sensitive than hashes/s to a shared machine.
          ...(cpu0 && cpu1 ? { 'node CPU µs per 1,000 hashes (all threads, main thread)': `${Math.round(((cpu1.process - cpu0.process) / committed / BATCH) * 1e9)}, ${Math.round(((cpu1.main - cpu0.main) / committed / BATCH) * 1e9)}` } : {}),
          steps: steps.map((s) => `${s.rate}→${s.committedPerSecond.toFixed(1)} (${s.sentAll ? `p99 ${Math.round(s.p99)} ms` : 'not all sent: backlog'}${s.refused ? `, ${s.refused} refused: ${JSON.stringify(s.codes)}` : ''})`).join(', '),
          'receipt proof bytes, this log': receiptProofSize(receipt),
          'receipt proof bytes at 2^20 anchored hashes': atHashes(20),
          'receipt proof bytes at 2^30 anchored hashes': atHashes(30),
          'receipt proof bytes at 2^20 log entries (10,000 hashes each)': atEntries(20),
          'receipt proof bytes at 2^30 log entries (10,000 hashes each)': atEntries(30),
          'receipt verification µs': verifyUs,
          'first receipt verification in the process µs (cold: before the JIT, the key imported)': coldUs,
        },
        parameters: { rates: rates.map((r) => r * BATCH), secondsPerStep: stepMs / 1000, batchSize: BATCH, accounts: keys.length, loadGenerators: LOADGENS, load: 'open loop, fixed rate rising in steps', p99BoundMs: P99_BOUND_MS, batchesCommitted: committed },
      };
    } finally {
      await stopNodeProcess(proc); // before its directory is removed: the anchor index may still be writing
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
