// Authenticated reads: a request signed by a live key of the reader's account names the reader;
// unsigned, it names no one; signed wrongly — unknown account, a key not the account's or not
// live, a stale time, a path other than the one signed — it is refused with API_AUTH_INVALID.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditChainError, toHex } from '@creditchain/core';
import { CreditChainClient, READ_AUTH_MAX_SKEW_MS, accountKeyOf, newKeyPair, rotateKeyTx, signReadHeaders, type KeyPair } from '@creditchain/sdk';
import { initDevDataDir } from './dev.js';
import { authenticateRead, requireReader, type ReadRequest } from './read-auth.js';
import { NodeService } from './service.js';

let dir: string;
let service: NodeService;
let keys: KeyPair[];
const CHAIN = 'creditchain-dev';
const key = (name: string) => keys.find((k) => k.account === name)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-read-auth-'));
  keys = initDevDataDir(dir);
  service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: () => {} });
});

afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A request as the node sees it: lowercase header names, the target as sent. */
function request(url: string, headers: Record<string, string>, method = 'GET'): ReadRequest {
  return { method, url, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) };
}

function refusedWith(fn: () => unknown, code: string, message: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CreditChainError);
  expect(err).toMatchObject({ code });
  expect((err as Error).message).toMatch(message);
}

describe('authenticated reads', () => {
  const path = '/v1/records?subject=ab&x=1';

  it('names the reader of a request signed with a live key of its account', () => {
    const now = Date.now();
    const headers = signReadHeaders(key('demo-bank'), CHAIN, 'GET', path, now);
    expect(Object.keys(headers)).toEqual(['CreditChain-Reader', 'CreditChain-Time', 'CreditChain-Signature']);
    expect(headers['CreditChain-Signature']).toMatch(new RegExp(`^ed25519:${toHex(key('demo-bank').publicKey)}:[0-9a-f]{128}$`));
    expect(authenticateRead(service, request(path, headers), now)?.name).toBe('demo-bank');
    expect(requireReader(service.chain, request(path, headers), now).org).toBe('bank-a');
    // Within the window, either way.
    expect(authenticateRead(service, request(path, headers), now + READ_AUTH_MAX_SKEW_MS)?.name).toBe('demo-bank');
    expect(authenticateRead(service, request(path, headers), now - READ_AUTH_MAX_SKEW_MS)?.name).toBe('demo-bank');
    // {account, alg, secret} signs the same way as the key pair.
    const k = key('demo-person');
    expect(authenticateRead(service, request(path, signReadHeaders({ account: 'demo-person', alg: 'ed25519', secret: k.seed }, CHAIN, 'get', path, now)), now)?.subject).not.toBeNull();
  });

  it('names no one when no reader header is sent; requireReader then refuses with API_AUTH_REQUIRED', () => {
    expect(authenticateRead(service, request(path, {}))).toBeUndefined();
    refusedWith(() => requireReader(service, request(path, {})), 'API_AUTH_REQUIRED', /sign it with the CreditChain-Reader/);
  });

  it('rule: a wrong key, a stale time, a tampered path or an unknown account is refused with API_AUTH_INVALID saying which', () => {
    const now = Date.now();
    const bank = key('demo-bank');
    const stranger = newKeyPair('intl', 'demo-bank');
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders(stranger, CHAIN, 'GET', path, now)), now), 'API_AUTH_INVALID', /is not a key of account "demo-bank"/);
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders(bank, CHAIN, 'GET', path, now - READ_AUTH_MAX_SKEW_MS - 1000)), now), 'API_AUTH_INVALID', /301 s behind this node's clock/);
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders(bank, CHAIN, 'GET', path, now + READ_AUTH_MAX_SKEW_MS + 1000)), now), 'API_AUTH_INVALID', /ahead of this node's clock/);
    refusedWith(() => authenticateRead(service, request('/v1/records?subject=ab&x=2', signReadHeaders(bank, CHAIN, 'GET', path, now)), now), 'API_AUTH_INVALID', /does not verify/);
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders(bank, CHAIN, 'GET', path, now), 'POST'), now), 'API_AUTH_INVALID', /does not verify/);
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders(bank, 'other-chain', 'GET', path, now)), now), 'API_AUTH_INVALID', /does not verify/);
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders({ account: 'nobody', alg: 'ed25519', secret: bank.seed }, CHAIN, 'GET', path, now)), now), 'API_AUTH_INVALID', /"nobody" is not an account/);
    // Another account's key does not sign for this one.
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders({ account: 'demo-bank-b', alg: 'ed25519', secret: bank.seed }, CHAIN, 'GET', path, now)), now), 'API_AUTH_INVALID', /not a key of account "demo-bank-b"/);
  });

  it('rule: missing or malformed headers are refused with API_AUTH_INVALID', () => {
    const now = Date.now();
    const good = signReadHeaders(key('demo-bank'), CHAIN, 'GET', path, now);
    const without = (h: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== h));
    refusedWith(() => authenticateRead(service, request(path, without('CreditChain-Signature')), now), 'API_AUTH_INVALID', /CreditChain-Signature is missing/);
    refusedWith(() => authenticateRead(service, request(path, without('CreditChain-Reader')), now), 'API_AUTH_INVALID', /CreditChain-Reader is missing/);
    refusedWith(() => authenticateRead(service, request(path, { ...good, 'CreditChain-Time': '12:00' }), now), 'API_AUTH_INVALID', /milliseconds since the Unix epoch/);
    refusedWith(() => authenticateRead(service, request(path, { ...good, 'CreditChain-Signature': 'ed25519:zz' }), now), 'API_AUTH_INVALID', /<alg>:<public key hex>:<signature hex>/);
    refusedWith(() => authenticateRead(service, request(path, { ...good, 'CreditChain-Signature': good['CreditChain-Signature']!.replace('ed25519', 'rsa') }), now), 'API_AUTH_INVALID', /"rsa", which this node does not implement/);
    refusedWith(() => authenticateRead(service, request(path, { ...good, 'CreditChain-Reader': 'Not A Name' }), now), 'API_AUTH_INVALID', /not an account name/);
  });

  it('is what a route uses: over HTTP, signed requests name the reader, unsigned ones get 401', async () => {
    const app = Fastify();
    app.setErrorHandler((e, _req, reply) => {
      const err = e instanceof CreditChainError ? e : new CreditChainError('INTERNAL', String(e));
      void reply.status(err.status).send(err.toJSON());
    });
    app.get('/v1/test/whoami', (req) => ({ reader: requireReader(service, req).name }));
    try {
      const target = '/v1/test/whoami?q=%C3%A9t%C3%A9';
      const ok = await app.inject({ method: 'GET', url: target, headers: signReadHeaders(key('demo-court'), CHAIN, 'GET', target, Date.now()) });
      expect(ok.json()).toEqual({ reader: 'demo-court' });
      const none = await app.inject({ method: 'GET', url: target });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ code: 'API_AUTH_REQUIRED' });
      const other = await app.inject({ method: 'GET', url: '/v1/test/whoami', headers: signReadHeaders(key('demo-court'), CHAIN, 'GET', target, Date.now()) });
      expect(other.statusCode).toBe(401);
      expect(other.json()).toMatchObject({ code: 'API_AUTH_INVALID' });
    } finally {
      await app.close();
    }
  });

  it('the client signs its GET requests when given a reader, with the chain and algorithm it reads from the node', async () => {
    const seen: Array<{ url: string; method: string; headers: Record<string, string> }> = [];
    const recording: typeof fetch = (input, init) => {
      seen.push({ url: String(input), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) } });
      return fetch(input, init);
    };
    const bank = key('demo-bank');
    for (const reader of [bank, { account: 'demo-bank', secret: bank.seed }]) {
      seen.length = 0;
      const client = new CreditChainClient(service.url, { fetch: recording, reader });
      expect((await client.account('demo-bank', { prove: true })).name).toBe('demo-bank');
      const signed = seen.find((r) => r.headers['CreditChain-Reader'] !== undefined)!;
      const target = signed.url.slice(service.url.length);
      expect(target).toBe('/v1/accounts/demo-bank?prove=true');
      expect(authenticateRead(service, request(target, signed.headers))?.name).toBe('demo-bank');
    }
    // Submissions are not signed reads.
    seen.length = 0;
    const client = new CreditChainClient(service.url, { fetch: recording, reader: bank });
    await client.submitTx(new Uint8Array([1])).catch(() => undefined);
    expect(seen.every((r) => r.method !== 'POST' || r.headers['CreditChain-Reader'] === undefined)).toBe(true);
    expect(() => new CreditChainClient(service.url, { reader: newKeyPair('intl') })).toThrow(/must name its account/);
  });

  it('rule: a key rotated out is no longer live for reads', async () => {
    const client = new CreditChainClient(service.url);
    const b = key('demo-bank-b');
    const { nonce } = await client.account('demo-bank-b');
    const height = service.chain.head.header.height;
    const replacement = newKeyPair('intl', 'demo-bank-b');
    const tx = rotateKeyTx({ suite: 'intl', chainId: CHAIN, sender: 'demo-bank-b', nonce, expires: height + 100, seed: b.seed, account: 'demo-bank-b', old: b.publicKey, key: accountKeyOf(replacement), until: height + 1 });
    const reply = await client.submitTx(tx.bytes, { wait: 'commit' });
    expect(reply.height).toBe(height + 1);
    const now = Date.now();
    refusedWith(() => authenticateRead(service, request(path, signReadHeaders(b, CHAIN, 'GET', path, now)), now), 'API_AUTH_INVALID', /no longer live: it was rotated out after height/);
    expect(authenticateRead(service, request(path, signReadHeaders(replacement, CHAIN, 'GET', path, now)), now)?.name).toBe('demo-bank-b');
  });
});
