// Credit records in state.
//   credit/next              → the id the next record gets
//   credit/record/<id>       → CreditRecord (its current version), or an erasure tombstone
//   credit/record/<id>/v/<n> → an earlier version n, kept as history
//   credit/subject/<ref>     → [id, …] ascending: every record about a subject (the report's index)
//   credit/expiry/<day>      → n: how many records were queued to expire at 00:00 UTC of that day
//   credit/expiry/<day>/<i>  → id: the i-th of them (0 ≤ i < n). One small entry per record, so
//                              queueing is O(1) however many records share a day
//   credit/clock             → {height, time, day, pos}: the last day whose queue was fully
//                              processed, how far into the next one, and the block that last moved
//                              them (written only then, so a block that expires nothing writes
//                              nothing) — proven with reports, so a verifier knows the date a report speaks of
//   credit/collect/<ref>/<org> → a person's consent to the organisation collecting sensitive data
//   credit/pending/<org>     → set (state-lists.ts) of the organisation's records awaiting review:
//                              its review queue, kept by writeRecord on every change of status
//   credit/published/<day>   → tally {category: n} of the records published (reviewed) that day
import {
  CreditChainError,
  decodeCanonical,
  encodeCanonical,
  readArray,
  readBool,
  readBytes,
  readEnum,
  readMap,
  readString,
  readUint,
  toHex,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { addToSet, removeFromSet } from '../../state-lists.js';
import { CREDIT_MODULE, SUBJECT_KINDS, type SubjectKind } from './categories.js';
import { AMOUNT_BANDS } from './scoring.js';

export const RECORD_STATUSES = ['pending', 'published', 'rejected', 'revoked', 'expired', 'repaired'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const MAX_REASON_LENGTH = 500;
/** Most records one subject may have: the index is one state entry, read whole by every report. */
export const MAX_RECORDS_PER_SUBJECT = 20_000;

export interface CreditRecord {
  readonly id: number;
  readonly version: number;
  /** Pseudonymous subject reference (HMAC of kind:identifier). */
  readonly subject: Uint8Array;
  readonly subjectKind: SubjectKind;
  readonly category: string;
  /** "YYYY-MM-DD" */
  readonly occurred: string;
  /** The day the behaviour ended, or null while it goes on. */
  readonly ended: string | null;
  /** Index into AMOUNT_BANDS. */
  readonly amountBand: number;
  /** Commitment of the details sidecar, or null when there are none. */
  readonly details: Uint8Array | null;
  /** The publicity period chosen (publicity categories), in days. */
  readonly publicityDays: number | null;
  readonly source: string;
  readonly submitter: string;
  /** Height this version was submitted at. */
  readonly submitted: number;
  readonly status: RecordStatus;
  readonly reviewer: string | null;
  readonly reviewed: number | null;
  /** Why it was rejected, corrected or revoked. */
  readonly reason: string | null;
  /** Block time (ms) from which it no longer counts, or null (open-ended until it has ended). */
  readonly expiresAt: number | null;
  /** An objection is open against it (set by the disputes module). */
  readonly disputed: boolean;
  /** The transaction that made this version, and its log index. */
  readonly tx: Uint8Array;
  readonly logIndex: number;
}

const RECORD_FIELDS = [
  'id', 'version', 'subject', 'subjectKind', 'category', 'occurred', 'ended', 'amountBand', 'details', 'publicityDays', 'source', 'submitter',
  'submitted', 'status', 'reviewer', 'reviewed', 'reason', 'expiresAt', 'disputed', 'tx', 'logIndex',
];

export function recordToCbor(r: CreditRecord): CborMap {
  return {
    id: r.id,
    version: r.version,
    subject: r.subject,
    subjectKind: r.subjectKind,
    category: r.category,
    occurred: r.occurred,
    ended: r.ended,
    amountBand: r.amountBand,
    details: r.details,
    publicityDays: r.publicityDays,
    source: r.source,
    submitter: r.submitter,
    submitted: r.submitted,
    status: r.status,
    reviewer: r.reviewer,
    reviewed: r.reviewed,
    reason: r.reason,
    expiresAt: r.expiresAt,
    disputed: r.disputed,
    tx: r.tx,
    logIndex: r.logIndex,
  };
}

function nullable<T>(v: CborValue | undefined, read: (v: CborValue) => T): T | null {
  return v === null ? null : read(v!);
}

export function recordFromCbor(value: CborValue, what = 'record'): CreditRecord {
  const m = readMap(value, what, RECORD_FIELDS);
  return {
    id: readUint(m.id, `${what}.id`),
    version: readUint(m.version, `${what}.version`),
    subject: readBytes(m.subject, `${what}.subject`, 32),
    subjectKind: readEnum(m.subjectKind, `${what}.subjectKind`, SUBJECT_KINDS),
    category: readString(m.category, `${what}.category`, 48),
    occurred: readString(m.occurred, `${what}.occurred`, 10),
    ended: nullable(m.ended, (v) => readString(v, `${what}.ended`, 10)),
    amountBand: readUint(m.amountBand, `${what}.amountBand`, AMOUNT_BANDS.length - 1),
    details: nullable(m.details, (v) => readBytes(v, `${what}.details`, 32)),
    publicityDays: nullable(m.publicityDays, (v) => readUint(v, `${what}.publicityDays`)),
    source: readString(m.source, `${what}.source`, 64),
    submitter: readString(m.submitter, `${what}.submitter`, 64),
    submitted: readUint(m.submitted, `${what}.submitted`),
    status: readEnum(m.status, `${what}.status`, RECORD_STATUSES),
    reviewer: nullable(m.reviewer, (v) => readString(v, `${what}.reviewer`, 64)),
    reviewed: nullable(m.reviewed, (v) => readUint(v, `${what}.reviewed`)),
    reason: nullable(m.reason, (v) => readString(v, `${what}.reason`, MAX_REASON_LENGTH)),
    expiresAt: nullable(m.expiresAt, (v) => readUint(v, `${what}.expiresAt`)),
    disputed: readBool(m.disputed, `${what}.disputed`),
    tx: readBytes(m.tx, `${what}.tx`, 32),
    logIndex: readUint(m.logIndex, `${what}.logIndex`),
  };
}

/** What stays of a person's negative record once the law says it must be deleted. */
export interface Tombstone {
  readonly id: number;
  readonly status: 'erased';
  readonly height: number;
}

export type StoredRecord = CreditRecord | Tombstone;

export function isTombstone(r: StoredRecord): r is Tombstone {
  return r.status === 'erased';
}

export function decodeStoredRecord(bytes: Uint8Array): StoredRecord {
  const v = decodeCanonical(bytes);
  const m = v as CborMap;
  if (m !== null && typeof m === 'object' && m.status === 'erased') {
    const t = readMap(v, 'record', ['id', 'status', 'height']);
    return { id: readUint(t.id, 'record.id'), status: 'erased', height: readUint(t.height, 'record.height') };
  }
  return recordFromCbor(v);
}

// --- keys ----------------------------------------------------------------------------------

export const recordKey = (suite: CryptoSuite, id: number) => stateKey(suite, CREDIT_MODULE, `record/${id}`);
export const versionKey = (suite: CryptoSuite, id: number, version: number) => stateKey(suite, CREDIT_MODULE, `record/${id}/v/${version}`);
export const subjectIndexKey = (suite: CryptoSuite, subject: Uint8Array) => stateKey(suite, CREDIT_MODULE, `subject/${toHex(subject)}`);
export const expiryKey = (suite: CryptoSuite, day: number) => stateKey(suite, CREDIT_MODULE, `expiry/${day}`);
export const nextRecordKey = (suite: CryptoSuite) => stateKey(suite, CREDIT_MODULE, 'next');
export const clockKey = (suite: CryptoSuite) => stateKey(suite, CREDIT_MODULE, 'clock');
export const collectConsentKey = (suite: CryptoSuite, subject: Uint8Array, org: string) => stateKey(suite, CREDIT_MODULE, `collect/${toHex(subject)}/${org}`);
/** The set (state-lists.ts) of an organisation's records awaiting review. */
export const orgPendingSet = (org: string) => `pending/${org}`;
/** The tally (state-lists.ts) of the records published on a day (days since 1970-01-01 UTC), by category. */
export const publishedTally = (day: number) => `published/${day}`;

// --- reads and writes ----------------------------------------------------------------------

export function readStoredRecord(suite: CryptoSuite, state: StateReader, id: number): StoredRecord | undefined {
  const bytes = state.getState(recordKey(suite, id));
  return bytes === undefined ? undefined : decodeStoredRecord(bytes);
}

/** The record, or a clear error: not found, or erased by the law's deletion. */
export function requireRecord(suite: CryptoSuite, state: StateReader, id: number): CreditRecord {
  const r = readStoredRecord(suite, state, id);
  if (r === undefined) throw new CreditChainError('RECORD_NOT_FOUND', `There is no credit record ${id}.`, { id });
  if (isTombstone(r)) {
    throw new CreditChainError('RECORD_ERASED', `Record ${id} was a person's negative information whose retention period ended; it was deleted at height ${r.height}.`, { id, height: r.height });
  }
  return r;
}

export function readVersion(suite: CryptoSuite, state: StateReader, id: number, version: number): CreditRecord | undefined {
  const bytes = state.getState(versionKey(suite, id, version));
  return bytes === undefined ? undefined : recordFromCbor(decodeCanonical(bytes));
}

/** Writes the current version of a record; one entering or leaving `pending` joins or leaves its source's review queue. */
export function writeRecord(suite: CryptoSuite, state: StateOverlay, r: CreditRecord): void {
  const key = recordKey(suite, r.id);
  const before = state.getState(key);
  const was = before === undefined ? undefined : decodeStoredRecord(before);
  const wasPending = was !== undefined && !isTombstone(was) && was.status === 'pending';
  if (r.status === 'pending' && !wasPending) addToSet(suite, state, CREDIT_MODULE, orgPendingSet(r.source), r.id);
  if (r.status !== 'pending' && wasPending) removeFromSet(suite, state, CREDIT_MODULE, orgPendingSet(r.source), r.id);
  state.put(key, encodeCanonical(recordToCbor(r)));
}

export function writeVersion(suite: CryptoSuite, state: StateOverlay, r: CreditRecord): void {
  state.put(versionKey(suite, r.id, r.version), encodeCanonical(recordToCbor(r)));
}

function readIds(state: StateReader, key: Uint8Array, what: string): number[] {
  const bytes = state.getState(key);
  if (bytes === undefined) return [];
  return readArray(decodeCanonical(bytes), what, Number.MAX_SAFE_INTEGER).map((v, i) => readUint(v, `${what}[${i}]`));
}

function writeIds(state: StateOverlay, key: Uint8Array, ids: readonly number[]): void {
  state.put(key, ids.length === 0 ? null : encodeCanonical([...ids]));
}

export function subjectRecordIds(suite: CryptoSuite, state: StateReader, subject: Uint8Array): number[] {
  return readIds(state, subjectIndexKey(suite, subject), 'subject records');
}

export function addToSubject(suite: CryptoSuite, state: StateOverlay, subject: Uint8Array, id: number): void {
  const ids = subjectRecordIds(suite, state, subject);
  if (ids.length >= MAX_RECORDS_PER_SUBJECT) {
    throw new CreditChainError('TX_BAD_PAYLOAD', `A subject may have at most ${MAX_RECORDS_PER_SUBJECT} records on chain.`, { subject: toHex(subject) });
  }
  ids.push(id); // ids only grow, so the list stays ascending
  writeIds(state, subjectIndexKey(suite, subject), ids);
}

export function removeFromSubject(suite: CryptoSuite, state: StateOverlay, subject: Uint8Array, id: number): void {
  writeIds(state, subjectIndexKey(suite, subject), subjectRecordIds(suite, state, subject).filter((x) => x !== id));
}

const expiryEntryKey = (suite: CryptoSuite, day: number, i: number) => stateKey(suite, CREDIT_MODULE, `expiry/${day}/${i}`);

/** How many records were queued to expire on `day`. */
export function expiryCount(suite: CryptoSuite, state: StateReader, day: number): number {
  const bytes = state.getState(expiryKey(suite, day));
  return bytes === undefined ? 0 : readUint(decodeCanonical(bytes), 'expiry count');
}

export function expiryEntry(suite: CryptoSuite, state: StateReader, day: number, i: number): number | undefined {
  const bytes = state.getState(expiryEntryKey(suite, day, i));
  return bytes === undefined ? undefined : readUint(decodeCanonical(bytes), 'expiry entry');
}

export function enqueueExpiry(suite: CryptoSuite, state: StateOverlay, day: number, id: number): void {
  const n = expiryCount(suite, state, day);
  state.put(expiryEntryKey(suite, day, n), encodeCanonical(id));
  state.put(expiryKey(suite, day), encodeCanonical(n + 1));
}

export function removeExpiryEntry(suite: CryptoSuite, state: StateOverlay, day: number, i: number): void {
  state.put(expiryEntryKey(suite, day, i), null);
}

export function clearExpiryDay(suite: CryptoSuite, state: StateOverlay, day: number): void {
  state.put(expiryKey(suite, day), null);
}

export function takeRecordIds(suite: CryptoSuite, state: StateOverlay, count: number): number {
  const bytes = state.getState(nextRecordKey(suite));
  const first = bytes === undefined ? 1 : readUint(decodeCanonical(bytes), 'credit next');
  state.put(nextRecordKey(suite), encodeCanonical(first + count));
  return first;
}

export function recordCount(suite: CryptoSuite, state: StateReader): number {
  const bytes = state.getState(nextRecordKey(suite));
  return bytes === undefined ? 0 : readUint(decodeCanonical(bytes), 'credit next') - 1;
}

/** How far the expiry queue has been processed, and the block that last moved it. */
export interface CreditClock {
  readonly height: number;
  readonly time: number;
  /** The last day whose expiry queue has been fully processed. */
  readonly day: number;
  /** The next entry to process in the queue of day + 1. */
  readonly pos: number;
}

export function decodeClock(bytes: Uint8Array): CreditClock {
  const m = readMap(decodeCanonical(bytes), 'clock', ['height', 'time', 'day', 'pos']);
  return { height: readUint(m.height, 'clock.height'), time: readUint(m.time, 'clock.time'), day: readUint(m.day, 'clock.day'), pos: readUint(m.pos, 'clock.pos') };
}

export function readClock(suite: CryptoSuite, state: StateReader): CreditClock | undefined {
  const bytes = state.getState(clockKey(suite));
  return bytes === undefined ? undefined : decodeClock(bytes);
}

export function writeClock(suite: CryptoSuite, state: StateOverlay, c: CreditClock): void {
  state.put(clockKey(suite), encodeCanonical({ height: c.height, time: c.time, day: c.day, pos: c.pos }));
}

export function hasCollectConsent(suite: CryptoSuite, state: StateReader, subject: Uint8Array, org: string): boolean {
  return state.getState(collectConsentKey(suite, subject, org)) !== undefined;
}
