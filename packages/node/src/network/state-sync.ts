// `creditchain network state-sync --node NAME`: a member node whose store was lost, or that is far
// behind, starts again from a recent snapshot of the others instead of replaying every block.
// With the node stopped and the others running, this
//   - empties the node's CreditChain store (db/, with its snapshots) — its keys, config and
//     genesis stay — and CometBFT's block store and state, keeping priv_validator_state.json
//     (the last height this validator signed: it must never sign an earlier one twice);
//   - turns on CometBFT's state sync in its config.toml, trusting the block of a running member
//     (height and hash) as the light client's root of trust, with two members' RPCs to verify
//     headers against.
// At the next start CometBFT finds a snapshot among its peers, verifies the header after the
// snapshot's height with the light client, and hands the snapshot to the node, which restores
// it only if its state and log give that header's app hash (snapshot/restore.ts). A member's
// snapshots exist only if its config.json sets snapshotInterval (network init does).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreditChainError } from '@creditchain/core';
import { cometbftFiles, editToml } from '../comet/home.js';
import { rpcBlock, rpcStatus } from '../comet/rpc.js';
import { loadConfig, paths } from '../config.js';
import { readNetwork, type NetworkNode } from './layout.js';
import { runningPid } from './run.js';

/** The light client's trusted block is this many blocks below the member's latest, which every member then holds. */
const TRUST_DEPTH = 2;
/** How long CometBFT's light client trusts the validator set of the trusted block. */
const TRUST_PERIOD = '168h0m0s';

export interface StateSyncPlan {
  readonly node: NetworkNode;
  readonly trustHeight: number;
  readonly trustHash: string;
  /** The members whose CometBFT RPCs the light client checks headers against. */
  readonly rpcServers: readonly string[];
  /** Members that take snapshots, with their interval in blocks. */
  readonly snapshotting: ReadonlyArray<{ name: string; interval: number }>;
}

function bad(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('CLI_BAD_ARGUMENT', message, details);
}

/** Prepares node `name` of the network in `dir` to start from a snapshot (see the top of this file). */
export async function prepareStateSync(dir: string, name: string): Promise<StateSyncPlan> {
  const nodes = readNetwork(dir);
  const node = nodes.find((n) => n.name === name) ?? bad(`The network has no node "${name}"; its nodes are ${nodes.map((n) => n.name).join(', ')}.`, { node: name });
  if (runningPid(node) !== undefined) bad(`${name} is running; stop it first (creditchain network stop --node ${name}), then prepare it for state sync.`, { node: name });
  const others = nodes.filter((n) => n !== node);
  const answering: Array<{ node: NetworkNode; height: number }> = [];
  for (const n of others) {
    try {
      answering.push({ node: n, height: (await rpcStatus(n.rpc)).height });
    } catch {
      // not running: not a source
    }
  }
  if (answering.length === 0) bad(`No other member of the network answers on its CometBFT RPC; state sync needs running members to fetch a snapshot from. Start them with creditchain network start.`);
  const snapshotting = others.map((n) => ({ name: n.name, interval: loadConfig(n.dir).snapshotInterval })).filter((s) => s.interval > 0);
  if (snapshotting.length === 0) bad('No other member takes state-sync snapshots (snapshotInterval is 0 in every config.json); set it, restart them, and wait for a snapshot height.');
  const source = answering.reduce((a, b) => (b.height > a.height ? b : a));
  const trustHeight = Math.max(1, source.height - TRUST_DEPTH);
  const trusted = await rpcBlock(source.node.rpc, trustHeight);
  // The light client takes a primary and at least one witness; with one member answering, it is both.
  const rpcServers = answering.map((a) => a.node.rpc).slice(0, 2);
  if (rpcServers.length === 1) rpcServers.push(rpcServers[0]!);

  rmSync(paths(node.dir).db, { recursive: true, force: true });
  const data = join(node.home, 'data');
  if (existsSync(data)) {
    for (const f of readdirSync(data)) if (f !== 'priv_validator_state.json') rmSync(join(data, f), { recursive: true, force: true });
  }
  const config = cometbftFiles(node.home).config;
  writeFileSync(config, editToml(readFileSync(config, 'utf8'), {
    statesync: { enable: true, rpc_servers: rpcServers.join(','), trust_height: trustHeight, trust_hash: trusted.hash, trust_period: TRUST_PERIOD, discovery_time: '5s' },
  }));
  return { node, trustHeight, trustHash: trusted.hash, rpcServers, snapshotting };
}
