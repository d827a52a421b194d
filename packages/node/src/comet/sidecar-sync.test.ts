// Fetching the sidecars a member node was not delivered, from fake peers: the store queues them in
// the block's own write; the fetcher asks each peer in turn with signed requests, stores only
// bytes that open the commitment (a peer that sends others is not asked again), never fetches
// or stores an erased sidecar, and a restart takes up the queue where it was left.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCanonical, getSuite, sha256, toHex, utf8, type DecodedTx } from '@creditchain/core';
import { buildTx, encodeSidecar, makeSidecar, type CommittedSidecar } from '@creditchain/sdk';
import { filesHolding } from '../../../../test/support/files.js';
import { Chain } from '../chain.js';
import { loadGenesis, loadNodeKey, paths } from '../config.js';
import { initDevDataDir } from '../dev.js';
import { authenticateNode } from '../node-auth.js';
import { SidecarSync, type SidecarSyncOptions } from './sidecar-sync.js';

const suite = getSuite('intl');
const CHAIN = 'creditchain-dev';
const cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A fake member node: answers GET /v1/peer/sidecars/:commitment, after checking the request is signed by the fetching node. */
interface FakePeer {
  readonly url: string;
  /** Commitments asked for, in order. */
  readonly asked: string[];
  answer(hex: string): Response | Promise<Response>;
}

const notHeld = () => Response.json({ code: 'SIDECAR_NOT_FOUND', message: 'not held' }, { status: 404 });
const bytesReply = (b: Uint8Array) => new Response(b, { status: 200, headers: { 'content-type': 'application/cbor' } });

function peer(name: string, answer: FakePeer['answer']): FakePeer {
  return { url: `http://${name}.test:7700`, asked: [], answer };
}

/** A member node's chain in its own data directory (network mode: it queues what it lacks). */
function memberChain(consensus: 'cometbft' | 'solo' = 'cometbft') {
  const dir = mkdtempSync(join(tmpdir(), 'cc-sidecar-sync-'));
  const reg = initDevDataDir(dir).find((k) => k.account === 'demo-regulator')!;
  const open = () => Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, 'dev-node'), { consensus });
  let nonce = 0;
  const m = {
    dir,
    chain: open(),
    async reopen() {
      await m.chain.close();
      m.chain = open();
    },
    /** Commits an identity.bind-subject committing to `sidecars`, delivering only `delivered` of them. */
    async commitTx(sidecars: CommittedSidecar[], delivered: CommittedSidecar[] = []): Promise<DecodedTx> {
      const name = `sync-subject-${nonce}`;
      const tx = buildTx({
        suite, chainId: CHAIN, sender: 'demo-regulator', nonce: nonce++, expires: m.chain.head.header.height + 100, seed: reg.seed,
        module: 'identity', action: 'bind-subject', payload: { name, subject: sha256(utf8(name)), keys: [{ alg: 'ed25519', key: reg.publicKey }] }, sidecars: sidecars.map((s) => s.commitment),
      });
      const outcome = m.chain.execute([tx], Date.now(), true);
      expect(outcome.results[0]!.code).toBe('ok');
      await m.chain.commit(outcome, new Map([[toHex(tx.id), delivered.map((s) => ({ commitment: s.commitment, bytes: encodeSidecar(s) }))]]));
      return tx;
    },
    /** Commits an empty block that erases `commitments` (as a repair.erase would). */
    async erase(...commitments: Uint8Array[]): Promise<void> {
      await m.chain.commit({ ...m.chain.execute([], Date.now(), true), erasures: commitments });
    },
    /** A fetcher for this chain asking `peers` (fake), quick to retry. */
    sync(peers: FakePeer[], opts: Partial<SidecarSyncOptions> = {}) {
      const log: string[] = [];
      const validators = [{ name: 'dev-node', key: m.chain.nodeKey.publicKey }];
      const fetch = (async (input: string, init: RequestInit) => {
        const url = new URL(input);
        const p = peers.find((x) => x.url === url.origin);
        if (p === undefined) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        const headers = Object.fromEntries(Object.entries(init.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
        authenticateNode(CHAIN, validators, { method: 'GET', url: url.pathname, headers }); // throws: the test fails
        const hex = url.pathname.split('/').pop()!;
        p.asked.push(hex);
        return p.answer(hex);
      }) as unknown as typeof globalThis.fetch;
      const sync = new SidecarSync(m.chain, { peers: peers.map((p) => p.url), log: (l) => log.push(l), fetch, retryMinMs: 10, retryMaxMs: 40, ...opts });
      cleanup.push(() => sync.stop());
      return { sync, log };
    },
  };
  cleanup.push(async () => {
    await m.chain.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return m;
}

/** A sidecar of personal details holding a marker found nowhere else. */
function details(): { sidecar: CommittedSidecar; marker: string } {
  const marker = `MARKER-${randomUUID()}`;
  return { marker, sidecar: makeSidecar(suite, { name: `Li Si ${marker}`, caseNumber: '(2026) 0101 No. 7' }) };
}

async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

describe('the missing-sidecar queue', () => {
  it("holds, from the block's own write, each commitment of an ok transaction a member node was not delivered", async () => {
    const m = memberChain();
    const [a, b] = [details().sidecar, details().sidecar];
    await m.commitTx([a, b], [a]);
    const height = m.chain.head.header.height;
    expect(m.chain.storage.missingSidecars().map((x) => [toHex(x.commitment), x.height])).toEqual([[toHex(b.commitment), height]]);
    // Delivered with a later transaction: stored, and off the queue.
    await m.commitTx([b], [b]);
    expect(m.chain.storage.missingSidecars()).toEqual([]);
    // Erased before it was fetched: off the queue too.
    const c = details().sidecar;
    await m.commitTx([c]);
    expect(m.chain.storage.missingSidecarHeight(c.commitment)).toBe(m.chain.head.header.height);
    await m.erase(c.commitment);
    expect(m.chain.storage.missingSidecars()).toEqual([]);
  });

  it('is not kept by a solo node, which has no one to fetch from', async () => {
    const m = memberChain('solo');
    await m.commitTx([details().sidecar]);
    expect(m.chain.storage.missingSidecars()).toEqual([]);
  });
});

describe('fetching missing sidecars from member nodes', () => {
  it('asks each peer in turn with signed requests, checks the bytes against the commitment, and stores them', async () => {
    const m = memberChain();
    const d = details();
    await m.commitTx([d.sidecar]);
    const a = peer('a', notHeld);
    const b = peer('b', () => bytesReply(encodeSidecar(d.sidecar)));
    const { sync } = m.sync([a, b]);
    sync.start();
    await until('it is stored', () => m.chain.storage.getSidecar(d.sidecar.commitment) !== undefined);
    expect(m.chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
    expect(m.chain.storage.missingSidecars()).toEqual([]);
    expect([a.asked, b.asked]).toEqual([[toHex(d.sidecar.commitment)], [toHex(d.sidecar.commitment)]]);
    expect(sync.stored).toBe(1);
    // One committed later is taken up when its block is announced.
    const later = details();
    const tx = await m.commitTx([later.sidecar]);
    (b as { answer: FakePeer['answer'] }).answer = () => bytesReply(encodeSidecar(later.sidecar));
    sync.blockCommitted([tx]);
    await until('the later one is stored', () => m.chain.storage.getSidecar(later.sidecar.commitment) !== undefined);
    // Kept across a restart, like a sidecar delivered with its transaction.
    await sync.stop();
    await m.reopen();
    expect(m.chain.storage.getSidecar(d.sidecar.commitment)?.payload).toEqual(d.sidecar.payload);
  });

  it('rule: bytes that are not the sidecar are refused, and that peer is not asked for it again', async () => {
    const m = memberChain();
    const d = details();
    await m.commitTx([d.sidecar]);
    const other = details().sidecar;
    const liar = peer('liar', () => bytesReply(encodeSidecar(other))); // a real sidecar, of another commitment
    const garbled = peer('garbled', () => bytesReply(encodeCanonical({ salt: d.sidecar.salt, payload: { name: 'someone else' } })));
    let asks = 0;
    const slow = peer('slow', () => (++asks < 3 ? notHeld() : bytesReply(encodeSidecar(d.sidecar))));
    const { sync, log } = m.sync([liar, garbled, slow]);
    sync.start();
    await until('it is stored', () => m.chain.storage.getSidecar(d.sidecar.commitment) !== undefined);
    expect(liar.asked).toEqual([toHex(d.sidecar.commitment)]);
    expect(garbled.asked).toEqual([toHex(d.sidecar.commitment)]);
    expect(slow.asked.length).toBe(3);
    expect(log.filter((l) => /sent bytes that are not this sidecar/.test(l))).toHaveLength(2);
    expect(m.chain.storage.getSidecar(other.commitment)).toBeUndefined();
    expect(filesHolding(m.dir, 'someone else')).toEqual([]);
  });

  it('rule: an erased sidecar is never fetched, and one erased while it is being fetched is not stored', async () => {
    const m = memberChain();
    const before = details();
    await m.commitTx([before.sidecar]);
    await m.erase(before.sidecar.commitment);
    const during = details();
    await m.commitTx([during.sidecar]);
    // The peer answers only after this node has committed the erasure.
    const p = peer('p', async (hex) => {
      if (hex === toHex(during.sidecar.commitment)) await m.erase(during.sidecar.commitment);
      return bytesReply(encodeSidecar(hex === toHex(during.sidecar.commitment) ? during.sidecar : before.sidecar));
    });
    const { sync } = m.sync([p]);
    sync.start();
    await until('the round ends', () => sync.pending === 0);
    expect(p.asked).toEqual([toHex(during.sidecar.commitment)]);
    expect(sync.stored).toBe(0);
    for (const d of [before, during]) {
      expect(m.chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined();
      expect(filesHolding(m.dir, d.marker)).toEqual([]);
    }
    expect(m.chain.storage.missingSidecars()).toEqual([]);
  });

  it('rule: a peer that says a sidecar was erased ends the round; no other peer is asked in it', async () => {
    const m = memberChain();
    const d = details();
    await m.commitTx([d.sidecar]);
    const erased = peer('erased', () => Response.json({ code: 'SIDECAR_ERASED', message: 'erased' }, { status: 410 }));
    const holder = peer('holder', () => bytesReply(encodeSidecar(d.sidecar)));
    const { sync } = m.sync([erased, holder], { retryMinMs: 60_000, retryMaxMs: 60_000 });
    sync.start();
    await until('the first round ends', () => erased.asked.length === 1);
    await sleep(50);
    expect(holder.asked).toEqual([]);
    expect(m.chain.storage.getSidecar(d.sidecar.commitment)).toBeUndefined();
  });

  it('a restart takes up the queue where it was left', async () => {
    const m = memberChain();
    const d = details();
    await m.commitTx([d.sidecar]);
    const down = peer('down', () => Response.json({ code: 'INTERNAL', message: 'down' }, { status: 500 }));
    const first = m.sync([down]);
    first.sync.start();
    await until('two rounds fail', () => down.asked.length >= 2);
    await first.sync.stop();
    expect(first.log.some((l) => /round 1 failed \(http:\/\/down\.test:7700: HTTP 500 INTERNAL down\)/.test(l))).toBe(true);
    await m.reopen();
    expect(m.chain.storage.missingSidecars().map((x) => toHex(x.commitment))).toEqual([toHex(d.sidecar.commitment)]);
    const up = peer('up', () => bytesReply(encodeSidecar(d.sidecar)));
    const second = m.sync([up]);
    second.sync.start();
    await until('it is stored', () => m.chain.storage.getSidecar(d.sidecar.commitment) !== undefined);
    expect(second.log).toContain('sidecars: 1 missing; fetching them from 1 peers');
  });

  it('gives up a sidecar that no member holds, long after its block; a peer that is down never makes it give up', async () => {
    const m = memberChain();
    const [lost, unreachable] = [details().sidecar, details().sidecar];
    await m.commitTx([lost]);
    await m.commitTx([unreachable]);
    await m.chain.commit(m.chain.execute([], Date.now() + 10_000, true)); // block time moves on 10 s
    const none = peer('none', (hex) => (hex === toHex(lost.commitment) ? notHeld() : Response.json({ code: 'INTERNAL', message: 'down' }, { status: 500 })));
    const { sync, log } = m.sync([none], { giveUpAfterMs: 5000 });
    sync.start();
    await until('the lost one is given up', () => sync.givenUp === 1);
    expect(m.chain.storage.missingSidecars().map((x) => toHex(x.commitment))).toEqual([toHex(unreachable.commitment)]);
    expect(log.some((l) => /no member node holds it/.test(l))).toBe(true);
  });
});
