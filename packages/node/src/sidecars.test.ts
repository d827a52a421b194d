// Sidecars in the node: delivered with their transaction (POST /v1/txs, /v1/txs/batch), checked
// at admission, stored with the block when the transaction commits "ok", erased with the block
// that erases them — gone from every byte of the data directory — and kept across a restart.
// A crash between writing the files and committing the block, or between committing an erasure
// and shredding the file, is finished when the store opens.
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { open } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCanonical, getSuite, sha256, toHex, utf8, type CborMap, type DecodedTx } from '@creditchain/core';
import { MAX_SIDECAR_BYTES, sidecarCommitment } from '@creditchain/ledger';
import { CreditChainClient, buildTx, encodeTxWithSidecars, makeSidecar, type CommittedSidecar, type KeyPair } from '@creditchain/sdk';
import { Chain } from './chain.js';
import { loadGenesis, loadNodeKey, paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';
import { SidecarStore } from './sidecar-store.js';

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
    expect(service.isPending(toHex(tx.id))).toBe(false);
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
    expect(service.isPending(toHex(tx.id))).toBe(false);
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
      await chain.commit(block1, new Map([[toHex(tx.id), delivered]]));
      expect(chain.storage.getSidecar(erased.commitment)).toBeDefined();
      // A block whose outcome erases one of them (as the credit module's expiry will).
      const block2 = chain.execute([], Date.now(), true);
      await chain.commit({ ...block2, erasures: [erased.commitment] });
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

// --- erasure for good, and crashes around it, on a chain opened directly -----------------------

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Every file under `root`, recursively — LMDB's data.mdb and lock.mdb included — whose bytes hold `marker`. */
function filesHolding(root: string, marker: string): string[] {
  const needle = Buffer.from(marker, 'utf8');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    // The anchor index renames and deletes its files as it writes (its manifest, merged runs): one
    // gone since the listing held nothing.
    .filter((file) => readIfThere(file)?.includes(needle) === true)
    .map((file) => relative(root, file));
}

interface Fixture {
  readonly dir: string;
  readonly chain: Chain;
  reopen(): Promise<Chain>;
  /** A bind-subject transaction by the registrar carrying `sidecars`, with them delivered. */
  bind(sidecars: CommittedSidecar[], name?: string): { tx: DecodedTx; delivered: Map<string, { commitment: Uint8Array; bytes: Uint8Array }[]> };
}

async function withChain(fn: (f: Fixture) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-erase-'));
  const reg = initDevDataDir(dir).find((k) => k.account === 'demo-regulator')!;
  const open = () => Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, 'dev-node'));
  let nonce = 0;
  const f: Fixture = {
    dir,
    chain: open(),
    async reopen() {
      await f.chain.close();
      (f as { chain: Chain }).chain = open();
      return f.chain;
    },
    bind(sidecars, name = `erasure-subject-${nonce}`) {
      const tx = buildTx({
        suite, chainId: 'creditchain-dev', sender: 'demo-regulator', nonce: nonce++, expires: f.chain.head.header.height + 100, seed: reg.seed,
        module: 'identity', action: 'bind-subject', payload: { name, subject: sha256(utf8(name)), keys: [{ alg: 'ed25519', key: reg.publicKey }] }, sidecars: sidecars.map((s) => s.commitment),
      });
      const delivered = sidecars.map((s) => ({ commitment: s.commitment, bytes: encodeCanonical({ salt: s.salt, payload: s.payload }) }));
      return { tx, delivered: new Map([[toHex(tx.id), delivered]]) };
    },
  };
  try {
    await fn(f);
  } finally {
    await f.chain.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A sidecar of personal details holding a marker found nowhere else. */
function details(): { sidecar: CommittedSidecar; marker: string } {
  const marker = `MARKER-${randomUUID()}`;
  return { marker, sidecar: makeSidecar(suite, { name: `Zhang San ${marker}`, contractNumber: 'L-2025-0042', amount: 120_000 }) };
}

describe('sidecar erasure leaves no trace in the data directory', () => {
  it('stores a sidecar in its own file only — not in LMDB — and erasing it leaves its marker in no byte of any file, before and after a restart', () =>
    withChain(async (f) => {
      const erased = details();
      const kept = details();
      const { tx, delivered } = f.bind([erased.sidecar, kept.sidecar]);
      await f.chain.commit(f.chain.execute([tx], Date.now(), true), delivered);
      const store = new SidecarStore(paths(f.dir).db);
      const file = store.fileOf(erased.sidecar.commitment);
      expect(filesHolding(f.dir, erased.marker)).toEqual([relative(f.dir, file)]);
      expect(f.chain.storage.getSidecar(erased.sidecar.commitment)?.payload).toEqual(erased.sidecar.payload);
      const witness = join(f.dir, '..', `${f.dir.split('/').pop()}-witness`); // a second name for the file's inode
      linkSync(file, witness);
      try {
        const block = f.chain.execute([], Date.now(), true);
        await f.chain.commit({ ...block, erasures: [erased.sidecar.commitment] });
        expect(f.chain.storage.getSidecar(erased.sidecar.commitment)).toBeUndefined();
        expect(f.chain.storage.sidecarErasedAt(erased.sidecar.commitment)).toBe(block.header.height);
        expect(existsSync(file)).toBe(false);
        expect(filesHolding(f.dir, erased.marker)).toEqual([]);
        // Overwritten in place before the unlink: the inode's old blocks hold zeros, not the details.
        expect(readFileSync(witness).every((b) => b === 0)).toBe(true);
      } finally {
        rmSync(witness, { force: true });
      }
      expect(filesHolding(f.dir, kept.marker)).toEqual([relative(f.dir, store.fileOf(kept.sidecar.commitment))]);
      const chain = await f.reopen();
      expect(chain.storage.getSidecar(erased.sidecar.commitment)).toBeUndefined();
      expect(chain.storage.getSidecar(kept.sidecar.commitment)?.payload).toEqual(kept.sidecar.payload);
      expect(filesHolding(f.dir, erased.marker)).toEqual([]);
    }));

  it('never writes the sidecar of a failed transaction, nor one stored and erased by the same block', () =>
    withChain(async (f) => {
      const failed = details();
      const bad = f.bind([failed.sidecar], 'demo-bank'); // an existing account: the action fails
      const b1 = f.chain.execute([bad.tx], Date.now(), true);
      expect(b1.results[0]!.code).not.toBe('ok');
      await f.chain.commit(b1, bad.delivered);
      const same = details();
      const good = f.bind([same.sidecar]);
      const b2 = f.chain.execute([good.tx], Date.now(), true);
      await f.chain.commit({ ...b2, erasures: [same.sidecar.commitment] }, good.delivered);
      for (const d of [failed, same]) {
        expect(f.chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined();
        expect(filesHolding(f.dir, d.marker)).toEqual([]);
      }
    }));

  it('crash after the files are written, before the block commits: the orphan file (and a half-written temp file) is shredded at open, and the block can commit after', () =>
    withChain(async (f) => {
      const d = details();
      const { tx, delivered } = f.bind([d.sidecar]);
      const height = f.chain.head.header.height;
      // Step 1 of a commit — the block's files written and synced — and then the process dies.
      const store = new SidecarStore(paths(f.dir).db);
      store.writeAll(delivered.get(toHex(tx.id))!);
      const partial = details();
      mkdirSync(dirname(store.fileOf(partial.sidecar.commitment)), { recursive: true });
      writeFileSync(store.fileOf(partial.sidecar.commitment) + '.tmp', encodeCanonical({ salt: partial.sidecar.salt, payload: partial.sidecar.payload }));
      expect(filesHolding(f.dir, d.marker)).toHaveLength(1);
      expect(f.chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined(); // not indexed: never served
      let chain = await f.reopen();
      expect(chain.head.header.height).toBe(height);
      expect(chain.storage.sidecarSweep).toEqual({ kept: 0, shredded: 2 });
      expect(filesHolding(f.dir, d.marker)).toEqual([]);
      expect(filesHolding(f.dir, partial.marker)).toEqual([]);
      // The transactions went back to the mempool; the block commits on the next try.
      await chain.commit(chain.execute([tx], Date.now(), true), delivered);
      expect(chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
      chain = await f.reopen();
      expect(chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
      expect(chain.storage.sidecarSweep).toEqual({ kept: 1, shredded: 0 });
    }));

  it('crash after the erasure commits, before the file is shredded: never served, and shredded at open', () =>
    withChain(async (f) => {
      const d = details();
      const { tx, delivered } = f.bind([d.sidecar]);
      await f.chain.commit(f.chain.execute([tx], Date.now(), true), delivered);
      const file = new SidecarStore(paths(f.dir).db).fileOf(d.sidecar.commitment);
      const bytes = readFileSync(file);
      await f.chain.commit({ ...f.chain.execute([], Date.now(), true), erasures: [d.sidecar.commitment] });
      // The erased entry is in LMDB; put the file back as a crash before step 3 would leave it.
      writeFileSync(file, bytes);
      expect(filesHolding(f.dir, d.marker)).toHaveLength(1);
      expect(f.chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined();
      const chain = await f.reopen();
      expect(chain.storage.sidecarSweep.shredded).toBe(1);
      expect(existsSync(file)).toBe(false);
      expect(filesHolding(f.dir, d.marker)).toEqual([]);
      expect(chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined();
    }));

  it('a full disk at the block write: NODE_STORAGE_FULL, nothing committed, and the files already written are shredded', () =>
    withChain(async (f) => {
      const d = details();
      const { tx, delivered } = f.bind([d.sidecar]);
      const height = f.chain.head.header.height;
      // The block's write is a batch on lmdb-js's write thread, whose promise rejects when LMDB refuses it.
      const env = (f.chain.storage as unknown as { env: { batch: () => Promise<boolean> } }).env;
      const full = vi.spyOn(env, 'batch').mockImplementationOnce(() => Promise.reject(Object.assign(new Error('MDB_MAP_FULL: No space left on device'), { code: 'ENOSPC' })));
      await expect(f.chain.commit(f.chain.execute([tx], Date.now(), true), delivered)).rejects.toThrow(expect.objectContaining({ code: 'NODE_STORAGE_FULL' }));
      full.mockRestore();
      expect(f.chain.head.header.height).toBe(height);
      expect(f.chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined();
      expect(filesHolding(f.dir, d.marker)).toEqual([]);
    }));

  it('stores a sidecar again when it is delivered again after its erasure', () =>
    withChain(async (f) => {
      const d = details();
      const first = f.bind([d.sidecar]);
      await f.chain.commit(f.chain.execute([first.tx], Date.now(), true), first.delivered);
      await f.chain.commit({ ...f.chain.execute([], Date.now(), true), erasures: [d.sidecar.commitment] });
      expect(f.chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined();
      const again = f.bind([d.sidecar]);
      await f.chain.commit(f.chain.execute([again.tx], Date.now(), true), again.delivered);
      expect(f.chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
      expect(f.chain.storage.sidecarErasedAt(d.sidecar.commitment)).toBeUndefined();
      const chain = await f.reopen();
      expect(chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
    }));

  it('moves the sidecars of a store written before sidecar files (LMDB db "sidecars") into files at open', () =>
    withChain(async (f) => {
      const d = details();
      await f.chain.close();
      const env = open({ path: paths(f.dir).db, compression: false, maxDbs: 24 });
      const legacy = env.openDB({ name: 'sidecars', encoding: 'binary', keyEncoding: 'binary' });
      await legacy.put(d.sidecar.commitment, encodeCanonical({ salt: d.sidecar.salt, payload: d.sidecar.payload }));
      await env.close();
      (f as { chain: Chain }).chain = Chain.open(paths(f.dir).db, loadGenesis(f.dir), loadNodeKey(f.dir, 'dev-node'));
      expect(f.chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
      expect(existsSync(new SidecarStore(paths(f.dir).db).fileOf(d.sidecar.commitment))).toBe(true);
      await f.chain.close();
      const after = open({ path: paths(f.dir).db, compression: false, maxDbs: 24 });
      expect([...after.getKeys()]).not.toContain('sidecars'); // the old db is dropped
      await after.close();
      (f as { chain: Chain }).chain = Chain.open(paths(f.dir).db, loadGenesis(f.dir), loadNodeKey(f.dir, 'dev-node'));
      expect(f.chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
    }));
});
