// POST /v1/txs/batch: many signed transactions in one request, each admitted on its own and in
// order (so one sender's nonces keep their order), each outcome reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCanonical, getSuite, sha256, signTx, utf8 } from '@creditchain/core';
import { CreditChainClient, MAX_BATCH_TXS, type KeyPair } from '@creditchain/sdk';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';

let dir: string;
let service: NodeService;
let bank: KeyPair;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-batch-'));
  bank = initDevDataDir(dir)[0]!;
  service = await NodeService.start(dir, { overrides: { port: 0 }, log: () => {} });
});

afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

const tx = (nonce: number) =>
  signTx(getSuite('intl'), { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: bank.account!, nonce, expires: 1000, payload: { items: [{ hash: sha256(utf8(`batch ${nonce}`)) }] }, sidecars: [] }, [bank.seed]).bytes;

describe('batch submission', () => {
  it('admits each transaction on its own, in order, and reports each outcome', async () => {
    const reply = await new CreditChainClient(service.url).submitTxs([tx(0), tx(1), tx(5), tx(2), new Uint8Array([1, 2, 3])], { wait: 'commit' });
    expect(reply.results.map((r) => [r.status, r.code])).toEqual([
      ['committed', 'ok'],
      ['committed', 'ok'],
      ['refused', 'TX_BAD_NONCE'],
      ['committed', 'ok'],
      ['refused', 'ENCODING_MALFORMED'],
    ]);
    expect(reply.results[0]!.height).toBeGreaterThan(0);
  });

  it(`refuses a body that is not an array of 1 to ${MAX_BATCH_TXS} byte strings`, async () => {
    for (const body of [encodeCanonical([1, 2]), encodeCanonical([]), encodeCanonical(Array.from({ length: MAX_BATCH_TXS + 1 }, () => new Uint8Array(1)))]) {
      const r = await fetch(`${service.url}/v1/txs/batch`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ code: 'API_BAD_REQUEST' });
    }
  });
});
