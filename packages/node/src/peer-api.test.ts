// GET /v1/peer/sidecars/:commitment on a running node whose genesis names validators: a member
// node (a validator's key) gets the stored bytes of a sidecar; anyone else is refused; a sidecar
// not held is SIDECAR_NOT_FOUND, and one erased is SIDECAR_ERASED.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSuite, sha256, toHex, utf8 } from '@creditchain/core';
import { CreditChainClient, buildTx, encodeSidecar, makeSidecar, newKeyPair, signNodeHeaders, type KeyPair } from '@creditchain/sdk';
import { DEMO_ORGS, demoAccounts, initDataDir } from './dev.js';
import { NodeService } from './service.js';

const CHAIN = 'creditchain-peers';
const suite = getSuite('intl');
const member = newKeyPair('intl');
let dir: string;
let service: NodeService;
let registrar: KeyPair;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-peer-api-'));
  const secret = randomBytes(32);
  const { accounts, keys } = demoAccounts(secret, 'intl');
  registrar = keys.find((k) => k.account === 'demo-regulator')!;
  initDataDir(dir, { chainId: CHAIN, nodeName: 'node0', orgs: DEMO_ORGS, accounts, config: { subjectSecret: toHex(secret) }, validators: [{ name: 'node1', publicKey: toHex(member.publicKey), power: 10 }] });
  service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: () => {} });
});

afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A sidecar delivered with an identity.bind-subject that commits "ok": stored on this node. */
async function storedSidecar(name: string) {
  const client = new CreditChainClient(service.url);
  const s = makeSidecar(suite, { document: sha256(utf8(name)), name: `${name}.pdf` });
  const { nonce } = await client.account('demo-regulator');
  const tx = buildTx({
    suite, chainId: CHAIN, sender: 'demo-regulator', nonce, expires: service.chain.head.header.height + 100, seed: registrar.seed,
    module: 'identity', action: 'bind-subject', payload: { name, subject: sha256(utf8(name)), keys: [{ alg: 'ed25519', key: registrar.publicKey }] }, sidecars: [s.commitment],
  });
  expect(await client.submitTx(tx.bytes, { wait: 'commit', sidecars: [s] })).toMatchObject({ code: 'ok' });
  return s;
}

function get(commitment: Uint8Array, signer?: { name: string; seed: Uint8Array }) {
  const url = `/v1/peer/sidecars/${toHex(commitment)}`;
  return service.api.inject({ method: 'GET', url, headers: signer === undefined ? {} : signNodeHeaders(signer, CHAIN, 'GET', url, Date.now()) });
}

describe('GET /v1/peer/sidecars/:commitment', () => {
  it("serves a validator the sidecar's stored bytes, canon({salt, payload})", async () => {
    const s = await storedSidecar('peer-subject-1');
    const res = await get(s.commitment, { name: 'node1', seed: member.seed });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/cbor');
    expect(toHex(res.rawPayload)).toBe(toHex(encodeSidecar(s)));
  });

  it('rule: refuses an unsigned request (401 PEER_AUTH_REQUIRED) and a key outside the validator set (403 PEER_NOT_VALIDATOR)', async () => {
    const s = await storedSidecar('peer-subject-2');
    const none = await get(s.commitment);
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'PEER_AUTH_REQUIRED' });
    // This node's own key is no validator of this chain; nor is an account's.
    const own = await get(s.commitment, { name: 'node0', seed: service.chain.nodeKey.seed });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'PEER_NOT_VALIDATOR' });
    const account = await get(s.commitment, { name: 'node1', seed: registrar.seed });
    expect(account.statusCode).toBe(403);
    expect(account.json()).toMatchObject({ code: 'PEER_NOT_VALIDATOR' });
  });

  it('answers SIDECAR_NOT_FOUND for a sidecar it does not hold, and SIDECAR_ERASED once one is erased', async () => {
    const unknown = await get(sha256(utf8('never delivered')), { name: 'node1', seed: member.seed });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'SIDECAR_NOT_FOUND' });
    const s = await storedSidecar('peer-subject-3');
    // A block that erases it (as a repair.erase would), committed while the sequencer is idle.
    const chain = service.chain;
    const block = chain.execute([], Date.now(), true);
    await chain.commit({ ...block, erasures: [s.commitment] });
    const erased = await get(s.commitment, { name: 'node1', seed: member.seed });
    expect(erased.statusCode).toBe(410);
    expect(erased.json()).toMatchObject({ code: 'SIDECAR_ERASED', details: { erasedAt: block.header.height } });
  });
});
