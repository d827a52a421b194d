// The contracts module's routes, part of the one route table (routes.ts), and their replies.
// All public: a contract's code, versions and storage are state every member holds. With
// ?prove=true a reply carries the state entries it was read from, each with its proof to the
// signed checkpoint of the head (the same proof part a credit report has: openProvenEntries).
import type { ContractMeta } from '@creditchain/ledger';
import type { ProvenEntries } from './proven-entries.js';
import { provenEntriesSchema } from './credit-routes.js';

const hex32 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: '32 bytes, lowercase hex' } as const;
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } as const;
const prove = { type: 'object', properties: { prove: { type: 'boolean', description: 'also return the state entries read, with proofs to the signed checkpoint' } }, additionalProperties: false } as const;

const versionSchema = {
  type: 'object',
  required: ['version', 'codeHash', 'sourceHash', 'deployer', 'height', 'tx', 'approvedBy', 'approvedAt'],
  properties: {
    version: uint,
    codeHash: hex32,
    sourceHash: hex32,
    deployer: { type: 'string' },
    height: uint,
    tx: hex32,
    approvedBy: { type: ['string', 'null'] },
    approvedAt: { type: ['integer', 'null'] },
  },
} as const;

const contractSchema = {
  type: 'object',
  required: ['name', 'org', 'deployer', 'created', 'active', 'latest', 'categories', 'alarms'],
  properties: {
    name: { type: 'string' },
    org: { type: 'string' },
    deployer: { type: 'string' },
    created: uint,
    active: { ...uint, description: 'the version calls run (0: none approved yet)' },
    latest: uint,
    categories: { type: 'array', items: { type: 'string' } },
    alarms: { ...uint, description: 'alarms pending' },
    records: { type: 'array', items: uint, description: 'credit records the contract filed' },
    lastAlarm: { description: 'the outcome of its last alarm: {height, time, seq, code, error, gas, events}, or null' },
    versions: { type: 'array', items: versionSchema },
    code: { type: 'string', description: 'the active (else latest) version’s JavaScript' },
    height: uint,
    proof: provenEntriesSchema,
  },
} as const;

export const contractRoutes = {
  contracts: {
    method: 'GET',
    url: '/v1/contracts',
    summary: 'Every contract: its organisation, active and latest version, approved categories (public)',
    response: { type: 'object', required: ['height', 'contracts'], properties: { height: uint, contracts: { type: 'array', items: { type: 'object', additionalProperties: true } } } },
  },
  contract: {
    method: 'GET',
    url: '/v1/contracts/:name',
    summary: 'One contract: its versions (code and source hashes, approvals), code, records filed and last alarm (public; prove=true adds proofs)',
    params: { type: 'object', required: ['name'], properties: { name } },
    querystring: prove,
    response: contractSchema,
  },
  contractStorage: {
    method: 'GET',
    url: '/v1/contracts/:name/storage/:key',
    summary: 'A value the contract stored under a key, or null (public; prove=true proves it, or its absence)',
    params: { type: 'object', required: ['name', 'key'], properties: { name, key: { type: 'string', minLength: 1, maxLength: 128 } } },
    querystring: prove,
    response: { type: 'object', required: ['name', 'key', 'value', 'height'], properties: { name: { type: 'string' }, key: { type: 'string' }, value: {}, height: uint, proof: provenEntriesSchema } },
  },
  contractView: {
    method: 'GET',
    url: '/v1/contracts/:name/view/:method',
    summary: 'Runs a method on the head state without a transaction, as account `as` (default: none), and gives its result, gas and events; its writes are thrown away (public)',
    params: { type: 'object', required: ['name', 'method'], properties: { name, method: { type: 'string', minLength: 1, maxLength: 64 } } },
    querystring: { type: 'object', properties: { args: { type: 'string', maxLength: 65_536, description: 'the arguments, JSON' }, as: name }, additionalProperties: false },
    response: { type: 'object', required: ['result', 'gas', 'events', 'height'], properties: { result: {}, gas: uint, events: { type: 'array', items: { type: 'object', additionalProperties: true } }, height: uint } },
  },
} as const;

export interface ContractViewReply {
  readonly result: unknown;
  readonly gas: number;
  readonly events: ReadonlyArray<{ contract: string; name: string; data: unknown }>;
  readonly height: number;
}

export interface ContractVersionJson {
  readonly version: number;
  readonly codeHash: string;
  readonly sourceHash: string;
  readonly deployer: string;
  readonly height: number;
  readonly tx: string;
  readonly approvedBy: string | null;
  readonly approvedAt: number | null;
}

/** A contract's metadata as the ledger keeps it (all JSON already). */
export type ContractSummaryJson = ContractMeta;

export type ContractProof = ProvenEntries;

export interface ContractReply extends ContractSummaryJson {
  readonly records: readonly number[];
  readonly lastAlarm: { height: number; time: number; seq: number; code: string; error: string | null; gas: number; events: unknown[] } | null;
  readonly versions: readonly ContractVersionJson[];
  readonly code: string;
  readonly height: number;
  readonly proof?: ContractProof;
}

export interface ContractsReply {
  readonly height: number;
  readonly contracts: readonly ContractSummaryJson[];
}

export interface ContractStorageReply {
  readonly name: string;
  readonly key: string;
  readonly value: unknown;
  readonly height: number;
  readonly proof?: ContractProof;
}
