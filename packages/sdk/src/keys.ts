// Key files: one JSON file per key, written by `creditchain keys new` and by `dev`.
//   {"type": "creditchain/key", "suite": "intl", "account": "demo-bank",
//    "publicKey": "<hex>", "privateKey": "<hex seed>"}
// or, outside dev mode, with "encrypted": {…} (key-encryption.ts) in place of "privateKey".
// The private key never leaves the machine it was made on; files are written mode 0600.
import { CreditChainError, equalBytes, fromHex, getSuite, toHex, type CryptoSuite } from '@creditchain/core';
import { openSeed, sealSeed, type KeySealing } from './key-encryption.js';

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
  /** The seed in hex (a plain key file). */
  privateKey?: string;
  /** The seed sealed under a passphrase (an encrypted key file). */
  encrypted?: KeySealing;
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

/** The key file with its seed sealed under `passphrase` (key-encryption.ts); `cost` is for tests. */
export function encryptedKeyPairToJson(kp: KeyPair, passphrase: string, cost: { n?: number } = {}): KeyFileJson {
  const { privateKey: _plain, ...rest } = keyPairToJson(kp);
  return { ...rest, encrypted: sealSeed(kp.seed, kp.publicKey, passphrase, cost) };
}

/** A key file's account, suite and public key, read without opening its private key (no passphrase needed). */
export function keyFileInfo(json: unknown): { suite: CryptoSuite; account?: string; publicKey: Uint8Array; encrypted: boolean } {
  const j = json as Partial<KeyFileJson> | null;
  if (j === null || typeof j !== 'object' || j.type !== KEY_FILE_TYPE) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `This is not a CreditChain key file (its "type" should be "${KEY_FILE_TYPE}").`);
  }
  const suite = getSuite(String(j.suite));
  let publicKey: Uint8Array;
  try {
    publicKey = fromHex(String(j.publicKey), suite.publicKeyLength);
  } catch {
    throw new CreditChainError('CRYPTO_BAD_KEY', `The key file's public key is not ${suite.publicKeyLength} bytes of hex.`);
  }
  const info = { suite, publicKey, encrypted: isEncryptedKeyFile(j) };
  return typeof j.account === 'string' ? { ...info, account: j.account } : info;
}

/** Whether parsed key-file JSON holds its seed encrypted (it needs a passphrase to open). */
export function isEncryptedKeyFile(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'encrypted' in json && (json as KeyFileJson).encrypted !== undefined;
}

/** Reads a key file; an encrypted one needs its passphrase (KEY_PASSPHRASE_REQUIRED without, KEY_BAD_PASSPHRASE if wrong). */
export function keyPairFromJson(json: unknown, passphrase?: string): KeyPair {
  const info = keyFileInfo(json);
  const j = json as KeyFileJson;
  const secretLength = info.suite.signature.secretLength;
  let seed: Uint8Array;
  if (info.encrypted) {
    if (passphrase === undefined) {
      throw new CreditChainError('KEY_PASSPHRASE_REQUIRED', `The key file${info.account === undefined ? '' : ` of ${info.account}`} is encrypted; give its passphrase (CREDITCHAIN_PASSPHRASE, or type it when asked).`);
    }
    seed = openSeed(j.encrypted!, info.publicKey, passphrase);
    if (seed.length !== secretLength) throw new CreditChainError('CRYPTO_BAD_KEY', 'The key file opens to a private key of the wrong length.');
  } else {
    seed = fromHex(String(j.privateKey), secretLength);
  }
  const kp = keyPairFromSeed(info.suite.id, seed, info.account);
  if (!equalBytes(kp.publicKey, info.publicKey)) {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'The key file is inconsistent: its public key is not the one of its private key.');
  }
  return kp;
}
