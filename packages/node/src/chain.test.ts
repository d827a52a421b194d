// The node refuses to run on a stored chain that was changed behind its back, and says what
// is wrong; an untouched store reopens at the same head.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditChainError, concatBytes, encodeStateProof, equalBytes, getSuite, proveKey, sha256, signTx, toHex, utf8, verifyStateProofValue } from '@creditchain/core';
import { anchoringKey } from '@creditchain/ledger';
import { verifyReceipt } from '@creditchain/sdk';
import { Chain, type OpenOptions } from './chain.js';
import { buildReceipt, findAnchoring } from './receipts.js';
import { DEFAULT_STATE_CACHE_MIB, MAX_STATE_CACHE_MIB, loadGenesis, loadNodeKey, paths } from './config.js';
import { stateCacheSlots } from './storage.js';
import { initDevDataDir } from './dev.js';

const root = mkdtempSync(join(tmpdir(), 'cc-chain-'));
const dir = join(root, 'node');
let headHash = '';
let devKey: { account: string; seed: Uint8Array };

function openChain(d: string, opts: OpenOptions = {}): Chain {
  return Chain.open(paths(d).db, loadGenesis(d), loadNodeKey(d, 'dev-node'), opts);
}

beforeAll(async () => {
  const keys = initDevDataDir(dir);
  // A chain of protocol version 1, whose anchors keep a state entry per hash: the layout tests
  // below need many state keys, and the anchor index is checked on a version-1 chain too.
  const genesisFile = paths(dir).genesis;
  writeFileSync(genesisFile, JSON.stringify({ ...JSON.parse(readFileSync(genesisFile, 'utf8')), params: { protocolVersion: 1 } }));
  const chain = openChain(dir);
  const k = keys[0]!;
  devKey = { account: k.account!, seed: k.seed };
  for (let b = 0; b < 4; b++) {
    const txs = [0, 1].map((i) =>
      signTx(chain.suite, {
        chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account!, nonce: b * 2 + i, expires: 100,
        payload: { items: [{ hash: sha256(utf8(`doc ${b} ${i}`)) }] }, sidecars: [],
      }, [k.seed]),
    );
    await chain.commit(chain.execute(txs, 1_800_000_000_000 + b, true));
  }
  headHash = toHex(chain.head.hash);
  await chain.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function tamper(edit: (env: ReturnType<typeof open>) => void): Promise<string> {
  const copy = mkdtempSync(join(root, 'copy-'));
  cpSync(dir, copy, { recursive: true });
  const env = open({ path: paths(copy).db, maxDbs: 16, compression: false });
  edit(env);
  await env.flushed;
  await env.close();
  return copy;
}

/** Reopens the store in `d` and proves each anchored hash's state entry at its head; gives the root. */
async function expectReopenedProves(d: string, hashes: readonly Uint8Array[], opts: { stateCacheMiB?: number } = {}): Promise<Uint8Array> {
  const again = openChain(d, opts);
  try {
    const root = again.head.header.stateRoot;
    for (const h of hashes) {
      const key = anchoringKey(again.suite, h);
      const proof = proveKey(again.suite.hash, again.storage.stateNodeReader, root, key);
      expect(verifyStateProofValue(again.suite.hash, root, key, again.storage.getState(key)!, proof)).toBe(true);
    }
    return root;
  } finally {
    await again.close();
  }
}

function expectTampered(d: string, words: RegExp): void {
  try {
    openChain(d);
  } catch (e) {
    expect(e).toBeInstanceOf(CreditChainError);
    expect((e as CreditChainError).code).toBe('NODE_TAMPERED');
    expect((e as Error).message).toMatch(words);
    return;
  }
  throw new Error('the tampered chain was opened');
}

/** The entries of a state page: hash ‖ 65-byte preimage ‖ left (u32 height, u32 page) ‖ right. */
function pageEntries(page: Uint8Array): Array<{ offset: number; hash: Buffer; preimage: Buffer; raw: Buffer }> {
  const b = Buffer.from(page);
  return Array.from({ length: b.length / 113 }, (_, i) => ({ offset: i * 113, hash: b.subarray(i * 113, i * 113 + 32), preimage: b.subarray(i * 113 + 32, i * 113 + 97), raw: b.subarray(i * 113, (i + 1) * 113) }));
}

/** The untouched store's proof for `key`, hex. */
async function proofNow(key: Uint8Array): Promise<string> {
  const chain = openChain(dir);
  try {
    return toHex(encodeStateProof(proveKey(chain.suite.hash, chain.storage.stateNodeReader, chain.head.header.stateRoot, key)));
  } finally {
    await chain.close();
  }
}

/** The store at `d` opens at the same head, proves `key` as `wanted`, and takes blocks on. */
async function expectProvesAndGoesOn(d: string, key: Uint8Array, wanted: string): Promise<void> {
  const moved = openChain(d);
  try {
    expect(toHex(moved.head.hash)).toBe(headHash);
    expect(toHex(encodeStateProof(proveKey(moved.suite.hash, moved.storage.stateNodeReader, moved.head.header.stateRoot, key)))).toBe(wanted);
    const k = devKey;
    await moved.commit(moved.execute([signTx(moved.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account, nonce: 8, expires: 100, payload: { items: [{ hash: sha256(utf8('after the move')) }] }, sidecars: [] }, [k.seed])], 1_800_000_000_100, true));
  } finally {
    await moved.close();
  }
  // Reopened, the whole tree (old nodes and the new block's pages) checks out.
  const again = openChain(d);
  expect(again.head.header.height).toBe(5);
  await again.close();
}

describe('stored chain check at start', () => {
  it('reopens an untouched store at the same head', async () => {
    const chain = openChain(dir);
    expect(chain.head.header.height).toBe(4);
    expect(toHex(chain.head.hash)).toBe(headHash);
    await chain.close();
  });

  it('reports its progress through the blocks, then through the state entries of the head', async () => {
    const seen: Array<[number, number, string]> = [];
    const chain = openChain(dir, { onProgress: (done, total, what) => seen.push([done, total, what]) });
    const entries = chain.storage.stateEntryCount();
    await chain.close();
    expect(seen).toEqual([
      [1, 5, 'blocks'],
      [5, 5, 'blocks'],
      [entries, entries, 'state entries'],
    ]);
  });

  it('refuses a changed log entry', async () => {
    const d = await tamper((env) => {
      const db = env.openDB({ name: 'log-entries', encoding: 'binary' });
      const b = Buffer.from(db.get(3) as Uint8Array);
      b[b.length - 1] ^= 1;
      db.putSync(3, b);
    });
    expectTampered(d, /log entry 3/);
  });

  it('refuses a stored transaction whose body was changed', async () => {
    const d = await tamper((env) => {
      // Transactions are kept by log index (u64 big-endian); the first key is the first one.
      const txs = env.openDB({ name: 'tx-bytes', encoding: 'binary', keyEncoding: 'binary' });
      const [first] = [...txs.getKeys()] as Uint8Array[];
      const b = Buffer.from(txs.get(first!) as Uint8Array);
      // A byte inside the body (the hash it anchors), not the signature at the end.
      const at = b.indexOf(Buffer.from('items')) + 12;
      b[at] ^= 1;
      txs.putSync(first!, b);
    });
    expectTampered(d, /transaction [0-9a-f]{64} of log entry \d+ (is not the one the entry names|does not decode)/);
  });

  it('refuses a changed block header', async () => {
    const d = await tamper((env) => {
      const db = env.openDB({ name: 'headers', encoding: 'binary' });
      const b = Buffer.from(db.get(2) as Uint8Array);
      b[b.length - 1] ^= 1;
      db.putSync(2, b);
    });
    expectTampered(d, /block [23]/);
  });

  it('refuses a checkpoint not signed by the node', async () => {
    const d = await tamper((env) => {
      const db = env.openDB({ name: 'checkpoints', encoding: 'string' });
      const before = String(db.get(1));
      const after = before.replace(/\n2\n/, '\n3\n');
      expect(after).not.toBe(before);
      db.putSync(1, after);
    });
    expectTampered(d, /checkpoint/);
  });

  it('refuses a missing block', async () => {
    const d = await tamper((env) => {
      env.openDB({ name: 'headers', encoding: 'binary' }).removeSync(1);
    });
    expectTampered(d, /block 1 is missing/);
  });

  it('refuses a log tree node that was changed', async () => {
    const d = await tamper((env) => {
      const db = env.openDB({ name: 'log-nodes', encoding: 'binary' });
      db.putSync([1, 0], new Uint8Array(32));
    });
    expectTampered(d, /log/);
  });
});

describe('stored state check at start', () => {
  it('refuses a state tree node that was changed, naming it', async () => {
    const untouched = openChain(dir);
    const root = untouched.head.header.stateRoot;
    await untouched.close();
    const d = await tamper((env) => {
      // Nodes are kept in pages under (height ‖ page); where the root is, state-roots says.
      const at = env.openDB({ name: 'state-roots', encoding: 'binary', keyEncoding: 'binary' }).get(root) as Uint8Array;
      const db = env.openDB({ name: 'state-pages', encoding: 'binary', keyEncoding: 'binary' });
      const page = Buffer.from(db.get(Buffer.from(at)) as Uint8Array);
      const entry = pageEntries(page).find((e) => equalBytes(e.hash, root))!;
      page[entry.offset + 32 + 64] ^= 1; // the last byte of the node's hash preimage, not the children's places after it
      db.putSync(Buffer.from(at), page);
    });
    expectTampered(d, new RegExp(`state tree node ${toHex(root)} does not hash to its key`));
  });

  it('reads a page that pruning folded away from its fold, and refuses a folded node that was changed', async () => {
    const untouched = openChain(dir);
    const root = untouched.head.header.stateRoot;
    await untouched.close();
    const key = anchoringKey(getSuite('intl'), sha256(utf8('doc 2 1'))); // a leaf the tree holds
    const wanted = await proofNow(key);
    // Pruning deletes a page left small and puts its nodes in its fold: height ‖ page / 8, entries in hash order.
    const foldRootPage = (flip: boolean) => (env: ReturnType<typeof open>) => {
      const at = Buffer.from(env.openDB({ name: 'state-roots', encoding: 'binary', keyEncoding: 'binary' }).get(root) as Uint8Array);
      const pages = env.openDB({ name: 'state-pages', encoding: 'binary', keyEncoding: 'binary' });
      const page = Buffer.from(pages.get(at) as Uint8Array);
      if (flip) page[pageEntries(page).find((e) => equalBytes(e.hash, root))!.offset + 32 + 64] ^= 1;
      const fold = Buffer.from(at);
      fold.writeUInt32BE(Math.floor(at.readUInt32BE(4) / 8), 4);
      env.openDB({ name: 'state-folds', encoding: 'binary', keyEncoding: 'binary' }).putSync(fold, page);
      pages.removeSync(at);
    };
    await expectProvesAndGoesOn(await tamper(foldRootPage(false)), key, wanted);
    expectTampered(await tamper(foldRootPage(true)), new RegExp(`state tree node ${toHex(root)} does not hash to its key`));
  });

  it('moves a store whose nodes were kept by hash alone to nodes kept by height, and proves from it', async () => {
    const key = sha256(utf8('evidence anchor key that is not there'));
    const wanted = await proofNow(key);
    // The layout before: db state-nodes, hash → the 65-byte preimage, and no state-roots.
    const d = await tamper((env) => {
      const pages = env.openDB({ name: 'state-pages', encoding: 'binary', keyEncoding: 'binary' });
      const legacy = env.openDB({ name: 'state-nodes', encoding: 'binary', keyEncoding: 'binary' });
      for (const { value } of pages.getRange()) for (const e of pageEntries(value as Buffer)) legacy.putSync(e.hash, e.preimage);
      pages.dropSync();
      env.openDB({ name: 'state-roots', encoding: 'binary', keyEncoding: 'binary' }).dropSync();
    });
    await expectProvesAndGoesOn(d, key, wanted);
  });

  it('reads a store whose nodes were kept one by one under (height ‖ hash), and goes on in pages', async () => {
    const key = anchoringKey(getSuite('intl'), sha256(utf8('doc 2 1'))); // a leaf the tree holds
    const wanted = await proofNow(key);
    // The layout before pages: db state-tree, u32 height ‖ hash → preimage (‖ u32 left height ‖
    // u32 right height), and state-roots holding a u32 height.
    const d = await tamper((env) => {
      const pages = env.openDB({ name: 'state-pages', encoding: 'binary', keyEncoding: 'binary' });
      const tree = env.openDB({ name: 'state-tree', encoding: 'binary', keyEncoding: 'binary' });
      const roots = env.openDB({ name: 'state-roots', encoding: 'binary', keyEncoding: 'binary' });
      for (const { key: k, value } of pages.getRange()) {
        for (const e of pageEntries(value as Buffer)) {
          const children = e.preimage[0] === 1 ? Buffer.concat([e.raw.subarray(97, 101), e.raw.subarray(105, 109)]) : Buffer.alloc(0);
          tree.putSync(Buffer.concat([(k as Buffer).subarray(0, 4), e.hash]), Buffer.concat([e.preimage, children]));
        }
      }
      for (const { key: k, value } of roots.getRange()) roots.putSync(k, (value as Buffer).subarray(0, 4));
      pages.dropSync();
    });
    await expectProvesAndGoesOn(d, key, wanted);
  });

  it('moves transaction locations kept as JSON (db tx-index) to binary ones, found as before', async () => {
    const before = openChain(dir);
    const ids = [1, 2, 3, 4].flatMap((h) => before.storage.getBlockTxIds(h)!);
    const wanted = ids.map((id) => before.storage.getTxLocation(id));
    await before.close();
    expect(wanted.map((l) => l!.logIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The layout before: db tx-index, id → JSON {height, position, logIndex}.
    const d = await tamper((env) => {
      const legacy = env.openDB({ name: 'tx-index', encoding: 'json', keyEncoding: 'binary' });
      ids.forEach((id, i) => legacy.putSync(id, wanted[i]));
      env.openDB({ name: 'tx-locations', encoding: 'binary', keyEncoding: 'binary' }).dropSync();
    });
    const moved = openChain(d);
    try {
      expect(ids.map((id) => moved.storage.getTxLocation(id))).toEqual(wanted);
      expect(moved.txResult(ids[5]!)).toMatchObject({ height: 3, position: 1, logIndex: 5 });
    } finally {
      await moved.close();
    }
  });

  it('moves transactions and results kept by id (dbs txs, results) to ones kept by log index, found as before', async () => {
    const before = openChain(dir);
    const ids = [1, 2, 3, 4].flatMap((h) => before.storage.getBlockTxIds(h)!);
    const wanted = ids.map((id) => ({ tx: before.storage.getTxBytes(id), result: before.storage.getResultBytes(id) }));
    await before.close();
    expect(wanted.every((w) => w.tx !== undefined && w.result !== undefined)).toBe(true);
    // The layout before: db txs, id → signed bytes; db results, id → encoded result.
    const d = await tamper((env) => {
      for (const [legacy, now] of [['txs', 'tx-bytes'], ['results', 'tx-results']] as const) {
        const db = env.openDB({ name: legacy, encoding: 'binary', keyEncoding: 'binary' });
        ids.forEach((id, i) => db.putSync(id, wanted[i]![legacy === 'txs' ? 'tx' : 'result']!));
        env.openDB({ name: now, encoding: 'binary', keyEncoding: 'binary' }).dropSync();
      }
    });
    const moved = openChain(d); // the start-up check reads every transaction of the log
    try {
      expect(ids.map((id) => ({ tx: moved.storage.getTxBytes(id), result: moved.storage.getResultBytes(id) }))).toEqual(wanted);
      expect(moved.txResult(ids[5]!)).toMatchObject({ height: 3, position: 1, logIndex: 5 });
    } finally {
      await moved.close();
    }
    const env = open({ path: paths(d).db, maxDbs: 24, compression: false, readOnly: true });
    expect([...env.getKeys()]).not.toEqual(expect.arrayContaining(['txs']));
    expect([...env.getKeys()]).not.toEqual(expect.arrayContaining(['results']));
    await env.close();
  });

  it('writes a block of many nodes in pages whose nodes point across pages, and proves every key from a reopened store', async () => {
    const d = await tamper(() => {});
    const chain = openChain(d);
    const hashes = Array.from({ length: 400 }, (_, i) => sha256(utf8(`paged ${i}`)));
    const block = chain.execute([signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: devKey.account, nonce: 8, expires: 100, payload: { items: hashes.map((hash) => ({ hash })) }, sidecars: [] }, [devKey.seed])], 1_800_000_000_100, true);
    expect(block.stateNodes.length).toBeGreaterThan(1_000); // ≥ 32 pages
    await chain.commit(block);
    await chain.close();
    // Reopened (the start walks the whole tree through the pages), each key proves its value.
    await expectReopenedProves(d, hashes);
  });

  it('works the same with the smallest node cache (1 MiB, 8,192 nodes) as with the default: a block of more nodes than that, reopened, proves every key', async () => {
    expect(stateCacheSlots(1)).toBe(8_192);
    expect(stateCacheSlots(DEFAULT_STATE_CACHE_MIB)).toBe(131_072);
    expect(stateCacheSlots(MAX_STATE_CACHE_MIB)).toBe(2 ** 24);
    const d = await tamper(() => {});
    const chain = openChain(d, { stateCacheMiB: 1 });
    const hashes = Array.from({ length: 5_000 }, (_, i) => sha256(utf8(`small cache ${i}`)));
    const block = chain.execute([signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: devKey.account, nonce: 8, expires: 100, payload: { items: hashes.map((hash) => ({ hash })) }, sidecars: [] }, [devKey.seed])], 1_800_000_000_100, true);
    expect(block.stateNodes.length).toBeGreaterThan(8_192);
    await chain.commit(block);
    const root = chain.head.header.stateRoot;
    await chain.close();
    for (const mib of [1, DEFAULT_STATE_CACHE_MIB]) expect(equalBytes(await expectReopenedProves(d, hashes, { stateCacheMiB: mib }), root)).toBe(true);
  });

  it('refuses a state value changed behind the tree', async () => {
    const d = await tamper((env) => {
      const db = env.openDB({ name: 'state', encoding: 'binary', keyEncoding: 'binary' });
      const first = db.getRange({ limit: 1 }).asArray[0]!;
      const b = Buffer.from(first.value as Uint8Array);
      b[b.length - 1] ^= 1;
      db.putSync(first.key, b);
    });
    expectTampered(d, /state entry/);
  });

  it('refuses a state entry added behind the tree', async () => {
    const d = await tamper((env) => {
      env.openDB({ name: 'state', encoding: 'binary', keyEncoding: 'binary' }).putSync(Buffer.alloc(32, 9), Buffer.from([1]));
    });
    expectTampered(d, /state index holds/);
  });
});

describe('anchored hashes: the node\'s index (anchor-index)', () => {
  const doc = (b: number, i: number) => sha256(utf8(`doc ${b} ${i}`));

  it('indexes a version-1 chain\'s anchors as its state keeps them', async () => {
    const chain = openChain(dir);
    try {
      for (let b = 0; b < 4; b++) {
        for (const i of [0, 1]) {
          expect(await chain.storage.anchorRef(doc(b, i))).toEqual({ logIndex: b * 2 + i, position: 0 });
          expect(await findAnchoring(chain, doc(b, i))).toMatchObject({ height: b + 1, sender: devKey.account, logIndex: b * 2 + i, position: 0 });
        }
      }
      expect(await chain.storage.anchorRef(sha256(utf8('never anchored')))).toBeUndefined();
    } finally {
      await chain.close();
    }
  });

  it('builds the index from the log at open for a store without one (from before it, or whose index was lost)', async () => {
    const d = await tamper(() => {});
    rmSync(join(paths(d).db, 'anchor-index'), { recursive: true, force: true });
    const moved = openChain(d);
    try {
      expect(await Promise.all([0, 1, 2, 3].flatMap((b) => [0, 1].map(async (i) => (await moved.storage.anchorRef(doc(b, i)))!.logIndex)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await moved.close();
    }
  });

  it('catches up at open with the blocks whose index writes a crash lost', async () => {
    const d = await tamper(() => {});
    const before = openChain(d);
    await before.storage.anchorRef(doc(0, 0)); // the index is written up to the head
    await before.close();
    const saved = join(root, 'index-at-4');
    cpSync(join(paths(d).db, 'anchor-index'), saved, { recursive: true });
    const chain = openChain(d);
    const late = sha256(utf8('anchored after the copy'));
    await chain.commit(chain.execute([signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: devKey.account, nonce: 8, expires: 100, payload: { items: [{ hash: late }] }, sidecars: [] }, [devKey.seed])], 1_800_000_000_100, true));
    await chain.close();
    // The index as a crash right after block 5's LMDB write would leave it: without block 5.
    rmSync(join(paths(d).db, 'anchor-index'), { recursive: true, force: true });
    cpSync(saved, join(paths(d).db, 'anchor-index'), { recursive: true });
    const again = openChain(d);
    try {
      expect(await again.storage.anchorRef(late)).toEqual({ logIndex: 8, position: 0 });
      expect(await again.storage.anchorRef(doc(3, 1))).toEqual({ logIndex: 7, position: 0 });
    } finally {
      await again.close();
    }
  });

  it('on a chain of the current version, keeps the first anchoring of each hash, packed or not, finds it, and proves it by receipt; a failed batch is not indexed', async () => {
    const d = join(root, 'v2');
    const [k] = initDevDataDir(d);
    const chain = openChain(d);
    const h = (s: string) => sha256(utf8(s));
    try {
      expect(chain.genesis.params.protocolVersion).toBe(3);
      const anchor = (nonce: number, names: string[]) => signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k!.account!, nonce, expires: 100, payload: { items: names.map((n) => ({ hash: h(n) })) }, sidecars: [] }, [k!.seed]);
      const first = anchor(0, ['a', 'b']);
      await chain.commit(chain.execute([first], 1_800_000_000_000, true));
      const packed = (nonce: number, names: string[]) => signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k!.account!, nonce, expires: 100, payload: { hashes: concatBytes(...names.map(h)) }, sidecars: [] }, [k!.seed]);
      const block2 = chain.execute([anchor(1, ['b', 'c']), anchor(2, ['d', 'd']), packed(2, ['e', 'a'])], 1_800_000_001_000, true);
      expect(block2.results.map((r) => r.code)).toEqual(['ok', 'EVIDENCE_DUPLICATE_IN_BATCH', 'ok']);
      await chain.commit(block2);
      expect(chain.storage.getState(anchoringKey(chain.suite, h('a')))).toBeUndefined();
      expect(await chain.storage.anchorRef(h('a'))).toEqual({ logIndex: 0, position: 0 });
      expect(await chain.storage.anchorRef(h('b'))).toEqual({ logIndex: 0, position: 1 }); // the first anchoring stands
      expect(await chain.storage.anchorRef(h('c'))).toEqual({ logIndex: 1, position: 1 });
      expect(await chain.storage.anchorRef(h('d'))).toBeUndefined();
      expect(await findAnchoring(chain, h('b'))).toMatchObject({ height: 1, time: 1_800_000_000_000, sender: k!.account, tx: first.id });
      const receipt = await buildReceipt(chain, toHex(h('b')));
      expect(verifyReceipt(receipt, { documentHash: h('b'), trustedKeys: [chain.verifierKey] })).toMatchObject({ height: 1, logIndex: 0 });
      expect(await chain.storage.anchorRef(h('e'))).toEqual({ logIndex: 3, position: 0 });
      const fromPacked = await buildReceipt(chain, toHex(h('e')));
      expect(fromPacked.batch).toMatchObject({ position: 0, size: 2 });
      expect(verifyReceipt(fromPacked, { documentHash: h('e'), trustedKeys: [chain.verifierKey] })).toMatchObject({ height: 2, logIndex: 3 });
    } finally {
      await chain.close();
    }
    // Rebuilt from the log, the packed batch's hashes are read from its payload as they are.
    rmSync(join(paths(d).db, 'anchor-index'), { recursive: true, force: true });
    const rebuilt = openChain(d);
    try {
      expect(await rebuilt.storage.anchorRef(h('e'))).toEqual({ logIndex: 3, position: 0 });
      expect(await rebuilt.storage.anchorRef(h('a'))).toEqual({ logIndex: 0, position: 0 });
      expect(await rebuilt.storage.anchorRef(h('d'))).toBeUndefined();
    } finally {
      await rebuilt.close();
    }
  });
});
