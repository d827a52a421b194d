// verify-limit: Ed25519 verifications per second with node:crypto on all cores — the ceiling
// for signed transactions on this machine, and the reference of the throughput benchmarks.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { cpus } from 'node:os';
import { getSuite, utf8 } from '@creditchain/core';

const DURATION_MS = Number(process.env.BENCH_VERIFY_MS ?? 2000);

function verifyLoop(ms) {
  const suite = getSuite('intl');
  const seed = new Uint8Array(32).fill(7);
  const pub = suite.publicKeyOf(seed);
  const msgs = Array.from({ length: 64 }, (_, i) => utf8(`message ${i} `.repeat(8)));
  const sigs = msgs.map((m) => suite.sign(seed, m));
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) if (!suite.verify(pub, msgs[i], sigs[i])) throw new Error('verify failed');
    n += 64;
  }
  return n;
}

if (!isMainThread) {
  parentPort.postMessage(verifyLoop(workerData.ms));
}

/** Measures verifies/s on one core and on all cores. */
export async function measureVerifyLimit(ms = DURATION_MS) {
  const single = verifyLoop(ms) / (ms / 1000);
  const n = cpus().length;
  const counts = await Promise.all(
    Array.from({ length: n }, () => new Promise((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: { ms } });
      w.once('message', resolve);
      w.once('error', reject);
    })),
  );
  const all = counts.reduce((a, b) => a + b, 0) / (ms / 1000);
  return { single, all, cores: n };
}

export async function run() {
  const { single, all, cores } = await measureVerifyLimit();
  return { scenario: 'verify-limit', figure: all, unit: 'Ed25519 verifies/s (all cores)', figures: { 'one core': single, cores }, parameters: { durationMs: DURATION_MS } };
}
