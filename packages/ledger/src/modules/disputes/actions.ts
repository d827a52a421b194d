// Objections, appeals and complaints (the credit-reporting regulation: a subject may object to
// its information, and the source must check it and answer within a deadline).
//   disputes.object   the subject (or a member on its behalf, with its authorisation) → open; the record shows as disputed
//   disputes.answer   the record's source, before the deadline → upheld (record revoked or corrected, details erased) | rejected
//   (deadline)        unanswered by the deadline → escalated to the regulators, counted against the source
//   disputes.appeal   the subject, after a rejection → appealed
//   disputes.decide   an arbiter, on an escalated or appealed objection → revoke | correct | confirm
//   disputes.complain the subject, about a member's conduct; disputes.rule an arbiter's ruling
import { CreditChainError, decodeCanonical, encodeCanonical, equalBytes, readBytes, readEnum, readMap, readString, readUint, type CborMap, type CryptoSuite } from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import type { StateOverlay } from '../../overlay.js';
import { addToSet, appendToList, readList, removeFromSet, takeId } from '../../state-lists.js';
import { readParams } from '../governance/params.js';
import { senderOrg } from '../identity/accounts.js';
import { ORG_ID_PATTERN, readAccount, readOrg } from '../identity/state.js';
import { dayOf, DAY_MS, parseDate } from '../credit/dates.js';
import { requireRecord, writeRecord } from '../credit/records.js';
import { settleRecord, type RecordChanges, type Settlement } from '../credit/settle.js';
import { AMOUNT_BANDS } from '../credit/scoring.js';
import { subjectSender } from '../subject-account.js';
import {
  COMPLAINT_ABOUT,
  DISPUTES_MODULE,
  addToStanding,
  deadlineList,
  openObjectionsSet,
  disputesClockKey,
  openObjectionOf,
  readComplaint,
  readObjection,
  setOpenObjection,
  subjectComplaintsList,
  subjectObjectionsList,
  writeComplaint,
  writeObjection,
  type Objection,
} from './state.js';

const MAX_REASON = 500;

function reasonOf(v: CborMap[string] | undefined, what: string): string {
  const r = readString(v, what, MAX_REASON);
  if (r.trim() === '') throw new CreditChainError('TX_BAD_PAYLOAD', `${what} must say why, in words.`);
  return r;
}

function evidenceOf(ctx: ActionContext, evidence: Uint8Array | null): void {
  if (evidence !== null && !ctx.sidecars.some((c) => equalBytes(c, evidence))) {
    throw new CreditChainError('TX_BAD_PAYLOAD', "payload.evidence must also be listed in the transaction's sidecar commitments.");
  }
}

function requireObjection(ctx: ActionContext, id: number): Objection {
  const o = readObjection(ctx.suite, ctx.state, id);
  if (o === undefined) throw new CreditChainError('OBJECTION_NOT_FOUND', `There is no objection ${id}.`, { objection: id });
  return o;
}

function badStatus(o: Objection, doing: string): never {
  throw new CreditChainError('OBJECTION_BAD_STATUS', `Objection ${o.id} is ${o.status}; it cannot be ${doing}.`, { objection: o.id, status: o.status });
}

function readChanges(m: CborMap, what: string): RecordChanges {
  const c: Record<string, unknown> = {};
  if (m.occurred !== undefined) c.occurred = readString(m.occurred, `${what}.occurred`, 10);
  if (m.ended !== undefined) c.ended = m.ended === null ? null : readString(m.ended, `${what}.ended`, 10);
  if (m.amountBand !== undefined) c.amountBand = readUint(m.amountBand, `${what}.amountBand`, AMOUNT_BANDS.length - 1);
  if (m.publicityDays !== undefined) c.publicityDays = m.publicityDays === null ? null : readUint(m.publicityDays, `${what}.publicityDays`, 36_525);
  for (const k of ['occurred', 'ended'] as const) if (typeof c[k] === 'string') parseDate(c[k] as string, `${what}.${k}`);
  if (Object.keys(c).length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', `${what} must change something: occurred, ended, amountBand or publicityDays.`);
  return c as RecordChanges;
}

/** A settlement from {outcome, changes?}: revoke, correct (with changes) or confirm. */
type ObjectionSettlement = Exclude<Settlement, { outcome: 'repair' }>;

function readSettlement(m: CborMap, allowed: readonly ('revoke' | 'correct' | 'confirm')[]): ObjectionSettlement {
  const outcome = readEnum(m.outcome, 'payload.outcome', allowed);
  if (outcome === 'correct') return { outcome, changes: readChanges(readMap(m.changes, 'payload.changes', [], ['occurred', 'ended', 'amountBand', 'publicityDays']), 'payload.changes') };
  if (m.changes !== undefined) throw new CreditChainError('TX_BAD_PAYLOAD', `payload.changes goes only with the outcome "correct".`);
  return { outcome };
}

// --- object -------------------------------------------------------------------------------------

export interface ObjectPayload {
  readonly record: number;
  readonly reason: string;
  readonly evidence: Uint8Array | null;
}

export const objectAction: ActionDef<ObjectPayload> = {
  module: DISPUTES_MODULE,
  action: 'object',
  parse(payload) {
    const m = readMap(payload, 'payload', ['record', 'reason'], ['evidence']);
    return { record: readUint(m.record, 'payload.record'), reason: reasonOf(m.reason, 'payload.reason'), evidence: m.evidence === undefined ? null : readBytes(m.evidence, 'payload.evidence', 32) };
  },
  execute(ctx, p) {
    const account = readAccount(ctx.suite, ctx.state, ctx.sender)!;
    const r = requireRecord(ctx.suite, ctx.state, p.record);
    if (account.subject !== null) {
      if (!equalBytes(account.subject, r.subject)) throw new CreditChainError('PERMISSION_DENIED', `Record ${p.record} is not about you; a subject objects only to its own records.`, { record: p.record });
    } else if (p.evidence === null) {
      throw new CreditChainError('TX_BAD_PAYLOAD', "A member objects on a subject's behalf only with the commitment of the subject's authorisation (payload.evidence).");
    }
    evidenceOf(ctx, p.evidence);
    if (r.status !== 'published' && r.status !== 'pending') {
      throw new CreditChainError('RECORD_BAD_STATUS', `Record ${p.record} is ${r.status}; only a pending or published record can be objected to.`, { record: p.record });
    }
    const open = openObjectionOf(ctx.suite, ctx.state, p.record);
    if (open !== undefined) throw new CreditChainError('OBJECTION_EXISTS', `Record ${p.record} already has objection ${open} under way.`, { objection: open });
    const days = readParams(ctx.suite, ctx.state).objectionDeadlineDays;
    // Due by the end of the deadline's last day: 00:00 UTC of the day after.
    const dueDay = dayOf(ctx.time) + days + 1;
    const id = takeId(ctx.suite, ctx.state, DISPUTES_MODULE, 'next');
    writeObjection(ctx.suite, ctx.state, { id, record: p.record, subject: r.subject, source: r.source, filedBy: ctx.sender, reason: p.reason, evidence: p.evidence, height: ctx.height, deadline: dueDay * DAY_MS, status: 'open', answer: null, appeal: null, decision: null });
    setOpenObjection(ctx.suite, ctx.state, p.record, id);
    appendToList(ctx.suite, ctx.state, DISPUTES_MODULE, subjectObjectionsList(r.subject), id);
    appendToList(ctx.suite, ctx.state, DISPUTES_MODULE, deadlineList(dueDay), id);
    addToSet(ctx.suite, ctx.state, DISPUTES_MODULE, openObjectionsSet(r.source), id);
    addToStanding(ctx.suite, ctx.state, r.source, 'objections');
    writeRecord(ctx.suite, ctx.state, { ...r, disputed: true });
    return { data: { objection: id, deadline: dueDay * DAY_MS } };
  },
};

// --- answer -------------------------------------------------------------------------------------

export interface AnswerPayload {
  readonly objection: number;
  readonly decision: 'upheld' | 'rejected';
  readonly settlement: ObjectionSettlement | null;
  readonly reason: string;
}

export const answerAction: ActionDef<AnswerPayload> = {
  module: DISPUTES_MODULE,
  action: 'answer',
  parse(payload) {
    const m = readMap(payload, 'payload', ['objection', 'decision', 'reason'], ['outcome', 'changes']);
    const decision = readEnum(m.decision, 'payload.decision', ['upheld', 'rejected'] as const);
    if (decision === 'rejected' && (m.outcome !== undefined || m.changes !== undefined)) throw new CreditChainError('TX_BAD_PAYLOAD', 'A rejected objection leaves the record as it is: no outcome or changes.');
    if (decision === 'upheld' && m.outcome === undefined) throw new CreditChainError('TX_BAD_PAYLOAD', 'An upheld objection says what becomes of the record: payload.outcome "revoke" or "correct" (with payload.changes).');
    return { objection: readUint(m.objection, 'payload.objection'), decision, settlement: decision === 'upheld' ? readSettlement(m, ['revoke', 'correct']) : null, reason: reasonOf(m.reason, 'payload.reason') };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const o = requireObjection(ctx, p.objection);
    if (o.source !== org.id) throw new CreditChainError('RECORD_NOT_SOURCE', `Objection ${o.id} is to a record of ${o.source}; only its source answers it, not ${org.id}.`, { objection: o.id });
    if (o.status === 'escalated') badStatus(o, 'answered by the source any more: its deadline passed and the regulators decide it');
    if (o.status !== 'open') badStatus(o, 'answered');
    const r = requireRecord(ctx.suite, ctx.state, o.record);
    const step = { by: ctx.sender, height: ctx.height, reason: p.reason, outcome: p.settlement === null ? null : p.settlement.outcome };
    if (p.settlement !== null) {
      settleRecord(ctx, r, p.settlement, p.reason, 'objection-upheld');
      addToStanding(ctx.suite, ctx.state, o.source, 'upheld');
    } else {
      writeRecord(ctx.suite, ctx.state, { ...r, disputed: false });
    }
    writeObjection(ctx.suite, ctx.state, { ...o, status: p.decision, answer: step });
    removeFromSet(ctx.suite, ctx.state, DISPUTES_MODULE, openObjectionsSet(o.source), o.id);
    setOpenObjection(ctx.suite, ctx.state, o.record, p.decision === 'upheld' ? null : o.id);
    return { data: { objection: o.id, status: p.decision } };
  },
};

// --- appeal and decide ---------------------------------------------------------------------------

export const appealAction: ActionDef<{ readonly objection: number; readonly reason: string }> = {
  module: DISPUTES_MODULE,
  action: 'appeal',
  parse(payload) {
    const m = readMap(payload, 'payload', ['objection', 'reason']);
    return { objection: readUint(m.objection, 'payload.objection'), reason: reasonOf(m.reason, 'payload.reason') };
  },
  execute(ctx, p) {
    const subject = subjectSender(ctx, 'appeal');
    const o = requireObjection(ctx, p.objection);
    if (!equalBytes(o.subject, subject.subject)) throw new CreditChainError('PERMISSION_DENIED', `Objection ${o.id} is about another subject's record.`, { objection: o.id });
    if (o.status !== 'rejected') badStatus(o, 'appealed (only a rejected objection can be)');
    writeObjection(ctx.suite, ctx.state, { ...o, status: 'appealed', appeal: { by: ctx.sender, height: ctx.height, reason: p.reason, outcome: null } });
    const r = requireRecord(ctx.suite, ctx.state, o.record);
    writeRecord(ctx.suite, ctx.state, { ...r, disputed: true });
    return { data: { objection: o.id, status: 'appealed' } };
  },
};

export interface DecidePayload {
  readonly objection: number;
  readonly settlement: ObjectionSettlement;
  readonly reason: string;
}

export const decideAction: ActionDef<DecidePayload> = {
  module: DISPUTES_MODULE,
  action: 'decide',
  parse(payload) {
    const m = readMap(payload, 'payload', ['objection', 'outcome', 'reason'], ['changes']);
    return { objection: readUint(m.objection, 'payload.objection'), settlement: readSettlement(m, ['revoke', 'correct', 'confirm']), reason: reasonOf(m.reason, 'payload.reason') };
  },
  execute(ctx, p) {
    const o = requireObjection(ctx, p.objection);
    if (o.status !== 'escalated' && o.status !== 'appealed') badStatus(o, 'decided by an arbiter (only an escalated or appealed objection is)');
    const r = requireRecord(ctx.suite, ctx.state, o.record);
    settleRecord(ctx, r, p.settlement, p.reason, 'objection-upheld');
    if (p.settlement.outcome !== 'confirm') addToStanding(ctx.suite, ctx.state, o.source, 'upheld');
    writeObjection(ctx.suite, ctx.state, { ...o, status: 'decided', decision: { by: ctx.sender, height: ctx.height, reason: p.reason, outcome: p.settlement.outcome } });
    setOpenObjection(ctx.suite, ctx.state, o.record, null);
    return { data: { objection: o.id, status: 'decided', outcome: p.settlement.outcome } };
  },
};

// --- complaints ---------------------------------------------------------------------------------

export const complainAction: ActionDef<{ readonly org: string; readonly about: (typeof COMPLAINT_ABOUT)[number]; readonly reason: string; readonly evidence: Uint8Array | null }> = {
  module: DISPUTES_MODULE,
  action: 'complain',
  parse(payload) {
    const m = readMap(payload, 'payload', ['org', 'about', 'reason'], ['evidence']);
    return { org: readString(m.org, 'payload.org', 64, ORG_ID_PATTERN), about: readEnum(m.about, 'payload.about', COMPLAINT_ABOUT), reason: reasonOf(m.reason, 'payload.reason'), evidence: m.evidence === undefined ? null : readBytes(m.evidence, 'payload.evidence', 32) };
  },
  execute(ctx, p) {
    const subject = subjectSender(ctx, 'file a complaint');
    if (readOrg(ctx.suite, ctx.state, p.org) === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${p.org}".`, { id: p.org });
    evidenceOf(ctx, p.evidence);
    const id = takeId(ctx.suite, ctx.state, DISPUTES_MODULE, 'complaint-next');
    writeComplaint(ctx.suite, ctx.state, { id, subject: subject.subject, org: p.org, about: p.about, reason: p.reason, evidence: p.evidence, height: ctx.height, status: 'open', decision: null });
    appendToList(ctx.suite, ctx.state, DISPUTES_MODULE, subjectComplaintsList(subject.subject), id);
    addToStanding(ctx.suite, ctx.state, p.org, 'complaints');
    return { data: { complaint: id } };
  },
};

export const ruleAction: ActionDef<{ readonly complaint: number; readonly upheld: boolean; readonly reason: string }> = {
  module: DISPUTES_MODULE,
  action: 'rule',
  parse(payload) {
    const m = readMap(payload, 'payload', ['complaint', 'decision', 'reason']);
    return { complaint: readUint(m.complaint, 'payload.complaint'), upheld: readEnum(m.decision, 'payload.decision', ['upheld', 'dismissed'] as const) === 'upheld', reason: reasonOf(m.reason, 'payload.reason') };
  },
  execute(ctx, p) {
    const c = readComplaint(ctx.suite, ctx.state, p.complaint);
    if (c === undefined) throw new CreditChainError('COMPLAINT_NOT_FOUND', `There is no complaint ${p.complaint}.`, { complaint: p.complaint });
    if (c.status !== 'open') throw new CreditChainError('COMPLAINT_BAD_STATUS', `Complaint ${c.id} was already ${c.status}.`, { complaint: c.id });
    writeComplaint(ctx.suite, ctx.state, { ...c, status: p.upheld ? 'upheld' : 'dismissed', decision: { by: ctx.sender, height: ctx.height, reason: p.reason, outcome: null } });
    if (p.upheld) addToStanding(ctx.suite, ctx.state, c.org, 'complaintsUpheld');
    return { data: { complaint: c.id, status: p.upheld ? 'upheld' : 'dismissed' } };
  },
};

// --- deadlines, after every block ------------------------------------------------------------------

/**
 * Escalates every objection still open when its deadline passes: from the first block whose day
 * is the due day (00:00 UTC after the last day to answer), not one block before. It goes to the
 * regulators' queue and counts against the source's standing.
 */
export function escalateOverdue(suite: CryptoSuite, state: StateOverlay, time: number, genesisTime: number): void {
  const key = disputesClockKey(suite);
  const b = state.getState(key);
  const last = b === undefined ? dayOf(genesisTime) : (decodeCanonical(b) as number);
  const today = dayOf(time);
  if (today <= last) return;
  for (let day = last + 1; day <= today; day++) {
    for (const id of readList(suite, state, DISPUTES_MODULE, deadlineList(day))) {
      const o = readObjection(suite, state, id);
      if (o === undefined || o.status !== 'open') continue;
      writeObjection(suite, state, { ...o, status: 'escalated' });
      removeFromSet(suite, state, DISPUTES_MODULE, openObjectionsSet(o.source), o.id);
      addToStanding(suite, state, o.source, 'overdue');
    }
  }
  state.put(key, encodeCanonical(today));
}

