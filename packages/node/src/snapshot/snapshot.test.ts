// State-sync snapshots: the record stream survives any cut into chunks; a snapshot taken from a
// chain restores into a new store that reopens with the same head and roots; a wrong chunk is
// fetched again from another peer; a snapshot that does not give the trusted app hash, or whose
// contents were changed, is refused before anything is written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { open } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditChainError, equalBytes, sha256, signTx, toHex, utf8 } from '@creditchain/core';
import { networkAppHash } from '../app-hash.js';
import { Chain, type NodeKey } from '../chain.js';
import { loadGenesis, loadNodeKey, paths } from '../config.js';
import { initDevDataDir } from '../dev.js';
import { ChunkWriter, RecordReader, RecordTag, decodeMetadata, encodeMetadata, snapshotHash, type SnapshotRecord } from './format.js';
import { SnapshotRestore, type OfferedSnapshot } from './restore.js';
import { SnapshotStore, type SnapshotInfo } from './store.js';

describe('the record stream', () => {
  it('reads back every record, whatever the chunk size', () => {
    const record = fc.record({ tag: fc.constantFrom(...Object.values(RecordTag)), payload: fc.uint8Array({ maxLength: 300 }) });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (records, size) => {
        const chunks: Uint8Array[] = [];
        const w = new ChunkWriter((c, i) => {
          expect(i).toBe(chunks.length);
          chunks.push(c);
        }, size);
        for (const r of records) w.push(r.tag, r.payload);
        expect(w.finish()).toBe(chunks.length);
        expect(chunks.slice(0, -1).every((c) => c.length === size)).toBe(true);
        const reader = new RecordReader();
        const back: SnapshotRecord[] = chunks.flatMap((c) => reader.feed(c));
        reader.end();
        expect(back.map((r) => [r.tag, toHex(r.payload)])).toEqual(records.map((r) => [r.tag, toHex(r.payload)]));
      }),
    );
  });

  it('refuses a stream cut inside a record, or a record of unknown kind', () => {
    const reader = new RecordReader();
    reader.feed(new Uint8Array([RecordTag.state, 0, 0, 0, 9, 1, 2]));
    expect(() => reader.end()).toThrow(/ends inside a record/);
    expect(() => new RecordReader().feed(new Uint8Array([77, 0, 0, 0, 0]))).toThrow(/unknown kind 77/);
  });

  it('metadata round-trips and refuses garbage with SNAPSHOT_INVALID', () => {
    const m = { height: 12, chunkHashes: [sha256(utf8('a')), sha256(utf8('b'))] };
    const back = decodeMetadata(encodeMetadata(m), 32);
    expect(back.height).toBe(12);
    expect(back.chunkHashes.map(toHex)).toEqual(m.chunkHashes.map(toHex));
    expect(() => decodeMetadata(utf8('not cbor'), 32)).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID' }));
    expect(() => decodeMetadata(encodeMetadata({ height: 1, chunkHashes: [] }), 32)).toThrow(/at least one chunk/);
  });
});

describe('taking and restoring a snapshot', () => {
  const root = mkdtempSync(join(tmpdir(), 'cc-snapshot-'));
  const source = join(root, 'source');
  let chain: Chain;
  const initDevDataDirKeys = new Map<string, ReturnType<typeof initDevDataDir>[number]>();
  let taken: SnapshotInfo;
  let store: SnapshotStore;
  const otherKey = (name: string): NodeKey => {
    const seed = sha256(utf8(name));
    return { name, seed, publicKey: chain.suite.publicKeyOf(seed) };
  };

  beforeAll(async () => {
    const keys = initDevDataDir(source);
    for (const k of keys) initDevDataDirKeys.set(k.account!, k);
    chain = Chain.open(paths(source).db, loadGenesis(source), loadNodeKey(source, 'dev-node'));
    const k = keys[0]!;
    for (let b = 0; b < 5; b++) {
      const txs = [0, 1, 2].map((i) =>
        signTx(chain.suite, {
          chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account!, nonce: b * 3 + i, expires: 100,
          payload: { items: [{ hash: sha256(utf8(`doc ${b} ${i}`)) }] }, sidecars: [],
        }, [k.seed]),
      );
      await chain.commit(chain.execute(txs, 1_800_000_000_000 + b, true));
    }
    store = new SnapshotStore(chain.storage.path, chain.suite, 2);
    taken = await store.take(chain.storage.readView());
  });

  afterAll(async () => {
    await chain.close();
    rmSync(root, { recursive: true, force: true });
  });

  const appHashOf = (c: Chain) => (h: Parameters<typeof networkAppHash>[1]) => networkAppHash(c.suite, h);
  const offer = (s: SnapshotInfo): OfferedSnapshot => s;

  /** Restores `chunks` of the snapshot into a new store; returns the reopened chain. */
  async function restoreInto(name: string, chunks: (i: number) => Uint8Array, trusted = networkAppHash(chain.suite, chain.head.header)): Promise<Chain> {
    const target = Chain.open(join(root, name), loadGenesis(source), otherKey(name), { consensus: 'cometbft' });
    try {
      const r = SnapshotRestore.offer(target.suite, target.genesis.chainId, offer(taken), trusted, appHashOf(target));
      for (let i = 0; i < taken.chunks; i++) expect(r.apply(i, chunks(i))).toBe('ok');
      target.restore(r.finish());
    } finally {
      await target.close();
    }
    return Chain.open(join(root, name), loadGenesis(source), otherKey(name), { consensus: 'cometbft' });
  }

  /**
   * What a dishonest peer can offer: the snapshot's records changed by `edit`, cut into chunks,
   * with metadata of its own — each chunk then hashes right. Offered against the true app hash.
   */
  function forged(edit: (records: SnapshotRecord[]) => SnapshotRecord[]): { restore: SnapshotRestore; chunks: Uint8Array[] } {
    const records: SnapshotRecord[] = [];
    const reader = new RecordReader();
    for (let i = 0; i < taken.chunks; i++) records.push(...reader.feed(store.loadChunk(5, 1, i)!));
    const chunks: Uint8Array[] = [];
    const w = new ChunkWriter((c) => chunks.push(c));
    for (const r of edit(records)) w.push(r.tag, r.payload);
    w.finish();
    const metadata = encodeMetadata({ height: 5, chunkHashes: chunks.map((c) => chain.suite.hash(c)) });
    const offered = { height: 5, format: 1, chunks: chunks.length, hash: snapshotHash(chain.suite, metadata), metadata };
    return { restore: SnapshotRestore.offer(chain.suite, chain.genesis.chainId, offered, networkAppHash(chain.suite, chain.head.header), appHashOf(chain)), chunks };
  }

  it('lists the snapshot taken, and loads its chunks', () => {
    expect(taken.height).toBe(5);
    expect(store.list().map((s) => s.height)).toEqual([5]);
    expect(toHex(taken.hash)).toBe(toHex(snapshotHash(chain.suite, taken.metadata)));
    expect(store.loadChunk(5, 1, 0)).toBeInstanceOf(Uint8Array);
    expect(store.loadChunk(5, 1, taken.chunks)).toBeUndefined();
    expect(store.loadChunk(4, 1, 0)).toBeUndefined();
    expect(store.loadChunk(5, 2, 0)).toBeUndefined();
  });

  it('restores into a new store, which reopens at the same head with the same roots and serves old log entries', async () => {
    const restored = await restoreInto('restored', (i) => store.loadChunk(5, 1, i)!);
    try {
      const h = restored.head.header;
      expect(h.height).toBe(5);
      expect(toHex(restored.head.hash)).toBe(toHex(chain.head.hash));
      expect(toHex(h.stateRoot)).toBe(toHex(chain.head.header.stateRoot));
      expect(restored.storage.base).toBe(5);
      expect(restored.storage.stateEntryCount()).toBe(chain.storage.stateEntryCount());
      expect(toHex(restored.storage.getEntryBytes(0)!)).toBe(toHex(chain.storage.getEntryBytes(0)!));
      // The anchored hashes, indexed from the snapshot's log (the state keeps none of them).
      for (let b = 0; b < 5; b++) for (const i of [0, 1, 2]) expect(await restored.storage.anchorRef(sha256(utf8(`doc ${b} ${i}`)))).toEqual({ logIndex: b * 3 + i, position: 0 });
      // Its own checkpoint of the head, signed with its own key.
      expect(restored.head.checkpoint).toContain('— restored ');
      expect(restored.storage.getHeaderBytes(4)).toBeUndefined();
      // It goes on from the snapshot: the next block links to it.
      const next = restored.execute([], 1_800_000_000_100, true, { proposer: new Uint8Array(32), validators: new Uint8Array(32) });
      expect(equalBytes(next.header.prev, chain.head.hash)).toBe(true);
      await restored.commit(next);
    } finally {
      await restored.close();
    }
    const again = Chain.open(join(root, 'restored'), loadGenesis(source), otherKey('restored'), { consensus: 'cometbft' });
    expect(again.head.header.height).toBe(6);
    await again.close();
  });

  it('a restored store whose base block was changed afterwards is refused at start', async () => {
    const name = 'tampered';
    const restored = await restoreInto(name, (i) => store.loadChunk(5, 1, i)!);
    await restored.close();
    const env = open({ path: join(root, name), maxDbs: 24, compression: false });
    const meta = env.openDB({ name: 'meta', encoding: 'json' });
    await meta.put('snapshot', { height: 5, appHash: toHex(new Uint8Array(32)) });
    await env.close();
    expect(() => Chain.open(join(root, name), loadGenesis(source), otherKey(name), { consensus: 'cometbft' })).toThrow(
      expect.objectContaining({ code: 'NODE_TAMPERED', message: expect.stringMatching(/no longer gives the app hash it was restored with/) }),
    );
  });

  it('refuses a snapshot whose transaction is not the one its log entry names', () => {
    // The first two transactions swapped: each is a real transaction of the chain, in the wrong place.
    const { restore, chunks } = forged((records) => {
      const txs = records.filter((r) => r.tag === RecordTag.tx);
      return records.map((r) => (r === txs[0] ? txs[1]! : r === txs[1] ? txs[0]! : r));
    });
    expect(() => chunks.forEach((c, i) => restore.apply(i, c))).toThrow(/Transaction 0 of the snapshot is not the one log entry 0 names/);
  });

  it('asks for a chunk again when one does not hash to the metadata, and refuses one out of order', () => {
    const r = SnapshotRestore.offer(chain.suite, chain.genesis.chainId, offer(taken), networkAppHash(chain.suite, chain.head.header), appHashOf(chain));
    const good = store.loadChunk(5, 1, 0)!;
    const bad = good.slice();
    bad[bad.length - 1] ^= 1;
    expect(r.apply(0, bad)).toBe('retry');
    expect(r.apply(0, good)).toBe('ok');
    if (taken.chunks > 1) expect(() => r.apply(2, good)).toThrow(/chunk 1 is next/);
  });

  it('refuses a snapshot that does not give the app hash the light client trusts, writing nothing', async () => {
    const target = Chain.open(join(root, 'untrusted'), loadGenesis(source), otherKey('untrusted'), { consensus: 'cometbft' });
    try {
      const r = SnapshotRestore.offer(target.suite, target.genesis.chainId, offer(taken), sha256(utf8('another chain state')), appHashOf(target));
      for (let i = 0; i < taken.chunks; i++) r.apply(i, store.loadChunk(5, 1, i)!);
      expect(() => r.finish()).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID', message: expect.stringMatching(/light client trusts/) }));
      expect(target.head.header.height).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('refuses a snapshot whose contents were changed, even with metadata made to match', () => {
    // One state value rewritten: the state no longer gives the header's root.
    const { restore, chunks } = forged((records) => records.map((r, i) => (r.tag === RecordTag.state && i === 3 ? { tag: r.tag, payload: Uint8Array.from([...r.payload.subarray(0, 32), 0x42]) } : r)));
    chunks.forEach((c, i) => restore.apply(i, c));
    expect(() => restore.finish()).toThrow(/state entries do not give its block's state root/);
  });

  it('refuses an offer whose hash or chunk count does not match its metadata', () => {
    const trusted = networkAppHash(chain.suite, chain.head.header);
    expect(() => SnapshotRestore.offer(chain.suite, chain.genesis.chainId, { ...taken, hash: new Uint8Array(32) }, trusted, appHashOf(chain))).toThrow(/hash of its metadata/);
    expect(() => SnapshotRestore.offer(chain.suite, chain.genesis.chainId, { ...taken, chunks: taken.chunks + 1 }, trusted, appHashOf(chain))).toThrow(/does not match its offer/);
    expect(() => SnapshotRestore.offer(chain.suite, chain.genesis.chainId, { ...taken, format: 2 }, trusted, appHashOf(chain))).toThrow(CreditChainError);
  });

  it('a snapshot copied while later blocks commit is the state of its own height', async () => {
    const view = chain.storage.readView();
    const at = chain.head.header;
    // Two more blocks, one of which writes state, before the copy starts.
    const k = initDevDataDirKeys.get('demo-bank')!;
    const tx = signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account!, nonce: 15, expires: 100, payload: { items: [{ hash: sha256(utf8('later')) }] }, sidecars: [] }, [k.seed]);
    await chain.commit(chain.execute([tx], 1_800_000_000_500, true));
    await chain.commit(chain.execute([], 1_800_000_000_600, true));
    expect(chain.head.header.height).toBe(at.height + 2);
    const later = await store.take(view);
    expect(later.height).toBe(at.height);
    const r = SnapshotRestore.offer(chain.suite, chain.genesis.chainId, later, networkAppHash(chain.suite, at), appHashOf(chain));
    for (let i = 0; i < later.chunks; i++) expect(r.apply(i, store.loadChunk(later.height, 1, i)!)).toBe('ok');
    expect(r.finish().entries.length).toBe(at.logSize);
  });

  it('keeps only the newest snapshots', async () => {
    for (let b = 0; b < 3; b++) {
      await chain.commit(chain.execute([], 1_800_000_001_000 + b, true));
      await store.take(chain.storage.readView());
    }
    const h = chain.head.header.height;
    expect(store.list().map((s) => s.height)).toEqual([h, h - 1]);
  });
});
