// Executing a block on top of one whose write is under way (Chain.beginCommit, pending-block.ts)
// gives the very block that executing it after that write would: a chain built that way replays
// block for block, reopens (its start-up check walks the whole state tree), and proves its keys;
// and requests meanwhile see the block before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { equalBytes, proveKey, sha256, signTx, utf8, verifyStateProofValue, type DecodedTx } from '@creditchain/core';
import { anchoringKey } from '@creditchain/ledger';
import { Chain, type Pending } from './chain.js';
import { loadGenesis, loadNodeKey, paths } from './config.js';
import { v1DataDir } from '../../../test/support/v1-data-dir.js';
import { replayChain } from './replay.js';

const root = mkdtempSync(join(tmpdir(), 'cc-pending-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const newDataDir = (name: string) => v1DataDir(root, name);

const open = (dir: string) => Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, 'dev-node'), { stateKeepHeights: 2, pruneSettleHeights: 0 });
const hashOf = (b: number, i: number): Uint8Array => sha256(utf8(`pending ${b} ${i}`));

it('a chain whose every block executed while the block before was still being written replays block for block', async () => {
  const { dir, account, seed } = newDataDir('pipelined');
  let chain = open(dir);
  const anchor = (b: number, n: number): DecodedTx =>
    signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: account, nonce: b, expires: 1_000, payload: { items: Array.from({ length: n }, (_, i) => ({ hash: hashOf(b, i) })) }, sidecars: [] }, [seed]);
  let before: Pending | undefined;
  const blocks = 30;
  for (let b = 0; b < blocks; b++) {
    // Blocks of 1 to 200 new keys, each changing the sender's nonce: the next block reads both.
    const outcome = chain.execute([anchor(b, 1 + ((b * 37) % 200))], 1_800_000_000_000 + b * 1000, true, undefined, undefined, before);
    expect(outcome.results[0]!.code).toBe('ok');
    if (before !== undefined) {
      const headBefore = chain.head.header.height;
      const landed = await before.written;
      expect(landed.header.height).toBe(headBefore + 1);
    }
    before = chain.beginCommit(outcome);
    // Until it lands, requests see the block before: the head, and the store under it.
    expect(chain.head.header.height).toBe(before.head.header.height - 1);
    expect(chain.storage.getState(anchoringKey(chain.suite, hashOf(b, 0)))).toBeUndefined();
    expect(before.readers.state.getState(anchoringKey(chain.suite, hashOf(b, 0)))).toBeDefined();
  }
  await before!.written;
  expect(chain.head.header.height).toBe(blocks);

  // Replayed one block at a time into a scratch store, every header and result is the same.
  expect(await replayChain(chain)).toMatchObject({ blocks: blocks + 1, transactions: blocks });
  await chain.close();
  // Reopened: the whole state tree of the head is checked, and every key proves against its root.
  chain = open(dir);
  const stateRoot = chain.head.header.stateRoot;
  for (let b = 0; b < blocks; b += 7) {
    const key = anchoringKey(chain.suite, hashOf(b, 0));
    const value = chain.storage.getState(key)!;
    expect(verifyStateProofValue(chain.suite.hash, stateRoot, key, value, proveKey(chain.suite.hash, chain.storage.stateNodeReader, stateRoot, key))).toBe(true);
  }
  await chain.close();
});

it('a block executed on top of one the disk then refused is not committed, and the chain goes on from the last durable block', async () => {
  const { dir, account, seed } = newDataDir('refused');
  const chain = open(dir);
  const anchor = (nonce: number) => signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: account, nonce, expires: 1_000, payload: { items: [{ hash: hashOf(100, nonce) }] }, sidecars: [] }, [seed]);
  await chain.commit(chain.execute([anchor(0)], 1_800_000_000_000, true));
  const head = chain.head;
  const env = (chain.storage as unknown as { env: { batch: () => Promise<boolean> } }).env;
  const { vi } = await import('vitest');
  const full = vi.spyOn(env, 'batch').mockImplementationOnce(() => Promise.reject(Object.assign(new Error('MDB_MAP_FULL: No space left on device'), { code: 'ENOSPC' })));
  const refused = chain.beginCommit(chain.execute([anchor(1)], 1_800_000_001_000, true));
  const onTop = chain.execute([anchor(2)], 1_800_000_002_000, true, undefined, undefined, refused);
  expect(onTop.results[0]!.code).toBe('ok');
  await expect(refused.written).rejects.toThrow(expect.objectContaining({ code: 'NODE_STORAGE_FULL' }));
  full.mockRestore();
  expect(equalBytes(chain.head.hash, head.hash)).toBe(true);
  // The block on top is dropped with it; the same transactions commit from the durable head.
  await chain.commit(chain.execute([anchor(1), anchor(2)], 1_800_000_003_000, true));
  expect(chain.head.header.height).toBe(head.header.height + 1);
  expect(await replayChain(chain)).toMatchObject({ blocks: head.header.height + 2 });
  await chain.close();
});
