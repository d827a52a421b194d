// Accounts: name → keys and the next nonce. Genesis writes them; every transaction reads and
// advances its sender's nonce. (The identity issue adds organisations, roles and key rotation.)
import { decodeCanonical, encodeCanonical, readArray, readBytes, readMap, readUint, type CryptoSuite } from '@creditchain/core';
import type { StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';

export const ACCOUNTS_MODULE = 'accounts';

export interface Account {
  readonly keys: readonly Uint8Array[];
  /** The nonce the account's next transaction must carry. */
  readonly nonce: number;
}

export function accountKey(suite: CryptoSuite, name: string): Uint8Array {
  return stateKey(suite, ACCOUNTS_MODULE, name);
}

export function encodeAccount(a: Account): Uint8Array {
  return encodeCanonical({ keys: [...a.keys], nonce: a.nonce });
}

export function decodeAccount(bytes: Uint8Array): Account {
  const m = readMap(decodeCanonical(bytes), 'account', ['keys', 'nonce']);
  return {
    keys: readArray(m.keys, 'account.keys', 16).map((k, i) => readBytes(k, `account.keys[${i}]`)),
    nonce: readUint(m.nonce, 'account.nonce'),
  };
}

export function readAccount(suite: CryptoSuite, state: StateReader, name: string): Account | undefined {
  const bytes = state.getState(accountKey(suite, name));
  return bytes === undefined ? undefined : decodeAccount(bytes);
}
