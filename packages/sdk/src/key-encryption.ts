// Key files encrypted with a passphrase, for keys kept on disk outside dev mode:
//   {"type": "creditchain/key", "suite", "account"?, "publicKey",
//    "encrypted": {"kdf": "scrypt", "n", "r", "p", "salt", "cipher": "aes-256-gcm", "nonce", "ciphertext"}}
// The private key (the seed) is sealed with AES-256-GCM under a key derived from the passphrase
// by scrypt (RFC 7914; N = 2^17, r = 8, p = 1, OWASP's recommendation), with the public key as
// associated data, so a sealed seed cannot be moved under another public key. @noble/hashes and
// @noble/ciphers (audited, no dependencies) do both, the same in Node and in the browser, so the
// web console opens these files too.
import { gcm } from '@noble/ciphers/aes.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { CreditChainError, fromHex, toHex, utf8 } from '@creditchain/core';

export interface KeySealing {
  readonly kdf: 'scrypt';
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly salt: string;
  readonly cipher: 'aes-256-gcm';
  readonly nonce: string;
  readonly ciphertext: string;
}

export const KEY_SCRYPT = { n: 2 ** 17, r: 8, p: 1 } as const;
/** The costliest parameters a file may ask for: more would let a file make its reader hang or run out of memory. */
const MAX_N = 2 ** 20;
const MIN_PASSPHRASE = 8;

function deriveKey(passphrase: string, salt: Uint8Array, n: number, r: number, p: number): Uint8Array {
  return scrypt(utf8(passphrase.normalize('NFC')), salt, { N: n, r, p, dkLen: 32, maxmem: 128 * n * r * p + 1024 * 1024 });
}

/** Seals a seed under a passphrase (at least 8 characters). `cost` lowers scrypt's N for tests only. */
export function sealSeed(seed: Uint8Array, publicKey: Uint8Array, passphrase: string, cost: { n?: number } = {}): KeySealing {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new CreditChainError('KEY_PASSPHRASE_WEAK', `A key file's passphrase has at least ${MIN_PASSPHRASE} characters.`);
  }
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const n = cost.n ?? KEY_SCRYPT.n;
  const key = deriveKey(passphrase, salt, n, KEY_SCRYPT.r, KEY_SCRYPT.p);
  const ciphertext = gcm(key, nonce, publicKey).encrypt(seed);
  return { kdf: 'scrypt', n, r: KEY_SCRYPT.r, p: KEY_SCRYPT.p, salt: toHex(salt), cipher: 'aes-256-gcm', nonce: toHex(nonce), ciphertext: toHex(ciphertext) };
}

/** Opens a sealed seed; a wrong passphrase (or a changed file) is KEY_BAD_PASSPHRASE. */
export function openSeed(s: KeySealing, publicKey: Uint8Array, passphrase: string): Uint8Array {
  const bad = (why: string): never => {
    throw new CreditChainError('CRYPTO_BAD_KEY', `The encrypted key file is not well formed: ${why}.`);
  };
  if (typeof s !== 'object' || s === null || s.kdf !== 'scrypt' || s.cipher !== 'aes-256-gcm') bad('it must name scrypt and aes-256-gcm');
  for (const k of ['n', 'r', 'p'] as const) if (!Number.isSafeInteger(s[k]) || s[k] < 1) bad(`${k} must be a positive integer`);
  if (s.n > MAX_N || (s.n & (s.n - 1)) !== 0 || s.r > 32 || s.p > 16) bad(`its scrypt cost (N ${s.n}, r ${s.r}, p ${s.p}) is not a power of two up to 2^20 with r ≤ 32, p ≤ 16`);
  let salt: Uint8Array;
  let nonce: Uint8Array;
  let ciphertext: Uint8Array;
  try {
    salt = fromHex(String(s.salt));
    nonce = fromHex(String(s.nonce), 12);
    ciphertext = fromHex(String(s.ciphertext));
  } catch {
    return bad('its salt, nonce and ciphertext must be hex');
  }
  const key = deriveKey(passphrase, salt, s.n, s.r, s.p);
  try {
    return gcm(key, nonce, publicKey).decrypt(ciphertext);
  } catch {
    throw new CreditChainError('KEY_BAD_PASSPHRASE', 'The passphrase does not open this key file (or the file was changed).');
  }
}
