// The browser stand-in for node:crypto must answer exactly what node:crypto answers for every
// call core makes, or the console would verify differently from the nodes.
import * as real from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ed25519 as nobleEd25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import * as shim from './node-crypto.js';

const SPKI = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8 = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const der = (prefix: Uint8Array, raw: Uint8Array) => new Uint8Array([...prefix, ...raw]);
const bytes = (n: number) => new Uint8Array(real.randomBytes(n));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// Public keys as core builds them (ed25519.ts): a JWK of the raw 32 bytes.
const jwk = (pub: Uint8Array) => ({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') });

function realVerify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    return real.verify(null, msg, real.createPublicKey({ key: jwk(pub), format: 'jwk' }), sig);
  } catch {
    return false;
  }
}
function shimVerify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    return shim.verify(null, msg, shim.createPublicKey({ key: jwk(pub), format: 'jwk' }), sig);
  } catch {
    return false;
  }
}

// The sources the console bundles: whatever of Node they import must have a browser stand-in.
function bundledSources(): { file: string; text: string }[] {
  return ['core', 'ledger', 'sdk'].flatMap((pkg) => {
    const dir = new URL(`../../../${pkg}/src/`, import.meta.url);
    return readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => ({ file: `${pkg}/src/${f}`, text: readFileSync(new URL(f, dir), 'utf8') }));
  });
}

describe('node:crypto stand-in for the browser', () => {
  it('covers every node:crypto import of core, ledger and sdk, and they import no other Node module', () => {
    const other: string[] = [];
    const missing: string[] = [];
    for (const { file, text } of bundledSources()) {
      for (const m of text.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(node:[^']+)'/gm)) {
        if (m[3] !== 'node:crypto') other.push(`${file}: ${m[3]}`);
        else if (m[1] === undefined)
          for (const spec of m[2]!.split(',').map((x) => x.trim()).filter((x) => x !== '' && !x.startsWith('type ')))
            if (!(spec.split(/\s+as\s+/)[0]! in shim)) missing.push(`${file}: ${spec}`);
      }
      for (const m of text.matchAll(/^import\s+(?!type)[^{'\n]*from\s+'node:[^']+'/gm)) other.push(`${file}: ${m[0]}`);
    }
    expect(other, 'Node modules the browser bundle cannot have').toEqual([]);
    expect(missing, 'node:crypto functions src/platform/node-crypto.ts lacks').toEqual([]);
  });

  it('hash and createHmac give node:crypto’s bytes for sha256 and sm3', () => {
    for (const alg of ['sha256', 'sm3']) {
      const data = bytes(100);
      expect(hex(shim.hash(alg, data, 'buffer'))).toBe(hex(real.hash(alg, data, 'buffer') as unknown as Uint8Array));
      expect(shim.hash(alg, data, 'binary')).toBe(real.hash(alg, data, 'binary'));
      const key = bytes(32);
      expect(hex(shim.createHmac(alg, key).update(data).update(data).digest())).toBe(hex(real.createHmac(alg, key).update(data).update(data).digest()));
    }
    expect(() => shim.hash('md5', bytes(1), 'buffer')).toThrow(/not provided/);
    expect(() => shim.hash('sha256', bytes(1), 'hex' as 'buffer')).toThrow(/latin1 string \("binary"\) only/);
  });

  it('Ed25519 keys and signatures: the same public key, signature and verdicts', () => {
    for (let i = 0; i < 20; i++) {
      const seed = bytes(32);
      const msg = bytes(i * 10);
      const rk = real.createPrivateKey({ key: Buffer.from(der(PKCS8, seed)), format: 'der', type: 'pkcs8' });
      const sk = shim.createPrivateKey({ key: der(PKCS8, seed), format: 'der', type: 'pkcs8' });
      const rPub = new Uint8Array(real.createPublicKey(rk).export({ format: 'der', type: 'spki' }));
      const sPub = shim.createPublicKey(sk).export({ format: 'der', type: 'spki' });
      expect(hex(sPub)).toBe(hex(rPub));
      const sig = shim.sign(null, msg, sk);
      expect(hex(sig)).toBe(hex(new Uint8Array(real.sign(null, msg, rk))));
      const pub = sPub.slice(SPKI.length);
      expect(shimVerify(pub, msg, sig)).toBe(true);
      const bad = sig.slice();
      bad[i % 64]! ^= 1;
      expect(shimVerify(pub, msg, bad)).toBe(realVerify(pub, msg, bad));
    }
  });

  it('reads a public key from a JWK as node:crypto reads it from SPKI DER, and refuses a JWK of another curve or length', () => {
    for (let i = 0; i < 20; i++) {
      const pub = nobleEd25519.getPublicKey(bytes(32));
      const fromJwk = shim.createPublicKey({ key: jwk(pub), format: 'jwk' }).export({ format: 'der', type: 'spki' });
      expect(hex(fromJwk)).toBe(hex(new Uint8Array(real.createPublicKey({ key: Buffer.from(der(SPKI, pub)), format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' }))));
      expect(hex(fromJwk)).toBe(hex(new Uint8Array(real.createPublicKey({ key: jwk(pub), format: 'jwk' }).export({ format: 'der', type: 'spki' }))));
    }
    const pub = nobleEd25519.getPublicKey(bytes(32));
    expect(() => shim.createPublicKey({ key: { ...jwk(pub), crv: 'X25519' }, format: 'jwk' })).toThrow(/not an Ed25519 public JWK/);
    expect(() => shim.createPublicKey({ key: jwk(pub.subarray(1)), format: 'jwk' })).toThrow(/not an Ed25519 public JWK/);
  });

  it('refuses S ≥ L as OpenSSL does, where noble alone (ZIP-215) would accept', () => {
    const seed = bytes(32);
    const pub = nobleEd25519.getPublicKey(seed);
    const msg = bytes(20);
    const sig = nobleEd25519.sign(msg, seed);
    const L = nobleEd25519.Point.Fn.ORDER;
    const malleable = new Uint8Array([...sig.subarray(0, 32), ...numberToBytesLE(bytesToNumberLE(sig.subarray(32)) + L, 32)]);
    expect(realVerify(pub, msg, malleable)).toBe(false);
    expect(shimVerify(pub, msg, malleable)).toBe(false);
  });

  it('agrees with OpenSSL on small-order keys and the identity signature (cofactorless)', () => {
    // The eight small-order points in their canonical encodings, and R = identity, S = 0.
    const identity = new Uint8Array(32);
    identity[0] = 1;
    for (const p of [identity, ...[1, 2, 3, 4, 5, 6, 7].map((k) => torsion(k).toBytes())]) {
      const sig = new Uint8Array(64);
      sig.set(identity);
      for (const msg of [bytes(0), bytes(5)]) expect(shimVerify(p, msg, sig), hex(p)).toBe(realVerify(p, msg, sig));
    }
  });
});

function torsion(k: number) {
  // A generator of the 8-torsion subgroup, times k.
  const T = nobleEd25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
  return T.multiplyUnsafe(BigInt(k));
}
