// Offline verification of a state read (GET /v1/state/:key?prove=true): the value (or its
// absence) is proven by a sparse Merkle proof to the state root that a trusted key signed in a
// checkpoint. Nothing the answering node says is trusted beyond those signatures.
import { CreditChainError, decodeStateProof, equalBytes, fromHex, getSuite, openNote, parseCheckpoint, verifyStateProofValue } from '@creditchain/core';
import type { StateReply } from './replies.js';

export interface ProvenState {
  readonly key: Uint8Array;
  /** The value, or null when the proof shows the key is absent. */
  readonly value: Uint8Array | null;
  readonly height: number;
  readonly stateRoot: Uint8Array;
  readonly signedBy: readonly string[];
}

export function verifyStateReply(reply: StateReply, opts: { suite?: string; trustedKeys: readonly string[] }): ProvenState {
  const suite = getSuite(opts.suite ?? 'intl');
  const r = reply as Partial<Record<keyof StateReply, unknown>> | null;
  if (typeof r !== 'object' || r === null) throw new CreditChainError('PROOF_INVALID', 'A state reply is a JSON object.');
  if (r.proof === undefined || r.checkpoint === undefined) {
    throw new CreditChainError('PROOF_INVALID', 'The state reply carries no proof; ask with prove=true.');
  }
  // Every field of the right type before any is used, so a malformed reply gets a sentence.
  const shape: Array<[keyof StateReply, string]> = [['key', 'string'], ['stateRoot', 'string'], ['height', 'number'], ['proof', 'string'], ['checkpoint', 'string']];
  for (const [k, type] of shape) if (typeof r[k] !== type) throw new CreditChainError('PROOF_INVALID', `The state reply's ${k} must be a ${type}.`);
  if (r.value !== null && typeof r.value !== 'string') throw new CreditChainError('PROOF_INVALID', "The state reply's value must be hex text, or null for an absent key.");
  const opened = openNote(reply.checkpoint!, opts.trustedKeys);
  const cp = parseCheckpoint(opened.text);
  if (cp.stateRoot === undefined || cp.height === undefined) {
    throw new CreditChainError('PROOF_INVALID', 'The checkpoint does not name a state root, so it cannot prove a state entry.');
  }
  if (!equalBytes(cp.stateRoot, fromHex(reply.stateRoot, 32)) || cp.height !== reply.height) {
    throw new CreditChainError('PROOF_INVALID', `The reply claims the state of height ${reply.height}, but the signed checkpoint is for height ${cp.height} with another state root.`);
  }
  const key = fromHex(reply.key, 32);
  const value = reply.value === null ? null : fromHex(reply.value);
  if (!verifyStateProofValue(suite.hash, cp.stateRoot, key, value, decodeStateProof(fromHex(reply.proof!)))) {
    throw new CreditChainError('PROOF_INVALID', value === null ? 'The proof does not show the key is absent from the signed state.' : 'The proof does not lead from this value to the signed state root.');
  }
  return { key, value, height: cp.height, stateRoot: cp.stateRoot, signedBy: opened.verifiedBy };
}
