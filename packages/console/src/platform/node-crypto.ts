// The part of node:crypto that @creditchain/core uses, for the browser. The console's bundler
// puts this module in place of `node:crypto` (vite.config.ts), so the SDK's own offline
// verifiers — not a copy of them — run in the page.
//
// What core calls: `hash('sha256' | 'sm3', data, 'binary')` (one-shot-digest.ts; 'buffer' too),
// `createHmac('sha256' | 'sm3', key)` (subject-id.ts, sm3.ts), and Ed25519 through KeyObjects:
// `createPublicKey` from a JWK (OKP, Ed25519) or from a private key, `createPrivateKey` from
// PKCS#8 DER,
// `sign(null, …)` and `verify(null, …)` (ed25519.ts). Anything else throws, so a new use in core
// shows up as a clear error instead of a wrong result.
//
// Ed25519 verification must say what OpenSSL says, or the console would accept a signature the
// nodes refuse: strict RFC 8032 as OpenSSL does it — S < L, and the cofactorless equation by
// recomputing R' = [S]B − [k]A and comparing its encoding with the signature's R bytes. noble's
// own `verify` uses the cofactored equation, so it is not used for verification here.
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, equalBytes } from '@noble/curves/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sm3 } from './sm3.js';

const HASHES = { sha256, sm3 } as const;
type HashName = keyof typeof HASHES;

function hashFn(name: string) {
  const fn = (HASHES as Record<string, (typeof HASHES)[HashName] | undefined>)[name];
  if (fn === undefined) throw new Error(`node:crypto in the browser: the hash "${name}" is not provided (only ${Object.keys(HASHES).join(', ')}).`);
  return fn;
}

export function hash(algorithm: string, data: Uint8Array, outputEncoding: 'binary'): string;
export function hash(algorithm: string, data: Uint8Array, outputEncoding: 'buffer'): Uint8Array;
export function hash(algorithm: string, data: Uint8Array, outputEncoding?: string): Uint8Array | string {
  const digest = hashFn(algorithm)(data);
  if (outputEncoding === 'buffer') return digest;
  // Core asks for 'binary' (latin1): one char a byte (one-shot-digest.ts says why).
  if (outputEncoding === 'binary') return String.fromCharCode(...digest);
  throw new Error('node:crypto in the browser: hash() answers bytes ("buffer") or a latin1 string ("binary") only.');
}

export function createHmac(algorithm: string, key: Uint8Array) {
  const mac = hmac.create(hashFn(algorithm), key);
  return {
    update(part: Uint8Array) {
      mac.update(part);
      return this;
    },
    digest(): Uint8Array {
      return mac.digest();
    },
  };
}

// Ed25519 keys as core builds them: a fixed DER prefix, then the 32 key bytes.
const SPKI_ED25519 = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8_ED25519 = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

export class KeyObject {
  private constructor(
    readonly type: 'public' | 'private',
    /** The public key, or the private key's 32-byte seed. */
    readonly raw: Uint8Array,
  ) {}

  static of(type: 'public' | 'private', raw: Uint8Array): KeyObject {
    return new KeyObject(type, raw);
  }

  export(options: { format: string; type: string }): Uint8Array {
    if (this.type !== 'public' || options.format !== 'der' || options.type !== 'spki') throw new Error('node:crypto in the browser: only a public key exports, as SPKI DER.');
    const out = new Uint8Array(SPKI_ED25519.length + 32);
    out.set(SPKI_ED25519);
    out.set(this.raw, SPKI_ED25519.length);
    return out;
  }
}

function derBody(der: Uint8Array, prefix: Uint8Array, what: string): Uint8Array {
  if (der.length !== prefix.length + 32 || !equalBytes(der.subarray(0, prefix.length), prefix)) throw new Error(`node:crypto in the browser: not an Ed25519 ${what} key.`);
  return der.slice(prefix.length);
}

type Jwk = { kty: string; crv: string; x: string };

function jwkBody(jwk: Jwk): Uint8Array {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !/^[A-Za-z0-9_-]{43}$/.test(jwk.x)) throw new Error('node:crypto in the browser: not an Ed25519 public JWK.');
  return Uint8Array.from(atob(jwk.x.replace(/-/g, '+').replace(/_/g, '/') + '='), (c) => c.charCodeAt(0));
}

export function createPublicKey(input: KeyObject | { key: Jwk; format: string }): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw new Error('node:crypto in the browser: createPublicKey takes a private key or a JWK.');
    return KeyObject.of('public', ed25519.getPublicKey(input.raw));
  }
  if (input.format !== 'jwk') throw new Error('node:crypto in the browser: public keys come as a JWK.');
  const raw = jwkBody(input.key);
  // Like OpenSSL, refuse bytes that are no point of the curve (the permissive decoding: core
  // checks canonical encoding itself, before it gets here).
  ed25519.Point.fromBytes(raw, true);
  return KeyObject.of('public', raw);
}

export function createPrivateKey(input: { key: Uint8Array; format: string; type: string }): KeyObject {
  if (input.format !== 'der' || input.type !== 'pkcs8') throw new Error('node:crypto in the browser: private keys come as PKCS#8 DER.');
  return KeyObject.of('private', derBody(input.key, PKCS8_ED25519, 'private'));
}

export function sign(algorithm: null, message: Uint8Array, key: KeyObject): Uint8Array {
  if (algorithm !== null || key.type !== 'private') throw new Error('node:crypto in the browser: sign(null, message, Ed25519 private key) only.');
  return ed25519.sign(message, key.raw);
}

const { Point } = ed25519;
const L = Point.Fn.ORDER;

export function verify(algorithm: null, message: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  if (algorithm !== null || key.type !== 'public') throw new Error('node:crypto in the browser: verify(null, message, Ed25519 public key, signature) only.');
  if (signature.length !== 64) return false;
  const r = signature.subarray(0, 32);
  const s = bytesToNumberLE(signature.subarray(32));
  if (s >= L) return false;
  let A: InstanceType<typeof Point>;
  try {
    A = Point.fromBytes(key.raw, true);
  } catch {
    return false;
  }
  const input = new Uint8Array(64 + message.length);
  input.set(r);
  input.set(key.raw, 32);
  input.set(message, 64);
  const k = Point.Fn.create(bytesToNumberLE(sha512(input)));
  const rCheck = Point.BASE.multiplyUnsafe(s).subtract(A.multiplyUnsafe(k));
  return equalBytes(rCheck.toBytes(), r);
}

export default { hash, createHmac, createPublicKey, createPrivateKey, sign, verify, KeyObject };
