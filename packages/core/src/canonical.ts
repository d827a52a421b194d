// Canonical encoding: deterministic CBOR (RFC 8949 §4.2.1, core deterministic encoding) over a
// small subset — unsigned and negative integers, byte strings, text strings, arrays, maps with
// text keys, true, false, null. No floats, no tags, no undefined, no indefinite lengths.
//
// cborg does the encoding (with RFC 8949 bytewise key order) and a strict decoding; we then
// re-encode what was decoded and require the very same bytes. That one comparison rejects every
// non-canonical form — unsorted keys, non-minimal lengths, floats standing for integers — so one
// value has exactly one encoding and one hash.
import { decode as cborDecode, encode as cborEncode, rfc8949EncodeOptions } from 'cborg';
import { equalBytes } from './bytes.js';
import { CreditChainError } from './errors.js';

export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | Uint8Array
  | readonly CborValue[]
  | { readonly [key: string]: CborValue };

/** Default largest input we decode: a 10,000-hash anchor batch fits with room to spare. */
export const MAX_ENCODED_SIZE = 1024 * 1024;
const MAX_DEPTH = 32;

// RFC 8949 §4.2.1 orders map keys by the bytewise order of their encodings. Our keys are always
// text, and a text key's encoding is a header that grows with the UTF-8 length, then the UTF-8
// bytes: so the order is "shorter UTF-8 first, then bytewise". cborg's own RFC 8949 sorter gets
// there by encoding every key for every comparison, which made encoding the hot spot of block
// execution; this one compares lengths and (ASCII) strings directly. The canonical tests check
// it against the bytewise order of encoded keys.
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

const encodeOptions = { ...rfc8949EncodeOptions, mapSorter: textKeyOrder as never, float64: false } as const;
const decodeOptions = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: true,
  rejectDuplicateMapKeys: true,
  useMaps: false,
} as const;

// With the u flag a class of surrogates matches only a lone one: a well-formed pair is one code point.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

function checkText(text: string): void {
  // A lone surrogate has no UTF-8 form: the encoder would write U+FFFD, giving two strings one
  // encoding and one hash.
  if (LONE_SURROGATE.test(text)) {
    throw new CreditChainError('ENCODING_MALFORMED', 'Text must be well-formed Unicode; it holds a lone surrogate.');
  }
}

function checkValue(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) {
    throw new CreditChainError('ENCODING_MALFORMED', `The value nests deeper than ${MAX_DEPTH} levels.`);
  }
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    checkText(value);
    return;
  }
  if (typeof value === 'bigint') {
    // CBOR major types 0 and 1 carry 64 bits; bignum tags are outside the subset.
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
    // An own "__proto__" key encodes, but decoding assigns it as the prototype instead: the value
    // would never come back. Refuse it both ways.
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

/** The canonical bytes of a value. */
export function encodeCanonical(value: CborValue): Uint8Array {
  checkValue(value, 0);
  return cborEncode(value, encodeOptions);
}

/**
 * Decode canonical bytes. Rejects malformed input, trailing bytes, duplicate keys, floats,
 * tags, input over `maxSize` bytes, and any encoding that is not the canonical one.
 */
export function decodeCanonical(bytes: Uint8Array, maxSize: number = MAX_ENCODED_SIZE): CborValue {
  if (!(bytes instanceof Uint8Array)) {
    throw new CreditChainError('ENCODING_MALFORMED', 'Expected bytes to decode.');
  }
  if (bytes.length > maxSize) {
    throw new CreditChainError('ENCODING_TOO_LARGE', `The encoded value is ${bytes.length} bytes; the limit is ${maxSize}.`, { size: bytes.length, limit: maxSize });
  }
  let value: unknown;
  try {
    value = cborDecode(bytes, decodeOptions);
  } catch (e) {
    throw new CreditChainError('ENCODING_MALFORMED', `The bytes are not valid CBOR: ${(e as Error).message}`);
  }
  checkValue(value, 0);
  let again: Uint8Array;
  try {
    again = cborEncode(value, encodeOptions);
  } catch (e) {
    throw new CreditChainError('ENCODING_MALFORMED', `The decoded value cannot be re-encoded: ${(e as Error).message}`);
  }
  if (!equalBytes(again, bytes)) {
    throw new CreditChainError('ENCODING_NON_CANONICAL', 'The bytes decode, but are not the canonical (RFC 8949 §4.2.1) encoding of their value.');
  }
  return value as CborValue;
}
