// Objections, complaints and members' standing.
//   disputes/next, disputes/objection/<id>   → Objection
//   disputes/record/<record>                → the id of the record's objection under way
//   disputes/subject/<ref> (list)           → a subject's objections
//   disputes/deadline/<day> (list)          → objections whose answer is due by 00:00 UTC of that day
//   disputes/clock                          → the last day whose deadlines were processed
//   disputes/complaint-next, complaint/<id> → Complaint; disputes/complaints/<ref> (list)
//   disputes/standing/<org>                 → Standing: what the record says of a member's conduct
import { decodeCanonical, encodeCanonical, readBytes, readEnum, readMap, readString, readUint, toHex, type CborMap, type CborValue, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';

export const DISPUTES_MODULE = 'disputes';

export const OBJECTION_STATUSES = ['open', 'upheld', 'rejected', 'escalated', 'appealed', 'decided'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OUTCOMES = ['revoke', 'correct', 'confirm'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Step {
  readonly by: string;
  readonly height: number;
  readonly reason: string;
  /** What was done to the record, if anything. */
  readonly outcome: Outcome | null;
}

export interface Objection {
  readonly id: number;
  readonly record: number;
  readonly subject: Uint8Array;
  /** The source organisation that must answer. */
  readonly source: string;
  readonly filedBy: string;
  readonly reason: string;
  readonly evidence: Uint8Array | null;
  readonly height: number;
  /** Block time (ms) by which the source must answer: 00:00 UTC after the deadline's last day. */
  readonly deadline: number;
  readonly status: ObjectionStatus;
  readonly answer: Step | null;
  readonly appeal: Step | null;
  readonly decision: Step | null;
}

export const COMPLAINT_ABOUT = ['unauthorised-query', 'record-kept-after-upheld-objection', 'wrong-record', 'other'] as const;

export interface Complaint {
  readonly id: number;
  readonly subject: Uint8Array;
  readonly org: string;
  readonly about: (typeof COMPLAINT_ABOUT)[number];
  readonly reason: string;
  readonly evidence: Uint8Array | null;
  readonly height: number;
  readonly status: 'open' | 'upheld' | 'dismissed';
  readonly decision: Step | null;
}

export interface Standing {
  readonly objections: number;
  readonly upheld: number;
  readonly overdue: number;
  readonly complaints: number;
  readonly complaintsUpheld: number;
}

const nullable = <T>(v: CborValue | undefined, read: (v: CborValue) => T): T | null => (v === null ? null : read(v!));

function stepToCbor(s: Step | null): CborValue {
  return s === null ? null : { by: s.by, height: s.height, reason: s.reason, outcome: s.outcome };
}

function readStep(v: CborValue, what: string): Step {
  const m = readMap(v, what, ['by', 'height', 'reason', 'outcome']);
  return { by: readString(m.by, `${what}.by`, 64), height: readUint(m.height, `${what}.height`), reason: readString(m.reason, `${what}.reason`, 500), outcome: nullable(m.outcome, (x) => readEnum(x, `${what}.outcome`, OUTCOMES)) };
}

export function objectionToCbor(o: Objection): CborMap {
  return { id: o.id, record: o.record, subject: o.subject, source: o.source, filedBy: o.filedBy, reason: o.reason, evidence: o.evidence, height: o.height, deadline: o.deadline, status: o.status, answer: stepToCbor(o.answer), appeal: stepToCbor(o.appeal), decision: stepToCbor(o.decision) };
}

export function decodeObjection(bytes: Uint8Array): Objection {
  const m = readMap(decodeCanonical(bytes), 'objection', ['id', 'record', 'subject', 'source', 'filedBy', 'reason', 'evidence', 'height', 'deadline', 'status', 'answer', 'appeal', 'decision']);
  return {
    id: readUint(m.id, 'objection.id'),
    record: readUint(m.record, 'objection.record'),
    subject: readBytes(m.subject, 'objection.subject', 32),
    source: readString(m.source, 'objection.source', 64),
    filedBy: readString(m.filedBy, 'objection.filedBy', 64),
    reason: readString(m.reason, 'objection.reason', 500),
    evidence: nullable(m.evidence, (v) => readBytes(v, 'objection.evidence', 32)),
    height: readUint(m.height, 'objection.height'),
    deadline: readUint(m.deadline, 'objection.deadline'),
    status: readEnum(m.status, 'objection.status', OBJECTION_STATUSES),
    answer: nullable(m.answer, (v) => readStep(v, 'objection.answer')),
    appeal: nullable(m.appeal, (v) => readStep(v, 'objection.appeal')),
    decision: nullable(m.decision, (v) => readStep(v, 'objection.decision')),
  };
}

export function complaintToCbor(c: Complaint): CborMap {
  return { id: c.id, subject: c.subject, org: c.org, about: c.about, reason: c.reason, evidence: c.evidence, height: c.height, status: c.status, decision: stepToCbor(c.decision) };
}

export function decodeComplaint(bytes: Uint8Array): Complaint {
  const m = readMap(decodeCanonical(bytes), 'complaint', ['id', 'subject', 'org', 'about', 'reason', 'evidence', 'height', 'status', 'decision']);
  return {
    id: readUint(m.id, 'complaint.id'),
    subject: readBytes(m.subject, 'complaint.subject', 32),
    org: readString(m.org, 'complaint.org', 64),
    about: readEnum(m.about, 'complaint.about', COMPLAINT_ABOUT),
    reason: readString(m.reason, 'complaint.reason', 500),
    evidence: nullable(m.evidence, (v) => readBytes(v, 'complaint.evidence', 32)),
    height: readUint(m.height, 'complaint.height'),
    status: readEnum(m.status, 'complaint.status', ['open', 'upheld', 'dismissed'] as const),
    decision: nullable(m.decision, (v) => readStep(v, 'complaint.decision')),
  };
}

export const objectionKey = (suite: CryptoSuite, id: number) => stateKey(suite, DISPUTES_MODULE, `objection/${id}`);
export const recordObjectionKey = (suite: CryptoSuite, record: number) => stateKey(suite, DISPUTES_MODULE, `record/${record}`);
export const complaintKey = (suite: CryptoSuite, id: number) => stateKey(suite, DISPUTES_MODULE, `complaint/${id}`);
export const standingKey = (suite: CryptoSuite, org: string) => stateKey(suite, DISPUTES_MODULE, `standing/${org}`);
export const disputesClockKey = (suite: CryptoSuite) => stateKey(suite, DISPUTES_MODULE, 'clock');
export const subjectObjectionsList = (subject: Uint8Array) => `subject/${toHex(subject)}`;
export const subjectComplaintsList = (subject: Uint8Array) => `complaints/${toHex(subject)}`;
export const deadlineList = (day: number) => `deadline/${day}`;
/** The set (state-lists.ts) of the open objections to an organisation's records: those it must answer. */
export const openObjectionsSet = (org: string) => `open/${org}`;

export function readObjection(suite: CryptoSuite, state: StateReader, id: number): Objection | undefined {
  const b = state.getState(objectionKey(suite, id));
  return b === undefined ? undefined : decodeObjection(b);
}

export function writeObjection(suite: CryptoSuite, state: StateOverlay, o: Objection): void {
  state.put(objectionKey(suite, o.id), encodeCanonical(objectionToCbor(o)));
}

export function readComplaint(suite: CryptoSuite, state: StateReader, id: number): Complaint | undefined {
  const b = state.getState(complaintKey(suite, id));
  return b === undefined ? undefined : decodeComplaint(b);
}

export function writeComplaint(suite: CryptoSuite, state: StateOverlay, c: Complaint): void {
  state.put(complaintKey(suite, c.id), encodeCanonical(complaintToCbor(c)));
}

export const NO_STANDING: Standing = { objections: 0, upheld: 0, overdue: 0, complaints: 0, complaintsUpheld: 0 };

export function readStanding(suite: CryptoSuite, state: StateReader, org: string): Standing {
  const b = state.getState(standingKey(suite, org));
  if (b === undefined) return NO_STANDING;
  const m = readMap(decodeCanonical(b), 'standing', ['objections', 'upheld', 'overdue', 'complaints', 'complaintsUpheld']);
  return { objections: readUint(m.objections, 'standing.objections'), upheld: readUint(m.upheld, 'standing.upheld'), overdue: readUint(m.overdue, 'standing.overdue'), complaints: readUint(m.complaints, 'standing.complaints'), complaintsUpheld: readUint(m.complaintsUpheld, 'standing.complaintsUpheld') };
}

export function addToStanding(suite: CryptoSuite, state: StateOverlay, org: string, field: keyof Standing): void {
  const s = readStanding(suite, state, org);
  state.put(standingKey(suite, org), encodeCanonical({ ...s, [field]: s[field] + 1 }));
}

export function openObjectionOf(suite: CryptoSuite, state: StateReader, record: number): number | undefined {
  const b = state.getState(recordObjectionKey(suite, record));
  return b === undefined ? undefined : readUint(decodeCanonical(b), 'record objection');
}

export function setOpenObjection(suite: CryptoSuite, state: StateOverlay, record: number, id: number | null): void {
  state.put(recordObjectionKey(suite, record), id === null ? null : encodeCanonical(id));
}
