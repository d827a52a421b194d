// Data directories: `init` makes one for a configured node; `dev` makes one with demo accounts
// whose keys are written beside it, so one command gives a working chain on a laptop.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreditChainError, subjectRef, toHex } from '@creditchain/core';
import { parseGenesis, PROTOCOL_VERSION, type GenesisJson } from '@creditchain/ledger';
import { encryptedKeyPairToJson, keyPairFromSeed, keyPairToJson, newKeyPair, type KeyPair } from '@creditchain/sdk';
import { DEFAULT_CONFIG, paths, type NodeConfig } from './config.js';

/**
 * The demo consortium of `creditchain dev`: a regulator, a credit agency, two banks, a court, and
 * market-supervision, tax and environment bureaus and a utility — each approved for the record
 * categories its type may source — with submitter and reviewer accounts (a record is reviewed
 * by another account than the one that submitted it), an IoT gateway account that feeds the
 * environment bureau's monitoring exceedances, and an enterprise and a person as subjects with
 * their own keys. The first account anchors by default.
 */
export const DEMO_ORGS: GenesisJson['orgs'] = [
  { id: 'regulator', name: 'Credit Regulator (demo)', type: 'regulator', weight: 3, roles: ['admin', 'submitter', 'reviewer', 'querier', 'regulator', 'arbiter', 'registrar', 'operator'], categories: ['admin-penalty-minor', 'admin-penalty-serious', 'honour'] },
  { id: 'credit-agency', name: 'Credit Reference Agency (demo)', type: 'credit-agency', weight: 2, roles: ['admin', 'submitter', 'reviewer', 'querier', 'registrar'], categories: ['loan-overdue', 'loan-default', 'on-time-repayment'] },
  { id: 'bank-a', name: 'Bank A (demo)', type: 'bank', weight: 1, roles: ['admin', 'submitter', 'reviewer', 'querier'], categories: ['loan-overdue', 'loan-default', 'on-time-repayment', 'income-verified'] },
  { id: 'bank-b', name: 'Bank B (demo)', type: 'bank', weight: 1, roles: ['admin', 'submitter', 'reviewer', 'querier'], categories: ['loan-overdue', 'loan-default', 'on-time-repayment', 'income-verified'] },
  { id: 'court', name: 'Intermediate People\'s Court (demo)', type: 'court', weight: 1, roles: ['admin', 'submitter', 'reviewer', 'arbiter'], categories: ['dishonest-judgement-debtor'] },
  { id: 'market-bureau', name: 'Market Supervision Bureau (demo)', type: 'government-bureau', weight: 1, roles: ['admin', 'submitter', 'reviewer', 'querier'], categories: ['admin-penalty-minor', 'admin-penalty-serious', 'safety-inspection-failed', 'honour'] },
  { id: 'tax-bureau', name: 'Tax Bureau (demo)', type: 'government-bureau', weight: 1, roles: ['admin', 'submitter', 'reviewer'], categories: ['tax-arrears', 'tax-credit-a', 'admin-penalty-minor'] },
  { id: 'eco-bureau', name: 'Ecology and Environment Bureau (demo)', type: 'government-bureau', weight: 1, roles: ['admin', 'submitter', 'reviewer'], categories: ['env-exceedance', 'admin-penalty-minor', 'admin-penalty-serious'] },
  { id: 'city-utility', name: 'City Water and Power (demo)', type: 'utility', weight: 1, roles: ['admin', 'submitter', 'reviewer'], categories: ['utility-arrears'] },
];

export const DEMO_ACCOUNTS: ReadonlyArray<{ name: string; org?: string; roles?: string[]; subject?: { kind: 'enterprise' | 'person'; id: string } }> = [
  { name: 'demo-bank', org: 'bank-a', roles: ['admin', 'submitter', 'querier'] },
  { name: 'demo-bank-reviewer', org: 'bank-a', roles: ['reviewer'] },
  { name: 'demo-bank-b', org: 'bank-b', roles: ['admin', 'submitter', 'reviewer', 'querier'] },
  { name: 'demo-court', org: 'court', roles: ['admin', 'submitter', 'arbiter'] },
  { name: 'demo-court-reviewer', org: 'court', roles: ['reviewer'] },
  { name: 'demo-regulator', org: 'regulator', roles: ['admin', 'submitter', 'reviewer', 'regulator', 'arbiter', 'registrar'] },
  { name: 'demo-agency', org: 'credit-agency', roles: ['admin', 'submitter', 'registrar'] },
  { name: 'demo-market', org: 'market-bureau', roles: ['admin', 'submitter', 'reviewer'] },
  { name: 'demo-tax', org: 'tax-bureau', roles: ['admin', 'submitter'] },
  { name: 'demo-eco', org: 'eco-bureau', roles: ['admin', 'reviewer'] },
  { name: 'demo-iot-gateway', org: 'eco-bureau', roles: ['submitter'] },
  { name: 'demo-utility', org: 'city-utility', roles: ['admin', 'submitter'] },
  { name: 'demo-enterprise', subject: { kind: 'enterprise', id: '91350100M000100Y43' } },
  { name: 'demo-person', subject: { kind: 'person', id: '11010519491231002X' } },
];

function writeSecret(file: string, json: unknown): void {
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export interface InitOptions {
  readonly chainId: string;
  readonly nodeName: string;
  readonly config?: Partial<NodeConfig>;
  readonly orgs: GenesisJson['orgs'];
  readonly accounts: GenesisJson['accounts'];
  readonly suite?: string;
  /** Time of block 0 in ms; now by default. */
  readonly genesisTime?: number;
  /** A network's validators (genesis `validators`); none for a solo chain. */
  readonly validators?: GenesisJson['validators'];
  /** The seed of this node's checkpoint key (a network's validator key); a fresh key by default. */
  readonly nodeSeed?: Uint8Array;
  /** Seals node-key.json under this passphrase (a node outside dev mode); plain by default. */
  readonly nodeKeyPassphrase?: string;
}

/** True when the directory already holds a node (config and genesis). */
export function isDataDir(dir: string): boolean {
  return existsSync(paths(dir).config) && existsSync(paths(dir).genesis);
}

/**
 * Writes config.json (with a fresh consortium subject secret), genesis.json and node-key.json
 * into a new data directory. The genesis is parsed before anything is written.
 */
export function initDataDir(dir: string, opts: InitOptions): void {
  if (isDataDir(dir)) {
    throw new CreditChainError('NODE_BAD_CONFIG', `${dir} already holds a node; choose another directory or start it with "creditchain start --data ${dir}".`);
  }
  const genesis: GenesisJson = {
    chainId: opts.chainId,
    cryptoSuite: opts.suite ?? 'intl',
    genesisTime: new Date(opts.genesisTime ?? Date.now()).toISOString(),
    // Named, not implied: a genesis without a version is a chain of the first rules (params.ts).
    params: { protocolVersion: PROTOCOL_VERSION },
    orgs: opts.orgs,
    accounts: opts.accounts,
    ...(opts.validators === undefined ? {} : { validators: opts.validators }),
  };
  parseGenesis(genesis);
  const p = paths(dir);
  mkdirSync(dir, { recursive: true });
  const nodeKey = opts.nodeSeed === undefined ? newKeyPair('intl') : keyPairFromSeed('intl', opts.nodeSeed);
  writeSecret(p.nodeKey, opts.nodeKeyPassphrase === undefined ? keyPairToJson(nodeKey) : encryptedKeyPairToJson(nodeKey, opts.nodeKeyPassphrase));
  writeFileSync(p.genesis, `${JSON.stringify(genesis, null, 2)}\n`);
  const config = { ...DEFAULT_CONFIG, nodeName: opts.nodeName, subjectSecret: toHex(randomBytes(32)), ...(opts.config ?? {}) };
  writeSecret(p.config, config);
}

/**
 * The demo consortium's accounts with fresh keys: DEMO_ACCOUNTS, then `extraAccounts` more
 * submitter accounts of bank-a named load-0, load-1, … for load tests. The subjects' references
 * are keyed by the consortium `secret`. Gives the genesis accounts and their key pairs, in order.
 */
export function demoAccounts(secret: Uint8Array, suite: string, extraAccounts = 0): { accounts: GenesisJson['accounts']; keys: KeyPair[] } {
  const entries = [...DEMO_ACCOUNTS];
  for (let i = 0; i < extraAccounts; i++) entries.push({ name: `load-${i}`, org: 'bank-a', roles: ['submitter'] });
  const keys = entries.map((e) => newKeyPair(suite, e.name));
  const accounts: GenesisJson['accounts'] = entries.map((e, i) => ({
    name: e.name,
    ...(e.subject === undefined ? { org: e.org!, roles: e.roles ?? [] } : { subject: toHex(subjectRef(secret, e.subject)) }),
    keys: [{ alg: keys[i]!.suite.signature.id, publicKey: toHex(keys[i]!.publicKey) }],
  }));
  return { accounts, keys };
}

/** Writes each key pair to keyDir/ACCOUNT.json (owner-only: they are secret). */
export function writeKeyFiles(keyDir: string, keys: readonly KeyPair[]): void {
  mkdirSync(keyDir, { recursive: true });
  for (const k of keys) writeSecret(join(keyDir, `${k.account}.json`), keyPairToJson(k));
}

/**
 * Creates a dev data directory: the demo consortium, its keys under keys/ (one file per
 * account), and `extraAccounts` more submitter accounts (see demoAccounts). Returns the key
 * pairs, demo accounts first.
 */
export function initDevDataDir(dir: string, opts: { port?: number; extraAccounts?: number; suite?: string } = {}): KeyPair[] {
  const suite = opts.suite ?? 'intl';
  const secret = randomBytes(32);
  const { accounts, keys } = demoAccounts(secret, suite, opts.extraAccounts);
  initDataDir(dir, {
    chainId: 'creditchain-dev',
    nodeName: 'dev-node',
    suite,
    orgs: DEMO_ORGS,
    accounts,
    config: { subjectSecret: toHex(secret), devClock: true, ...(opts.port === undefined ? {} : { port: opts.port }) },
  });
  writeKeyFiles(paths(dir).keys, keys);
  return keys;
}
