// Identity state: organisations and accounts.
//   identity/org/<id>       → Org
//   identity/orgs           → [id, …] sorted: the list, so orgs can be listed and weighed
//   identity/account/<name> → Account
import {
  CreditChainError,
  decodeCanonical,
  encodeCanonical,
  readArray,
  readBytes,
  readMap,
  readString,
  readUint,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import { memoDecode } from '../../decode-memo.js';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { isOrgType, isRole, ORG_STATUSES, type OrgStatus, type OrgType, type Role } from './roles.js';

export const IDENTITY_MODULE = 'identity';
export const ORG_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface Org {
  readonly id: string;
  readonly name: string;
  readonly type: OrgType;
  readonly status: OrgStatus;
  /** Weight of its vote in governance. */
  readonly weight: number;
  /** Roles its accounts may hold. */
  readonly roles: readonly Role[];
  /** Record categories it may source (used by the credit module). */
  readonly categories: readonly string[];
  /** Height its status last changed. */
  readonly since: number;
}

export interface AccountKey {
  readonly alg: string;
  readonly key: Uint8Array;
  /** Last height at which the key may sign (a rotated-out key), or null for no limit. */
  readonly until: number | null;
}

export interface Account {
  readonly name: string;
  /** The organisation it belongs to, or null for a subject's account. */
  readonly org: string | null;
  /** The subject reference (HMAC of its identifier) for a subject's account, else null. */
  readonly subject: Uint8Array | null;
  readonly roles: readonly Role[];
  readonly keys: readonly AccountKey[];
  /** How many of its keys must sign a transaction. */
  readonly threshold: number;
  /** The nonce its next transaction must carry. */
  readonly nonce: number;
}

export const MAX_ACCOUNT_KEYS = 16;

function bad(what: string, message: string): never {
  throw new CreditChainError('ENCODING_BAD_SHAPE', `${what}: ${message}`);
}

export function orgKey(suite: CryptoSuite, id: string): Uint8Array {
  return stateKey(suite, IDENTITY_MODULE, `org/${id}`);
}
export function orgListKey(suite: CryptoSuite): Uint8Array {
  return stateKey(suite, IDENTITY_MODULE, 'orgs');
}
export function accountKey(suite: CryptoSuite, name: string): Uint8Array {
  return stateKey(suite, IDENTITY_MODULE, `account/${name}`);
}

export function encodeOrg(o: Org): Uint8Array {
  return encodeCanonical({ id: o.id, name: o.name, type: o.type, status: o.status, weight: o.weight, roles: [...o.roles], categories: [...o.categories], since: o.since });
}

export function decodeOrg(bytes: Uint8Array): Org {
  const m = readMap(decodeCanonical(bytes), 'org', ['id', 'name', 'type', 'status', 'weight', 'roles', 'categories', 'since']);
  const type = readString(m.type, 'org.type', 32);
  const status = readString(m.status, 'org.status', 16);
  if (!isOrgType(type)) bad('org.type', `unknown type ${type}`);
  if (!(ORG_STATUSES as readonly string[]).includes(status)) bad('org.status', `unknown status ${status}`);
  return {
    id: readString(m.id, 'org.id', 64, ORG_ID_PATTERN),
    name: readString(m.name, 'org.name', 200),
    type,
    status: status as OrgStatus,
    weight: readUint(m.weight, 'org.weight'),
    roles: readRoles(m.roles, 'org.roles'),
    categories: readArray(m.categories, 'org.categories', 256).map((c, i) => readString(c, `org.categories[${i}]`, 64)),
    since: readUint(m.since, 'org.since'),
  };
}

export function readRoles(v: CborValue | undefined, what: string): Role[] {
  return readArray(v, what, 16).map((r, i) => {
    const role = readString(r, `${what}[${i}]`, 32);
    if (!isRole(role)) bad(`${what}[${i}]`, `unknown role ${role}`);
    return role;
  });
}

export function encodeAccount(a: Account): Uint8Array {
  return encodeCanonical({
    name: a.name,
    org: a.org,
    subject: a.subject,
    roles: [...a.roles],
    keys: a.keys.map((k) => ({ alg: k.alg, key: k.key, until: k.until })),
    threshold: a.threshold,
    nonce: a.nonce,
  });
}

export function decodeAccount(bytes: Uint8Array): Account {
  const m = readMap(decodeCanonical(bytes), 'account', ['name', 'org', 'subject', 'roles', 'keys', 'threshold', 'nonce']);
  return {
    name: readString(m.name, 'account.name', 64),
    org: m.org === null ? null : readString(m.org, 'account.org', 64, ORG_ID_PATTERN),
    subject: m.subject === null ? null : readBytes(m.subject, 'account.subject', 32),
    roles: readRoles(m.roles, 'account.roles'),
    keys: readArray(m.keys, 'account.keys', MAX_ACCOUNT_KEYS).map((k, i) => {
      const km = readMap(k, `account.keys[${i}]`, ['alg', 'key', 'until']);
      return { alg: readString(km.alg, `account.keys[${i}].alg`, 32), key: readBytes(km.key, `account.keys[${i}].key`, undefined, 4096), until: km.until === null ? null : readUint(km.until, `account.keys[${i}].until`) };
    }),
    threshold: readUint(m.threshold, 'account.threshold', MAX_ACCOUNT_KEYS),
    nonce: readUint(m.nonce, 'account.nonce'),
  };
}

const decodeAccountMemo = memoDecode(decodeAccount);

export function readAccount(suite: CryptoSuite, state: StateReader, name: string): Account | undefined {
  const bytes = state.getState(accountKey(suite, name));
  return bytes === undefined ? undefined : decodeAccountMemo(bytes);
}

export function writeAccount(suite: CryptoSuite, state: StateOverlay, a: Account): void {
  state.put(accountKey(suite, a.name), encodeAccount(a));
}

const decodeOrgMemo = memoDecode(decodeOrg);

export function readOrg(suite: CryptoSuite, state: StateReader, id: string): Org | undefined {
  const bytes = state.getState(orgKey(suite, id));
  return bytes === undefined ? undefined : decodeOrgMemo(bytes);
}

export function listOrgIds(suite: CryptoSuite, state: StateReader): string[] {
  const bytes = state.getState(orgListKey(suite));
  if (bytes === undefined) return [];
  return readArray(decodeCanonical(bytes), 'orgs', 100_000).map((x, i) => readString(x, `orgs[${i}]`, 64));
}

export function writeOrg(suite: CryptoSuite, state: StateOverlay, o: Org): void {
  const ids = listOrgIds(suite, state);
  if (!ids.includes(o.id)) {
    ids.push(o.id);
    ids.sort();
    state.put(orgListKey(suite), encodeCanonical(ids));
  }
  state.put(orgKey(suite, o.id), encodeOrg(o));
}

/** Keys of the account usable at `height`: not rotated out before it. */
export function liveKeys(a: Account, height: number): AccountKey[] {
  return a.keys.filter((k) => k.until === null || height <= k.until);
}
