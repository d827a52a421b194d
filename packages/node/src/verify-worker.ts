// A signature verification thread (verify-pool.ts): receives batches {id, batch} in the wire form
// of verify-batch.ts and answers {id, verdicts, digests}, one of each per transaction, with the
// same verifier the main thread uses (core's firstBadSignature). Given the chain's suite and
// genesis (workerData), it also computes the action digest (ActionDef.digest: an anchor batch's
// root) of each transaction the main thread asks it for, with the ledger's own parse and digest,
// or null. Says {ready: true} once loaded.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeCanonical, firstBadSignature, getSuite, type CborMap, type CryptoSuite } from '@creditchain/core';
import { getAction, type Genesis } from '@creditchain/ledger';
import { FAILED, unpackBatch, type DigestContext } from './verify-batch.js';

const context = workerData as DigestContext | undefined;
const chain: { suite: CryptoSuite; genesis: Genesis } | undefined = context === undefined ? undefined : { suite: getSuite(context.suite), genesis: context.genesis };

/** The action digest of a transaction body, if its action has one and its payload parses. */
function digestOf(bodyBytes: Uint8Array): Uint8Array | null {
  if (chain === undefined) return null;
  try {
    const body = decodeCanonical(bodyBytes, bodyBytes.length) as CborMap;
    const def = getAction(body.module as string, body.action as string);
    return def.digest === undefined ? null : def.digest(chain.suite, def.parse(body.payload as CborMap, chain.genesis));
  } catch {
    return null; // refused at admission, with its error, by the main thread's own parse
  }
}

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
  const digests = txs.map((t) => (t.digest === true ? digestOf(t.bodyBytes) : null));
  parentPort!.postMessage({ id: msg.id, verdicts, digests }, [verdicts.buffer]);
});
// Loaded and listening: the pool may count on this thread.
parentPort!.postMessage({ ready: true });
