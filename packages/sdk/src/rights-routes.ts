// Subjects' rights routes, part of the one route table (routes.ts): consents and the query log,
// objections, complaints, members' standing, repair applications, and the server-sent event
// streams. Reads marked "signed" need the reader's signature headers (docs/protocol.md,
// "Authenticated reads") and are served only to the readers each summary names. "Oversight"
// means regulators (any account of an active regulator organisation) and arbiters (accounts
// with the arbiter role), who decide escalated objections and complaints.
import { COMPLAINT_ABOUT, OBJECTION_STATUSES, OUTCOMES, PURPOSES, QUERY_BASES } from '@creditchain/ledger';

const hex32 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: '32 bytes, lowercase hex' } as const;
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const time = { type: 'string', format: 'date-time' } as const;
const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const codes = nullable({ type: 'array', items: { type: 'string' }, description: 'category codes, or null for all' } as const);

const refParams = { type: 'object', required: ['ref'], properties: { ref: { ...hex32, description: 'the subject reference (creditchain subject ref)' } } } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { ...uint, minimum: 1 } } } as const;
const orgParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } } } as const;
const limitQuery = { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'at most this many, newest first' } } as const;

/** Objection statuses a list may be filtered by: each status, `overdue` (escalated: its source missed the deadline) and `awaiting-decision` (escalated or appealed: for an arbiter). */
export const OBJECTION_FILTERS = [...OBJECTION_STATUSES, 'overdue', 'awaiting-decision'] as const;
export const COMPLAINT_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export const REPAIR_STATUSES = ['open', 'approved', 'refused'] as const;

const consentProps = {
  id: uint,
  subject: hex32,
  org: { type: 'string', description: 'the organisation that may query' },
  purpose: { type: 'string', enum: PURPOSES },
  scope: codes,
  until: { ...time, description: 'block time after which it allows no query' },
  singleUse: { type: 'boolean' },
  grantedBy: { type: 'string', description: "the account that recorded it: the subject's own, or the member holding a signed authorisation" },
  evidence: nullable({ ...hex32, description: "commitment of the signed authorisation, when a member recorded it" }),
  height: uint,
  revoked: nullable({ ...uint, description: 'height it was revoked at' }),
  uses: uint,
  status: { type: 'string', enum: ['active', 'revoked', 'expired', 'used'], description: 'at the head block' },
} as const;
const consentSchema = { type: 'object', required: Object.keys(consentProps), properties: consentProps } as const;

const queryProps = {
  id: uint,
  subject: hex32,
  querier: { type: 'string', description: 'the account that queried' },
  org: { type: 'string' },
  purpose: { type: 'string', enum: PURPOSES },
  basis: { type: 'string', enum: QUERY_BASES },
  consent: nullable(uint),
  scope: codes,
  publicOnly: { type: 'boolean', description: "only enterprises' public-credit information (a query without consent)" },
  height: uint,
  time,
  tx: hex32,
  logIndex: { ...uint, description: 'where the query is on the record (the transaction log)' },
} as const;
const querySchema = { type: 'object', required: Object.keys(queryProps), properties: queryProps } as const;

const stepSchema = nullable({
  type: 'object',
  required: ['by', 'height', 'reason', 'outcome'],
  properties: { by: { type: 'string' }, height: uint, reason: { type: 'string' }, outcome: nullable({ type: 'string', enum: OUTCOMES }) },
} as const);

const objectionProps = {
  id: uint,
  record: uint,
  subject: hex32,
  source: { type: 'string', description: 'the organisation that must answer' },
  filedBy: { type: 'string' },
  reason: { type: 'string' },
  evidence: nullable(hex32),
  height: uint,
  deadline: { ...time, description: 'block time by which the source must answer (00:00 UTC after the last day)' },
  status: { type: 'string', enum: OBJECTION_STATUSES },
  answer: stepSchema,
  appeal: stepSchema,
  decision: stepSchema,
} as const;
export const objectionSchema = { type: 'object', required: Object.keys(objectionProps), properties: objectionProps } as const;

const complaintProps = {
  id: uint,
  subject: hex32,
  org: { type: 'string', description: 'the member complained about' },
  about: { type: 'string', enum: COMPLAINT_ABOUT },
  reason: { type: 'string' },
  evidence: nullable(hex32),
  height: uint,
  status: { type: 'string', enum: COMPLAINT_STATUSES },
  decision: stepSchema,
} as const;
const complaintSchema = { type: 'object', required: Object.keys(complaintProps), properties: complaintProps } as const;

const repairProps = {
  id: uint,
  record: uint,
  subject: hex32,
  source: { type: 'string' },
  reason: { type: 'string' },
  evidence: hex32,
  height: uint,
  status: { type: 'string', enum: REPAIR_STATUSES },
  decidedBy: nullable({ type: 'string' }),
  decision: nullable({ type: 'string' }),
  decided: nullable(uint),
} as const;
export const repairSchema = { type: 'object', required: Object.keys(repairProps), properties: repairProps } as const;

const listOf = <K extends string, S extends object>(key: K, item: S) => ({ type: 'object', required: ['height', key], properties: { height: uint, [key]: { type: 'array', items: item } } }) as const;
const subjectListOf = <K extends string, S extends object>(key: K, item: S) =>
  ({ type: 'object', required: ['subject', 'height', key], properties: { subject: hex32, height: uint, [key]: { type: 'array', items: item } } }) as const;

export const rightsRoutes = {
  subjectConsents: {
    method: 'GET',
    url: '/v1/subjects/:ref/consents',
    summary: "A subject's consents to queries, newest first (signed read: the subject, regulators)",
    params: refParams,
    response: subjectListOf('consents', consentSchema),
  },
  consent: {
    method: 'GET',
    url: '/v1/consents/:id',
    summary: 'One consent (signed read: its subject, the organisation it was given to, regulators)',
    params: idParams,
    response: consentSchema,
  },
  subjectQueries: {
    method: 'GET',
    url: '/v1/subjects/:ref/queries',
    summary: "Every report query about a subject — who, when, why, on what consent or legal basis — newest first (signed read: the subject, regulators)",
    params: refParams,
    response: subjectListOf('queries', querySchema),
  },
  objections: {
    method: 'GET',
    url: '/v1/objections',
    summary: 'Objections, newest first, by status; overdue = escalated (the source missed its deadline), awaiting-decision = escalated or appealed (signed read: oversight)',
    querystring: { type: 'object', properties: { status: { type: 'string', enum: OBJECTION_FILTERS }, ...limitQuery }, additionalProperties: false },
    response: listOf('objections', objectionSchema),
  },
  objection: {
    method: 'GET',
    url: '/v1/objections/:id',
    summary: "One objection: the record, reasons, deadline, the source's answer, the appeal and the decision (signed read: its subject, the record's source, oversight)",
    params: idParams,
    response: objectionSchema,
  },
  subjectObjections: {
    method: 'GET',
    url: '/v1/subjects/:ref/objections',
    summary: "A subject's objections, newest first (signed read: the subject and oversight see all; a member those to its own records)",
    params: refParams,
    response: subjectListOf('objections', objectionSchema),
  },
  complaints: {
    method: 'GET',
    url: '/v1/complaints',
    summary: "Complaints against members' conduct, newest first, by status (signed read: oversight)",
    querystring: { type: 'object', properties: { status: { type: 'string', enum: COMPLAINT_STATUSES }, ...limitQuery }, additionalProperties: false },
    response: listOf('complaints', complaintSchema),
  },
  complaint: {
    method: 'GET',
    url: '/v1/complaints/:id',
    summary: 'One complaint (signed read: its subject, the member complained about, oversight)',
    params: idParams,
    response: complaintSchema,
  },
  subjectComplaints: {
    method: 'GET',
    url: '/v1/subjects/:ref/complaints',
    summary: "A subject's complaints, newest first (signed read: the subject, oversight)",
    params: refParams,
    response: subjectListOf('complaints', complaintSchema),
  },
  orgStanding: {
    method: 'GET',
    url: '/v1/orgs/:id/standing',
    summary: "What the record says of a member's conduct: objections to its records, upheld ones, deadlines missed, complaints and upheld complaints (public)",
    params: orgParams,
    response: {
      type: 'object',
      required: ['org', 'height', 'objections', 'upheld', 'overdue', 'complaints', 'complaintsUpheld'],
      properties: { org: { type: 'string' }, height: uint, objections: uint, upheld: uint, overdue: uint, complaints: uint, complaintsUpheld: uint },
    },
  },
  repair: {
    method: 'GET',
    url: '/v1/repairs/:id',
    summary: "A credit repair application and its decision (signed read: its subject, the record's source, regulators)",
    params: idParams,
    response: repairSchema,
  },
  subjectRepairs: {
    method: 'GET',
    url: '/v1/subjects/:ref/repairs',
    summary: "A subject's credit repair applications and their decisions, newest first (signed read: the subject and regulators see all; a member those about its own records)",
    params: refParams,
    response: subjectListOf('repairs', repairSchema),
  },
  subjectEvents: {
    method: 'GET',
    url: '/v1/subjects/:ref/events',
    summary:
      "Server-sent events (Accept: text/event-stream): after each committed block, the subject's changes in it — event record|query|objection|consent|complaint|repair|points, data JSON {height, …ids, status} (signed read: the subject, regulators)",
    params: refParams,
  },
  events: {
    method: 'GET',
    url: '/v1/events',
    summary: 'Server-sent events (Accept: text/event-stream): event block after each committed block, data JSON {height, hash, time, txCount} (public)',
  },
} as const;
