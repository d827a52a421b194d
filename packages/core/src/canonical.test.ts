import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes, fromHex, toHex } from './bytes.js';
import { decodeCanonical, encodeCanonical, MAX_ENCODED_SIZE, type CborValue } from './canonical.js';
import { CreditChainError, type ErrorCode } from './errors.js';

function codeOf(f: () => unknown): ErrorCode | 'no error' | 'not a CreditChainError' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof CreditChainError ? e.code : 'not a CreditChainError';
  }
}

const decodeHex = (hex: string) => decodeCanonical(fromHex(hex));

describe('RFC 8949 Appendix A examples inside the subset', () => {
  // [value, diagnostic notation, encoding] exactly as Appendix A lists them.
  const examples: [CborValue, string, string][] = [
    [0, '0', '00'],
    [1, '1', '01'],
    [10, '10', '0a'],
    [23, '23', '17'],
    [24, '24', '1818'],
    [25, '25', '1819'],
    [100, '100', '1864'],
    [1000, '1000', '1903e8'],
    [1000000, '1000000', '1a000f4240'],
    [1000000000000, '1000000000000', '1b000000e8d4a51000'],
    [18446744073709551615n, '18446744073709551615', '1bffffffffffffffff'],
    [-18446744073709551616n, '-18446744073709551616', '3bffffffffffffffff'],
    [-1, '-1', '20'],
    [-10, '-10', '29'],
    [-100, '-100', '3863'],
    [-1000, '-1000', '3903e7'],
    [false, 'false', 'f4'],
    [true, 'true', 'f5'],
    [null, 'null', 'f6'],
    [new Uint8Array(0), "h''", '40'],
    [fromHex('01020304'), "h'01020304'", '4401020304'],
    ['', '""', '60'],
    ['a', '"a"', '6161'],
    ['IETF', '"IETF"', '6449455446'],
    ['"\\', '"\\"\\\\"', '62225c'],
    ['\u00fc', '"\\u00fc"', '62c3bc'],
    ['\u6c34', '"\\u6c34"', '63e6b0b4'],
    ['\ud800\udd51', '"\\ud800\\udd51"', '64f0908591'],
    [[], '[]', '80'],
    [[1, 2, 3], '[1, 2, 3]', '83010203'],
    [[1, [2, 3], [4, 5]], '[1, [2, 3], [4, 5]]', '8301820203820405'],
    [
      Array.from({ length: 25 }, (_, i) => i + 1),
      '[1, 2, 3, ..., 25]',
      '98190102030405060708090a0b0c0d0e0f101112131415161718181819',
    ],
    [{}, '{}', 'a0'],
    [{ a: 1, b: [2, 3] }, '{"a": 1, "b": [2, 3]}', 'a26161016162820203'],
    [['a', { b: 'c' }], '["a", {"b": "c"}]', '826161a161626163'],
    [{ a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' }, '{"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}', 'a56161614161626142616361436164614461656145'],
  ];

  for (const [value, diagnostic, hex] of examples) {
    it(`${diagnostic} ⇄ ${hex}`, () => {
      expect(toHex(encodeCanonical(value))).toBe(hex);
      expect(decodeHex(hex)).toEqual(value);
    });
  }

  it('gives a bigint in the safe range the encoding of the same number', () => {
    expect(toHex(encodeCanonical(1000n))).toBe('1903e8');
    expect(decodeHex('1903e8')).toBe(1000);
  });

  it('sorts map keys bytewise by their encoding (RFC 8949 §4.2.1), whatever the insertion order', () => {
    expect(toHex(encodeCanonical({ b: 1, a: 2 }))).toBe('a2616102616201');
    // "b" (61 62) sorts before "aa" (62 61 61): the shorter encoding wins on its first byte.
    expect(toHex(encodeCanonical({ aa: 1, b: 2 }))).toBe('a261620262616101');
  });
});

describe('rejections', () => {
  const rejects: [string, string, ErrorCode][] = [
    // floats: outside the subset; a float spelling an integer re-encodes differently
    ['float 1.5 (half)', 'f93e00', 'ENCODING_MALFORMED'],
    ['float 1.1 (double)', 'fb3ff199999999999a', 'ENCODING_MALFORMED'],
    ['float Infinity', 'f97c00', 'ENCODING_MALFORMED'],
    ['float -Infinity (single)', 'faff800000', 'ENCODING_MALFORMED'],
    ['float NaN', 'f97e00', 'ENCODING_MALFORMED'],
    ['float 1.0, an integer in float form', 'f93c00', 'ENCODING_NON_CANONICAL'],
    ['float 0.0 (double)', 'fb0000000000000000', 'ENCODING_NON_CANONICAL'],
    ['float -0.0', 'f98000', 'ENCODING_NON_CANONICAL'],
    // tags
    ['tag 0 (date-time)', 'c074323031332d30332d32315432303a30343a30305a', 'ENCODING_MALFORMED'],
    ['tag 1 (epoch)', 'c11a514b67b0', 'ENCODING_MALFORMED'],
    ['tag 2 (bignum 2^64)', 'c249010000000000000000', 'ENCODING_MALFORMED'],
    ['tag 3 (negative bignum)', 'c349010000000000000000', 'ENCODING_MALFORMED'],
    ['tag 32 (URI)', 'd82076687474703a2f2f7777772e6578616d706c652e636f6d', 'ENCODING_MALFORMED'],
    // undefined and other simple values
    ['undefined', 'f7', 'ENCODING_MALFORMED'],
    ['simple(16)', 'f0', 'ENCODING_MALFORMED'],
    ['simple(255)', 'f8ff', 'ENCODING_MALFORMED'],
    // indefinite lengths
    ['indefinite byte string', '5f42010243030405ff', 'ENCODING_MALFORMED'],
    ['indefinite text string', '7f657374726561646d696e67ff', 'ENCODING_MALFORMED'],
    ['indefinite empty array', '9fff', 'ENCODING_MALFORMED'],
    ['indefinite nested array', '9f018202039f0405ffff', 'ENCODING_MALFORMED'],
    ['indefinite map', 'bf61610161629f0203ffff', 'ENCODING_MALFORMED'],
    ['lone break', 'ff', 'ENCODING_MALFORMED'],
    // non-minimal integers and lengths
    ['23 in one extra byte', '1817', 'ENCODING_MALFORMED'],
    ['23 in two bytes', '190017', 'ENCODING_MALFORMED'],
    ['23 in four bytes', '1a00000017', 'ENCODING_MALFORMED'],
    ['23 in eight bytes', '1b0000000000000017', 'ENCODING_MALFORMED'],
    ['255 in two bytes', '1900ff', 'ENCODING_MALFORMED'],
    ['-24 in one extra byte', '3817', 'ENCODING_MALFORMED'],
    ['-1 in two bytes', '390000', 'ENCODING_MALFORMED'],
    ['empty bytes, long length', '5800', 'ENCODING_MALFORMED'],
    ['text, long length', '7a0000000161', 'ENCODING_MALFORMED'],
    ['empty array, long length', '9800', 'ENCODING_MALFORMED'],
    ['empty map, long length', 'b800', 'ENCODING_MALFORMED'],
    ['reserved minor 28', '1c', 'ENCODING_MALFORMED'],
    // maps
    ['duplicate keys', 'a2616101616102', 'ENCODING_MALFORMED'],
    ['unsorted keys', 'a2616201616101', 'ENCODING_NON_CANONICAL'],
    ['keys in length-first order broken', 'a262616101616202', 'ENCODING_NON_CANONICAL'],
    ['integer key', 'a10102', 'ENCODING_MALFORMED'],
    ['byte-string key', 'a1416102', 'ENCODING_MALFORMED'],
    ['boolean key', 'a1f501', 'ENCODING_MALFORMED'],
    ['array key', 'a18001', 'ENCODING_MALFORMED'],
    ['map key', 'a1a001', 'ENCODING_MALFORMED'],
    ['null key', 'a1f601', 'ENCODING_MALFORMED'],
    // framing
    ['trailing byte', '0000', 'ENCODING_MALFORMED'],
    ['trailing item after array', '8000', 'ENCODING_MALFORMED'],
    ['empty input', '', 'ENCODING_MALFORMED'],
    ['truncated byte string', '4201', 'ENCODING_MALFORMED'],
    ['truncated integer', '1a0000', 'ENCODING_MALFORMED'],
    ['truncated array', '83010203'.slice(0, 6), 'ENCODING_MALFORMED'],
    ['truncated map', 'a16161', 'ENCODING_MALFORMED'],
    // text that is not UTF-8: the decoder substitutes U+FFFD, whose encoding differs
    ['invalid UTF-8', '61ff', 'ENCODING_NON_CANONICAL'],
    ['UTF-8 surrogate', '63eda080', 'ENCODING_NON_CANONICAL'],
    ['overlong UTF-8', '62c0af', 'ENCODING_NON_CANONICAL'],
    // "__proto__" keys cannot come back as an own key
    ['__proto__ key, integer value', 'a1695f5f70726f746f5f5f01', 'ENCODING_NON_CANONICAL'],
    ['__proto__ key, map value', 'a1695f5f70726f746f5f5fa1616101', 'ENCODING_MALFORMED'],
  ];
  for (const [what, hex, code] of rejects) {
    it(`decoding ${what} (${hex || 'nothing'}) → ${code}`, () => {
      expect(codeOf(() => decodeHex(hex))).toBe(code);
    });
  }

  it('refuses input over the size limit before decoding it', () => {
    expect(codeOf(() => decodeCanonical(new Uint8Array(MAX_ENCODED_SIZE + 1)))).toBe('ENCODING_TOO_LARGE');
    const big = encodeCanonical(new Uint8Array(MAX_ENCODED_SIZE - 5));
    expect(big.length).toBe(MAX_ENCODED_SIZE);
    expect(decodeCanonical(big)).toHaveLength(MAX_ENCODED_SIZE - 5);
    const hello = encodeCanonical('hello');
    expect(codeOf(() => decodeCanonical(hello, hello.length - 1))).toBe('ENCODING_TOO_LARGE');
    expect(decodeCanonical(hello, hello.length)).toBe('hello');
  });

  it('refuses nesting deeper than 32 levels, both ways', () => {
    const nest = (depth: number): CborValue => (depth === 0 ? 0 : [nest(depth - 1)]);
    const nestMap = (depth: number): CborValue => (depth === 0 ? 0 : { a: nestMap(depth - 1) });
    expect(decodeHex('81'.repeat(32) + '00')).toEqual(nest(32));
    expect(codeOf(() => decodeHex('81'.repeat(33) + '00'))).toBe('ENCODING_MALFORMED');
    expect(codeOf(() => decodeHex('a16161'.repeat(33) + '00'))).toBe('ENCODING_MALFORMED');
    expect(codeOf(() => encodeCanonical(nest(33)))).toBe('ENCODING_MALFORMED');
    expect(codeOf(() => encodeCanonical(nestMap(33)))).toBe('ENCODING_MALFORMED');
    // Far deeper than the stack allows: still a CreditChainError, not a crash.
    expect(codeOf(() => decodeCanonical(new Uint8Array(200_001).fill(0x81, 0, 200_000)))).toBe('ENCODING_MALFORMED');
  });

  it('refuses to encode values outside the subset', () => {
    const bad: [string, unknown][] = [
      ['float', 1.5],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['unsafe integer 2^53', 2 ** 53],
      ['bigint 2^64', 2n ** 64n],
      ['bigint -2^64 - 1', -(2n ** 64n) - 1n],
      ['undefined', undefined],
      ['undefined in an array', [undefined]],
      ['hole in an array', [1, , 3]], // eslint-disable-line no-sparse-arrays
      ['undefined map value', { a: undefined }],
      ['Map', new Map([['a', 1]])],
      ['Set', new Set([1])],
      ['Date', new Date(0)],
      ['class instance', new (class Point { x = 1 })()],
      ['null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
      ['symbol', Symbol('s')],
      ['function', () => 1],
      ['DataView', new DataView(new ArrayBuffer(1))],
      ['Uint16Array', new Uint16Array(1)],
      ['lone high surrogate', 'a\ud800'],
      ['lone low surrogate', '\udc00b'],
      ['lone surrogate in a key', { 'k\ud800': 1 }],
      ['own __proto__ key', JSON.parse('{"__proto__": 1}')],
    ];
    for (const [what, value] of bad) expect(codeOf(() => encodeCanonical(value as CborValue)), what).toBe('ENCODING_MALFORMED');
  });

  it('refuses what is not bytes', () => {
    expect(codeOf(() => decodeCanonical('00' as unknown as Uint8Array))).toBe('ENCODING_MALFORMED');
    expect(codeOf(() => decodeCanonical([0] as unknown as Uint8Array))).toBe('ENCODING_MALFORMED');
  });
});

// ---- properties ----

const KEY = fc.string({ unit: 'binary', maxLength: 8 }).filter((k) => k !== '__proto__');
const LEAF = fc.oneof(
  fc.maxSafeInteger(),
  fc.integer({ min: -30, max: 30 }),
  // Outside the safe range the decoder gives bigints, so only there are bigints their own value.
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: -(2n ** 64n), max: -(2n ** 53n) }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.uint8Array({ maxLength: 24 }),
  fc.boolean(),
  fc.constant(null),
);
const { value: VALUE } = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    LEAF,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(KEY, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
}));

/** A changed copy of valid bytes: one byte replaced, inserted or removed, truncated, or extended. */
const MUTATED = fc
  .tuple(VALUE.map(encodeCanonical), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 4 }))
  .map(([bytes, at, byte, extra, kind]) => {
    const i = at % bytes.length;
    switch (kind) {
      case 0: {
        const out = bytes.slice();
        out[i] = byte === bytes[i] ? byte ^ 0xff : byte;
        return { original: bytes, mutated: out };
      }
      case 1:
        return { original: bytes, mutated: Uint8Array.of(...bytes.subarray(0, i), byte, ...bytes.subarray(i)) };
      case 2:
        return { original: bytes, mutated: Uint8Array.of(...bytes.subarray(0, i), ...bytes.subarray(i + 1)) };
      case 3:
        return { original: bytes, mutated: bytes.subarray(0, i) };
      default:
        return { original: bytes, mutated: Uint8Array.of(...bytes, ...extra) };
    }
  });

/** decodeCanonical either refuses with a CreditChainError, or the bytes are the value's one encoding. */
function decodesOnlyCanonically(bytes: Uint8Array): CborValue | undefined {
  let value: CborValue;
  try {
    value = decodeCanonical(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CreditChainError);
    return undefined;
  }
  expect(toHex(encodeCanonical(value))).toBe(toHex(bytes));
  return value;
}

describe('properties', () => {
  it('decode(encode(x)) deep-equals x', () => {
    fc.assert(
      fc.property(VALUE, (x) => {
        expect(decodeCanonical(encodeCanonical(x))).toEqual(x);
      }),
      { numRuns: 3000 },
    );
  });

  it('the encoding does not depend on the order keys were inserted in', () => {
    fc.assert(
      fc.property(fc.dictionary(KEY, LEAF, { maxKeys: 8, noNullPrototype: true }), (map) => {
        const reversed = Object.fromEntries(Object.entries(map).reverse()) as CborValue;
        expect(toHex(encodeCanonical(reversed))).toBe(toHex(encodeCanonical(map)));
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary bytes: refused with a CreditChainError, or exactly canonical', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        decodesOnlyCanonically(bytes);
      }),
      { numRuns: 10_000 },
    );
  });

  it('mutated, truncated and extended encodings: refused, or the canonical encoding of another value', () => {
    let accepted = 0;
    fc.assert(
      fc.property(MUTATED, ({ original, mutated }) => {
        const value = decodesOnlyCanonically(mutated);
        if (value !== undefined) {
          accepted++;
          // One value, one encoding: different bytes never decode to the original value.
          if (!equalBytes(original, mutated)) expect(encodeCanonical(value)).not.toEqual(original);
        }
      }),
      { numRuns: 20_000 },
    );
    // Sanity: the generator does reach inputs that decode (e.g. a changed integer or character).
    expect(accepted).toBeGreaterThan(0);
  });
});
