import { decode as cborDecode, encode as cborEncode, rfc8949EncodeOptions } from 'cborg';
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

// The encoder as it was until the hand-written one replaced it: `checkValue`, then cborg with
// the RFC 8949 options and our text-key sorter. Kept as the reference the new encoder agrees
// with, byte for byte and refusal for refusal, except that it writes text starting with U+FEFF,
// which the new one refuses (see "U+FEFF at the start of text").
type KeyEntry = [{ value: unknown }, ...unknown[]];
function textKeyOrder(e1: KeyEntry, e2: KeyEntry): number {
  const a = e1[0].value;
  const b = e2[0].value;
  if (typeof a !== 'string' || typeof b !== 'string') throw new Error('map keys must be text');
  const la = Buffer.byteLength(a);
  const lb = Buffer.byteLength(b);
  if (la !== lb) return la - lb;
  if (la === a.length && lb === b.length) return a < b ? -1 : a > b ? 1 : 0; // ASCII: code units are bytes
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
const OLD_ENCODE_OPTIONS = { ...rfc8949EncodeOptions, mapSorter: textKeyOrder as never, float64: false } as const;
const LONE_SURROGATE = /[\ud800-\udfff]/u;
function checkText(text: string): void {
  if (LONE_SURROGATE.test(text)) {
    throw new CreditChainError('ENCODING_MALFORMED', 'Text must be well-formed Unicode; it holds a lone surrogate.');
  }
}
function checkValue(value: unknown, depth: number): void {
  if (depth > 32) {
    throw new CreditChainError('ENCODING_MALFORMED', `The value nests deeper than 32 levels.`);
  }
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    checkText(value);
    return;
  }
  if (typeof value === 'bigint') {
    if (value > 0xffffffffffffffffn || value < -0x10000000000000000n) {
      throw new CreditChainError('ENCODING_MALFORMED', 'Integers must fit in 64 bits.', { value: value.toString() });
    }
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new CreditChainError('ENCODING_MALFORMED', 'Only integers can be encoded; floating-point numbers are not allowed.', { value });
    }
    return;
  }
  if (value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (const item of value) checkValue(item, depth + 1);
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    if (Object.hasOwn(value, '__proto__')) {
      throw new CreditChainError('ENCODING_MALFORMED', 'A map key may not be "__proto__".');
    }
    for (const key of Object.keys(value)) {
      checkText(key);
      checkValue((value as Record<string, unknown>)[key], depth + 1);
    }
    return;
  }
  throw new CreditChainError('ENCODING_MALFORMED', `A value of type ${typeof value} cannot be encoded canonically.`);
}
function encodeByCborg(value: CborValue): Uint8Array {
  checkValue(value, 0);
  return cborEncode(value, OLD_ENCODE_OPTIONS);
}

/** What an encoder makes of a value: its bytes, or its refusal. */
function encoding(encode: (value: CborValue) => Uint8Array, value: unknown): { hex: string } | { code: string; message: string } {
  try {
    return { hex: toHex(encode(value as CborValue)) };
  } catch (e) {
    return e instanceof CreditChainError ? { code: e.code, message: e.message } : { code: 'not a CreditChainError', message: String(e) };
  }
}

// The decoder as it was until the pass over the bytes replaced the re-encode: strict cborg, then
// the old encoder (checkValue, then cborg) on what came out, which must give the same bytes.
// Kept as the reference the new decoder agrees with, refusal code for refusal code.
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
    again = encodeByCborg(value as CborValue);
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
    // The re-encode refused it too. (encodeCanonical now refuses to write such text.)
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
      ['own __proto__ key among others', JSON.parse('{"a": 1, "__proto__": 2}')],
      ['String object', new String('a')],
      ['Number object', new Number(1)],
      ['boxed bigint', Object(1n)],
      ['Uint8ClampedArray', new Uint8ClampedArray(1)],
      ['ArrayBuffer', new ArrayBuffer(1)],
      ['-0.5', -0.5],
      ['-(2^53)', -(2 ** 53)],
      ['lone surrogate past 32 code units', 'x'.repeat(40) + '\udbff'],
      ['lone surrogate in a long key', { ['x'.repeat(40) + '\ud800']: 1 }],
      ['lone surrogate in a non-ASCII key', { é: 1, '\ud800é': 2 }],
      ['high surrogate at the end', 'ab\ud83d'],
      ['surrogates the wrong way round', '\ude00\ud83d'],
      ['float deep inside', { a: [1, { b: [2.5] }] }],
      ['bigint 2^64 inside a map', { n: 2n ** 64n }],
      ['33 levels of maps and arrays', Array.from({ length: 33 }).reduce<unknown>((v, _, i) => (i % 2 ? [v] : { k: v }), 0)],
    ];
    for (const [what, value] of bad) {
      expect(codeOf(() => encodeCanonical(value as CborValue)), what).toBe('ENCODING_MALFORMED');
      // One flaw each: the same code and sentence as the old encoder gave.
      expect(encoding(encodeCanonical, value), what).toEqual(encoding(encodeByCborg, value));
    }
  });

  it('refuses what is not bytes', () => {
    expect(codeOf(() => decodeCanonical('00' as unknown as Uint8Array))).toBe('ENCODING_MALFORMED');
    expect(codeOf(() => decodeCanonical([0] as unknown as Uint8Array))).toBe('ENCODING_MALFORMED');
  });
});

// ---- properties ----

// Text never starts with U+FEFF here: encoding refuses it (see "U+FEFF at the start of text").
const noBom = (t: string) => !t.startsWith('\ufeff');
const KEY = fc.string({ unit: 'binary', maxLength: 8 }).filter((k) => k !== '__proto__' && noBom(k));
const LEAF = fc.oneof(
  fc.maxSafeInteger(),
  fc.integer({ min: -30, max: 30 }),
  // Outside the safe range the decoder gives bigints, so only there are bigints their own value.
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: -(2n ** 64n), max: -(2n ** 53n) }),
  fc.string({ unit: 'binary', maxLength: 24 }).filter(noBom),
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

  it('builds the value cborg built, type for type, from a Buffer inside a larger one too; byte strings are copies', () => {
    const byteStrings = (v: unknown, out: Uint8Array[] = []): Uint8Array[] => {
      if (v instanceof Uint8Array) out.push(v);
      else if (Array.isArray(v)) for (const x of v) byteStrings(x, out);
      else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) byteStrings(x, out);
      return out;
    };
    fc.assert(
      fc.property(values(false), fc.nat({ max: 7 }), (x, pad) => {
        const bytes = encodeCanonical(x);
        const inside = Buffer.alloc(bytes.length + 2 * pad, 0xee).subarray(pad, pad + bytes.length);
        inside.set(bytes);
        const built = decodeCanonical(inside);
        expect(built).toStrictEqual(cborDecode(bytes, OLD_DECODE_OPTIONS));
        for (const b of byteStrings(built)) {
          expect(Object.getPrototypeOf(b)).toBe(Uint8Array.prototype);
          expect(b.buffer).not.toBe(inside.buffer);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives back each short text as written, however many share a length (and so the table of texts met before)', () => {
    // 10,000 texts of three letters, more than the table has slots: many meet in one.
    const texts = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(97 + (i % 26), 97 + (Math.floor(i / 26) % 26), 97 + Math.floor(i / 676)));
    for (let round = 0; round < 2; round++) {
      for (const t of texts) expect(decodeCanonical(encodeCanonical({ [t]: t }))).toStrictEqual({ [t]: t });
    }
  });

  it('edited encodings: the same value, or the same refusal code, as the re-encode', () => {
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(values(true).map(encodeByCborg), fc.array(fc.array(EDIT, { minLength: 1, maxLength: 2 }), { minLength: 4, maxLength: 4 }), (bytes, edits) => {
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

// ---- the hand-written encoder against cborg, the encoder it replaced ----

// Keys whose UTF-8 lengths often tie, so that their order falls to the bytes: ASCII, two-, three-
// and four-byte characters, and U+E000–U+FFFF against astral characters, where UTF-16 order
// (JavaScript's `<`) and UTF-8 order disagree.
const TIE_KEY = fc
  .array(fc.constantFrom('a', 'b', 'z', '0', '1', '9', '~', '\u007f', 'é', 'ß', 'ж', '\u07ff', '\u0800', '信', '€', '\ue000', '\uffee', '\uffff', '😀', '𝄞', '\u{10000}', '\u{10ffff}'), { minLength: 1, maxLength: 4 })
  .map((cs) => cs.join(''));
// Integer-like keys, which objects list first, in numeric order.
const INTEGER_KEY = fc.oneof(fc.nat({ max: 1000 }).map(String), fc.nat().map(String));
// Keys from 28 code units up cross the 32 from which the encoder writes text another way.
const ASCII_KEY = fc.oneof(INTEGER_KEY, fc.string({ unit: 'binary-ascii', maxLength: 40 }), fc.string({ unit: 'binary-ascii', minLength: 28, maxLength: 90 })).filter((k) => k !== '__proto__');
const LONG_KEY = fc.oneof(fc.string({ unit: 'binary', minLength: 28, maxLength: 90 }), TIE_KEY.map((k) => k.repeat(12)));
const ANY_KEY = fc.oneof(TIE_KEY, ASCII_KEY, text(false), LONG_KEY).filter((k) => k !== '__proto__' && noBom(k));
// Text whose UTF-8 length is at or near a head boundary (23/24, 255/256, 65535/65536 bytes), or past
// 64 KiB, of one- to four-byte characters: for the long-text path, which guesses its head's size.
const SIZED_TEXT = fc
  .tuple(fc.constantFrom(23, 24, 31, 32, 33, 85, 86, 95, 96, 255, 256, 65535, 65536, 70_000), fc.array(fc.constantFrom('a', 'é', '信', '😀'), { minLength: 1, maxLength: 3 }), fc.integer({ min: -2, max: 2 }))
  .map(([size, chars, d]) => {
    const unit = chars.join('');
    const unitBytes = utf8(unit).length;
    const bytes = Math.max(0, size + d);
    return unit.repeat(Math.floor(bytes / unitBytes)) + 'a'.repeat(bytes % unitBytes);
  });
const SMALL_LEAF = fc.oneof(
  { weight: 6, arbitrary: LEAF },
  { weight: 2, arbitrary: text(false) },
  { weight: 1, arbitrary: fc.constantFrom(0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -(2 ** 53) + 1, -24, -25, -257, -(2 ** 32) - 1, 0n, -1n, 2n ** 53n - 1n, 2n ** 32n, -(2n ** 53n) + 1n, 2n ** 64n - 1n, -(2n ** 64n)) },
);
// A few big leaves a value: text near head boundaries or past 64 KiB, bytes past 64 KiB.
const BIG_LEAF = fc.oneof(
  { weight: 30, arbitrary: SMALL_LEAF },
  { weight: 2, arbitrary: SIZED_TEXT },
  { weight: 1, arbitrary: fc.integer({ min: 65_530, max: 70_000 }).map((n) => new Uint8Array(n).fill(n & 0xff)) },
);
/** A value inside `path`: an array for each null, a one-key map for each key. */
const nested = (path: (string | null)[], leaf: CborValue): CborValue => path.reduceRight<CborValue>((inner, k) => (k === null ? [inner] : { [k]: inner }), leaf);
const DEEP = fc.tuple(fc.array(fc.oneof(fc.constant(null), ANY_KEY), { maxLength: 32 }), BIG_LEAF).map(([path, leaf]) => nested(path, leaf));
const { value: BIG } = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 4, arbitrary: BIG_LEAF },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 8 }) },
    { weight: 2, arbitrary: fc.dictionary(ANY_KEY, tie('value'), { maxKeys: 12, noNullPrototype: true }) },
    // Maps past 16 keys, which are sorted another way; "size: 'max'" lets them reach 300.
    { weight: 1, arbitrary: fc.dictionary(ANY_KEY, SMALL_LEAF, { minKeys: 17, maxKeys: 300, size: 'max', noNullPrototype: true }) },
    { weight: 1, arbitrary: fc.dictionary(ASCII_KEY, SMALL_LEAF, { minKeys: 2, maxKeys: 300, size: 'max', noNullPrototype: true }) },
    { weight: 1, arbitrary: fc.dictionary(TIE_KEY, SMALL_LEAF, { minKeys: 2, maxKeys: 60, size: 'max', noNullPrototype: true }) },
    { weight: 1, arbitrary: DEEP },
  ),
}));

/** The value as decoding gives it back: a bigint in the safe range comes back a number. */
function asDecoded(x: CborValue): CborValue {
  if (typeof x === 'bigint') return x >= -(2n ** 53n) + 1n && x <= 2n ** 53n - 1n ? Number(x) : x;
  if (x === null || typeof x !== 'object' || x instanceof Uint8Array) return x;
  if (Array.isArray(x)) return x.map(asDecoded);
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, asDecoded(v as CborValue)]));
}

/** Deep equality, quick on long byte strings (toEqual takes a third of a second on 64 KiB). */
function same(a: CborValue, b: CborValue): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && equalBytes(a, b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]!));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  const [ma, mb] = [a as Record<string, CborValue>, b as Record<string, CborValue>];
  const keys = Object.keys(ma);
  return keys.length === Object.keys(mb).length && keys.every((k) => Object.hasOwn(mb, k) && same(ma[k]!, mb[k]!));
}

/** The new encoder gives the old one's bytes, and they decode back to the value. */
function encodesAsCborg(x: CborValue): void {
  const bytes = encodeCanonical(x);
  expect(toHex(bytes)).toBe(toHex(encodeByCborg(x)));
  const back = decodeCanonical(bytes, 64 * MAX_ENCODED_SIZE);
  if (!same(back, asDecoded(x))) expect(back).toEqual(asDecoded(x));
}

/** Whether some text in the value, or some key, starts with U+FEFF. */
function hasBom(x: unknown): boolean {
  if (typeof x === 'string') return x.startsWith('\ufeff');
  if (x === null || typeof x !== 'object' || x instanceof Uint8Array) return false;
  if (Array.isArray(x)) return x.some(hasBom);
  return Object.entries(x).some(([k, v]) => hasBom(k) || hasBom(v));
}

// Flaws to put anywhere in a value: each refused by both encoders, with the same code.
const FLAW = fc.constantFrom<unknown>(
  1.5,
  -0.25,
  NaN,
  -Infinity,
  2 ** 53,
  -(2 ** 53),
  2n ** 64n,
  -(2n ** 64n) - 1n,
  undefined,
  new Map([['a', 1]]),
  new Set(),
  new Date(0),
  Symbol('s'),
  () => 1,
  new Uint16Array(1),
  new DataView(new ArrayBuffer(1)),
  'a\ud800',
  '\udc00',
  'x'.repeat(40) + '\ud800',
  Object.assign(Object.create(null) as object, { a: 1 }),
  JSON.parse('{"__proto__": 1}'),
  { 'k\udc00': 1 },
  { ['k'.repeat(40) + '\ud800']: 1 },
  nested(new Array<null>(33).fill(null), 0),
);
const { value: FLAWED } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 3, arbitrary: SMALL_LEAF },
    { weight: 1, arbitrary: FLAW },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 5 }) },
    { weight: 2, arbitrary: fc.dictionary(ANY_KEY, tie('value'), { maxKeys: 6, noNullPrototype: true }) },
  ),
}));

describe('the hand-written encoder against cborg, the encoder it replaced', () => {
  it('the same bytes, which decode back, for the values of the properties above', () => {
    fc.assert(fc.property(VALUE, encodesAsCborg), { numRuns: 3000 });
    fc.assert(fc.property(values(false), encodesAsCborg), { numRuns: 3000 });
  });

  it('the same bytes, which decode back, for big values: deep, long text, maps of many keys that tie in length', () => {
    fc.assert(fc.property(BIG, encodesAsCborg), { numRuns: 1500 });
  });

  it('the same bytes, or a refusal of text starting with U+FEFF, which cborg wrote', () => {
    fc.assert(
      fc.property(values(true), (x) => {
        if (!hasBom(x)) return encodesAsCborg(x);
        expect(codeOf(() => encodeCanonical(x))).toBe('ENCODING_MALFORMED');
        expect(['ENCODING_NON_CANONICAL', 'ENCODING_MALFORMED']).toContain(codeOf(() => decodeCanonical(encodeByCborg(x))));
      }),
      { numRuns: 2000 },
    );
  });

  it('values with flaws anywhere: the same bytes, or the same refusal code', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(FLAWED, (x) => {
        const now = encoding(encodeCanonical, x);
        const before = encoding(encodeByCborg, x);
        if ('hex' in now) {
          seen.accepted++;
          expect(now).toEqual(before);
        } else {
          seen.refused++;
          expect(now.code).toBe('ENCODING_MALFORMED');
          expect(before).toMatchObject({ code: now.code });
        }
      }),
      { numRuns: 3000 },
    );
    expect(Math.min(seen.accepted, seen.refused), JSON.stringify(seen)).toBeGreaterThan(300);
  });

  it('sorts keys by their UTF-8, not by UTF-16 code units or as Object.keys lists them', () => {
    // U+E000 (ee 80 80) sorts before U+10000 (f0 90 80 80) once both are 4 bytes; in UTF-16,
    // "\ud800\udc00" < "\ue000a". Object.keys puts "10" and "2" before "a".
    const map = { '\u{10000}': 1, '\ue000a': 2, a: 3, '10': 4, '2': 5, é: 6, ab: 7 };
    expect(toHex(encodeCanonical(map))).toBe('a7' + '613205' + '616103' + '62313004' + '62616207' + '62c3a906' + '64ee80806102' + '64f090808001');
    expect(encodeCanonical(map)).toEqual(encodeByCborg(map));
  });

  it('writes -0 as 0, as cborg did', () => {
    const value = [-0, { a: -0 }, -0n];
    expect(toHex(encodeCanonical(value))).toBe('8300a1616100' + '00');
    expect(encodeCanonical(value)).toEqual(encodeByCborg(value));
  });

  it('gives each caller bytes of its own, exactly as long as the encoding', () => {
    // Results of up to 64 bytes and from 4 KiB are copies; those between share 8 KiB slabs, each
    // its own part (see copyOut). None shares the scratch buffer.
    const values: CborValue[] = [{ a: [1, 'x'] }, { b: 'y'.repeat(100) }, 'z'.repeat(5000), ...Array.from({ length: 200 }, (_, i) => ({ i, t: 'w'.repeat(i * 10) }))];
    const results = values.map(encodeCanonical);
    const hex = results.map(toHex);
    results.forEach((r, i) => {
      expect(hex[i]).toBe(toHex(encodeByCborg(values[i]!)));
      expect(Object.getPrototypeOf(r)).toBe(Uint8Array.prototype);
    });
    // Overwriting one result changes no other, nor what encoding gives next.
    results.forEach((r, i) => {
      r.fill(0xff);
      for (let j = i + 1; j < results.length; j++) expect(toHex(results[j]!)).toBe(hex[j]);
    });
    values.forEach((v, i) => expect(toHex(encodeCanonical(v))).toBe(hex[i]));
  });

  it('grows its scratch buffer for a value of megabytes, then encodes small ones as before', () => {
    const big = { bytes: new Uint8Array(3 * MAX_ENCODED_SIZE).fill(0xab), text: '信'.repeat(MAX_ENCODED_SIZE), list: Array.from({ length: 50_000 }, (_, i) => i) };
    expect(equalBytes(encodeCanonical(big), encodeByCborg(big))).toBe(true);
    expect(toHex(encodeCanonical({ a: 1 }))).toBe('a1616101');
    // A refusal half way leaves nothing behind for the next call.
    expect(codeOf(() => encodeCanonical({ a: 'x'.repeat(1000), b: 1.5 }))).toBe('ENCODING_MALFORMED');
    expect(toHex(encodeCanonical([]))).toBe('80');
  });

  it('encodes a value whose getter encodes another value meanwhile', () => {
    const value = {
      z: 'before',
      get a() {
        return encodeCanonical({ inner: 'x'.repeat(10_000) });
      },
      b: [1, 2],
    } as unknown as CborValue;
    expect(toHex(encodeCanonical(value))).toBe(toHex(encodeByCborg(value)));
  });
});

describe('U+FEFF at the start of text', () => {
  // cborg's TextDecoder drops a leading byte order mark, so the decoder refuses text starting with
  // one (ENCODING_NON_CANONICAL). The encoder refuses to write it, so the two agree.
  const refused = { code: 'ENCODING_MALFORMED', message: 'Text may not begin with U+FEFF (a byte-order mark): it would not decode to the same text.' };

  it('is refused by encoding, in text and in keys, short or long', () => {
    for (const value of ['\ufeff', '\ufeffa', '\ufeff\ufeff', '\ufeff' + 'x'.repeat(40), { '\ufeffk': 1 }, { ['\ufeff' + 'k'.repeat(40)]: 1 }, { é: 1, '\ufeffé': 2 }, [1, { k: ['\ufeff信'] }]]) {
      expect(encoding(encodeCanonical, value), JSON.stringify(value)).toEqual(refused);
      // The old encoder wrote these; decoding refused what it wrote (as malformed when dropping
      // the U+FEFF makes a key repeat another).
      expect(['ENCODING_NON_CANONICAL', 'ENCODING_MALFORMED']).toContain(codeOf(() => decodeCanonical(encodeByCborg(value as CborValue))));
    }
  });

  it('is text like any other elsewhere', () => {
    for (const value of ['a\ufeff', ' \ufeff', 'x'.repeat(40) + '\ufeff', { 'a\ufeff': 'b\ufeff' }, '\ufffe', '\ufeff'.slice(1)]) {
      encodesAsCborg(value);
    }
  });
});
