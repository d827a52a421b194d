// Decoded state values kept by their exact bytes. The same state entries are decoded again and
// again — an organisation for every transaction of its accounts, an account at admission and once
// more at execution — and decoding canonical CBOR is most of a transaction's cost on the node's
// main thread. A decoding is a pure function of the bytes, so keeping it changes no outcome; the
// values kept are frozen, so no caller can change what another one is given.
import { equalBytes, fnv1a } from '@creditchain/core';

/** Bytes longer than this are decoded every time (finding them costs as much). */
const MAX_MEMO_BYTES = 1024;

/**
 * `decode`, remembering values in a table of `slots` (a power of two): the bytes' hash picks a
 * slot, which holds the last bytes that hashed to it and their value. Finding a value reads the
 * bytes twice (to hash them, to compare them) and allocates nothing: a Map keyed by the bytes as
 * text cost a string of their length each time, most of a hit's cost (session 31).
 */
export function memoDecode<T extends object>(decode: (bytes: Uint8Array) => T, slots = 8192): (bytes: Uint8Array) => T {
  if (!Number.isInteger(Math.log2(slots))) throw new RangeError(`memoDecode: ${slots} slots is not a power of two.`);
  const keys: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(slots).fill(undefined);
  const values: (T | undefined)[] = new Array<T | undefined>(slots).fill(undefined);
  return (bytes) => {
    if (bytes.length > MAX_MEMO_BYTES) return decode(bytes);
    const slot = fnv1a(bytes) & (slots - 1);
    const known = keys[slot];
    if (known !== undefined && equalBytes(known, bytes)) return values[slot]!;
    const value = freezeShallow(decode(bytes));
    keys[slot] = Uint8Array.from(bytes);
    values[slot] = value;
    return value;
  };
}

/** Freezes a value and the arrays and plain objects it holds (not its byte strings). */
function freezeShallow<T extends object>(value: T): T {
  for (const v of Object.values(value)) {
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object' && !(item instanceof Uint8Array)) Object.freeze(item);
      Object.freeze(v);
    }
  }
  return Object.freeze(value);
}
