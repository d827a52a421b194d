// An anchor batch is committed by an RFC 9162 Merkle root over its items, in payload order.
// The log entry of the transaction carries that root, so a receipt for one hash needs only the
// item, its path to the batch root (14 hashes for 10,000 items) and the log proof.
import { encodeCanonical, leafHash, merkleRoot, type CborMap, type CryptoSuite } from '@creditchain/core';
import { EVIDENCE_MODULE } from './state.js';

export interface AnchorItem {
  /** The document's hash, as the client computed it (32 bytes). */
  readonly hash: Uint8Array;
  /** An optional label, e.g. a file name or a contract number. */
  readonly label?: string;
}

/** The leaf bytes of one batch item: canonical {hash} or {hash, label}. */
export function encodeAnchorItem(item: AnchorItem): Uint8Array {
  return encodeCanonical(item.label === undefined ? { hash: item.hash } : { hash: item.hash, label: item.label });
}

export function anchorItemLeafHash(suite: CryptoSuite, item: AnchorItem): Uint8Array {
  return leafHash(suite.hash, encodeAnchorItem(item));
}

// The leaf preimage of an unlabelled item, 0x00 ‖ canon({hash}): the canonical map's 8 bytes
// (map of 1, text "hash", bytes of 32) are the same for every hash. Written into one buffer,
// where encoding and copying each of a batch's 10,000 items was a fifth of its hashing.
// batch.test.ts checks it against anchorItemLeafHash.
const UNLABELLED_PREFIX = Uint8Array.of(0x00, 0xa1, 0x64, 0x68, 0x61, 0x73, 0x68, 0x58, 0x20);

export function batchLeafHashes(suite: CryptoSuite, items: readonly AnchorItem[]): Uint8Array[] {
  const preimage = new Uint8Array(UNLABELLED_PREFIX.length + 32);
  preimage.set(UNLABELLED_PREFIX);
  return items.map((it) => {
    if (it.label !== undefined) return anchorItemLeafHash(suite, it);
    preimage.set(it.hash, UNLABELLED_PREFIX.length);
    return suite.hash(preimage);
  });
}

export function batchRoot(suite: CryptoSuite, items: readonly AnchorItem[]): Uint8Array {
  return merkleRoot(suite.hash, batchLeafHashes(suite, items));
}

/** True for the action whose log entries commit to a batch of anchored hashes. */
export function isAnchorAction(module: string, action: string): boolean {
  return module === EVIDENCE_MODULE && action === 'anchor';
}

/**
 * The hashes of a committed anchor transaction's payload, in batch order, for the nodes' index
 * of anchored hashes. The payload passed anchorAction.parse when its block was executed, so it
 * is read here without the checks again.
 */
export function anchoredHashes(payload: CborMap): Uint8Array[] {
  return (payload.items as CborMap[]).map((item) => item.hash as Uint8Array);
}
