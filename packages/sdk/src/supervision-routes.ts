// Supervision routes, part of the one route table (routes.ts): the figures of the regulator's
// dashboard, its queue of repair applications, and each organisation's own queues — its records
// awaiting review and the objections it must answer. All are signed reads (docs/protocol.md,
// "Authenticated reads"), served only to the readers each summary names.
import { recordSchema } from './credit-routes.js';
import { objectionSchema, repairSchema, REPAIR_STATUSES } from './rights-routes.js';

const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' } as const;
const counts = { type: 'object', additionalProperties: uint } as const;
const orgParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } } } as const;
const limitQuery = { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'at most this many, newest first' } } as const;

/** The most days the dashboard's figures cover at once. */
export const MAX_STATS_DAYS = 366;

const dayCounts = (of: string) =>
  ({ type: 'array', items: { type: 'object', required: ['day', 'counts'], properties: { day: date, counts: { ...counts, description: `how many, by ${of}` } } } }) as const;

const memberProps = {
  org: { type: 'string' },
  name: { type: 'string' },
  type: { type: 'string' },
  status: { type: 'string' },
  pendingRecords: { ...uint, description: 'records it submitted that await review' },
  openObjections: { ...uint, description: 'objections to its records it has yet to answer, before their deadline' },
  objections: { ...uint, description: 'objections to its records, ever' },
  upheld: { ...uint, description: 'of which upheld' },
  overdue: { ...uint, description: 'deadlines it missed: objections escalated to the regulators' },
  complaints: uint,
  complaintsUpheld: uint,
} as const;

export const supervisionRoutes = {
  stats: {
    method: 'GET',
    url: '/v1/stats',
    summary:
      "The supervision figures over the last `days` days up to the head block's day: records published per day by category, report queries per day by organisation, and each member's queues and standing (signed read: regulators)",
    querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: MAX_STATS_DAYS, default: 30 } }, additionalProperties: false },
    response: {
      type: 'object',
      required: ['height', 'from', 'to', 'published', 'queries', 'members'],
      properties: {
        height: uint,
        from: date,
        to: date,
        published: dayCounts('category'),
        queries: dayCounts('querying organisation'),
        members: { type: 'array', items: { type: 'object', required: Object.keys(memberProps), properties: memberProps } },
      },
    },
  },
  repairs: {
    method: 'GET',
    url: '/v1/repairs',
    summary: 'Credit repair applications, newest first, by status — open ones await their source or a regulator (signed read: regulators)',
    querystring: { type: 'object', properties: { status: { type: 'string', enum: REPAIR_STATUSES }, ...limitQuery }, additionalProperties: false },
    response: { type: 'object', required: ['height', 'repairs'], properties: { height: uint, repairs: { type: 'array', items: repairSchema } } },
  },
  orgRecords: {
    method: 'GET',
    url: '/v1/orgs/:id/records',
    summary: "An organisation's records awaiting review (status=pending), newest first: its review queue (signed read: the organisation's accounts, regulators)",
    params: orgParams,
    querystring: { type: 'object', properties: { status: { type: 'string', enum: ['pending'], default: 'pending' }, ...limitQuery }, additionalProperties: false },
    response: { type: 'object', required: ['org', 'height', 'records'], properties: { org: { type: 'string' }, height: uint, records: { type: 'array', items: recordSchema } } },
  },
  orgObjections: {
    method: 'GET',
    url: '/v1/orgs/:id/objections',
    summary: "The open objections to an organisation's records (status=open), newest first: those it must answer before their deadline (signed read: the organisation's accounts, regulators and arbiters)",
    params: orgParams,
    querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open'], default: 'open' }, ...limitQuery }, additionalProperties: false },
    response: { type: 'object', required: ['org', 'height', 'objections'], properties: { org: { type: 'string' }, height: uint, objections: { type: 'array', items: objectionSchema } } },
  },
} as const;
