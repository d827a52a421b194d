// Fuzzing the HTTP API: every route gets random and mutated input. Every reply is a success or a
// 4xx with a stable code from ERROR_CODES and a sentence — never a 5xx — the node stays up, and
// the state root does not change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, getSuite, sha256, signTx, toHex, utf8 } from '@creditchain/core';
import { initDevDataDir, NodeService } from '@creditchain/node';
import { routes } from '@creditchain/sdk';
import { recordSoak } from './support/soak.js';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
let dir: string;
let service: NodeService;
let valid: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-fuzz-'));
  const keys = initDevDataDir(dir);
  service = await NodeService.start(dir, { overrides: { port: 0, rateLimitPerMinute: 0 }, log: () => {} });
  const k = keys[0]!;
  valid = signTx(getSuite('intl'), { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account!, nonce: 0, expires: 100, payload: { items: [{ hash: sha256(utf8('fuzz')) }] }, sidecars: [] }, [k.seed]).bytes;
});

afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

const segment = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 70 }),
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.constantFrom('', '0', '-1', '1e3', '9007199254740993', 'ff'.repeat(32), '00'.repeat(32), '__proto__', 'constructor', '%00', '..%2f..'),
);

const pathFor = fc.tuple(fc.constantFrom(...Object.values(routes).map((r) => r.url)), fc.array(segment, { minLength: 2, maxLength: 2 }), fc.dictionary(fc.constantFrom('index', 'size', 'from', 'to', 'prove', 'wait', 'x'), segment, { maxKeys: 3 }));

/** The valid transaction with one byte changed and maybe its tail cut: never the valid one itself. */
function mutate(bytes: Uint8Array, at: number, value: number, cut: number): Uint8Array {
  const out = Uint8Array.from(bytes.subarray(0, Math.max(1, bytes.length - cut)));
  const i = at % out.length;
  out[i] = out[i] === value ? value ^ 0xff : value;
  return out;
}

describe(`API fuzzing (${CASES} cases)`, () => {
  it('answers every input with success or a 4xx {code, message}, and changes nothing', async () => {
    const started = performance.now();
    const before = toHex(service.chain.head.header.stateRoot);
    const codes = new Set(Object.keys(ERROR_CODES));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          pathFor.map(([url, [a, b], query]) => ({ method: 'GET' as const, url: url.replace(/:[a-z]+/, encodeURIComponent(a!)).replace(/:[a-z]+/, encodeURIComponent(b!)), query, body: undefined as Uint8Array | undefined, type: undefined as string | undefined })),
          fc.tuple(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat({ max: 40 })).map(([at, v, cut]) => mutate(valid, at, v, cut))), fc.constantFrom('application/cbor', 'application/octet-stream', 'application/json', 'text/plain'), fc.constantFrom('', '?wait=commit', '?wait=bogus')).map(([body, type, q]) => ({ method: 'POST' as const, url: `/v1/txs${q}`, query: {}, body, type })),
        ),
        async (req) => {
          n++;
          const r = await service.api.inject({ method: req.method, url: req.url, query: req.query, ...(req.body === undefined ? {} : { payload: Buffer.from(req.body), headers: { 'content-type': req.type! } }) });
          expect(r.statusCode, `${req.method} ${req.url}`).toBeLessThan(500);
          if (r.statusCode >= 400) {
            const body = r.json() as { code: string; message: string };
            expect(codes.has(body.code), `${req.method} ${req.url} → ${body.code}`).toBe(true);
            expect(body.message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: CASES },
    );
    expect(n).toBe(CASES);
    expect(toHex(service.chain.head.header.stateRoot)).toBe(before);
    expect((await fetch(`${service.url}/v1/status`)).status).toBe(200);
    recordSoak({ suite: 'api-fuzz', cases: n, crashes: 0, lost: 0, seconds: Math.round((performance.now() - started) / 1000), serverErrors: 0, stateRootUnchanged: true });
  });
});
