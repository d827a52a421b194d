// Who a voucher class lets hold, receive, take in payment or redeem it: "any" account, or a
// selector matched against an account — by name, its organisation, the organisation's type, its
// roles, or (a subject's own account) its pseudonymous reference. An account matches a selector
// if any one of the listed criteria matches; an organisation's account matches only while its
// organisation is active.
import { CreditChainError, NAME_PATTERN, readArray, readBool, readBytes, readMap, readString, toHex, type CborMap, type CborValue, type CryptoSuite } from '@creditchain/core';
import type { StateReader } from '../../overlay.js';
import { isOrgType, isRole, type OrgType, type Role } from '../identity/roles.js';
import { ORG_ID_PATTERN, readAccount, readOrg } from '../identity/state.js';

export interface WhoSelector {
  readonly accounts: readonly string[];
  readonly orgs: readonly string[];
  readonly orgTypes: readonly OrgType[];
  readonly roles: readonly Role[];
  /** Subject references (32 bytes) whose own accounts match. */
  readonly subjects: readonly Uint8Array[];
  /** Every subject's own account matches. */
  readonly anySubject: boolean;
}

export type Who = 'any' | WhoSelector;

/** Most entries in one list of a selector (a city's coupon list names merchants, not residents). */
export const MAX_WHO_ENTRIES = 1000;
const FIELDS = ['accounts', 'orgs', 'orgTypes', 'roles', 'subjects', 'anySubject'] as const;

/** Reads a selector from a payload (lists optional) or from state (every field present). */
export function readWho(v: CborValue | undefined, what: string): Who {
  if (v === 'any') return 'any';
  if (typeof v === 'string') throw new CreditChainError('TX_BAD_PAYLOAD', `${what} must be "any" or a selector {accounts, orgs, orgTypes, roles, subjects, anySubject}.`);
  const m = readMap(v, what, [], FIELDS);
  const list = (k: keyof CborMap, read: (x: CborValue, w: string) => string) => (m[k] === undefined ? [] : readArray(m[k], `${what}.${k}`, MAX_WHO_ENTRIES).map((x, i) => read(x, `${what}.${k}[${i}]`)));
  const orgTypes = list('orgTypes', (x, w) => readString(x, w, 32)).map((t) => {
    if (!isOrgType(t)) throw new CreditChainError('TX_BAD_PAYLOAD', `${what}.orgTypes: "${t}" is not an organisation type.`);
    return t;
  });
  const roles = list('roles', (x, w) => readString(x, w, 32)).map((r) => {
    if (!isRole(r)) throw new CreditChainError('TX_BAD_PAYLOAD', `${what}.roles: "${r}" is not a role.`);
    return r;
  });
  const who: WhoSelector = {
    accounts: list('accounts', (x, w) => readString(x, w, 64, NAME_PATTERN)),
    orgs: list('orgs', (x, w) => readString(x, w, 64, ORG_ID_PATTERN)),
    orgTypes,
    roles,
    subjects: m.subjects === undefined ? [] : readArray(m.subjects, `${what}.subjects`, MAX_WHO_ENTRIES).map((x, i) => readBytes(x, `${what}.subjects[${i}]`, 32)),
    anySubject: m.anySubject === undefined ? false : readBool(m.anySubject, `${what}.anySubject`),
  };
  if (!who.anySubject && FIELDS.every((k) => k === 'anySubject' || (who[k] as readonly unknown[]).length === 0)) {
    throw new CreditChainError('TX_BAD_PAYLOAD', `${what} names no one: list accounts, orgs, orgTypes, roles or subjects, set anySubject, or say "any".`);
  }
  return who;
}

export function whoToCbor(w: Who): CborValue {
  if (w === 'any') return 'any';
  return { accounts: [...w.accounts], orgs: [...w.orgs], orgTypes: [...w.orgTypes], roles: [...w.roles], subjects: [...w.subjects], anySubject: w.anySubject };
}

/** The JSON form (subjects in hex), for the API and traces. */
export function whoToJson(w: Who): 'any' | { accounts: string[]; orgs: string[]; orgTypes: string[]; roles: string[]; subjects: string[]; anySubject: boolean } {
  if (w === 'any') return 'any';
  return { accounts: [...w.accounts], orgs: [...w.orgs], orgTypes: [...w.orgTypes], roles: [...w.roles], subjects: w.subjects.map(toHex), anySubject: w.anySubject };
}

/** Does the account named `name` match `who` in this state? An unknown account matches nothing. */
export function matchesWho(suite: CryptoSuite, state: StateReader, who: Who, name: string): boolean {
  const a = readAccount(suite, state, name);
  if (a === undefined) return false;
  if (who === 'any' || who.accounts.includes(name)) return true;
  if (a.subject !== null) {
    const ref = toHex(a.subject);
    return who.anySubject || who.subjects.some((s) => toHex(s) === ref);
  }
  const org = a.org === null ? undefined : readOrg(suite, state, a.org);
  if (org === undefined || org.status !== 'active') return false;
  return who.orgs.includes(org.id) || who.orgTypes.includes(org.type) || who.roles.some((r) => a.roles.includes(r));
}
