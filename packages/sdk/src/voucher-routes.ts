// The vouchers module's routes, part of the one route table (routes.ts), and the shapes of their
// replies. Classes, points rules and the ranking are public; holdings, the supervisor's movement
// list, a voucher's trace and a household's points are signed reads served to those entitled
// (each route's summary names them).
import { CLASS_STATUSES, MOVEMENT_KINDS, VOUCHER_STATUSES, type MovementJson, type RankingRow, type VoucherClassJson, type VoucherJson, type VoucherTrace } from '@creditchain/ledger';
import type { ProvenEntries } from './proven-entries.js';
import { provenEntriesSchema } from './credit-routes.js';

const hex32 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: '32 bytes, lowercase hex' } as const;
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } as const;
const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const open = { type: 'object', additionalProperties: true } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { ...uint, minimum: 1 } } } as const;

const supplySchema = {
  type: 'object',
  required: ['issued', 'held', 'spent', 'redeemed', 'expired', 'returned'],
  description: 'issued = held + spent + redeemed + expired; returned is the part of expired given back to the issuer',
  properties: { issued: uint, held: uint, spent: uint, redeemed: uint, expired: uint, returned: uint },
} as const;

const classProps = {
  id: uint,
  issuer: { type: 'string' },
  createdBy: { type: 'string' },
  name: { type: 'string' },
  unit: { type: 'string' },
  cap: uint,
  divisible: { type: 'boolean' },
  minUnit: uint,
  expires: { type: 'string', format: 'date-time' },
  holders: {},
  merchants: {},
  categories: { type: 'array', items: { type: 'string' } },
  transfer: {},
  redeem: {},
  supervisor: { type: 'string' },
  onExpiry: { type: 'string', enum: ['return', 'burn'] },
  status: { type: 'string', enum: CLASS_STATUSES },
  frozen: { type: 'boolean' },
  height: uint,
  approvedBy: nullable({ type: 'string' }),
  supply: supplySchema,
} as const;
const classSchema = { type: 'object', required: Object.keys(classProps), properties: classProps } as const;

const voucherProps = {
  id: uint,
  class: uint,
  holder: { type: 'string' },
  amount: uint,
  status: { type: 'string', enum: VOUCHER_STATUSES },
  hops: uint,
  parents: { type: 'array', items: uint },
  children: { type: 'array', items: uint },
  height: uint,
} as const;
const voucherSchema = { type: 'object', required: Object.keys(voucherProps), properties: voucherProps } as const;

const movementProps = {
  id: uint,
  class: uint,
  voucher: nullable(uint),
  kind: { type: 'string', enum: MOVEMENT_KINDS },
  from: nullable({ type: 'string' }),
  to: nullable({ type: 'string' }),
  amount: uint,
  related: { type: 'array', items: uint },
  by: nullable({ type: 'string' }),
  height: uint,
  time: { type: 'string', format: 'date-time' },
  tx: nullable(hex32),
  logIndex: nullable(uint),
} as const;
const movementSchema = { type: 'object', required: Object.keys(movementProps), properties: movementProps } as const;

const pointsEntrySchema = {
  type: 'object',
  required: ['id', 'kind', 'code', 'label', 'points', 'by', 'evidence', 'height', 'time', 'tx', 'logIndex'],
  properties: {
    id: uint,
    kind: { type: 'string', enum: ['award', 'deduct', 'use'] },
    code: { type: 'string' },
    label: { type: 'string' },
    points: { type: 'integer' },
    by: { type: 'string' },
    evidence: nullable(hex32),
    height: uint,
    time: { type: 'string', format: 'date-time' },
    tx: hex32,
    logIndex: uint,
  },
} as const;

export const voucherRoutes = {
  voucherClasses: {
    method: 'GET',
    url: '/v1/voucher-classes',
    summary: 'Every voucher class: its rules (issuer, unit, cap, divisibility, expiry, holders, merchants, transfer path, redemption, supervisor) and its supply (public)',
    response: { type: 'object', required: ['height', 'classes'], properties: { height: uint, classes: { type: 'array', items: classSchema } } },
  },
  voucherClass: {
    method: 'GET',
    url: '/v1/voucher-classes/:id',
    summary: 'One voucher class with its supply counters (public)',
    params: idParams,
    response: classSchema,
  },
  voucherMovements: {
    method: 'GET',
    url: '/v1/voucher-classes/:id/movements',
    summary: "Every movement of a class's vouchers, oldest first: issue, transfer, split, merge, spend, redeem, expire, freeze (signed read: its supervisor's and issuer's accounts, and regulators)",
    params: idParams,
    querystring: { type: 'object', properties: { after: { ...uint, description: 'only movements with a higher id' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } }, additionalProperties: false },
    response: { type: 'object', required: ['class', 'height', 'movements'], properties: { class: uint, height: uint, movements: { type: 'array', items: movementSchema } } },
  },
  accountVouchers: {
    method: 'GET',
    url: '/v1/accounts/:name/vouchers',
    summary: 'The vouchers an account holds now, of every class, and those it held (signed read: the account itself, accounts of its organisation, and regulators)',
    params: { type: 'object', required: ['name'], properties: { name } },
    response: {
      type: 'object',
      required: ['account', 'height', 'holding', 'past'],
      properties: { account: { type: 'string' }, height: uint, holding: { type: 'array', items: voucherSchema }, past: { type: 'array', items: voucherSchema } },
    },
  },
  voucherTrace: {
    method: 'GET',
    url: '/v1/vouchers/:id/trace',
    summary:
      'The full trace of one voucher from issue to redemption — its class, every voucher of its lineage and every movement — with each state entry it was built from proven to the signed checkpoint, so `verifyVoucherTrace` checks it offline (signed read: its issuer, its supervisor, regulators, and anyone who held a voucher of the lineage)',
    params: idParams,
    response: {
      type: 'object',
      required: ['type', 'chainId', 'suite', 'verifierKey', 'trace', 'proof'],
      properties: {
        type: { type: 'string' },
        chainId: { type: 'string' },
        suite: { type: 'string' },
        verifierKey: { type: 'string' },
        trace: open,
        proof: provenEntriesSchema,
      },
    },
  },
  pointsClass: {
    method: 'GET',
    url: '/v1/points-classes/:id',
    summary: 'A points class: its rule table (reason code → points), its benefits, recorders and supervisor (public)',
    params: idParams,
    response: open,
  },
  householdPoints: {
    method: 'GET',
    url: '/v1/points-classes/:id/households/:ref',
    summary: "A household's points: balance, totals and every entry with its reason (signed read: the household itself, the class's recorders and supervisor, and regulators)",
    params: { type: 'object', required: ['id', 'ref'], properties: { id: { ...uint, minimum: 1 }, ref: { ...hex32, description: 'the household subject reference' } } },
    response: {
      type: 'object',
      required: ['class', 'household', 'pseudonym', 'height', 'balance', 'awarded', 'deducted', 'used', 'history'],
      properties: {
        class: uint,
        household: hex32,
        pseudonym: { type: 'string', description: 'the name it goes by in the published ranking' },
        height: uint,
        balance: { type: 'integer' },
        awarded: uint,
        deducted: uint,
        used: uint,
        history: { type: 'array', items: pointsEntrySchema },
      },
    },
  },
  pointsRanking: {
    method: 'GET',
    url: '/v1/points-classes/:id/ranking',
    summary: "The published ranking of a points class: households by balance, named by pseudonym only (public)",
    params: idParams,
    response: {
      type: 'object',
      required: ['class', 'name', 'height', 'ranking'],
      properties: {
        class: uint,
        name: { type: 'string' },
        height: uint,
        ranking: { type: 'array', items: { type: 'object', required: ['rank', 'pseudonym', 'balance'], properties: { rank: uint, pseudonym: { type: 'string' }, balance: { type: 'integer' } } } },
      },
    },
  },
} as const;

// --- replies ---------------------------------------------------------------------------------------------

export interface VoucherClassesReply {
  height: number;
  classes: VoucherClassJson[];
}

export interface VoucherMovementsReply {
  class: number;
  height: number;
  movements: MovementJson[];
}

export interface AccountVouchersReply {
  account: string;
  height: number;
  holding: VoucherJson[];
  past: VoucherJson[];
}

export const VOUCHER_TRACE_FILE_TYPE = 'creditchain/voucher-trace';

export interface VoucherTraceFile {
  readonly type: typeof VOUCHER_TRACE_FILE_TYPE;
  readonly chainId: string;
  readonly suite: string;
  readonly verifierKey: string;
  readonly trace: VoucherTrace;
  readonly proof: ProvenEntries;
}

export interface PointsClassReply {
  id: number;
  issuer: string;
  name: string;
  recorders: unknown;
  supervisor: string;
  rules: { code: string; points: number; label: string }[];
  benefits: { code: string; cost: number; label: string }[];
  height: number;
}

export interface PointsEntryJson {
  id: number;
  kind: 'award' | 'deduct' | 'use';
  code: string;
  label: string;
  points: number;
  by: string;
  evidence: string | null;
  height: number;
  time: string;
  tx: string;
  logIndex: number;
}

export interface HouseholdPointsReply {
  class: number;
  household: string;
  pseudonym: string;
  height: number;
  balance: number;
  awarded: number;
  deducted: number;
  used: number;
  history: PointsEntryJson[];
}

export interface PointsRankingReply {
  class: number;
  name: string;
  height: number;
  ranking: RankingRow[];
}
