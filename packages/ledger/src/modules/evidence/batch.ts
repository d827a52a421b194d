// An anchor batch is committed by an RFC 9162 Merkle root over its items, in payload order.
// The log entry of the transaction carries that root, so a receipt for one hash needs only the
// item, its path to the batch root (14 hashes for 10,000 items) and the log proof.
import { encodeCanonical, leafHash, packedMerkleRoot, type CborMap, type CryptoSuite } from '@creditchain/core';
import { EVIDENCE_MODULE } from './state.js';

export interface AnchorItem {
  /** The document's hash, as the client computed it (32 bytes). */
  readonly hash: Uint8Array;
  /** An optional label, e.g. a file name or a contract number. */
  readonly label?: string;
}

/** The length of an anchored hash, and of each hash in a packed batch. */
export const HASH_LENGTH = 32;

/**
 * A batch as the ledger and the nodes hold it, whichever form its payload took: the hashes one
 * after another, and the labels of the items that have one. One Uint8Array, not 10,000 objects:
 * a packed payload's hashes are used as they were decoded, and an index or a tree reads them by
 * offset.
 */
export interface AnchorBatch {
  /** The items' hashes, HASH_LENGTH bytes each, in batch order. */
  readonly hashes: Uint8Array;
  /** Each item's label or undefined, in batch order; absent when no item has a label. */
  readonly labels?: readonly (string | undefined)[];
}

export function batchSize(batch: AnchorBatch): number {
  return batch.hashes.length / HASH_LENGTH;
}

/** Item `position` of a batch, as the payload gave it (a view of the batch's bytes). */
export function anchorItemAt(batch: AnchorBatch, position: number): AnchorItem {
  const hash = batch.hashes.subarray(position * HASH_LENGTH, (position + 1) * HASH_LENGTH);
  const label = batch.labels?.[position];
  return label === undefined ? { hash } : { hash, label };
}

/** A batch of items, in their order: their hashes copied into one buffer. */
export function batchOfItems(items: readonly AnchorItem[]): AnchorBatch {
  const hashes = new Uint8Array(items.length * HASH_LENGTH);
  items.forEach((it, i) => hashes.set(it.hash, i * HASH_LENGTH));
  return items.some((it) => it.label !== undefined) ? { hashes, labels: items.map((it) => it.label) } : { hashes };
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

/** The batch's leaf hashes packed one after another in batch order, HASH_LENGTH bytes each. */
export function packedBatchLeafHashes(suite: CryptoSuite, batch: AnchorBatch): Uint8Array {
  const preimage = new Uint8Array(UNLABELLED_PREFIX.length + HASH_LENGTH);
  preimage.set(UNLABELLED_PREFIX);
  const { hashes, labels } = batch;
  const size = batchSize(batch);
  const leaves = new Uint8Array(size * HASH_LENGTH);
  for (let i = 0; i < size; i++) {
    if (labels?.[i] !== undefined) {
      leaves.set(anchorItemLeafHash(suite, anchorItemAt(batch, i)), i * HASH_LENGTH);
      continue;
    }
    // A byte loop, not set(subarray): a view per item was a new object per hash.
    for (let b = 0, at = i * HASH_LENGTH; b < HASH_LENGTH; b++) preimage[UNLABELLED_PREFIX.length + b] = hashes[at + b]!;
    suite.hashInto(preimage, leaves, i * HASH_LENGTH);
  }
  return leaves;
}

/** The batch's leaf hashes, one array each (views of one buffer), for a tree that gives proofs. */
export function batchLeafHashes(suite: CryptoSuite, batch: AnchorBatch): Uint8Array[] {
  const packed = packedBatchLeafHashes(suite, batch);
  return Array.from({ length: batchSize(batch) }, (_, i) => packed.subarray(i * HASH_LENGTH, (i + 1) * HASH_LENGTH));
}

/** The batch's root, which its log entry commits to. */
export function batchRoot(suite: CryptoSuite, batch: AnchorBatch): Uint8Array {
  return packedMerkleRoot(suite.hash, suite.hashInto, packedBatchLeafHashes(suite, batch));
}

/** True for the action whose log entries commit to a batch of anchored hashes. */
export function isAnchorAction(module: string, action: string): boolean {
  return module === EVIDENCE_MODULE && action === 'anchor';
}

/**
 * The hashes of a committed anchor transaction's payload, packed in batch order, for the nodes'
 * index of anchored hashes. The payload passed anchorAction.parse when its block was executed,
 * so it is read here without the checks again: a packed payload's bytes as they are, an item
 * payload's hashes copied together.
 */
export function anchoredHashes(payload: CborMap): Uint8Array {
  const packed = payload.hashes;
  if (packed instanceof Uint8Array) return packed;
  return batchOfItems(payload.items as unknown as AnchorItem[]).hashes;
}
