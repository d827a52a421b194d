import { decode as cborDecode } from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes, equalBytes, fromHex, toHex, utf8 } from './bytes.js';
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

// The decoder as it was until the pass over the bytes replaced the re-encode: strict cborg, then
// encodeCanonical (checkValue, then cborg) of what came out, which must give the same bytes. Kept
// as the reference the new decoder agrees with, refusal code for refusal code.
const OLD_DECODE_OPTIONS = { strict: true, allowIndefinite: false, allowUndefined: false, allowInfinity: false, allowNaN: false, allowBigInt: true, rejectDuplicateMapKeys: true, useMaps: false } as const;
function decodeByReencoding(bytes: Uint8Array): CborValue {
  let value: unknown;
  try {
    value = cborDecode(bytes, OLD_DECODE_OPTIONS);
  } catch (e) {
    throw new CreditChainError('ENCODING_MALFORMED', `The bytes are not valid CBOR: ${(e as Error).message}`);
  }
  let again: Uint8Array;
  try {
    again = encodeCanonical(value as CborValue);
  } catch (e) {
    if (e instanceof CreditChainError) throw e;
    throw new CreditChainError('ENCODING_MALFORMED', `The decoded value cannot be re-encoded: ${(e as Error).message}`);
  }
  if (!equalBytes(again, bytes)) throw new CreditChainError('ENCODING_NON_CANONICAL', 'Not the canonical encoding of the value.');
  return value as CborValue;
}

/** What a decoder makes of some bytes: the value, or the code it refuses them with. */
function verdict(decode: (bytes: Uint8Array) => CborValue, bytes: Uint8Array): { value: CborValue } | { code: string } {
  try {
    return { value: decode(bytes) };
  } catch (e) {
    return { code: e instanceof CreditChainError ? e.code : `not a CreditChainError: ${String(e)}` };
  }
}

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
    // ---- the same refusals, one by one, as the pass over the bytes makes them ----
    // additional information 28–31 in every major type
    ...(['1d', '3e', '5c', '7d', '9e', 'bc', 'dd', 'fc', 'fd', 'fe', '1f', '3f'].map((hex) => [`reserved or indefinite head ${hex}`, hex, 'ENCODING_MALFORMED']) as [string, string, ErrorCode][]),
    ['simple(19)', 'f3', 'ENCODING_MALFORMED'],
    ['simple(24) written in a byte', 'f818', 'ENCODING_MALFORMED'],
    ['break as a map value', 'a16161ff', 'ENCODING_MALFORMED'],
    ['tag inside an array', '82c10000', 'ENCODING_MALFORMED'],
    // shortest heads, at every width
    ['-2^32 in eight bytes', '3b00000000ffffffff', 'ENCODING_MALFORMED'],
    ['65535 in four bytes', '1a0000ffff', 'ENCODING_MALFORMED'],
    ['bytes, 2-byte length 255', '5900ff' + '00'.repeat(255), 'ENCODING_MALFORMED'],
    ['map, 1-byte length 1', 'b801616100', 'ENCODING_MALFORMED'],
    ['key with a long length', 'a178016100', 'ENCODING_MALFORMED'],
    // lengths past the input
    ['array of 2^32 items', '9b0000000100000000', 'ENCODING_MALFORMED'],
    ['bytes of 2^64 - 1', '5bffffffffffffffff', 'ENCODING_MALFORMED'],
    ['map of 2 entries, 1 given', 'a2616100', 'ENCODING_MALFORMED'],
    ['truncated float', 'f93c', 'ENCODING_MALFORMED'],
    ['truncated key', 'a1626100', 'ENCODING_MALFORMED'],
    ['truncated 8-byte head', '1b00000001', 'ENCODING_MALFORMED'],
    ['2^31 in eight bytes', '1b0000000080000000', 'ENCODING_MALFORMED'],
    ['2^32 - 1 in eight bytes', '1b00000000ffffffff', 'ENCODING_MALFORMED'],
    // floats that are not integers, wherever they are
    ['float 1.5 in a map', 'a16161f93e00', 'ENCODING_MALFORMED'],
    ['float 2^53 (not a safe integer)', 'fb4340000000000000', 'ENCODING_MALFORMED'],
    ['float NaN with a payload', 'f97e01', 'ENCODING_MALFORMED'],
    ['float key', 'a1f93c0000', 'ENCODING_MALFORMED'],
    ['float 65504 (half, integer)', 'f97bff', 'ENCODING_NON_CANONICAL'],
    ['float 1.0 (single)', 'fa3f800000', 'ENCODING_NON_CANONICAL'],
    // a malformed flaw anywhere wins over a non-canonical one before it, as with the re-encode
    ['unsorted keys, then a tag', '82a2616201616101c001', 'ENCODING_MALFORMED'],
    ['float 1.0, then float 1.5', '82f93c00f93e00', 'ENCODING_MALFORMED'],
    ['invalid UTF-8, then trailing bytes', '61ff00', 'ENCODING_MALFORMED'],
    ['unsorted keys, then too deep', '82a2616201616101' + '81'.repeat(32) + '00', 'ENCODING_MALFORMED'],
    // key order is on the encoded bytes: "a" (61 61) sorts before "100" (63 31 30 30), though an
    // object lists integer-like keys first
    ['integer-like key before a shorter one', 'a26331303002616101', 'ENCODING_NON_CANONICAL'],
    ['"10" before "2"', 'a262313001613202', 'ENCODING_NON_CANONICAL'],
    // repeated keys: refused as malformed even when not side by side, or equal only once decoded
    ['repeated key, not adjacent', 'a3616101616202616103', 'ENCODING_MALFORMED'],
    ['two invalid keys both decoding to U+FFFD', 'a261fe0161ff02', 'ENCODING_MALFORMED'],
    ['a key, and the same key after a BOM', 'a261610164efbbbf6102', 'ENCODING_MALFORMED'],
    // text: well-formed UTF-8 (RFC 3629), not starting with U+FEFF
    ['UTF-8 past U+10FFFF', '64f4908080', 'ENCODING_NON_CANONICAL'],
    ['overlong 3-byte UTF-8', '63e08080', 'ENCODING_NON_CANONICAL'],
    ['UTF-8 cut short', '61c3', 'ENCODING_NON_CANONICAL'],
    ['lone continuation byte', '6180', 'ENCODING_NON_CANONICAL'],
    ['invalid UTF-8 in a key', 'a161ff00', 'ENCODING_NON_CANONICAL'],
    ['invalid UTF-8 past 32 bytes (TextDecoder path)', '7821' + '61'.repeat(32) + 'ff', 'ENCODING_NON_CANONICAL'],
    // cborg's TextDecoder drops a leading byte order mark, so "\ufeffa" would come back as "a".
    // The re-encode refused it too. (encodeCanonical still writes such text: a gap left as it was.)
    ['text starting with a BOM', '64efbbbf61', 'ENCODING_NON_CANONICAL'],
    // "__proto__": cborg makes an object, array, byte string or null value the prototype (refused
    // as malformed) and drops any other value (non-canonical)
    ['__proto__ key, null value', 'a1695f5f70726f746f5f5ff6', 'ENCODING_MALFORMED'],
    ['__proto__ key, array value', 'a1695f5f70726f746f5f5f80', 'ENCODING_MALFORMED'],
    ['__proto__ key, byte string value', 'a1695f5f70726f746f5f5f4100', 'ENCODING_MALFORMED'],
    ['__proto__ key, text value', 'a1695f5f70726f746f5f5f6161', 'ENCODING_NON_CANONICAL'],
    ['__proto__ key, float 1.5 value (dropped unseen)', 'a1695f5f70726f746f5f5ff93e00', 'ENCODING_NON_CANONICAL'],
    ['__proto__ key, NaN value', 'a1695f5f70726f746f5f5ff97e00', 'ENCODING_MALFORMED'],
    ['__proto__ key twice', 'a2695f5f70726f746f5f5f01695f5f70726f746f5f5f02', 'ENCODING_NON_CANONICAL'],
    ['BOM + __proto__ key, map value', 'a16cefbbbf5f5f70726f746f5f5fa0', 'ENCODING_MALFORMED'],
    ['BOM + __proto__ key, integer value', 'a16cefbbbf5f5f70726f746f5f5f01', 'ENCODING_NON_CANONICAL'],
    ['__proto__ key, integer value at depth 33 (dropped unseen)', '81'.repeat(32) + 'a1695f5f70726f746f5f5f01', 'ENCODING_NON_CANONICAL'],
    ['"a" key, integer value at depth 33', '81'.repeat(32) + 'a1616101', 'ENCODING_MALFORMED'],
  ];
  for (const [what, hex, code] of rejects) {
    it(`decoding ${what} (${hex.length > 40 ? hex.slice(0, 40) + '…' : hex || 'nothing'}) → ${code}`, () => {
      expect(codeOf(() => decodeHex(hex))).toBe(code);
      expect(codeOf(() => decodeByReencoding(fromHex(hex)))).toBe(code);
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

// ---- the pass over the bytes against the re-encode it replaced ----

// Text of every kind: any code point (astral ones too), composed graphemes, and ASCII past
// cborg's 32-byte fast path. `bom` adds some starting with U+FEFF, which never round-trips.
const text = (bom: boolean) => {
  const t = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary-ascii', maxLength: 40 }));
  return bom ? fc.oneof(t, t.map((x) => '\ufeff' + x)) : t.filter((x) => !x.startsWith('\ufeff'));
};
const values = (bom: boolean) => {
  // Integer-like keys ("7", "10", "100") are listed first by an object, whatever their bytes say.
  const key = fc.oneof(text(bom), fc.nat({ max: 1000 }).map(String), fc.nat().map(String)).filter((k) => k !== '__proto__');
  const leaf = fc.oneof(
    fc.maxSafeInteger(),
    fc.constantFrom(23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -24, -25, -256, -257, -(2 ** 32), -(2 ** 32) - 1),
    fc.bigInt({ min: 2n ** 64n - 1000n, max: 2n ** 64n - 1n }),
    fc.bigInt({ min: -(2n ** 64n), max: -(2n ** 64n) + 1000n }),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
    text(bom),
    fc.uint8Array({ maxLength: 40 }),
    fc.boolean(),
    fc.constant(null),
  );
  return fc.letrec<{ value: CborValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      leaf,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(key, tie('value'), { maxKeys: 6, noNullPrototype: true }),
    ),
  })).value;
};

/** One edit of some bytes: a byte flipped, inserted or deleted, the end cut, or bytes appended. */
const EDIT = fc.tuple(fc.constantFrom('flip', 'insert', 'delete', 'cut', 'append'), fc.nat(), fc.integer({ min: 1, max: 255 }));
function edit(bytes: Uint8Array, [kind, at, byte]: [string, number, number]): Uint8Array {
  const i = bytes.length === 0 ? 0 : at % bytes.length;
  const out = [...bytes];
  if (kind === 'flip') out[i] = (out[i] ?? 0) ^ byte;
  else if (kind === 'insert') out.splice(i, 0, byte);
  else if (kind === 'delete') out.splice(i, 1);
  else if (kind === 'cut') out.length = i;
  else out.push(byte);
  return Uint8Array.from(out);
}

// Raw items, canonical or not, built head by head, for flaws that byte edits seldom make and
// their mixes: wide heads, floats, keys unsorted, repeated or not text, "__proto__", BOMs,
// invalid UTF-8, tags, simple values, indefinite lengths, nesting near the limit.
function head(major: number, n: number | bigint, wider: number): number[] {
  const v = BigInt(n);
  const size = Math.min(4, (v < 24n ? 0 : v < 256n ? 1 : v < 65536n ? 2 : v < 2n ** 32n ? 3 : 4) + wider);
  if (size === 0) return [(major << 5) | Number(v)];
  const width = 1 << (size - 1);
  return [(major << 5) | (23 + size), ...Array.from({ length: width }, (_, k) => Number((v >> BigInt(8 * (width - 1 - k))) & 0xffn))];
}
const WIDER = fc.constantFrom(0, 0, 0, 0, 0, 1, 2);
const RAW_TEXT = fc
  .tuple(
    fc.oneof(
      text(true).map((t) => [...utf8(t)]),
      fc.constantFrom([0x61], [0x62], [0x61, 0x61]),
      // bytes at the edges of UTF-8's ranges: overlong forms, surrogates, past U+10FFFF, cut short
      fc.array(fc.constantFrom(0x61, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff), { maxLength: 5 }),
    ),
    WIDER,
  )
  .map(([b, w]) => [...head(3, b.length, w), ...b]);
const PROTO_KEY = fc.constantFrom([0x69, ...utf8('__proto__')], [0x6c, 0xef, 0xbb, 0xbf, ...utf8('__proto__')]);
const float = (x: number, size: 2 | 4 | 8): number[] => {
  const v = new DataView(new ArrayBuffer(size));
  if (size === 4) v.setFloat32(0, x);
  else if (size === 8) v.setFloat64(0, x);
  return size === 2 ? [0xf9, ...(x === 1 ? [0x3c, 0x00] : x === 1.5 ? [0x3e, 0x00] : [0x7e, 0x00])] : [size === 4 ? 0xfa : 0xfb, ...new Uint8Array(v.buffer)];
};
const { raw: RAW } = fc.letrec<{ raw: readonly number[] }>((tie) => ({
  raw: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(0, 1), fc.oneof(fc.nat({ max: 300 }), fc.constantFrom(255, 256, 65535, 65536, 2 ** 31, 2 ** 32 - 1, 2 ** 32), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })), WIDER)
        .map(([m, n, w]) => head(m, n, w)),
    },
    { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 6 }), WIDER).map(([b, w]) => [...head(2, b.length, w), ...b]) },
    { weight: 3, arbitrary: RAW_TEXT },
    { weight: 3, arbitrary: fc.tuple(fc.array(tie('raw'), { maxLength: 4 }), WIDER).map(([xs, w]) => [...head(4, xs.length, w), ...xs.flat()]) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: RAW_TEXT }, { weight: 2, arbitrary: PROTO_KEY }, { weight: 1, arbitrary: tie('raw') }), tie('raw')), { maxLength: 4 }), fc.boolean(), WIDER)
        .map(([entries, sorted, w]) => {
          if (sorted) entries.sort(([a], [b]) => compareBytes(Uint8Array.from(a), Uint8Array.from(b)));
          return [...head(5, entries.length, w), ...entries.flat(2)];
        }),
    },
    { weight: 2, arbitrary: fc.constantFrom([0xf4], [0xf5], [0xf6]) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constantFrom(1, 1.5, -0, 2 ** 53, NaN, Infinity), fc.maxSafeInteger(), fc.double()).chain((x) => fc.constantFrom<(2 | 4 | 8)[]>(2, 4, 8).map((size) => float(x, size))),
    },
    { weight: 1, arbitrary: fc.constantFrom([0xf7], [0xf0], [0xf8, 0x20], [0xff], [0xfc], [0x1c], [0x9f, 0xff], [0xbf, 0xff], [0x5f, 0xff], [0x7f, 0xff]) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 40 }), tie('raw')).map(([tag, x]) => [...head(6, tag, 0), ...x]) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 29, max: 33 }), tie('raw')).map(([n, x]) => [...new Array<number>(n).fill(0x81), ...x]) },
  ),
}));

/** The new decoder gives the same value, or the same refusal code, as the old; `seen` counts them. */
function agreesWithReencoding(bytes: Uint8Array, seen: Record<string, number>): void {
  const now = verdict(decodeCanonical, bytes);
  expect(now, toHex(bytes)).toEqual(verdict(decodeByReencoding, bytes));
  const key = 'value' in now ? 'accepted' : now.code;
  seen[key] = (seen[key] ?? 0) + 1;
}
/** Sanity: the inputs reach all three verdicts, each often enough to mean something. */
function expectAllVerdicts(seen: Record<string, number>, least: number): void {
  expect(Object.keys(seen).sort()).toEqual(['ENCODING_MALFORMED', 'ENCODING_NON_CANONICAL', 'accepted']);
  expect(Math.min(...Object.values(seen)), JSON.stringify(seen)).toBeGreaterThan(least);
}

describe('the canonical check against the re-encode it replaced', () => {
  it('decode(encode(x)) deep-equals x, for text of every kind, integer-like keys, big integers', () => {
    fc.assert(
      fc.property(values(false), (x) => {
        expect(decodeCanonical(encodeCanonical(x))).toEqual(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('edited encodings: the same value, or the same refusal code, as the re-encode', () => {
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(values(true).map(encodeCanonical), fc.array(fc.array(EDIT, { minLength: 1, maxLength: 2 }), { minLength: 4, maxLength: 4 }), (bytes, edits) => {
        for (const e of [[], ...edits]) agreesWithReencoding(e.reduce(edit, bytes), seen);
      }),
      { numRuns: 2000 },
    );
    expectAllVerdicts(seen, 50);
  });

  it('raw items with any mix of flaws: the same value, or the same refusal code, as the re-encode', () => {
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(RAW, (raw) => agreesWithReencoding(Uint8Array.from(raw), seen)),
      { numRuns: 20_000 },
    );
    expectAllVerdicts(seen, 200);
  });
});
