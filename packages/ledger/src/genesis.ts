// Genesis: the document every node of a chain starts from — chain id, crypto suite, time of
// block 0, chain parameters, the founding organisations and their accounts. Its hash is the
// `prev` of block 0, so two nodes with different genesis documents never agree on a block.
import {
  CHAIN_ID_PATTERN,
  CreditChainError,
  NAME_PATTERN,
  encodeCanonical,
  fromHex,
  getAlg,
  getSuite,
  hasAlg,
  toHex,
  type CryptoSuite,
} from '@creditchain/core';
import { categoryToCbor, parseCategory, type Category } from './modules/credit/categories.js';
import { parseScoringModel, scoringModelToCbor, type ScoringModel } from './modules/credit/scoring.js';
import { STANDARD_CREDIT } from './modules/credit/standard.js';
import { parseValidators, type Validator } from './modules/governance/state.js';
import { checkParam, DEFAULT_PARAMS, FIRST_PROTOCOL_VERSION, PARAM_NAMES, withoutFirstVersion, type ChainParams } from './modules/governance/params.js';
import { isOrgType, isRole, ROLE_ORG_TYPES, type OrgType, type Role } from './modules/identity/roles.js';
import { ORG_ID_PATTERN } from './modules/identity/state.js';

export interface GenesisOrg {
  readonly id: string;
  readonly name: string;
  readonly type: OrgType;
  readonly weight: number;
  readonly roles: readonly Role[];
  readonly categories: readonly string[];
}

export interface GenesisAccount {
  readonly name: string;
  /** Organisation id, or null for a subject's own account. */
  readonly org: string | null;
  /** Subject reference (32 bytes) for a subject's own account. */
  readonly subject: Uint8Array | null;
  readonly roles: readonly Role[];
  readonly keys: ReadonlyArray<{ alg: string; key: Uint8Array }>;
  readonly threshold: number;
}

export interface Genesis {
  readonly chainId: string;
  readonly cryptoSuite: string;
  /** Milliseconds since the Unix epoch: the time of block 0. */
  readonly genesisTime: number;
  readonly params: ChainParams;
  readonly orgs: readonly GenesisOrg[];
  readonly accounts: readonly GenesisAccount[];
  /** Record categories and scoring models (the last one is active); the standard set by default. */
  readonly credit: { readonly categories: readonly Category[]; readonly models: readonly ScoringModel[] };
  /** A CometBFT network's validators (the same as CometBFT's genesis); none for a solo chain. */
  readonly validators?: readonly Validator[];
}

/** The JSON form of genesis.json, as operators write it. */
export interface GenesisJson {
  chainId: string;
  cryptoSuite: string;
  genesisTime: string;
  params?: Partial<ChainParams>;
  orgs: { id: string; name: string; type: string; weight: number; roles: string[]; categories?: string[] }[];
  accounts: { name: string; org?: string; subject?: string; roles?: string[]; keys: { alg?: string; publicKey: string }[]; threshold?: number }[];
  /** Omitted: the standard categories and scoring model (packages/ledger/src/modules/credit/standard.ts). */
  credit?: { categories: unknown[]; scoringModels: unknown[] };
  /** A CometBFT network's validators: name (its checkpoint key name), Ed25519 public key in hex, power. */
  validators?: { name: string; publicKey: string; power: number }[];
}

// A zone is required: without one, Date.parse reads local time and nodes in different time
// zones would compute different genesis hashes from the same file.
const ISO_UTC_OR_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

function bad(message: string): never {
  throw new CreditChainError('NODE_BAD_CONFIG', `genesis: ${message}`);
}

function roles(list: unknown, what: string): Role[] {
  if (!Array.isArray(list)) bad(`${what} must be a list of roles`);
  return list.map((r) => {
    if (typeof r !== 'string' || !isRole(r)) bad(`${what}: "${String(r)}" is not a role`);
    return r;
  });
}

export function parseGenesis(json: unknown): Genesis {
  if (json === null || typeof json !== 'object') bad('expected a JSON object');
  const g = json as Partial<GenesisJson>;
  if (typeof g.chainId !== 'string' || !CHAIN_ID_PATTERN.test(g.chainId)) bad('chainId must be lowercase letters, digits, ".", "_" or "-", at most 64 characters');
  if (typeof g.cryptoSuite !== 'string') bad('cryptoSuite is missing');
  const suite = getSuite(g.cryptoSuite);
  const time = typeof g.genesisTime === 'string' && ISO_UTC_OR_OFFSET.test(g.genesisTime) ? Date.parse(g.genesisTime) : NaN;
  if (!Number.isSafeInteger(time) || time < 0) bad('genesisTime must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z');

  // A genesis that names no protocol version is a chain of the first rules (see params.ts).
  const params: ChainParams = { ...DEFAULT_PARAMS, protocolVersion: FIRST_PROTOCOL_VERSION, ...(g.params ?? {}) };
  for (const k of Object.keys(params)) {
    if (!(PARAM_NAMES as string[]).includes(k)) bad(`params.${k} is not a chain parameter`);
    try {
      checkParam(k, (params as unknown as Record<string, number>)[k]!);
    } catch (e) {
      bad((e as Error).message);
    }
  }

  if (!Array.isArray(g.orgs) || g.orgs.length === 0) bad('at least one organisation is needed');
  const orgIds = new Set<string>();
  const orgs = g.orgs.map((o, i): GenesisOrg => {
    if (typeof o?.id !== 'string' || !ORG_ID_PATTERN.test(o.id)) bad(`orgs[${i}].id must be lowercase letters, digits, ".", "_" or "-"`);
    if (orgIds.has(o.id)) bad(`organisation "${o.id}" appears twice`);
    orgIds.add(o.id);
    if (typeof o.name !== 'string' || o.name.length === 0 || o.name.length > 200) bad(`orgs[${i}].name must be 1 to 200 characters`);
    if (typeof o.type !== 'string' || !isOrgType(o.type)) bad(`orgs[${i}].type "${String(o.type)}" is not an organisation type`);
    if (!Number.isSafeInteger(o.weight) || o.weight < 0 || o.weight > 1_000_000) bad(`orgs[${i}].weight must be an integer from 0 to 1,000,000`);
    const r = roles(o.roles, `orgs[${i}].roles`);
    for (const role of r) {
      const types = ROLE_ORG_TYPES[role];
      if (types !== undefined && !types.includes(o.type)) bad(`orgs[${i}]: the role ${role} may be held only by ${types.join(' or ')} organisations`);
    }
    const categories = o.categories ?? [];
    if (!Array.isArray(categories) || categories.some((c) => typeof c !== 'string')) bad(`orgs[${i}].categories must be a list of category codes`);
    return { id: o.id, name: o.name, type: o.type, weight: o.weight, roles: r, categories };
  });
  if (!orgs.some((o) => o.type === 'regulator')) bad('the founding organisations must include a regulator');
  const credit = parseCredit(g.credit);
  orgs.forEach((o, i) => {
    for (const code of o.categories) {
      const c = credit.categories.find((x) => x.code === code) ?? bad(`orgs[${i}].categories: "${code}" is not a record category of this genesis`);
      if (!c.sources.includes(o.type)) bad(`orgs[${i}]: "${code}" records may be sourced only by ${c.sources.join(', ')} organisations, not a ${o.type}`);
    }
  });

  if (!Array.isArray(g.accounts) || g.accounts.length === 0) bad('at least one account is needed');
  const seen = new Set<string>();
  const accounts = g.accounts.map((a, i): GenesisAccount => {
    if (typeof a?.name !== 'string' || !NAME_PATTERN.test(a.name)) bad(`accounts[${i}].name must be lowercase letters, digits, ".", "_" or "-"`);
    if (seen.has(a.name)) bad(`account "${a.name}" appears twice`);
    seen.add(a.name);
    const org = a.org === undefined ? null : a.org;
    const subject = a.subject === undefined ? null : (() => {
      try {
        return fromHex(String(a.subject), 32);
      } catch {
        return bad(`accounts[${i}].subject must be a 32-byte subject reference in hex`);
      }
    })();
    if ((org === null) === (subject === null)) bad(`accounts[${i}] must name either its organisation (org) or its subject reference (subject)`);
    const r = roles(a.roles ?? [], `accounts[${i}].roles`);
    if (org !== null) {
      const o = orgs.find((x) => x.id === org) ?? bad(`accounts[${i}].org "${org}" is not a founding organisation`);
      for (const role of r) if (!o.roles.includes(role)) bad(`accounts[${i}]: organisation "${org}" does not hold the role ${role}`);
    } else if (r.length > 0) bad(`accounts[${i}]: a subject's account holds no roles`);
    if (!Array.isArray(a.keys) || a.keys.length === 0 || a.keys.length > 16) bad(`accounts[${i}].keys must hold 1 to 16 keys`);
    const keys = a.keys.map((k, j) => {
      const alg = k?.alg ?? suite.signature.id;
      if (!hasAlg(alg)) bad(`accounts[${i}].keys[${j}].alg "${alg}" is not implemented`);
      let key: Uint8Array;
      try {
        key = fromHex(String(k.publicKey), getAlg(alg).publicKeyLength);
      } catch {
        return bad(`accounts[${i}].keys[${j}].publicKey must be ${getAlg(alg).publicKeyLength} bytes of lowercase hex`);
      }
      const weak = getAlg(alg).checkPublicKey?.(key);
      if (weak !== undefined) bad(`accounts[${i}].keys[${j}].publicKey cannot be an account key: ${weak}`);
      return { alg, key };
    });
    const threshold = a.threshold ?? 1;
    if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > keys.length) bad(`accounts[${i}].threshold must be between 1 and its number of keys`);
    return { name: a.name, org, subject, roles: r, keys, threshold };
  });
  const validators = parseGenesisValidators(g.validators);
  return { chainId: g.chainId, cryptoSuite: suite.id, genesisTime: time, params, orgs, accounts, credit, validators };
}

function parseGenesisValidators(json: GenesisJson['validators']): Validator[] {
  if (json === undefined) return [];
  if (!Array.isArray(json) || json.length === 0 || json.length > 300) bad('validators must be a list of 1 to 300 {name, publicKey, power}');
  return parseValidators(
    json.map((v, i) => {
      let key: Uint8Array;
      try {
        key = fromHex(String(v?.publicKey), 32);
      } catch {
        return bad(`validators[${i}].publicKey must be a 32-byte Ed25519 public key in lowercase hex`);
      }
      return { name: v?.name, key, power: v?.power } as never;
    }),
    'validators',
    (m) => bad(m),
  );
}

function parseCredit(json: GenesisJson['credit']): Genesis['credit'] {
  if (json === undefined) return STANDARD_CREDIT;
  if (json === null || typeof json !== 'object' || !Array.isArray(json.categories) || !Array.isArray(json.scoringModels)) {
    bad('credit must be {categories: [...], scoringModels: [...]}');
  }
  const wrap = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      return bad((e as Error).message);
    }
  };
  const categories = json.categories.map((c, i) => wrap(() => parseCategory(c as never, `credit.categories[${i}]`)));
  const codes = new Set<string>();
  for (const c of categories) {
    if (codes.has(c.code)) bad(`credit.categories: "${c.code}" appears twice`);
    codes.add(c.code);
  }
  const models = json.scoringModels.map((m, i) => wrap(() => parseScoringModel(m as never, `credit.scoringModels[${i}]`)));
  if (models.length === 0) bad('credit.scoringModels needs at least one scoring model');
  models.forEach((m, i) => {
    if (i > 0 && m.version <= models[i - 1]!.version) bad('credit.scoringModels must be in increasing order of version');
  });
  return { categories, models };
}

export function genesisToJson(g: Genesis): GenesisJson {
  return {
    chainId: g.chainId,
    cryptoSuite: g.cryptoSuite,
    genesisTime: new Date(g.genesisTime).toISOString(),
    params: withoutFirstVersion(g.params),
    orgs: g.orgs.map((o) => ({ id: o.id, name: o.name, type: o.type, weight: o.weight, roles: [...o.roles], categories: [...o.categories] })),
    accounts: g.accounts.map((a) => ({
      name: a.name,
      ...(a.org === null ? { subject: toHex(a.subject!) } : { org: a.org }),
      roles: [...a.roles],
      keys: a.keys.map((k) => ({ alg: k.alg, publicKey: toHex(k.key) })),
      threshold: a.threshold,
    })),
    credit: { categories: g.credit.categories.map(categoryToCbor), scoringModels: g.credit.models.map(scoringModelToCbor) },
    ...(g.validators === undefined || g.validators.length === 0 ? {} : { validators: g.validators.map((v) => ({ name: v.name, publicKey: toHex(v.key), power: v.power })) }),
  };
}

/** H(canonical genesis): the `prev` of block 0. */
export function genesisHash(suite: CryptoSuite, g: Genesis): Uint8Array {
  return suite.hash(
    encodeCanonical({
      chainId: g.chainId,
      cryptoSuite: g.cryptoSuite,
      genesisTime: g.genesisTime,
      // Version 1 left out: a chain begun before versions existed keeps its genesis hash.
      params: withoutFirstVersion(g.params),
      orgs: g.orgs.map((o) => ({ id: o.id, name: o.name, type: o.type, weight: o.weight, roles: [...o.roles], categories: [...o.categories] })),
      accounts: g.accounts.map((a) => ({ name: a.name, org: a.org, subject: a.subject, roles: [...a.roles], keys: a.keys.map((k) => ({ alg: k.alg, key: k.key })), threshold: a.threshold })),
      credit: { categories: g.credit.categories.map(categoryToCbor), models: g.credit.models.map(scoringModelToCbor) },
      // Only a network's genesis has validators; a solo chain's hash is as it was before they existed.
      ...(g.validators === undefined || g.validators.length === 0 ? {} : { validators: g.validators.map((v) => ({ name: v.name, key: v.key, power: v.power })) }),
    }),
  );
}

export { DEFAULT_PARAMS, type ChainParams };
