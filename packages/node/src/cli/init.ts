// `creditchain init`: create the data directory of a configured node: its genesis (chain id and
// member accounts), its config and its checkpoint key. Members make their keys themselves
// (`creditchain keys new`) and give only the public key.
import { toHex } from '@creditchain/core';
import { ROLES } from '@creditchain/ledger';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CHAIN_ID_PATTERN, NAME_PATTERN, formatVerifierKey, fromHex } from '@creditchain/core';
import { loadNodeKey } from '../config.js';
import { initDataDir } from '../dev.js';
import { keyPassphrase } from '../key-files.js';
import { badArgument, collect, out, parsePort } from './output.js';

function parseAccount(spec: string): { name: string; publicKey: Uint8Array } {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? '' : spec.slice(0, eq);
  const hex = eq < 0 ? '' : spec.slice(eq + 1);
  if (!NAME_PATTERN.test(name)) {
    throw badArgument(`--account ${spec}: write NAME=PUBKEYHEX, the name in lowercase letters, digits, ".", "_" or "-".`);
  }
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw badArgument(`--account ${spec}: the public key must be 32 bytes of lowercase hex, as "creditchain keys new" prints it.`);
  }
  return { name, publicKey: fromHex(hex, 32) };
}

export function register(program: Command): void {
  program
    .command('init')
    .description('create the data directory of a configured node')
    .requiredOption('--data <dir>', 'data directory to create')
    .option('--chain-id <id>', 'chain id', 'creditchain-local')
    .option('--node-name <name>', 'name of the checkpoint signing key', 'node')
    .option('--account <NAME=PUBKEYHEX>', 'a genesis account and its public key (repeatable)', collect, [])
    .option('--port <port>', 'HTTP port written to config.json', parsePort)
    .option('--plain-key', "write node-key.json unencrypted (for tests); by default it is sealed under a passphrase, which `creditchain start` then asks for (or CREDITCHAIN_PASSPHRASE / CREDITCHAIN_PASSPHRASE_FILE)")
    .action((opts: { data: string; chainId: string; nodeName: string; account: string[]; port?: number; plainKey?: boolean }) => {
      if (!CHAIN_ID_PATTERN.test(opts.chainId)) throw badArgument(`The chain id "${opts.chainId}" must be lowercase letters, digits, ".", "_" or "-" (at most 64).`);
      if (!NAME_PATTERN.test(opts.nodeName)) throw badArgument(`The node name "${opts.nodeName}" must be lowercase letters, digits, ".", "_" or "-" (at most 64).`);
      if (opts.account.length === 0) {
        throw badArgument('A chain needs at least one account: add --account NAME=PUBKEYHEX (make a key with "creditchain keys new --account NAME").');
      }
      const accounts = opts.account.map(parseAccount);
      const names = new Set<string>();
      for (const a of accounts) {
        if (names.has(a.name)) throw badArgument(`The account "${a.name}" is given twice.`);
        names.add(a.name);
      }
      const dir = resolve(opts.data);
      // The accounts found the chain as admins of one founding regulator; governance admits
      // the other members (creditchain propose admit-org …).
      const founder = { id: 'founder', name: 'Founding regulator', type: 'regulator', weight: 1, roles: [...ROLES] };
      const nodeKeyPassphrase = opts.plainKey === true ? undefined : keyPassphrase('the new node key (node-key.json)', { confirm: true });
      initDataDir(dir, {
        ...(nodeKeyPassphrase === undefined ? {} : { nodeKeyPassphrase }),
        chainId: opts.chainId,
        nodeName: opts.nodeName,
        orgs: [founder],
        accounts: accounts.map((a) => ({ name: a.name, org: founder.id, roles: ['admin', 'submitter', 'reviewer', 'regulator', 'registrar'], keys: [{ publicKey: toHex(a.publicKey) }] })),
        config: opts.port === undefined ? {} : { port: opts.port },
      });
      const nodeKey = loadNodeKey(dir, opts.nodeName);
      out(`Created ${dir}`);
      out(`  chain id       ${opts.chainId}`);
      out(`  accounts       ${accounts.map((a) => a.name).join(', ')}`);
      out(`  verifier key   ${formatVerifierKey(opts.nodeName, nodeKey.publicKey)}`);
      out(`Give the verifier key to whoever checks receipts; node-key.json is secret${nodeKeyPassphrase === undefined ? ' (unencrypted: --plain-key)' : ', sealed under your passphrase'}.`);
      out(`Start the node with: creditchain start --data ${opts.data}`);
    });
}
