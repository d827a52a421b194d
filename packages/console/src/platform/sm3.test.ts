import { readFileSync } from 'node:fs';
import { hash as nodeHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { sm3 } from './sm3.js';

interface Sm3Vector { source: string; message?: string; messageHex?: string; count?: number; digest: string }

// The same GM/T 0004 vectors core's OpenSSL-backed sm3 is checked against.
const VECTORS = (JSON.parse(readFileSync(new URL('../../../../test/vectors/gmt0004/sm3.json', import.meta.url), 'utf8')) as { vectors: Sm3Vector[] }).vectors;
const messageOf = (v: Sm3Vector) => (v.messageHex !== undefined ? hexToBytes(v.messageHex) : utf8ToBytes(v.message!.repeat(v.count ?? 1)));

describe('console sm3 (browser SM3)', () => {
  it('GM/T 0004-2012 Appendix A: "abc" and "abcd" × 16', () => {
    expect(bytesToHex(sm3(utf8ToBytes('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(bytesToHex(sm3(utf8ToBytes('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it(`all ${VECTORS.length} vectors of test/vectors/gmt0004/sm3.json`, () => {
    for (const v of VECTORS) expect(bytesToHex(sm3(messageOf(v))), v.source).toBe(v.digest);
  });

  it('agrees with OpenSSL on random lengths, fed whole or in pieces', () => {
    for (let n = 0; n < 300; n += 7) {
      const m = new Uint8Array(randomBytes(n * 13));
      const want = bytesToHex(nodeHash('sm3', m, 'buffer') as unknown as Uint8Array);
      expect(bytesToHex(sm3(m))).toBe(want);
      const h = sm3.create();
      for (let i = 0; i < m.length; i += 50) h.update(m.subarray(i, i + 50));
      expect(bytesToHex(h.digest())).toBe(want);
    }
  });
});
