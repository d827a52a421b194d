// The credit module's routes, part of the one route table (routes.ts). Reads marked "signed" need
// the reader's signature headers (docs/protocol.md, "Authenticated reads") and are served only to
// entitled readers: the subject, regulators, and a record's source for its own records.
import { AMOUNT_BANDS, RECORD_STATUSES, SUBJECT_KINDS } from '@creditchain/ledger';

const hex32 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: '32 bytes, lowercase hex' } as const;
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' } as const;
const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const provenEntry = {
  type: 'object',
  required: ['key', 'value'],
  properties: {
    key: hex32,
    value: nullable({ type: 'string', pattern: '^[0-9a-f]*$' }),
    proof: { type: 'string', pattern: '^[0-9a-f]*$', description: "the entry's own state proof, in files made before multiproofs" },
  },
} as const;
const open = { type: 'object', additionalProperties: true } as const;
/**
 * The proof of a file built from proven state entries (a credit report, a voucher trace): the
 * entries, all proven to the checkpoint's state root by one state multiproof (base64).
 */
export const provenEntriesSchema = {
  type: 'object',
  required: ['height', 'stateRoot', 'checkpoint', 'entries'],
  properties: {
    height: uint,
    stateRoot: hex32,
    checkpoint: { type: 'string' },
    entries: { type: 'array', items: provenEntry },
    multiproof: { type: 'string', description: 'a state multiproof of every entry (docs/protocol.md), standard base64' },
  },
} as const;

const recordProps = {
  id: uint,
  version: uint,
  subject: hex32,
  subjectKind: { type: 'string', enum: SUBJECT_KINDS },
  category: { type: 'string' },
  occurred: date,
  ended: nullable(date),
  amountBand: { type: 'integer', minimum: 0, maximum: AMOUNT_BANDS.length - 1 },
  amountBandLabel: { type: 'string', enum: AMOUNT_BANDS },
  details: nullable({ ...hex32, description: 'commitment of the details sidecar' }),
  publicityDays: nullable(uint),
  source: { type: 'string' },
  submitter: { type: 'string' },
  submitted: { ...uint, description: 'height this version was submitted at' },
  status: { type: 'string', enum: RECORD_STATUSES },
  reviewer: nullable({ type: 'string' }),
  reviewed: nullable(uint),
  reason: nullable({ type: 'string' }),
  expires: nullable({ ...date, description: 'the day it stops counting' }),
  disputed: { type: 'boolean' },
  tx: hex32,
  logIndex: uint,
} as const;
export const recordSchema = { type: 'object', required: Object.keys(recordProps), properties: recordProps } as const;

const refParams = { type: 'object', required: ['ref'], properties: { ref: { ...hex32, description: 'the subject reference (creditchain subject ref)' } } } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { ...uint, minimum: 1 } } } as const;

export const creditRoutes = {
  categories: {
    method: 'GET',
    url: '/v1/categories',
    summary: 'The record categories: polarity, who may source them, about whom, how long they count, their detail fields (with the proven list entry)',
    response: { type: 'object', required: ['categories'], properties: { categories: { type: 'array', items: open }, state: provenEntry } },
  },
  scoringModels: {
    method: 'GET',
    url: '/v1/scoring-models',
    summary: 'Every scoring model version, and the one in force',
    response: { type: 'object', required: ['active', 'models'], properties: { active: uint, models: { type: 'array', items: open }, state: provenEntry } },
  },
  record: {
    method: 'GET',
    url: '/v1/records/:id',
    summary: 'A credit record with its earlier versions (signed read: the subject, regulators or its source)',
    params: idParams,
    response: { ...recordSchema, required: [...recordSchema.required, 'versions'], properties: { ...recordProps, versions: { type: 'array', items: recordSchema } } },
  },
  recordDetails: {
    method: 'GET',
    url: '/v1/records/:id/details',
    summary: "A record's details sidecar: salt and payload, which hash to its commitment (signed read: the subject, regulators or its source)",
    params: idParams,
    querystring: { type: 'object', properties: { version: { ...uint, minimum: 1 } }, additionalProperties: false },
    response: { type: 'object', required: ['id', 'version', 'commitment', 'salt', 'payload'], properties: { id: uint, version: uint, commitment: hex32, salt: { type: 'string' }, payload: open } },
  },
  subjectRecords: {
    method: 'GET',
    url: '/v1/subjects/:ref/records',
    summary: "Every record about a subject, any status (signed read: the subject and regulators see all; a member sees those it sourced)",
    params: refParams,
    response: { type: 'object', required: ['subject', 'height', 'records'], properties: { subject: hex32, height: uint, records: { type: 'array', items: recordSchema } } },
  },
  report: {
    method: 'GET',
    url: '/v1/subjects/:ref/report',
    summary:
      "A subject's credit report: counted records by category, disputed flags, the score with its model and reason codes; with prove=true every state entry it was built from, proven to the signed checkpoint (signed read: the subject or a regulator). With query=ID, the report a recorded query may see — its scope, or only public-credit information — naming the query and its log index: served to the accounts of the querying organisation for one hour after the query's block, and to the subject and regulators",
    params: refParams,
    querystring: {
      type: 'object',
      properties: { prove: { type: 'boolean' }, query: { ...uint, minimum: 1, description: 'the id of a recorded query (consent.query) about this subject' } },
      additionalProperties: false,
    },
    response: {
      type: 'object',
      required: ['type', 'chainId', 'suite', 'verifierKey', 'report'],
      properties: {
        type: { type: 'string' },
        chainId: { type: 'string' },
        suite: { type: 'string' },
        verifierKey: { type: 'string' },
        report: open,
        proof: provenEntriesSchema,
      },
    },
  },
} as const;
