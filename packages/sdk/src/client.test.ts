import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeLogEntry,
  encodeCanonical,
  decodeStateProof,
  fromHex,
  getSuite,
  leafHash,
  openNote,
  parseCheckpoint,
  rootFromInclusionProof,
  toHex,
  verifyStateProofValue,
} from '@creditchain/core';
import { DEFAULT_PARAMS, accountKey, decodeAccount, decodeOrg, decodeProposal, orgKey, orgListKey, paramsKey, proposalKey } from '@creditchain/ledger';
import { NodeService, initDevDataDir } from '@creditchain/node';
import { buildAnchorTx } from './anchor-tx.js';
import { fetchBatchReceipts } from './batch-receipts.js';
import { CreditChainClient, routePath } from './client.js';
import { MAX_EVIDENCE_LOOKUP } from './routes.js';
import { accountKeyOf, createAccountTx, proposeTx, revokeKeyTx, rotateKeyTx, voteTx } from './identity-tx.js';
import { newKeyPair, type KeyPair } from './keys.js';
import { verifyReceipt } from './receipt.js';
import { updateCheckpoint } from './update-checkpoint.js';
import { verifyStateReply } from './state-proof.js';

const suite = getSuite('intl');
let dir: string;
let service: NodeService;
let client: CreditChainClient;
let bank: KeyPair;
let demoKeys: KeyPair[];
let chainId: string;

const docHash = (text: string) => suite.hash(new TextEncoder().encode(text));

async function anchor(texts: string[], wait: 'commit' | 'none' = 'commit') {
  const { nonce } = await client.account('demo-bank');
  const { height } = await client.status();
  const tx = buildAnchorTx({ suite, chainId, sender: 'demo-bank', nonce, expires: height + 100, seed: bank.seed, items: texts.map((t) => ({ hash: docHash(t), label: t })) });
  return { tx, reply: await client.submitTx(tx.bytes, { wait }) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'creditchain-client-'));
  demoKeys = initDevDataDir(dir);
  bank = demoKeys[0]!;
  service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: () => {} });
  client = new CreditChainClient(service.url);
  chainId = (await client.status()).chainId;
});

afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('CreditChainClient against a running node', () => {
  it('reads the status and an account with its next nonce', async () => {
    const status = await client.status();
    expect(status).toMatchObject({ chainId: 'creditchain-dev', cryptoSuite: 'intl' });
    const account = await client.account('demo-bank');
    expect(account.name).toBe('demo-bank');
    expect(account).toMatchObject({ org: 'bank-a', subject: null, roles: ['admin', 'submitter', 'querier'], threshold: 1 });
    expect(account.keys).toEqual([{ alg: 'ed25519', key: toHex(bank.publicKey), until: null }]);
    expect(Number.isSafeInteger(account.nonce)).toBe(true);
    await expect(client.account('nobody')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND', message: 'There is no account "nobody" on chain creditchain-dev.' });
  });

  it('submits with wait=commit, then finds the transaction, its block and its log entry', async () => {
    const before = (await client.account('demo-bank')).nonce;
    const { tx, reply } = await anchor(['contract-1.pdf', 'contract-2.pdf']);
    expect(reply).toMatchObject({ id: toHex(tx.id), status: 'committed', code: 'ok' });
    expect((await client.account('demo-bank')).nonce).toBe(before + 1);
    expect(await client.getTx(toHex(tx.id))).toMatchObject({ status: 'committed', height: reply.height, logIndex: reply.logIndex });
    const block = await client.getBlock(reply.height!);
    expect(block.txs).toContain(toHex(tx.id));
    expect(block.header.height).toBe(reply.height);
    const entry = decodeLogEntry(await client.logEntry(reply.logIndex!));
    expect(entry).toMatchObject({ module: 'evidence', action: 'anchor', sender: 'demo-bank', index: reply.logIndex });
  });

  it('submits without waiting, then waitForTx polls until the block', async () => {
    const { tx, reply } = await anchor(['invoice-7.pdf'], 'none');
    expect(reply.status).toBe('pending');
    const done = await client.waitForTx(toHex(tx.id), { timeoutMs: 10_000, intervalMs: 10 });
    expect(done).toMatchObject({ status: 'committed', code: 'ok' });
    await expect(client.waitForTx('00'.repeat(32))).rejects.toMatchObject({ code: 'TX_NOT_FOUND' });
  });

  it('turns refusals into CreditChainErrors with the node code', async () => {
    const { tx } = await anchor(['dup.pdf']);
    await expect(client.submitTx(tx.bytes, { wait: 'commit' })).rejects.toMatchObject({ code: 'TX_DUPLICATE' });
    const { height } = await client.status();
    const stale = buildAnchorTx({ suite, chainId, sender: 'demo-bank', nonce: 0, expires: height + 10, seed: bank.seed, items: [{ hash: docHash('late') }] });
    await expect(client.submitTx(stale.bytes)).rejects.toMatchObject({ code: 'TX_BAD_NONCE' });
    await expect(client.getBlock(1_000_000)).rejects.toMatchObject({ code: 'BLOCK_NOT_FOUND' });
    await expect(client.evidence(toHex(docHash('never anchored')))).rejects.toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
    await expect(client.getTx('not-hex')).rejects.toMatchObject({ code: 'ENCODING_BAD_HEX' });
  });

  it('gives checkpoints and proofs that verify offline', async () => {
    const { reply } = await anchor(['proof.pdf']);
    const key = await client.checkpointKey();
    expect(key).toBe(service.chain.verifierKey);
    const cp = parseCheckpoint(openNote(await client.latestCheckpoint(), [key]).text);
    const { proof, size } = await client.inclusionProof(reply.logIndex!, cp.size);
    expect(size).toBe(cp.size);
    const entry = await client.logEntry(reply.logIndex!);
    expect(rootFromInclusionProof(suite.hash, leafHash(suite.hash, entry), reply.logIndex!, cp.size, proof.map((p) => fromHex(p, 32)))).toEqual(cp.rootHash);
  });

  it('moves a trusted checkpoint forward only through a consistency proof', async () => {
    const key = await client.checkpointKey();
    const old = await client.latestCheckpoint();
    await anchor(['later-1.pdf']);
    await anchor(['later-2.pdf']);
    const updated = await updateCheckpoint(client, old, { trustedKeys: [key] });
    const oldSize = parseCheckpoint(openNote(old, [key]).text).size;
    expect(updated.checkpoint.size).toBe(oldSize + 2);
    expect((await client.consistencyProof(oldSize, updated.checkpoint.size)).proof.length).toBeGreaterThan(0);
  });

  it('fetches evidence and a receipt that verifyReceipt accepts', async () => {
    const { reply } = await anchor(['receipt.pdf', 'other.pdf']);
    const hash = docHash('receipt.pdf');
    expect(await client.evidence(toHex(hash))).toMatchObject({ sender: 'demo-bank', height: reply.height, logIndex: reply.logIndex, position: 0 });
    const receipt = await client.evidenceReceipt(toHex(hash));
    const proven = verifyReceipt(receipt, { documentHash: hash, trustedKeys: [await client.checkpointKey()] });
    expect(proven).toMatchObject({ sender: 'demo-bank', height: reply.height, logIndex: reply.logIndex, label: 'receipt.pdf' });
  });

  it("says in each reply's Server-Timing header how long the node took over it, refusals too", async () => {
    for (const path of ['/v1/status', `/v1/evidence/${toHex(docHash('never anchored'))}`, '/v1/nowhere']) {
      const res = await fetch(`${service.url}${path}`);
      const timing = /^app;dur=(\d+\.\d{2})$/.exec(res.headers.get('server-timing') ?? '');
      expect(timing, path).not.toBeNull();
      expect(Number(timing![1])).toBeGreaterThan(0);
      expect(Number(timing![1])).toBeLessThan(10_000);
    }
  });

  it('looks up many hashes in one request: each as GET /v1/evidence/:hash answers it, null where not anchored', async () => {
    const first = await anchor(['lookup-a.pdf', 'lookup-b.pdf']);
    const second = await anchor(['lookup-c.pdf', 'lookup-a.pdf']); // a.pdf again: its first anchoring stands
    const asked = ['lookup-c.pdf', 'never anchored either', 'lookup-a.pdf', 'lookup-b.pdf'].map((t) => toHex(docHash(t)));
    const found = await client.evidenceLookup(asked);
    expect(found).toHaveLength(4);
    expect(found[1]).toBeNull();
    for (const k of [0, 2, 3]) expect(found[k]).toEqual(await client.evidence(asked[k]!));
    expect(found[0]).toMatchObject({ tx: toHex(second.tx.id), position: 0 });
    expect(found[2]).toMatchObject({ tx: toHex(first.tx.id), position: 0 });
    expect(found[3]).toMatchObject({ tx: toHex(first.tx.id), position: 1 });
  });

  it('refuses a lookup of no hashes, too many, or a wrong-sized one, in a sentence', async () => {
    await expect(client.evidenceLookup([])).rejects.toMatchObject({ code: 'API_BAD_REQUEST' });
    await expect(client.evidenceLookup(Array.from({ length: MAX_EVIDENCE_LOOKUP + 1 }, () => toHex(docHash('x'))))).rejects.toMatchObject({ code: 'API_BAD_REQUEST' });
    // Past the client's own checks: a hash of 31 bytes, and a body that is not CBOR.
    const post = (body: Uint8Array, type = 'application/cbor') => fetch(`${service.url}/v1/evidence/lookup`, { method: 'POST', headers: { 'content-type': type }, body });
    const short = await post(encodeCanonical([new Uint8Array(31)]));
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ code: 'API_BAD_REQUEST', message: expect.stringContaining('each a 32-byte byte string') });
    expect((await post(new Uint8Array([0xff, 0x00]))).status).toBe(400);
    const full = await post(encodeCanonical(Array.from({ length: MAX_EVIDENCE_LOOKUP }, (_, i) => docHash(`absent ${i}`))));
    expect(full.status).toBe(200);
    expect(((await full.json()) as { results: unknown[] }).results.every((r) => r === null)).toBe(true);
  });

  it("assembles a batch's receipts from three requests, the same as the node's", async () => {
    const texts = ['batch-a.pdf', 'batch-b.pdf', 'batch-c.pdf'];
    const { reply } = await anchor(texts);
    const verifierKey = await client.checkpointKey();
    const items = texts.map((t) => ({ hash: docHash(t), label: t }));
    const local = await fetchBatchReceipts(client, { suite: 'intl', chainId, items, logIndex: reply.logIndex!, verifierKey });
    for (const [i, receipt] of local.entries()) {
      expect(receipt).toEqual(await client.evidenceReceipt(toHex(items[i]!.hash)));
      expect(verifyReceipt(receipt, { documentHash: items[i]!.hash, trustedKeys: [verifierKey] })).toMatchObject({ label: texts[i], logIndex: reply.logIndex });
    }
  });

  it('reads a state entry with a proof to the signed state root', async () => {
    const key = accountKey(suite, 'demo-bank');
    const s = await client.state(toHex(key), { prove: true });
    expect(s.value).not.toBeNull();
    const trustedKeys = [await client.checkpointKey()];
    const proven = verifyStateReply(s, { trustedKeys });
    expect(toHex(proven.value!)).toBe(s.value);
    expect(toHex(proven.stateRoot)).toBe(s.stateRoot);
    // A changed value, or a claim of absence, does not verify against the signed root.
    const forged = s.value!.slice(0, -2) + (s.value!.endsWith('00') ? '01' : '00');
    expect(() => verifyStateReply({ ...s, value: forged }, { trustedKeys })).toThrow(/does not lead/);
    expect(() => verifyStateReply({ ...s, value: null }, { trustedKeys })).toThrow(/absent/);
    // An absent key is proven absent.
    const absent = await client.state('11'.repeat(32), { prove: true });
    expect(verifyStateReply(absent, { trustedKeys }).value).toBeNull();
    await expect(client.state('11'.repeat(32))).rejects.toMatchObject({ code: 'STATE_NOT_FOUND' });
  });
});

/** Signs with `key` as `sender`, submits with wait=commit and gives the action's result data. */
async function send(sender: string, key: KeyPair, build: (signer: { suite: typeof suite; chainId: string; sender: string; nonce: number; expires: number; seed: Uint8Array }) => { bytes: Uint8Array }) {
  const [{ nonce }, { height }] = await Promise.all([client.account(sender), client.status()]);
  const reply = await client.submitTx(build({ suite, chainId, sender, nonce, expires: height + 100, seed: key.seed }).bytes, { wait: 'commit' });
  return reply.data as Record<string, unknown>;
}

describe('CreditChainClient: members and governance', () => {
  const demo = (name: string) => demoKeys.find((k) => k.account === name)!;
  const bankCAdmin = newKeyPair('intl', 'bank-c-admin');

  it('lists the organisations and reads one, the parameters and the (empty) proposals', async () => {
    const { orgs } = await client.orgs();
    expect(orgs.map((o) => o.id)).toEqual(['bank-a', 'bank-b', 'city-utility', 'court', 'credit-agency', 'eco-bureau', 'market-bureau', 'regulator', 'tax-bureau']);
    expect(await client.org('regulator')).toEqual({ id: 'regulator', name: 'Credit Regulator (demo)', type: 'regulator', status: 'active', weight: 3, roles: expect.arrayContaining(['admin', 'regulator']), categories: ['admin-penalty-minor', 'admin-penalty-serious', 'honour'], since: 0 });
    await expect(client.org('bank-z')).rejects.toMatchObject({ code: 'ORG_NOT_FOUND', message: 'There is no organisation "bank-z" on chain creditchain-dev.' });
    expect(await client.params()).toEqual({ ...DEFAULT_PARAMS });
    expect((await client.proposals()).proposals).toEqual([]);
    await expect(client.proposal(1)).rejects.toMatchObject({ code: 'GOV_PROPOSAL_NOT_FOUND', message: 'There is no proposal 1; none has been made yet.' });
  });

  it('admits an organisation by proposal and votes, and shows the proposal with its votes', async () => {
    const proposed = await send('demo-regulator', demo('demo-regulator'), (signer) =>
      proposeTx({ ...signer, proposal: { kind: 'admit-org', org: { id: 'bank-c', name: 'Bank C', type: 'bank', weight: 1, roles: ['admin', 'submitter'] }, admin: { name: 'bank-c-admin', keys: [accountKeyOf(bankCAdmin)] } } }),
    );
    const id = proposed.proposal as number;
    expect(id).toBe(1);
    const open = await client.proposal(id);
    expect(open).toMatchObject({ id, kind: 'admit-org', proposer: 'demo-regulator', org: 'regulator', status: 'open', votes: [], closed: null, outcome: null, tally: { yes: 0, no: 0, total: 12 } });
    expect(open.payload).toEqual({ org: { id: 'bank-c', name: 'Bank C', type: 'bank', weight: 1, roles: ['admin', 'submitter'], categories: [] }, admin: { name: 'bank-c-admin', keys: [{ alg: 'ed25519', key: toHex(bankCAdmin.publicKey) }] } });
    expect(await send('demo-regulator', demo('demo-regulator'), (signer) => voteTx({ ...signer, proposal: id, vote: 'yes' }))).toEqual({ proposal: id, status: 'open', yes: 3, no: 0, total: 12 });
    expect(await send('demo-agency', demo('demo-agency'), (signer) => voteTx({ ...signer, proposal: id, vote: 'yes' }))).toEqual({ proposal: id, status: 'open', yes: 5, no: 0, total: 12 });
    // Six of the twelve active weight: participation reaches 50% and it passes.
    expect(await send('demo-market', demo('demo-market'), (signer) => voteTx({ ...signer, proposal: id, vote: 'yes' }))).toEqual({ proposal: id, status: 'passed', yes: 6, no: 0, total: 12, outcome: 'admitted bank-c with admin account bank-c-admin' });
    const passed = await client.proposal(id);
    expect(passed).toMatchObject({ status: 'passed', votes: [{ org: 'regulator', vote: 'yes' }, { org: 'credit-agency', vote: 'yes' }, { org: 'market-bureau', vote: 'yes' }] });
    expect(passed.tally).toBeUndefined();
    expect(await client.org('bank-c')).toMatchObject({ status: 'active', weight: 1, since: passed.closed });
    expect(await client.account('bank-c-admin')).toMatchObject({ org: 'bank-c', roles: ['admin'], keys: [{ key: toHex(bankCAdmin.publicKey), until: null }], nonce: 0 });
    // Newest first.
    await send('demo-regulator', demo('demo-regulator'), (signer) => proposeTx({ ...signer, proposal: { kind: 'set-param', name: 'govVotingPeriod', value: 500 } }));
    expect((await client.proposals()).proposals.map((p) => [p.id, p.status])).toEqual([[2, 'open'], [1, 'passed']]);
  });

  it('gives replies with ?prove=true whose state entry verifies against the signed checkpoint', async () => {
    const trustedKeys = [await client.checkpointKey()];
    const org = await client.org('bank-c', { prove: true });
    const proven = verifyStateReply(org.state!, { trustedKeys });
    // The entry is the organisation's, and its value is what the reply says.
    expect(toHex(proven.key)).toBe(toHex(orgKey(suite, 'bank-c')));
    const { state, ...json } = org;
    expect({ ...decodeOrg(proven.value!) }).toEqual(json);
    expect(() => verifyStateReply({ ...state!, value: toHex(new TextEncoder().encode('forged')) }, { trustedKeys })).toThrow(/does not lead/);

    const account = await client.account('bank-c-admin', { prove: true });
    expect(toHex(verifyStateReply(account.state!, { trustedKeys }).key)).toBe(toHex(accountKey(suite, 'bank-c-admin')));
    expect(decodeAccount(fromHex(account.state!.value!)).nonce).toBe(account.nonce);
    const proposal = await client.proposal(1, { prove: true });
    expect(verifyStateReply(proposal.state!, { trustedKeys }).key).toEqual(proposalKey(suite, 1));
    expect(decodeProposal(fromHex(proposal.state!.value!)).status).toBe('passed');
    const params = await client.params({ prove: true });
    expect(verifyStateReply(params.state!, { trustedKeys }).key).toEqual(paramsKey(suite));
    const orgs = await client.orgs({ prove: true });
    expect(verifyStateReply(orgs.state!, { trustedKeys }).key).toEqual(orgListKey(suite));
    for (const o of orgs.orgs) expect(verifyStateReply(o.state!, { trustedKeys }).key).toEqual(orgKey(suite, o.id));
    const all = await client.proposals({ prove: true });
    expect(all.proposals.map((p) => verifyStateReply(p.state!, { trustedKeys }).height)).toEqual([all.state!.height, all.state!.height]);
    // Without prove, no state entry.
    expect((await client.org('bank-c')).state).toBeUndefined();
  });

  it('creates an account, rotates and revokes its key; the revoked key is refused', async () => {
    const sub = newKeyPair('intl', 'bank-c-sub');
    const next = newKeyPair('intl', 'bank-c-sub');
    expect(await send('bank-c-admin', bankCAdmin, (signer) => createAccountTx({ ...signer, name: 'bank-c-sub', roles: ['submitter'], keys: [accountKeyOf(sub)] }))).toEqual({ account: 'bank-c-sub', org: 'bank-c' });
    const { height } = await client.status();
    await send('bank-c-sub', sub, (signer) => rotateKeyTx({ ...signer, account: 'bank-c-sub', old: sub.publicKey, key: accountKeyOf(next), until: height + 50 }));
    expect((await client.account('bank-c-sub')).keys).toEqual([
      { alg: 'ed25519', key: toHex(sub.publicKey), until: height + 50 },
      { alg: 'ed25519', key: toHex(next.publicKey), until: null },
    ]);
    await send('bank-c-sub', next, (signer) => revokeKeyTx({ ...signer, account: 'bank-c-sub', key: sub.publicKey }));
    await expect(send('bank-c-sub', sub, (signer) => buildAnchorTx({ ...signer, items: [{ hash: docHash('after revocation') }] }))).rejects.toMatchObject({ code: 'TX_BAD_SIGNATURE' });
    await send('bank-c-sub', next, (signer) => buildAnchorTx({ ...signer, items: [{ hash: docHash('with the new key') }] }));
    expect(await client.evidence(toHex(docHash('with the new key')))).toMatchObject({ sender: 'bank-c-sub' });
  });
});

describe('CreditChainClient requests and failures', () => {
  const reply = (status: number, body: string, type = 'application/json') => async () => new Response(body, { status, headers: { 'content-type': type } });

  it('builds its paths from the shared route table', () => {
    expect(routePath('getTx', { id: 'ab'.repeat(32) })).toBe(`/v1/txs/${'ab'.repeat(32)}`);
    expect(routePath('inclusionProof', {}, { index: 3, size: 9 })).toBe('/v1/log/proofs/inclusion?index=3&size=9');
    expect(routePath('account', { name: 'demo-bank' })).toBe('/v1/accounts/demo-bank');
  });

  it('keeps an unknown error code in details and uses the closest known one', async () => {
    const c = new CreditChainClient('http://node.test', { fetch: reply(404, JSON.stringify({ code: 'WIDGET_NOT_FOUND', message: 'No such widget.' })) });
    await expect(c.status()).rejects.toMatchObject({ code: 'API_NOT_FOUND', message: 'No such widget.', details: { code: 'WIDGET_NOT_FOUND', status: 404 } });
    const busy = new CreditChainClient('http://node.test', { fetch: reply(503, JSON.stringify({ code: 'NEW_BUSY', message: 'Busy.' })) });
    await expect(busy.status()).rejects.toMatchObject({ code: 'NODE_OVERLOADED' });
  });

  it('says so when the reply is not from a CreditChain node', async () => {
    const c = new CreditChainClient('http://node.test', { fetch: reply(502, '<html>Bad gateway</html>', 'text/html') });
    await expect(c.status()).rejects.toMatchObject({ code: 'CLIENT_BAD_REPLY' });
    const notJson = new CreditChainClient('http://node.test', { fetch: reply(200, 'hello', 'text/plain') });
    await expect(notJson.status()).rejects.toMatchObject({ code: 'CLIENT_BAD_REPLY' });
  });

  it('asks a read once more when its connection was reset, and never sends a transaction twice', async () => {
    const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const calls: string[] = [];
    const flaky = (failures: number) => async (_url: unknown, init?: RequestInit) => {
      calls.push(String(init?.method));
      if (calls.length <= failures) throw reset();
      return new Response(JSON.stringify({ code: 'API_NOT_FOUND', message: 'No such thing.' }), { status: 404, headers: { 'content-type': 'application/json' } });
    };
    // Reset once: the second answer is the one given (here a refusal, to tell it apart).
    await expect(new CreditChainClient('http://node.test', { fetch: flaky(1) }).status()).rejects.toMatchObject({ code: 'API_NOT_FOUND' });
    expect(calls).toEqual(['GET', 'GET']);
    // Reset twice: the node did not answer, and the reset is named.
    calls.length = 0;
    await expect(new CreditChainClient('http://node.test', { fetch: flaky(2) }).status()).rejects.toMatchObject({ code: 'CLIENT_UNREACHABLE', details: { cause: 'ECONNRESET' } });
    expect(calls).toEqual(['GET', 'GET']);
    // A transaction is sent once, whatever happened to it.
    calls.length = 0;
    await expect(new CreditChainClient('http://node.test', { fetch: flaky(1) }).submitTx(new Uint8Array([0xa0]))).rejects.toMatchObject({ code: 'CLIENT_UNREACHABLE' });
    expect(calls).toEqual(['POST']);
  });

  it('says the node did not answer when nothing listens, and refuses a bad URL', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = new CreditChainClient(`http://127.0.0.1:${port}`);
    await expect(c.status()).rejects.toMatchObject({ code: 'CLIENT_UNREACHABLE', message: `The node did not answer at http://127.0.0.1:${port} (connection refused: is the node running?).` });
    expect(() => new CreditChainClient('localhost:7700')).toThrow(expect.objectContaining({ code: 'CLIENT_BAD_URL' }));
    expect(() => new CreditChainClient('not a url')).toThrow(expect.objectContaining({ code: 'CLIENT_BAD_URL' }));
  });
});
