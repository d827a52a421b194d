// An anchor batch is committed by an RFC 9162 Merkle root over its items, in payload order.
// The log entry of the transaction carries that root, so a receipt for one hash needs only the
// item, its path to the batch root (14 hashes for 10,000 items) and the log proof.
import { encodeCanonical, leafHash, merkleRoot, type CryptoSuite } from '@creditchain/core';

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

export function batchLeafHashes(suite: CryptoSuite, items: readonly AnchorItem[]): Uint8Array[] {
  return items.map((it) => anchorItemLeafHash(suite, it));
}

export function batchRoot(suite: CryptoSuite, items: readonly AnchorItem[]): Uint8Array {
  return merkleRoot(suite.hash, batchLeafHashes(suite, items));
}
