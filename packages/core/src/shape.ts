// Checks the shape of decoded canonical values. Decoding proves the bytes are canonical CBOR;
// these checks prove the value is the record we expect: every required field present with its
// type, no unknown field. Each failure says which field, in a sentence.
import type { CborValue } from './canonical.js';
import { CreditChainError } from './errors.js';

export type CborMap = { readonly [key: string]: CborValue };

function bad(what: string, message: string): never {
  throw new CreditChainError('ENCODING_BAD_SHAPE', `${what}: ${message}`, { field: what });
}

/** A map with exactly the allowed keys (required ones present). */
export function readMap(value: CborValue | undefined, what: string, required: readonly string[], optional: readonly string[] = []): CborMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    bad(what, 'expected a map');
  }
  const map = value as CborMap;
  for (const key of required) {
    if (!Object.hasOwn(map, key)) bad(`${what}.${key}`, 'is missing');
  }
  for (const key of Object.keys(map)) {
    if (!required.includes(key) && !optional.includes(key)) bad(`${what}.${key}`, 'is not a known field');
  }
  return map;
}

export function readUint(value: CborValue | undefined, what: string, max: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) bad(what, 'expected a non-negative integer');
  if (value > max) bad(what, `must be at most ${max}`);
  return value;
}

export function readBytes(value: CborValue | undefined, what: string, length?: number, maxLength?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) bad(what, 'expected bytes');
  if (length !== undefined && value.length !== length) bad(what, `expected ${length} bytes, got ${value.length}`);
  if (maxLength !== undefined && value.length > maxLength) bad(what, `must be at most ${maxLength} bytes`);
  return value;
}

export function readString(value: CborValue | undefined, what: string, maxLength: number, pattern?: RegExp): string {
  if (typeof value !== 'string') bad(what, 'expected text');
  if (value.length > maxLength) bad(what, `must be at most ${maxLength} characters`);
  if (pattern !== undefined && !pattern.test(value)) bad(what, `does not match ${pattern.source}`);
  return value;
}

export function readArray(value: CborValue | undefined, what: string, maxLength: number): readonly CborValue[] {
  if (!Array.isArray(value)) bad(what, 'expected an array');
  if (value.length > maxLength) bad(what, `holds ${value.length} items; at most ${maxLength} are allowed`);
  return value;
}

/** Reads a format version field and refuses versions this code does not know. */
export function readVersion(value: CborValue | undefined, what: string, expected: number): number {
  const v = readUint(value, what);
  if (v !== expected) bad(what, `version ${v} is not supported; this node reads version ${expected}`);
  return v;
}

/** A signed integer within [min, max]. */
export function readInt(value: CborValue | undefined, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) bad(what, 'expected an integer');
  if (value < min || value > max) bad(what, `must be from ${min} to ${max}`);
  return value;
}

export function readBool(value: CborValue | undefined, what: string): boolean {
  if (typeof value !== 'boolean') bad(what, 'expected true or false');
  return value;
}

/** One of a fixed list of text values. */
export function readEnum<T extends string>(value: CborValue | undefined, what: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) bad(what, `must be one of ${allowed.join(', ')}`);
  return value as T;
}
