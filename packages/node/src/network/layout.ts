// A local network of CreditChain member nodes on CometBFT, for trying a consortium on one
// machine and for tests: `creditchain network init` writes, in one folder D,
//   D/node0 … D/node{N-1}   CreditChain data directories (config.json in CometBFT mode, the
//                           same genesis.json and subject secret on all, each its node-key.json)
//   D/nodeI/cometbft/       that node's CometBFT home: its validator and P2P keys, the one
//                           CometBFT genesis of all N validators, its config.toml
//   D/keys/                 the demo accounts' keys (the consortium of `creditchain dev`), also
//                           in each D/nodeI/keys/
//   D/validators.json       the validator set: what `creditchain verify --validators` checks
//                           a network's certified checkpoints against
// Each validator's CometBFT key is also its node's checkpoint key (node-key.json), and the
// CreditChain genesis names the validators, so certificates are checked against that set.
// Node I uses ports P+10I (P2P), P+10I+1 (CometBFT RPC), P+10I+2 (ABCI), P+10I+3 (HTTP API),
// all on 127.0.0.1. Running and watching the network is network-run.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { CreditChainError, formatVerifierKey, getSuite, toHex } from '@creditchain/core';
import { loadConfig, paths, type NodeConfig } from '../config.js';
import {
  cometbftFiles,
  cometbftNodeId,
  cometbftValidator,
  cometbftValidatorKey,
  editToml,
  initCometbftHome,
  networkGenesis,
  readCometbftGenesis,
  type CometbftGenesis,
  type TomlEdits,
} from '../comet/home.js';
import { DEMO_ORGS, demoAccounts, initDataDir, isDataDir, writeKeyFiles } from '../dev.js';

export const DEFAULT_NETWORK_DIR = join('.creditchain', 'network');
export const DEFAULT_BASE_PORT = 26600;
export const DEFAULT_VALIDATORS = 4;
export const NETWORK_CHAIN_ID = 'creditchain-network';
/** Each node takes ten ports from P+10I: P2P, RPC, ABCI, HTTP API, and six kept free. */
export const PORTS_PER_NODE = 10;
/** Voting power of each validator in a new network (all equal). */
export const VALIDATOR_POWER = 10;
/** Each node takes a state-sync snapshot every this many blocks (about 80 minutes of an idle network, a snapshot is a full copy of the state). */
export const DEFAULT_SNAPSHOT_INTERVAL = 500;
const MAX_VALIDATORS = 100;
const HOST = '127.0.0.1';

export interface NodePorts {
  readonly p2p: number;
  readonly rpc: number;
  readonly abci: number;
  readonly api: number;
}

export function nodePorts(basePort: number, index: number): NodePorts {
  const p = basePort + PORTS_PER_NODE * index;
  return { p2p: p, rpc: p + 1, abci: p + 2, api: p + 3 };
}

/** One node of a network folder, as its config.json places it. */
export interface NetworkNode {
  /** node0, node1, …: its CometBFT moniker and its checkpoint key's name. */
  readonly name: string;
  /** Its CreditChain data directory (absolute). */
  readonly dir: string;
  /** Its CometBFT home (absolute). */
  readonly home: string;
  /** CometBFT's RPC, http://host:port. */
  readonly rpc: string;
  /** Where its ABCI server listens, tcp://host:port. */
  readonly abci: string;
  /** Its HTTP API, http://host:port. */
  readonly api: string;
}

function bad(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('NODE_BAD_CONFIG', message, details);
}

function nodeDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^node[0-9]+$/.test(f))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
}

/** The nodes of a network folder made by initNetwork, in order. */
export function readNetwork(dir: string): NetworkNode[] {
  const root = resolve(dir);
  const names = nodeDirs(root);
  if (names.length === 0) throw new CreditChainError('CLI_BAD_ARGUMENT', `${dir} holds no network (no node0, node1, …); make one with "creditchain network init --dir ${dir}".`, { dir });
  return names.map((name) => {
    const data = join(root, name);
    if (!isDataDir(data)) bad(`${data} is not a node's data directory (no config.json or genesis.json).`, { dir: data });
    const c = loadConfig(data);
    if (c.consensus !== 'cometbft' || c.cometbft === undefined || c.abci === undefined) bad(`${data} runs in solo mode; a network node's config.json says "consensus": "cometbft".`, { dir: data });
    return { name, dir: data, home: resolve(data, c.cometbft.home), rpc: c.cometbft.rpc, abci: c.abci, api: `http://${c.host}:${c.port}` };
  });
}

/** The config.toml settings of node `name` of a loopback network; `peers` are id@host:port of the others. */
export function loopbackConfigEdits(name: string, ports: NodePorts, peers: readonly string[]): TomlEdits {
  return {
    '': { moniker: name, proxy_app: `tcp://${HOST}:${ports.abci}`, log_level: 'main:info,state:info,statesync:info,*:error' },
    rpc: { laddr: `tcp://${HOST}:${ports.rpc}` },
    p2p: {
      laddr: `tcp://${HOST}:${ports.p2p}`,
      persistent_peers: peers.join(','),
      // All nodes share one address, 127.0.0.1, which a strict address book refuses.
      addr_book_strict: false,
      allow_duplicate_ip: true,
      // Loopback has no latency to batch for (CometBFT's own test configuration uses 10ms).
      flush_throttle_timeout: '10ms',
    },
    mempool: { size: 5000, max_txs_bytes: 64 * 1024 * 1024 },
    consensus: {
      timeout_propose: '1s',
      timeout_prevote: '500ms',
      timeout_precommit: '500ms',
      timeout_commit: '300ms',
      // A block as soon as there are transactions, and an empty one every 10 s on a quiet chain,
      // so that rules which depend on the day still run.
      create_empty_blocks: true,
      create_empty_blocks_interval: '10s',
    },
  };
}

export interface InitNetworkOptions {
  /** The network folder D; must not exist yet, or be empty. */
  readonly dir: string;
  /** The CometBFT binary (cometbftBinary()). */
  readonly bin: string;
  readonly validators?: number;
  readonly suite?: string;
  readonly basePort?: number;
  /** Time of block 0 in ms; now by default. */
  readonly genesisTime?: number;
  /** Blocks between state-sync snapshots (0: none). */
  readonly snapshotInterval?: number;
}

export interface InitializedNode extends NetworkNode {
  readonly ports: NodePorts;
  /** CometBFT's P2P node id. */
  readonly nodeId: string;
  /** The validator's address in the CometBFT genesis. */
  readonly validatorAddress: string;
}

export interface InitializedNetwork {
  readonly dir: string;
  readonly chainId: string;
  readonly suite: string;
  readonly nodes: readonly InitializedNode[];
  readonly keyDir: string;
  readonly accounts: readonly string[];
  readonly cometbftGenesis: CometbftGenesis;
}

function checkOptions(dir: string, shown: string, validators: number, basePort: number, suite: string): void {
  if (!Number.isSafeInteger(validators) || validators < 1 || validators > MAX_VALIDATORS) {
    throw new CreditChainError('CLI_BAD_ARGUMENT', `A network has from 1 to ${MAX_VALIDATORS} validators, not ${validators}.`);
  }
  const last = nodePorts(basePort, validators - 1).api;
  if (!Number.isSafeInteger(basePort) || basePort < 1024 || last > 65535) {
    throw new CreditChainError('CLI_BAD_ARGUMENT', `With ${validators} validators the ports run from the base port to base + ${last - basePort}; choose a base port from 1024 to ${65535 - (last - basePort)}.`);
  }
  getSuite(suite); // an unknown suite is refused before anything is written
  if (!existsSync(dir)) return;
  const held = nodeDirs(dir);
  if (held.length > 0) {
    throw new CreditChainError('CLI_BAD_ARGUMENT', `${shown} already holds a network (${held.join(', ')}); start it with "creditchain network start --dir ${shown}", or remove the folder or choose another --dir to make a new one.`, { dir });
  }
  if (readdirSync(dir).length > 0) throw new CreditChainError('CLI_BAD_ARGUMENT', `${shown} is not empty; choose a new or empty folder for the network with --dir.`, { dir });
}

/**
 * Writes a network of `validators` member nodes (see the top of this file). Everything is
 * written into a sibling folder first and renamed to `dir` at the end, so a failure leaves no
 * half-made network behind.
 */
export function initNetwork(opts: InitNetworkOptions): InitializedNetwork {
  const dir = resolve(opts.dir);
  const validators = opts.validators ?? DEFAULT_VALIDATORS;
  const basePort = opts.basePort ?? DEFAULT_BASE_PORT;
  const suite = opts.suite ?? 'intl';
  checkOptions(dir, opts.dir, validators, basePort, suite);
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const secret = randomBytes(32);
    const { accounts, keys } = demoAccounts(secret, suite);
    const genesisTime = opts.genesisTime ?? Date.now();
    const layout = Array.from({ length: validators }, (_, i) => ({ name: `node${i}`, ports: nodePorts(basePort, i) }));
    // CometBFT homes first: each validator's key is also its node's checkpoint key, and the
    // CreditChain genesis names the validators (name, key, power), as CometBFT's genesis does.
    const validatorKeys = layout.map(({ name }) => {
      initCometbftHome(opts.bin, join(work, name, 'cometbft'));
      return cometbftValidatorKey(join(work, name, 'cometbft'));
    });
    const genesisValidators = layout.map(({ name }, i) => ({ name, publicKey: toHex(validatorKeys[i]!.publicKey), power: VALIDATOR_POWER }));
    layout.forEach(({ name, ports }, i) => {
      const config: Partial<NodeConfig> = {
        host: HOST,
        port: ports.api,
        subjectSecret: toHex(secret),
        consensus: 'cometbft',
        abci: `tcp://${HOST}:${ports.abci}`,
        cometbft: { home: 'cometbft', rpc: `http://${HOST}:${ports.rpc}` },
        // The other members' APIs, which this node fetches the sidecars it lacks from.
        peers: layout.flatMap((other, j) => (j === i ? [] : [`http://${HOST}:${other.ports.api}`])),
        snapshotInterval: opts.snapshotInterval ?? DEFAULT_SNAPSHOT_INTERVAL,
      };
      initDataDir(join(work, name), { chainId: NETWORK_CHAIN_ID, nodeName: name, suite, orgs: DEMO_ORGS, accounts, genesisTime, config, validators: genesisValidators, nodeSeed: validatorKeys[i]!.seed });
      // Each node's keys/ too, so `--data D/nodeI --as demo-bank` finds them.
      writeKeyFiles(join(work, name, 'keys'), keys);
    });
    writeKeyFiles(join(work, 'keys'), keys);
    // The validator set as `creditchain verify --validators` takes it.
    writeFileSync(join(work, 'validators.json'), `${JSON.stringify({ chainId: NETWORK_CHAIN_ID, validators: genesisValidators.map((v, i) => ({ name: v.name, key: formatVerifierKey(v.name, validatorKeys[i]!.publicKey), power: v.power })) }, null, 2)}\n`);

    const homes = layout.map((n) => join(work, n.name, 'cometbft'));
    const ids = homes.map((h) => cometbftNodeId(opts.bin, h));
    const ourGenesis = JSON.parse(readFileSync(paths(join(work, 'node0')).genesis, 'utf8')) as { genesisTime: string };
    const genesis = networkGenesis(readCometbftGenesis(homes[0]!), {
      chainId: NETWORK_CHAIN_ID,
      genesisTime: ourGenesis.genesisTime,
      validators: layout.map((n, i) => cometbftValidator(homes[i]!, n.name, VALIDATOR_POWER)),
    });
    const genesisText = `${JSON.stringify(genesis, null, 2)}\n`;
    layout.forEach(({ name, ports }, i) => {
      const files = cometbftFiles(homes[i]!);
      writeFileSync(files.genesis, genesisText);
      const peers = layout.flatMap((other, j) => (j === i ? [] : [`${ids[j]!}@${HOST}:${other.ports.p2p}`]));
      writeFileSync(files.config, editToml(readFileSync(files.config, 'utf8'), loopbackConfigEdits(name, ports, peers)));
    });

    mkdirSync(dirname(dir), { recursive: true });
    if (existsSync(dir)) rmdirSync(dir); // empty (checked above)
    renameSync(work, dir);
    return {
      dir,
      chainId: NETWORK_CHAIN_ID,
      suite,
      keyDir: join(dir, 'keys'),
      accounts: keys.map((k) => k.account!),
      cometbftGenesis: genesis,
      nodes: layout.map(({ name, ports }, i) => ({
        name,
        ports,
        dir: join(dir, name),
        home: join(dir, name, 'cometbft'),
        rpc: `http://${HOST}:${ports.rpc}`,
        abci: `tcp://${HOST}:${ports.abci}`,
        api: `http://${HOST}:${ports.api}`,
        nodeId: ids[i]!,
        validatorAddress: genesis.validators[i]!.address,
      })),
    };
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}
