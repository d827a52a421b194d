// Data directories: `init` makes one for a configured node; `dev` makes one with demo accounts
// whose keys are written beside it, so one command gives a working chain on a laptop.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreditChainError } from '@creditchain/core';
import { genesisToJson, DEFAULT_PARAMS, type Genesis } from '@creditchain/ledger';
import { keyPairToJson, newKeyPair, type KeyPair } from '@creditchain/sdk';
import { DEFAULT_CONFIG, paths, type NodeConfig } from './config.js';

export const DEMO_ACCOUNTS = ['demo-bank', 'demo-court', 'demo-regulator', 'demo-utility'] as const;

function writeSecret(file: string, json: unknown): void {
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export interface InitOptions {
  readonly chainId: string;
  readonly nodeName: string;
  readonly config?: Partial<NodeConfig>;
  /** Accounts of the genesis: name → public key. Dev generates demo keys for them. */
  readonly accounts?: ReadonlyArray<{ name: string; publicKey: Uint8Array }>;
  /** ISO time of block 0; now by default. */
  readonly genesisTime?: number;
}

/** True when the directory already holds a node (config and genesis). */
export function isDataDir(dir: string): boolean {
  return existsSync(paths(dir).config) && existsSync(paths(dir).genesis);
}

/** Writes config.json, genesis.json and node-key.json into a new data directory. */
export function initDataDir(dir: string, opts: InitOptions): void {
  if (isDataDir(dir)) {
    throw new CreditChainError('NODE_BAD_CONFIG', `${dir} already holds a node; choose another directory or start it with "creditchain start --data ${dir}".`);
  }
  if (opts.accounts === undefined || opts.accounts.length === 0) {
    throw new CreditChainError('NODE_BAD_CONFIG', 'A genesis needs at least one account.');
  }
  const p = paths(dir);
  mkdirSync(dir, { recursive: true });
  const nodeKey = newKeyPair('intl');
  writeSecret(p.nodeKey, keyPairToJson(nodeKey));
  const genesis: Genesis = {
    chainId: opts.chainId,
    cryptoSuite: 'intl',
    genesisTime: opts.genesisTime ?? Date.now(),
    accounts: opts.accounts,
    params: DEFAULT_PARAMS,
  };
  writeFileSync(p.genesis, `${JSON.stringify(genesisToJson(genesis), null, 2)}\n`);
  writeFileSync(p.config, `${JSON.stringify({ ...DEFAULT_CONFIG, nodeName: opts.nodeName, ...(opts.config ?? {}) }, null, 2)}\n`);
}

/** Creates a dev data directory with demo accounts and their key files under keys/. */
export function initDevDataDir(dir: string, opts: { port?: number; extraAccounts?: number } = {}): KeyPair[] {
  const names: string[] = [...DEMO_ACCOUNTS];
  for (let i = 0; i < (opts.extraAccounts ?? 0); i++) names.push(`load-${i}`);
  const keys = names.map((name) => newKeyPair('intl', name));
  initDataDir(dir, {
    chainId: 'creditchain-dev',
    nodeName: 'dev-node',
    accounts: keys.map((k) => ({ name: k.account!, publicKey: k.publicKey })),
    config: opts.port === undefined ? {} : { port: opts.port },
  });
  const keyDir = paths(dir).keys;
  mkdirSync(keyDir, { recursive: true });
  for (const k of keys) writeSecret(join(keyDir, `${k.account}.json`), keyPairToJson(k));
  return keys;
}
