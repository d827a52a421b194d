// The node's big-endian integers: the bytes DataView writes, and back, for every u32 and every
// u64 below 2^53.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readU32, readU64, u32, writeU32, writeU64 } from './big-endian.js';

describe('big-endian integers', () => {
  it('u32: the bytes of DataView.setUint32, read back', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 8 }), (n, at) => {
        const ours = new Uint8Array(12);
        writeU32(ours, at, n);
        const theirs = new Uint8Array(12);
        new DataView(theirs.buffer).setUint32(at, n);
        expect(ours).toEqual(theirs);
        expect(readU32(ours, at)).toBe(n);
        expect(u32(n)).toEqual(theirs.subarray(at, at + 4));
      }),
    );
  });

  it('u64: the bytes of DataView.setBigUint64, read back, up to 2^53 - 1', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.nat({ max: 8 }), (n, at) => {
        const ours = new Uint8Array(16);
        writeU64(ours, at, n);
        const theirs = new Uint8Array(16);
        new DataView(theirs.buffer).setBigUint64(at, BigInt(n));
        expect(ours).toEqual(theirs);
        expect(readU64(ours, at)).toBe(n);
      }),
    );
    for (const n of [0, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]) {
      const b = new Uint8Array(8);
      writeU64(b, 0, n);
      expect(readU64(b)).toBe(n);
    }
  });
});
