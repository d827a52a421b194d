// Builds evidence receipts from the store: the batch path from the anchoring transaction's
// payload, the log path to the latest checkpoint, and that checkpoint.
import { CreditChainError, buildMerkleTree, decodeLogEntry, decodeSignedTx, fromHex, inclusionProof, toHex, type LogEntry, type MerkleTree } from '@creditchain/core';
import { anchorAction, anchorItemAt, batchLeafHashes, type AnchorBatch, type Anchoring } from '@creditchain/ledger';
import { assembleReceipt, type EvidenceReceipt } from '@creditchain/sdk';
import type { AnchorRef } from './anchor-index.js';
import type { Chain } from './chain.js';
import { untilCertified } from './comet/certified-proofs.js';

// Rebuilding a 10,000-item batch tree costs ~30 ms; receipts for one batch are usually asked
// for together (a client anchors many files, then fetches every receipt), so keep a few trees.
const BATCH_CACHE_LIMIT = 16;
const batchCache = new Map<string, { batch: AnchorBatch; tree: MerkleTree }>();

function batchOf(chain: Chain, txId: Uint8Array): { batch: AnchorBatch; tree: MerkleTree } {
  const key = toHex(txId);
  let cached = batchCache.get(key);
  if (cached === undefined) {
    const tx = decodeSignedTx(chain.suite, chain.storage.getTxBytes(txId)!);
    const batch = anchorAction.parse(tx.body.payload, chain.genesis);
    cached = { batch, tree: buildMerkleTree(chain.suite.hash, batchLeafHashes(chain.suite, batch)) };
    if (batchCache.size >= BATCH_CACHE_LIMIT) batchCache.delete(batchCache.keys().next().value!);
  } else {
    batchCache.delete(key); // re-inserted below as the most recent
  }
  batchCache.set(key, cached);
  return cached;
}

/**
 * Where and when a hash was first anchored: the node's index (anchor-index.ts) gives
 * the log entry and the position in its batch, the entry the rest. The same for a chain of
 * protocol version 1, whose state also keeps each hash: the index is built from the log.
 */
export async function findAnchoring(chain: Chain, hash: Uint8Array): Promise<Anchoring | undefined> {
  const ref = await chain.storage.anchorRef(hash);
  return ref === undefined ? undefined : anchoringAt(decodeLogEntry(chain.storage.getEntryBytes(ref.logIndex)!), ref);
}

/** findAnchoring for many hashes, in their order; each log entry is read once. */
export async function findAnchorings(chain: Chain, hashes: readonly Uint8Array[]): Promise<Array<Anchoring | undefined>> {
  const refs = await chain.storage.anchorRefs(hashes);
  const entries = new Map<number, LogEntry>();
  return refs.map((ref) => {
    if (ref === undefined) return undefined;
    let entry = entries.get(ref.logIndex);
    if (entry === undefined) entries.set(ref.logIndex, (entry = decodeLogEntry(chain.storage.getEntryBytes(ref.logIndex)!)));
    return anchoringAt(entry, ref);
  });
}

function anchoringAt(entry: LogEntry, ref: AnchorRef): Anchoring {
  return { height: entry.height, time: entry.time, sender: entry.sender, tx: entry.tx, logIndex: ref.logIndex, position: ref.position };
}

/** The latest certified checkpoint of a network, if it holds log entry `logIndex`. */
function certifiedCovering(chain: Chain, logIndex: number): { logSize: number; checkpoint: string } | undefined {
  const c = chain.certifiedHeight;
  const header = c === undefined ? undefined : chain.header(c);
  return header === undefined || header.logSize <= logIndex ? undefined : { logSize: header.logSize, checkpoint: chain.storage.getCheckpoint(c!)! };
}

/**
 * The checkpoint a receipt proves to: on a network, the latest one its validators certified
 * (signed by more than 2/3 of them) if it holds the entry; otherwise, and on a solo node, the
 * head's, signed by this node.
 */
export function receiptCheckpoint(chain: Chain, logIndex: number): { logSize: number; checkpoint: string } {
  return certifiedCovering(chain, logIndex) ?? { logSize: chain.head.header.logSize, checkpoint: chain.head.checkpoint };
}

/**
 * On a network, waits (up to `ms`) until the anchoring of `hashHex` is under a certified
 * checkpoint: the block after its own carries the certificate. At once if it is not anchored.
 */
export async function certifiedAnchoring(chain: Chain, hashHex: string, ms = 5000): Promise<void> {
  const anchoring = /^[0-9a-f]{64}$/.test(hashHex) ? await findAnchoring(chain, fromHex(hashHex, 32)) : undefined;
  if (anchoring !== undefined) await untilCertified(chain, () => certifiedCovering(chain, anchoring.logIndex) !== undefined, ms);
}

export async function buildReceipt(chain: Chain, hashHex: string): Promise<EvidenceReceipt> {
  const hash = fromHex(hashHex, 32);
  const anchoring = await findAnchoring(chain, hash);
  if (anchoring === undefined) {
    throw new CreditChainError('EVIDENCE_NOT_FOUND', `The hash ${hashHex} has not been anchored on this chain.`, { hash: hashHex });
  }
  const { batch, tree } = batchOf(chain, anchoring.tx);
  const { logSize, checkpoint } = receiptCheckpoint(chain, anchoring.logIndex);
  return assembleReceipt(
    {
      suite: chain.suite.id,
      chainId: chain.genesis.chainId,
      entry: chain.storage.getEntryBytes(anchoring.logIndex)!,
      logIndex: anchoring.logIndex,
      logSize,
      logProof: inclusionProof(chain.suite.hash, chain.storage.logNodeReader, anchoring.logIndex, logSize).map(toHex),
      checkpoint,
      verifierKey: chain.verifierKey,
    },
    tree,
    anchorItemAt(batch, anchoring.position),
    anchoring.position,
  );
}
