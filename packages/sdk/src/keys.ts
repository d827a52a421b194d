// Key files: one JSON file per key, written by `creditchain keys new` and by `dev`.
//   {"type": "creditchain/key", "suite": "intl", "account": "demo-bank",
//    "publicKey": "<hex>", "privateKey": "<hex seed>"}
// The private key never leaves the machine it was made on; files are written mode 0600.
import { CreditChainError, fromHex, getSuite, toHex, type CryptoSuite } from '@creditchain/core';

export const KEY_FILE_TYPE = 'creditchain/key';

export interface KeyPair {
  readonly suite: CryptoSuite;
  /** The account this key signs for, when known. */
  readonly account?: string;
  readonly publicKey: Uint8Array;
  readonly seed: Uint8Array;
}

export interface KeyFileJson {
  type: typeof KEY_FILE_TYPE;
  suite: string;
  account?: string;
  publicKey: string;
  privateKey: string;
}

/** A new key pair from 32 random bytes given by the caller (crypto.getRandomValues). */
export function keyPairFromSeed(suiteId: string, seed: Uint8Array, account?: string): KeyPair {
  const suite = getSuite(suiteId);
  const kp = { suite, publicKey: suite.publicKeyOf(seed), seed };
  return account === undefined ? kp : { ...kp, account };
}

export function newKeyPair(suiteId = 'intl', account?: string): KeyPair {
  const length = getSuite(suiteId).signature.secretLength;
  // Some algorithms (SM2) take secrets in a range a little under 2^256: draw again if outside.
  for (let attempt = 0; ; attempt++) {
    try {
      return keyPairFromSeed(suiteId, globalThis.crypto.getRandomValues(new Uint8Array(length)), account);
    } catch (e) {
      if (attempt >= 8) throw e;
    }
  }
}

export function keyPairToJson(kp: KeyPair): KeyFileJson {
  const j: KeyFileJson = { type: KEY_FILE_TYPE, suite: kp.suite.id, publicKey: toHex(kp.publicKey), privateKey: toHex(kp.seed) };
  if (kp.account !== undefined) j.account = kp.account;
  return j;
}

export function keyPairFromJson(json: unknown): KeyPair {
  const j = json as Partial<KeyFileJson> | null;
  if (j === null || typeof j !== 'object' || j.type !== KEY_FILE_TYPE) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `This is not a CreditChain key file (its "type" should be "${KEY_FILE_TYPE}").`);
  }
  const kp = keyPairFromSeed(String(j.suite), fromHex(String(j.privateKey), getSuite(String(j.suite)).signature.secretLength), typeof j.account === 'string' ? j.account : undefined);
  if (toHex(kp.publicKey) !== j.publicKey) {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'The key file is inconsistent: its public key is not the one of its private key.');
  }
  return kp;
}
