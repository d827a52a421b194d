// A CometBFT home directory as a CreditChain member network uses it: the binary that makes one
// (`cometbft init`), the genesis every validator shares, and edits to the config.toml that
// `cometbft init` writes. The files are CometBFT v0.38's; the shapes are checked against what
// that version writes, and an edit of a key the template lacks is refused rather than appended.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CreditChainError } from '@creditchain/core';

interface Installer {
  installCometbft(opts?: { quiet?: boolean }): string;
}

/**
 * The path of the project's CometBFT binary (.tools/bin/cometbft), built first by
 * scripts/install-cometbft.mjs when it is missing (a few minutes, once; fast afterwards).
 */
export async function cometbftBinary(opts: { quiet?: boolean } = {}): Promise<string> {
  // src/comet/ and dist/comet/ are both four levels below the checkout's root.
  const script = new URL('../../../../scripts/install-cometbft.mjs', import.meta.url).href;
  const installer = (await import(script)) as Installer;
  try {
    return installer.installCometbft({ quiet: opts.quiet ?? false });
  } catch (e) {
    throw new CreditChainError('NODE_BAD_CONFIG', `CometBFT is not installed and could not be built: ${(e as Error).message}`);
  }
}

/**
 * The binary a member node starts: the checkout's .tools/bin/cometbft if it is there, else
 * `cometbft` on the PATH (a member machine may install CometBFT its own way). A node does not
 * build CometBFT when it starts; `creditchain network init` and the install script do.
 */
export function installedCometbftBinary(): string {
  const local = fileURLToPath(new URL('../../../../.tools/bin/cometbft', import.meta.url));
  return existsSync(local) ? local : 'cometbft';
}

/** Runs the cometbft binary with `args`; gives its stdout, or throws with its output. */
export function runCometbft(bin: string, args: readonly string[]): string {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) {
    const why = r.error?.message ?? `${r.stderr}${r.stdout}`.trim();
    throw new CreditChainError('NODE_BAD_CONFIG', `"cometbft ${args.join(' ')}" failed: ${why}`, { args: [...args] });
  }
  return r.stdout;
}

export const cometbftFiles = (home: string) => ({
  config: join(home, 'config', 'config.toml'),
  genesis: join(home, 'config', 'genesis.json'),
  validatorKey: join(home, 'config', 'priv_validator_key.json'),
  nodeKey: join(home, 'config', 'node_key.json'),
});

/** `cometbft init --home HOME`: a fresh validator key, node key, genesis and config.toml. */
export function initCometbftHome(bin: string, home: string): void {
  runCometbft(bin, ['init', '--home', home]);
}

/** The P2P node id (hex of the node key's address), as `cometbft show-node-id` prints it. */
export function cometbftNodeId(bin: string, home: string): string {
  const id = runCometbft(bin, ['show-node-id', '--home', home]).trim();
  if (!/^[0-9a-f]{40}$/.test(id)) throw new CreditChainError('NODE_BAD_CONFIG', `"cometbft show-node-id --home ${home}" printed "${id}", not a node id.`);
  return id;
}

/** A public key as CometBFT writes it in JSON (amino type name and base64 value). */
export interface CometbftPubKey {
  type: string;
  value: string;
}

/** One entry of a CometBFT genesis's `validators`. */
export interface CometbftGenesisValidator {
  address: string;
  pub_key: CometbftPubKey;
  power: string;
  name: string;
}

/** A CometBFT v0.38 genesis.json; int64 values are decimal strings, as CometBFT writes them. */
export interface CometbftGenesis {
  genesis_time: string;
  chain_id: string;
  initial_height: string;
  consensus_params: {
    block: { max_bytes: string; max_gas: string };
    evidence: { max_age_num_blocks: string; max_age_duration: string; max_bytes: string };
    validator: { pub_key_types: string[] };
    version: { app: string };
    abci: { vote_extensions_enable_height: string };
  };
  validators: CometbftGenesisValidator[];
  app_hash: string;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new CreditChainError('NODE_BAD_CONFIG', `Cannot read ${file}: ${(e as Error).message}`, { file });
  }
}

/** The validator entry of a home's priv_validator_key.json (its public half only). */
export function cometbftValidator(home: string, name: string, power: number): CometbftGenesisValidator {
  const key = readJson<{ address?: unknown; pub_key?: { type?: unknown; value?: unknown } }>(cometbftFiles(home).validatorKey);
  const { address, pub_key: pub } = key;
  if (typeof address !== 'string' || typeof pub?.type !== 'string' || typeof pub.value !== 'string') {
    throw new CreditChainError('NODE_BAD_CONFIG', `${cometbftFiles(home).validatorKey} is not a CometBFT validator key (address, pub_key).`);
  }
  return { address, pub_key: { type: pub.type, value: pub.value }, power: String(power), name };
}

/**
 * A home's validator key pair: CometBFT's consensus key, which the node also signs its
 * checkpoints with (so a checkpoint certificate is checked against the validator set's keys).
 */
export function cometbftValidatorKey(home: string): { seed: Uint8Array; publicKey: Uint8Array } {
  const key = readJson<{ pub_key?: { type?: unknown; value?: unknown }; priv_key?: { type?: unknown; value?: unknown } }>(cometbftFiles(home).validatorKey);
  const priv = typeof key.priv_key?.value === 'string' ? Buffer.from(key.priv_key.value, 'base64') : undefined;
  const pub = typeof key.pub_key?.value === 'string' ? Buffer.from(key.pub_key.value, 'base64') : undefined;
  if (key.priv_key?.type !== 'tendermint/PrivKeyEd25519' || priv?.length !== 64 || pub?.length !== 32) {
    throw new CreditChainError('NODE_BAD_CONFIG', `${cometbftFiles(home).validatorKey} is not a CometBFT Ed25519 validator key.`);
  }
  return { seed: new Uint8Array(priv.subarray(0, 32)), publicKey: new Uint8Array(pub) };
}

export interface NetworkGenesisOptions {
  /** CreditChain's chain id, which is CometBFT's chain_id. */
  readonly chainId: string;
  /** CreditChain's genesisTime (RFC 3339), which is CometBFT's genesis_time and so block 1's time. */
  readonly genesisTime: string;
  readonly validators: readonly CometbftGenesisValidator[];
  /** Height from which validators sign vote extensions (the checkpoint signatures); 1 by default. */
  readonly voteExtensionsFrom?: number;
}

/**
 * The CometBFT genesis of a CreditChain network, built on the consensus parameters of a
 * genesis that `cometbft init` wrote (so CometBFT's own defaults stay), with vote extensions
 * enabled from height 1 and an empty app_hash (the app's InitChain answers the first one).
 */
export function networkGenesis(template: CometbftGenesis, opts: NetworkGenesisOptions): CometbftGenesis {
  if (opts.chainId.length > 50) throw new CreditChainError('NODE_BAD_CONFIG', `The chain id "${opts.chainId}" is longer than the 50 characters CometBFT allows.`);
  if (opts.validators.length === 0) throw new CreditChainError('NODE_BAD_CONFIG', 'A CometBFT genesis needs at least one validator.');
  return {
    genesis_time: opts.genesisTime,
    chain_id: opts.chainId,
    initial_height: '1',
    consensus_params: { ...template.consensus_params, abci: { vote_extensions_enable_height: String(opts.voteExtensionsFrom ?? 1) } },
    validators: [...opts.validators],
    app_hash: '',
  };
}

export function readCometbftGenesis(home: string): CometbftGenesis {
  return readJson<CometbftGenesis>(cometbftFiles(home).genesis);
}

export type TomlValue = string | number | boolean;

/** Edits of a TOML file by section ('' is the top level, before any [section]) and key. */
export type TomlEdits = Readonly<Record<string, Readonly<Record<string, TomlValue>>>>;

function tomlValue(v: TomlValue): string {
  if (typeof v === 'string') return JSON.stringify(v); // a TOML basic string for the ASCII values written here
  return String(v);
}

/**
 * Sets `key = value` lines of a TOML text in place, keeping its comments and order. Only keys
 * the text already has are set: an edit the text lacks is an error, so a CometBFT template that
 * renamed a setting is noticed rather than silently given a key it ignores.
 */
export function editToml(text: string, edits: TomlEdits): string {
  const pending = new Map<string, TomlValue>();
  for (const [section, values] of Object.entries(edits)) for (const [key, v] of Object.entries(values)) pending.set(`${section}\0${key}`, v);
  let section = '';
  const lines = text.split('\n').map((line) => {
    const header = /^\s*\[([A-Za-z0-9_.-]+)\]\s*(#.*)?$/.exec(line);
    if (header !== null) {
      section = header[1]!;
      return line;
    }
    const kv = /^(\s*)([A-Za-z0-9_-]+)\s*=/.exec(line);
    if (kv === null) return line;
    const id = `${section}\0${kv[2]!}`;
    const v = pending.get(id);
    if (v === undefined) return line;
    pending.delete(id);
    return `${kv[1]!}${kv[2]!} = ${tomlValue(v)}`;
  });
  if (pending.size > 0) {
    const missing = [...pending.keys()].map((k) => k.replace('\0', k.startsWith('\0') ? '' : '.'));
    throw new CreditChainError('NODE_BAD_CONFIG', `The CometBFT config.toml has no ${missing.join(', ')} to set; was it written by another CometBFT version?`, { missing });
  }
  return lines.join('\n');
}
