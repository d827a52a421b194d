// That a committed transaction is in the signed log, checked in the browser: its log entry
// (the bytes the node stores at its index) hashes to a leaf whose RFC 9162 inclusion proof leads
// to the root of a checkpoint signed by a trusted key. The same links a receipt's second half
// checks, for any transaction.
import { CreditChainError, decodeLogEntry, equalBytes, fromHex, getSuite, leafHash, openNote, parseCheckpoint, rootFromInclusionProof, toHex, type LogEntry } from '@creditchain/core';

export interface TxInclusionInput {
  readonly suite: string;
  readonly txId: string;
  readonly index: number;
  /** The log entry bytes at `index`. */
  readonly entry: Uint8Array;
  /** The inclusion proof of `index` in the tree of the checkpoint's size, hex. */
  readonly proof: readonly string[];
  readonly checkpoint: string;
  readonly trustedKeys: readonly string[];
}

export interface TxInclusion {
  readonly entry: LogEntry;
  readonly size: number;
  readonly signedBy: readonly string[];
}

export function verifyTxInclusion(input: TxInclusionInput): TxInclusion {
  const suite = getSuite(input.suite);
  const opened = openNote(input.checkpoint, input.trustedKeys);
  const cp = parseCheckpoint(opened.text);
  const entry = decodeLogEntry(input.entry);
  if (toHex(entry.tx) !== input.txId || entry.index !== input.index) {
    throw new CreditChainError('PROOF_INVALID', `The log entry at index ${input.index} is for transaction ${toHex(entry.tx)} at index ${entry.index}, not this one.`);
  }
  const proof = input.proof.map((h) => fromHex(h, 32));
  const root = rootFromInclusionProof(suite.hash, leafHash(suite.hash, input.entry), input.index, cp.size, proof);
  if (root === undefined || !equalBytes(root, cp.rootHash)) {
    throw new CreditChainError('PROOF_INVALID', `The inclusion proof does not lead to the log root signed in the checkpoint at size ${cp.size}.`);
  }
  return { entry, size: cp.size, signedBy: opened.verifiedBy };
}
