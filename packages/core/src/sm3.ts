// SM3 (GM/T 0004-2012, GB/T 32905-2016), the 256-bit hash of the `gm` suite: every tree, id and
// SM2 message digest of a `gm` chain. On node:crypto (OpenSSL), like SHA-256 in crypto-suite.ts.
import { createHmac } from 'node:crypto';
import { oneShotDigest } from './one-shot-digest.js';

/** SM3 digest of the bytes: 32 bytes. */
export function sm3(data: Uint8Array): Uint8Array {
  return oneShotDigest('sm3', data);
}

/** HMAC-SM3 (RFC 2104 with SM3, 64-byte blocks) of the parts, concatenated: 32 bytes. */
export function hmacSm3(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const mac = createHmac('sm3', key);
  for (const part of parts) mac.update(part);
  const digest = mac.digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
