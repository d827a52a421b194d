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
      records.set(hashes.subarray(h, h + HASH_LENGTH), at);
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
const WORDS = RECORD / 4;

/**
 * `records` sorted, in a new buffer. A counting sort by the first 16 bits orders the records'
 * numbers by bucket, each bucket's numbers are then sorted on their own, and the records are
 * copied once, 11 words each, in that order. Hashes are random, so buckets hold a handful of
 * records; a client may choose hashes that share their first bits, so a large bucket is sorted
 * in O(n log n), never by insertion.
 */
export function sortRecords(records: Uint8Array): Uint8Array {
  const count = records.length / RECORD;
  const starts = new Uint32Array(BUCKETS + 1);
  for (let i = 0, at = 0; i < count; i++, at += RECORD) starts[((records[at]! << 8) | records[at + 1]!) + 1]!++;
  for (let b = 1; b <= BUCKETS; b++) starts[b]! += starts[b - 1]!;
  const order = new Uint32Array(count);
  const next = starts.slice(0, BUCKETS);
  for (let i = 0, at = 0; i < count; i++, at += RECORD) order[next[(records[at]! << 8) | records[at + 1]!]!++] = i;
  for (let b = 0; b < BUCKETS; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (to - from < 2) continue;
    if (to - from <= INSERTION_MAX) {
      for (let i = from + 1; i < to; i++) {
        const r = order[i]!;
        let j = i;
        while (j > from && compareRecords(records, order[j - 1]!, records, r) > 0) {
          order[j] = order[j - 1]!;
          j--;
        }
        order[j] = r;
      }
    } else {
      order.set(Array.from(order.subarray(from, to)).sort((x, y) => compareRecords(records, x, records, y)), from);
    }
  }
  const out = new Uint8Array(records.length);
  if (records.byteOffset % 4 === 0) {
    // Whole words: a record is 44 bytes, and a buffer of our own starts on a word.
    const src = new Uint32Array(records.buffer, records.byteOffset, count * WORDS);
    const dst = new Uint32Array(out.buffer, 0, count * WORDS);
    for (let k = 0; k < count; k++) {
      const from = order[k]! * WORDS;
      const to = k * WORDS;
      for (let w = 0; w < WORDS; w++) dst[to + w] = src[from + w]!;
    }
  } else {
    for (let k = 0; k < count; k++) out.set(records.subarray(order[k]! * RECORD, (order[k]! + 1) * RECORD), k * RECORD);
  }
  return out;
}
