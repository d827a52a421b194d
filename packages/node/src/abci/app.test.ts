// The ABCI application without CometBFT: the calls CometBFT makes, in its order, on real stores.
// Two member nodes with different checkpoint keys compute the same app hash for the same
// blocks; CheckTx counts nonces between commits and refuses with CreditChain's codes; a block
// is durable only after Commit, so a crash between FinalizeBlock and Commit leaves the last
// committed height for CometBFT to replay from.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeSignedTx, toHex, utf8 } from '@creditchain/core';
import { buildAnchorTx, type KeyPair } from '@creditchain/sdk';
import { CheckTxType, ResponseProcessProposal_ProposalStatus } from 'cosmjs-types/tendermint/abci/types';
import { Chain } from '../chain.js';
import { loadGenesis, loadNodeKey, paths } from '../config.js';
import { initDevDataDir } from '../dev.js';
import { CreditChainApp, REFUSED } from './app.js';
import { VerifyPool } from '../verify-pool.js';
import { networkAppHash as appHash } from '../app-hash.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** One genesis, several member nodes: each its own store and checkpoint key. */
function members(n: number, protocolVersion?: number) {
  const root = mkdtempSync(join(tmpdir(), 'cc-abci-app-'));
  dirs.push(root);
  const first = join(root, 'node0');
  const keys = initDevDataDir(first);
  if (protocolVersion !== undefined) {
    const file = paths(first).genesis;
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), params: { protocolVersion } }));
  }
  const genesis = loadGenesis(first);
  const nodes = Array.from({ length: n }, (_, i) => {
    const dir = i === 0 ? first : join(root, `node${i}`);
    if (i > 0) initDevDataDir(dir); // another node key; the genesis of node0 is used for all
    const chain = Chain.open(join(dir, 'db'), genesis, loadNodeKey(dir, 'dev-node'), { consensus: 'cometbft' });
    const committed: number[] = [];
    const app = new CreditChainApp(chain, { sidecarsOf: () => new Map(), committed: (head) => committed.push(head.header.height), log: () => {} }, 'test');
    return { dir, chain, app, committed };
  });
  return { nodes, keys: new Map<string, KeyPair>(keys.map((k) => [k.account!, k])), genesis, paths: paths(first) };
}

const ts = (ms: number) => ({ seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 });
const proposer = new Uint8Array(20).fill(7);
const nextValidators = new Uint8Array(32).fill(9);

function anchorTx(key: KeyPair, nonce: number, what: string) {
  return buildAnchorTx({ suite: 'intl', chainId: 'creditchain-dev', sender: key.account!, nonce, expires: 100, seed: key.seed, items: [{ hash: sha256(utf8(what)) }] });
}

function block(height: number, time: number, txs: Uint8Array[]) {
  return { txs, decidedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32), height: BigInt(height), time: ts(time), nextValidatorsHash: nextValidators, proposerAddress: proposer };
}

describe('CreditChain as an ABCI 2.0 application', () => {
  it('gives every member node the same app hash for the same blocks, whatever its checkpoint key', async () => {
    const { nodes, keys, genesis } = members(2);
    const bank = keys.get('demo-bank')!;
    const t0 = genesis.genesisTime;
    const hashes = await Promise.all(nodes.map(async ({ app, chain }) => {
      const init = app.initChain({ time: ts(t0), chainId: 'creditchain-dev', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n });
      const b1 = await app.finalizeBlock(block(1, t0 + 1000, [anchorTx(bank, 0, 'a').bytes, anchorTx(bank, 1, 'b').bytes]));
      await app.commit();
      const b2 = await app.finalizeBlock(block(2, t0 + 2000, [anchorTx(bank, 5, 'bad nonce').bytes]));
      await app.commit();
      expect(b1.txResults.map((r) => r.code)).toEqual([0, 0]);
      expect(b2.txResults[0]).toMatchObject({ code: REFUSED, codespace: 'creditchain', info: 'TX_BAD_NONCE' });
      expect(chain.head.header.height).toBe(2);
      return [init.appHash, b1.appHash, b2.appHash].map(toHex);
    }));
    expect(hashes[0]).toEqual(hashes[1]);
    expect(nodes[0]!.app.info({ version: '', blockVersion: 0n, p2pVersion: 0n, abciVersion: '' })).toMatchObject({ lastBlockHeight: 2n, lastBlockAppHash: appHash(nodes[0]!.chain.suite, nodes[0]!.chain.head.header) });
    // An empty block changes the app hash once (its results root), then no more: a quiet chain rests.
    const { app } = nodes[0]!;
    const e1 = await app.finalizeBlock(block(3, t0 + 3000, []));
    await app.commit();
    const e2 = await app.finalizeBlock(block(4, t0 + 4000, []));
    await app.commit();
    expect(toHex(e1.appHash)).not.toBe(hashes[0]![2]);
    expect(toHex(e2.appHash)).toBe(toHex(e1.appHash));
    expect(nodes[0]!.chain.verifierKey).not.toBe(nodes[1]!.chain.verifierKey);
  });

  for (const version of [2, 3]) {
    it(`a packed anchor batch at protocol version ${version}: ${version < 3 ? 'refused in CheckTx and in a block with the older rules’ code, nonce kept' : 'admitted and committed'}, the same app hash on every member`, async () => {
      const { nodes, keys, genesis } = members(2, version);
      const bank = keys.get('demo-bank')!;
      const t0 = genesis.genesisTime;
      const packed = buildAnchorTx({ suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-bank', nonce: 0, expires: 100, seed: bank.seed, items: [{ hash: sha256(utf8('p1')) }, { hash: sha256(utf8('p2')) }], packed: true });
      const hashes = await Promise.all(nodes.map(async ({ app, chain }) => {
        app.initChain({ time: ts(t0), chainId: 'creditchain-dev', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n });
        const checked = app.checkTx({ tx: packed.bytes, type: CheckTxType.NEW });
        // A proposer of another binary might include it anyway: the block gives the same result.
        const b1 = await app.finalizeBlock(block(1, t0 + 1000, [packed.bytes, anchorTx(bank, version < 3 ? 0 : 1, 'after').bytes]));
        await app.commit();
        if (version < 3) {
          expect(checked).toMatchObject({ code: REFUSED, info: 'ENCODING_BAD_SHAPE' });
          expect(b1.txResults.map((r) => r.info)).toEqual(['ENCODING_BAD_SHAPE', 'ok']);
        } else {
          expect(checked.code).toBe(0);
          expect(b1.txResults.map((r) => r.code)).toEqual([0, 0]);
          expect(await chain.storage.anchorRef(sha256(utf8('p2')))).toEqual({ logIndex: 0, position: 1 });
        }
        expect(b1.txResults[1]!.code).toBe(0); // the nonce the next transaction needed: kept before version 3
        return toHex(b1.appHash);
      }));
      expect(hashes[0]).toBe(hashes[1]);
    });
  }

  it('CheckTx counts a sender’s waiting nonces across commits, refuses with our codes, and lets a gap close when a waiting transaction leaves', async () => {
    const { nodes, keys, genesis } = members(1);
    const { app } = nodes[0]!;
    const bank = keys.get('demo-bank')!;
    const check = (bytes: Uint8Array, type = CheckTxType.NEW) => app.checkTx({ tx: bytes, type });
    app.initChain({ time: ts(genesis.genesisTime), chainId: 'creditchain-dev', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n });
    const t0 = anchorTx(bank, 0, 'x');
    const t1 = anchorTx(bank, 1, 'y');
    expect(check(t0.bytes).code).toBe(0);
    expect(check(t1.bytes).code).toBe(0);
    expect(check(anchorTx(bank, 1, 'z').bytes)).toMatchObject({ code: REFUSED, info: 'TX_BAD_NONCE' });
    expect(check(new Uint8Array([1, 2, 3]))).toMatchObject({ code: REFUSED, codespace: 'creditchain' });
    // Block 1 holds t0 only. Before CometBFT's recheck reaches t1, the sender's next one (nonce 2) is taken.
    await app.finalizeBlock(block(1, genesis.genesisTime + 1000, [t0.bytes]));
    await app.commit();
    const t2 = anchorTx(bank, 2, 'w');
    expect(check(t2.bytes).code).toBe(0);
    expect(check(t1.bytes, CheckTxType.RECHECK).code).toBe(0);
    expect(check(t0.bytes)).toMatchObject({ code: REFUSED, info: 'TX_DUPLICATE' });
    expect(check(t0.bytes, CheckTxType.RECHECK)).toMatchObject({ code: REFUSED, info: 'TX_DUPLICATE' });
    // The sender's API early check agrees: nonce 3 is next.
    expect(() => app.check.peek(anchorTx(bank, 3, 'v').bytes)).not.toThrow();
    // t1 fails its recheck (its block is long past its expiry): it leaves, and nonce 1 is next again.
    const late = buildAnchorTx({ suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-bank', nonce: 1, expires: 1, seed: bank.seed, items: [{ hash: sha256(utf8('late')) }] });
    await app.finalizeBlock(block(2, genesis.genesisTime + 2000, []));
    await app.commit();
    expect(check(late.bytes, CheckTxType.RECHECK)).toMatchObject({ code: REFUSED, info: 'TX_EXPIRED' });
    expect(check(anchorTx(bank, 1, 'again').bytes).code).toBe(0);
  });

  it('a recheck of a transaction this node admitted evicts it once its nonce is used by another, or it expires, and keeps it otherwise', async () => {
    const { nodes, keys, genesis } = members(1);
    const { app } = nodes[0]!;
    const bank = keys.get('demo-bank')!;
    const check = (bytes: Uint8Array, type = CheckTxType.NEW) => app.checkTx({ tx: bytes, type });
    app.initChain({ time: ts(genesis.genesisTime), chainId: 'creditchain-dev', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n });
    const mine = anchorTx(bank, 0, 'waits here');
    const soon = buildAnchorTx({ suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-bank', nonce: 1, expires: 2, seed: bank.seed, items: [{ hash: sha256(utf8('expires at 2')) }] });
    expect(check(mine.bytes).code).toBe(0);
    expect(check(soon.bytes).code).toBe(0);
    // Block 1 holds another transaction of the same sender with nonce 0 (from another member's mempool).
    const theirs = anchorTx(bank, 0, 'came first elsewhere');
    await app.finalizeBlock(block(1, genesis.genesisTime + 1000, [theirs.bytes]));
    await app.commit();
    expect(check(soon.bytes, CheckTxType.RECHECK).code).toBe(0);
    expect(check(mine.bytes, CheckTxType.RECHECK)).toMatchObject({ code: REFUSED, info: 'TX_BAD_NONCE' });
    // Two blocks on, `soon` (expiry 2) has expired.
    await app.finalizeBlock(block(2, genesis.genesisTime + 2000, []));
    await app.commit();
    expect(check(soon.bytes, CheckTxType.RECHECK)).toMatchObject({ code: REFUSED, info: 'TX_EXPIRED' });
    // Both left: the sender's next nonce is 1 again.
    expect(check(anchorTx(bank, 1, 'next').bytes).code).toBe(0);
  });

  it('a signature verified in CheckTx is not verified again, but the same body under a forged signature is: every node gets the same result', async () => {
    const { nodes, keys, genesis } = members(2);
    const bank = keys.get('demo-bank')!;
    const t0 = anchorTx(bank, 0, 'forged twin');
    const forged = new Uint8Array(t0.bytes);
    forged[forged.length - 5]! ^= 0x01; // inside the signature
    const results = await Promise.all(nodes.map(async ({ app }, i) => {
      app.initChain({ time: ts(genesis.genesisTime), chainId: 'creditchain-dev', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n });
      if (i === 0) expect(app.checkTx({ tx: t0.bytes, type: CheckTxType.NEW }).code).toBe(0); // node0 verified the genuine one
      const r = await app.finalizeBlock(block(1, genesis.genesisTime + 1000, [forged]));
      await app.commit();
      return { info: r.txResults[0]!.info, appHash: toHex(r.appHash) };
    }));
    expect(results[0]).toEqual({ info: 'TX_BAD_SIGNATURE', appHash: results[1]!.appHash });
    expect(results[1]!.info).toBe('TX_BAD_SIGNATURE');
  });

  it('accepts a proposal whose transactions decode and rejects one with bytes that are not a transaction', async () => {
    const { nodes, keys, genesis } = members(1);
    const { app } = nodes[0]!;
    const tx = anchorTx(keys.get('demo-bank')!, 0, 'p').bytes;
    const proposal = (txs: Uint8Array[]) => ({ txs, proposedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32), height: 1n, time: ts(genesis.genesisTime + 1), nextValidatorsHash: nextValidators, proposerAddress: proposer });
    expect((await app.processProposal(proposal([tx]))).status).toBe(ResponseProcessProposal_ProposalStatus.ACCEPT);
    expect((await app.processProposal(proposal([tx, new Uint8Array([0xff])]))).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
    const prepared = app.prepareProposal({ maxTxBytes: BigInt(tx.length), txs: [new Uint8Array([0xff]), tx, tx], localLastCommit: { round: 0, votes: [] }, misbehavior: [], height: 1n, time: ts(genesis.genesisTime + 1), nextValidatorsHash: nextValidators, proposerAddress: proposer });
    expect(prepared.txs).toEqual([tx]);
  });

  it('refuses a proposal that carries a committed transaction again, or one transaction twice, and leaves such copies out of its own', async () => {
    const { nodes, keys, genesis } = members(1);
    const { app } = nodes[0]!;
    const bank = keys.get('demo-bank')!;
    const t0 = genesis.genesisTime;
    const first = anchorTx(bank, 0, 'once').bytes;
    await app.finalizeBlock(block(1, t0 + 1000, [first]));
    await app.commit();
    const next = anchorTx(bank, 1, 'next').bytes;
    const proposal = (txs: Uint8Array[], hash: number) => ({ txs, proposedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32).fill(hash), height: 2n, time: ts(t0 + 2000), nextValidatorsHash: nextValidators, proposerAddress: proposer });
    expect((await app.processProposal(proposal([first, next], 1))).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
    expect((await app.processProposal(proposal([next, next], 2))).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
    expect((await app.processProposal(proposal([next], 3))).status).toBe(ResponseProcessProposal_ProposalStatus.ACCEPT);
    const prepared = app.prepareProposal({ maxTxBytes: 1_000_000n, txs: [first, next, next], localLastCommit: { round: 0, votes: [] }, misbehavior: [], height: 2n, time: ts(t0 + 2000), nextValidatorsHash: nextValidators, proposerAddress: proposer });
    expect(prepared.txs).toEqual([next]);
  });

  it('a block finalised but not committed is not durable: the reopened store is at the last commit, for CometBFT to replay', async () => {
    const { nodes, keys, genesis, paths: p } = members(1);
    const { app, chain } = nodes[0]!;
    app.initChain({ time: ts(genesis.genesisTime), chainId: 'creditchain-dev', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n });
    await app.finalizeBlock(block(1, genesis.genesisTime + 1000, [anchorTx(keys.get('demo-bank')!, 0, 'c').bytes]));
    await app.commit();
    const b2 = await app.finalizeBlock(block(2, genesis.genesisTime + 2000, [anchorTx(keys.get('demo-bank')!, 1, 'd').bytes]));
    await chain.close(); // the crash: no Commit for block 2
    const reopened = Chain.open(p.db, genesis, loadNodeKey(nodes[0]!.dir, 'dev-node'), { consensus: 'cometbft' });
    const again = new CreditChainApp(reopened, { sidecarsOf: () => new Map(), committed: () => {}, log: () => {} }, 'test');
    expect(again.info({ version: '', blockVersion: 0n, p2pVersion: 0n, abciVersion: '' }).lastBlockHeight).toBe(1n);
    const replayed = await again.finalizeBlock(block(2, genesis.genesisTime + 2000, [anchorTx(keys.get('demo-bank')!, 1, 'd').bytes]));
    expect(toHex(replayed.appHash)).toBe(toHex(b2.appHash));
    await again.commit();
    await reopened.close();
  });

  it('refuses a CometBFT genesis of another chain, and a block out of order', async () => {
    const { nodes, genesis } = members(1);
    const { app } = nodes[0]!;
    expect(() => app.initChain({ time: ts(genesis.genesisTime), chainId: 'other-chain', validators: [], appStateBytes: new Uint8Array(0), initialHeight: 1n })).toThrow(/"other-chain".*"creditchain-dev"/);
    await expect(app.finalizeBlock(block(5, genesis.genesisTime + 1000, []))).rejects.toThrow(/finalises block 5, but this node's next block is 1/);
    await expect(app.commit()).rejects.toThrow(/no block was finalised/);
  });

  it('answers /state queries with the value and a proof, and refuses other paths with a sentence', () => {
    const { nodes } = members(1);
    const { app } = nodes[0]!;
    const key = new Uint8Array(32);
    const r = app.query({ data: key, path: '/state', height: 0n, prove: true });
    expect(r.code).toBe(0);
    expect(r.proofOps?.ops[0]?.type).toBe('creditchain/state');
    expect(app.query({ data: key, path: '/nope', height: 0n, prove: false })).toMatchObject({ code: REFUSED, log: expect.stringMatching(/no query path "\/nope"/) });
  });
});

describe('signatures on the verification threads', () => {
  it('verifies a CheckTx\'s and a block\'s signatures as the requests arrive, once, and leaves a forged one to be refused in its turn', async () => {
    const { nodes, keys, genesis } = members(1);
    const { chain } = nodes[0]!;
    const pool = new VerifyPool({ threads: 1 });
    try {
      // The threads start under load (a request of 16 or more) and then answer.
      while (!pool.warm(64)) await new Promise((r) => setTimeout(r, 20));
      const app = new CreditChainApp(chain, { sidecarsOf: () => new Map(), committed: () => {}, log: () => {} }, 'test', undefined, pool);
      const bank = keys.get('demo-bank')!;
      const good = anchorTx(bank, 0, 'checked ahead').bytes;
      const req = { tx: good, type: CheckTxType.NEW };
      const ready = app.arrived('checkTx', req);
      expect(ready).toBeInstanceOf(Promise);
      expect(app.check.hasVerified(decodeSignedTx(chain.suite, good))).toBe(false);
      await ready;
      expect(app.check.hasVerified(decodeSignedTx(chain.suite, good))).toBe(true);
      expect(app.checkTx(req).code).toBe(0);
      // Verified now: nothing more to send to the threads for it.
      expect(app.arrived('checkTx', { tx: good, type: CheckTxType.NEW })).toBeUndefined();

      // The last byte of a signed transaction is its signature's.
      const forged = anchorTx(bank, 1, 'forged').bytes.slice();
      forged[forged.length - 1]! ^= 1;
      const forgedReq = { tx: forged, type: CheckTxType.NEW };
      await app.arrived('checkTx', forgedReq);
      expect(app.check.hasVerified(decodeSignedTx(chain.suite, forged))).toBe(false);
      const refused = app.checkTx(forgedReq);
      expect(refused.code).toBe(REFUSED);
      expect(refused.info).toBe('TX_BAD_SIGNATURE');

      // A block of transactions this node never checked (another member's mempool).
      const others = [1, 2, 3].map((n) => anchorTx(bank, n, `from another member ${n}`).bytes);
      await app.arrived('finalizeBlock', block(1, genesis.genesisTime + 1000, [good, ...others]));
      for (const b of others) expect(app.check.hasVerified(decodeSignedTx(chain.suite, b))).toBe(true);
      const done = await app.finalizeBlock(block(1, genesis.genesisTime + 1000, [good, ...others]));
      expect(done.txResults.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    } finally {
      await pool.close();
    }
  });
});
