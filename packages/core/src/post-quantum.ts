// Post-quantum account keys, on @noble/post-quantum (audited, pure TypeScript):
//   ml-dsa-65          ML-DSA-65 (FIPS 204), lattice-based: 1,952-byte public keys, 3,309-byte
//                      signatures, NIST security category 3. Signs in a few milliseconds and
//                      verifies in about one (bench/results/post-quantum.json).
//   slh-dsa-sha2-128s  SLH-DSA-SHA2-128s (FIPS 205), stateless hash-based (SPHINCS+): 32-byte
//                      public keys, 7,856-byte signatures, category 1. It rests only on SHA-256, so
//                      it stands if the lattice assumptions fall. The "s" (small) set rather than
//                      "f" (fast): every node verifies and stores each signature for ever, and
//                      128s signatures are less than half the size of 128f's (17,088 bytes) and
//                      verify about twice as fast; signing is some 20 times slower (over a second
//                      here), a cost the signer pays once. SHA2 rather than SHAKE: about five times
//                      faster in this library.
//
// Both use the pure ("external", no pre-hash) interface of the standards with an empty context
// string: the message signed is M' = 0x00 ‖ 0x00 ‖ M. Transaction messages carry their own domain
// tag (tx.ts), so the context adds nothing.
//
// A key file holds only the seed the key pair is derived from, by the standards' own key
// generation: ML-DSA.KeyGen_internal(ξ) with the 32-byte ξ; slh_keygen_internal(SK.seed, SK.prf,
// PK.seed) with 3·n = 48 bytes (the three n-byte values, in that order).
//
// Signing is deterministic, since core calls no random source (STYLE.md, "Pure where it can
// be"): ML-DSA's deterministic variant (rnd = 32 zero bytes, FIPS 204 §3.4, Algorithm 2) and
// SLH-DSA's (opt_rand = PK.seed, FIPS 205 Algorithm 22), both `extraEntropy: false` in noble.
// The standards recommend the hedged variants where a good random source exists: they add
// protection against fault and side-channel attacks on the signer, not against forgery.
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { slh_dsa_sha2_128s } from '@noble/post-quantum/slh-dsa.js';
import { CreditChainError } from './errors.js';
import { registerAlg, type SignatureAlg } from './signature-algs.js';

/** The part of a noble signer we use. */
interface PqScheme {
  keygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array };
  sign(message: Uint8Array, secretKey: Uint8Array, opts: { extraEntropy: false; context: Uint8Array }): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, opts: { context: Uint8Array }): boolean;
}

interface PqParams {
  readonly id: string;
  readonly name: string;
  readonly seedLength: number;
  readonly publicKeyLength: number;
  readonly signatureLength: number;
  /** Expanded key pairs kept: a key generation costs a millisecond or two (ML-DSA), 0.2 s (SLH-DSA). */
  readonly cacheLimit: number;
}

const EMPTY_CONTEXT = new Uint8Array(0);

function makePqAlg(scheme: PqScheme, p: PqParams): SignatureAlg {
  // A signer (the CLI, a client signing many transactions) reuses its key pair; the secret keys
  // never leave this map, and a returned public key is a copy.
  const keys = new Map<string, { publicKey: Uint8Array; secretKey: Uint8Array }>();
  function keyPair(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
    if (!(seed instanceof Uint8Array) || seed.length !== p.seedLength) {
      throw new CreditChainError('CRYPTO_BAD_KEY', `A ${p.name} private key is a ${p.seedLength}-byte seed.`, { alg: p.id });
    }
    const id = Buffer.from(seed).toString('latin1');
    let pair = keys.get(id);
    if (pair === undefined) {
      pair = scheme.keygen(Uint8Array.from(seed));
      if (keys.size >= p.cacheLimit) keys.clear();
      keys.set(id, pair);
    }
    return pair;
  }
  return Object.freeze({
    id: p.id,
    name: p.name,
    secretLength: p.seedLength,
    publicKeyLength: p.publicKeyLength,
    signatureLength: p.signatureLength,
    publicKeyOf(seed: Uint8Array): Uint8Array {
      return keyPair(seed).publicKey.slice();
    },
    sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
      if (!(message instanceof Uint8Array)) throw new TypeError('The message to sign must be a Uint8Array.');
      return scheme.sign(message, keyPair(seed).secretKey, { extraEntropy: false, context: EMPTY_CONTEXT });
    },
    verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
      if (!(publicKey instanceof Uint8Array) || publicKey.length !== p.publicKeyLength) return false;
      if (!(signature instanceof Uint8Array) || signature.length !== p.signatureLength) return false;
      if (!(message instanceof Uint8Array)) return false;
      try {
        return scheme.verify(signature, message, publicKey, { context: EMPTY_CONTEXT }) === true;
      } catch {
        return false;
      }
    },
  } satisfies SignatureAlg);
}

/** ML-DSA-65 (FIPS 204): the secret is the 32-byte seed ξ. */
export const mlDsa65: SignatureAlg = makePqAlg(ml_dsa65, {
  id: 'ml-dsa-65',
  name: 'ML-DSA-65',
  seedLength: 32,
  publicKeyLength: 1952,
  signatureLength: 3309,
  cacheLimit: 256,
});

/** SLH-DSA-SHA2-128s (FIPS 205): the secret is SK.seed ‖ SK.prf ‖ PK.seed, 48 bytes. */
export const slhDsa: SignatureAlg = makePqAlg(slh_dsa_sha2_128s, {
  id: 'slh-dsa-sha2-128s',
  name: 'SLH-DSA-SHA2-128s',
  seedLength: 48,
  publicKeyLength: 32,
  signatureLength: 7856,
  cacheLimit: 256,
});

registerAlg(mlDsa65);
registerAlg(slhDsa);
