import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, utf8 } from './index.js';

describe('fnv1a', () => {
  it('gives the published FNV-1a 32-bit values', () => {
    // The reference values of the FNV authors' test suite (draft-eastlake-fnv, "FNV-1a" 32-bit).
    expect(fnv1a(utf8(''))).toBe(0x811c9dc5);
    expect(fnv1a(utf8('a'))).toBe(0xe40c292c);
    expect(fnv1a(utf8('foobar'))).toBe(0xbf9cf968);
  });

  it('hashes a range as it hashes those bytes alone', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.nat(), (b, x, y) => {
        const start = b.length === 0 ? 0 : x % (b.length + 1);
        const end = start + (b.length - start === 0 ? 0 : y % (b.length - start + 1));
        expect(fnv1a(b, start, end)).toBe(fnv1a(b.slice(start, end)));
      }),
    );
  });
});
