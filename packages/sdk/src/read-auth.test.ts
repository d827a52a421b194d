// The signing side of authenticated reads: the exact bytes signed, and the three headers.
import { describe, expect, it } from 'vitest';
import { ed25519, getSuite, toHex } from '@creditchain/core';
import { keyPairFromSeed } from './keys.js';
import { readAuthMessage, signReadHeaders } from './read-auth.js';

describe('read authentication', () => {
  it('signs "CreditChain read v1\\n" chain \\n METHOD \\n path?query \\n time, in UTF-8', () => {
    const m = readAuthMessage('creditchain-dev', 'get', '/v1/records?subject=%C3%A9', 1_700_000_000_000);
    expect(new TextDecoder().decode(m)).toBe('CreditChain read v1\ncreditchain-dev\nGET\n/v1/records?subject=%C3%A9\n1700000000000');
  });

  it('gives the reader, time and alg:key:signature headers, the same from a key pair or {account, alg, secret}', () => {
    const seed = new Uint8Array(32).fill(1);
    const kp = keyPairFromSeed('intl', seed, 'alice');
    const a = signReadHeaders(kp, 'vectors', 'GET', '/v1/status', 1_700_000_000_000);
    const b = signReadHeaders({ account: 'alice', alg: 'ed25519', secret: seed }, 'vectors', 'GET', '/v1/status', 1_700_000_000_000);
    expect(a).toEqual(b);
    const [alg, key, sig] = a['CreditChain-Signature']!.split(':');
    expect(a['CreditChain-Reader']).toBe('alice');
    expect(a['CreditChain-Time']).toBe('1700000000000');
    expect(alg).toBe('ed25519');
    expect(key).toBe(toHex(getSuite('intl').publicKeyOf(seed)));
    expect(ed25519.verify(kp.publicKey, readAuthMessage('vectors', 'GET', '/v1/status', 1_700_000_000_000), Buffer.from(sig!, 'hex'))).toBe(true);
  });

  it('refuses what cannot be signed unambiguously', () => {
    expect(() => readAuthMessage('Bad Chain', 'GET', '/v1/x', 1)).toThrow(/not a chain id/);
    expect(() => readAuthMessage('c', 'GET', 'v1/x', 1)).toThrow(/must start with "\/"/);
    expect(() => readAuthMessage('c', 'GET', '/v1/x\n2', 1)).toThrow(/white space/);
    expect(() => readAuthMessage('c', 'GET', '/v1/x', 1.5)).toThrow(/milliseconds/);
    expect(() => signReadHeaders(keyPairFromSeed('intl', new Uint8Array(32)), 'c', 'GET', '/', 1)).toThrow(/names no account/);
  });
});
