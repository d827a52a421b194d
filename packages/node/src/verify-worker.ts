// A signature verification thread (verify-pool.ts): receives batches {id, batch} in the wire form
// of verify-batch.ts and answers {id, verdicts}, one per transaction, with the same verifier the
// main thread uses (core's firstBadSignature). Says {ready: true} once loaded.
import { parentPort } from 'node:worker_threads';
import { firstBadSignature } from '@creditchain/core';
import { FAILED, unpackBatch } from './verify-batch.js';

parentPort!.on('message', (msg: { id: number; batch: ArrayBuffer }) => {
  const txs = unpackBatch(msg.batch);
  const verdicts = new Int32Array(txs.length);
  txs.forEach((t, i) => {
    try {
      verdicts[i] = firstBadSignature(t.bodyBytes, t.sigs);
    } catch {
      verdicts[i] = FAILED;
    }
  });
  parentPort!.postMessage({ id: msg.id, verdicts }, [verdicts.buffer]);
});
// Loaded and listening: the pool may count on this thread.
parentPort!.postMessage({ ready: true });
