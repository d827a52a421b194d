// Canonical encoding: deterministic CBOR (RFC 8949 §4.2.1, core deterministic encoding) over a
// small subset — unsigned and negative integers, byte strings, text strings, arrays, maps with
// text keys, true, false, null. No floats, no tags, no undefined, no indefinite lengths.
//
// Encoding is one walk over the value, written by hand (`writeItem`, canonical-encode.ts), that checks the
// value is in the subset and writes its canonical bytes. Decoding is one pass over the bytes
// (`scanItem`, further below) that checks they are the canonical form, then a second walk that
// builds the value (`build`); cborg's strict decoder only tells apart the refusals of bytes that
// are not canonical. So one value has exactly one encoding and one hash.
import { decode as cborDecode } from 'cborg';
import { fnv1a } from './bytes.js';
import { CreditChainError } from './errors.js';

export { encodeCanonical } from './canonical-encode.js';

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

// ---- the canonical check ----
//
// Decoding used to re-encode what cborg decoded and compare the bytes: simple, but the re-encode
// cost about three times the decode itself. This pass checks the canonical form on the bytes
// instead. It is written by hand because no well-kept library validates RFC 8949 §4.2.1 core
// deterministic encoding over a subset like ours. It refuses exactly what the re-encode refused,
// with the same codes (the tests check it against the old algorithm, kept there):
// - ENCODING_MALFORMED for what strict cborg refuses (tags, undefined and other simple values,
//   indefinite lengths, reserved additional information, non-minimal heads, non-text keys,
//   truncation, trailing bytes, duplicate keys) and what its value check (`checkValue`, kept in
//   the tests with the old encoder) refused after it (floats that are not integers, nesting
//   deeper than MAX_DEPTH, a "__proto__" key cborg turns into a prototype);
// - ENCODING_NON_CANONICAL for what cborg decodes into some other bytes' value: keys out of order,
//   floats holding integers, text that is not UTF-8 or starts with a byte order mark (cborg's
//   TextDecoder replaces the one and drops the other), a "__proto__" key whose value cborg drops.
// A non-canonical flaw is noted and the pass goes on, so that a malformed one anywhere still
// wins, as before. Duplicate keys are only noted here (as out of order), for cborg to refuse.
// Lone surrogates, out-of-range integers and unknown types cannot come out of cborg's decoding,
// so the encoder's checks are not needed on this side.

interface Scan {
  readonly b: Uint8Array;
  pos: number;
  /** The first non-canonical flaw met, if any. */
  flaw: string | undefined;
}

const malformed = (s: Scan, why: string) => new CreditChainError('ENCODING_MALFORMED', `The bytes are not CBOR of the accepted subset: ${why}.`, { at: s.pos });
const truncated = (s: Scan) => malformed(s, 'the input ends inside a value');

/** The argument of a head whose first byte was just read, refusing what strict cborg refuses. */
function argument(s: Scan, info: number): number {
  if (info < 24) return info;
  if (info > 27) throw malformed(s, `additional information ${info} (reserved, or indefinite length) is not allowed`);
  const size = 1 << (info - 24);
  if (s.pos + size > s.b.length) throw truncated(s);
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + s.b[s.pos + i]!; // past 2^53 inexact, but still ≥ 2^32
  if (n < (size === 1 ? 24 : 2 ** (4 * size))) throw malformed(s, 'an integer or length is not in its shortest form');
  s.pos += size;
  return n;
}

/**
 * Skips a text string (its head just read), noting text cborg would not give back as it is.
 * Returns where its UTF-8 starts.
 */
function text(s: Scan, info: number): number {
  const { b } = s;
  const n = argument(s, info);
  if (n > b.length - s.pos) throw truncated(s);
  const start = s.pos;
  const end = start + n;
  s.pos = end;
  let i = start;
  while (i < end && b[i]! < 0x80) i++;
  if (i === end) return start; // ASCII, the usual case
  if (!isUtf8(b, i, end)) s.flaw ??= 'text is not well-formed UTF-8';
  else if (b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf) s.flaw ??= 'text starts with a byte order mark, which decoding drops';
  return start;
}

/** Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). */
function isUtf8(b: Uint8Array, i: number, end: number): boolean {
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes after c, and the range of the first one (narrower after E0, ED, F0, F4).
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= end) return false;
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1]! < lo || b[i + 1]! > hi) return false;
    for (let k = 2; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return false;
    i += n + 1;
  }
  return true;
}

/** A half-precision float (RFC 8949 Appendix D); Node 20 has no DataView.getFloat16. */
function half(h: number): number {
  const exp = (h >> 10) & 31;
  const mant = h & 0x3ff;
  const x = exp === 31 ? (mant === 0 ? Infinity : NaN) : exp === 0 ? mant * 2 ** -24 : (mant + 1024) * 2 ** (exp - 25);
  return h & 0x8000 ? -x : x;
}

/** "__proto__" as a key: cborg assigns obj["__proto__"] = value, which never makes a key. */
const PROTO = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f];
function decodesToProto(b: Uint8Array, start: number, end: number): boolean {
  if (end - start === 12 && b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf) start += 3; // a dropped BOM
  if (end - start !== PROTO.length) return false;
  for (let i = 0; i < PROTO.length; i++) if (b[start + i] !== PROTO[i]) return false;
  return true;
}

/** Bytewise order of two encoded keys (RFC 8949 §4.2.1): the first differing byte, else the shorter. */
function compareKeys(b: Uint8Array, a: number, aEnd: number, c: number, cEnd: number): number {
  const n = Math.min(aEnd - a, cEnd - c);
  for (let i = 0; i < n; i++) if (b[a + i] !== b[c + i]) return b[a + i]! - b[c + i]!;
  return aEnd - a - (cEnd - c);
}

/**
 * Checks one item at s.pos and moves past it. `dropped` is a "__proto__" key's value that cborg
 * drops (a leaf: containers are refused before): `checkValue` never saw it, so neither its depth
 * nor its being a float made the input malformed.
 */
function scanItem(s: Scan, depth: number, dropped = false): void {
  const { b } = s;
  if (s.pos >= b.length) throw truncated(s);
  if (depth > MAX_DEPTH && !dropped) {
    throw new CreditChainError('ENCODING_MALFORMED', `The value nests deeper than ${MAX_DEPTH} levels.`);
  }
  const first = b[s.pos++]!;
  const info = first & 31;
  switch (first >> 5) {
    case 0:
    case 1:
      argument(s, info);
      return;
    case 2: {
      const n = argument(s, info);
      if (n > b.length - s.pos) throw truncated(s);
      s.pos += n;
      return;
    }
    case 3:
      text(s, info);
      return;
    case 4: {
      const n = argument(s, info);
      if (n > b.length - s.pos) throw truncated(s); // each item takes a byte at least
      for (let i = 0; i < n; i++) scanItem(s, depth + 1);
      return;
    }
    case 5: {
      const n = argument(s, info);
      if (n > (b.length - s.pos) / 2) throw truncated(s);
      let prev = -1;
      let prevEnd = -1;
      for (let i = 0; i < n; i++) {
        // Keys are checked on their bytes, in the order written: a decoded object would not tell
        // (JavaScript puts integer-like keys such as "1" and "10" first, in numeric order).
        const key = s.pos;
        if (key >= b.length) throw truncated(s);
        if (b[key]! >> 5 !== 3) throw malformed(s, 'map keys must be text strings');
        s.pos++;
        const chars = text(s, b[key]! & 31);
        if (prev >= 0 && compareKeys(b, prev, prevEnd, key, s.pos) >= 0) s.flaw ??= 'map keys are not in increasing bytewise order, or repeat';
        prev = key;
        prevEnd = s.pos;
        if (!decodesToProto(b, chars, s.pos)) {
          scanItem(s, depth + 1);
          continue;
        }
        // An object, array, byte string or null value becomes the prototype, which checkValue
        // refused as malformed; cborg drops any other, so the key does not come back.
        const v = s.pos < b.length ? b[s.pos]! : 0;
        if (v >> 5 === 2 || v >> 5 === 4 || v >> 5 === 5 || v === 0xf6) {
          throw new CreditChainError('ENCODING_MALFORMED', 'A map key may not be "__proto__".');
        }
        s.flaw ??= 'a "__proto__" key does not decode as a key';
        scanItem(s, depth + 1, true);
      }
      return;
    }
    case 6:
      throw malformed(s, 'tags are not allowed');
    default: {
      if (first >= 0xf4 && first <= 0xf6) return; // false, true, null
      if (first < 0xf9 || first > 0xfb) throw malformed(s, first === 0xf7 ? 'undefined is not allowed' : 'only the simple values false, true and null are allowed');
      const size = 1 << (first - 0xf8);
      if (s.pos + size > b.length) throw truncated(s);
      const view = new DataView(b.buffer, b.byteOffset + s.pos, size);
      const x = size === 2 ? half(view.getUint16(0)) : size === 4 ? view.getFloat32(0) : view.getFloat64(0);
      s.pos += size;
      // cborg refuses NaN and the infinities; an integer in float form re-encoded as the integer.
      if (!Number.isFinite(x) || !(Number.isSafeInteger(x) || dropped)) throw malformed(s, 'floating-point numbers are not allowed');
      s.flaw ??= 'an integer is written as a float';
    }
  }
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
  const s: Scan = { b: bytes, pos: 0, flaw: undefined };
  scanItem(s, 0);
  if (s.pos !== bytes.length) throw malformed(s, 'bytes follow the value');
  if (s.flaw === undefined) return build({ b: asPlainBytes(bytes), pos: 0 });
  // Bad input only: cborg decides between the two refusals. A repeated key (noted above as out
  // of order, or found equal once its text is decoded) is malformed; anything else, non-canonical.
  try {
    cborDecode(bytes, decodeOptions);
  } catch (e) {
    throw new CreditChainError('ENCODING_MALFORMED', `The bytes are not valid CBOR: ${(e as Error).message}`);
  }
  throw new CreditChainError('ENCODING_NON_CANONICAL', `The bytes decode, but are not the canonical (RFC 8949 §4.2.1) encoding of their value: ${s.flaw}.`, { flaw: s.flaw });
}

// ---- building the value ----
//
// Bytes the pass above found canonical are built here in a second walk that checks nothing:
// every head is minimal, every length fits, the text is well-formed UTF-8 without a byte order
// mark, and the keys are text in strictly increasing order (so none repeats and none is
// "__proto__"). Until session 31 cborg built the value, a token object for every item first and
// every text a character at a time: most of decoding's time, and the largest single share of what
// a transaction allocated on the node's main thread (docs/performance.md, session 31). The value is the one cborg gave (canonical.test.ts checks it against cborg for every
// value it generates): integers as numbers, as bigints past the safe range; byte strings as
// Uint8Arrays of their own (never views of the input, which may be a reused buffer); maps as
// plain objects.

interface Walk {
  readonly b: Uint8Array;
  pos: number;
}

/** A Buffer's own Uint8Array view: `slice` on a Buffer would give a view, not a copy. */
function asPlainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// Short ASCII text — every map key, and values such as a chain id, a module, an action, an
// algorithm or a role — is taken from a small table of texts met before, when the bytes match
// the one in their slot: the same few dozen texts come back in every transaction and every
// account, and making each again was most of the building's time and allocation. A slot holds
// the last text that hashed to it; which text sits where changes no value.
const SHORT_TEXT = 32;
const SLOTS = 4096;
const seen: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

function textAt(b: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > SHORT_TEXT) return utf8Decoder.decode(b.subarray(start, end));
  const slot = fnv1a(b, start, end) % SLOTS;
  // Only ASCII texts are kept, so bytes equal to one are ASCII.
  const known = seen[slot];
  if (known !== undefined && known.length === n) {
    let i = 0;
    while (i < n && known.charCodeAt(i) === b[start + i]) i++;
    if (i === n) return known;
  }
  for (let i = start; i < end; i++) if (b[i]! >= 0x80) return utf8Decoder.decode(b.subarray(start, end));
  const made = String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
  seen[slot] = made;
  return made;
}

/** The argument of a head already checked minimal, as a number (exact below 2^53; see `uint64`). */
function length(w: Walk, info: number): number {
  if (info < 24) return info;
  const { b } = w;
  const size = 1 << (info - 24);
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + b[w.pos + i]!;
  w.pos += size;
  return n;
}

/** An 8-byte integer head's argument exactly: a number when safe, else a bigint. */
function uint64(w: Walk): number | bigint {
  const { b, pos } = w;
  const hi = ((b[pos]! << 24) | (b[pos + 1]! << 16) | (b[pos + 2]! << 8) | b[pos + 3]!) >>> 0;
  const lo = ((b[pos + 4]! << 24) | (b[pos + 5]! << 16) | (b[pos + 6]! << 8) | b[pos + 7]!) >>> 0;
  w.pos += 8;
  // 2^53 − 1 is the largest safe integer: hi below 2^21 keeps the value below 2^53.
  return hi < 0x200000 ? hi * 0x100000000 + lo : (BigInt(hi) << 32n) + BigInt(lo);
}

function build(w: Walk): CborValue {
  const { b } = w;
  const first = b[w.pos++]!;
  const info = first & 31;
  switch (first >> 5) {
    case 0:
      return info === 27 ? uint64(w) : length(w, info);
    case 1: {
      if (info !== 27) return -1 - length(w, info);
      const n = uint64(w);
      // As cborg: a number while −1 − n is safe, else a bigint.
      return typeof n === 'number' && n < Number.MAX_SAFE_INTEGER ? -1 - n : -1n - BigInt(n);
    }
    case 2: {
      const n = length(w, info);
      const start = w.pos;
      w.pos += n;
      return b.slice(start, w.pos);
    }
    case 3: {
      const n = length(w, info);
      const start = w.pos;
      w.pos += n;
      return textAt(b, start, w.pos);
    }
    case 4: {
      const n = length(w, info);
      const out = new Array<CborValue>(n);
      for (let i = 0; i < n; i++) out[i] = build(w);
      return out;
    }
    case 5: {
      const n = length(w, info);
      const out: Record<string, CborValue> = {};
      for (let i = 0; i < n; i++) {
        const keyInfo = b[w.pos++]! & 31;
        const k = length(w, keyInfo);
        const start = w.pos;
        w.pos += k;
        out[textAt(b, start, w.pos)] = build(w);
      }
      return out;
    }
    default:
      // Only false, true and null pass the check: no floats, tags or other simple values.
      return first === 0xf5 ? true : first === 0xf4 ? false : null;
  }
}
