// Credit repair and lawful erasure.
//   repair.apply  the subject, for a published negative record whose category's minimum publicity
//                 period has passed, with evidence the obligation is fulfilled (a sidecar)
//   repair.decide the record's source (a reviewer) or a regulator → approved: the record is
//                 `repaired`, leaves reports and scores, its details are erased; its history stays
//   repair.erase  an arbiter carrying out a court order: the record's details are erased
// State: repair/next, repair/application/<id>, repair/record/<record> (the application under way),
// repair/subject/<ref> (list: a subject's applications, so it can follow each case).
import { CreditChainError, decodeCanonical, encodeCanonical, equalBytes, readBool, readBytes, readEnum, readMap, readString, readUint, toHex, type CborMap, type CryptoSuite } from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { appendToList, takeId } from '../../state-lists.js';
import { senderOrg } from '../identity/accounts.js';
import { requireCategory } from '../credit/categories.js';
import { dayOf, formatDate, parseDate } from '../credit/dates.js';
import { eraseDetails } from '../credit/erasure.js';
import { requireRecord } from '../credit/records.js';
import { settleRecord } from '../credit/settle.js';
import { subjectSender } from '../subject-account.js';

export const REPAIR_MODULE = 'repair';

export interface Application {
  readonly id: number;
  readonly record: number;
  readonly subject: Uint8Array;
  readonly source: string;
  readonly reason: string;
  readonly evidence: Uint8Array;
  readonly height: number;
  readonly status: 'open' | 'approved' | 'refused';
  readonly decidedBy: string | null;
  readonly decision: string | null;
  readonly decided: number | null;
}

const FIELDS = ['id', 'record', 'subject', 'source', 'reason', 'evidence', 'height', 'status', 'decidedBy', 'decision', 'decided'];

export const applicationKey = (suite: CryptoSuite, id: number) => stateKey(suite, REPAIR_MODULE, `application/${id}`);
const recordApplicationKey = (suite: CryptoSuite, record: number) => stateKey(suite, REPAIR_MODULE, `record/${record}`);

export function applicationToCbor(a: Application): CborMap {
  return { id: a.id, record: a.record, subject: a.subject, source: a.source, reason: a.reason, evidence: a.evidence, height: a.height, status: a.status, decidedBy: a.decidedBy, decision: a.decision, decided: a.decided };
}

/** The list (state-lists.ts) of a subject's repair applications, oldest first. */
export const subjectApplicationsList = (subject: Uint8Array) => `subject/${toHex(subject)}`;

export function readApplication(suite: CryptoSuite, state: StateReader, id: number): Application | undefined {
  const b = state.getState(applicationKey(suite, id));
  if (b === undefined) return undefined;
  const m = readMap(decodeCanonical(b), 'application', FIELDS);
  return {
    id: readUint(m.id, 'application.id'),
    record: readUint(m.record, 'application.record'),
    subject: readBytes(m.subject, 'application.subject', 32),
    source: readString(m.source, 'application.source', 64),
    reason: readString(m.reason, 'application.reason', 500),
    evidence: readBytes(m.evidence, 'application.evidence', 32),
    height: readUint(m.height, 'application.height'),
    status: readEnum(m.status, 'application.status', ['open', 'approved', 'refused'] as const),
    decidedBy: m.decidedBy === null ? null : readString(m.decidedBy, 'application.decidedBy', 64),
    decision: m.decision === null ? null : readString(m.decision, 'application.decision', 500),
    decided: m.decided === null ? null : readUint(m.decided, 'application.decided'),
  };
}

function writeApplication(suite: CryptoSuite, state: StateOverlay, a: Application): void {
  state.put(applicationKey(suite, a.id), encodeCanonical(applicationToCbor(a)));
}

function reasonOf(v: CborMap[string] | undefined, what: string): string {
  const r = readString(v, what, 500);
  if (r.trim() === '') throw new CreditChainError('TX_BAD_PAYLOAD', `${what} must say why, in words.`);
  return r;
}

function listedSidecar(ctx: ActionContext, c: Uint8Array): void {
  if (!ctx.sidecars.some((x) => equalBytes(x, c))) throw new CreditChainError('TX_BAD_PAYLOAD', "payload.evidence must also be listed in the transaction's sidecar commitments.");
}

export const applyAction: ActionDef<{ readonly record: number; readonly reason: string; readonly evidence: Uint8Array }> = {
  module: REPAIR_MODULE,
  action: 'apply',
  parse(payload) {
    const m = readMap(payload, 'payload', ['record', 'reason', 'evidence']);
    return { record: readUint(m.record, 'payload.record'), reason: reasonOf(m.reason, 'payload.reason'), evidence: readBytes(m.evidence, 'payload.evidence', 32) };
  },
  execute(ctx, p) {
    const subject = subjectSender(ctx, 'apply for credit repair');
    const r = requireRecord(ctx.suite, ctx.state, p.record);
    if (!equalBytes(r.subject, subject.subject)) throw new CreditChainError('PERMISSION_DENIED', `Record ${p.record} is not about you; a subject applies to repair only its own records.`, { record: p.record });
    listedSidecar(ctx, p.evidence);
    const category = requireCategory(ctx.suite, ctx.state, r.category);
    if (category.polarity !== 'negative' || r.status !== 'published') {
      throw new CreditChainError('REPAIR_NOT_ALLOWED', `Record ${p.record} is a ${r.status} ${category.polarity} record; only a published negative record can be repaired.`, { record: p.record });
    }
    if (category.retention.kind !== 'publicity') {
      throw new CreditChainError('REPAIR_NOT_ALLOWED', `"${category.code}" records are not repaired: they count until ${category.retention.years} years after the behaviour ended, by law.`, { record: p.record, category: category.code });
    }
    const earliest = parseDate(r.occurred, 'occurred') + category.retention.minDays;
    if (dayOf(ctx.time) < earliest) {
      throw new CreditChainError('REPAIR_NOT_ALLOWED', `Record ${p.record} can be repaired from ${formatDate(earliest)}, once its minimum publicity period of ${category.retention.minDays} days has passed.`, { record: p.record, from: formatDate(earliest) });
    }
    const open = ctx.state.getState(recordApplicationKey(ctx.suite, p.record));
    if (open !== undefined) throw new CreditChainError('REPAIR_NOT_ALLOWED', `Record ${p.record} already has repair application ${String(decodeCanonical(open))} under way.`, { record: p.record });
    const id = takeId(ctx.suite, ctx.state, REPAIR_MODULE, 'next');
    writeApplication(ctx.suite, ctx.state, { id, record: p.record, subject: r.subject, source: r.source, reason: p.reason, evidence: p.evidence, height: ctx.height, status: 'open', decidedBy: null, decision: null, decided: null });
    ctx.state.put(recordApplicationKey(ctx.suite, p.record), encodeCanonical(id));
    appendToList(ctx.suite, ctx.state, REPAIR_MODULE, subjectApplicationsList(r.subject), id);
    return { data: { application: id } };
  },
};

export const decideRepairAction: ActionDef<{ readonly application: number; readonly approve: boolean; readonly reason: string }> = {
  module: REPAIR_MODULE,
  action: 'decide',
  parse(payload) {
    const m = readMap(payload, 'payload', ['application', 'approve', 'reason']);
    return { application: readUint(m.application, 'payload.application'), approve: readBool(m.approve, 'payload.approve'), reason: reasonOf(m.reason, 'payload.reason') };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const a = readApplication(ctx.suite, ctx.state, p.application);
    if (a === undefined) throw new CreditChainError('REPAIR_NOT_FOUND', `There is no repair application ${p.application}.`, { application: p.application });
    if (a.status !== 'open') throw new CreditChainError('REPAIR_BAD_STATUS', `Repair application ${a.id} was already ${a.status}.`, { application: a.id });
    if (org.id !== a.source && org.type !== 'regulator') {
      throw new CreditChainError('PERMISSION_DENIED', `Repair application ${a.id} is decided by the record's source ${a.source} or a regulator, not ${org.id}.`, { application: a.id });
    }
    if (p.approve) settleRecord(ctx, requireRecord(ctx.suite, ctx.state, a.record), { outcome: 'repair' }, p.reason, 'repaired');
    writeApplication(ctx.suite, ctx.state, { ...a, status: p.approve ? 'approved' : 'refused', decidedBy: ctx.sender, decision: p.reason, decided: ctx.height });
    ctx.state.put(recordApplicationKey(ctx.suite, a.record), null);
    return { data: { application: a.id, status: p.approve ? 'approved' : 'refused' } };
  },
};

export const eraseAction: ActionDef<{ readonly record: number; readonly reason: string; readonly order: Uint8Array }> = {
  module: REPAIR_MODULE,
  action: 'erase',
  parse(payload) {
    const m = readMap(payload, 'payload', ['record', 'reason', 'order']);
    return { record: readUint(m.record, 'payload.record'), reason: reasonOf(m.reason, 'payload.reason'), order: readBytes(m.order, 'payload.order', 32) };
  },
  execute(ctx, p) {
    listedSidecar(ctx, p.order);
    const r = requireRecord(ctx.suite, ctx.state, p.record);
    const erased = eraseDetails(ctx.suite, ctx.state, r, ctx.height, 'court-order');
    return { data: { record: p.record, erased } };
  },
};
