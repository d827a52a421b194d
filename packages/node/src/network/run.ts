// Running a network folder made by `creditchain network init` (network.ts) on this machine:
// each node is a detached background process — `creditchain start --data D/nodeI`, which starts
// its own CometBFT, or with the kvstore app `cometbft start --proxy_app kvstore` alone — writing
// to D/nodeI/node.log, its pid in D/nodeI/node.pid. Each node is its process group's leader, so
// stopping it also stops whatever it started.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreditChainError } from '@creditchain/core';
import { rpcBlock, rpcPeers, rpcStatus, type CometbftStatus } from '../comet/rpc.js';
import { readNetwork, type NetworkNode } from './layout.js';

/** What each node runs: the CreditChain node (which starts CometBFT), or CometBFT's kvstore example app. */
export type NetworkApp = 'creditchain' | 'kvstore';

const CREDITCHAIN_BIN = fileURLToPath(new URL('../../bin/creditchain.js', import.meta.url));
const POLL_MS = 250;
const LOG_TAIL_LINES = 20;

/** The node's pid file, its log (its output; CometBFT's too with the kvstore app), and the log a CreditChain node writes its CometBFT's output to. */
export const nodeFiles = (node: NetworkNode) => ({ pid: join(node.dir, 'node.pid'), log: join(node.dir, 'node.log'), cometbftLog: join(node.dir, 'cometbft.log') });

/** The last lines of a node's log, for an error that names it. */
export function logTail(node: NetworkNode, lines = LOG_TAIL_LINES): string {
  const file = nodeFiles(node).log;
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function signalOk(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** The pid of the node's process while it runs (not a reused pid: on Linux its command line must name the node's folder or CometBFT home). */
export function runningPid(node: NetworkNode): number | undefined {
  const file = nodeFiles(node).pid;
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isSafeInteger(pid) || pid <= 0 || !signalOk(pid, 0)) return undefined;
  if (process.platform === 'linux') {
    try {
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return undefined; // exited, not yet reaped
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!args.includes(node.dir) && !args.includes(node.home)) return undefined;
    } catch {
      return undefined;
    }
  }
  return pid;
}

/** Whether anything of the node's process group (the node and what it started) still runs. */
function groupAlive(pid: number): boolean {
  return signalOk(-pid, 0);
}

function command(node: NetworkNode, app: NetworkApp, cometbft: string): { file: string; args: string[] } {
  return app === 'kvstore'
    ? { file: cometbft, args: ['start', '--home', node.home, '--proxy_app', 'kvstore'] }
    : { file: process.execPath, args: [CREDITCHAIN_BIN, 'start', '--data', node.dir] };
}

function spawnNode(node: NetworkNode, app: NetworkApp, cometbft: string): { pid: number; exited: () => string | undefined } {
  const files = nodeFiles(node);
  const { file, args } = command(node, app, cometbft);
  const log = openSync(files.log, 'a');
  let exit: string | undefined;
  try {
    writeSync(log, `\n--- ${new Date().toISOString()} creditchain network start (${app}): ${[file, ...args].join(' ')}\n`);
    const child = spawn(file, args, { cwd: node.dir, detached: true, stdio: ['ignore', log, log] });
    child.on('error', (e) => (exit = e.message));
    child.on('exit', (code, signal) => (exit = signal === null ? `exit code ${code}` : `signal ${signal}`));
    child.unref();
    if (child.pid === undefined) throw new CreditChainError('NODE_BAD_CONFIG', `Could not start ${node.name}: ${file} did not run.`, { node: node.name });
    writeFileSync(files.pid, `${child.pid}\n`);
    return { pid: child.pid, exited: () => exit };
  } finally {
    closeSync(log);
  }
}

export interface StartNetworkOptions {
  readonly app?: NetworkApp;
  /** Start (and wait for) only these nodes, by name; all by default. */
  readonly only?: readonly string[];
  /** The CometBFT binary (cometbftBinary()); the kvstore app runs it directly. */
  readonly cometbft: string;
  /** How long to wait for every node to answer with block 1 committed; 60 s by default. */
  readonly timeoutMs?: number;
}

export interface StartedNetwork {
  readonly started: readonly { name: string; pid: number }[];
  readonly alreadyRunning: readonly { name: string; pid: number }[];
  /** The lowest height of the nodes once all answered (at least 1). */
  readonly height: number;
}

function failure(code: 'NODE_BAD_CONFIG' | 'NODE_TIMEOUT' | 'CLIENT_UNREACHABLE', node: NetworkNode, why: string): CreditChainError {
  const { log, cometbftLog } = nodeFiles(node);
  const also = existsSync(cometbftLog) ? ` (its CometBFT's is ${cometbftLog})` : '';
  return new CreditChainError(code, `${node.name} ${why}; the end of its log, ${log}, is above${also}. The nodes that started are left running (stop them with "creditchain network stop").`, {
    node: node.name,
    log,
    logTail: logTail(node),
  });
}

/**
 * Starts the nodes of a network folder that are not running, and resolves once every node's
 * CometBFT RPC answers, none is catching up, and every one holds block 1 (committed only with
 * the votes of more than two thirds of the validators, so the network is up). Block 2 is not
 * waited for: on a quiet chain it can come only after create_empty_blocks_interval (10 s).
 * Nodes already running are left alone.
 */
export async function startNetwork(dir: string, opts: StartNetworkOptions): Promise<StartedNetwork> {
  const app = opts.app ?? 'creditchain';
  const nodes = selectNodes(dir, opts.only);
  const started: { name: string; pid: number }[] = [];
  const alreadyRunning: { name: string; pid: number }[] = [];
  const exits = new Map<string, () => string | undefined>();
  for (const node of nodes) {
    const pid = runningPid(node);
    if (pid !== undefined) {
      alreadyRunning.push({ name: node.name, pid });
      continue;
    }
    const run = spawnNode(node, app, opts.cometbft);
    started.push({ name: node.name, pid: run.pid });
    exits.set(node.name, run.exited);
  }

  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const last = new Map<string, CometbftStatus | Error>();
  for (;;) {
    for (const node of nodes) {
      const exited = exits.get(node.name)?.();
      if (exited !== undefined) throw failure('NODE_BAD_CONFIG', node, `stopped while starting (${exited})`);
    }
    await Promise.all(nodes.map(async (n) => last.set(n.name, await rpcStatus(n.rpc).catch((e: unknown) => e as Error))));
    const heights = nodes.map((n) => last.get(n.name)).map((s) => (s instanceof Error || s === undefined || s.catchingUp ? 0 : s.height));
    if (heights.every((h) => h >= 1)) return { started, alreadyRunning, height: Math.min(...heights) };
    if (Date.now() > deadline) {
      const seconds = Math.round(timeoutMs / 1000);
      const silent = nodes.find((n) => last.get(n.name) instanceof Error);
      if (silent !== undefined) throw failure('CLIENT_UNREACHABLE', silent, `did not answer on CometBFT's RPC at ${silent.rpc} within ${seconds} s`);
      const behind = nodes[heights.findIndex((h) => h < 1)]!;
      const s = last.get(behind.name) as CometbftStatus;
      const why = s.catchingUp ? `is still catching up (at height ${s.height})` : 'answers but holds no block yet (block 1 needs the votes of more than two thirds of the validators: are they running and connected?)';
      throw failure('NODE_TIMEOUT', behind, `${why} after ${seconds} s`);
    }
    await sleep(POLL_MS);
  }
}

export interface StoppedNetwork {
  readonly stopped: readonly string[];
  /** Nodes that did not stop within the grace period after SIGTERM and were killed. */
  readonly killed: readonly string[];
  readonly notRunning: readonly string[];
}

/** The nodes of a network, or only those named (each must be one of them). */
function selectNodes(dir: string, only: readonly string[] | undefined): NetworkNode[] {
  const all = readNetwork(dir);
  const unknown = only?.find((name) => !all.some((n) => n.name === name));
  if (unknown !== undefined) throw new CreditChainError('CLI_BAD_ARGUMENT', `The network in ${dir} has no node "${unknown}"; its nodes are ${all.map((n) => n.name).join(', ')}.`);
  return only === undefined ? all : all.filter((n) => only.includes(n.name));
}

/** Sends SIGTERM to each running node (or those named), SIGKILL to its process group after `graceMs`, and removes the pid files. */
export async function stopNetwork(dir: string, opts: { graceMs?: number; only?: readonly string[] } = {}): Promise<StoppedNetwork> {
  const nodes = selectNodes(dir, opts.only);
  const running: { node: NetworkNode; pid: number }[] = [];
  const notRunning: string[] = [];
  for (const node of nodes) {
    const pid = runningPid(node);
    if (pid === undefined) notRunning.push(node.name);
    else {
      running.push({ node, pid });
      signalOk(pid, 'SIGTERM');
    }
  }
  const deadline = Date.now() + (opts.graceMs ?? 10_000);
  while (running.some((r) => groupAlive(r.pid)) && Date.now() < deadline) await sleep(100);
  const killed: string[] = [];
  for (const r of running) {
    if (!groupAlive(r.pid)) continue;
    signalOk(-r.pid, 'SIGKILL');
    killed.push(r.node.name);
  }
  const killDeadline = Date.now() + 5000;
  while (running.some((r) => groupAlive(r.pid)) && Date.now() < killDeadline) await sleep(50);
  for (const node of nodes) rmSync(nodeFiles(node).pid, { force: true });
  return { stopped: running.map((r) => r.node.name), killed, notRunning };
}

export interface NodeStatus {
  readonly node: NetworkNode;
  readonly pid: number | undefined;
  /** CometBFT's /status, when its RPC answered. */
  readonly status?: CometbftStatus;
  readonly peers?: number;
  /** Why the RPC did not answer. */
  readonly error?: string;
  /** CometBFT stopped this node's consensus: the line of its log that says why (e.g. another app hash). */
  readonly halted?: string;
}

export interface Agreement {
  /** The highest height every answering node has. */
  readonly height: number;
  readonly agree: boolean;
  /** Each answering node's block at that height: its hash and its header's app hash (the state after the block before it). */
  readonly blocks: readonly { name: string; hash: string; appHash: string }[];
}

export interface NetworkStatus {
  readonly nodes: readonly NodeStatus[];
  /** Whether the answering nodes hold the same block at a common height; undefined when none answers. */
  readonly agreement?: Agreement;
}

/**
 * The reason CometBFT gave for stopping this node's consensus, if its log has one: it does so
 * rather than follow blocks its own application disagrees with (another app hash), and the
 * process stays up, so only the log tells. The log's last 256 KiB are read.
 */
function consensusFailure(node: NetworkNode): string | undefined {
  const file = nodeFiles(node).cometbftLog;
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 256 * 1024);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const line = buf.toString('utf8').split('\n').reverse().find((l) => l.includes('CONSENSUS FAILURE'));
    return line === undefined ? undefined : (/err="([^"]*)"/.exec(line)?.[1] ?? 'CONSENSUS FAILURE');
  } finally {
    closeSync(fd);
  }
}

/** Each node's process and CometBFT's view of it (/status, /net_info), and whether they agree at a common height (/block). */
export async function networkStatus(dir: string): Promise<NetworkStatus> {
  const nodes = await Promise.all(
    readNetwork(dir).map(async (node): Promise<NodeStatus> => {
      const pid = runningPid(node);
      const halted = consensusFailure(node);
      try {
        const [status, peers] = await Promise.all([rpcStatus(node.rpc), rpcPeers(node.rpc)]);
        return { node, pid, status, peers, ...(halted === undefined ? {} : { halted }) };
      } catch (e) {
        return { node, pid, error: (e as Error).message, ...(halted === undefined ? {} : { halted }) };
      }
    }),
  );
  const answering = nodes.filter((n) => n.status !== undefined && n.status.height > 0);
  if (answering.length === 0) return { nodes };
  const height = Math.min(...answering.map((n) => n.status!.height));
  const fetched = await Promise.all(
    answering.map(async (n) => {
      const b = await rpcBlock(n.node.rpc, height).catch(() => undefined); // stopped since /status
      return b === undefined ? undefined : { name: n.node.name, hash: b.hash, appHash: b.appHash };
    }),
  );
  const blocks = fetched.filter((b) => b !== undefined);
  if (blocks.length === 0) return { nodes };
  const agree = blocks.every((b) => b.hash === blocks[0]!.hash && b.appHash === blocks[0]!.appHash);
  return { nodes, agreement: { height, agree, blocks } };
}
