// Evidence receipts: the proof that a document hash was anchored, verifiable offline by anyone
// holding the node's (or, on a network, the validators') note verifier key. The chain of proof:
//   hash (+label) → batch root      RFC 9162 inclusion proof inside the anchored batch
//   batch root    → log entry       the entry's commitment is the batch root
//   log entry     → log root        RFC 9162 inclusion proof in the global transaction log
//   log root      → checkpoint      C2SP signed note over (origin, size, root)
import {
  CreditChainError,
  decodeLogEntry,
  encodeCanonical,
  equalBytes,
  fromBase64,
  fromHex,
  getSuite,
  leafHash,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  rootFromInclusionProof,
  toHex,
  type LogEntry,
  type NoteVerifier,
} from '@creditchain/core';
import { anchorItemLeafHash } from '@creditchain/ledger';
import { openQuorumNote, type ValidatorKey } from './quorum.js';

export const RECEIPT_TYPE = 'creditchain/evidence-receipt/v1';

/** Origin line of a chain's checkpoints (C2SP tlog-checkpoint), as every node writes it. */
export function checkpointOrigin(chainId: string): string {
  return `creditchain/${chainId}`;
}

/** The JSON form of a receipt, as written to FILE.receipt.json. Hashes are lowercase hex. */
export interface EvidenceReceipt {
  type: typeof RECEIPT_TYPE;
  chainId: string;
  suite: string;
  hash: string;
  label?: string;
  batch: { position: number; size: number; proof: string[] };
  /** The log entry bytes, base64. */
  entry: string;
  log: { index: number; size: number; proof: string[] };
  /** The C2SP signed note the log proof leads to. */
  checkpoint: string;
  /** The note verifier key the receipt was issued under (name+keyid+base64key). */
  verifierKey: string;
}

export interface ReceiptProof {
  readonly hash: string;
  readonly label?: string;
  readonly chainId: string;
  /** Block time the hash was anchored at (ISO 8601, UTC). */
  readonly time: string;
  readonly height: number;
  readonly sender: string;
  readonly tx: string;
  readonly logIndex: number;
  readonly checkpoint: { readonly origin: string; readonly size: number; readonly signedBy: readonly string[] };
}

function fail(code: 'RECEIPT_MALFORMED' | 'PROOF_INVALID' | 'RECEIPT_HASH_MISMATCH', message: string): never {
  throw new CreditChainError(code, message);
}

function hexList(v: unknown, what: string): Uint8Array[] {
  if (!Array.isArray(v) || v.length > 64) fail('RECEIPT_MALFORMED', `The receipt's ${what} must be a list of at most 64 hashes.`);
  return v.map((h) => {
    try {
      return fromHex(String(h), 32);
    } catch {
      return fail('RECEIPT_MALFORMED', `The receipt's ${what} holds something that is not a 32-byte hex hash.`);
    }
  });
}

function uint(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail('RECEIPT_MALFORMED', `The receipt's ${what} must be a non-negative integer.`);
  return v;
}

/** Whether `key` is the verifier key text `text` names (false for text that is not a key). */
function sameKey(key: NoteVerifier, text: string): boolean {
  try {
    const named = parseVerifierKey(text);
    return named.name === key.name && named.keyId === key.keyId && equalBytes(named.publicKey, key.publicKey);
  } catch {
    return false;
  }
}

/** Reads a receipt from parsed JSON, checking its shape; throws RECEIPT_MALFORMED. */
export function parseReceipt(json: unknown): EvidenceReceipt {
  const r = json as Partial<EvidenceReceipt> | null;
  if (r === null || typeof r !== 'object') fail('RECEIPT_MALFORMED', 'A receipt is a JSON object.');
  if (r.type !== RECEIPT_TYPE) fail('RECEIPT_MALFORMED', `This is not a CreditChain evidence receipt (type should be "${RECEIPT_TYPE}").`);
  for (const k of ['chainId', 'suite', 'hash', 'entry', 'checkpoint', 'verifierKey'] as const) {
    if (typeof r[k] !== 'string') fail('RECEIPT_MALFORMED', `The receipt has no ${k}.`);
  }
  if (r.label !== undefined && typeof r.label !== 'string') fail('RECEIPT_MALFORMED', 'The receipt label must be text.');
  if (typeof r.batch !== 'object' || r.batch === null || typeof r.log !== 'object' || r.log === null) fail('RECEIPT_MALFORMED', 'The receipt needs its batch and log proofs.');
  return r as EvidenceReceipt;
}

/** The binary size of the receipt's proof data: both Merkle paths, the entry and the signed checkpoint. */
export function receiptProofSize(r: EvidenceReceipt): number {
  return encodeCanonical({
    batch: hexList(r.batch.proof, 'batch proof'),
    entry: fromBase64(r.entry),
    log: hexList(r.log.proof, 'log proof'),
    checkpoint: r.checkpoint,
  }).length;
}

/**
 * Verifies a receipt offline. `documentHash`, when given, must equal the receipt's hash (the
 * caller hashed the file). `trustedKeys` are note verifier keys; by default the key the
 * receipt names is trusted (the caller should say so: that proves integrity, not origin).
 * `validators` (a network's validator set) instead requires signatures of more than 2/3 of its power.
 * Returns what is proven, or throws a CreditChainError saying exactly which link failed.
 */
export function verifyReceipt(json: unknown, opts: { documentHash?: Uint8Array; trustedKeys?: readonly string[]; validators?: readonly ValidatorKey[] } = {}): ReceiptProof {
  const r = parseReceipt(json);
  const suite = getSuite(r.suite);
  let hash: Uint8Array;
  try {
    hash = fromHex(r.hash, 32);
  } catch {
    return fail('RECEIPT_MALFORMED', 'The receipt hash is not 32 bytes of hex.');
  }
  if (opts.documentHash !== undefined && !equalBytes(opts.documentHash, hash)) {
    fail('RECEIPT_HASH_MISMATCH', `The document's ${suite.hashName} hash is ${toHex(opts.documentHash)}, but the receipt is for ${r.hash}: the document is not the one that was anchored, or it was changed.`);
  }
  // 1. The item's path to its batch root.
  const item = anchorItemLeafHash(suite, r.label === undefined ? { hash } : { hash, label: r.label });
  const batchRoot = rootFromInclusionProof(suite.hash, item, uint(r.batch.position, 'batch position'), uint(r.batch.size, 'batch size'), hexList(r.batch.proof, 'batch proof'));
  if (batchRoot === undefined) fail('PROOF_INVALID', 'The batch proof is not a valid RFC 9162 inclusion proof for the item position and batch size.');
  // 2. The log entry commits to that batch root.
  let entryBytes: Uint8Array;
  let entry: LogEntry;
  try {
    entryBytes = fromBase64(r.entry);
    entry = decodeLogEntry(entryBytes);
  } catch {
    return fail('RECEIPT_MALFORMED', 'The receipt log entry does not decode.');
  }
  if (entry.module !== 'evidence' || entry.action !== 'anchor') fail('PROOF_INVALID', `The log entry is a ${entry.module}.${entry.action} transaction, not an evidence anchoring.`);
  if (entry.code !== 'ok') fail('PROOF_INVALID', `The anchoring transaction failed on chain (${entry.code}); it proves nothing.`);
  if (entry.chain !== r.chainId) fail('PROOF_INVALID', `The log entry is from chain "${entry.chain}", not "${r.chainId}".`);
  if (!equalBytes(entry.commitment, batchRoot)) fail('PROOF_INVALID', 'The hash is not in the anchored batch: its batch proof leads to another root than the one the log entry commits to.');
  // 3. The entry's path to the log root.
  const logIndex = uint(r.log.index, 'log index');
  if (entry.index !== logIndex) fail('PROOF_INVALID', `The log entry says index ${entry.index}, the proof index ${logIndex}.`);
  const logRoot = rootFromInclusionProof(suite.hash, leafHash(suite.hash, entryBytes), logIndex, uint(r.log.size, 'log size'), hexList(r.log.proof, 'log proof'));
  if (logRoot === undefined) fail('PROOF_INVALID', 'The log proof is not a valid RFC 9162 inclusion proof for the entry index and log size.');
  // 4. The checkpoint: signed by a trusted key — or by a quorum of a network's validators — over this size and root.
  const opened = opts.validators !== undefined ? openQuorumNote(r.checkpoint, opts.validators) : openNote(r.checkpoint, opts.trustedKeys ?? [r.verifierKey]);
  // The key the receipt names must have signed too, so no part of the receipt goes unchecked:
  // already verified when it is among the keys whose signatures just verified (`verify --trust
  // KEY`, the usual call), where checking it again was a second Ed25519 verification.
  if ((opts.trustedKeys !== undefined || opts.validators !== undefined) && !opened.verifiedKeys.some((k) => sameKey(k, r.verifierKey))) {
    try {
      openNote(r.checkpoint, [r.verifierKey]);
    } catch {
      fail('PROOF_INVALID', `The receipt names the verifier key ${r.verifierKey.slice(0, 40)}…, which did not sign its checkpoint.`);
    }
  }
  const cp = parseCheckpoint(opened.text);
  if (cp.size !== r.log.size) fail('PROOF_INVALID', `The checkpoint is for log size ${cp.size}, the proof for size ${r.log.size}.`);
  if (!equalBytes(cp.rootHash, logRoot)) fail('PROOF_INVALID', 'The log proof does not lead to the root the checkpoint signs: the entry is not in the signed log.');
  if (cp.origin !== checkpointOrigin(r.chainId)) fail('PROOF_INVALID', `The checkpoint is for "${cp.origin}", not chain "${r.chainId}".`);
  const proof: ReceiptProof = {
    hash: r.hash,
    chainId: r.chainId,
    time: new Date(entry.time).toISOString(),
    height: entry.height,
    sender: entry.sender,
    tx: toHex(entry.tx),
    logIndex,
    checkpoint: { origin: cp.origin, size: cp.size, signedBy: opened.verifiedBy },
  };
  return r.label === undefined ? proof : { ...proof, label: r.label };
}
