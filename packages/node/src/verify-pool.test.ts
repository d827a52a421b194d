// The verification threads give the synchronous verifier's answers — good and bad signatures,
// Ed25519, SM2, ML-DSA and SLH-DSA, several signatures a transaction — and survive a thread that
// stops: its batch is answered by a new thread, or refused clearly if it stops that one too.
// (The threads run the build's verify-worker.js: `npm run build` first, as `npm test` does.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { concatBytes, firstBadSignature, getSuite, mlDsa65, sha256, signTx, slhDsa, toHex, utf8, type DecodedTx, type TxSigner } from '@creditchain/core';
import { batchOfItems, batchRoot, parseGenesis } from '@creditchain/ledger';
import { FAILED, VERIFIED, packBatch, unpackBatch, type SignedBody } from './verify-batch.js';
import { VerifyPool, type VerifyPoolOptions } from './verify-pool.js';
import { offloadsDigest } from './solo.js';

const intl = getSuite('intl');
const gm = getSuite('gm');
const seed = (s: string) => sha256(utf8(s));
const SLH_SEED = Uint8Array.of(...seed('slh'), ...seed('slh prf').subarray(0, 16));

function tx(suite = intl, signers: TxSigner[] = [seed('a')], nonce = 0): DecodedTx {
  const body = { chain: 'pool-test', module: 'evidence', action: 'anchor', sender: 'bank-a', nonce, expires: 100, payload: { items: [{ hash: seed(`doc ${nonce}`) }] }, sidecars: [] };
  return signTx(suite, body, signers);
}

/** The same transaction with signature `i` replaced by another transaction's (so it is wrong). */
function badSig(t: DecodedTx, i: number, other: DecodedTx): DecodedTx {
  return { ...t, sigs: t.sigs.map((s, j) => (j === i ? { ...s, sig: other.sigs[i]!.sig } : s)) };
}

/** Signed once (SLH-DSA signs slowly) and shared by the tests. */
let mixedTxs: DecodedTx[] | undefined;
function mixed(): DecodedTx[] {
  mixedTxs ??= signMixed();
  return mixedTxs;
}

function signMixed(): DecodedTx[] {
  const a = tx(intl, [seed('a')], 1);
  const b = tx(intl, [seed('a')], 2);
  const two = tx(intl, [seed('a'), seed('b')], 3);
  const sm2 = tx(gm, [seed('gm')], 4);
  const ml = tx(intl, [{ alg: mlDsa65.id, secret: seed('ml') }], 5);
  const slh = tx(intl, [seed('a'), { alg: slhDsa.id, secret: SLH_SEED }], 6);
  const keys = Array.from({ length: 40 }, (_, i) => tx(intl, [seed(`k${i}`)], 100 + i));
  return [a, badSig(a, 0, b), two, badSig(two, 1, tx(intl, [seed('a'), seed('b')], 9)), sm2, badSig(sm2, 0, tx(gm, [seed('gm')], 8)), ml, badSig(ml, 0, tx(intl, [{ alg: mlDsa65.id, secret: seed('ml') }], 7)), slh, { ...slh, sigs: [slh.sigs[0]!, { ...slh.sigs[1]!, sig: slh.sigs[1]!.sig.map((b, i) => (i === 0 ? b ^ 1 : b)) }] }, ...keys];
}

const pools: VerifyPool[] = [];
function pool(threads: number, opts: Omit<VerifyPoolOptions, 'threads'> = {}): VerifyPool {
  const p = new VerifyPool({ threads, ...opts });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const dir = mkdtempSync(join(tmpdir(), 'cc-verify-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const realWorker = new URL('../dist/verify-worker.js', import.meta.url);

/** A worker script that stops its thread on a batch, then (with `once`) works normally. */
function crashingWorker(name: string, once: boolean): URL {
  const flag = join(dir, `${name}.crashed`);
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
if (${once} && existsSync(${JSON.stringify(flag)})) await import(${JSON.stringify(realWorker.href)});
else parentPort.on('message', () => { writeFileSync(${JSON.stringify(flag)}, ''); process.exit(3); });
`,
  );
  return pathToFileURL(file);
}

describe('the wire form of a batch', () => {
  it('gives back every body, algorithm, key and signature', () => {
    const txs = mixed();
    const plain = (list: readonly SignedBody[]) => list.map((t) => ({ body: [...t.bodyBytes], digest: t.digest === true, sigs: t.sigs.map((s) => ({ alg: s.alg, key: [...s.key], sig: [...s.sig] })) }));
    const flagged = txs.map((t, i) => ({ bodyBytes: t.bodyBytes, sigs: t.sigs, digest: i % 3 === 0 }));
    expect(plain(unpackBatch(packBatch(flagged)))).toEqual(plain(flagged));
  });
});

describe('VerifyPool', () => {
  it("answers as the synchronous verifier does, for every algorithm, good and bad signatures", async () => {
    const txs = mixed();
    const expected = txs.map((t) => firstBadSignature(t.bodyBytes, t.sigs));
    expect(expected.slice(0, 10)).toEqual([VERIFIED, 0, VERIFIED, 1, VERIFIED, 0, VERIFIED, 0, VERIFIED, 1]);
    const p = pool(2, { maxBatch: 7 });
    expect(p.size).toBe(2);
    expect([...(await p.verify(txs)).verdicts]).toEqual(expected);
    // Requests made together are sent together, and each gets its own answers.
    const [x, y, z] = await Promise.all([p.verify(txs.slice(0, 3)), p.verify([]), p.verify(txs.slice(3))]);
    expect([...x.verdicts, ...y.verdicts, ...z.verdicts]).toEqual(expected);
  });

  it('starts its threads once there is work for them, and is warm once one answers', async () => {
    const p = pool(2);
    for (let i = 0; i < 10; i++) expect(p.warm(1)).toBe(false); // a quiet node: not started
    expect(p.warm(16)).toBe(false); // a batch starts them
    await expect.poll(() => p.warm(1), { timeout: 10_000 }).toBe(true);
    const busy = pool(1);
    for (let i = 0; i < 200; i++) busy.warm(1);
    await expect.poll(() => busy.warm(1), { timeout: 10_000 }).toBe(true); // 200 in a second start them too
    const heavy = pool(1);
    expect(heavy.warm(1, 300_000)).toBe(false);
    expect(heavy.warm(1, 300_000)).toBe(false); // 600 KB in a second (two anchor batches) start them
    await expect.poll(() => heavy.warm(1), { timeout: 10_000 }).toBe(true);
    expect(pool(0).warm(100)).toBe(false);
  });

  it("given the chain's suite and genesis, computes the batch root of each anchor asked for with the ledger's own parse, and nothing for one not asked for, other actions or a payload that does not parse", async () => {
    const genesis = { chainId: 'pool-test', cryptoSuite: 'intl', genesisTime: '2026-01-01T00:00:00Z', params: { protocolVersion: 2 }, orgs: [{ id: 'reg', name: 'Regulator', type: 'regulator', weight: 1, roles: ['admin'] }], accounts: [{ name: 'bank-a', org: 'reg', roles: ['admin'], keys: [{ publicKey: toHex(intl.publicKeyOf(seed('a'))) }] }] };
    const items = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? { hash: seed(`item ${i}`), label: `file ${i}` } : { hash: seed(`item ${i}`) }));
    const anchor = signTx(intl, { chain: 'pool-test', module: 'evidence', action: 'anchor', sender: 'bank-a', nonce: 0, expires: 100, payload: { items }, sidecars: [] }, [seed('a')]);
    const twice = signTx(intl, { chain: 'pool-test', module: 'evidence', action: 'anchor', sender: 'bank-a', nonce: 1, expires: 100, payload: { items: [items[0]!, items[0]!] }, sidecars: [] }, [seed('a')]);
    const other = signTx(intl, { chain: 'pool-test', module: 'consent', action: 'revoke', sender: 'bank-a', nonce: 2, expires: 100, payload: { consent: 1 }, sidecars: [] }, [seed('a')]);
    // Packed: the same batch as its unlabelled items, whatever the chain's version (the main thread checks that).
    const plain = items.filter((it) => it.label === undefined);
    const packed = signTx(intl, { chain: 'pool-test', module: 'evidence', action: 'anchor', sender: 'bank-a', nonce: 3, expires: 100, payload: { hashes: concatBytes(...plain.map((it) => it.hash)) }, sidecars: [] }, [seed('a')]);
    const p = pool(2, { digests: { suite: 'intl', genesis: parseGenesis(genesis) } });
    const ask = (t: DecodedTx, digest = true) => ({ bodyBytes: t.bodyBytes, sigs: t.sigs, digest });
    const { verdicts, digests } = await p.verify([ask(anchor), ask(twice), ask(other), ask(tx()), ask(anchor, false), ask(packed)]);
    expect([...verdicts]).toEqual([VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED]);
    expect(digests.map((d) => (d === undefined ? undefined : toHex(d)))).toEqual([
      toHex(batchRoot(intl, batchOfItems(items))),
      undefined,
      undefined,
      toHex(batchRoot(intl, batchOfItems([{ hash: seed('doc 0') }]))),
      undefined,
      toHex(batchRoot(intl, batchOfItems(plain))),
    ]);
    // Without the chain's context, no digests.
    expect((await pool(1).verify([ask(anchor)])).digests).toEqual([undefined]);
  });

  it('the solo node asks the threads for digests of big anchor batches only', () => {
    const anchorOf = (n: number) => signTx(intl, { chain: 'pool-test', module: 'evidence', action: 'anchor', sender: 'bank-a', nonce: 0, expires: 100, payload: { items: Array.from({ length: n }, (_, i) => ({ hash: seed(`n ${i}`) })) }, sidecars: [] }, [seed('a')]);
    expect(offloadsDigest(anchorOf(1))).toBe(false); // 2 hashes in its block beat a second decode on the threads
    expect(offloadsDigest(anchorOf(1000))).toBe(true);
    const big = signTx(intl, { chain: 'pool-test', module: 'consent', action: 'revoke', sender: 'bank-a', nonce: 0, expires: 100, payload: { consent: 1, note: 'x'.repeat(20_000) }, sidecars: [] }, [seed('a')]);
    expect(offloadsDigest(big)).toBe(false); // no digest to its action
  });

  it('says FAILED for a signature whose check throws (an unknown algorithm)', async () => {
    const t = tx();
    const unknown = { ...t, sigs: [{ ...t.sigs[0]!, alg: 'rsa' }] };
    expect([...(await pool(1).verify([t, unknown])).verdicts]).toEqual([VERIFIED, FAILED]);
  });

  it('replaces a thread that stops, and its batch is answered by the new one', async () => {
    const txs = mixed();
    const p = pool(1, { workerUrl: crashingWorker('once', true) });
    expect([...(await p.verify(txs)).verdicts]).toEqual(txs.map((t) => firstBadSignature(t.bodyBytes, t.sigs)));
    expect([...(await p.verify(txs.slice(0, 2))).verdicts]).toEqual([VERIFIED, 0]);
  });

  it('refuses clearly a batch that stops its thread twice, and stops trying when threads never answer', async () => {
    const p = pool(1, { workerUrl: crashingWorker('always', false) });
    await expect(p.verify([tx()])).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('stopped twice') });
    await expect(p.verify([tx()])).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('without answering') });
    await expect(p.verify([tx()])).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('runs no threads when asked for none, or when its worker script is missing', async () => {
    expect(pool(0).size).toBe(0);
    expect(pool(2, { workerUrl: pathToFileURL(join(dir, 'missing.js')) }).size).toBe(0);
    await expect(pool(0).verify([tx()])).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('refuses what it still holds when closed, as the node stopping: not an internal error', async () => {
    const p = pool(1);
    const refused = expect(p.verify([tx()])).rejects.toMatchObject({ code: 'NODE_STOPPING', message: expect.stringContaining('not accepted') });
    await p.close();
    await refused;
  });
});
