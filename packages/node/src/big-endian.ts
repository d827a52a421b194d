// Unsigned big-endian integers in the node's binary keys and records (transaction locations,
// log-index keys, the anchor index, snapshot records). Written byte by byte: a DataView made per
// key cost more than the rest of an LMDB put (profiled). u64 values are JavaScript numbers, so
// they stay below 2^53, as log indexes and heights do.

export function writeU32(out: Uint8Array, at: number, n: number): void {
  out[at] = n >>> 24;
  out[at + 1] = (n >>> 16) & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = n & 0xff;
}

export function readU32(b: Uint8Array, at = 0): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

export function writeU64(out: Uint8Array, at: number, n: number): void {
  writeU32(out, at, Math.floor(n / 2 ** 32));
  writeU32(out, at + 4, n >>> 0);
}

export function readU64(b: Uint8Array, at = 0): number {
  return readU32(b, at) * 2 ** 32 + readU32(b, at + 4);
}

/** n as 4 new bytes. */
export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  writeU32(b, 0, n);
  return b;
}
