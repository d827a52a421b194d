// A validator change decided by governance reaches CometBFT: the member organisations vote to
// give node0 more than 2/3 of the voting power, and once CometBFT has applied the update the
// network goes on with node0 alone while the three others are stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { fromHex } from '@creditchain/core';
import { CreditChainClient, proposeTx, voteTx, type KeyPair } from '@creditchain/sdk';
import { testNetwork } from '../../../../test/support/network.js';
import { rpcStatus } from '../comet/rpc.js';
import { stopNetwork } from './run.js';

const net = testNetwork('cc-valset-');
const key = (name: string): KeyPair => net.key(name);

describe('validator changes from governance', () => {
  it('a passed set-validators proposal reaches CometBFT: node0, given 100 of 130, makes blocks alone', async () => {
    const client = new CreditChainClient(net.nodes[0]!.api);
    const send = async (name: string, build: (s: { suite: 'intl'; chainId: string; sender: string; nonce: number; expires: number; seed: Uint8Array }) => { bytes: Uint8Array }) => {
      const { height } = await client.status();
      const nonce = (await client.account(name)).nonce;
      return client.submitTx(build({ suite: 'intl', chainId: 'creditchain-network', sender: name, nonce, expires: height + 100, seed: key(name).seed }).bytes, { wait: 'commit' });
    };
    const current = (await client.validators()).validators;
    const set = current.map((v) => ({ name: v.name, key: fromHex(v.publicKey, 32), power: v.name === 'node0' ? 100 : 10 }));
    const proposed = await send('demo-regulator', (s) => proposeTx({ ...s, proposal: { kind: 'set-validators', validators: set } }));
    const id = (proposed.data as { proposal: number }).proposal;
    for (const voter of ['demo-regulator', 'demo-agency', 'demo-bank']) await send(voter, (s) => voteTx({ ...s, proposal: id, vote: 'yes' }));
    expect((await client.proposal(id)).status).toBe('passed');
    expect((await client.validators()).validators.find((v) => v.name === 'node0')!.power).toBe(100);

    // CometBFT applies an update two blocks after the block that made it.
    const at = (await rpcStatus(net.nodes[0]!.rpc)).height;
    for (let i = 0; i < 60 && (await rpcStatus(net.nodes[0]!.rpc)).height < at + 3; i++) await sleep(250);
    const vals = (await (await fetch(`${net.nodes[0]!.rpc}/validators`)).json()) as { result: { validators: { voting_power: string }[] } };
    expect(vals.result.validators.map((v) => Number(v.voting_power)).sort((a, b) => b - a)).toEqual([100, 10, 10, 10]);

    await stopNetwork(net.dir, { only: ['node1', 'node2', 'node3'], graceMs: 3000 });
    const before = (await rpcStatus(net.nodes[0]!.rpc)).height;
    // node0 alone (100 of 130) now makes blocks: an anchor-free way to see it is a governance vote.
    await send('demo-regulator', (s) => proposeTx({ ...s, proposal: { kind: 'set-param', name: 'objectionDeadlineDays', value: 21 } }));
    expect((await rpcStatus(net.nodes[0]!.rpc)).height).toBeGreaterThan(before);
  });
}, 300_000);
