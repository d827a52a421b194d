// Subjects' rights over the API: consents and the query log, objections, complaints, members'
// standing, repair applications, and the server-sent event streams (events.ts). Every read but
// standing and the block stream is signed, and served only to the readers the route names:
//   the subject itself; regulators (readerRelation 'regulator'); "oversight" — regulators and
//   arbiters, who decide escalated objections and complaints; and the member concerned (the
//   organisation a consent was given to, a record's source, the member complained about).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreditChainError, fromHex, toHex, type CryptoSuite } from '@creditchain/core';
import {
  CONSENT_MODULE,
  DISPUTES_MODULE,
  REPAIR_MODULE,
  countOf,
  readApplication,
  readComplaint,
  readConsent,
  readList,
  readObjection,
  readOrg,
  readQuery,
  readStanding,
  readerRelation,
  subjectApplicationsList,
  subjectComplaintsList,
  subjectConsentsList,
  subjectObjectionsList,
  subjectQueriesList,
  type Account,
  type Application,
  type Complaint,
  type Consent,
  type Objection,
  type Query,
  type StateReader,
  type Step,
} from '@creditchain/ledger';
import type { OBJECTION_FILTERS } from '@creditchain/sdk';
import { serveEventStream } from './events.js';
import { requireReader } from './read-auth.js';
import type { NodeService } from './service.js';

const iso = (ms: number) => new Date(ms).toISOString();
const hexOrNull = (b: Uint8Array | null) => (b === null ? null : toHex(b));
const stepJson = (s: Step | null) => (s === null ? null : { by: s.by, height: s.height, reason: s.reason, outcome: s.outcome });

export function consentJson(c: Consent, headTime: number) {
  const status = c.revoked !== null ? 'revoked' : c.until <= headTime ? 'expired' : c.singleUse && c.uses > 0 ? 'used' : 'active';
  return {
    id: c.id,
    subject: toHex(c.subject),
    org: c.org,
    purpose: c.purpose,
    scope: c.scope === null ? null : [...c.scope],
    until: iso(c.until),
    singleUse: c.singleUse,
    grantedBy: c.grantedBy,
    evidence: hexOrNull(c.evidence),
    height: c.height,
    revoked: c.revoked,
    uses: c.uses,
    status,
  };
}

export function queryJson(q: Query) {
  return {
    id: q.id,
    subject: toHex(q.subject),
    querier: q.querier,
    org: q.org,
    purpose: q.purpose,
    basis: q.basis,
    consent: q.consent,
    scope: q.scope === null ? null : [...q.scope],
    publicOnly: q.publicOnly,
    height: q.height,
    time: iso(q.time),
    tx: toHex(q.tx),
    logIndex: q.logIndex,
  };
}

export function objectionJson(o: Objection) {
  return {
    id: o.id,
    record: o.record,
    subject: toHex(o.subject),
    source: o.source,
    filedBy: o.filedBy,
    reason: o.reason,
    evidence: hexOrNull(o.evidence),
    height: o.height,
    deadline: iso(o.deadline),
    status: o.status,
    answer: stepJson(o.answer),
    appeal: stepJson(o.appeal),
    decision: stepJson(o.decision),
  };
}

export function complaintJson(c: Complaint) {
  return { id: c.id, subject: toHex(c.subject), org: c.org, about: c.about, reason: c.reason, evidence: hexOrNull(c.evidence), height: c.height, status: c.status, decision: stepJson(c.decision) };
}

export function repairJson(a: Application) {
  return { id: a.id, record: a.record, subject: toHex(a.subject), source: a.source, reason: a.reason, evidence: toHex(a.evidence), height: a.height, status: a.status, decidedBy: a.decidedBy, decision: a.decision, decided: a.decided };
}

function notEntitled(what: string, who: string): never {
  throw new CreditChainError('READ_NOT_ENTITLED', `${what} is served only to ${who}.`);
}

/** Does an objection match a list filter? overdue = escalated; awaiting-decision = escalated or appealed. */
export function objectionMatches(o: Objection, status: (typeof OBJECTION_FILTERS)[number] | undefined): boolean {
  if (status === undefined) return true;
  if (status === 'overdue') return o.status === 'escalated';
  if (status === 'awaiting-decision') return o.status === 'escalated' || o.status === 'appealed';
  return o.status === status;
}

/** Newest first: ids count, count-1, … 1, kept while `keep` says so, at most `limit`. */
export function newestFirst<T>(count: number, read: (id: number) => T | undefined, keep: (x: T) => boolean, limit: number): T[] {
  const out: T[] = [];
  for (let id = count; id >= 1 && out.length < limit; id--) {
    const x = read(id);
    if (x !== undefined && keep(x)) out.push(x);
  }
  return out;
}

/** Regulators, and accounts with the arbiter role of an active organisation: who decides escalated objections and complaints. */
export function isOversight(suite: CryptoSuite, state: StateReader, reader: Account): boolean {
  if (reader.org === null) return false;
  const org = readOrg(suite, state, reader.org);
  return org !== undefined && org.status === 'active' && (org.type === 'regulator' || reader.roles.includes('arbiter'));
}

export function rightsHandlers(service: NodeService) {
  const chain = service.chain;
  const events = service.events;
  const suite = chain.suite;
  const state = () => chain.storage;
  const height = () => chain.head.header.height;

  const subjectOf = (req: FastifyRequest) => fromHex((req.params as { ref: string }).ref, 32);
  const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;

  const oversight = (reader: Account) => isOversight(suite, state(), reader);

  /** The subject itself or a regulator: for a subject's consents, queries and events. */
  function subjectOrRegulator(reader: Account, subject: Uint8Array, what: string): void {
    const relation = readerRelation(suite, state(), reader, subject);
    if (relation !== 'subject' && relation !== 'regulator') notEntitled(what, 'the subject itself and regulators');
  }

  function requireOversight(reader: Account, what: string): void {
    if (!oversight(reader)) notEntitled(what, 'regulators and arbiters');
  }

  return {
    subjectConsents: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      subjectOrRegulator(reader, subject, "A subject's consents");
      const time = chain.head.header.time;
      const consents = readList(suite, state(), CONSENT_MODULE, subjectConsentsList(subject))
        .reverse()
        .map((id) => readConsent(suite, state(), id))
        .filter((c): c is Consent => c !== undefined)
        .map((c) => consentJson(c, time));
      return { subject: toHex(subject), height: height(), consents };
    },
    consent: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const id = idOf(req);
      const c = readConsent(suite, state(), id);
      if (c === undefined) throw new CreditChainError('CONSENT_NOT_FOUND', `There is no consent ${id}.`, { consent: id });
      const relation = readerRelation(suite, state(), reader, c.subject);
      if (relation !== 'subject' && relation !== 'regulator' && reader.org !== c.org) notEntitled(`Consent ${id}`, 'its subject, the organisation it was given to, and regulators');
      return consentJson(c, chain.head.header.time);
    },
    subjectQueries: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      subjectOrRegulator(reader, subject, 'Who queried a subject');
      const queries = readList(suite, state(), CONSENT_MODULE, subjectQueriesList(subject))
        .reverse()
        .map((id) => readQuery(suite, state(), id))
        .filter((q): q is Query => q !== undefined)
        .map(queryJson);
      return { subject: toHex(subject), height: height(), queries };
    },
    objections: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      requireOversight(reader, 'The list of objections');
      const { status, limit } = req.query as { status?: (typeof OBJECTION_FILTERS)[number]; limit?: number };
      const list = newestFirst(countOf(suite, state(), DISPUTES_MODULE, 'next'), (id) => readObjection(suite, state(), id), (o) => objectionMatches(o, status), limit ?? 100);
      return { height: height(), objections: list.map(objectionJson) };
    },
    objection: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const id = idOf(req);
      const o = readObjection(suite, state(), id);
      if (o === undefined) throw new CreditChainError('OBJECTION_NOT_FOUND', `There is no objection ${id}.`, { objection: id });
      const relation = readerRelation(suite, state(), reader, o.subject);
      if (relation !== 'subject' && !oversight(reader) && reader.org !== o.source) notEntitled(`Objection ${id}`, "its subject, the record's source, regulators and arbiters");
      return objectionJson(o);
    },
    subjectObjections: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      const relation = readerRelation(suite, state(), reader, subject);
      if (relation === 'other-subject') notEntitled("Another subject's objections", 'the subject itself, regulators, arbiters and the sources of its records');
      const all = relation === 'subject' || oversight(reader);
      const objections = readList(suite, state(), DISPUTES_MODULE, subjectObjectionsList(subject))
        .reverse()
        .map((id) => readObjection(suite, state(), id))
        .filter((o): o is Objection => o !== undefined && (all || o.source === reader.org))
        .map(objectionJson);
      return { subject: toHex(subject), height: height(), objections };
    },
    complaints: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      requireOversight(reader, 'The list of complaints');
      const { status, limit } = req.query as { status?: Complaint['status']; limit?: number };
      const list = newestFirst(countOf(suite, state(), DISPUTES_MODULE, 'complaint-next'), (id) => readComplaint(suite, state(), id), (c) => status === undefined || c.status === status, limit ?? 100);
      return { height: height(), complaints: list.map(complaintJson) };
    },
    complaint: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const id = idOf(req);
      const c = readComplaint(suite, state(), id);
      if (c === undefined) throw new CreditChainError('COMPLAINT_NOT_FOUND', `There is no complaint ${id}.`, { complaint: id });
      const relation = readerRelation(suite, state(), reader, c.subject);
      if (relation !== 'subject' && !oversight(reader) && reader.org !== c.org) notEntitled(`Complaint ${id}`, 'its subject, the member complained about, regulators and arbiters');
      return complaintJson(c);
    },
    subjectComplaints: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      if (readerRelation(suite, state(), reader, subject) !== 'subject' && !oversight(reader)) notEntitled("A subject's complaints", 'the subject itself, regulators and arbiters');
      const complaints = readList(suite, state(), DISPUTES_MODULE, subjectComplaintsList(subject))
        .reverse()
        .map((id) => readComplaint(suite, state(), id))
        .filter((c): c is Complaint => c !== undefined)
        .map(complaintJson);
      return { subject: toHex(subject), height: height(), complaints };
    },
    orgStanding: (req: FastifyRequest) => {
      const { id } = req.params as { id: string };
      if (readOrg(suite, state(), id) === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${id}" on chain ${chain.genesis.chainId}.`, { id });
      return { org: id, height: height(), ...readStanding(suite, state(), id) };
    },
    repair: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const id = idOf(req);
      const a = readApplication(suite, state(), id);
      if (a === undefined) throw new CreditChainError('REPAIR_NOT_FOUND', `There is no repair application ${id}.`, { application: id });
      const relation = readerRelation(suite, state(), reader, a.subject);
      if (relation !== 'subject' && relation !== 'regulator' && reader.org !== a.source) notEntitled(`Repair application ${id}`, "its subject, the record's source and regulators");
      return repairJson(a);
    },
    subjectRepairs: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      const relation = readerRelation(suite, state(), reader, subject);
      if (relation === 'other-subject') notEntitled("Another subject's repair applications", "the subject itself, regulators and the sources of its records");
      const all = relation === 'subject' || relation === 'regulator';
      const repairs = readList(suite, state(), REPAIR_MODULE, subjectApplicationsList(subject))
        .reverse()
        .map((id) => readApplication(suite, state(), id))
        .filter((a): a is Application => a !== undefined && (all || a.source === reader.org))
        .map(repairJson);
      return { subject: toHex(subject), height: height(), repairs };
    },
    subjectEvents: (req: FastifyRequest, reply: FastifyReply) => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      subjectOrRegulator(reader, subject, "A subject's events");
      serveEventStream(req, reply, height(), (send) => events.onSubject(toHex(subject), (c) => send(c.event, c.data, c.data.height as number)));
    },
    events: (req: FastifyRequest, reply: FastifyReply) => {
      serveEventStream(req, reply, height(), (send) => events.onBlocks((b) => send('block', b, b.height)));
    },
  };
}
