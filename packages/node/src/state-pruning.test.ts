// Old state is pruned: each block's stale nodes leave the store once the block is more than
// `stateKeepHeights` below the head, and what is left is exactly what the kept roots reach.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditChainError, EMPTY_STATE_ROOT, decodeHeader, equalBytes, proveKey, sha256, signTx, toHex, utf8, verifyStateProofValue } from '@creditchain/core';
import { anchoringKey } from '@creditchain/ledger';
import { Chain } from './chain.js';
import { loadGenesis, loadNodeKey, paths } from './config.js';
import { v1DataDir } from '../../../test/support/v1-data-dir.js';

const root = mkdtempSync(join(tmpdir(), 'cc-prune-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const newDataDir = (name: string) => v1DataDir(root, name);

/** A chain that prunes with this window; pages settle for `settle` heights first (0: none). */
function openChain(dir: string, stateKeepHeights: number | 'all', settle = 0): Chain {
  return Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, 'dev-node'), { stateKeepHeights, pruneSettleHeights: settle });
}

const hashOf = (b: number, i: number): Uint8Array => sha256(utf8(`doc ${b} ${i}`));

/** Block `b`: one anchor of `n` new hashes (n new state keys, and the sender's nonce changed); gives the outcome. */
async function commitBlock(chain: Chain, who: { account: string; seed: Uint8Array }, b: number, n = 20) {
  const items = Array.from({ length: n }, (_, i) => ({ hash: hashOf(b, i) }));
  const tx = signTx(chain.suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: who.account, nonce: b, expires: 1_000, payload: { items }, sidecars: [] }, [who.seed]);
  const outcome = chain.execute([tx], 1_800_000_000_000 + b, true);
  expect(outcome.results[0]!.code).toBe('ok');
  await chain.commit(outcome);
  return outcome;
}

function rootAt(chain: Chain, height: number): Uint8Array {
  return decodeHeader(chain.storage.getHeaderBytes(height)!).stateRoot;
}

/** `at:hash` of every node the roots of heights `from`…head reach, read where each parent records it. */
function liveNodes(chain: Chain, from: number): Set<string> {
  const seen = new Set<string>();
  const reader = chain.storage.stateNodeReader;
  for (let h = Math.max(0, from); h <= chain.head.header.height; h++) {
    const stack: Array<{ hash: Uint8Array; at?: number }> = [{ hash: rootAt(chain, h) }];
    while (stack.length > 0) {
      const { hash, at } = stack.pop()!;
      if (equalBytes(hash, EMPTY_STATE_ROOT)) continue;
      const node = reader.getNode(hash, at);
      if (node === undefined) throw new Error(`node ${toHex(hash)} of height ${h}'s tree is missing`);
      seen.add(`${node.at}:${toHex(hash)}`);
      if (node.kind === 'internal') stack.push({ hash: node.left, at: node.leftAt }, { hash: node.right, at: node.rightAt });
    }
  }
  return seen;
}

function expectProves(chain: Chain, blocks: number): void {
  const stateRoot = chain.head.header.stateRoot;
  for (let b = 0; b < blocks; b++) {
    for (const i of [0, 19]) {
      const key = anchoringKey(chain.suite, hashOf(b, i));
      const proof = proveKey(chain.suite.hash, chain.storage.stateNodeReader, stateRoot, key);
      expect(verifyStateProofValue(chain.suite.hash, stateRoot, key, chain.storage.getState(key)!, proof)).toBe(true);
    }
  }
}

describe('state pruning', () => {
  it('keeps exactly the nodes of the last stateKeepHeights + 1 trees, block after block, and proves from them after a reopen', async () => {
    const who = newDataDir('keep2');
    let chain = openChain(who.dir, 2);
    let mostStale = 0;
    // Pages pruned small move their nodes into folds, and nodes pruned later leave the folds.
    let folded = new Set<string>();
    let leftFolds = false;
    for (let b = 0; b < 12; b++) {
      // Blocks of 300 keys leave hundreds of stale nodes: lists of several chunks.
      mostStale = Math.max(mostStale, (await commitBlock(chain, who, b, b % 3 === 0 ? 300 : 20)).staleStateNodes.length);
      const head = chain.head.header.height;
      const stats = chain.storage.stateTreeStats();
      // Every node a kept root reaches is read where its parent says it is, in its page or its fold.
      expect(stats.nodes + stats.legacyNodes).toBe(liveNodes(chain, head - 2).size);
      const now = new Set(chain.storage.foldedHashes());
      expect(now.size).toBe(stats.foldedNodes);
      if ([...folded].some((h) => !now.has(h))) leftFolds = true;
      folded = now;
      // Stale lists wait for the blocks still in the window; roots are indexed for those alone.
      expect(stats.staleLists).toBeLessThanOrEqual(2);
      expect(stats.roots).toBe(new Set(Array.from({ length: Math.min(3, head + 1) }, (_, i) => toHex(rootAt(chain, head - i)))).size);
    }
    expect(mostStale).toBeGreaterThan(300);
    expect(folded.size).toBeGreaterThan(0);
    expect(leftFolds).toBe(true);
    expectProves(chain, 12);
    // A root pruned away is unknown, in a sentence, not a crash.
    const old = rootAt(chain, chain.head.header.height - 3);
    expect(() => proveKey(chain.suite.hash, chain.storage.stateNodeReader, old, anchoringKey(chain.suite, hashOf(0, 0)))).toThrowError(CreditChainError);
    await chain.close();
    chain = openChain(who.dir, 2); // the start-up check walks the whole head tree
    expectProves(chain, 12);
    await commitBlock(chain, who, 12);
    expectProves(chain, 13);
    await chain.close();
  });

  it('with "all" prunes nothing and lists nothing; a window made shorter works off what waits, a list more a block than the chain adds', async () => {
    const archive = newDataDir('all');
    const all = openChain(archive.dir, 'all');
    const genesis = all.storage.stateTreeStats().nodes;
    let made = 0;
    for (let b = 0; b < 10; b++) made += (await commitBlock(all, archive, b)).stateNodes.length;
    const kept = all.storage.stateTreeStats();
    expect(kept.nodes).toBe(genesis + made); // every node every block made
    expect(kept.staleLists).toBe(0);
    // Every tree is still whole: the oldest root proves its own keys.
    expect(liveNodes(all, 0).size).toBe(kept.nodes + kept.legacyNodes);
    await all.close();

    const who = newDataDir('shorter');
    let chain = openChain(who.dir, 20);
    for (let b = 0; b < 10; b++) await commitBlock(chain, who, b);
    expect(chain.storage.stateTreeStats().staleLists).toBe(10);
    await chain.close();
    chain = openChain(who.dir, 1);
    const lists: number[] = [];
    for (let b = 10; b < 22; b++) {
      await commitBlock(chain, who, b);
      lists.push(chain.storage.stateTreeStats().staleLists);
    }
    // 10 waiting, then one added and two pruned a block, down to the one the window keeps.
    expect(lists.slice(0, 4)).toEqual([9, 8, 7, 6]);
    expect(lists.at(-1)).toBe(1);
    const after = chain.storage.stateTreeStats();
    expect(after.nodes + after.legacyNodes).toBe(liveNodes(chain, chain.head.header.height - 1).size);
    expectProves(chain, 22);
    await chain.close();
  });

  it('leaves a due node in a page younger than the settling heights for later, and loses none: what is stored is what the kept roots reach or what waits', async () => {
    const who = newDataDir('settle');
    const chain = openChain(who.dir, 2, 4);
    let waitedYoung = false;
    for (let b = 0; b < 16; b++) {
      await commitBlock(chain, who, b, b % 3 === 0 ? 200 : 20);
      const head = chain.head.header.height;
      const live = liveNodes(chain, head - 2);
      const pending = new Set([...chain.storage.pendingStale()].map(({ at, hash }) => `${at}:${toHex(hash)}`));
      const stored = chain.storage.stateTreeStats();
      expect(stored.nodes + stored.legacyNodes).toBe(new Set([...live, ...pending]).size);
      // Put back to wait, in the list of the height when its page will have settled (4 after it was made).
      for (const { at, list, putBack } of chain.storage.pendingStale()) {
        if (!putBack) continue;
        expect(list).toBe(Math.floor(at / 2 ** 21) + 4);
        waitedYoung = true;
      }
    }
    expect(waitedYoung).toBe(true);
    expectProves(chain, 16);
    await chain.close();
  });
});
