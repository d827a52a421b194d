// Sidecars in the node: delivered with their transaction (POST /v1/txs, /v1/txs/batch), checked
// at admission, stored with the block when the transaction commits "ok", erased with the block
// that erases them, and kept across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCanonical, getSuite, sha256, toHex, utf8, type CborMap, type DecodedTx } from '@creditchain/core';
import { MAX_SIDECAR_BYTES, sidecarCommitment } from '@creditchain/ledger';
import { CreditChainClient, buildTx, encodeTxWithSidecars, makeSidecar, type CommittedSidecar, type KeyPair } from '@creditchain/sdk';
import { Chain } from './chain.js';
import { loadGenesis, loadNodeKey, paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';

const suite = getSuite('intl');
let dir: string;
let service: NodeService;
let client: CreditChainClient;
let registrar: KeyPair;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-sidecars-'));
  registrar = initDevDataDir(dir).find((k) => k.account === 'demo-regulator')!;
  service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: () => {} });
  client = new CreditChainClient(service.url);
});

afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let names = 0;
/** An identity.bind-subject by the registrar committing to `commitments`: the easiest action with a sidecar. */
function bindTxAt(nonce: number, commitments: Uint8Array[], name = `subject-${names++}`): DecodedTx {
  return buildTx({
    suite,
    chainId: 'creditchain-dev',
    sender: 'demo-regulator',
    nonce,
    expires: service.chain.head.header.height + 100,
    seed: registrar.seed,
    module: 'identity',
    action: 'bind-subject',
    payload: { name, subject: sha256(utf8(name)), keys: [{ alg: 'ed25519', key: registrar.publicKey }] },
    sidecars: commitments,
  });
}

async function bindTx(commitments: Uint8Array[], name?: string): Promise<DecodedTx> {
  return bindTxAt((await client.account('demo-regulator')).nonce, commitments, name);
}

const evidence = (what: string): CommittedSidecar => makeSidecar(suite, { document: sha256(utf8(what)), name: `${what}.pdf` });

describe('sidecars delivered with a transaction', () => {
  it('stores the sidecar once its transaction commits ok, readable by its commitment', async () => {
    const s = evidence('id card');
    const tx = await bindTx([s.commitment]);
    expect(service.chain.storage.getSidecar(s.commitment)).toBeUndefined();
    const reply = await client.submitTx(tx.bytes, { wait: 'commit', sidecars: [s] });
    expect(reply).toMatchObject({ status: 'committed', code: 'ok' });
    const stored = service.chain.storage.getSidecar(s.commitment)!;
    expect(stored.salt).toEqual(s.salt);
    expect(stored.payload).toEqual(s.payload);
    expect(toHex(sidecarCommitment(suite, stored.salt, stored.payload))).toBe(toHex(s.commitment));
  });

  it('delivers a plain transaction as before, and stores nothing for an undelivered commitment', async () => {
    const s = evidence('undelivered');
    const reply = await client.submitTx((await bindTx([s.commitment])).bytes, { wait: 'commit' });
    expect(reply.code).toBe('ok');
    expect(service.chain.storage.getSidecar(s.commitment)).toBeUndefined();
  });

  it('does not store the sidecar of a transaction that commits with an error', async () => {
    const s = evidence('failing');
    const tx = await bindTx([s.commitment], 'demo-bank'); // an existing account: the action fails
    await expect(client.submitTx(tx.bytes, { wait: 'commit', sidecars: [s] })).rejects.toMatchObject({ code: 'ACCOUNT_EXISTS' });
    expect(service.chain.storage.getSidecar(s.commitment)).toBeUndefined();
  });

  it('rule: a sidecar whose commitment is not in the transaction is refused with SIDECAR_NOT_COMMITTED, and the transaction is not admitted', async () => {
    const committed = evidence('committed');
    const other = evidence('other');
    const tx = await bindTx([committed.commitment]);
    await expect(client.submitTx(tx.bytes, { sidecars: [committed, other] })).rejects.toMatchObject({ code: 'SIDECAR_NOT_COMMITTED', message: expect.stringContaining('Sidecar 1') });
    expect(service.mempool.has(toHex(tx.id))).toBe(false);
    await expect(client.getTx(toHex(tx.id))).rejects.toMatchObject({ code: 'TX_NOT_FOUND' });
    expect(service.chain.storage.getSidecar(other.commitment)).toBeUndefined();
  });

  it('rule: a bad salt, a payload that is not a map, an oversize payload or a sidecar sent twice is refused with SIDECAR_BAD', async () => {
    const s = evidence('bad');
    const tx = await bindTx([s.commitment]);
    const send = (sidecars: unknown[]) =>
      fetch(`${service.url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: encodeCanonical({ tx: tx.bytes, sidecars: sidecars as never }) });
    const big: CborMap = { blob: new Uint8Array(MAX_SIDECAR_BYTES) };
    for (const bad of [
      [{ salt: new Uint8Array(8), payload: s.payload }],
      [{ salt: new Uint8Array(65), payload: s.payload }],
      [{ salt: s.salt, payload: [1, 2] }],
      [{ salt: s.salt, payload: s.payload, extra: 1 }],
      [{ salt: s.salt, payload: big }],
      [s, s].map((x) => ({ salt: x.salt, payload: x.payload })),
    ]) {
      const r = await send(bad);
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ code: 'SIDECAR_BAD' });
    }
    expect(service.mempool.has(toHex(tx.id))).toBe(false);
    // The SDK refuses the same before sending.
    expect(() => encodeTxWithSidecars(tx.bytes, [{ salt: new Uint8Array(8), payload: s.payload }])).toThrow(/salt is 8 bytes/);
  });

  it('accepts a 1,000-commitment transaction with its sidecars in one request', async () => {
    const sidecars = Array.from({ length: 1000 }, (_, i) => makeSidecar(suite, { record: i, details: 'x'.repeat(1000) }));
    const tx = await bindTx(sidecars.map((s) => s.commitment));
    const reply = await client.submitTx(tx.bytes, { wait: 'commit', sidecars });
    expect(reply.code).toBe('ok');
    expect(service.chain.storage.getSidecar(sidecars[999]!.commitment)?.payload).toEqual({ record: 999, details: 'x'.repeat(1000) });
  });

  it('takes envelopes in a batch, each admitted or refused on its own', async () => {
    const a = evidence('batch a');
    const b = evidence('batch b');
    const { nonce } = await client.account('demo-regulator');
    const first = bindTxAt(nonce, [a.commitment]);
    const second = bindTxAt(nonce + 1, [b.commitment]);
    const third = bindTxAt(nonce + 1, [b.commitment]);
    const reply = await client.submitTxs([{ tx: first.bytes, sidecars: [a] }, { tx: second.bytes, sidecars: [a] }, encodeTxWithSidecars(third.bytes, [b])], { wait: 'commit' });
    expect(reply.results.map((r) => [r.status, r.code])).toEqual([
      ['committed', 'ok'],
      ['refused', 'SIDECAR_NOT_COMMITTED'],
      ['committed', 'ok'],
    ]);
    expect(service.chain.storage.getSidecar(a.commitment)).toBeDefined();
    expect(service.chain.storage.getSidecar(b.commitment)).toBeDefined();
  });

  it('keeps stored sidecars across a restart', async () => {
    const s = evidence('restart');
    expect((await client.submitTx((await bindTx([s.commitment])).bytes, { wait: 'commit', sidecars: [s] })).code).toBe('ok');
    await service.stop();
    service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: () => {} });
    client = new CreditChainClient(service.url);
    expect(service.chain.storage.getSidecar(s.commitment)?.payload).toEqual(s.payload);
  });
});

describe('sidecar erasure', () => {
  it('deletes the sidecars a block erases, in the same write as the block, for good', async () => {
    const d = mkdtempSync(join(tmpdir(), 'cc-erase-'));
    try {
      const reg = initDevDataDir(d).find((k) => k.account === 'demo-regulator')!;
      let chain = Chain.open(paths(d).db, loadGenesis(d), loadNodeKey(d, 'dev-node'));
      const kept = evidence('kept');
      const erased = evidence('erased');
      const tx = buildTx({
        suite, chainId: 'creditchain-dev', sender: 'demo-regulator', nonce: 0, expires: 100, seed: reg.seed,
        module: 'identity', action: 'bind-subject', payload: { name: 'erasure-subject', subject: sha256(utf8('e')), keys: [{ alg: 'ed25519', key: reg.publicKey }] }, sidecars: [kept.commitment, erased.commitment],
      });
      const delivered = [kept, erased].map((s) => ({ commitment: s.commitment, bytes: encodeCanonical({ salt: s.salt, payload: s.payload }) }));
      const block1 = chain.execute([tx], Date.now(), true);
      expect(block1.results[0]!.code).toBe('ok');
      chain.commit(block1, new Map([[toHex(tx.id), delivered]]));
      expect(chain.storage.getSidecar(erased.commitment)).toBeDefined();
      // A block whose outcome erases one of them (as the credit module's expiry will).
      const block2 = chain.execute([], Date.now(), true);
      chain.commit({ ...block2, erasures: [erased.commitment] });
      expect(chain.storage.getSidecar(erased.commitment)).toBeUndefined();
      expect(chain.storage.getSidecar(kept.commitment)?.payload).toEqual(kept.payload);
      await chain.close();
      chain = Chain.open(paths(d).db, loadGenesis(d), loadNodeKey(d, 'dev-node'));
      expect(chain.storage.getSidecar(erased.commitment)).toBeUndefined();
      expect(chain.storage.getSidecar(kept.commitment)).toBeDefined();
      await chain.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
