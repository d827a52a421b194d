// Signature algorithms, by id. A crypto suite names its default algorithm (Ed25519 for `intl`,
// SM2 for `gm`); account keys may also use the post-quantum ones. A transaction signature names
// its algorithm, and every verification in CreditChain goes through `getAlg(id).verify`.
import { CreditChainError } from './errors.js';
import { ed25519 } from './ed25519.js';

export interface SignatureAlg {
  /** Stable id, as written in transactions and key files: "ed25519", "sm2", "ml-dsa-65", … */
  readonly id: string;
  /** Human name, e.g. "Ed25519". */
  readonly name: string;
  /** Length of the private secret (seed) the key is made from. */
  readonly secretLength: number;
  readonly publicKeyLength: number;
  /** Largest signature length. */
  readonly signatureLength: number;
  publicKeyOf(secret: Uint8Array): Uint8Array;
  sign(secret: Uint8Array, message: Uint8Array): Uint8Array;
  /** True only for a valid signature; false for any malformed input, never a throw. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /**
   * Why a public key must not be registered on an account (weak or malformed), or undefined if
   * it may. Checked when a key is added, not at every verification.
   */
  checkPublicKey?(publicKey: Uint8Array): string | undefined;
}

const ALGS = new Map<string, SignatureAlg>([[ed25519.id, ed25519]]);

/** Adds an algorithm to the table (done once, at module load, by the module that defines it). */
export function registerAlg(alg: SignatureAlg): void {
  ALGS.set(alg.id, alg);
}

export function getAlg(id: string): SignatureAlg {
  const alg = ALGS.get(id);
  if (alg === undefined) {
    throw new CreditChainError('CRYPTO_UNKNOWN_ALG', `The signature algorithm "${id}" is not implemented; this node knows: ${[...ALGS.keys()].join(', ')}.`, { alg: id });
  }
  return alg;
}

export function hasAlg(id: string): boolean {
  return ALGS.has(id);
}

export function listAlgs(): string[] {
  return [...ALGS.keys()];
}
