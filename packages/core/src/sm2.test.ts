import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from './bytes.js';
import { CreditChainError } from './errors.js';
import { getAlg, hasAlg } from './signature-algs.js';
import { createSm2, SM2_DEFAULT_ID, SM2_P256V1, sm2, sm2Scheme, type Sm2CurveParams } from './sm2.js';
import { sm3 } from './sm3.js';

// ---- vectors ----
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../../test/vectors/gmt0003/${name}`, import.meta.url), 'utf8')) as T;
type HexCurve = Record<'p' | 'a' | 'b' | 'n' | 'Gx' | 'Gy', string>;
interface FixedNonce { name: string; curve: string; id: string; message: string; secretKey: string; publicKey?: string; za?: string; nonce: string; signature: string }
interface VerifyVector { name: string; message: string; secretKey: string; publicKey: string; signatureDer: string; signature: string }
interface DigestVector { name: string; secretKey: string; publicKey: string; digest: string; signatureDer: string; signature: string }
interface DetVector { name: string; secretKey: string; digestText: string; signature: string }
interface ZaVector { curve: string; id: string; publicKey: string; za: string; message?: string; e?: string }
interface OpensslVector { note: string; secretKey: string; publicKey: string; id: string; messageHex: string; signature: string }

const FIXED = load<{ curves: Record<string, HexCurve>; vectors: FixedNonce[] }>('sign-fixed-nonce.json');
const VERIFY = load<{ vectors: VerifyVector[] }>('verify.json').vectors;
const DIGEST = load<{ vectors: DigestVector[] }>('verify-digest.json').vectors;
const DET = load<{ vectors: DetVector[] }>('deterministic.json').vectors;
const ZA = load<{ vectors: ZaVector[] }>('za.json').vectors;
const OPENSSL = load<{ generator: string; vectors: OpensslVector[] }>('openssl-signatures.json');

const big = (hex: string): bigint => BigInt(`0x${hex}`);
const curveOf = (c: HexCurve): Sm2CurveParams => ({ p: big(c.p), a: big(c.a), b: big(c.b), n: big(c.n), Gx: big(c.Gx), Gy: big(c.Gy) });
const TEST_CURVE = curveOf(FIXED.curves['gbt32918-test-fp256']!);
const SCHEMES = { 'gbt32918-test-fp256': createSm2(TEST_CURVE), sm2p256v1: sm2Scheme } as Record<string, ReturnType<typeof createSm2>>;
const { n: N, p: P } = SM2_P256V1;
const DEFAULT_ID = utf8(SM2_DEFAULT_ID);

const to32 = (x: bigint): Uint8Array => fromHex(x.toString(16).padStart(64, '0'));
const sig = (r: bigint, s: bigint): Uint8Array => concatBytes(to32(r), to32(s));
const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = bytes.slice();
  out[bit >> 3] = out[bit >> 3]! ^ (1 << (bit & 7));
  return out;
};

/** DER SEQUENCE { INTEGER r, INTEGER s } → r ‖ s, and back. */
function derToRs(der: Uint8Array): Uint8Array {
  expect(der[0]).toBe(0x30);
  expect(der[1]).toBe(der.length - 2);
  const ints: bigint[] = [];
  for (let i = 2, k = 0; k < 2; k++) {
    expect(der[i]).toBe(0x02);
    const len = der[i + 1]!;
    ints.push(big(toHex(der.subarray(i + 2, i + 2 + len))));
    i += 2 + len;
  }
  return sig(ints[0]!, ints[1]!);
}
function rsToDer(rs: Uint8Array): Uint8Array {
  const int = (b: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return concatBytes(Uint8Array.of(0x02, v.length + (v[0]! & 0x80 ? 1 : 0)), v[0]! & 0x80 ? Uint8Array.of(0) : new Uint8Array(0), v);
  };
  const body = concatBytes(int(rs.subarray(0, 32)), int(rs.subarray(32)));
  return concatBytes(Uint8Array.of(0x30, body.length), body);
}

// A reference on noble's points (complete formulas), for the fast verification arithmetic.
const Noble = weierstrass({ ...SM2_P256V1, h: 1n });
const NobleTest = weierstrass({ ...TEST_CURVE, h: 1n });

/** A signature of a digest built backwards from chosen s, t and P = cG: r = t − s, e = r − x(sG + tP). */
function forged(curve: Sm2CurveParams, Point: typeof Noble, c: bigint, s: bigint, t: bigint): { publicKey: Uint8Array; digest: Uint8Array; signature: Uint8Array } | undefined {
  const { n } = curve;
  const r = (((t - s) % n) + n) % n;
  if (r === 0n) return undefined;
  const pub = Point.BASE.multiply(c);
  const q = Point.BASE.multiplyUnsafe(s).add(pub.multiplyUnsafe(t));
  if (q.is0()) return undefined;
  const e = (((r - q.toAffine().x) % n) + n) % n;
  return { publicKey: pub.toBytes(false), digest: to32(e), signature: sig(r, s) };
}

describe('SM2 known answers with a given nonce (sign-fixed-nonce.json)', () => {
  it('has the Appendix A example and the recommended-curve example', () => {
    expect(FIXED.vectors.map((v) => v.curve)).toEqual(['gbt32918-test-fp256', 'sm2p256v1']);
    expect(curveOf(FIXED.curves.sm2p256v1!)).toEqual({ ...SM2_P256V1 });
  });

  for (const v of FIXED.vectors) {
    it(`${v.name}: public key, Z_A, r ‖ s byte for byte, verification`, () => {
      const scheme = SCHEMES[v.curve]!;
      const id = utf8(v.id);
      const secret = fromHex(v.secretKey);
      const message = utf8(v.message);
      const publicKey = scheme.publicKeyOf(secret);
      if (v.publicKey !== undefined) expect(toHex(publicKey)).toBe(v.publicKey);
      if (v.za !== undefined) expect(toHex(scheme.za(publicKey, { id }))).toBe(v.za);
      const signature = fromHex(v.signature);
      expect(toHex(scheme.signWithNonce(secret, message, big(v.nonce), { id }))).toBe(v.signature);
      expect(scheme.verify(publicKey, message, signature, { id })).toBe(true);
      // another ID (here the default), another message, any flipped bit: refused
      expect(scheme.verify(publicKey, message, signature)).toBe(false);
      expect(scheme.verify(publicKey, utf8(`${v.message}.`), signature, { id })).toBe(false);
      for (let bit = 0; bit < 512; bit += 7) expect(scheme.verify(publicKey, message, flipBit(signature, bit), { id }), `bit ${bit}`).toBe(false);
      for (let bit = 8; bit < 520; bit += 11) expect(scheme.verify(flipBit(publicKey, bit), message, signature, { id }), `key bit ${bit}`).toBe(false);
    });
  }

  it('Appendix A: r + n and s + n (which fit in 32 bytes on the example curve) are refused', () => {
    const v = FIXED.vectors[0]!;
    const scheme = SCHEMES[v.curve]!;
    const publicKey = fromHex(v.publicKey!);
    const [r, s] = [big(v.signature.slice(0, 64)), big(v.signature.slice(64))];
    const id = utf8(v.id);
    expect(r + TEST_CURVE.n < 2n ** 256n && s + TEST_CURVE.n < 2n ** 256n).toBe(true);
    expect(scheme.verify(publicKey, utf8(v.message), sig(r, s), { id })).toBe(true);
    expect(scheme.verify(publicKey, utf8(v.message), sig(r + TEST_CURVE.n, s), { id })).toBe(false);
    expect(scheme.verify(publicKey, utf8(v.message), sig(r, s + TEST_CURVE.n), { id })).toBe(false);
  });

  it('signWithNonce refuses a nonce outside [1, n − 1]', () => {
    const secret = fromHex(FIXED.vectors[1]!.secretKey);
    expect(() => sm2Scheme.signWithNonce(secret, utf8('m'), 0n)).toThrow(RangeError);
    expect(() => sm2Scheme.signWithNonce(secret, utf8('m'), N)).toThrow(RangeError);
  });
});

describe('SM2 with the default ID "1234567812345678" (verify.json, openssl-signatures.json)', () => {
  for (const v of VERIFY) {
    it(v.name, () => {
      const publicKey = fromHex(v.publicKey);
      const signature = fromHex(v.signature);
      const message = utf8(v.message);
      expect(toHex(derToRs(fromHex(v.signatureDer)))).toBe(v.signature);
      expect(toHex(sm2.publicKeyOf(fromHex(v.secretKey)))).toBe(v.publicKey);
      expect(sm2.verify(publicKey, message, signature)).toBe(true);
      expect(sm2Scheme.verify(publicKey, message, signature, { id: DEFAULT_ID })).toBe(true);
      expect(sm2Scheme.verify(publicKey, message, signature, { id: utf8('1234567812345679') })).toBe(false);
      expect(sm2Scheme.verify(publicKey, message, signature, { id: new Uint8Array(0) })).toBe(false);
      expect(sm2.verify(publicKey, utf8(`${v.message} `), signature)).toBe(false);
      for (let bit = 0; bit < 512; bit += 5) expect(sm2.verify(publicKey, message, flipBit(signature, bit)), `bit ${bit}`).toBe(false);
    });
  }

  it(`the ${OPENSSL.vectors.length} signatures of ${OPENSSL.generator.split(' (')[0]}, with their IDs; refused under the other ID`, () => {
    expect(OPENSSL.vectors.length).toBe(20);
    expect(OPENSSL.vectors.filter((v) => v.id === SM2_DEFAULT_ID).length).toBe(10);
    for (const v of OPENSSL.vectors) {
      const publicKey = fromHex(v.publicKey);
      const message = fromHex(v.messageHex);
      const signature = fromHex(v.signature);
      const other = v.id === SM2_DEFAULT_ID ? utf8('ALICE123@YAHOO.COM') : DEFAULT_ID;
      expect(toHex(sm2.publicKeyOf(fromHex(v.secretKey))), v.note).toBe(v.publicKey);
      expect(sm2Scheme.verify(publicKey, message, signature, { id: utf8(v.id) }), v.note).toBe(true);
      expect(sm2Scheme.verify(publicKey, message, signature, { id: other }), v.note).toBe(false);
      expect(sm2.verify(publicKey, message, signature), v.note).toBe(v.id === SM2_DEFAULT_ID);
    }
  });

  it('the default ID is what sign uses when none is given', () => {
    const secret = sm3(utf8('default id key'));
    const message = utf8('m');
    expect(toHex(sm2.sign(secret, message))).toBe(toHex(sm2Scheme.sign(secret, message, { id: DEFAULT_ID })));
    expect(toHex(sm2Scheme.za(sm2.publicKeyOf(secret)))).toBe(toHex(sm2Scheme.za(sm2.publicKeyOf(secret), { id: DEFAULT_ID })));
  });

  it.skipIf(!hasOpenssl())('OpenSSL (command line) verifies our signatures under the default ID, and refuses them under another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm2-test-'));
    try {
      for (let i = 0; i < 3; i++) {
        const secret = sm3(utf8(`openssl cross-check ${i}`));
        const message = utf8(`message ${i} `.repeat(i * 20));
        writeFileSync(join(dir, 'key.der'), concatBytes(PKCS8_PREFIX, secret));
        writeFileSync(join(dir, 'msg.bin'), message);
        writeFileSync(join(dir, 'sig.der'), rsToDer(sm2.sign(secret, message)));
        const verify = (id: string): boolean => {
          try {
            execFileSync('openssl', ['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${id}`, '-keyform', 'DER', '-inkey', 'key.der', '-in', 'msg.bin', '-sigfile', 'sig.der'], { cwd: dir, stdio: 'pipe' });
            return true;
          } catch {
            return false;
          }
        };
        expect(verify(SM2_DEFAULT_ID)).toBe(true);
        expect(verify('1234567812345679')).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// PKCS #8 / SPKI of an SM2 key: id-ecPublicKey with namedCurve sm2 (1.2.156.10197.1.301).
const PKCS8_PREFIX = fromHex('3041020100301306072a8648ce3d020106082a811ccf5501822d042730250201010420');
const SPKI_PREFIX = fromHex('3059301306072a8648ce3d020106082a811ccf5501822d034200');

function hasOpenssl(): boolean {
  try {
    return execFileSync('openssl', ['version'], { stdio: 'pipe' }).toString().startsWith('OpenSSL 3');
  } catch {
    return false;
  }
}

describe('cross-check with node:crypto (OpenSSL), which signs SM2 with an empty ID', () => {
  const EMPTY = { id: new Uint8Array(0) };
  for (let i = 0; i < 4; i++) {
    it(`key ${i}: same public key; each verifies the other's signatures; the default ID differs`, () => {
      const secret = sm3(utf8(`node cross-check ${i}`));
      const privateKey = createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_PREFIX, secret)), format: 'der', type: 'pkcs8' });
      const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
      const publicKey = sm2.publicKeyOf(secret);
      expect(toHex(spki)).toBe(toHex(concatBytes(SPKI_PREFIX, publicKey)));
      const nodePublic = createPublicKey({ key: spki, format: 'der', type: 'spki' });
      for (const message of [new Uint8Array(0), utf8('abc'), sm3(utf8(`m${i}`)), new Uint8Array(1000).fill(i)]) {
        const theirs = derToRs(new Uint8Array(nodeSign('sm3', message, privateKey)));
        expect(sm2Scheme.verify(publicKey, message, theirs, EMPTY)).toBe(true);
        expect(sm2.verify(publicKey, message, theirs)).toBe(false);
        expect(nodeVerify('sm3', message, nodePublic, rsToDer(sm2Scheme.sign(secret, message, EMPTY)))).toBe(true);
        expect(nodeVerify('sm3', message, nodePublic, rsToDer(sm2.sign(secret, message)))).toBe(false);
      }
    });
  }
});

describe('SM2 of a given digest (verify-digest.json, deterministic.json)', () => {
  for (const v of DIGEST) {
    it(v.name, () => {
      const publicKey = fromHex(v.publicKey);
      expect(toHex(derToRs(fromHex(v.signatureDer)))).toBe(v.signature);
      expect(toHex(sm2.publicKeyOf(fromHex(v.secretKey)))).toBe(v.publicKey);
      expect(sm2Scheme.verifyDigest(publicKey, fromHex(v.digest), fromHex(v.signature))).toBe(true);
      expect(sm2Scheme.verifyDigest(publicKey, flipBit(fromHex(v.digest), 0), fromHex(v.signature))).toBe(false);
      expect(sm2Scheme.verifyDigest(publicKey, fromHex(v.digest), flipBit(fromHex(v.signature), 300))).toBe(false);
    });
  }

  for (const v of DET) {
    it(`${v.name}: RFC 6979 with HMAC-SM3 gives r ‖ s byte for byte`, () => {
      const secret = fromHex(v.secretKey);
      const digest = utf8(v.digestText);
      expect(toHex(sm2Scheme.signDigest(secret, digest))).toBe(v.signature);
      expect(sm2Scheme.verifyDigest(sm2.publicKeyOf(secret), digest, fromHex(v.signature))).toBe(true);
    });
  }

  it('sign(M) is signDigest(SM3(Z_A ‖ M)), and verify agrees', () => {
    const secret = sm3(utf8('digest key'));
    const publicKey = sm2.publicKeyOf(secret);
    const message = utf8('the message');
    const e = sm3(concatBytes(sm2Scheme.za(publicKey), message));
    expect(toHex(sm2Scheme.signDigest(secret, e))).toBe(toHex(sm2.sign(secret, message)));
    expect(sm2Scheme.verifyDigest(publicKey, e, sm2.sign(secret, message))).toBe(true);
  });

  it('a digest must be 1 to 32 bytes', () => {
    const secret = sm3(utf8('digest key'));
    expect(() => sm2Scheme.signDigest(secret, new Uint8Array(0))).toThrow(TypeError);
    expect(() => sm2Scheme.signDigest(secret, new Uint8Array(33))).toThrow(TypeError);
    const signature = sm2Scheme.signDigest(secret, new Uint8Array(32));
    expect(sm2Scheme.verifyDigest(sm2.publicKeyOf(secret), new Uint8Array(33), signature)).toBe(false);
    expect(sm2Scheme.verifyDigest(sm2.publicKeyOf(secret), new Uint8Array(32), signature)).toBe(true);
  });
});

describe('Z_A (za.json)', () => {
  for (const v of ZA) {
    it(`${v.curve}, ID ${v.id}${v.e === undefined ? '' : ', and e = SM3(Z_A ‖ M)'}`, () => {
      const scheme = SCHEMES[v.curve]!;
      const za = scheme.za(fromHex(v.publicKey), { id: utf8(v.id) });
      expect(toHex(za)).toBe(v.za);
      if (v.id === SM2_DEFAULT_ID) expect(toHex(scheme.za(fromHex(v.publicKey)))).toBe(v.za);
      if (v.e !== undefined) expect(toHex(sm3(concatBytes(za, fromHex(v.message!))))).toBe(v.e);
    });
  }

  it('takes IDs of 0 to 8191 bytes (ENTL is 16 bits), no more', () => {
    const publicKey = sm2.publicKeyOf(sm3(utf8('za key')));
    expect(sm2Scheme.za(publicKey, { id: new Uint8Array(0) }).length).toBe(32);
    expect(sm2Scheme.za(publicKey, { id: new Uint8Array(8191) }).length).toBe(32);
    expect(() => sm2Scheme.za(publicKey, { id: new Uint8Array(8192) })).toThrow(CreditChainError);
    expect(() => sm2Scheme.za(new Uint8Array(65), {})).toThrow(CreditChainError);
    const signature = sm2Scheme.sign(sm3(utf8('za key')), utf8('m'), { id: new Uint8Array(8191).fill(1) });
    expect(sm2Scheme.verify(publicKey, utf8('m'), signature, { id: new Uint8Array(8191).fill(1) })).toBe(true);
    expect(sm2Scheme.verify(publicKey, utf8('m'), signature, { id: new Uint8Array(8192) })).toBe(false);
  });
});

describe('the verification arithmetic against noble (sG + tP, built backwards)', () => {
  const scalar = fc.bigInt({ min: 1n, max: N - 1n });
  // A key's first verification runs the 256-long chain, the next ones the 33-long chain of its
  // eight pieces: each forged key is checked on both.
  const both = (scheme: typeof sm2Scheme, f: { publicKey: Uint8Array; digest: Uint8Array; signature: Uint8Array }): boolean[] => [
    scheme.verifyDigest(f.publicKey, f.digest, f.signature),
    scheme.verifyDigest(f.publicKey, f.digest, f.signature),
  ];

  it('random P, s, t: the true digest verifies, a neighbouring one does not', () => {
    fc.assert(
      fc.property(scalar, scalar, scalar, (c, s, t) => {
        const f = forged(SM2_P256V1, Noble, c, s, t);
        if (f === undefined) return;
        expect(both(sm2Scheme, f)).toEqual([true, true]);
        expect(sm2Scheme.verifyDigest(f.publicKey, to32((big(toHex(f.digest)) + 1n) % N), f.signature)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('the example curve (a ≠ −3), random P, s, t', () => {
    const scheme = SCHEMES['gbt32918-test-fp256']!;
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: TEST_CURVE.n - 1n }), fc.bigInt({ min: 1n, max: TEST_CURVE.n - 1n }), fc.bigInt({ min: 1n, max: TEST_CURVE.n - 1n }), (c, s, t) => {
        const f = forged(TEST_CURVE, NobleTest, c, s, t);
        if (f === undefined) return;
        expect(both(scheme, f)).toEqual([true, true]);
        expect(scheme.verifyDigest(f.publicKey, flipBit(f.digest, 0), f.signature)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('exceptional additions: P = ±G and ±2^32·G, small and colliding scalars, piece boundaries, doublings and cancellations', () => {
    // G's and P's tables then hold the same points, so the chain adds a point to itself or to its
    // negation; each case on a fresh scheme, so that both chains run.
    const cs = [1n, N - 1n, 2n, 2n ** 32n, N - 2n ** 32n, 2n ** 64n, 2n ** 128n + 1n, N - 2n ** 224n, 3n];
    const small = [1n, 2n, 3n, 5n, 127n, 128n, 129n, 255n, 2n ** 32n + 1n, 2n ** 32n - 1n, 2n ** 64n + 3n, 3n + 2n ** 224n, N - 1n, N - 3n, N - 2n ** 32n, 2n ** 255n];
    let checked = 0;
    for (const c of cs) {
      for (const s of small) {
        for (const t of small) {
          const f = forged(SM2_P256V1, Noble, c, s, t);
          if (f === undefined) continue;
          checked++;
          expect(both(createSm2(SM2_P256V1), f), `c=${c} s=${s} t=${t}`).toEqual([true, true]);
          expect(sm2Scheme.verifyDigest(f.publicKey, to32((big(toHex(f.digest)) + 1n) % N), f.signature)).toBe(false);
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('sG + tP at infinity is refused, whatever e', () => {
    // P = cG with c = −s/t: sG + tP = O.
    for (const [s, t] of [[5n, 7n], [1n, 2n ** 64n], [N - 1n, 3n]] as const) {
      const c = (((-s * modInverse(t, N)) % N) + N) % N;
      const publicKey = Noble.BASE.multiply(c).toBytes(false);
      const r = (((t - s) % N) + N) % N;
      for (const e of [0n, r, 1n, N - 1n]) expect(sm2Scheme.verifyDigest(publicKey, to32(e), sig(r, s))).toBe(false); // both chains
    }
  });

  it('x1 in [n, p): R = (e + x1) mod n (the comparison with v + n)', () => {
    // Random points have x1 ≥ n with probability about 2^-128, so aim at one: a point Q with
    // x = n + k, and P = t⁻¹·(Q − sG) so that sG + tP = Q.
    let q: ReturnType<typeof Noble.fromAffine> | undefined;
    for (let x = N; q === undefined; x++) {
      const rhs = (((x * x * x + SM2_P256V1.a * x + SM2_P256V1.b) % P) + P) % P;
      const y = modPow(rhs, (P + 1n) / 4n, P);
      if ((y * y) % P === rhs) q = Noble.fromAffine({ x, y });
    }
    q.assertValidity();
    const [s, t] = [1234567n, 7654321n];
    const pub = q.subtract(Noble.BASE.multiply(s)).multiply(modInverse(t, N));
    expect(Noble.BASE.multiply(s).add(pub.multiply(t)).equals(q)).toBe(true);
    const r = t - s;
    const e = (((r - q.toAffine().x) % N) + N) % N;
    expect(both(sm2Scheme, { publicKey: pub.toBytes(false), digest: to32(e), signature: sig(r, s) })).toEqual([true, true]);
    expect(sm2Scheme.verifyDigest(pub.toBytes(false), to32(e + 1n), sig(r, s))).toBe(false);
  });
});

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [((a % m) + m) % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

describe('strict decoding: verify is false, never a throw', () => {
  const secret = sm3(utf8('strict key'));
  const publicKey = sm2.publicKeyOf(secret);
  const message = utf8('strict message');
  const signature = sm2.sign(secret, message);
  const [r, s] = [big(toHex(signature.subarray(0, 32))), big(toHex(signature.subarray(32)))];

  it('the untouched signature verifies', () => {
    expect(sm2.verify(publicKey, message, signature)).toBe(true);
  });

  it('public keys: wrong length, compressed, wrong prefix, not on the curve, coordinates ≥ p', () => {
    const x = publicKey.subarray(1, 33);
    const compressed = concatBytes(Uint8Array.of(2 + (publicKey[64]! & 1)), x);
    expect(Noble.fromBytes(compressed).toBytes(false)).toEqual(publicKey); // it is the same point
    for (const bad of [new Uint8Array(0), publicKey.subarray(0, 64), publicKey.subarray(1), concatBytes(publicKey, Uint8Array.of(0)), compressed]) {
      expect(sm2.verify(bad, message, signature)).toBe(false);
    }
    for (const prefix of [0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0x84]) expect(sm2.verify(concatBytes(Uint8Array.of(prefix), publicKey.subarray(1)), message, signature)).toBe(false);
    expect(sm2.verify(flipBit(publicKey, 519), message, signature)).toBe(false); // y off by one: not on the curve
    expect(sm2.verify(new Uint8Array(65).fill(0).map((b, i) => (i === 0 ? 4 : b)), message, signature)).toBe(false); // (0, 0)
    expect(sm2.verify(concatBytes(Uint8Array.of(4), to32(P), to32(0n)), message, signature)).toBe(false);
  });

  it('coordinates ≥ p that reduce to a point of the curve are refused (x + p on sm2p256v1, y + p on the example curve)', () => {
    // A point with a small x, so x + p still fits in 32 bytes.
    let pt: { x: bigint; y: bigint } | undefined;
    for (let x = 0n; pt === undefined; x++) {
      const rhs = (((x * x * x + SM2_P256V1.a * x + SM2_P256V1.b) % P) + P) % P;
      const y = modPow(rhs, (P + 1n) / 4n, P);
      if ((y * y) % P === rhs) pt = { x, y };
    }
    const { x, y } = pt;
    const key = concatBytes(Uint8Array.of(4), to32(x), to32(y));
    const f = forgedFor(key);
    expect(sm2Scheme.verifyDigest(key, f.digest, f.signature)).toBe(true);
    expect(sm2Scheme.verifyDigest(concatBytes(Uint8Array.of(4), to32(x + P), to32(y)), f.digest, f.signature)).toBe(false);
    expect(sm2Scheme.verify(concatBytes(Uint8Array.of(4), to32(x + P), to32(y)), message, signature)).toBe(false);

    // On the example curve p ≈ 0.52·2^256, so y + p fits in 32 bytes for about half the keys.
    const scheme = SCHEMES['gbt32918-test-fp256']!;
    let c = 2n;
    while (big(toHex(NobleTest.BASE.multiply(c).toBytes(false).subarray(33))) + TEST_CURVE.p >= 2n ** 256n) c++;
    const g = forged(TEST_CURVE, NobleTest, c, 3n, 5n)!;
    const yAlt = big(toHex(g.publicKey.subarray(33))) + TEST_CURVE.p;
    expect(scheme.verifyDigest(g.publicKey, g.digest, g.signature)).toBe(true);
    expect(scheme.verifyDigest(concatBytes(g.publicKey.subarray(0, 33), to32(yAlt)), g.digest, g.signature)).toBe(false);
  });

  it('signatures: wrong length, DER, r or s = 0 or ≥ n, r + s = n', () => {
    for (const bad of [new Uint8Array(0), signature.subarray(0, 63), concatBytes(signature, Uint8Array.of(0)), rsToDer(signature), new Uint8Array(64)]) {
      expect(sm2.verify(publicKey, message, bad)).toBe(false);
    }
    for (const [rr, ss] of [[0n, s], [r, 0n], [N, s], [r, N], [r + N, s], [r, s + N], [2n ** 256n - 1n, s], [r, 2n ** 256n - 1n], [r, N - r]] as const) {
      if (rr < 2n ** 256n && ss < 2n ** 256n) expect(sm2.verify(publicKey, message, sig(rr, ss)), `r=${rr} s=${ss}`).toBe(false);
    }
  });

  it('a signature made under another ID fails under the default one, and the other way round', () => {
    const other = utf8('ALICE123@YAHOO.COM');
    const withOther = sm2Scheme.sign(secret, message, { id: other });
    expect(sm2.verify(publicKey, message, withOther)).toBe(false);
    expect(sm2Scheme.verify(publicKey, message, withOther, { id: other })).toBe(true);
    expect(sm2Scheme.verify(publicKey, message, signature, { id: other })).toBe(false);
  });

  it('inputs of the wrong type', () => {
    const junk: unknown[] = [undefined, null, 'abc', 42, [1, 2, 3], {}, Buffer.from(publicKey).toString('hex'), new Uint16Array(65), new ArrayBuffer(65)];
    const verify = sm2.verify as (a: unknown, b: unknown, c: unknown) => boolean;
    for (const j of junk) {
      expect(verify(j, message, signature)).toBe(false);
      expect(verify(publicKey, j, signature)).toBe(false);
      expect(verify(publicKey, message, j)).toBe(false);
    }
    expect(sm2Scheme.verify(publicKey, message, signature, { id: 'x' as unknown as Uint8Array })).toBe(false);
    expect(sm2Scheme.verify(publicKey, message, signature, { id: new Uint8Array(9000) })).toBe(false);
  });

  it('random bytes for key, message and signature: false, no throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: 65, maxLength: 65 }), fc.uint8Array({ maxLength: 70 }), fc.constant(publicKey)),
        fc.uint8Array({ maxLength: 100 }),
        fc.oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.uint8Array({ maxLength: 80 })),
        (k, m, sg) => {
          expect(sm2.verify(k, m, sg)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let result = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) result = (result * b) % m;
  return result;
}

/** A digest and signature that verify under a given public key (s = 3, t = 5), from noble. */
function forgedFor(publicKey: Uint8Array): { digest: Uint8Array; signature: Uint8Array } {
  const [s, t] = [3n, 5n];
  const q = Noble.BASE.multiplyUnsafe(s).add(Noble.fromBytes(publicKey).multiplyUnsafe(t));
  const r = t - s;
  return { digest: to32((((r - q.toAffine().x) % N) + N) % N), signature: sig(r, s) };
}

describe('keys and signing', () => {
  it('the algorithm: id "sm2", lengths, registered', () => {
    expect(sm2.id).toBe('sm2');
    expect(sm2.name).toBe('SM2');
    expect([sm2.secretLength, sm2.publicKeyLength, sm2.signatureLength]).toEqual([32, 65, 64]);
    expect(hasAlg('sm2')).toBe(true);
    expect(getAlg('sm2')).toBe(sm2);
  });

  it('private keys: 32 bytes with 1 ≤ d ≤ n − 2, else CRYPTO_BAD_KEY', () => {
    const bad = [new Uint8Array(31), new Uint8Array(33), to32(0n), to32(N - 1n), to32(N), to32(2n ** 256n - 1n)];
    for (const secret of bad) {
      expect(() => sm2.publicKeyOf(secret)).toThrow(CreditChainError);
      expect(() => sm2.sign(secret, utf8('m'))).toThrow(expect.objectContaining({ code: 'CRYPTO_BAD_KEY' }));
    }
    expect(toHex(sm2.publicKeyOf(to32(1n)))).toBe(`04${SM2_P256V1.Gx.toString(16)}${SM2_P256V1.Gy.toString(16)}`);
    for (const d of [1n, 2n, N - 2n]) {
      const signature = sm2.sign(to32(d), utf8('edge'));
      expect(sm2.verify(sm2.publicKeyOf(to32(d)), utf8('edge'), signature)).toBe(true);
    }
    expect(() => sm2.sign(to32(5n), 'text' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('signing is deterministic and does not depend on the caches', () => {
    const secret = sm3(utf8('deterministic'));
    const fresh = createSm2(SM2_P256V1);
    for (const m of [new Uint8Array(0), utf8('a'), new Uint8Array(5000).fill(7)]) {
      const a = sm2.sign(secret, m);
      expect(toHex(sm2.sign(secret, m))).toBe(toHex(a));
      expect(toHex(fresh.sign(secret, m))).toBe(toHex(a));
      expect(fresh.verify(sm2.publicKeyOf(secret), m, a)).toBe(true);
    }
  });

  it('returned keys are copies', () => {
    const secret = sm3(utf8('copies'));
    const a = sm2.publicKeyOf(secret);
    a[1] ^= 0xff;
    expect(toHex(sm2.publicKeyOf(secret))).not.toBe(toHex(a));
    expect(sm2.verify(sm2.publicKeyOf(secret), utf8('m'), sm2.sign(secret, utf8('m')))).toBe(true);
  });

  it('round trips for random keys and messages; a flipped bit or another key fails', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: N - 2n }), fc.uint8Array({ maxLength: 200 }), fc.nat(511), (d, m, bit) => {
        const secret = to32(d);
        const publicKey = sm2.publicKeyOf(secret);
        const signature = sm2.sign(secret, m);
        expect(signature.length).toBe(64);
        expect(sm2.verify(publicKey, m, signature)).toBe(true);
        expect(sm2.verify(publicKey, m, flipBit(signature, bit))).toBe(false);
        expect(sm2.verify(publicKey, concatBytes(m, Uint8Array.of(0)), signature)).toBe(false);
        expect(sm2.verify(sm2.publicKeyOf(to32(d === 1n ? 2n : d - 1n)), m, signature)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
