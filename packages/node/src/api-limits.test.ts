// Hostile clients at the HTTP edge: a flood from one address gets a clear 429, an oversized
// body a 413, a body of the wrong type a 415 — each with a stable code and a sentence, and
// none of them changes the chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TX_SIZE } from '@creditchain/core';
import { MAX_TX_WITH_SIDECARS_SIZE } from '@creditchain/sdk';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';

let dir: string;
let service: NodeService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-limits-'));
  initDevDataDir(dir);
  service = await NodeService.start(dir, { overrides: { port: 0, rateLimitPerMinute: 8 }, log: () => {} });
});

afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('API limits', () => {
  it('rule: an oversized body is refused with 413 ENCODING_TOO_LARGE; a wrong content type with 415', async () => {
    const big = await fetch(`${service.url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: new Uint8Array(MAX_TX_SIZE + 1) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'ENCODING_TOO_LARGE' });
    // The route takes a transaction with its sidecars, up to its own limit.
    const huge = await fetch(`${service.url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: new Uint8Array(MAX_TX_WITH_SIDECARS_SIZE + 1) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'ENCODING_TOO_LARGE', message: `The request body is larger than ${MAX_TX_WITH_SIDECARS_SIZE} bytes, the limit of this route.` });
    const text = await fetch(`${service.url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'API_UNSUPPORTED_MEDIA_TYPE' });
  });

  it('rule: a flood from one address gets 429 API_RATE_LIMITED with a sentence and Retry-After; the chain is unchanged', async () => {
    const before = service.chain.head.header.stateRoot;
    const replies = [];
    for (let i = 0; i < 10; i++) replies.push(await fetch(`${service.url}/v1/status`));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    const body = (await limited[0]!.json()) as { code: string; message: string };
    expect(body.code).toBe('API_RATE_LIMITED');
    expect(body.message).toMatch(/at most 8 a minute/);
    expect(limited[0]!.headers.get('retry-after')).not.toBeNull();
    expect(service.chain.head.header.stateRoot).toEqual(before);
  });
});


describe('a slow client (slow loris)', () => {
  let slowDir: string;
  let node: NodeService;

  beforeAll(async () => {
    slowDir = mkdtempSync(join(tmpdir(), 'cc-slow-'));
    initDevDataDir(slowDir);
    node = await NodeService.start(slowDir, { overrides: { port: 0, requestTimeoutMs: 1000 }, log: () => {} });
  });

  afterAll(async () => {
    await node.stop();
    rmSync(slowDir, { recursive: true, force: true });
  });

  it('rule: a request still being sent after requestTimeoutMs is cut, while other clients are served', async () => {
    const { port } = new URL(node.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const started = Date.now();
    const closed = new Promise<string>((resolve) => {
      let reply = '';
      socket.on('data', (d: Buffer) => (reply += d.toString()));
      socket.once('close', () => resolve(reply));
    });
    // Headers promising a body that comes one byte every 200 ms: it would take 20 s.
    socket.write('POST /v1/txs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/cbor\r\nContent-Length: 100\r\n\r\n');
    const drip = setInterval(() => socket.writable && socket.write('a'), 200);
    try {
      // Meanwhile the node answers others at once.
      expect((await fetch(`${node.url}/v1/status`)).status).toBe(200);
      const reply = await closed;
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(900);
      expect(took).toBeLessThan(15_000); // cut, not served for the 20 s the body would take
      // Node answers 408 Request Timeout before it closes (or just closes, if the reply cannot be written).
      if (reply !== '') expect(reply).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('rule: a kept-alive connection stays open 72 s between requests, not Node\'s 5 s (a commit that held the loop reset requests)', async () => {
    const { port } = new URL(node.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let received = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.once('close', () => (closed = true));
    const replies = async (n: number) => {
      while ((received.match(/HTTP\/1\.1 \d{3}/g) ?? []).length < n && !closed) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      socket.write('GET /v1/status HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await replies(1);
      expect(received).toMatch(/^keep-alive: timeout=72\r$/im);
      // Six seconds of silence, past Node's default, and the same connection is still answered.
      await new Promise((r) => setTimeout(r, 6000));
      expect(closed).toBe(false);
      socket.write('GET /v1/status HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await replies(2);
      expect((received.match(/HTTP\/1\.1 200/g) ?? []).length).toBe(2);
    } finally {
      socket.destroy();
    }
  }, 20_000);
});
