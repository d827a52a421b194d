// `creditchain keys`: make and inspect key files, and rotate or revoke an account's keys on the
// chain. A key file holds a private key: it is written once, mode 0600, never overwritten.
import type { Command } from 'commander';
import { CreditChainError, NAME_PATTERN, formatVerifierKey, fromHex, getSuite, toHex } from '@creditchain/core';
import { keyFileInfo, keyPairFromSeed, newKeyPair, revokeKeyTx, rotateKeyTx } from '@creditchain/sdk';
import { writeKeyPair } from '../key-files.js';
import { cometbftValidatorKey } from '../comet/home.js';
import { parseWhole, readPublicKey, shortKey } from './args.js';
import { readJsonFile } from './files.js';
import { badArgument, fileError, out } from './output.js';
import { addSenderOptions, prepare, resolveSender, type SenderOptions } from './target.js';

/** How long a rotated-out key stays valid by default: as long as the transactions the CLI signs. */
const ROTATION_GRACE_BLOCKS = 1000;

interface RotateOptions extends SenderOptions {
  account: string;
  newKey: string;
  oldKey?: string;
  until?: number;
}

interface RevokeOptions extends SenderOptions {
  account: string;
  publicKey: string;
}

function accountName(name: string): string {
  if (!NAME_PATTERN.test(name)) throw badArgument(`The account name "${name}" must be lowercase letters, digits, ".", "_" or "-" (at most 64).`);
  return name;
}

function hexKey(value: string, option: string): Uint8Array {
  if (!/^([0-9a-f]{2})+$/.test(value)) throw badArgument(`${option}: a public key is given in lowercase hex, as "creditchain account show" prints it.`);
  return fromHex(value);
}

export function register(program: Command): void {
  const keys = program.command('keys').description("make and inspect key files; rotate and revoke an account's keys");
  keys
    .command('new')
    .description('make a new key pair and write it to a key file (mode 0600)')
    .option('--out <file>', 'key file to write (default: ACCOUNT.key.json, or key.json)')
    .option('--account <name>', 'the account this key signs for')
    .option('--suite <suite>', "the chain's crypto suite: intl (Ed25519 keys) or gm (SM2 keys)", 'intl')
    .option('--plain', 'write the private key unencrypted (for tests and throwaway keys); by default it is sealed under a passphrase')
    .action((opts: { out?: string; account?: string; suite: string; plain?: boolean }) => {
      if (opts.account !== undefined && !NAME_PATTERN.test(opts.account)) {
        throw badArgument(`The account name "${opts.account}" must be lowercase letters, digits, ".", "_" or "-" (at most 64).`);
      }
      const file = opts.out ?? (opts.account === undefined ? 'key.json' : `${opts.account}.key.json`);
      const kp = newKeyPair(getSuite(opts.suite).id, opts.account);
      const plain = opts.plain === true;
      try {
        writeKeyPair(file, kp, { plain, what: `the new key file ${file}` });
      } catch (e) {
        if (e instanceof CreditChainError) throw e;
        throw fileError(e, file, 'create');
      }
      out(plain ? `Wrote ${file} (mode 0600; it holds the private key unencrypted: keep it secret).` : `Wrote ${file} (mode 0600; its private key is sealed under your passphrase, which every command using it asks for — or set CREDITCHAIN_PASSPHRASE).`);
      out(`public key  ${toHex(kp.publicKey)}`);
      if (opts.account !== undefined) out(`To make it a genesis account: creditchain init --data DIR --account ${opts.account}=${toHex(kp.publicKey)}`);
    });
  keys
    .command('from-validator')
    .description("write a member node's checkpoint key (node-key.json) from its CometBFT validator key, so the node signs checkpoints with the key the validator set names")
    .requiredOption('--home <dir>', "the node's CometBFT home (holds config/priv_validator_key.json)")
    .requiredOption('--out <file>', 'the key file to write, e.g. DATA/node-key.json')
    .requiredOption('--name <name>', "the validator's name, as the genesis validators list it (also the node's nodeName)")
    .action((opts: { home: string; out: string; name: string }) => {
      const v = cometbftValidatorKey(opts.home);
      const kp = keyPairFromSeed('intl', v.seed);
      try {
        // Plain: CometBFT keeps the same key unencrypted in priv_validator_key.json beside it.
        writeKeyPair(opts.out, kp, { plain: true, what: opts.out });
      } catch (e) {
        throw fileError(e, opts.out, 'create');
      }
      out(`Wrote ${opts.out} (mode 0600): the validator's key, which now also signs this node's checkpoints.`);
      out(`public key    ${toHex(kp.publicKey)}   (genesis.json validators: {"name": "${opts.name}", "publicKey": "${toHex(kp.publicKey)}", "power": …})`);
      out(`verifier key  ${formatVerifierKey(opts.name, kp.publicKey)}   (validators.json, for creditchain verify --validators)`);
    });
  keys
    .command('show')
    .description('print the account and public key of a key file')
    .argument('<file>', 'key file')
    .action((file: string) => {
      const kp = keyFileInfo(readJsonFile(file, 'a key file'));
      out(`account     ${kp.account ?? '(none)'}`);
      out(`suite       ${kp.suite.id}`);
      out(`public key  ${toHex(kp.publicKey)}`);
      out(`private key ${kp.encrypted ? 'sealed under a passphrase' : 'unencrypted'}`);
    });
  addSenderOptions(
    keys
      .command('rotate')
      .description("replace a key of an account by a new one; the old key stays valid until a height, so transactions already signed with it go through (the account itself, or an admin of its organisation, sends it)")
      .requiredOption('--account <name>', 'the account whose key is replaced')
      .requiredOption('--new-key <file>', 'key file of the new key (from "creditchain keys new"; only its public key is sent)')
      .option('--old-key <hex>', "the key replaced (default: the sending key when the account rotates its own, or the account's only key)")
      .option('--until <height>', `last height the old key may sign at (default: ${ROTATION_GRACE_BLOCKS} blocks from now)`, parseWhole),
  ).action(async (opts: RotateOptions) => {
    const account = accountName(opts.account);
    const sender = resolveSender(opts);
    const p = await prepare(sender);
    const target = account === p.signer.sender ? p.account : await p.client.account(account);
    const live = target.keys.filter((k) => k.until === null || k.until > p.status.height);
    let old: string;
    if (opts.oldKey !== undefined) old = toHex(hexKey(opts.oldKey, '--old-key'));
    else if (account === p.signer.sender) old = toHex(sender.key.publicKey);
    else if (live.length === 1) old = live[0]!.key;
    else throw badArgument(`Account "${account}" has ${live.length} usable keys; say which one to replace with --old-key HEX ("creditchain account show ${account}" lists them).`);
    const key = readPublicKey(opts.newKey, p.suite.id, '--new-key');
    const until = opts.until ?? p.status.height + ROTATION_GRACE_BLOCKS;
    const reply = await p.submit(rotateKeyTx({ ...p.signer, account, old: fromHex(old), key, until }));
    out(`Rotated a key of ${account} at height ${reply.height}: the new key ${toHex(key.key)} signs from now on; the old key ${shortKey(old)} stays valid until height ${until}.`);
    out(`Sign with ${opts.newKey} from now on; to stop the old key at once: creditchain keys revoke --account ${account} --public-key ${old}`);
  });
  addSenderOptions(
    keys
      .command('revoke')
      .description('revoke a key of an account at once: transactions signed with it are refused from now on (the account itself, or an admin of its organisation, sends it)')
      .requiredOption('--account <name>', 'the account whose key is revoked')
      .requiredOption('--public-key <hex>', 'the key revoked, in hex'),
  ).action(async (opts: RevokeOptions) => {
    const account = accountName(opts.account);
    const key = hexKey(opts.publicKey, '--public-key');
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(revokeKeyTx({ ...p.signer, account, key }));
    const left = (reply.data as { keys?: number } | undefined)?.keys;
    out(`Revoked the key ${shortKey(key)} of ${account} at height ${reply.height}: transactions signed with it are refused from now on${left === undefined ? '' : ` (${left} key${left === 1 ? '' : 's'} left)`}.`);
  });
}
