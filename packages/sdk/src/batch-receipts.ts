// Receipts for a whole anchored batch, assembled on the client. The sender knows every item of
// its batch, so it can compute each item's path to the batch root itself (one tree, built
// once) and needs from the node only what is shared by the batch: the log entry, its path to
// the log root, and the checkpoint. One batch of 10,000 hashes costs three requests, not
// 10,000. The receipts are the same as GET /v1/evidence/:hash/receipt gives.
import { CreditChainError, buildMerkleTree, getSuite, openNote, parseCheckpoint, toBase64, toHex, type MerkleTree } from '@creditchain/core';
import { batchLeafHashes, batchOfItems } from '@creditchain/ledger';
import type { AnchorItemInput } from './anchor-tx.js';
import type { CreditChainClient } from './client.js';
import { RECEIPT_TYPE, type EvidenceReceipt } from './receipt.js';

/** What the receipts of one anchored batch share. */
export interface BatchProofs {
  readonly suite: string;
  readonly chainId: string;
  /** The anchoring transaction's log entry bytes and index. */
  readonly entry: Uint8Array;
  readonly logIndex: number;
  /** The log size of `checkpoint`, and the entry's inclusion proof in the tree of that size. */
  readonly logSize: number;
  readonly logProof: readonly string[];
  readonly checkpoint: string;
  readonly verifierKey: string;
}

export interface BatchReceiptInput extends BatchProofs {
  /** The batch's items, in the order of the transaction payload. */
  readonly items: readonly AnchorItemInput[];
}

/**
 * One receipt per item of an anchored batch (pure). Items anchored before by another
 * transaction are not proven by this batch: the first anchoring stands, so their receipt comes
 * from the node. Check each receipt with verifyReceipt before relying on it.
 */
export function receiptsForBatch(input: BatchReceiptInput): EvidenceReceipt[] {
  const suite = getSuite(input.suite);
  const tree = buildMerkleTree(suite.hash, batchLeafHashes(suite, batchOfItems(input.items)));
  return input.items.map((it, position) => assembleReceipt(input, tree, it, position));
}

/** The receipt of `it`, the item at `position` of a batch whose tree is `tree` (pure). */
export function assembleReceipt(input: BatchProofs, tree: MerkleTree, it: AnchorItemInput, position: number): EvidenceReceipt {
  const receipt: EvidenceReceipt = {
    type: RECEIPT_TYPE,
    chainId: input.chainId,
    suite: input.suite,
    hash: toHex(it.hash),
    batch: { position, size: tree.size, proof: tree.inclusionProof(position).map(toHex) },
    entry: toBase64(input.entry),
    log: { index: input.logIndex, size: input.logSize, proof: [...input.logProof] },
    checkpoint: input.checkpoint,
    verifierKey: input.verifierKey,
  };
  if (it.label !== undefined) receipt.label = it.label;
  return receipt;
}

/**
 * Fetches what a batch's receipts share (log entry, latest checkpoint, inclusion proof) and
 * assembles them. `verifierKey` is the key whose checkpoint is wanted (GET /v1/checkpoints/key).
 * A network's latest checkpoint is its latest certified one, which covers a block from the
 * next block on: the checkpoint is asked for again, for up to `waitMs`, until it covers the entry.
 */
export async function fetchBatchReceipts(
  client: CreditChainClient,
  batch: { suite: string; chainId: string; items: readonly AnchorItemInput[]; logIndex: number; verifierKey: string },
  waitMs = 10_000,
): Promise<EvidenceReceipt[]> {
  const until = Date.now() + waitMs;
  const entry = await client.logEntry(batch.logIndex);
  let checkpoint = await client.latestCheckpoint();
  let size = parseCheckpoint(openNote(checkpoint, [batch.verifierKey]).text).size;
  while (size <= batch.logIndex && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    checkpoint = await client.latestCheckpoint();
    size = parseCheckpoint(openNote(checkpoint, [batch.verifierKey]).text).size;
  }
  if (size <= batch.logIndex) {
    throw new CreditChainError('NODE_TIMEOUT', `No checkpoint covers log entry ${batch.logIndex} yet (the latest is of size ${size}); ask for the receipts again shortly.`, { logIndex: batch.logIndex, size });
  }
  const { proof } = await client.inclusionProof(batch.logIndex, size);
  return receiptsForBatch({ ...batch, entry, logSize: size, logProof: proof, checkpoint });
}
