// Building and signing credit transactions: records with their details sidecars, reviews,
// corrections, revocations and a subject's consent to collection. The details of each record
// become a sidecar whose commitment the record names; the sidecars go beside the transaction
// (encodeTxWithSidecars) and never on chain.
import { CreditChainError, MAX_TX_SIZE, encodeCanonical, getSuite, type CborMap, type DecodedTx } from '@creditchain/core';
import { MAX_RECORD_BATCH, type RecordInput } from '@creditchain/ledger';
import { buildTx, type TxSigner } from './anchor-tx.js';
import { makeSidecar, type CommittedSidecar } from './sidecars.js';

/** A record to submit: its fields, and its details (names, case numbers, amounts …) if any. */
export interface NewRecord extends Omit<RecordInput, 'details'> {
  readonly details?: CborMap | null;
}

export interface TxWithSidecars {
  readonly tx: DecodedTx;
  readonly sidecars: readonly CommittedSidecar[];
}

function recordPayload(r: NewRecord, details: Uint8Array | null): CborMap {
  const m: Record<string, CborMap[string]> = { subject: r.subject, subjectKind: r.subjectKind, category: r.category, occurred: r.occurred, amountBand: r.amountBand };
  if (r.ended !== null) m.ended = r.ended;
  if (r.publicityDays !== null) m.publicityDays = r.publicityDays;
  if (details !== null) m.details = details;
  return m;
}

/** credit.submit of up to 1,000 records, each with a fresh details sidecar. */
export function buildSubmitRecordsTx(signer: TxSigner, records: readonly NewRecord[]): TxWithSidecars {
  if (records.length === 0 || records.length > MAX_RECORD_BATCH) {
    throw new CreditChainError('TX_BAD_PAYLOAD', `A submission carries 1 to ${MAX_RECORD_BATCH} records; ${records.length} were given.`);
  }
  const suite = getSuiteOf(signer);
  const sidecars: CommittedSidecar[] = [];
  const payloads = records.map((r) => {
    if (r.details == null || Object.keys(r.details).length === 0) return recordPayload(r, null);
    const s = makeSidecar(suite, r.details);
    sidecars.push(s);
    return recordPayload(r, s.commitment);
  });
  const tx = buildTx({ ...signer, module: 'credit', action: 'submit', payload: { records: payloads }, sidecars: sidecars.map((s) => s.commitment) });
  return { tx, sidecars };
}

function getSuiteOf(signer: TxSigner) {
  return typeof signer.suite === 'string' ? getSuite(signer.suite) : signer.suite;
}

export function buildReviewTx(signer: TxSigner, ids: readonly number[], decision: 'publish' | 'reject', reason?: string): DecodedTx {
  const payload: Record<string, CborMap[string]> = { ids: [...ids], decision };
  if (reason !== undefined) payload.reason = reason;
  return buildTx({ ...signer, module: 'credit', action: 'review', payload });
}

export interface RecordChanges {
  readonly occurred?: string;
  readonly ended?: string | null;
  readonly amountBand?: number;
  readonly publicityDays?: number | null;
  /** New details: a new sidecar replaces the old one. */
  readonly details?: CborMap;
}

export function buildCorrectTx(signer: TxSigner, id: number, changes: RecordChanges, reason: string): TxWithSidecars {
  const payload: Record<string, CborMap[string]> = { id, reason };
  for (const k of ['occurred', 'ended', 'amountBand', 'publicityDays'] as const) if (changes[k] !== undefined) payload[k] = changes[k];
  const sidecars: CommittedSidecar[] = [];
  if (changes.details !== undefined) {
    const s = makeSidecar(getSuiteOf(signer), changes.details);
    sidecars.push(s);
    payload.details = s.commitment;
  }
  return { tx: buildTx({ ...signer, module: 'credit', action: 'correct', payload, sidecars: sidecars.map((s) => s.commitment) }), sidecars };
}

export function buildRevokeTx(signer: TxSigner, id: number, reason: string): DecodedTx {
  return buildTx({ ...signer, module: 'credit', action: 'revoke', payload: { id, reason } });
}

export function buildAllowCollectionTx(signer: TxSigner, org: string, allow: boolean): DecodedTx {
  return buildTx({ ...signer, module: 'credit', action: 'allow-collection', payload: { org, allow } });
}

/**
 * Splits records into consecutive batches of at most 1,000 whose transaction (with its
 * sidecars) stays well under the node's limits. Pure: sizes are estimated from the encodings.
 */
export function planRecordBatches<T extends NewRecord>(records: readonly T[], opts: { maxRecords?: number; maxBytes?: number } = {}): T[][] {
  const maxRecords = opts.maxRecords ?? MAX_RECORD_BATCH;
  const maxBytes = opts.maxBytes ?? MAX_TX_SIZE - 64 * 1024;
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const r of records) {
    // The record with a 32-byte details commitment, and the commitment again in body.sidecars.
    const size = encodeCanonical(recordPayload(r, r.details ? new Uint8Array(32) : null)).length + (r.details ? 34 : 0);
    if (current.length > 0 && (current.length >= maxRecords || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
