// SM2 digital signatures (GM/T 0003.2-2012, GB/T 32918.2-2016) over the recommended 256-bit curve
// (GM/T 0003.5-2012, GB/T 32918.5-2017), hashed with SM3: the default algorithm of the `gm` suite.
//
// Encodings, fixed so every node agrees byte for byte:
//   secret     the 32-byte big-endian private key d, 1 ≤ d ≤ n − 2 (as GB/T 32918.1 generates it).
//   public key 65 bytes, the uncompressed point 04 ‖ x ‖ y (GB/T 32918.1's encoding; the form of
//              GM/T 0009 and of X.509 SM2 keys). Compressed and hybrid forms are refused: one key,
//              one byte string, and no square root to take. Decoding is strict: x < p, y < p and
//              the point on the curve (the cofactor is 1, so that is the group; the point at
//              infinity has no 65-byte form).
//   signature  64 bytes, r ‖ s, each 32 bytes big-endian (not the DER SEQUENCE of GM/T 0009):
//              fixed width, one encoding per signature. r and s must lie in [1, n − 1].
//
// The message signed is e = SM3(Z_A ‖ M), with
// Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) and the default distinguishing
// identifier ID_A = "1234567812345678" (GM/T 0009-2012, GB/T 35276-2017), as GmSSL, Tongsuo,
// Bouncy Castle and gmsm use; `createSm2(…)` and `sm2Scheme` sign and verify with another ID too.
//
// The nonce is deterministic, RFC 6979 §3.2 with HMAC-SM3 (x = d, h1 = e, qlen = hlen = 256); a
// candidate that gives r = 0, r + k = n or s = 0 is treated like one out of range (step h.3: next
// HMAC-DRBG output), as gmsm's SignDeterministic does. Signing draws no randomness, so core stays
// pure. The standard asks only that k be secret and uniform in [1, n − 1]; verification
// does not depend on how k was chosen. noble's scalar blinding (it would draw random bytes) is
// off; the secret multiplication k·G keeps noble's fixed sequence of point operations.
//
// Verification runs on arithmetic of its own (Jacobian coordinates, mixed additions, interleaved
// wNAF, no inversion: x1 is compared projectively), since public values need no constant time.
// sG + tP shares one doubling chain; G's tables cut s into eight 32-bit pieces (odd multiples of
// G, 2^32·G, …, 2^224·G), built once. A public key's first verification builds only the odd
// multiples of P and runs a 256-long chain; its second builds P's eight pieces too, so that from
// then on the chain is 33 long. Keys are cached (bounded). The arithmetic is checked against
// noble's points in sm2.test.ts; bench/sm2.mjs measures it (some 6 times noble's own verify).
import { Field, invert } from '@noble/curves/abstract/modular.js';
import { weierstrass, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { concatBytes } from './bytes.js';
import { CreditChainError } from './errors.js';
import { registerAlg, type SignatureAlg } from './signature-algs.js';
import { hmacSm3, sm3 } from './sm3.js';

/** A short Weierstrass curve y² = x³ + ax + b over F_p with a generator G of prime order n, cofactor 1. */
export interface Sm2CurveParams {
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly Gx: bigint;
  readonly Gy: bigint;
}

/** The SM2 recommended curve (GM/T 0003.5-2012, GB/T 32918.5-2017; "sm2p256v1" in OpenSSL). */
export const SM2_P256V1: Sm2CurveParams = Object.freeze({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});

/** The default distinguishing identifier (ENTL = 128 bits), as text; its UTF-8 bytes are the ID. */
export const SM2_DEFAULT_ID = '1234567812345678';
const DEFAULT_ID = new TextEncoder().encode(SM2_DEFAULT_ID);

export interface Sm2Options {
  /** The signer's distinguishing identifier ID_A, at most 8191 bytes; the bytes of SM2_DEFAULT_ID if absent. */
  id?: Uint8Array;
}

/** SM2 over one curve (32-byte field elements and scalars), with a choice of signer ID. */
export interface Sm2Scheme {
  readonly curve: Sm2CurveParams;
  publicKeyOf(secret: Uint8Array): Uint8Array;
  /** Z_A of a public key for an ID (GB/T 32918.2 §5.5). */
  za(publicKey: Uint8Array, options?: Sm2Options): Uint8Array;
  /** Deterministic signature r ‖ s (RFC 6979 nonce with HMAC-SM3). */
  sign(secret: Uint8Array, message: Uint8Array, options?: Sm2Options): Uint8Array;
  /**
   * The signature with a nonce k chosen by the caller, for the standards' worked examples only:
   * two messages signed with one k reveal the private key.
   */
  signWithNonce(secret: Uint8Array, message: Uint8Array, k: bigint, options?: Sm2Options): Uint8Array;
  /** True only for a valid signature; false for any malformed input, never a throw. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options?: Sm2Options): boolean;
  /**
   * Signs a digest e computed elsewhere (1 to 32 bytes, read as a big-endian integer): for
   * interfaces that take e = SM3(Z_A ‖ M) rather than M, as OpenSSL's EVP_PKEY_sign does.
   */
  signDigest(secret: Uint8Array, digest: Uint8Array): Uint8Array;
  /** Verifies a signature of a digest e (1 to 32 bytes); false for any malformed input. */
  verifyDigest(publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean;
}

const KEY_CACHE_LIMIT = 4096;
const SECRET_CACHE_LIMIT = 1024;
const SCALAR_BITS = 256;
const PIECES = 8; // a scalar is cut into PIECES pieces of SCALAR_BITS / PIECES bits
const W_G = 8; // wNAF widths: a table holds the 2^(W−2) odd multiples below 2^(W−1)
const W_P = 5;

function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`);
}

function bigintTo32(n: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
}


/** Signed digits (wNAF, width w), least significant first, of a number given as '0'/'1' characters, most significant first. */
function wnaf(bits: string, w: number): Int16Array {
  const length = bits.length;
  const bit = new Uint8Array(length + w + 1);
  for (let i = 0; i < length; i++) bit[i] = bits.charCodeAt(length - 1 - i) - 48;
  const digits = new Int16Array(length + 1); // a carry can reach bit `length`, no further
  const full = 1 << w;
  for (let i = 0; i <= length; ) {
    if (bit[i] === 0) {
      i++;
      continue;
    }
    let v = 0;
    for (let j = w - 1; j >= 0; j--) v = v * 2 + bit[i + j]!;
    if (v >= full >> 1) {
      v -= full; // carry one into bit i + w
      let j = i + w;
      while (bit[j] === 1) bit[j++] = 0;
      bit[j] = 1;
    }
    digits[i] = v;
    i += w;
  }
  return digits;
}

/** G's tables, by curve, shared by the schemes built over the same parameters object. */
const generatorTables = new WeakMap<Sm2CurveParams, bigint[][]>();

/** Builds SM2 over a curve. */
export function createSm2(curve: Sm2CurveParams): Sm2Scheme {
  const { p, a, b, n, Gx, Gy } = curve;
  const aIsMinus3 = a === p - 3n;
  const md = (x: bigint): bigint => {
    const r = x % p;
    return r < 0n ? r + p : r;
  };
  const prefix = concatBytes(bigintTo32(a), bigintTo32(b), bigintTo32(Gx), bigintTo32(Gy));

  // Secret-scalar multiplication on noble (fixed operation sequence); blinding off, see above.
  const Point: WeierstrassPointCons<bigint> = weierstrass(
    { p, n, h: 1n, a, b, Gx, Gy },
    { Fp: Field(p), Fn: Field(n), randomBytes: () => { throw new Error('core draws no randomness'); } },
  );

  // --- verification arithmetic: Jacobian (X, Y, Z) ↔ affine (X/Z², Y/Z³); Z = 0 is infinity ---
  interface Jac { X: bigint; Y: bigint; Z: bigint }

  function dbl(q: Jac): void {
    const { X, Y, Z } = q;
    if (Z === 0n) return;
    if (aIsMinus3) { // dbl-2001-b
      const delta = (Z * Z) % p;
      const gamma = (Y * Y) % p;
      const beta = (X * gamma) % p;
      const alpha = (3n * (X - delta) * (X + delta)) % p;
      const X3 = (alpha * alpha - 8n * beta) % p;
      q.Z = ((Y + Z) * (Y + Z) - gamma - delta) % p;
      q.Y = (alpha * (4n * beta - X3) - ((8n * gamma * gamma) % p)) % p;
      q.X = X3;
    } else { // dbl-2007-bl
      const XX = (X * X) % p;
      const YY = (Y * Y) % p;
      const YYYY = (YY * YY) % p;
      const ZZ = (Z * Z) % p;
      const S = (2n * ((X + YY) * (X + YY) - XX - YYYY)) % p;
      const M = (3n * XX + a * ((ZZ * ZZ) % p)) % p;
      const T = (M * M - 2n * S) % p;
      q.Z = ((Y + Z) * (Y + Z) - YY - ZZ) % p;
      q.Y = (M * (S - T) - 8n * YYYY) % p;
      q.X = T;
    }
  }

  /** q += (x2, y2), an affine point (madd-2007-bl), with the exceptional cases. */
  function madd(q: Jac, x2: bigint, y2: bigint): void {
    const { X, Y, Z } = q;
    if (Z === 0n) {
      q.X = x2; q.Y = y2; q.Z = 1n;
      return;
    }
    const Z1Z1 = (Z * Z) % p;
    const U2 = (x2 * Z1Z1) % p;
    const S2 = (((y2 * Z) % p) * Z1Z1) % p;
    const H = md(U2 - X);
    const r = md(2n * (S2 - Y));
    if (H === 0n) {
      if (r === 0n) dbl(q); // the same point
      else q.Z = 0n; // its negation
      return;
    }
    const HH = (H * H) % p;
    const I = 4n * HH;
    const J = (H * I) % p;
    const V = (X * I) % p;
    const X3 = (r * r - J - 2n * V) % p;
    q.Y = (r * (V - X3) - ((2n * Y * J) % p)) % p;
    q.Z = ((Z + H) * (Z + H) - Z1Z1 - HH) % p;
    q.X = X3;
  }

  /** q1 + q2 for Jacobian points (add-2007-bl), with the exceptional cases. */
  function add(q1: Jac, q2: Jac): Jac {
    if (q1.Z === 0n) return { ...q2 };
    if (q2.Z === 0n) return { ...q1 };
    const Z1Z1 = (q1.Z * q1.Z) % p;
    const Z2Z2 = (q2.Z * q2.Z) % p;
    const U1 = (q1.X * Z2Z2) % p;
    const U2 = (q2.X * Z1Z1) % p;
    const S1 = (((q1.Y * q2.Z) % p) * Z2Z2) % p;
    const S2 = (((q2.Y * q1.Z) % p) * Z1Z1) % p;
    const H = md(U2 - U1);
    const r = md(2n * (S2 - S1));
    if (H === 0n) {
      const out = { ...q1 };
      if (r === 0n) dbl(out);
      else out.Z = 0n;
      return out;
    }
    const I = (4n * H * H) % p;
    const J = (H * I) % p;
    const V = (U1 * I) % p;
    const X3 = (r * r - J - 2n * V) % p;
    return {
      X: X3,
      Y: (r * (V - X3) - ((2n * S1 * J) % p)) % p,
      Z: ((((q1.Z + q2.Z) * (q1.Z + q2.Z) - Z1Z1 - Z2Z2) % p) * H) % p,
    };
  }

  /**
   * Tables for a point B of the group, one for each of `pieces` pieces: for piece i, the odd
   * multiples 1, 3, …, 2^(w−1) − 1 of 2^(i·SCALAR_BITS/pieces)·B, affine, flattened as x, y pairs.
   */
  function tablesOf(x: bigint, y: bigint, w: number, pieces: number): bigint[][] {
    const size = 1 << (w - 2);
    const jac: Jac[] = [];
    const base: Jac = { X: x, Y: y, Z: 1n };
    for (let i = 0; i < pieces; i++) {
      if (i > 0) for (let j = 0; j < SCALAR_BITS / pieces; j++) dbl(base);
      const twice = { ...base };
      dbl(twice);
      let m: Jac = { ...base };
      jac.push(m);
      for (let j = 1; j < size; j++) jac.push((m = add(m, twice)));
    }
    // One inversion for all (Montgomery's trick). No entry is infinity: the odd multiples below
    // 2^(w−1) of a point of prime order n > 2^(w−1) are not.
    const zs = jac.map((q) => md(q.Z));
    const prefixes: bigint[] = [];
    let acc = 1n;
    for (const z of zs) {
      prefixes.push(acc);
      acc = (acc * z) % p;
    }
    let inv = invert(acc, p);
    const flat: bigint[] = new Array<bigint>(2 * jac.length);
    for (let i = jac.length - 1; i >= 0; i--) {
      const zi = (inv * prefixes[i]!) % p;
      inv = (inv * zs[i]!) % p;
      const zi2 = (zi * zi) % p;
      flat[2 * i] = md(jac[i]!.X * zi2);
      flat[2 * i + 1] = md(((jac[i]!.Y * zi2) % p) * zi);
    }
    const tables: bigint[][] = [];
    for (let i = 0; i < pieces; i++) tables.push(flat.slice(2 * size * i, 2 * size * (i + 1)));
    return tables;
  }

  let gTables = generatorTables.get(curve);

  /**
   * u1·G + u2·P (Jacobian), u1 and u2 in [0, n), by interleaved wNAF: with one table of P a
   * doubling chain of 256, with PIECES tables (of P, 2^32·P, …) PIECES times shorter.
   */
  function mulAdd(u1: bigint, u2: bigint, pTables: bigint[][]): Jac {
    if (gTables === undefined) generatorTables.set(curve, (gTables = tablesOf(Gx, Gy, W_G, PIECES)));
    const pieces = pTables.length;
    const pieceBits = SCALAR_BITS / pieces;
    const b1 = u1.toString(2).padStart(SCALAR_BITS, '0');
    const b2 = u2.toString(2).padStart(SCALAR_BITS, '0');
    const digits: Int16Array[] = [];
    const tables: bigint[][] = [];
    for (let i = 0; i < pieces; i++) {
      const end = SCALAR_BITS - i * pieceBits;
      digits.push(wnaf(b1.slice(end - pieceBits, end), W_G), wnaf(b2.slice(end - pieceBits, end), W_P));
      tables.push(gTables[i]!, pTables[i]!); // with one piece, G's first table: its odd multiples
    }
    const q: Jac = { X: 0n, Y: 1n, Z: 0n };
    for (let bit = pieceBits; bit >= 0; bit--) {
      dbl(q);
      for (let t = 0; t < digits.length; t++) {
        const d = digits[t]![bit]!;
        if (d === 0) continue;
        const table = tables[t]!;
        const idx = d > 0 ? d - 1 : -d - 1; // odd |d| is entry (|d| − 1)/2, at index |d| − 1 of the x, y pairs
        madd(q, table[idx]!, d > 0 ? table[idx + 1]! : p - table[idx + 1]!);
      }
    }
    return q;
  }

  // --- keys ---
  interface PublicKeyInfo { x: bigint; y: bigint; za: Uint8Array; tables: bigint[][] | undefined }
  const publicKeys = new Map<string, PublicKeyInfo>();

  /** The decoded public key, or undefined if it is not 04 ‖ x ‖ y of a point of the curve. */
  function publicKeyInfo(publicKey: Uint8Array): PublicKeyInfo | undefined {
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 65 || publicKey[0] !== 0x04) return undefined;
    const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('latin1');
    let info = publicKeys.get(id);
    if (info === undefined) {
      const x = bytesToBigint(publicKey.subarray(1, 33));
      const y = bytesToBigint(publicKey.subarray(33, 65));
      if (x >= p || y >= p || md(y * y - ((((x * x) % p) * x) % p) - a * x - b) !== 0n) return undefined;
      info = { x, y, za: zaOf(DEFAULT_ID, x, y), tables: undefined };
      if (publicKeys.size >= KEY_CACHE_LIMIT) publicKeys.clear();
      publicKeys.set(id, info);
    }
    return info;
  }

  function zaOf(id: Uint8Array, x: bigint, y: bigint): Uint8Array {
    if (!(id instanceof Uint8Array) || id.length > 8191) {
      throw new CreditChainError('CRYPTO_BAD_KEY', 'An SM2 signer ID is at most 8191 bytes.', { idLength: id?.length });
    }
    const entl = id.length * 8;
    return sm3(concatBytes(Uint8Array.of(entl >> 8, entl & 0xff), id, prefix, bigintTo32(x), bigintTo32(y)));
  }

  interface SecretInfo { d: bigint; publicKey: Uint8Array; x: bigint; y: bigint; za: Uint8Array; inv1d: bigint }
  const secrets = new Map<string, SecretInfo>();

  function secretInfo(secret: Uint8Array): SecretInfo {
    if (!(secret instanceof Uint8Array) || secret.length !== 32) {
      throw new CreditChainError('CRYPTO_BAD_KEY', 'An SM2 private key is 32 bytes.');
    }
    const id = Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength).toString('latin1');
    let info = secrets.get(id);
    if (info === undefined) {
      const d = bytesToBigint(secret);
      if (d < 1n || d > n - 2n) throw new CreditChainError('CRYPTO_BAD_KEY', 'An SM2 private key d must satisfy 1 ≤ d ≤ n − 2.');
      const P = Point.BASE.multiply(d).toAffine();
      const publicKey = concatBytes(Uint8Array.of(4), bigintTo32(P.x), bigintTo32(P.y));
      info = { d, publicKey, x: P.x, y: P.y, za: zaOf(DEFAULT_ID, P.x, P.y), inv1d: invert(1n + d, n) };
      if (secrets.size >= SECRET_CACHE_LIMIT) secrets.clear();
      secrets.set(id, info);
    }
    return info;
  }

  /** e = SM3(Z_A ‖ M) (GB/T 32918.2 §6.1 A1–A2). */
  function digestOf(za: Uint8Array, message: Uint8Array): Uint8Array {
    if (!(message instanceof Uint8Array)) throw new TypeError('The message must be a Uint8Array.');
    return sm3(concatBytes(za, message));
  }

  function digestValue(digest: Uint8Array): bigint {
    if (!(digest instanceof Uint8Array) || digest.length < 1 || digest.length > 32) throw new TypeError('An SM2 digest is 1 to 32 bytes.');
    return bytesToBigint(digest);
  }

  /** Deterministic signature of e: RFC 6979 §3.2 with HMAC-SM3, x = d, h1 = e. */
  function signDigest(info: SecretInfo, digest: Uint8Array): Uint8Array {
    const e = digestValue(digest);
    // int2octets(x) is the secret; bits2octets(h1) = int2octets(bits2int(h1) mod n), and
    // bits2int(h1) = e since h1 has at most qlen = 256 bits.
    const x = bigintTo32(info.d);
    const h1 = bigintTo32(e % n);
    let K: Uint8Array = new Uint8Array(32);
    let V: Uint8Array = new Uint8Array(32).fill(1);
    K = hmacSm3(K, V, Uint8Array.of(0), x, h1);
    V = hmacSm3(K, V);
    K = hmacSm3(K, V, Uint8Array.of(1), x, h1);
    V = hmacSm3(K, V);
    for (;;) {
      V = hmacSm3(K, V); // hlen = qlen: one HMAC output is one candidate k = bits2int(V)
      const signature = signWith(info, e, bytesToBigint(V));
      if (signature !== undefined) return signature;
      K = hmacSm3(K, V, Uint8Array.of(0));
      V = hmacSm3(K, V);
    }
  }

  /** r ‖ s for nonce k, or undefined if k gives r = 0, r + k = n or s = 0 (GB/T 32918.2 §6.1 A3–A6). */
  function signWith(info: SecretInfo, e: bigint, k: bigint): Uint8Array | undefined {
    if (k < 1n || k >= n) return undefined;
    const x1 = Point.BASE.multiply(k).toAffine().x; // A4
    const r = (e + x1) % n; // A5
    if (r === 0n || r + k === n) return undefined;
    const s = (info.inv1d * (((k - r * info.d) % n) + n)) % n; // A6
    if (s === 0n) return undefined;
    return concatBytes(bigintTo32(r), bigintTo32(s)); // A7
  }

  /**
   * GB/T 32918.2 §7.1 B1–B7 for a signature of e; `digest` gives e once the key is known to be
   * valid (so that Z_A can be hashed from it).
   */
  function verifyWith(publicKey: Uint8Array, signature: Uint8Array, digest: (info: PublicKeyInfo) => Uint8Array): boolean {
    try {
      if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
      const r = bytesToBigint(signature.subarray(0, 32));
      const s = bytesToBigint(signature.subarray(32, 64));
      if (r < 1n || r >= n || s < 1n || s >= n) return false; // B1, B2
      const info = publicKeyInfo(publicKey);
      if (info === undefined) return false;
      const e = digestValue(digest(info)); // B3, B4
      const t = (r + s) % n; // B5
      if (t === 0n) return false;
      // A key's first verification builds the one table of the 256-long chain (cheap); its second,
      // the PIECES tables of the short chain.
      info.tables = info.tables === undefined ? tablesOf(info.x, info.y, W_P, 1) : info.tables.length === 1 ? tablesOf(info.x, info.y, W_P, PIECES) : info.tables;
      const q = mulAdd(s, t, info.tables); // B6: (x1, y1) = [s]G + [t]P_A
      if (q.Z === 0n) return false;
      // B7: R = (e + x1) mod n = r, that is x1 ≡ r − e (mod n). x1 = X/Z² lies in [0, p), so it
      // is one of v, v + n, … below p: compare X with v·Z² rather than invert Z.
      const X = md(q.X);
      const zz = (q.Z * q.Z) % p;
      for (let v = (((r - e) % n) + n) % n; v < p; v += n) if (md(v * zz) === X) return true;
      return false;
    } catch {
      return false;
    }
  }

  const zaFor = (options: Sm2Options | undefined, info: { za: Uint8Array; x: bigint; y: bigint }): Uint8Array =>
    options?.id === undefined ? info.za : zaOf(options.id, info.x, info.y);

  return Object.freeze({
    curve,
    publicKeyOf(secret: Uint8Array): Uint8Array {
      return secretInfo(secret).publicKey.slice();
    },
    za(publicKey: Uint8Array, options?: Sm2Options): Uint8Array {
      const info = publicKeyInfo(publicKey);
      if (info === undefined) throw new CreditChainError('CRYPTO_BAD_KEY', 'An SM2 public key is 65 bytes, 04 ‖ x ‖ y, of a point of the curve.');
      return zaFor(options, info).slice();
    },
    sign(secret: Uint8Array, message: Uint8Array, options?: Sm2Options): Uint8Array {
      const info = secretInfo(secret);
      return signDigest(info, digestOf(zaFor(options, info), message));
    },
    signWithNonce(secret: Uint8Array, message: Uint8Array, k: bigint, options?: Sm2Options): Uint8Array {
      const info = secretInfo(secret);
      const signature = signWith(info, bytesToBigint(digestOf(zaFor(options, info), message)), k);
      if (signature === undefined) throw new RangeError('This nonce gives no SM2 signature (k outside [1, n − 1], r = 0, r + k = n or s = 0).');
      return signature;
    },
    verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options?: Sm2Options): boolean {
      if (!(message instanceof Uint8Array)) return false;
      return verifyWith(publicKey, signature, (info) => digestOf(zaFor(options, info), message));
    },
    signDigest(secret: Uint8Array, digest: Uint8Array): Uint8Array {
      return signDigest(secretInfo(secret), digest);
    },
    verifyDigest(publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
      return verifyWith(publicKey, signature, () => digest);
    },
  } satisfies Sm2Scheme);
}

/** SM2 on the recommended curve, with a choice of signer ID. */
export const sm2Scheme: Sm2Scheme = createSm2(SM2_P256V1);

/** SM2 with the default signer ID, as a signature algorithm of CreditChain. */
export const sm2: SignatureAlg = Object.freeze({
  id: 'sm2',
  name: 'SM2',
  secretLength: 32,
  publicKeyLength: 65,
  signatureLength: 64,
  publicKeyOf: (secret: Uint8Array): Uint8Array => sm2Scheme.publicKeyOf(secret),
  sign: (secret: Uint8Array, message: Uint8Array): Uint8Array => sm2Scheme.sign(secret, message),
  verify: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => sm2Scheme.verify(publicKey, message, signature),
} satisfies SignatureAlg);

registerAlg(sm2);
