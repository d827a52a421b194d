// The wire form of a batch of signature checks between the node's main thread and its
// verification threads (verify-pool.ts, verify-worker.ts): one flat buffer, moved to the worker
// rather than copied, holding per transaction its body bytes and its signatures —
//   u32 body length, body, u8 1 if its action digest is wanted (else 0), u32 signature count,
//   then per signature: u32 alg length, alg (UTF-8), u32 key length, key, u32 signature length,
//   signature.
// The answer is one Int32Array, a verdict per transaction: VERIFIED, the index of its first bad
// signature, or FAILED when checking it threw (an unknown algorithm); the caller then checks that
// one itself, to give the exact error. With it, the digests asked for (or null).
import type { SuiteId, TxSignature } from '@creditchain/core';
import type { Genesis } from '@creditchain/ledger';

export const VERIFIED = -1;
export const FAILED = -2;

/**
 * What a thread needs to compute action digests (ActionDef.digest): the chain's suite and its
 * genesis, as the main thread parsed and checked it. A genesis is plain data and Uint8Arrays, so
 * it crosses to the thread by structured clone and is not parsed again there: checking its keys
 * again decoded each in JavaScript, a second for 10,000 accounts (docs/performance.md, session 29).
 */
export interface DigestContext {
  readonly suite: SuiteId;
  readonly genesis: Genesis;
}

/** What a signature check needs of a transaction. */
export interface SignedBody {
  readonly bodyBytes: Uint8Array;
  /** Compute its action digest too (a thread given a DigestContext). */
  readonly digest?: boolean;
  readonly sigs: readonly TxSignature[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function packBatch(txs: readonly SignedBody[]): ArrayBuffer {
  const algs = txs.map((t) => t.sigs.map((s) => encoder.encode(s.alg)));
  let size = 0;
  txs.forEach((t, i) => {
    size += 9 + t.bodyBytes.length;
    t.sigs.forEach((s, j) => (size += 12 + algs[i]![j]!.length + s.key.length + s.sig.length));
  });
  const buf = new ArrayBuffer(size);
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  let at = 0;
  const put = (b: Uint8Array) => {
    view.setUint32(at, b.length);
    bytes.set(b, at + 4);
    at += 4 + b.length;
  };
  txs.forEach((t, i) => {
    put(t.bodyBytes);
    bytes[at++] = t.digest === true ? 1 : 0;
    view.setUint32(at, t.sigs.length);
    at += 4;
    t.sigs.forEach((s, j) => {
      put(algs[i]![j]!);
      put(s.key);
      put(s.sig);
    });
  });
  return buf;
}

export function unpackBatch(buf: ArrayBuffer): SignedBody[] {
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  let at = 0;
  const take = (): Uint8Array => {
    const n = view.getUint32(at);
    const b = bytes.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return b;
  };
  const out: SignedBody[] = [];
  while (at < bytes.length) {
    const bodyBytes = take();
    const digest = bytes[at++] === 1;
    const count = view.getUint32(at);
    at += 4;
    const sigs: TxSignature[] = [];
    for (let j = 0; j < count; j++) sigs.push({ alg: decoder.decode(take()), key: take(), sig: take() });
    out.push({ bodyBytes, digest, sigs });
  }
  return out;
}
