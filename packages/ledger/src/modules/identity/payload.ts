// Payload readers shared by the identity and governance actions.
import { CreditChainError, NAME_PATTERN, getAlg, hasAlg, readArray, readBytes, readMap, readString, readUint, type CborValue } from '@creditchain/core';
import { ROLE_ORG_TYPES, type Role } from './roles.js';
import { MAX_ACCOUNT_KEYS, readRoles, type Org } from './state.js';

export interface KeySpec {
  readonly alg: string;
  readonly key: Uint8Array;
}

export function readKeySpec(v: CborValue | undefined, what: string): KeySpec {
  const m = readMap(v, what, ['alg', 'key']);
  const alg = readString(m.alg, `${what}.alg`, 32);
  if (!hasAlg(alg)) throw new CreditChainError('CRYPTO_UNKNOWN_ALG', `${what}.alg: the signature algorithm "${alg}" is not implemented.`, { alg });
  const key = readBytes(m.key, `${what}.key`, getAlg(alg).publicKeyLength);
  const weak = getAlg(alg).checkPublicKey?.(key);
  if (weak !== undefined) throw new CreditChainError('CRYPTO_BAD_KEY', `${what}.key cannot be an account key: ${weak}.`);
  return { alg, key };
}

export function readKeySpecs(v: CborValue | undefined, what: string): KeySpec[] {
  const keys = readArray(v, what, MAX_ACCOUNT_KEYS).map((k, i) => readKeySpec(k, `${what}[${i}]`));
  if (keys.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', `${what}: an account needs at least one key.`);
  return keys;
}

export function readName(v: CborValue | undefined, what: string): string {
  return readString(v, what, 64, NAME_PATTERN);
}

export function readThreshold(v: CborValue | undefined, what: string, keys: number): number {
  const t = v === undefined ? 1 : readUint(v, what, MAX_ACCOUNT_KEYS);
  if (t < 1 || t > keys) throw new CreditChainError('TX_BAD_PAYLOAD', `${what}: the threshold must be between 1 and the number of keys (${keys}).`);
  return t;
}

export { readRoles };

/** Roles an account of `org` may hold: granted to the organisation, and allowed for its type. */
export function checkRolesFor(org: Org, roles: readonly Role[]): void {
  for (const role of roles) {
    if (!org.roles.includes(role)) {
      throw new CreditChainError('PERMISSION_DENIED', `Organisation "${org.id}" has not been granted the role ${role}; governance grants an organisation's roles.`, { role, org: org.id });
    }
    const types = ROLE_ORG_TYPES[role];
    if (types !== undefined && !types.includes(org.type)) {
      throw new CreditChainError('PERMISSION_DENIED', `The role ${role} may be held only in ${types.join(' or ')} organisations; "${org.id}" is a ${org.type}.`, { role, orgType: org.type });
    }
  }
}
