import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from './bytes.js';
import { getSuite, intlSuite, sha256 } from './crypto-suite.js';
import { CreditChainError } from './errors.js';
import { oneShotDigest, oneShotDigestInto } from './one-shot-digest.js';

interface Rfc8032Vector { name: string; secretKey: string; publicKey: string; messageLength: number; message: string; signature: string }
interface CctvVector { number: number; key: string; sig: string; msg: string; flags: string[] }
interface ShaVector { source: string; message?: string; messageHex?: string; repeat?: string; count?: number; digest: string }

const load = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../../test/vectors/${path}`, import.meta.url), 'utf8')) as T;
const RFC8032 = load<{ vectors: Rfc8032Vector[] }>('rfc8032/ed25519.json').vectors;
const NON_CANONICAL = load<{ vectors: CctvVector[] }>('rfc8032/ed25519-non-canonical.json').vectors;
const SHA256 = load<{ vectors: ShaVector[] }>('fips180-4/sha256.json').vectors;

/** The order of the Ed25519 base point, ℓ = 2^252 + 27742317777372353535851937790883648493. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function leToBigint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

function bigintToLe(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  if (n !== 0n) throw new Error('does not fit');
  return out;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] = out[bit >> 3]! ^ (1 << (bit & 7));
  return out;
}

describe('intlSuite Ed25519: RFC 8032 §7.1 test vectors', () => {
  it('has the five vectors, messages of the stated lengths', () => {
    expect(RFC8032.map((v) => v.name)).toEqual(['TEST 1', 'TEST 2', 'TEST 3', 'TEST 1024', 'TEST SHA(abc)']);
    for (const v of RFC8032) expect(fromHex(v.message).length, v.name).toBe(v.messageLength);
    // TEST SHA(abc) signs the SHA-512 digest of "abc".
    const abc = RFC8032.find((v) => v.name === 'TEST SHA(abc)')!;
    expect(abc.message).toBe('ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f');
  });

  for (const v of RFC8032) {
    it(`${v.name}: public key, signature byte for byte, verification`, () => {
      const seed = fromHex(v.secretKey);
      const message = fromHex(v.message);
      const publicKey = fromHex(v.publicKey);
      const signature = fromHex(v.signature);
      expect(toHex(intlSuite.publicKeyOf(seed))).toBe(v.publicKey);
      expect(toHex(intlSuite.sign(seed, message))).toBe(v.signature);
      expect(intlSuite.verify(publicKey, message, signature)).toBe(true);
    });

    it(`${v.name}: a flipped bit in message, signature or key fails`, () => {
      const message = fromHex(v.message);
      const publicKey = fromHex(v.publicKey);
      const signature = fromHex(v.signature);
      // TEST 1 signs the empty message: there is no bit to flip, so add a byte instead.
      const messages = message.length === 0 ? [Uint8Array.of(0)] : [0, 7, message.length * 8 - 1].map((b) => flipBit(message, b));
      for (const m of messages) expect(intlSuite.verify(publicKey, m, signature)).toBe(false);
      for (const bit of [0, 100, 255, 256, 300, 511]) expect(intlSuite.verify(publicKey, message, flipBit(signature, bit)), `signature bit ${bit}`).toBe(false);
      for (const bit of [0, 100, 254, 255]) expect(intlSuite.verify(flipBit(publicKey, bit), message, signature), `key bit ${bit}`).toBe(false);
    });

    it(`${v.name}: S + ℓ in place of S (a malleated, non-canonical S) is rejected`, () => {
      const message = fromHex(v.message);
      const publicKey = fromHex(v.publicKey);
      const signature = fromHex(v.signature);
      const s = leToBigint(signature.subarray(32));
      expect(s < L).toBe(true);
      const malleated = Uint8Array.of(...signature.subarray(0, 32), ...bigintToLe(s + L, 32));
      // [S + ℓ]B = [S]B, so a verifier that skips RFC 8032 §5.1.7's "S < ℓ" check accepts this.
      expect(intlSuite.verify(publicKey, message, malleated)).toBe(false);
      const plus2L = Uint8Array.of(...signature.subarray(0, 32), ...bigintToLe(s + 2n * L, 32));
      expect(intlSuite.verify(publicKey, message, plus2L)).toBe(false);
    });
  }

  it('rejects S = ℓ and S = 2^256 − 1', () => {
    const v = RFC8032[1]!;
    const r = fromHex(v.signature).subarray(0, 32);
    for (const s of [bigintToLe(L, 32), new Uint8Array(32).fill(0xff)]) {
      expect(intlSuite.verify(fromHex(v.publicKey), fromHex(v.message), Uint8Array.of(...r, ...s))).toBe(false);
    }
  });
});

describe('intlSuite Ed25519: strict decoding of points (RFC 8032 §5.1.3)', () => {
  it('rejects every C2SP CCTV vector with a non-canonical A or R', () => {
    expect(NON_CANONICAL.length).toBe(490);
    const accepted = NON_CANONICAL.filter((v) => intlSuite.verify(fromHex(v.key), utf8(v.msg), fromHex(v.sig)));
    expect(accepted.map((v) => v.number)).toEqual([]);
  });

  it('still verifies signatures of ordinary keys (the encoding check rejects no canonical key)', () => {
    for (let i = 0; i < 64; i++) {
      const seed = sha256(utf8(`seed ${i}`));
      const message = utf8(`message ${i}`);
      expect(intlSuite.verify(intlSuite.publicKeyOf(seed), message, intlSuite.sign(seed, message))).toBe(true);
    }
  });
});

describe('intlSuite Ed25519: malformed input', () => {
  const v = RFC8032[2]!;
  const publicKey = fromHex(v.publicKey);
  const message = fromHex(v.message);
  const signature = fromHex(v.signature);

  it('answers false, never throws, for wrong lengths and wrong types', () => {
    const keys: unknown[] = [new Uint8Array(0), publicKey.subarray(0, 31), Uint8Array.of(...publicKey, 0), v.publicKey, null, undefined, [...publicKey]];
    const sigs: unknown[] = [new Uint8Array(0), signature.subarray(0, 63), Uint8Array.of(...signature, 0), new Uint8Array(128), v.signature, null, [...signature]];
    for (const k of keys) expect(intlSuite.verify(k as Uint8Array, message, signature)).toBe(false);
    for (const s of sigs) expect(intlSuite.verify(publicKey, message, s as Uint8Array)).toBe(false);
    expect(intlSuite.verify(publicKey, null as unknown as Uint8Array, signature)).toBe(false);
    expect(intlSuite.verify(new Uint8Array(32), message, new Uint8Array(64))).toBe(false);
  });

  it('gives the same public key each time from its cache, a copy the caller may change', () => {
    const seed = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 32);
    const first = intlSuite.publicKeyOf(seed);
    expect(toHex(first)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'); // RFC 8032 §7.1 test 1
    first.fill(0);
    const again = intlSuite.publicKeyOf(seed);
    expect(toHex(again)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(again).not.toBe(intlSuite.publicKeyOf(seed));
  });

  it('refuses seeds that are not 32 bytes with CRYPTO_BAD_KEY', () => {
    for (const seed of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(64), 'x'.repeat(32)]) {
      expect(() => intlSuite.publicKeyOf(seed as Uint8Array)).toThrow(CreditChainError);
      expect(() => intlSuite.sign(seed as Uint8Array, message)).toThrow(expect.objectContaining({ code: 'CRYPTO_BAD_KEY' }));
    }
  });
});

describe('intlSuite SHA-256: FIPS 180-4 / CAVP known answers', () => {
  for (const v of SHA256) {
    it(v.source, () => {
      const data = v.repeat !== undefined ? utf8(v.repeat.repeat(v.count!)) : v.messageHex !== undefined ? fromHex(v.messageHex) : utf8(v.message!);
      expect(toHex(intlSuite.hash(data))).toBe(v.digest);
      expect(toHex(sha256(data))).toBe(v.digest);
    });
  }
});

describe('oneShotDigest: the digest through a latin1 string', () => {
  it('is node:crypto\'s digest byte for byte, every byte value included (SHA-256, SM3)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('sha256', 'sm3'), (data, alg) => {
        const digest = oneShotDigest(alg, data);
        expect(digest).toBeInstanceOf(Uint8Array);
        expect(toHex(digest)).toBe(createHash(alg).update(data).digest('hex'));
      }),
      { numRuns: 500 },
    );
    // FIPS 180-4's "abc" digest holds bytes above 0x7f (latin1's upper half) and a zero byte.
    expect(toHex(oneShotDigest('sha256', utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('oneShotDigestInto writes the same 32 bytes at the offset and nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('sha256', 'sm3'), fc.nat({ max: 64 }), (data, alg, offset) => {
        const out = new Uint8Array(offset + 32 + 5).fill(0xee);
        oneShotDigestInto(alg, data, out, offset);
        expect(toHex(out.subarray(offset, offset + 32))).toBe(toHex(oneShotDigest(alg, data)));
        expect([...out.subarray(0, offset), ...out.subarray(offset + 32)].every((b) => b === 0xee)).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(() => oneShotDigestInto('sha512', new Uint8Array(1), new Uint8Array(64), 0)).toThrow(RangeError);
  });
});

describe('getSuite', () => {
  it('knows intl and refuses anything else with CRYPTO_UNKNOWN_SUITE', () => {
    expect(getSuite('intl')).toBe(intlSuite);
    for (const id of ['sm9', '', 'INTL', '__proto__', 'toString']) {
      expect(() => getSuite(id)).toThrow(expect.objectContaining({ code: 'CRYPTO_UNKNOWN_SUITE' }));
    }
  });
});
