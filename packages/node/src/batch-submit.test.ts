// POST /v1/txs/batch: many signed transactions in one request, each admitted on its own and in
// order (so one sender's nonces keep their order), each outcome reported; their signatures are
// verified by the node's verification threads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedTx, encodeCanonical, encodeSignedTx, getSuite, sha256, signTx, utf8, type DecodedTx } from '@creditchain/core';
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

  it('verifies signatures on its threads: a forged one is refused, after the checks that come before it', async () => {
    await expect.poll(() => service.verifier.warm(MAX_BATCH_TXS), { timeout: 10_000 }).toBe(true);
    const client = new CreditChainClient(service.url);
    const good = decodeSignedTx(getSuite('intl'), tx(3));
    const forged = (t: DecodedTx, body = t.body) => encodeSignedTx({ body, sigs: [{ ...t.sigs[0]!, sig: t.sigs[0]!.sig.map((b, i) => (i === 0 ? b ^ 1 : b)) }] });
    const reply = await client.submitTxs([forged(good), forged(good, { ...good.body, chain: 'other-chain' }), tx(3)], { wait: 'commit' });
    expect(reply.results.map((r) => r.code)).toEqual(['TX_BAD_SIGNATURE', 'TX_WRONG_CHAIN', 'ok']);
    expect((await client.submitTx(tx(4), { wait: 'commit' })).code).toBe('ok');
  });

  it(`refuses a body that is not an array of 1 to ${MAX_BATCH_TXS} byte strings`, async () => {
    for (const body of [encodeCanonical([1, 2]), encodeCanonical([]), encodeCanonical(Array.from({ length: MAX_BATCH_TXS + 1 }, () => new Uint8Array(1)))]) {
      const r = await fetch(`${service.url}/v1/txs/batch`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ code: 'API_BAD_REQUEST' });
    }
  });
});
