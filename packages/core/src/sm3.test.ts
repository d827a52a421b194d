import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from './bytes.js';
import { getSuite } from './crypto-suite.js';
import { gmSuite } from './gm-suite.js';
import * as core from './index.js';
import { sm2 } from './sm2.js';
import { hmacSm3, sm3 } from './sm3.js';

interface Sm3Vector { source: string; message?: string; messageHex?: string; count?: number; digest: string }

const VECTORS = (JSON.parse(readFileSync(new URL('../../../test/vectors/gmt0004/sm3.json', import.meta.url), 'utf8')) as { vectors: Sm3Vector[] }).vectors;

const messageOf = (v: Sm3Vector): Uint8Array => (v.messageHex !== undefined ? fromHex(v.messageHex) : utf8(v.message!.repeat(v.count ?? 1)));

describe('sm3: GM/T 0004-2012 known answers', () => {
  it('Appendix A: "abc" and "abcd" × 16', () => {
    expect(toHex(sm3(utf8('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(toHex(sm3(utf8('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
    expect(VECTORS.filter((v) => v.source.startsWith('GM/T 0004-2012')).map((v) => v.digest.slice(0, 8))).toEqual(['66c7f0f4', 'debe9ff9']);
  });

  it(`all ${VECTORS.length} vectors of test/vectors/gmt0004/sm3.json`, () => {
    expect(VECTORS.length).toBe(140);
    for (const v of VECTORS) expect(toHex(sm3(messageOf(v))), v.source).toBe(v.digest);
  });

  it('covers every length from 0 to 128 bytes (the padding boundaries)', () => {
    const lengths = new Set(VECTORS.map((v) => messageOf(v).length));
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128]) expect(lengths.has(n), `length ${n}`).toBe(true);
  });

  it('returns a 32-byte Uint8Array, the same for the same input', () => {
    const d = sm3(new Uint8Array(0));
    expect(d).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(d)).toBe(false);
    expect(d.length).toBe(32);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (m) => {
        expect(toHex(sm3(m))).toBe(toHex(sm3(m.slice())));
      }),
      { numRuns: 200 },
    );
  });
});

describe('hmacSm3', () => {
  /** RFC 2104 from its definition: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), B = 64. */
  function reference(key: Uint8Array, message: Uint8Array): Uint8Array {
    const k = new Uint8Array(64);
    k.set(key.length > 64 ? sm3(key) : key);
    return sm3(concatBytes(k.map((b) => b ^ 0x5c), sm3(concatBytes(k.map((b) => b ^ 0x36), message))));
  }

  it('is RFC 2104 HMAC with SM3, for short and long keys, over the concatenated parts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 4 }), (key, parts) => {
        expect(toHex(hmacSm3(key, ...parts))).toBe(toHex(reference(key, concatBytes(...parts))));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the gm suite', () => {
  it('is registered: getSuite("gm") is gmSuite, with SM3 as its hash and SM2 as its signature', () => {
    expect(getSuite('gm')).toBe(gmSuite);
    expect(core.getSuite('gm')).toBe(core.gmSuite);
    expect(gmSuite.id).toBe('gm');
    expect(gmSuite.hashName).toBe('SM3');
    expect(gmSuite.hashLength).toBe(32);
    expect(toHex(gmSuite.hash(utf8('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(gmSuite.signature).toBe(sm2);
    expect(gmSuite.signatureName).toBe('SM2');
    expect(gmSuite.publicKeyLength).toBe(65);
    expect(gmSuite.signatureLength).toBe(64);
  });

  it('signs and verifies through the suite', () => {
    const secret = sm3(utf8('gm suite key'));
    const publicKey = gmSuite.publicKeyOf(secret);
    const message = utf8('credit report 42');
    const signature = gmSuite.sign(secret, message);
    expect(gmSuite.verify(publicKey, message, signature)).toBe(true);
    expect(sm2.verify(publicKey, message, signature)).toBe(true);
    expect(gmSuite.verify(publicKey, utf8('credit report 43'), signature)).toBe(false);
  });

  it('leaves intl as it was', () => {
    expect(getSuite('intl').hashName).toBe('SHA-256');
    expect(getSuite('intl').signatureName).toBe('Ed25519');
  });
});
