// State sync on a real network of 4 validators: a validator that lost its store starts again from
// a member's snapshot (CometBFT's light client verifying the header, the node verifying the state
// and log against it) instead of replaying every block; it then agrees with the others, serves a
// receipt for a document anchored before the snapshot, fetches the record details it lacks from
// the members, and votes: the network keeps its quorum with it when another validator stops.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, parseSubjectId, subjectRef, toHex, utf8 } from '@creditchain/core';
import { CreditChainClient, buildAnchorTx, buildReviewTx, buildSubmitRecordsTx, verifyReceipt, type KeyPair, type ValidatorKey } from '@creditchain/sdk';
import { DEMO_PERSON_ID } from '../../../../test/support/dev-node.js';
import { testNetwork } from '../../../../test/support/network.js';
import { rpcBlock, rpcStatus } from '../comet/rpc.js';
import { loadConfig, paths } from '../config.js';
import type { NetworkNode } from './layout.js';
import { startNetwork, stopNetwork } from './run.js';
import { prepareStateSync } from './state-sync.js';

const SNAPSHOT_INTERVAL = 5;
const net = testNetwork('cc-statesync-', { snapshotInterval: SNAPSHOT_INTERVAL });
let nodes: readonly NetworkNode[];
let validators: ValidatorKey[];
const keys = new Map<string, KeyPair>();

beforeAll(() => {
  nodes = net.nodes;
  validators = net.validators();
  for (const name of ['demo-bank', 'demo-bank-reviewer', 'demo-person']) keys.set(name, net.key(name));
});

const client = (i: number) => new CreditChainClient(nodes[i]!.api);

const signer = (i: number, account: string) => net.signer(i, account);

async function until(what: string, cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(250);
  }
}

const snapshotsOf = (n: NetworkNode): number[] => {
  const d = join(paths(n.dir).db, 'snapshots');
  return existsSync(d) ? readdirSync(d).filter((f) => /^[0-9]+$/.test(f)).map(Number) : [];
};

describe('state sync', () => {
  it('a validator that lost its store starts from a snapshot, agrees, serves old receipts and details, and votes', async () => {
    // Before the snapshot: a document anchored through node0, a record with details through node1.
    const doc = sha256(utf8('contract signed before the snapshot'));
    const anchored = buildAnchorTx({ ...(await signer(0, 'demo-bank')), items: [{ hash: doc }] });
    expect(await client(0).submitTx(anchored.bytes, { wait: 'commit' })).toMatchObject({ code: 'ok' });
    const secret = fromHex(loadConfig(nodes[0]!.dir).subjectSecret!, 32);
    const person = subjectRef(secret, parseSubjectId('person', DEMO_PERSON_ID));
    const { tx, sidecars } = buildSubmitRecordsTx(await signer(1, 'demo-bank'), [
      { subject: person, subjectKind: 'person', category: 'loan-overdue', occurred: '2025-01-10', ended: '2025-10-31', amountBand: 2, publicityDays: null, details: { contractNumber: 'L-77', name: 'Zhao Liu' } },
    ]);
    const submitted = await client(1).submitTx(tx.bytes, { wait: 'commit', sidecars });
    const id = (submitted.data as { first: number }).first;
    const published = await client(1).submitTx(buildReviewTx(await signer(1, 'demo-bank-reviewer'), [id], 'publish').bytes, { wait: 'commit' });
    expect(published.code).toBe('ok');

    // The members snapshot every 5 blocks; wait for one after the record was published.
    // (A snapshot is offered once the two blocks after it exist, for the light client to verify it.)
    await until('the members offer a snapshot after the record', async () => {
      const height = (await rpcStatus(nodes[0]!.rpc)).height;
      return nodes.slice(0, 3).every((n) => snapshotsOf(n).some((s) => s > published.height! && s + 2 <= height));
    }, 120_000);

    // node3 loses its store; it is prepared for state sync and started again.
    await stopNetwork(net.dir, { only: ['node3'], graceMs: 5000 });
    const plan = await prepareStateSync(net.dir, 'node3');
    expect(existsSync(paths(nodes[3]!.dir).db)).toBe(false);
    expect(existsSync(join(nodes[3]!.home, 'data', 'priv_validator_state.json'))).toBe(true);
    await startNetwork(net.dir, { cometbft: net.bin, only: ['node3'], timeoutMs: 90_000 }).catch((e) => {
      console.log(readFileSync(join(nodes[3]!.dir, 'cometbft.log'), 'utf8').split('\n').filter((l) => /snapshot|sync|light|ERR|error/i.test(l)).slice(0, 60).join('\n'));
      console.log(readFileSync(join(nodes[3]!.dir, 'node.log'), 'utf8').slice(-3000));
      throw e;
    });

    // It restored a snapshot: it holds no block 1, and its log says which it restored.
    const log = readFileSync(join(nodes[3]!.dir, 'node.log'), 'utf8');
    const restored = Number(/state sync: restored block (\d+)/.exec(log)?.[1]);
    expect(restored).toBeGreaterThan(published.height!);
    await expect(client(3).getBlock(1)).rejects.toMatchObject({ code: 'BLOCK_NOT_HELD' });
    // It holds the transactions before the snapshot, with their place and result code.
    const old = await client(3).getTx(toHex(anchored.id));
    expect(old).toMatchObject({ status: 'committed', code: 'ok', logIndex: (await client(0).getTx(toHex(anchored.id))).logIndex });
    expect(old.message).toMatch(/restored from \(state sync\)/);

    // It follows the chain and agrees with the others, block for block.
    const [top] = await Promise.all([rpcStatus(nodes[0]!.rpc).then((s) => s.height)]);
    await until('node3 catches up', async () => (await rpcStatus(nodes[3]!.rpc)).height >= top!);
    const h = Math.min(...(await Promise.all(nodes.map(async (n) => (await rpcStatus(n.rpc)).height))));
    const blocks = await Promise.all(nodes.map((n) => rpcBlock(n.rpc, h)));
    expect(new Set(blocks.map((b) => b.appHash)).size).toBe(1);
    const ours = await Promise.all(nodes.map((_, i) => client(i).getBlock(h - 1)));
    expect(new Set(ours.map((b) => b.hash)).size).toBe(1);

    // A receipt for the document anchored before the snapshot, certified by the validators.
    const receipt = await client(3).evidenceReceipt(toHex(doc));
    expect(verifyReceipt(receipt, { documentHash: doc, validators }).tx).toBe(toHex(anchored.id));
    // The record's details, which no snapshot carries, fetched from the members over the peer API.
    const reader = new CreditChainClient(nodes[3]!.api, { reader: keys.get('demo-person')! });
    await until('node3 serves the record details', async () => (await reader.recordDetails(id)).payload.name === 'Zhao Liu', 30_000);

    // It votes: with node2 stopped, node0, node1 and node3 still make a quorum.
    await stopNetwork(net.dir, { only: ['node2'], graceMs: 5000 });
    const after = buildAnchorTx({ ...(await signer(3, 'demo-bank')), items: [{ hash: sha256(utf8('after the state sync')) }] });
    expect(await client(3).submitTx(after.bytes, { wait: 'commit' })).toMatchObject({ code: 'ok' });
  });
}, 400_000);
