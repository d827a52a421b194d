// `creditchain network init|start|stop|status`: a network of member nodes on CometBFT on this
// machine, for trying a consortium and for tests (network.ts writes it, network-run.ts runs it).
// A real consortium runs one member per machine with the same node: see docs/operating.md.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CreditChainError } from '@creditchain/core';
import { cometbftBinary } from '../comet/home.js';
import { DEFAULT_BASE_PORT, DEFAULT_NETWORK_DIR, DEFAULT_SNAPSHOT_INTERVAL, DEFAULT_VALIDATORS, initNetwork } from '../network/layout.js';
import { prepareStateSync } from '../network/state-sync.js';
import { networkStatus, startNetwork, stopNetwork, type NetworkApp, type NodeStatus } from '../network/run.js';
import { parseWhole } from './args.js';
import { shownPath } from './dev.js';
import { badArgument, collect, note, out, parsePort } from './output.js';

const dirOption = ['--dir <dir>', 'the network folder', DEFAULT_NETWORK_DIR] as const;

function dirArg(dir: string): string {
  return resolve(dir) === resolve(DEFAULT_NETWORK_DIR) ? '' : ` --dir ${shownPath(resolve(dir))}`;
}

/** Prints the end of a node's log that a start failure points to, before the error line. */
function withLogTail<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    const tail = e instanceof CreditChainError ? e.details?.logTail : undefined;
    if (typeof tail === 'string' && tail !== '') note(`--- the end of ${String(e instanceof CreditChainError ? e.details?.log : '')} ---\n${tail}\n---`);
    throw e;
  });
}

const short = (hex: string | undefined) => (hex === undefined || hex === '' ? '-' : `${hex.slice(0, 12)}…`);

function statusRow(n: NodeStatus): string[] {
  const s = n.status;
  return [
    n.node.name,
    n.pid === undefined ? '-' : String(n.pid),
    n.pid === undefined ? (s === undefined ? 'stopped' : 'not ours') : 'running',
    s === undefined ? '-' : String(s.height),
    short(s?.appHash),
    s === undefined ? '-' : s.catchingUp ? 'yes' : 'no',
    n.peers === undefined ? '-' : String(n.peers),
  ];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
}

export function register(program: Command): void {
  const network = program.command('network').description('a network of member nodes on CometBFT on this machine: init, start, stop, status, state-sync');

  network
    .command('init')
    .description('write the data directories and CometBFT homes of a local network of validators')
    .option('--validators <n>', 'how many validator nodes', parseWhole, DEFAULT_VALIDATORS)
    .option(...dirOption)
    .option('--suite <suite>', 'crypto suite of the chain: intl (SHA-256, Ed25519) or gm (SM3, SM2)', 'intl')
    .option('--base-port <port>', 'first port; node I uses base+10I to base+10I+3', parsePort, DEFAULT_BASE_PORT)
    .option('--snapshot-interval <blocks>', 'each node takes a state-sync snapshot every this many blocks (0: none)', parseWhole, DEFAULT_SNAPSHOT_INTERVAL)
    .action(async (opts: { validators: number; dir: string; suite: string; basePort: number; snapshotInterval: number }) => {
      const bin = await cometbftBinary();
      const net = initNetwork({ dir: opts.dir, bin, validators: opts.validators, suite: opts.suite, basePort: opts.basePort, snapshotInterval: opts.snapshotInterval });
      const rows = [['node', 'HTTP API', 'CometBFT RPC', 'P2P', 'ABCI', 'node id']];
      for (const n of net.nodes) rows.push([n.name, n.api, n.rpc, String(n.ports.p2p), String(n.ports.abci), n.nodeId]);
      out(`Created a network of ${net.nodes.length} validator${net.nodes.length === 1 ? '' : 's'} in ${shownPath(net.dir)}`);
      out(`  chain id       ${net.chainId} (crypto suite ${net.suite}), the same genesis.json on every node`);
      out(`  CometBFT       nodeI/cometbft/ (one genesis of all ${net.nodes.length} validators, power ${net.cometbftGenesis.validators[0]!.power} each; vote extensions from height 1)`);
      out(`  demo keys      ${shownPath(net.keyDir)}/ (${net.accounts.join(', ')}), also in each nodeI/keys/`);
      out(`  snapshots      ${opts.snapshotInterval === 0 ? 'none (--snapshot-interval 0): a new node replays every block' : `every ${opts.snapshotInterval} blocks, for state sync (creditchain network state-sync --node NAME)`}`);
      out(`  validators     ${shownPath(net.dir)}/validators.json: check a receipt or report with creditchain verify FILE --validators ${shownPath(net.dir)}/validators.json`);
      out('');
      for (const line of table(rows)) out(`  ${line}`);
      out('');
      out(`Start it with: creditchain network start${dirArg(opts.dir)}`);
      out(`  (or check the CometBFT side alone with its kvstore app: creditchain network start --app kvstore${dirArg(opts.dir)})`);
    });

  network
    .command('start')
    .description('start the nodes of a network that are not running, in the background, and wait until every node holds block 1')
    .option(...dirOption)
    .option('--app <app>', 'run CometBFT with its kvstore example app instead of CreditChain nodes (for benchmarks and checking the configs): kvstore')
    .option('--timeout <seconds>', 'how long to wait for the network', parseWhole, 60)
    .option('--node <name>', 'start only this node (repeatable), e.g. one that was stopped', collect, [])
    .action(async (opts: { dir: string; app?: string; timeout: number; node: string[] }) => {
      if (opts.app !== undefined && opts.app !== 'kvstore') throw badArgument(`--app "${opts.app}" is not an app the network runs; the only one is kvstore (without --app, each node is a CreditChain node).`);
      const app: NetworkApp = opts.app === 'kvstore' ? 'kvstore' : 'creditchain';
      const cometbft = await cometbftBinary();
      const r = await withLogTail(startNetwork(opts.dir, { app, cometbft, timeoutMs: opts.timeout * 1000, ...(opts.node.length === 0 ? {} : { only: opts.node }) }));
      for (const s of r.started) out(`${s.name}  started (pid ${s.pid}${app === 'kvstore' ? ', CometBFT with the kvstore app' : ''})`);
      for (const s of r.alreadyRunning) out(`${s.name}  already running (pid ${s.pid})`);
      out(`The network is up: every node answers and holds block ${r.height === 1 ? '1' : `${r.height} or later`}. Logs: ${shownPath(resolve(opts.dir))}/nodeI/node.log`);
      out(`Watch it with: creditchain network status${dirArg(opts.dir)}; stop it with: creditchain network stop${dirArg(opts.dir)}`);
    });

  network
    .command('stop')
    .description('stop the running nodes of a network (SIGTERM, then SIGKILL after a grace period)')
    .option(...dirOption)
    .option('--grace <seconds>', 'how long a node has to stop before it is killed', parseWhole, 10)
    .option('--node <name>', 'stop only this node (repeatable)', collect, [])
    .action(async (opts: { dir: string; grace: number; node: string[] }) => {
      const r = await stopNetwork(opts.dir, { graceMs: opts.grace * 1000, ...(opts.node.length === 0 ? {} : { only: opts.node }) });
      for (const name of r.stopped) out(`${name}  stopped${r.killed.includes(name) ? ` (killed: it did not stop within ${opts.grace} s)` : ''}`);
      if (r.notRunning.length > 0) out(`${r.notRunning.join(', ')}  ${r.notRunning.length === 1 ? 'was' : 'were'} not running`);
    });

  network
    .command('state-sync')
    .description("empty a stopped node's store and let it start again from a recent snapshot of the running members (CometBFT state sync), instead of replaying every block")
    .option(...dirOption)
    .requiredOption('--node <name>', 'the node to start from a snapshot, e.g. node3')
    .action(async (opts: { dir: string; node: string }) => {
      const plan = await prepareStateSync(opts.dir, opts.node);
      out(`${plan.node.name}  store emptied (its keys, config.json, genesis.json and priv_validator_state.json kept)`);
      out(`  CometBFT state sync on: trusts block ${plan.trustHeight} (${short(plan.trustHash)}), checks headers against ${plan.rpcServers.join(', ')}`);
      out(`  snapshots from ${plan.snapshotting.map((s) => `${s.name} (every ${s.interval} blocks)`).join(', ')}`);
      out(`Start it with: creditchain network start --node ${plan.node.name}${dirArg(opts.dir)}; it restores the newest snapshot its peers offer, then follows the chain.`);
    });

  network
    .command('status')
    .description("each node's process, height, app hash, peers, and whether the nodes agree at a common height")
    .option(...dirOption)
    .action(async (opts: { dir: string }) => {
      const s = await networkStatus(opts.dir);
      const rows = [['node', 'pid', 'process', 'height', 'app hash', 'catching up', 'peers'], ...s.nodes.map(statusRow)];
      for (const line of table(rows)) out(line);
      out('');
      const a = s.agreement;
      if (a === undefined) {
        out(`No node answers on its CometBFT RPC; start the network with: creditchain network start${dirArg(opts.dir)}`);
        return;
      }
      const silent = s.nodes.filter((n) => n.status === undefined).map((n) => n.node.name);
      const of = `${a.blocks.length} answering node${a.blocks.length === 1 ? '' : 's'}`;
      const from = `from /block?height=${a.height}; a header's app hash is the state after the block before it`;
      if (a.agree) out(`The ${of} ${a.blocks.length === 1 ? 'is' : 'agree'} at height ${a.height}: block ${short(a.blocks[0]!.hash)}, app hash ${short(a.blocks[0]!.appHash)} (${from}).`);
      else {
        out(`The ${of} DISAGREE at height ${a.height} (${from}):`);
        for (const b of a.blocks) out(`  ${b.name}  block ${b.hash}  app hash ${b.appHash}`);
      }
      if (silent.length > 0) out(`Not answering: ${silent.join(', ')}.`);
      for (const n of s.nodes) {
        if (n.halted !== undefined) out(`${n.node.name} HALTED: its CometBFT stopped consensus rather than follow the network: ${n.halted}. Its state does not match the network's: compare its genesis.json and config with a healthy member's.`);
      }
    });
}
