// The anchor index's records and their order, without I/O (anchor-index.ts keeps them in files).
//
// A record is hash ‖ u64 log index ‖ u32 position, 44 bytes, and records sort by their bytes: by
// hash, then by where the hash was anchored, so a hash's first record is its first anchoring.
import { HASH_LENGTH } from '@creditchain/ledger';
import { readU32, readU64, writeU32, writeU64 } from './big-endian.js';

export const RECORD = HASH_LENGTH + 8 + 4;

export interface AnchorRef {
  readonly logIndex: number;
  readonly position: number;
}

/** The hashes of one anchor transaction that committed "ok", packed in batch order (32 bytes each). */
export interface AnchoredBatch {
  readonly logIndex: number;
  readonly hashes: Uint8Array;
}

/** Records i of `a` and j of `b` compared by their bytes. */
export function compareRecords(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  const x = i * RECORD;
  const y = j * RECORD;
  for (let k = 0; k < RECORD; k++) {
    const d = a[x + k]! - b[y + k]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Record i's hash compared with `hash`. */
export function compareHash(records: Uint8Array, i: number, hash: Uint8Array): number {
  const x = i * RECORD;
  for (let k = 0; k < HASH_LENGTH; k++) {
    const d = records[x + k]! - hash[k]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** The first record of sorted `records` whose hash is not below `hash` (its count if none). */
export function lowerBound(records: Uint8Array, hash: Uint8Array): number {
  let lo = 0;
  let hi = records.length / RECORD;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareHash(records, mid, hash) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function refAt(records: Uint8Array, i: number): AnchorRef {
  return { logIndex: readU64(records, i * RECORD + HASH_LENGTH), position: readU32(records, i * RECORD + HASH_LENGTH + 8) };
}

/** Where `hash` was first anchored among sorted `records`, if it is there. */
export function firstIn(records: Uint8Array, hash: Uint8Array): AnchorRef | undefined {
  const i = lowerBound(records, hash);
  return i < records.length / RECORD && compareHash(records, i, hash) === 0 ? refAt(records, i) : undefined;
}

/** The earlier of two anchorings. */
export function earlier(a: AnchorRef | undefined, b: AnchorRef | undefined): AnchorRef | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.logIndex < b.logIndex || (a.logIndex === b.logIndex && a.position < b.position) ? a : b;
}

/** The records of the anchorings in `batches`, in batch order. */
export function recordsOf(batches: readonly AnchoredBatch[]): Uint8Array {
  let count = 0;
  for (const b of batches) count += b.hashes.length / HASH_LENGTH;
  const records = new Uint8Array(count * RECORD);
  let at = 0;
  for (const { hashes, logIndex } of batches) {
    for (let h = 0, position = 0; h < hashes.length; h += HASH_LENGTH, position++, at += RECORD) {
      // A byte loop: a subarray to set() from was a new object a hash, on the main thread.
      for (let b = 0; b < HASH_LENGTH; b++) records[at + b] = hashes[h + b]!;
      writeU64(records, at + HASH_LENGTH, logIndex);
      writeU32(records, at + HASH_LENGTH + 8, position);
    }
  }
  return records;
}

/** The values of a record's first 16 bits: the buckets of sortRecords' first pass. */
const BUCKETS = 1 << 16;
/** Buckets up to this size are sorted by insertion; larger ones by the engine's sort (O(n log n)). */
const INSERTION_MAX = 16;
/** A record in 32-bit words: records are moved a word at a time, never through a subarray. */
export const WORDS = RECORD / 4;

const bucketOf = (records: Uint8Array, at: number) => (records[at]! << 8) | records[at + 1]!;
/** The 32-bit words of `bytes`, which must start on a word boundary. */
export const wordsOf = (bytes: Uint8Array) => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);

/**
 * The records of `chunks` together, sorted, in a new buffer. A counting sort by the first 16 bits
 * moves each record once, 11 words, straight to its bucket's place in the output; each bucket,
 * a handful of neighbouring records since hashes are random, is then sorted where it lies.
 * Why not sort numbers and copy the records in that order (session 29): every comparison and
 * the final copy then read a record at random in 11 MB, a cache miss each, ≈ 0.3–0.4 µs a
 * record against ≈ 0.13–0.18 this way (256 Ki random records, this machine). A client may choose
 * hashes that share their first bits, so a large bucket is sorted in O(n log n), never by insertion.
 */
export function sortRecords(chunks: readonly Uint8Array[]): Uint8Array {
  // Word access needs each chunk on a word boundary; recordsOf's and a run's buffers are.
  const parts = chunks.map((c) => (c.byteOffset % 4 === 0 ? c : c.slice()));
  const total = parts.reduce((n, c) => n + c.length, 0);
  const starts = new Uint32Array(BUCKETS + 1);
  for (const c of parts) for (let at = 0; at < c.length; at += RECORD) starts[bucketOf(c, at) + 1]!++;
  for (let b = 1; b <= BUCKETS; b++) starts[b]! += starts[b - 1]!;
  const next = starts.slice(0, BUCKETS);
  const out = new Uint8Array(total);
  const dst = wordsOf(out);
  for (const c of parts) {
    const src = wordsOf(c);
    for (let at = 0, from = 0; at < c.length; at += RECORD, from += WORDS) {
      const to = next[bucketOf(c, at)]!++ * WORDS;
      for (let w = 0; w < WORDS; w++) dst[to + w] = src[from + w]!;
    }
  }
  const held = new Uint32Array(WORDS);
  const heldBytes = new Uint8Array(held.buffer);
  for (let b = 0; b < BUCKETS; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (to - from < 2) continue;
    if (to - from > INSERTION_MAX) {
      sortLargeBucket(out, from, to);
      continue;
    }
    for (let i = from + 1; i < to; i++) {
      if (compareRecords(out, i - 1, out, i) <= 0) continue;
      for (let w = 0; w < WORDS; w++) held[w] = dst[i * WORDS + w]!;
      let j = i;
      for (; j > from && compareRecords(out, j - 1, heldBytes, 0) > 0; j--) {
        for (let w = 0; w < WORDS; w++) dst[j * WORDS + w] = dst[(j - 1) * WORDS + w]!;
      }
      for (let w = 0; w < WORDS; w++) dst[j * WORDS + w] = held[w]!;
    }
  }
  return out;
}

/** Records [from, to) of `out` sorted in place: numbers by the engine's sort, then one copy back. */
function sortLargeBucket(out: Uint8Array, from: number, to: number): void {
  const copy = out.slice(from * RECORD, to * RECORD);
  const order = Array.from({ length: to - from }, (_, i) => i).sort((x, y) => compareRecords(copy, x, copy, y));
  const src = wordsOf(copy);
  const dst = wordsOf(out);
  order.forEach((r, k) => {
    for (let w = 0; w < WORDS; w++) dst[(from + k) * WORDS + w] = src[r * WORDS + w]!;
  });
}
