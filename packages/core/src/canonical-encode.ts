// Canonical encoding, the writing half (canonical.ts decodes and says what canonical means):
// the canonical bytes of a value in the subset, or ENCODING_MALFORMED saying why it is not.
import { CreditChainError } from './errors.js';
import type { CborValue } from './canonical.js';

const MAX_DEPTH = 32;

// cborg did the encoding until profiles of block execution put encodeCanonical at 15–19% of the
// main thread: log entries, accounts, anchor records, results and result leaves are encoded for
// every transaction, and cborg makes a token of every map entry, sorts them through a comparator
// and gathers its output in chunks, after a first walk that checked the value. This is the hot
// path, so it is written by hand: one walk that checks each value as it writes it, straight into
// a scratch buffer kept between calls (grown when needed), then a copy of exactly the bytes
// written, for the caller to own (`copyOut`). It refuses what that first walk refused, with the
// same codes and sentences, and text starting with U+FEFF besides; when a value has several
// flaws, the one reported may differ, as a map's values are now visited in key order. The tests
// keep cborg (with the old checks and key order) as the reference, and check the bytes and
// refusals agree for every value; cborg still builds the values we decode.

const INITIAL_SCRATCH = 8 * 1024;
/** A scratch buffer grown past this is let go after the call that grew it. */
const KEPT_SCRATCH = 1024 * 1024; // 1 MiB, the largest value decoded by default (MAX_ENCODED_SIZE)
let buf = new Uint8Array(INITIAL_SCRATCH);
let pos = 0;

const refuse = (message: string, details?: Record<string, unknown>) => new CreditChainError('ENCODING_MALFORMED', message, details);

function ensure(n: number): void {
  if (pos + n > buf.length) grow(n);
}

function grow(n: number): void {
  let size = buf.length * 2;
  while (size < pos + n) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(0, pos));
  buf = next;
}

const headSize = (n: number) => (n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x100000000 ? 5 : 9);

/**
 * Writes a head in its shortest form: `major` is the major type already shifted (0x00, 0x20, …),
 * `n` a safe integer ≥ 0. The caller ensures room for 9 bytes. (A typed array keeps the low 8
 * bits of what it is given, so `n >>> 8` is the second byte.)
 */
function writeHead(major: number, n: number): void {
  const b = buf;
  if (n < 24) b[pos++] = major | n;
  else if (n < 0x100) {
    b[pos++] = major | 24;
    b[pos++] = n;
  } else if (n < 0x10000) {
    b[pos++] = major | 25;
    b[pos++] = n >>> 8;
    b[pos++] = n;
  } else if (n < 0x100000000) {
    b[pos++] = major | 26;
    b[pos++] = n >>> 24;
    b[pos++] = n >>> 16;
    b[pos++] = n >>> 8;
    b[pos++] = n;
  } else writeHead64(major, Math.floor(n / 0x100000000), n >>> 0);
}

/** Writes a head with an 8-byte argument, given as its high and low 32 bits. */
function writeHead64(major: number, hi: number, lo: number): void {
  const b = buf;
  b[pos] = major | 27;
  b[pos + 1] = hi >>> 24;
  b[pos + 2] = hi >>> 16;
  b[pos + 3] = hi >>> 8;
  b[pos + 4] = hi;
  b[pos + 5] = lo >>> 24;
  b[pos + 6] = lo >>> 16;
  b[pos + 7] = lo >>> 8;
  b[pos + 8] = lo;
  pos += 9;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function writeBigInt(v: bigint): void {
  // CBOR major types 0 and 1 carry 64 bits; bignum tags are outside the subset.
  if (v > 0xffffffffffffffffn || v < -0x10000000000000000n) throw refuse('Integers must fit in 64 bits.', { value: v.toString() });
  const major = v < 0n ? 0x20 : 0x00;
  const n = v < 0n ? -1n - v : v;
  ensure(9);
  // In the safe range the head is the number's (cborg's too: the shortest head, either way).
  if (n <= MAX_SAFE) writeHead(major, Number(n));
  else writeHead64(major, Number(n >> 32n), Number(n & 0xffffffffn));
}

// Text. A lone surrogate has no UTF-8 form (an encoder would write U+FFFD, giving two strings one
// encoding and one hash), and a decoder's TextDecoder drops a leading U+FEFF: both are refused,
// so that encoding and decoding agree on every text.
const loneSurrogate = () => refuse('Text must be well-formed Unicode; it holds a lone surrogate.');
const byteOrderMark = () => refuse('Text may not begin with U+FEFF (a byte-order mark): it would not decode to the same text.');

/** From this many UTF-16 code units, TextEncoder writes text faster than the loop below (measured). */
const LONG_TEXT = 32;
const utf8Encoder = new TextEncoder();
// String.prototype.isWellFormed is ES2024 (Node 20 has it); our lib is ES2022.
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The length of text in UTF-8, refusing text that would not decode to itself. */
function utf8Length(s: string): number {
  const n = s.length;
  let len = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) len += 1;
    else if ((c & 0xf800) !== 0xd800) len += 2;
    else if (c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++; // a surrogate pair: two code units, four bytes
      len += 2;
    } else throw loneSurrogate();
  }
  if (len !== n && s.charCodeAt(0) === 0xfeff) throw byteOrderMark();
  return len;
}

/** Writes the UTF-8 of text checked by utf8Length, `len` bytes. */
function writeUtf8(s: string, len: number): void {
  ensure(len);
  const n = s.length;
  if (n >= LONG_TEXT) {
    utf8Encoder.encodeInto(s, buf.subarray(pos, pos + len));
    pos += len;
    return;
  }
  const b = buf;
  let p = pos;
  if (len === n) for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
  else {
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) b[p++] = c;
      else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
      } else if ((c & 0xfc00) === 0xd800) {
        c = 0x10000 + ((c & 0x3ff) << 10) + (s.charCodeAt(++i) & 0x3ff);
        b[p++] = 0xf0 | (c >> 18);
        b[p++] = 0x80 | ((c >> 12) & 63);
        b[p++] = 0x80 | ((c >> 6) & 63);
        b[p++] = 0x80 | (c & 63);
      } else {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 63);
        b[p++] = 0x80 | (c & 63);
      }
    }
  }
  pos = p;
}

function writeText(s: string): void {
  const n = s.length;
  if (n < LONG_TEXT) {
    const len = utf8Length(s);
    ensure(9);
    writeHead(0x60, len);
    writeUtf8(s, len);
    return;
  }
  if (!isWellFormed(s)) throw loneSurrogate();
  if (s.charCodeAt(0) === 0xfeff) throw byteOrderMark();
  // The UTF-8 is n to 3n bytes (a code unit takes at most 3, a pair of them 4): room for the
  // longest head, the bytes, then the head, the bytes moved up to it if it came out shorter.
  const h = headSize(3 * n);
  ensure(h + 3 * n);
  const len = utf8Encoder.encodeInto(s, buf.subarray(pos + h, pos + h + 3 * n)).written;
  if (headSize(len) < h) buf.copyWithin(pos + headSize(len), pos + h, pos + h + len);
  writeHead(0x60, len);
  pos += len;
}

function writeBytes(v: Uint8Array): void {
  const n = v.length;
  ensure(9 + n);
  writeHead(0x40, n);
  buf.set(v, pos);
  pos += n;
}

// Map keys. RFC 8949 §4.2.1 orders them by the bytewise order of their encodings; a text key's
// encoding is a head that grows with its UTF-8 length, then the UTF-8: so the order is "shorter
// UTF-8 first, then bytewise". It is not the order Object.keys gives (insertion order, but
// integer-like keys such as "2" and "10" first, in numeric order), so keys are always sorted.

/** Order of ASCII keys: shorter first, then `<`, which compares code units — here, the bytes. */
const asciiOrder = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Bytewise order of the UTF-8 of two well-formed texts, which is their code point order. `<`
 * compares UTF-16 code units, which puts U+10000 and above (surrogates, D800–DFFF) before
 * U+E000–U+FFFF: moving the surrogates up past FFFF at the first difference gives code point order.
 */
function codePointOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

function writeMap(map: Record<string, unknown>, depth: number): void {
  // An own "__proto__" key encodes, but decoding assigns it as the prototype instead: the value
  // would never come back. Refuse it both ways (decoding: in scanItem).
  if (Object.hasOwn(map, '__proto__')) throw refuse('A map key may not be "__proto__".');
  const keys = Object.keys(map);
  const n = keys.length;
  ensure(9);
  writeHead(0xa0, n);
  // Keys are checked in the order Object.keys gives, before any value. Usually all are ASCII:
  // their UTF-8 length is their length, and small maps are sorted in place, without calls.
  let ascii = 0;
  while (ascii < n && utf8Length(keys[ascii]!) === keys[ascii]!.length) ascii++;
  if (ascii === n) {
    if (n > 16) keys.sort(asciiOrder);
    else {
      for (let i = 1; i < n; i++) {
        const k = keys[i]!;
        let j = i - 1;
        for (; j >= 0 && asciiOrder(keys[j]!, k) > 0; j--) keys[j + 1] = keys[j]!;
        keys[j + 1] = k;
      }
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      ensure(9);
      writeHead(0x60, k.length);
      writeUtf8(k, k.length);
      writeItem(map[k], depth + 1);
    }
    return;
  }
  const lengths = keys.map((k) => utf8Length(k));
  const order = keys.map((_, i) => i).sort((i, j) => lengths[i]! - lengths[j]! || codePointOrder(keys[i]!, keys[j]!));
  for (const i of order) {
    ensure(9);
    writeHead(0x60, lengths[i]!);
    writeUtf8(keys[i]!, lengths[i]!);
    writeItem(map[keys[i]!], depth + 1);
  }
}

function writeItem(v: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw refuse(`The value nests deeper than ${MAX_DEPTH} levels.`);
  switch (typeof v) {
    case 'string':
      writeText(v);
      return;
    case 'number':
      if (!Number.isSafeInteger(v)) throw refuse('Only integers can be encoded; floating-point numbers are not allowed.', { value: v });
      ensure(9);
      if (v >= 0) writeHead(0x00, v);
      else writeHead(0x20, -1 - v);
      return;
    case 'bigint':
      writeBigInt(v);
      return;
    case 'boolean':
      ensure(1);
      buf[pos++] = v ? 0xf5 : 0xf4;
      return;
    case 'object':
      if (v === null) {
        ensure(1);
        buf[pos++] = 0xf6;
        return;
      }
      if (v instanceof Uint8Array) {
        writeBytes(v);
        return;
      }
      if (Array.isArray(v)) {
        const n = v.length;
        ensure(9);
        writeHead(0x80, n);
        for (let i = 0; i < n; i++) writeItem(v[i], depth + 1);
        return;
      }
      if (Object.getPrototypeOf(v) === Object.prototype) {
        writeMap(v as Record<string, unknown>, depth);
        return;
      }
  }
  throw refuse(`A value of type ${typeof v} cannot be encoded canonically.`);
}

// The copy handed back. V8 takes 1–2 µs to allocate an ArrayBuffer of more than 64 bytes (smaller
// ones live on its heap) — more than encoding a log entry or an account takes — so results from
// 65 bytes to 4 KiB are copied into a shared 8 KiB slab, as Node's Buffer.allocUnsafe does with
// its pool (cborg's results were mostly views of that pool): each result's bytes are its own and
// nothing else writes them, but its `.buffer` is the slab.
const SLAB_SIZE = 8 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

function copyOut(start: number, end: number): Uint8Array {
  const n = end - start;
  if (n <= 64 || n >= SLAB_SIZE / 2) return buf.slice(start, end);
  if (slabUsed + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  slab.set(buf.subarray(start, end), slabUsed);
  const out = new Uint8Array(slab.buffer, slabUsed, n);
  slabUsed += n;
  return out;
}

/** The canonical bytes of a value, which the caller owns. */
export function encodeCanonical(value: CborValue): Uint8Array {
  // Written after what is in the scratch buffer (nothing, unless a getter in `value` encodes
  // something itself), which is left as it was however the call ends.
  const start = pos;
  try {
    writeItem(value, 0);
    return copyOut(start, pos);
  } finally {
    pos = start;
    if (start === 0 && buf.length > KEPT_SCRATCH) buf = new Uint8Array(INITIAL_SCRATCH);
  }
}
