// The record lifecycle as transactions:
//   credit.submit  (a submitter of an organisation allowed for the category) → pending
//   credit.review  (a reviewer other than the submitter; a regulator where the category says) → published | rejected
//   credit.correct (the source) → a new version, pending again; the old one kept as history
//   credit.revoke  (the source) → revoked
//   credit.allow-collection (the subject) → consent to collect its sensitive financial details
// and, after every block, the expiry of records whose period has ended (expireRecords).
import {
  CreditChainError,
  encodeCanonical,
  equalBytes,
  readArray,
  readBool,
  readBytes,
  readEnum,
  readMap,
  readString,
  readUint,
  toHex,
  type CborMap,
  type CryptoSuite,
  type DecodedTx,
} from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import type { StateOverlay, StateReader } from '../../overlay.js';
import type { SidecarRule } from '../../sidecar.js';
import { senderOrg } from '../identity/accounts.js';
import { ORG_ID_PATTERN, readAccount, readOrg, type Org } from '../identity/state.js';
import { allowedFields, CATEGORY_CODE, CREDIT_MODULE, requireCategory, SUBJECT_KINDS, type Category, type SubjectKind } from './categories.js';
import { addYears, dayOf, DAY_MS, formatDate, parseDate } from './dates.js';
import { forbiddenTerm, personalFinanceTerm } from './law.js';
import {
  addToSubject,
  clearExpiryDay,
  collectConsentKey,
  enqueueExpiry,
  expiryCount,
  expiryEntry,
  removeExpiryEntry,
  hasCollectConsent,
  isTombstone,
  MAX_REASON_LENGTH,
  publishedTally,
  readClock,
  readStoredRecord,
  recordKey,
  removeFromSubject,
  requireRecord,
  takeRecordIds,
  versionKey,
  writeClock,
  writeRecord,
  writeVersion,
  type CreditRecord,
} from './records.js';
import { AMOUNT_BANDS } from './scoring.js';
import { eraseDetails } from './erasure.js';
import { addToTally } from '../../state-lists.js';

/** Most records one credit.submit (or ids one credit.review) may carry. */
export const MAX_RECORD_BATCH = 1000;

export interface RecordInput {
  readonly subject: Uint8Array;
  readonly subjectKind: SubjectKind;
  readonly category: string;
  readonly occurred: string;
  readonly ended: string | null;
  readonly amountBand: number;
  readonly details: Uint8Array | null;
  readonly publicityDays: number | null;
}

function readDates(occurred: string, ended: string | null, what: string): void {
  const o = parseDate(occurred, `${what}.occurred`);
  if (ended !== null && parseDate(ended, `${what}.ended`) < o) {
    throw new CreditChainError('RECORD_BAD_DATE', `${what}: the behaviour cannot end (${ended}) before it occurred (${occurred}).`, { occurred, ended });
  }
}

export function parseRecordInput(value: CborMap | undefined, what: string): RecordInput {
  const m = readMap(value, what, ['subject', 'subjectKind', 'category', 'occurred', 'amountBand'], ['ended', 'details', 'publicityDays']);
  const r: RecordInput = {
    subject: readBytes(m.subject, `${what}.subject`, 32),
    subjectKind: readEnum(m.subjectKind, `${what}.subjectKind`, SUBJECT_KINDS),
    category: readString(m.category, `${what}.category`, 48, CATEGORY_CODE),
    occurred: readString(m.occurred, `${what}.occurred`, 10),
    ended: m.ended === undefined ? null : readString(m.ended, `${what}.ended`, 10),
    amountBand: readUint(m.amountBand, `${what}.amountBand`, AMOUNT_BANDS.length - 1),
    details: m.details === undefined ? null : readBytes(m.details, `${what}.details`, 32),
    publicityDays: m.publicityDays === undefined ? null : readUint(m.publicityDays, `${what}.publicityDays`, 36_525),
  };
  readDates(r.occurred, r.ended, what);
  return r;
}

function readReason(v: CborMap[string] | undefined, what: string): string {
  const reason = readString(v, what, MAX_REASON_LENGTH);
  if (reason.trim().length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', `${what} must say why, in words.`);
  return reason;
}

/** Block time (ms) from which a record no longer counts, or null while its behaviour goes on. */
export function expiryOf(category: Category, r: { occurred: string; ended: string | null; publicityDays: number | null }): number | null {
  if (category.retention.kind === 'publicity') {
    return (parseDate(r.occurred, 'occurred') + (r.publicityDays ?? category.retention.maxDays)) * DAY_MS;
  }
  if (r.ended === null) return null;
  return addYears(parseDate(r.ended, 'ended'), category.retention.years) * DAY_MS;
}

/** Is `c` among the transaction's sidecar commitments? By default a scan of ctx.sidecars. */
type Listed = (c: Uint8Array) => boolean;

/** The checks every version of a record passes against its category and the block date. */
function checkAgainstCategory(ctx: ActionContext, org: Org, category: Category, r: RecordInput, what: string, listed: Listed = (c) => ctx.sidecars.some((s) => equalBytes(s, c))): number | null {
  if (!category.sources.includes(org.type) || !org.categories.includes(category.code)) {
    throw new CreditChainError(
      'CATEGORY_NOT_ALLOWED',
      !category.sources.includes(org.type)
        ? `${what}: "${category.code}" records may be sourced only by ${category.sources.join(', ')} organisations; "${org.id}" is a ${org.type}.`
        : `${what}: organisation "${org.id}" is not approved to source "${category.code}" records (its categories: ${org.categories.join(', ') || 'none'}).`,
      { category: category.code, org: org.id },
    );
  }
  if (!category.subjects.includes(r.subjectKind)) {
    throw new CreditChainError('CATEGORY_NOT_ALLOWED', `${what}: "${category.code}" records may be about ${category.subjects.join(' or ')} subjects, not a ${r.subjectKind}.`, { category: category.code, subjectKind: r.subjectKind });
  }
  const today = dayOf(ctx.time);
  for (const [field, date] of [['occurred', r.occurred], ['ended', r.ended]] as const) {
    if (date !== null && parseDate(date, `${what}.${field}`) > today) {
      throw new CreditChainError('RECORD_BAD_DATE', `${what}.${field} (${date}) is after today's block date ${formatDate(today)}.`, { field, value: date });
    }
  }
  if (category.retention.kind === 'publicity') {
    const { minDays, maxDays } = category.retention;
    if (r.publicityDays !== null && (r.publicityDays < minDays || r.publicityDays > maxDays)) {
      throw new CreditChainError('TX_BAD_PAYLOAD', `${what}: "${category.code}" records are published for ${minDays} to ${maxDays} days; ${r.publicityDays} is outside that.`, { minDays, maxDays });
    }
  } else if (r.publicityDays !== null) {
    throw new CreditChainError('TX_BAD_PAYLOAD', `${what}: "${category.code}" records count until ${category.retention.years} years after the behaviour ended; they take no publicity period.`);
  }
  if (r.details !== null && !listed(r.details)) {
    throw new CreditChainError('TX_BAD_PAYLOAD', `${what}.details must also be listed in the transaction's sidecar commitments.`, { details: toHex(r.details) });
  }
  if (category.sensitive && r.subjectKind === 'person' && !hasCollectConsent(ctx.suite, ctx.state, r.subject, org.id)) {
    throw new CreditChainError('CONSENT_REQUIRED', `${what}: "${category.code}" is a person's sensitive financial information; the person must first consent to "${org.id}" collecting it (credit.allow-collection).`, { category: category.code, org: org.id });
  }
  const expiresAt = expiryOf(category, r);
  if (expiresAt !== null && expiresAt <= ctx.time) {
    throw new CreditChainError('RECORD_EXPIRED', `${what}: the record's period ended on ${formatDate(dayOf(expiresAt))}; it no longer counts and cannot be recorded.`, { expired: formatDate(dayOf(expiresAt)) });
  }
  return expiresAt;
}

// --- credit.submit -------------------------------------------------------------------------

export interface SubmitPayload {
  readonly records: readonly RecordInput[];
}

// The node checks each of up to 1,000 sidecars of one transaction on its own; the transaction's
// records are parsed and indexed by commitment once, not once per sidecar.
const recordsByCommitment = new WeakMap<DecodedTx, Map<string, RecordInput>>();

function recordsOf(tx: DecodedTx, records: () => readonly RecordInput[]): Map<string, RecordInput> {
  let byCommitment = recordsByCommitment.get(tx);
  if (byCommitment === undefined) {
    byCommitment = new Map(records().flatMap((r) => (r.details === null ? [] : [[toHex(r.details), r] as const])));
    recordsByCommitment.set(tx, byCommitment);
  }
  return byCommitment;
}

/** A delivered details sidecar: only fields its category defines, none the law forbids, consent for a person's finances. */
function checkDetails(suite: CryptoSuite, state: StateReader, tx: DecodedTx, commitment: Uint8Array, payload: CborMap, records: () => readonly RecordInput[]): void {
  const r = recordsOf(tx, records).get(toHex(commitment));
  if (r === undefined) return; // a sidecar no record names: the ledger refuses the transaction
  const category = requireCategory(suite, state, r.category);
  const allowed = allowedFields(category);
  // The sender's organisation matters only for a person's financial fields: read then.
  const senderOrgId = () => readAccount(suite, state, tx.body.sender)?.org;
  for (const field of Object.keys(payload)) {
    const term = forbiddenTerm(field);
    if (term !== undefined) {
      throw new CreditChainError('SIDECAR_FORBIDDEN_FIELD', `The details field "${field}" is information the credit-reporting regulation (art. 14) forbids collecting (${term}).`, { field, term });
    }
    if (!allowed.has(field)) {
      throw new CreditChainError('SIDECAR_FORBIDDEN_FIELD', `The details of a "${category.code}" record may hold ${[...allowed].join(', ')}; "${field}" is not one of them.`, { field, category: category.code });
    }
    if (r.subjectKind === 'person' && personalFinanceTerm(field) !== undefined) {
      const org = senderOrgId();
      if (org != null && hasCollectConsent(suite, state, r.subject, org)) continue;
      throw new CreditChainError('CONSENT_REQUIRED', `The details field "${field}" is a person's financial information; the person must first consent to its collection (credit.allow-collection).`, { field });
    }
  }
}

export const submitAction: ActionDef<SubmitPayload> = {
  module: CREDIT_MODULE,
  action: 'submit',
  parse(payload) {
    const m = readMap(payload, 'payload', ['records']);
    const list = readArray(m.records, 'payload.records', MAX_RECORD_BATCH);
    if (list.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'A submission needs at least one record.');
    return { records: list.map((r, i) => parseRecordInput(r as CborMap, `payload.records[${i}]`)) };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    return { data: fileRecords(ctx, org, p.records) };
  },
  sidecars: {
    required: true,
    check(suite, state, tx, commitment, payload) {
      checkDetails(suite, state, tx, commitment, payload, () => submitAction.parse(tx.body.payload, undefined as never).records);
    },
  } satisfies SidecarRule,
};

/**
 * Files records as `org`, submitted by `ctx.sender`, pending review: credit.submit's one code
 * path, also taken by a contract filing a record (contracts/host.ts, as sender "contract:NAME").
 */
export function fileRecords(ctx: ActionContext, org: Org, records: readonly RecordInput[]): { first: number; count: number } {
  // A batch of 1,000 records names a few categories and lists 1,000 sidecars: each category is
  // read once, and each record's details found in a set, not by a scan of the list (quadratic).
  const categories = new Map<string, Category>();
  const category = (code: string): Category => {
    let c = categories.get(code);
    if (c === undefined) categories.set(code, (c = requireCategory(ctx.suite, ctx.state, code)));
    return c;
  };
  const sidecars = new Set(ctx.sidecars.map(toHex));
  const expiries = records.map((r, i) => checkAgainstCategory(ctx, org, category(r.category), r, `records[${i}]`, (c) => sidecars.has(toHex(c))));
  const first = takeRecordIds(ctx.suite, ctx.state, records.length);
  records.forEach((r, i) => {
    const record: CreditRecord = {
      ...r,
      id: first + i,
      version: 1,
      source: org.id,
      submitter: ctx.sender,
      submitted: ctx.height,
      status: 'pending',
      reviewer: null,
      reviewed: null,
      reason: null,
      expiresAt: expiries[i]!,
      disputed: false,
      tx: ctx.txId,
      logIndex: ctx.logIndex,
    };
    writeRecord(ctx.suite, ctx.state, record);
    addToSubject(ctx.suite, ctx.state, r.subject, record.id);
  });
  return { first, count: records.length };
}

// --- credit.review -------------------------------------------------------------------------

export interface ReviewPayload {
  readonly ids: readonly number[];
  readonly decision: 'publish' | 'reject';
  readonly reason: string | null;
}

export const reviewAction: ActionDef<ReviewPayload> = {
  module: CREDIT_MODULE,
  action: 'review',
  parse(payload) {
    const m = readMap(payload, 'payload', ['ids', 'decision'], ['reason']);
    const ids = readArray(m.ids, 'payload.ids', MAX_RECORD_BATCH).map((v, i) => readUint(v, `payload.ids[${i}]`));
    if (ids.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'A review needs at least one record id.');
    if (new Set(ids).size !== ids.length) throw new CreditChainError('TX_BAD_PAYLOAD', 'A review lists the same record twice.');
    const decision = readEnum(m.decision, 'payload.decision', ['publish', 'reject'] as const);
    const reason = m.reason === undefined ? null : readReason(m.reason, 'payload.reason');
    if (decision === 'reject' && reason === null) throw new CreditChainError('TX_BAD_PAYLOAD', 'A rejection must give its reason (payload.reason).');
    return { ids, decision, reason };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    for (const id of p.ids) {
      const r = requireRecord(ctx.suite, ctx.state, id);
      if (r.status !== 'pending') {
        throw new CreditChainError('RECORD_BAD_STATUS', `Record ${id} is ${r.status}; only a pending record can be reviewed.`, { id, status: r.status });
      }
      if (r.submitter === ctx.sender) {
        throw new CreditChainError('RECORD_SELF_REVIEW', `Record ${id} was submitted by "${ctx.sender}"; another account must review it.`, { id });
      }
      const category = requireCategory(ctx.suite, ctx.state, r.category);
      if (category.review === 'regulator' && org.type !== 'regulator') {
        throw new CreditChainError('PERMISSION_DENIED', `"${category.code}" records must be reviewed by a regulator; "${org.id}" is a ${org.type}.`, { id, category: category.code });
      }
      if (category.review === 'source' && org.id !== r.source && org.type !== 'regulator') {
        throw new CreditChainError('PERMISSION_DENIED', `Record ${id} must be reviewed by its source "${r.source}" or a regulator, not by "${org.id}".`, { id, source: r.source });
      }
      if (p.decision === 'reject') {
        writeRecord(ctx.suite, ctx.state, { ...r, status: 'rejected', reviewer: ctx.sender, reviewed: ctx.height, reason: p.reason });
        continue;
      }
      if (r.expiresAt !== null && r.expiresAt <= ctx.time) {
        throw new CreditChainError('RECORD_EXPIRED', `Record ${id}'s period ended on ${formatDate(dayOf(r.expiresAt))} while it waited for review; it can no longer be published.`, { id });
      }
      writeRecord(ctx.suite, ctx.state, { ...r, status: 'published', reviewer: ctx.sender, reviewed: ctx.height, reason: p.reason });
      if (r.expiresAt !== null) enqueueExpiry(ctx.suite, ctx.state, dayOf(r.expiresAt), id);
      addToTally(ctx.suite, ctx.state, CREDIT_MODULE, publishedTally(dayOf(ctx.time)), r.category);
    }
    return { data: { reviewed: p.ids.length, decision: p.decision } };
  },
};

// --- credit.correct and credit.revoke --------------------------------------------------------

/** The record, if the sender's organisation is its source and it may still change. */
function ownRecord(ctx: ActionContext, org: Org, id: number, doing: string): CreditRecord {
  const r = requireRecord(ctx.suite, ctx.state, id);
  if (r.source !== org.id) {
    throw new CreditChainError('RECORD_NOT_SOURCE', `Record ${id} was sourced by "${r.source}"; only its source may ${doing} it, not "${org.id}".`, { id, source: r.source });
  }
  // By its date, not only its status: the expiry queue may reach it after this transaction.
  if (r.status === 'expired' || (r.status === 'published' && r.expiresAt !== null && r.expiresAt <= ctx.time)) {
    throw new CreditChainError('RECORD_EXPIRED', `Record ${id}'s period has ended; it no longer counts and cannot be changed.`, { id });
  }
  if (r.status === 'revoked') throw new CreditChainError('RECORD_BAD_STATUS', `Record ${id} was revoked; it cannot be changed.`, { id });
  return r;
}

export interface CorrectPayload {
  readonly id: number;
  readonly changes: Partial<Pick<RecordInput, 'occurred' | 'ended' | 'amountBand' | 'details' | 'publicityDays'>>;
  readonly reason: string;
}

export const correctAction: ActionDef<CorrectPayload> = {
  module: CREDIT_MODULE,
  action: 'correct',
  parse(payload) {
    const m = readMap(payload, 'payload', ['id', 'reason'], ['occurred', 'ended', 'amountBand', 'details', 'publicityDays']);
    const changes: Record<string, unknown> = {};
    if (m.occurred !== undefined) changes.occurred = readString(m.occurred, 'payload.occurred', 10);
    if (m.ended !== undefined) changes.ended = m.ended === null ? null : readString(m.ended, 'payload.ended', 10);
    if (m.amountBand !== undefined) changes.amountBand = readUint(m.amountBand, 'payload.amountBand', AMOUNT_BANDS.length - 1);
    if (m.details !== undefined) changes.details = m.details === null ? null : readBytes(m.details, 'payload.details', 32);
    if (m.publicityDays !== undefined) changes.publicityDays = m.publicityDays === null ? null : readUint(m.publicityDays, 'payload.publicityDays', 36_525);
    if (Object.keys(changes).length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'A correction must change something: occurred, ended, amountBand, details or publicityDays.');
    return { id: readUint(m.id, 'payload.id'), changes: changes as CorrectPayload['changes'], reason: readReason(m.reason, 'payload.reason') };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const old = ownRecord(ctx, org, p.id, 'correct');
    const next: RecordInput = { ...old, ...p.changes };
    readDates(next.occurred, next.ended, 'the corrected record');
    const category = requireCategory(ctx.suite, ctx.state, old.category);
    // A changed details sidecar must come with this transaction; an unchanged one is already held.
    const expiresAt = checkAgainstCategory(ctx, org, category, { ...next, details: p.changes.details === undefined ? null : next.details }, `record ${p.id}`);
    writeVersion(ctx.suite, ctx.state, old);
    writeRecord(ctx.suite, ctx.state, {
      ...old,
      ...p.changes,
      version: old.version + 1,
      submitter: ctx.sender,
      submitted: ctx.height,
      status: 'pending',
      reviewer: null,
      reviewed: null,
      reason: p.reason,
      expiresAt,
      tx: ctx.txId,
      logIndex: ctx.logIndex,
    });
    return { data: { id: p.id, version: old.version + 1 } };
  },
  sidecars: {
    required: true,
    check(suite, state, tx, commitment, payload) {
      const p = correctAction.parse(tx.body.payload, undefined as never);
      const old = readStoredRecord(suite, state, p.id);
      if (old === undefined || isTombstone(old)) return; // the ledger refuses it with its own code
      checkDetails(suite, state, tx, commitment, payload, () => [{ ...old, ...p.changes }]);
    },
  },
};

export interface RevokePayload {
  readonly id: number;
  readonly reason: string;
}

export const revokeAction: ActionDef<RevokePayload> = {
  module: CREDIT_MODULE,
  action: 'revoke',
  parse(payload) {
    const m = readMap(payload, 'payload', ['id', 'reason']);
    return { id: readUint(m.id, 'payload.id'), reason: readReason(m.reason, 'payload.reason') };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const old = ownRecord(ctx, org, p.id, 'revoke');
    writeVersion(ctx.suite, ctx.state, old);
    writeRecord(ctx.suite, ctx.state, { ...old, version: old.version + 1, submitter: ctx.sender, submitted: ctx.height, status: 'revoked', reason: p.reason, tx: ctx.txId, logIndex: ctx.logIndex });
    return { data: { id: p.id, version: old.version + 1 } };
  },
};

// --- credit.allow-collection ---------------------------------------------------------------

export interface AllowCollectionPayload {
  readonly org: string;
  readonly allow: boolean;
}

export const allowCollectionAction: ActionDef<AllowCollectionPayload> = {
  module: CREDIT_MODULE,
  action: 'allow-collection',
  parse(payload) {
    const m = readMap(payload, 'payload', ['org', 'allow']);
    return { org: readString(m.org, 'payload.org', 64, ORG_ID_PATTERN), allow: readBool(m.allow, 'payload.allow') };
  },
  execute(ctx, p) {
    const account = readAccount(ctx.suite, ctx.state, ctx.sender)!;
    if (account.subject === null) {
      throw new CreditChainError('PERMISSION_DENIED', 'Only a subject, from its own account, can consent to the collection of its information.', { account: ctx.sender });
    }
    if (readOrg(ctx.suite, ctx.state, p.org) === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${p.org}".`, { id: p.org });
    const key = collectConsentKey(ctx.suite, account.subject, p.org);
    ctx.state.put(key, p.allow ? encodeCanonical({ height: ctx.height, tx: ctx.txId }) : null);
    return { data: { org: p.org, allow: p.allow } };
  },
};

// --- expiry, after every block ---------------------------------------------------------------

/** Most queued expiries one block processes; the rest carry over to the next blocks. */
export const MAX_EXPIRIES_PER_BLOCK = 10_000;

/**
 * Expires the records whose period ended by this block's time: the queue of every day since the
 * last one processed, in day order, each in the order queued — at most MAX_EXPIRIES_PER_BLOCK
 * per block, so a day on which a million records end cannot stall a block (reports leave an
 * expired record out by its date whether or not it has been processed yet). A person's negative
 * record is deleted (the regulation, art. 16) — its versions too — and its details sidecars are
 * erased on every node; any other record is kept as `expired` and no longer counts.
 */
export function expireRecords(suite: CryptoSuite, state: StateOverlay, height: number, time: number, genesisTime: number, max = MAX_EXPIRIES_PER_BLOCK): void {
  const today = dayOf(time);
  const clock = readClock(suite, state) ?? { height: 0, time: genesisTime, day: dayOf(genesisTime), pos: 0 };
  let { day, pos } = clock;
  let budget = max;
  while (day < today && budget > 0) {
    const next = day + 1;
    const n = expiryCount(suite, state, next);
    for (; pos < n && budget > 0; pos++, budget--) {
      const id = expiryEntry(suite, state, next, pos);
      removeExpiryEntry(suite, state, next, pos);
      const r = id === undefined ? undefined : readStoredRecord(suite, state, id);
      // Stale entries (corrected to another date, revoked, already gone) are skipped.
      if (r === undefined || isTombstone(r) || r.status !== 'published' || r.expiresAt === null || dayOf(r.expiresAt) !== next) continue;
      const category = requireCategory(suite, state, r.category);
      if (r.subjectKind === 'person' && category.polarity === 'negative') eraseRecord(suite, state, r, height);
      else writeRecord(suite, state, { ...r, status: 'expired' });
    }
    if (pos < n) break; // out of budget in the middle of a day: go on from here next block
    clearExpiryDay(suite, state, next);
    day = next;
    pos = 0;
  }
  // Written only when the queue moved: a block that expires nothing writes no state, so a
  // network's quiet blocks leave its app hash alone (see node abci/app.ts, appHash).
  if (day !== clock.day || pos !== clock.pos) writeClock(suite, state, { height, time, day, pos });
}

function eraseRecord(suite: CryptoSuite, state: StateOverlay, r: CreditRecord, height: number): void {
  eraseDetails(suite, state, r, height, 'retention-ended');
  for (let v = 1; v < r.version; v++) state.put(versionKey(suite, r.id, v), null);
  removeFromSubject(suite, state, r.subject, r.id);
  state.put(recordKey(suite, r.id), encodeCanonical({ id: r.id, status: 'erased', height }));
}
