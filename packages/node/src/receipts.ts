// Builds evidence receipts from the store: the batch path from the anchoring transaction's
// payload, the log path to the latest checkpoint, and that checkpoint.
import { CreditChainError, decodeSignedTx, fromHex, inclusionProof, inclusionProofOf, toBase64, toHex } from '@creditchain/core';
import { anchorAction, batchLeafHashes, readAnchoring } from '@creditchain/ledger';
import { RECEIPT_TYPE, type EvidenceReceipt } from '@creditchain/sdk';
import type { Chain } from './chain.js';

export function buildReceipt(chain: Chain, hashHex: string): EvidenceReceipt {
  const hash = fromHex(hashHex, 32);
  const anchoring = readAnchoring(chain.suite, chain.storage, hash);
  if (anchoring === undefined) {
    throw new CreditChainError('EVIDENCE_NOT_FOUND', `The hash ${hashHex} has not been anchored on this chain.`, { hash: hashHex });
  }
  const tx = decodeSignedTx(chain.suite, chain.storage.getTxBytes(anchoring.tx)!);
  const { items } = anchorAction.parse(tx.body.payload, chain.genesis);
  const item = items[anchoring.position]!;
  const head = chain.head;
  const receipt: EvidenceReceipt = {
    type: RECEIPT_TYPE,
    chainId: chain.genesis.chainId,
    suite: chain.suite.id,
    hash: hashHex,
    batch: {
      position: anchoring.position,
      size: items.length,
      proof: inclusionProofOf(chain.suite.hash, batchLeafHashes(chain.suite, items), anchoring.position).map(toHex),
    },
    entry: toBase64(chain.storage.getEntryBytes(anchoring.logIndex)!),
    log: {
      index: anchoring.logIndex,
      size: head.header.logSize,
      proof: inclusionProof(chain.suite.hash, chain.storage.logNodeReader, anchoring.logIndex, head.header.logSize).map(toHex),
    },
    checkpoint: head.checkpoint,
    verifierKey: chain.verifierKey,
  };
  if (item.label !== undefined) receipt.label = item.label;
  return receipt;
}
