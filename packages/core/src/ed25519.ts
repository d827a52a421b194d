// Ed25519 on node:crypto (OpenSSL): fast, and strict RFC 8032 verification (S < L enforced,
// cofactorless equation), the same on every node. noble's default ZIP-215 rules accept
// signatures OpenSSL refuses, so mixing the two would split nodes; every Ed25519 verification in
// CreditChain goes through `ed25519.verify`. OpenSSL does not check that the public key is
// canonically encoded (RFC 8032 §5.1.3), so that one check is ours: see isCanonicalPoint.
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { ed25519 as nobleEd25519 } from '@noble/curves/ed25519.js';
import { CreditChainError } from './errors.js';
import type { SignatureAlg } from './signature-algs.js';

const SPKI_ED25519 = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8_ED25519 = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

// Building a KeyObject costs ≈ 8 µs (see publicKeyObject), a Map lookup well under one; keep the
// keys used last. 16,384 of them hold ≈ 14 MB of a thread's memory (measured on Node 20), and
// cover the senders of a busy stretch of blocks: `solo-tx`'s 10,000 accounts, signing in turn,
// missed every time with 4,096 kept and the whole cache dropped when full — 12 µs more a
// verification (docs/performance.md, session 29).
const PUBLIC_KEY_CACHE_LIMIT = 16_384;
const publicKeyCache = new Map<string, KeyObject>();

/**
 * RFC 8032 §5.1.3: decoding a point fails when y ≥ p or when x = 0 with its sign bit set.
 * OpenSSL (like ref10) applies neither rule to the public key A, so it accepts the alternative
 * encodings of the low-order points (C2SP CCTV vectors flagged non_canonical_A) — one key with two
 * byte strings. The non-canonical encodings are exactly: y in [p, 2^255), and y = 1 or y = p − 1
 * (the only points with x = 0) with the sign bit set.
 */
function isCanonicalPoint(p: Uint8Array): boolean {
  const signBit = p[31]! & 0x80;
  let yIsHigh = (p[31]! & 0x7f) === 0x7f; // y ≥ 2^255 − 256: bytes 1..30 all 0xff as well
  for (let i = 1; i < 31 && yIsHigh; i++) yIsHigh = p[i] === 0xff;
  if (yIsHigh && p[0]! >= 0xed) return false; // y ≥ p = 2^255 − 19
  if (signBit !== 0) {
    let yIsOne = p[0] === 0x01 && (p[31]! & 0x7f) === 0; // y = 1
    for (let i = 1; i < 31 && yIsOne; i++) yIsOne = p[i] === 0;
    if (yIsOne || (yIsHigh && p[0] === 0xec)) return false; // y = 1 or y = p − 1, with x = −0
  }
  return true;
}

function publicKeyObject(publicKey: Uint8Array): KeyObject | undefined {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32 || !isCanonicalPoint(publicKey)) return undefined;
  const id = Buffer.from(publicKey).toString('latin1');
  let key = publicKeyCache.get(id);
  if (key !== undefined) {
    // Least recently used first: a Map iterates in insertion order, so a key used again moves last.
    publicKeyCache.delete(id);
    publicKeyCache.set(id, key);
  } else {
    try {
      // A JWK is imported straight from its raw 32 bytes; SPKI DER goes through OpenSSL 3's
      // decoder framework, ≈ 81 µs against ≈ 7 µs here — most of a verification, paid for every
      // key not in the cache (the first transaction of each account a thread sees).
      // (base64url by hand: the console's Buffer stand-in knows only base64.)
      const x = Buffer.from(publicKey).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    } catch {
      return undefined;
    }
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.delete(publicKeyCache.keys().next().value!);
    publicKeyCache.set(id, key);
  }
  return key;
}

// Importing a private key costs ~300 µs, fourteen signatures' worth, and deriving its public key
// ≈ 75 µs, twice a signature; a signer (the node's checkpoint key, a client signing many
// transactions or reads) reuses both.
const PRIVATE_KEY_CACHE_LIMIT = 1024;
const privateKeyCache = new Map<string, { readonly key: KeyObject; publicKey?: Uint8Array }>();

function cachedKey(seed: Uint8Array): { readonly key: KeyObject; publicKey?: Uint8Array } {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'An Ed25519 private key is a 32-byte seed.');
  }
  const id = Buffer.from(seed).toString('latin1');
  let entry = privateKeyCache.get(id);
  if (entry === undefined) {
    entry = { key: createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' }) };
    if (privateKeyCache.size >= PRIVATE_KEY_CACHE_LIMIT) privateKeyCache.clear();
    privateKeyCache.set(id, entry);
  }
  return entry;
}

export const ed25519: SignatureAlg = Object.freeze({
  id: 'ed25519',
  name: 'Ed25519',
  secretLength: 32,
  publicKeyLength: 32,
  signatureLength: 64,
  publicKeyOf(seed: Uint8Array): Uint8Array {
    const entry = cachedKey(seed);
    if (entry.publicKey === undefined) {
      const der = createPublicKey(entry.key).export({ format: 'der', type: 'spki' });
      entry.publicKey = new Uint8Array(der.subarray(SPKI_ED25519.length));
    }
    // A copy: the caller may change what it is given.
    return entry.publicKey.slice();
  },
  sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
    return new Uint8Array(nodeSign(null, message, cachedKey(seed).key));
  },
  // Strict RFC 8032 accepts low-order public keys, and with the identity key the signature
  // (R = identity, S = 0) verifies for every message. Such keys prove nothing about who signed,
  // so they are refused when an account registers them (noble's point decoding checks the order).
  checkPublicKey(publicKey: Uint8Array): string | undefined {
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32 || !isCanonicalPoint(publicKey)) return 'it is not the canonical encoding of a curve point';
    try {
      if (nobleEd25519.Point.fromBytes(publicKey).isSmallOrder()) return 'it is a point of small order, for which signatures prove nothing';
    } catch {
      return 'it is not a point of the curve';
    }
    return undefined;
  },
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
    const key = publicKeyObject(publicKey);
    if (key === undefined) return false;
    try {
      return nodeVerify(null, message, key, signature);
    } catch {
      return false;
    }
  },
} satisfies SignatureAlg);
