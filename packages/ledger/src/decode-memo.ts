// Decoded state values kept by their exact bytes. The same state entries are decoded again and
// again — an organisation for every transaction of its accounts, an account at admission and once
// more at execution — and decoding canonical CBOR is most of a transaction's cost on the node's
// main thread. A decoding is a pure function of the bytes, so keeping it changes no outcome; the
// values kept are frozen, so no caller can change what another one is given.

/** Bytes longer than this are decoded every time (a key of their length costs as much). */
const MAX_MEMO_BYTES = 1024;

/** `decode`, remembering the last `limit` or so values it gave (all forgotten at once past that). */
export function memoDecode<T extends object>(decode: (bytes: Uint8Array) => T, limit = 8192): (bytes: Uint8Array) => T {
  const memo = new Map<string, T>();
  return (bytes) => {
    if (bytes.length > MAX_MEMO_BYTES) return decode(bytes);
    const key = String.fromCharCode.apply(null, bytes as unknown as number[]);
    let value = memo.get(key);
    if (value === undefined) {
      value = freezeShallow(decode(bytes));
      if (memo.size >= limit) memo.clear();
      memo.set(key, value);
    }
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
