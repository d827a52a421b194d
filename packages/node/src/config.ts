// A node's data directory:
//   config.json    node settings (below)
//   genesis.json   the chain's genesis document
//   node-key.json  the key that signs this node's checkpoints (mode 0600)
//   db/            the LMDB store
//   keys/          demo account keys (dev data directories only)
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readKeyPair } from './key-files.js';
import { CreditChainError, MAX_TX_SIZE, NAME_PATTERN } from '@creditchain/core';
import { parseGenesis, type Genesis } from '@creditchain/ledger';
import type { NodeKey } from './chain.js';

export interface NodeConfig {
  /** Name of the checkpoint signing key; shows in every signed note. */
  nodeName: string;
  host: string;
  port: number;
  blockIntervalMs: number;
  maxBlockTxs: number;
  /**
   * Solo: the most bytes of transactions (as signed) a block holds, MAX_TX_SIZE (512 KiB) or
   * more; 21 MiB by default, CometBFT's default block.max_bytes, the bound a network's blocks
   * have. Without it a block took every transaction waiting, up to `maxBlockTxs` of 512 KiB each:
   * 2.5 GB, held in memory while it executes and written as one LMDB transaction.
   */
  maxBlockBytes: number;
  mempoolSize: number;
  /** Requests per minute one client address may make (0: no limit); more get HTTP 429. */
  rateLimitPerMinute: number;
  /**
   * Longest time a client may take to send a whole request, in ms (slow-loris defence). It runs
   * while the node's own event loop is held too: a body read over several turns of the loop, each
   * after a block's commit of seconds, takes that many commits to arrive.
   */
  requestTimeoutMs: number;
  /**
   * The consortium secret that keys subject references (HMAC of a normalised identifier), as
   * hex. Held in node configuration only, never on the chain; the same on every member node.
   */
  subjectSecret?: string;
  /** Whether this node's clock may be moved ahead (dev data directories only; see clock.ts). */
  devClock: boolean;
  /** How far ahead of the machine's clock block time runs, in ms (0 unless devClock). */
  clockOffsetMs: number;
  /** Who makes the blocks: this node alone (solo), or a CometBFT network this node is a member of. */
  consensus: 'solo' | 'cometbft';
  /** CometBFT mode: where this node's ABCI server listens (CometBFT's proxy_app). */
  abci?: string;
  /** CometBFT mode: its home (relative to the data directory), RPC URL and, optionally, binary. */
  cometbft?: { home: string; rpc: string; binary?: string };
  /**
   * CometBFT mode: the HTTP API base URLs of the other member nodes (e.g. "https://node2.example:7700"),
   * which this node fetches the sidecars it lacks from (comet/sidecar-sync.ts).
   */
  peers?: string[];
  /**
   * CometBFT mode: take a state-sync snapshot after every this many blocks (0: none), so that a
   * new or wiped node can start from it (snapshot/store.ts); the newest `snapshotKeep` are kept.
   */
  snapshotInterval: number;
  snapshotKeep: number;
  /**
   * Threads that verify transaction signatures off the main thread (verify-pool.ts); 0 verifies
   * on the main thread. Unset: one per core of the machine the node runs on (`verifyThreadCount`).
   */
  verifyThreads?: number;
  /**
   * Memory for the state tree's node cache, in MiB (1 to 2048; 16 when unset, 131,072 nodes).
   * A chain of millions of records reads fewer nodes from the store with more.
   */
  stateCacheMiB?: number;
  /**
   * How many heights below the head keep their state trees (1 or more; 100 when unset), or
   * `"all"` to keep every height's tree and prune nothing. Every reader asks for the head's tree;
   * the window covers a read that spans a few blocks. Older nodes are pruned as blocks commit.
   */
  stateKeepHeights?: number | 'all';
}

/** A solo block's byte limit by default (`maxBlockBytes`): CometBFT v0.38's default block.max_bytes. */
export const DEFAULT_MAX_BLOCK_BYTES = 22_020_096;
/** Memory for the state tree's node cache by default (`stateCacheMiB`): 131,072 nodes. */
export const DEFAULT_STATE_CACHE_MIB = 16;
/** Heights below the head whose state trees are kept by default (`stateKeepHeights`): ≈ 10 s of blocks under full load. */
export const DEFAULT_STATE_KEEP_HEIGHTS = 100;
/** The most `stateCacheMiB` may ask for: 2^24 nodes (all the hash bits the cache indexes by), ≈ 2 GiB. */
export const MAX_STATE_CACHE_MIB = 2048;

export const DEFAULT_CONFIG: NodeConfig = {
  nodeName: 'node',
  host: '127.0.0.1',
  port: 7700,
  blockIntervalMs: 200,
  maxBlockTxs: 5000,
  maxBlockBytes: DEFAULT_MAX_BLOCK_BYTES,
  mempoolSize: 100_000,
  rateLimitPerMinute: 120_000,
  // 60 s, not 10: on a chain of millions of records a block of bulk imports held the loop ≈ 3 s,
  // and a 200 KB transaction, read a receive window a turn, took longer than 10 s to arrive —
  // refused with 408 and its connection reset (the report bench, at 1.9 and 2.8 M records).
  requestTimeoutMs: 60_000,
  devClock: false,
  clockOffsetMs: 0,
  consensus: 'solo',
  snapshotInterval: 0,
  snapshotKeep: 2,
};

/**
 * The verification threads a node runs: `verifyThreads`, or one per core. Not one fewer: a
 * transaction's signature check costs more than all the rest the main thread does for it, so on a
 * 2-core machine a single thread would cap the node at one core's verifications, while the main
 * thread mostly waits on them rather than competing with them.
 */
export function verifyThreadCount(config: NodeConfig): number {
  return config.verifyThreads ?? availableParallelism();
}

export const paths = (dir: string) => ({
  config: join(dir, 'config.json'),
  genesis: join(dir, 'genesis.json'),
  nodeKey: join(dir, 'node-key.json'),
  db: join(dir, 'db'),
  keys: join(dir, 'keys'),
});

function bad(message: string): never {
  throw new CreditChainError('NODE_BAD_CONFIG', message);
}

function readJson(file: string, what: string): unknown {
  if (!existsSync(file)) bad(`${what} is missing: ${file}. Run "creditchain init --data DIR" (or "creditchain dev") to create a data directory.`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return bad(`${what} (${file}) is not valid JSON: ${(e as Error).message}`);
  }
}

export function loadConfig(dir: string): NodeConfig {
  const raw = readJson(paths(dir).config, 'The node configuration') as Partial<NodeConfig>;
  const c = { ...DEFAULT_CONFIG, ...raw };
  if (typeof c.nodeName !== 'string' || !NAME_PATTERN.test(c.nodeName)) bad('config.json: nodeName must be lowercase letters, digits, ".", "_" or "-".');
  for (const k of ['port', 'blockIntervalMs', 'maxBlockTxs', 'mempoolSize', 'rateLimitPerMinute', 'requestTimeoutMs', 'clockOffsetMs', 'snapshotInterval', 'snapshotKeep'] as const) {
    if (!Number.isSafeInteger(c[k]) || c[k] < 0) bad(`config.json: ${k} must be a non-negative integer.`);
  }
  if (c.port > 65535) bad('config.json: port must be at most 65535.');
  if (!Number.isSafeInteger(c.maxBlockBytes) || c.maxBlockBytes < MAX_TX_SIZE) bad(`config.json: maxBlockBytes must be a whole number of bytes, at least ${MAX_TX_SIZE} (the largest transaction).`);
  if (c.verifyThreads !== undefined && (!Number.isSafeInteger(c.verifyThreads) || c.verifyThreads < 0 || c.verifyThreads > 256)) bad('config.json: verifyThreads must be a whole number from 0 to 256.');
  if (c.stateCacheMiB !== undefined && (!Number.isSafeInteger(c.stateCacheMiB) || c.stateCacheMiB < 1 || c.stateCacheMiB > MAX_STATE_CACHE_MIB)) bad(`config.json: stateCacheMiB must be a whole number of MiB from 1 to ${MAX_STATE_CACHE_MIB}.`);
  if (c.stateKeepHeights !== undefined && c.stateKeepHeights !== 'all' && (!Number.isSafeInteger(c.stateKeepHeights) || c.stateKeepHeights < 1)) bad('config.json: stateKeepHeights must be a whole number of heights, 1 or more, or "all".');
  if (typeof c.devClock !== 'boolean') bad('config.json: devClock must be true or false.');
  if (c.consensus !== 'solo' && c.consensus !== 'cometbft') bad('config.json: consensus must be "solo" or "cometbft".');
  if (c.consensus === 'cometbft') {
    if (typeof c.abci !== 'string' || c.abci === '') bad('config.json: a CometBFT member node needs "abci", the address its ABCI server listens on, e.g. "tcp://127.0.0.1:26658".');
    const cb = c.cometbft;
    if (typeof cb !== 'object' || cb === null || typeof cb.home !== 'string' || typeof cb.rpc !== 'string' || (cb.binary !== undefined && typeof cb.binary !== 'string')) {
      bad('config.json: a CometBFT member node needs "cometbft": {"home": DIR, "rpc": "http://127.0.0.1:26657"} (and optionally "binary").');
    }
    if (c.devClock) bad("config.json: a CometBFT member node takes block time from the network; devClock must be false.");
  }
  if (c.peers !== undefined) c.peers = checkPeers(c.peers);
  if (c.snapshotKeep < 1) bad('config.json: snapshotKeep must be at least 1 (the node keeps that many state-sync snapshots).');
  if (c.clockOffsetMs !== 0 && !c.devClock) bad("config.json: clockOffsetMs must be 0 on a node whose clock is not a dev clock (devClock false); a member node's block time is the machine's clock.");
  return c;
}

/** The peers' API URLs: http(s), no path, query or credentials; each once; without a trailing "/". */
function checkPeers(peers: unknown): string[] {
  if (!Array.isArray(peers)) bad('config.json: peers must be a list of the other member nodes\' API URLs, e.g. ["http://127.0.0.1:7710"].');
  const out = peers.map((p) => {
    let u: URL | undefined;
    try {
      u = typeof p === 'string' ? new URL(p) : undefined;
    } catch {
      u = undefined;
    }
    if (u === undefined || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username !== '' || u.password !== '' || u.pathname !== '/' || u.search !== '' || u.hash !== '') {
      bad(`config.json: peers: "${String(p).slice(0, 100)}" is not the base URL of a node's API, such as "https://node2.example:7700".`);
    }
    return u!.origin;
  });
  if (new Set(out).size !== out.length) bad('config.json: peers lists a node twice.');
  return out;
}

/**
 * Changes fields of config.json in place, keeping the rest (and its owner-only mode: it holds
 * the subject secret). Written to a temporary file and renamed, so a crash leaves the old or
 * the new file, never half of one.
 */
export function updateConfig(dir: string, patch: Partial<NodeConfig>): void {
  const file = paths(dir).config;
  const raw = readJson(file, 'The node configuration') as Record<string, unknown>;
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ ...raw, ...patch }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function loadGenesis(dir: string): Genesis {
  return parseGenesis(readJson(paths(dir).genesis, 'The genesis document'));
}

export function loadNodeKey(dir: string, name: string): NodeKey {
  const kp = readKeyPair(readJson(paths(dir).nodeKey, 'The node key'), `the node key ${paths(dir).nodeKey}`);
  return { name, seed: kp.seed, publicKey: kp.publicKey };
}
