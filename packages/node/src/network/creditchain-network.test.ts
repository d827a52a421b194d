// A CreditChain network of 4 validators on CometBFT, on loopback, with real processes: each
// node is `creditchain start` running its own CometBFT. Transactions go to different nodes and
// every node ends with the same blocks and checkpoints; a receipt carries a quorum of the
// validators' signatures and verifies offline against the validator set alone; the network
// survives a validator killed under load (it catches up after restart), halts safely without a
// quorum and resumes with one; a record's details sent to one node reach every member, and a
// court-ordered erasure removes them from all; and a validator whose app computes another state
// is left behind, not followed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { formatVerifierKey, fromHex, getSuite, parseCheckpoint, parseSubjectId, subjectRef, toHex, utf8 } from '@creditchain/core';
import {
  CreditChainClient,
  buildAnchorTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  eraseTx,
  keyPairFromJson,
  openQuorumNote,
  verifyStateReply,
  signNodeHeaders,
  verifyReceipt,
  type KeyPair,
  type ValidatorKey,
} from '@creditchain/sdk';
import { DEMO_PERSON_ID } from '../../../../test/support/dev-node.js';
import { filesHolding } from '../../../../test/support/files.js';
import { testNetwork } from '../../../../test/support/network.js';
import { freeBasePort } from '../../../../test/support/ports.js';
import { rpcBlock, rpcStatus } from '../comet/rpc.js';
import { loadConfig, paths } from '../config.js';
import { initNetwork, readNetwork, type NetworkNode } from './layout.js';
import { networkStatus, runningPid, startNetwork, stopNetwork } from './run.js';

const net = testNetwork('cc-net-');
const { scratch, dir } = net;
let bin: string;
let nodes: readonly NetworkNode[];
let validators: ValidatorKey[];
const keys = new Map<string, KeyPair>();

beforeAll(() => {
  bin = net.bin;
  nodes = net.nodes;
  validators = net.validators();
  for (const name of ['demo-bank', 'demo-bank-reviewer', 'demo-court', 'demo-market', 'demo-person']) keys.set(name, net.key(name));
});

const client = (i: number) => new CreditChainClient(nodes[i]!.api);
const signer = (i: number, account: string) => net.signer(i, account);

/** Anchors `what` as `account` through node `i`, waiting for its block. */
async function anchor(i: number, account: string, what: string, wait: 'commit' | 'none' = 'commit') {
  const tx = buildAnchorTx({ ...(await signer(i, account)), items: [{ hash: sha256(utf8(what)) }] });
  return { tx, reply: await client(i).submitTx(tx.bytes, { wait }) };
}

async function heights(which: readonly number[]): Promise<number[]> {
  return Promise.all(which.map(async (i) => (await rpcStatus(nodes[i]!.rpc)).height));
}

async function until(what: string, cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(200);
  }
}

/** The nodes hold the same block, and the same checkpoint text, at the lowest height they all have. */
async function expectAgreement(which: readonly number[]): Promise<number> {
  const h = Math.min(...(await heights(which)));
  const blocks = await Promise.all(which.map((i) => rpcBlock(nodes[i]!.rpc, h)));
  expect(new Set(blocks.map((b) => b.hash)).size).toBe(1);
  expect(new Set(blocks.map((b) => b.appHash)).size).toBe(1);
  const ours = await Promise.all(which.map((i) => client(i).getBlock(h - 1)));
  expect(new Set(ours.map((b) => b.hash)).size).toBe(1);
  return h;
}

describe('a CreditChain network of 4 validators on CometBFT', () => {
  it('takes transactions at different nodes; all reach the same height, app hash, blocks and certified checkpoints', async () => {
    const a = await anchor(0, 'demo-bank', 'contract A');
    const b = await anchor(2, 'demo-court', 'judgement B');
    const c = await anchor(3, 'demo-market', 'penalty C');
    expect([a.reply.status, b.reply.status, c.reply.status]).toEqual(['committed', 'committed', 'committed']);
    const top = Math.max(a.reply.height!, b.reply.height!, c.reply.height!);
    await until('every node holds the last block', async () => (await heights([0, 1, 2, 3])).every((h) => h > top + 1));
    await expectAgreement([0, 1, 2, 3]);
    // Every node serves a checkpoint certified by more than 2/3 of the validators; at one height, one text.
    await until('every node certified the last block', async () => (await Promise.all(nodes.map((_, i) => client(i).validators()))).every((v) => (v.certified ?? 0) >= top));
    const notes = await Promise.all(nodes.map((_, i) => client(i).latestCheckpoint()));
    const opened = notes.map((n) => openQuorumNote(n, validators));
    for (const o of opened) expect(o.signedPower * 3).toBeGreaterThan(o.totalPower * 2);
    const byHeight = new Map(opened.map((o) => [parseCheckpoint(o.text).height, o.text]));
    for (const o of opened) expect(o.text).toBe(byHeight.get(parseCheckpoint(o.text).height));
  });

  it('a receipt verifies offline against the validator set, and fails with a forged or insufficient set', async () => {
    const { tx } = await anchor(1, 'demo-bank', 'lease D');
    const hash = toHex(sha256(utf8('lease D')));
    const receipt = await client(1).evidenceReceipt(hash);
    const proof = verifyReceipt(receipt, { documentHash: sha256(utf8('lease D')), validators });
    expect(proof.tx).toBe(toHex(tx.id));
    expect(proof.checkpoint.signedBy.length).toBeGreaterThanOrEqual(3);
    // Two of the four keys replaced by keys the network never had: no quorum of the set signed.
    const intl = getSuite('intl');
    const forged = validators.map((v, i) => (i < 2 ? { key: formatVerifierKey(`node${i}`, intl.publicKeyOf(new Uint8Array(32).fill(i + 1))), power: v.power } : v));
    expect(() => verifyReceipt(receipt, { validators: forged })).toThrow(expect.objectContaining({ code: 'CHECKPOINT_NO_QUORUM' }));
    // A set in which the signers hold too little power.
    const heavy = [...validators, { key: formatVerifierKey('outsider', intl.publicKeyOf(new Uint8Array(32).fill(9))), power: 100 }];
    expect(() => verifyReceipt(receipt, { validators: heavy })).toThrow(expect.objectContaining({ code: 'CHECKPOINT_NO_QUORUM' }));
    // One changed byte of a signature.
    const line = receipt.checkpoint.split('\n').find((l) => l.startsWith('\u2014 node0 '))!;
    const bad = { ...receipt, checkpoint: receipt.checkpoint.replace(line, line.slice(0, -6) + (line.at(-6) === 'A' ? 'B' : 'A') + line.slice(-5)) };
    expect(() => verifyReceipt(bad, { validators })).toThrow();
  });

  it("a proven read carries the validators' certificate of the state it proves", async () => {
    await anchor(2, 'demo-court', 'activity before a proven read'); // its block's certificate comes in the next
    const a = await client(2).account('demo-bank', { prove: true });
    const opened = openQuorumNote(a.state!.checkpoint, validators);
    expect(parseCheckpoint(opened.text)).toMatchObject({ height: a.state!.height });
    expect(toHex(parseCheckpoint(opened.text).stateRoot!)).toBe(a.state!.stateRoot);
    expect(verifyStateReply(a.state!, { trustedKeys: validators.map((v) => v.key) }).value).not.toBeNull();
  });

  it('goes on when a validator is killed under load, and the killed node catches up after it restarts', async () => {
    let sent = 0;
    let load = true;
    const loop = (async () => {
      while (load) {
        await anchor(0, 'demo-bank', `load ${sent++}`);
      }
    })();
    await sleep(1000);
    process.kill(-runningPid(nodes[3]!)!, 'SIGKILL'); // the node and its CometBFT
    const [before] = await heights([0]);
    await until('the three go on by 3 blocks', async () => (await heights([0, 1, 2])).every((h) => h >= before! + 3));
    load = false;
    await loop;
    expect(sent).toBeGreaterThan(3);
    writeFileSync(join(nodes[3]!.dir, 'node.pid'), '999999999'); // a stale pid file, as kill -9 leaves it
    await startNetwork(dir, { cometbft: bin, only: ['node3'], timeoutMs: 60_000 });
    const [target] = await heights([0]);
    await until('node3 catches up', async () => (await heights([3]))[0]! >= target!);
    await expectAgreement([0, 1, 2, 3]);
  });

  it('halts safely when two of four stop (no block, no fork), and resumes when one returns', async () => {
    await stopNetwork(dir, { only: ['node2', 'node3'], graceMs: 5000 });
    await sleep(1500); // a block under way when they stopped may still commit
    const stuck = await heights([0, 1]);
    const pending = await anchor(0, 'demo-bank', 'waits for a quorum', 'none');
    expect(pending.reply.status).toBe('pending');
    await sleep(3000);
    expect(await heights([0, 1])).toEqual(stuck);
    await expectAgreement([0, 1]);
    await startNetwork(dir, { cometbft: bin, only: ['node2'], timeoutMs: 60_000 });
    await until('the pending transaction commits', async () => (await client(0).getTx(toHex(pending.tx.id))).status === 'committed', 45_000);
    await expectAgreement([0, 1, 2]);
    await startNetwork(dir, { cometbft: bin, only: ['node3'], timeoutMs: 60_000 });
  });

  it("serves a record's details sent to node1 from every member, and after a court-ordered erasure from none, nor holds them", async () => {
    const marker = `ERASE-ME-${Date.now()} loan contract of Wang Wu`;
    const secret = fromHex(loadConfig(nodes[0]!.dir).subjectSecret!, 32);
    const person = subjectRef(secret, parseSubjectId('person', DEMO_PERSON_ID));
    const { tx, sidecars } = buildSubmitRecordsTx(await signer(1, 'demo-bank'), [
      { subject: person, subjectKind: 'person', category: 'loan-overdue', occurred: '2025-01-10', ended: '2025-10-31', amountBand: 2, publicityDays: null, details: { contractNumber: 'L-9', name: marker } },
    ]);
    const submitted = await client(1).submitTx(tx.bytes, { wait: 'commit', sidecars });
    expect(submitted.code).toBe('ok');
    const id = (submitted.data as { first: number }).first;
    expect(await client(1).submitTx(buildReviewTx(await signer(1, 'demo-bank-reviewer'), [id], 'publish').bytes, { wait: 'commit' })).toMatchObject({ code: 'ok' });

    // Only node1 was delivered the details; node3 fetches them from a member that holds them.
    const reader = (i: number, account: string) => new CreditChainClient(nodes[i]!.api, { reader: keys.get(account)! });
    await until('node3 serves the details', async () => (await reader(3, 'demo-person').recordDetails(id)).payload.name === marker, 20_000);
    for (const i of [0, 2]) {
      await until(`node${i} serves the details`, async () => (await reader(i, 'demo-bank').recordDetails(id)).payload.name === marker, 20_000);
    }
    expect(filesHolding(nodes[3]!.dir, marker)).toHaveLength(1); // its own sidecar file

    // The court order, sent to node2.
    const order = eraseTx({ ...(await signer(2, 'demo-court')), record: id, reason: 'order (2026) No. 12', order: { document: toHex(sha256(utf8('court order 12'))), name: 'order-12.pdf' } });
    expect(await client(2).submitTx(order.tx.bytes, { wait: 'commit', sidecars: order.sidecars })).toMatchObject({ code: 'ok' });
    const commitment = toHex(sidecars[0]!.commitment);
    const nodeKey = keyPairFromJson(JSON.parse(readFileSync(paths(nodes[0]!.dir).nodeKey, 'utf8')));
    const path = `/v1/peer/sidecars/${commitment}`;
    for (const [i, n] of nodes.entries()) {
      await until(`node${i} no longer serves the details`, async () => {
        await reader(i, 'demo-person').recordDetails(id).then(
          () => expect.unreachable(),
          (e: unknown) => expect(e).toMatchObject({ code: 'SIDECAR_NOT_FOUND', details: { reason: 'court-order' } }),
        );
        return true;
      }, 20_000);
      // Nor to a member node.
      const res = await fetch(n.api + path, { headers: signNodeHeaders({ name: 'node0', seed: nodeKey.seed }, 'creditchain-network', 'GET', path, Date.now()) });
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([410, 'SIDECAR_ERASED']);
      expect(filesHolding(n.dir, marker)).toEqual([]);
    }
  });
}, 300_000);

describe('a validator whose app computes another state', () => {
  const other = join(scratch, 'fork');
  let forkNodes: NetworkNode[];

  afterAll(async () => {
    await stopNetwork(other, { graceMs: 3000 }).catch(() => {});
  }, 60_000);

  it('is detected by its CometBFT and left behind; the other three go on', async () => {
    initNetwork({ dir: other, bin, basePort: await freeBasePort(4) });
    forkNodes = readNetwork(other);
    // node3's CreditChain genesis differs by one parameter: from block 0 its state is not the network's.
    const file = paths(forkNodes[3]!.dir).genesis;
    const g = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...g, params: { ...g.params, objectionDeadlineDays: 30 } }, null, 2));
    await startNetwork(other, { cometbft: bin, only: ['node0', 'node1', 'node2'], timeoutMs: 60_000 });
    const spawnFork = startNetwork(other, { cometbft: bin, only: ['node3'], timeoutMs: 15_000 }).catch((e: unknown) => e);
    await until('the three honest nodes pass height 3', async () => {
      const hs = await Promise.all(forkNodes.slice(0, 3).map(async (n) => (await rpcStatus(n.rpc)).height));
      return hs.every((h) => h >= 3);
    }, 60_000);
    await spawnFork;
    // CometBFT checks each block's app hash against its own app's: node3 halts rather than follow.
    const log = () => readFileSync(join(forkNodes[3]!.dir, 'cometbft.log'), 'utf8');
    await until('node3 reports the app hash it cannot agree with', async () => /CONSENSUS FAILURE.*wrong Block\.Header\.AppHash/.test(log()), 30_000);
    const honest = await Promise.all(forkNodes.slice(0, 3).map(async (n) => (await rpcStatus(n.rpc)).height));
    const forked = await rpcStatus(forkNodes[3]!.rpc).then((s) => s.height).catch(() => 0);
    expect(forked).toBeLessThan(Math.min(...honest));
    // `creditchain network status` says so.
    const status = await networkStatus(other);
    expect(status.nodes[3]!.halted).toMatch(/wrong Block\.Header\.AppHash/);
    expect(status.nodes.slice(0, 3).every((n) => n.halted === undefined)).toBe(true);
  });
}, 300_000);
