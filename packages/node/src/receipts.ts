// Builds evidence receipts from the store: the batch path from the anchoring transaction's
// payload, the log path to the latest checkpoint, and that checkpoint.
import { CreditChainError, buildMerkleTree, decodeSignedTx, fromHex, inclusionProof, toHex, type MerkleTree } from '@creditchain/core';
import { anchorAction, batchLeafHashes, readAnchoring, type AnchorItem } from '@creditchain/ledger';
import { assembleReceipt, type EvidenceReceipt } from '@creditchain/sdk';
import type { Chain } from './chain.js';

// Rebuilding a 10,000-item batch tree costs ~30 ms; receipts for one batch are usually asked
// for together (a client anchors many files, then fetches every receipt), so keep a few trees.
const BATCH_CACHE_LIMIT = 16;
const batchCache = new Map<string, { items: readonly AnchorItem[]; tree: MerkleTree }>();

function batchOf(chain: Chain, txId: Uint8Array): { items: readonly AnchorItem[]; tree: MerkleTree } {
  const key = toHex(txId);
  let batch = batchCache.get(key);
  if (batch === undefined) {
    const tx = decodeSignedTx(chain.suite, chain.storage.getTxBytes(txId)!);
    const { items } = anchorAction.parse(tx.body.payload, chain.genesis);
    batch = { items, tree: buildMerkleTree(chain.suite.hash, batchLeafHashes(chain.suite, items)) };
    if (batchCache.size >= BATCH_CACHE_LIMIT) batchCache.delete(batchCache.keys().next().value!);
  } else {
    batchCache.delete(key); // re-inserted below as the most recent
  }
  batchCache.set(key, batch);
  return batch;
}

/**
 * The checkpoint a receipt proves to: on a network, the latest one its validators certified
 * (signed by more than 2/3 of them) if it holds the entry; otherwise, and on a solo node, the
 * head's, signed by this node.
 */
export function receiptCheckpoint(chain: Chain, logIndex: number): { logSize: number; checkpoint: string } {
  const certified = chain.certifiedHeight;
  if (certified !== undefined) {
    const header = chain.header(certified);
    if (header !== undefined && header.logSize > logIndex) return { logSize: header.logSize, checkpoint: chain.storage.getCheckpoint(certified)! };
  }
  return { logSize: chain.head.header.logSize, checkpoint: chain.head.checkpoint };
}

/** Whether the entry at `logIndex` is under a certified checkpoint yet (always false on a solo node). */
export function isCertified(chain: Chain, logIndex: number): boolean {
  const certified = chain.certifiedHeight;
  return certified !== undefined && (chain.header(certified)?.logSize ?? 0) > logIndex;
}

export function buildReceipt(chain: Chain, hashHex: string): EvidenceReceipt {
  const hash = fromHex(hashHex, 32);
  const anchoring = readAnchoring(chain.suite, chain.storage, hash);
  if (anchoring === undefined) {
    throw new CreditChainError('EVIDENCE_NOT_FOUND', `The hash ${hashHex} has not been anchored on this chain.`, { hash: hashHex });
  }
  const { items, tree } = batchOf(chain, anchoring.tx);
  const { logSize, checkpoint } = receiptCheckpoint(chain, anchoring.logIndex);
  return assembleReceipt(
    {
      suite: chain.suite.id,
      chainId: chain.genesis.chainId,
      items,
      entry: chain.storage.getEntryBytes(anchoring.logIndex)!,
      logIndex: anchoring.logIndex,
      logSize,
      logProof: inclusionProof(chain.suite.hash, chain.storage.logNodeReader, anchoring.logIndex, logSize).map(toHex),
      checkpoint,
      verifierKey: chain.verifierKey,
    },
    tree,
    anchoring.position,
  );
}
