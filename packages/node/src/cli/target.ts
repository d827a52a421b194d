// Which node a command talks to, and as whom it signs. A node is --url URL, or the node of a
// "creditchain dev" data directory (--data DIR, default .creditchain/dev if it exists: the URL
// from its config.json). A sender is --key KEYFILE, or --data DIR --as ACCOUNT (the key file
// DIR/keys/ACCOUNT.json). Sending reads the account's next nonce from the node, checks the key
// is one of the account's, signs, and waits until the transaction is in a block.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CreditChainError, getSuite, toHex, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import { CreditChainClient, type AccountReply, type KeyPair, type ParamsReply, type StatusReply, type TxReply, type TxSigner } from '@creditchain/sdk';
import type { Sidecar } from '@creditchain/ledger';
import { loadConfig, paths } from '../config.js';
import { readKeyPair } from '../key-files.js';
import { isDataDir } from '../dev.js';
import { DEFAULT_DEV_DIR, shownPath } from './dev.js';
import { readJsonFile } from './files.js';
import { badArgument } from './output.js';

/** How many blocks ahead a transaction the CLI signs stays valid (at most the chain's maxExpiryWindow). */
export const EXPIRY_BLOCKS = 1000;

export interface NodeOptions {
  url?: string;
  data?: string;
}

export interface SenderOptions extends NodeOptions {
  key?: string;
  as?: string;
}

export function addNodeOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'node URL, e.g. http://127.0.0.1:7700')
    .option('--data <devdir>', `a "creditchain dev" data directory: its node (default: ${DEFAULT_DEV_DIR} if it exists)`);
}

export function addSenderOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'node URL, e.g. http://127.0.0.1:7700 (with --key)')
    .option('--key <keyfile>', 'key file of the sending account (from "creditchain keys new")')
    .option('--data <devdir>', `a "creditchain dev" data directory: its node and, with --as, its key of that account (default: ${DEFAULT_DEV_DIR} if it exists)`)
    .option('--as <account>', "the sending account (default: the key file's)");
}

export function nodeUrl(dataDir: string): string {
  const c = loadConfig(dataDir);
  const host = c.host === '0.0.0.0' || c.host === '::' || c.host === '' ? '127.0.0.1' : c.host.includes(':') ? `[${c.host}]` : c.host;
  return `http://${host}:${c.port}`;
}

/** The data directory to use: --data, else the default dev directory when there is one. */
export function dataDirOf(opts: NodeOptions, needed: boolean, usage: string): string | undefined {
  if (opts.data !== undefined) return opts.data;
  if (!needed) return undefined;
  if (!isDataDir(resolve(DEFAULT_DEV_DIR))) throw badArgument(`Say which node: ${usage} (there is no ${DEFAULT_DEV_DIR} here).`);
  return DEFAULT_DEV_DIR;
}

/** A client for the node named by --url or --data. */
export function connect(opts: NodeOptions): CreditChainClient {
  const dataDir = dataDirOf(opts, opts.url === undefined, '--url URL, or --data DEVDIR for a "creditchain dev" node');
  return new CreditChainClient(opts.url ?? nodeUrl(dataDir!));
}

export interface Sender {
  readonly client: CreditChainClient;
  readonly url: string;
  readonly key: KeyPair;
  readonly keyFile: string;
  readonly sender: string;
}

function keyFilesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
}

/** The node and key of a command that sends; `defaultAs` is the dev account used when --as is not given. */
export function resolveSender(opts: SenderOptions, defaultAs?: string): Sender {
  if (opts.url !== undefined && opts.key === undefined && opts.data === undefined) throw badArgument('With --url, give the sending key with --key KEYFILE.');
  const dataDir = dataDirOf(opts, opts.url === undefined || opts.key === undefined, '--url URL --key KEYFILE, or --data DEVDIR --as ACCOUNT for a "creditchain dev" node');
  let keyFile = opts.key;
  if (keyFile === undefined) {
    const keyDir = paths(dataDir!).keys;
    const as = opts.as ?? defaultAs;
    const held = keyFilesIn(keyDir);
    const holds = held.length === 0 ? 'it holds no key files' : `it holds keys of ${held.join(', ')}`;
    if (as === undefined) throw badArgument(`Say which account sends with --as ACCOUNT (its key is read from ${shownPath(resolve(keyDir))}; ${holds}), or give a key file with --key KEYFILE.`);
    keyFile = join(keyDir, `${as}.json`);
    if (!existsSync(keyFile)) throw badArgument(`There is no key of account "${as}" in ${shownPath(resolve(keyDir))} (${holds}); give its key file with --key KEYFILE.`, { account: as });
  }
  const key = readKeyPair(readJsonFile(keyFile, 'a key file'), `the key file ${keyFile}`);
  const sender = opts.as ?? key.account;
  if (sender === undefined) throw badArgument(`The key file ${keyFile} names no account; say which account it signs for with --as ACCOUNT.`);
  const url = opts.url ?? nodeUrl(dataDir!);
  return { client: new CreditChainClient(url), url, key, keyFile, sender };
}

/** A client whose reads are signed by the account --key or --data/--as names (reads only the entitled may make). */
export function resolveReader(opts: SenderOptions, defaultAs?: string): { client: CreditChainClient; reader: string } {
  const s = resolveSender(opts, defaultAs);
  return { client: new CreditChainClient(s.url, { reader: { account: s.sender, alg: s.key.suite.signature.id, secret: s.key.seed } }), reader: s.sender };
}

export interface Prepared {
  readonly client: CreditChainClient;
  readonly status: StatusReply;
  readonly suite: CryptoSuite;
  readonly params: ParamsReply;
  /** The sending account as the node holds it now. */
  readonly account: AccountReply;
  /** Chain, sender, next nonce, expiry and seed: spread it into a transaction builder. */
  readonly signer: TxSigner;
  /** Submits a signed transaction (with the sidecars it commits to) and resolves once it is in a block (its action's refusal throws). */
  submit(tx: DecodedTx, sidecars?: readonly Sidecar[]): Promise<TxReply & { height: number }>;
}

/**
 * Reads what a transaction needs from the node (chain, height, parameters, the sender's next
 * nonce) and checks that the key is a usable key of the sender, so a wrong key is refused here
 * in a sentence rather than by the node.
 */
export async function prepare(s: Sender): Promise<Prepared> {
  const { client, key, keyFile, sender } = s;
  const status = await client.status();
  const suite = getSuite(status.cryptoSuite);
  if (key.suite.id !== suite.id) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `The key in ${keyFile} is a ${key.suite.id} key, but chain ${status.chainId} uses the ${suite.id} suite.`);
  }
  const [account, params] = await Promise.all([client.account(sender), client.params()]);
  const pub = toHex(key.publicKey);
  const held = account.keys.find((k) => k.key === pub);
  if (held === undefined) {
    throw new CreditChainError('TX_BAD_SIGNATURE', `The key in ${keyFile} is not a key of account "${sender}" on chain ${status.chainId} (never added, or revoked), so the node would refuse its signature.`, { account: sender });
  }
  if (held.until !== null && held.until <= status.height) {
    throw new CreditChainError('TX_BAD_SIGNATURE', `The key in ${keyFile} was rotated out of account "${sender}": it could sign until height ${held.until}, and the chain is at height ${status.height}.`, { account: sender, until: held.until });
  }
  const window = Math.min(EXPIRY_BLOCKS, params.maxExpiryWindow);
  const signer: TxSigner = { suite, chainId: status.chainId, sender, nonce: account.nonce, expires: status.height + window, seed: key.seed };
  return {
    client,
    status,
    suite,
    params,
    account,
    signer,
    async submit(tx, sidecars) {
      const reply = await client.submitTx(tx.bytes, sidecars === undefined ? { wait: 'commit' } : { wait: 'commit', sidecars });
      return { ...reply, height: reply.height ?? status.height };
    },
  };
}
