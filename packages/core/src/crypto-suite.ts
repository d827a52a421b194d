// Crypto suites are chosen at genesis: the hash of every tree and id, and the default signature
// algorithm of accounts and nodes. `intl` is SHA-256 + Ed25519 on node:crypto; `gm` (gm-suite.ts)
// is SM3 + SM2.
import { ed25519 } from './ed25519.js';
import { CreditChainError } from './errors.js';
import { oneShotDigest, oneShotDigestInto } from './one-shot-digest.js';
import type { SignatureAlg } from './signature-algs.js';

export type SuiteId = 'intl' | 'gm';

export interface CryptoSuite {
  readonly id: SuiteId;
  readonly hashName: string;
  readonly hashLength: number;
  hash(data: Uint8Array): Uint8Array;
  /** The same digest written into `out` at `offset`: for trees kept packed in one buffer. */
  hashInto(data: Uint8Array, out: Uint8Array, offset: number): void;
  /** The default signature algorithm of the suite. */
  readonly signature: SignatureAlg;
  // The default algorithm's parameters and functions, for brevity at call sites.
  readonly signatureName: string;
  readonly publicKeyLength: number;
  readonly signatureLength: number;
  publicKeyOf(seed: Uint8Array): Uint8Array;
  sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** Builds a suite from its hash (node:crypto's name for it, e.g. 'sha256') and default signature algorithm. */
export function makeSuite(id: SuiteId, hashName: string, digestAlgorithm: string, signature: SignatureAlg): CryptoSuite {
  return Object.freeze({
    id,
    hashName,
    hashLength: 32,
    hash: (data: Uint8Array) => oneShotDigest(digestAlgorithm, data),
    hashInto: (data: Uint8Array, out: Uint8Array, offset: number) => oneShotDigestInto(digestAlgorithm, data, out, offset),
    signature,
    signatureName: signature.name,
    publicKeyLength: signature.publicKeyLength,
    signatureLength: signature.signatureLength,
    publicKeyOf: (seed: Uint8Array) => signature.publicKeyOf(seed),
    sign: (seed: Uint8Array, message: Uint8Array) => signature.sign(seed, message),
    verify: (publicKey: Uint8Array, message: Uint8Array, sig: Uint8Array) => signature.verify(publicKey, message, sig),
  });
}

export const intlSuite: CryptoSuite = makeSuite('intl', 'SHA-256', 'sha256', ed25519);

const SUITES = new Map<string, CryptoSuite>([['intl', intlSuite]]);

/** Adds a suite to the table (done once, at module load, by the module that defines it). */
export function registerSuite(suite: CryptoSuite): void {
  SUITES.set(suite.id, suite);
}

export function getSuite(id: string): CryptoSuite {
  const suite = SUITES.get(id);
  if (suite === undefined) {
    throw new CreditChainError('CRYPTO_UNKNOWN_SUITE', `The crypto suite "${id}" is not implemented; this node knows: ${[...SUITES.keys()].join(', ')}.`, { suite: id });
  }
  return suite;
}

/** SHA-256, the hash of note key ids whatever the suite. */
export function sha256(data: Uint8Array): Uint8Array {
  return oneShotDigest('sha256', data);
}
