// The values a contract exchanges with the chain — arguments, stored values, results, events —
// are JSON values of integers, strings, booleans, null, arrays and objects, kept on chain as
// canonical CBOR. No floats (the chain has none: DESIGN.md principle 1) and no bytes (hex
// strings instead), so one value has one encoding and one hash on every node.
import { CreditChainError, encodeCanonical, type CborValue } from '@creditchain/core';
import { MAX_VALUE_BYTES, MAX_VALUE_DEPTH } from './limits.js';

function bad(what: string, why: string): never {
  throw new CreditChainError('CONTRACT_BAD_VALUE', `${what} ${why}; contract values are JSON of integers, strings, booleans, null, arrays and objects.`, { what });
}

/** Checks a value parsed from JSON and gives it as a CBOR value. */
export function jsonToCbor(v: unknown, what: string, depth = 0): CborValue {
  if (depth > MAX_VALUE_DEPTH) bad(what, `nests deeper than ${MAX_VALUE_DEPTH}`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) bad(what, `holds the number ${v}, which is not a safe integer`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => jsonToCbor(x, `${what}[${i}]`, depth + 1));
  if (typeof v === 'object') {
    const out: Record<string, CborValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = jsonToCbor(x, `${what}.${k}`, depth + 1);
    return out;
  }
  return bad(what, `holds a ${typeof v}`);
}

/** A CBOR value (from a transaction payload or state) as JSON text for the contract. */
export function cborToJson(v: CborValue, what: string): string {
  const check = (x: CborValue, w: string, depth: number): void => {
    if (depth > MAX_VALUE_DEPTH) bad(w, `nests deeper than ${MAX_VALUE_DEPTH}`);
    if (x instanceof Uint8Array) bad(w, 'holds bytes (give them as a hex string)');
    if (Array.isArray(x)) x.forEach((y, i) => check(y, `${w}[${i}]`, depth + 1));
    else if (x !== null && typeof x === 'object') for (const [k, y] of Object.entries(x)) check(y as CborValue, `${w}.${k}`, depth + 1);
    else if (typeof x === 'bigint') bad(w, 'holds an integer beyond 2^53');
  };
  check(v, what, 0);
  return JSON.stringify(v);
}

/** JSON text from the contract as canonical CBOR bytes, within the size limit. */
export function jsonTextToBytes(text: string, what: string): { value: CborValue; bytes: Uint8Array } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    bad(what, 'is not JSON');
  }
  const value = jsonToCbor(parsed, what);
  const bytes = encodeCanonical(value);
  if (bytes.length > MAX_VALUE_BYTES) {
    throw new CreditChainError('CONTRACT_LIMIT', `${what} is ${bytes.length} bytes encoded; the limit is ${MAX_VALUE_BYTES}.`, { what, bytes: bytes.length });
  }
  return { value, bytes };
}
