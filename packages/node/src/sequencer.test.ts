// The solo sequencer's timing: a block that falls due while transactions are still being
// admitted (their signatures on the verification threads) waits for them, so they make this
// block rather than the next one an interval later; and it never waits longer than an interval.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sha256, signTx, utf8 } from '@creditchain/core';
import { Chain } from './chain.js';
import { loadGenesis, loadNodeKey, paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { Mempool } from './mempool.js';
import { Sequencer, type SequencerOptions } from './sequencer.js';
import { replayChain } from './replay.js';

let dir: string;
let chain: Chain;
let key: { account: string; seed: Uint8Array };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-seq-'));
  const k = initDevDataDir(dir)[0]!;
  key = { account: k.account!, seed: k.seed };
  chain = Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, 'dev-node'));
});

afterEach(async () => {
  await chain.close();
  rmSync(dir, { recursive: true, force: true });
});

const anchor = (nonce: number) =>
  signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: key.account, nonce, expires: 1000, payload: { items: [{ hash: sha256(utf8(`seq ${nonce}`)) }] }, sidecars: [] }, [key.seed]);

/** A sequencer of blocks of 100 transactions at most, unless `limits` says otherwise. */
function setUp(settle: () => Promise<unknown>, intervalMs: number, limits: Partial<Pick<SequencerOptions, 'maxBlockTxs' | 'maxBlockBytes' | 'turnMs'>> = {}) {
  const mempool = new Mempool(chain.suite, chain.genesis, 1000);
  const admit = (nonce: number) => mempool.admit(anchor(nonce), chain.storage, chain.head.header.height + 1, (id) => chain.storage.getTxLocation(id) !== undefined);
  const blocks: number[] = [];
  const sequencer = new Sequencer(chain, mempool, { intervalMs, maxBlockTxs: 100, waitTimeoutMs: 5000, settle, ...limits });
  sequencer.on('block', (_head, txs) => blocks.push(txs.length));
  return { admit, blocks, sequencer, mempool };
}

it('a block due while admissions are under way waits for them and takes them in', async () => {
  let admitted!: () => void;
  const pending = new Promise<void>((r) => (admitted = r));
  const { admit, blocks, sequencer } = setUp(() => pending, 1000);
  admit(0);
  // The first block is due at once; the sequencer waits for the admissions under way.
  sequencer.start();
  await new Promise((r) => setTimeout(r, 100));
  expect(blocks).toEqual([]);
  admit(1);
  admitted();
  await expect.poll(() => blocks, { timeout: 2000 }).toEqual([2]);
  await sequencer.stop();
});

it('never waits more than an interval for admissions that do not end', async () => {
  const { admit, blocks, sequencer } = setUp(() => new Promise(() => {}), 40);
  admit(0);
  sequencer.start();
  await expect.poll(() => blocks, { timeout: 2000 }).toEqual([1]);
  await sequencer.stop();
});

/** Records which blocks were executed on top of a block still being written (the `after` argument). */
function watchOnTop(): number[] {
  const onTop: number[] = [];
  const executeSteps = chain.executeSteps.bind(chain);
  chain.executeSteps = function* (...args: Parameters<Chain['executeSteps']>) {
    const outcome = yield* executeSteps(...args);
    if (args[5] !== undefined) onTop.push(outcome.header.height);
    return outcome;
  };
  return onTop;
}

it('under a backlog, executes each block while the one before is written, and commits them all in order', async () => {
  const { admit, blocks, sequencer } = setUp(() => Promise.resolve(), 0);
  const onTop = watchOnTop();
  for (let n = 0; n < 100; n++) admit(n);
  const waits = Array.from({ length: 100 }, (_, n) => sequencer.waitForCommit(anchor(n).id));
  sequencer.start();
  for (let n = 100; n < 400; n += 100) {
    await new Promise((r) => setTimeout(r, 5));
    for (let i = n; i < n + 100; i++) admit(i);
  }
  const results = await Promise.all(waits);
  expect(results.map((r) => r.code)).toEqual(results.map(() => 'ok'));
  await expect.poll(() => blocks.reduce((a, b) => a + b, 0), { timeout: 5000 }).toBe(400);
  await sequencer.stop();
  expect(onTop.length).toBeGreaterThan(0);
  expect(chain.head.header.height).toBe(blocks.length);
  expect((await replayChain(chain)).transactions).toBe(400);
});

it('bytes count too: a backlog of fewer transactions than maxBlockTxs is cut at the byte limit, on top of the write while a full block waits', async () => {
  // Nonces below 24 encode in one byte: these transactions are all of one size.
  const one = anchor(0).bytes.length;
  // Five transactions' bytes a block; maxBlockTxs (5,000) is never reached.
  const { admit, blocks, sequencer, mempool } = setUp(() => Promise.resolve(), 1000, { maxBlockTxs: 5000, maxBlockBytes: 5 * one + Math.floor(one / 2) });
  const onTop = watchOnTop();
  for (let n = 0; n < 22; n++) admit(n);
  expect(mempool.bytes).toBe(22 * one);
  const waits = Array.from({ length: 22 }, (_, n) => sequencer.waitForCommit(anchor(n).id));
  sequencer.start();
  const results = await Promise.all(waits);
  expect(results.map((r) => r.code)).toEqual(results.map(() => 'ok'));
  await sequencer.stop();
  expect(blocks).toEqual([5, 5, 5, 5, 2]);
  // The full ones after the first were executed while the block before was written; the last,
  // two transactions (less than a block's bytes), waited for the write and the interval.
  expect(onTop.length).toBe(3);
  expect(mempool.bytes).toBe(0);
  expect((await replayChain(chain)).transactions).toBe(22);
});

it('transactions that arrive during a block are admitted before the test for a full block, so a full block of them is cut on top of the write', async () => {
  const one = anchor(0).bytes.length;
  // As the solo engine does, what arrives during a block is admitted only between blocks: here,
  // when the sequencer waits for the admissions under way.
  const arriving: number[] = [];
  let admitNow: (nonce: number) => void = () => {};
  const { admit, blocks, sequencer } = setUp(
    () => {
      for (const n of arriving.splice(0)) admitNow(n);
      return Promise.resolve();
    },
    1000,
    { maxBlockTxs: 5000, maxBlockBytes: 5 * one + Math.floor(one / 2) },
  );
  admitNow = admit;
  const onTop = watchOnTop();
  const executeSteps = chain.executeSteps.bind(chain);
  let first = true;
  chain.executeSteps = (...args: Parameters<Chain['executeSteps']>) => {
    // Six more arrive while the first block executes: a full block, and one that waits.
    if (first) arriving.push(5, 6, 7, 8, 9, 10);
    first = false;
    return executeSteps(...args);
  };
  for (let n = 0; n < 5; n++) admit(n);
  const waits = Array.from({ length: 11 }, (_, n) => sequencer.waitForCommit(anchor(n).id));
  sequencer.start();
  await Promise.all(waits);
  await sequencer.stop();
  expect(blocks).toEqual([5, 5, 1]);
  expect(onTop).toEqual([chain.head.header.height - 1]);
});

it('answers the event loop while a block is executed and its writes gathered, reading the block before; admissions wait for the block', async () => {
  // A turn after every step (turnMs 0): a transaction, a subtree of the state tree, a run of pages.
  const { admit, blocks, sequencer } = setUp(() => Promise.resolve(), 1000, { turnMs: 0 });
  const phase: { now: 'idle' | 'executing' | 'gathering' } = { now: 'idle' };
  // Marks the phase while a generator's steps run.
  function* during<T>(name: 'executing' | 'gathering', steps: Generator<void, T, void>): Generator<void, T, void> {
    phase.now = name;
    const result = yield* steps;
    phase.now = 'idle';
    return result;
  }
  const executeSteps = chain.executeSteps.bind(chain);
  chain.executeSteps = (...args: Parameters<Chain['executeSteps']>) => during('executing', executeSteps(...args));
  const beginCommitSteps = chain.beginCommitSteps.bind(chain);
  chain.beginCommitSteps = (...args: Parameters<Chain['beginCommitSteps']>) => during('gathering', beginCommitSteps(...args));
  // What other work on the loop saw meanwhile: the head it read, in each phase.
  const seen = { executing: new Set<number>(), gathering: new Set<number>() };
  // Admissions wait for the block's steps (betweenBlocks), asked here during them.
  const between: Array<{ asked: string; resolved?: string }> = [];
  let spinning = true;
  const spin = (): void => {
    if (phase.now !== 'idle') {
      seen[phase.now].add(chain.head.header.height);
      if (between.length === 0) {
        const entry: { asked: string; resolved?: string } = { asked: phase.now };
        between.push(entry);
        void sequencer.betweenBlocks().then(() => (entry.resolved = seen.gathering.size > 0 ? `${phase.now} after gathering` : phase.now));
      }
    }
    if (spinning) setImmediate(spin);
  };
  spin();
  for (let n = 0; n < 100; n++) admit(n);
  const before = chain.head.header.height;
  sequencer.start();
  await expect.poll(() => blocks, { timeout: 5000 }).toEqual([100]);
  spinning = false;
  await sequencer.stop();
  expect([...seen.executing]).toEqual([before]);
  expect([...seen.gathering]).toEqual([before]);
  expect(between).toEqual([{ asked: 'executing', resolved: 'idle after gathering' }]);
  expect(chain.head.header.height).toBe(before + 1);
  expect((await replayChain(chain)).transactions).toBe(100);
});
