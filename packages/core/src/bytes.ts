// Bytes are bytes inside (Uint8Array); hex and base64 exist only at the edges: API, CLI, files.
import { CreditChainError } from './errors.js';

const HEX_RE = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes of a lowercase hex string; throws ENCODING_BAD_HEX on anything else. */
export function fromHex(hex: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string' || !HEX_RE.test(hex)) {
    throw new CreditChainError('ENCODING_BAD_HEX', 'The value is not lowercase hexadecimal with an even number of digits.', { value: String(hex).slice(0, 80) });
  }
  if (expectedLength !== undefined && hex.length !== expectedLength * 2) {
    throw new CreditChainError('ENCODING_BAD_HEX', `The value must be ${expectedLength} bytes (${expectedLength * 2} hex digits), not ${hex.length / 2}.`, { expectedLength });
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes of standard padded base64; throws ENCODING_BAD_BASE64 on anything else. */
export function fromBase64(b64: string): Uint8Array {
  if (typeof b64 !== 'string' || !B64_RE.test(b64)) {
    throw new CreditChainError('ENCODING_BAD_BASE64', 'The value is not standard padded base64.', { value: String(b64).slice(0, 80) });
  }
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * FNV-1a of `bytes[start, end)`, a 32-bit unsigned number: a fast hash for tables of things met
 * before (decoded texts, decoded state values), where a collision costs a comparison, never a
 * wrong answer. Not for anything an adversary's choice of bytes could harm.
 */
export function fnv1a(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** Bytewise lexicographic order, as RFC 8949 §4.2.1 sorts map keys. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array;
}
