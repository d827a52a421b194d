// Replay executes every stored block again and finds what the start-up check cannot: a stored
// transaction or result changed behind the node's back, with every hash link still intact.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, signTx, utf8 } from '@creditchain/core';
import { Chain } from './chain.js';
import { loadGenesis, loadNodeKey, paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { replayChain } from './replay.js';

const root = mkdtempSync(join(tmpdir(), 'cc-replay-'));
const dir = join(root, 'node');
const openChain = (d: string) => Chain.open(paths(d).db, loadGenesis(d), loadNodeKey(d, 'dev-node'));
let firstTx: Uint8Array;

beforeAll(async () => {
  const keys = initDevDataDir(dir);
  const chain = openChain(dir);
  const k = keys[0]!;
  for (let b = 0; b < 3; b++) {
    const txs = [0, 1].map((i) =>
      signTx(chain.suite, {
        chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account!, nonce: b * 2 + i, expires: 100,
        payload: { items: [{ hash: sha256(utf8(`doc ${b} ${i}`)) }] }, sidecars: [],
      }, [k.seed]),
    );
    // The second block also holds a transaction that fails (a nonce used twice): its result is replayed too.
    if (b === 1) txs.push(txs[0]!);
    await chain.commit(chain.execute(txs, 1_800_000_000_000 + b, true));
    if (b === 0) firstTx = txs[0]!.id;
  }
  await chain.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function copyWith(edit: (env: ReturnType<typeof open>) => Promise<void>): Promise<string> {
  const copy = mkdtempSync(join(root, 'copy-'));
  cpSync(dir, copy, { recursive: true });
  const env = open({ path: paths(copy).db, maxDbs: 24, compression: false });
  await edit(env);
  await env.close();
  return copy;
}

/** Where a transaction's bytes and result are kept: its log index, the last 8 bytes of its location. */
function logKeyOf(env: ReturnType<typeof open>, id: Uint8Array): Uint8Array {
  const loc = env.openDB({ name: 'tx-locations', encoding: 'binary', keyEncoding: 'binary' }).get(id) as Uint8Array;
  return Uint8Array.from(loc.subarray(8, 16));
}

describe('replaying a stored chain', () => {
  it('recomputes every block of an untouched store equal to the stored one', async () => {
    const chain = openChain(dir);
    try {
      const r = await replayChain(chain);
      expect(r).toMatchObject({ blocks: 4, transactions: 7 });
    } finally {
      await chain.close();
    }
  });

  it("finds a stored transaction's bytes changed, which the start-up check lets through", async () => {
    const copy = await copyWith(async (env) => {
      const txs = env.openDB({ name: 'tx-bytes', encoding: 'binary', keyEncoding: 'binary' });
      const key = logKeyOf(env, firstTx);
      const bytes = Uint8Array.from(txs.get(key) as Uint8Array);
      bytes[bytes.length - 1] ^= 1; // a signature byte: it still decodes
      await txs.put(key, bytes);
    });
    const chain = openChain(copy); // intact as far as hashes and signatures on checkpoints go
    try {
      await expect(replayChain(chain)).rejects.toMatchObject({ code: 'NODE_TAMPERED', message: expect.stringMatching(/another block 1 than the one stored/) });
    } finally {
      await chain.close();
    }
  });

  it("finds a stored result changed", async () => {
    const copy = await copyWith(async (env) => {
      const results = env.openDB({ name: 'tx-results', encoding: 'binary', keyEncoding: 'binary' });
      const key = logKeyOf(env, firstTx);
      const bytes = Uint8Array.from(results.get(key) as Uint8Array);
      bytes[bytes.length - 2] ^= 1;
      await results.put(key, bytes);
    });
    const chain = openChain(copy);
    try {
      await expect(replayChain(chain)).rejects.toThrow(/block 1 .*the stored result of its transaction 0/);
    } finally {
      await chain.close();
    }
  });
});
