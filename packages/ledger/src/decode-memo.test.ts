import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { memoDecode } from './decode-memo.js';

/** A decoder that says what it was given, and counts its calls. */
function counted() {
  const calls = { n: 0 };
  const decode = (bytes: Uint8Array) => {
    calls.n++;
    return { bytes: [...bytes], items: [bytes.length] };
  };
  return { calls, decode };
}

describe('memoDecode', () => {
  it('gives the value of the very bytes asked for, through any number of slot collisions', () => {
    const { decode } = counted();
    const memo = memoDecode(decode, 8); // 8 slots: most inputs share one
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 40 }), (inputs) => {
        for (const bytes of [...inputs, ...inputs.reverse()]) expect(memo(bytes)).toEqual(decode(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes bytes once while they stay in their slot, and freezes what it keeps', () => {
    const { calls, decode } = counted();
    const memo = memoDecode(decode);
    const a = memo(Uint8Array.of(1, 2, 3));
    expect(memo(Uint8Array.of(1, 2, 3))).toBe(a);
    expect(calls.n).toBe(1);
    expect(Object.isFrozen(a) && Object.isFrozen(a.items)).toBe(true);
  });

  it('keeps its own copy of the bytes: a caller reusing its buffer does not change what is found', () => {
    const { decode } = counted();
    const memo = memoDecode(decode);
    const buffer = Uint8Array.of(9, 9, 9);
    expect(memo(buffer).bytes).toEqual([9, 9, 9]);
    buffer[0] = 1;
    expect(memo(buffer).bytes).toEqual([1, 9, 9]);
    expect(memo(Uint8Array.of(9, 9, 9)).bytes).toEqual([9, 9, 9]);
  });

  it('decodes bytes over 1,024 every time, and refuses a table that is not a power of two', () => {
    const { calls, decode } = counted();
    const memo = memoDecode(decode);
    const big = new Uint8Array(1025);
    memo(big);
    memo(big);
    expect(calls.n).toBe(2);
    expect(() => memoDecode(decode, 1000)).toThrow(RangeError);
  });
});
