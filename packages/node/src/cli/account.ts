// `creditchain account show NAME | create NAME`: an account as the chain holds it, and a new
// account in the sender's organisation (created by one of its admins).
import type { Command } from 'commander';
import { createAccountTx, type AccountReply, type PublicKeyInput } from '@creditchain/sdk';
import { parseRoles, parseWhole, readPublicKey } from './args.js';
import { badArgument, collect, out } from './output.js';
import { addNodeOptions, addSenderOptions, connect, prepare, resolveSender, type NodeOptions, type SenderOptions } from './target.js';

interface CreateOptions extends SenderOptions {
  roles: string;
  keyFile: string[];
  publicKey: string[];
  threshold?: number;
}

export function register(program: Command): void {
  const account = program.command('account').description('show and create accounts');
  addNodeOptions(account.command('show').description("show an account: its organisation, roles, keys and next nonce").argument('<name>', 'account name')).action(
    async (name: string, opts: NodeOptions) => {
      const client = connect(opts);
      const [a, status] = await Promise.all([client.account(name), client.status()]);
      showAccount(a, status.height);
    },
  );
  addSenderOptions(
    account
      .command('create')
      .description("create an account in the sender's organisation (the sender needs the admin role)")
      .argument('<name>', 'name of the new account')
      .requiredOption('--roles <a,b>', 'its roles, within those the organisation may hold (e.g. submitter,reviewer)')
      .option('--key-file <file>', 'a key file of the new account (from "creditchain keys new"; only its public key is sent; repeatable)', collect, [])
      .option('--public-key <hex>', 'a public key of the new account, in hex (repeatable)', collect, [])
      .option('--threshold <n>', 'how many of its keys must sign (default 1)', parseWhole),
  ).action(async (name: string, opts: CreateOptions) => {
    const roles = parseRoles(opts.roles);
    if (opts.keyFile.length + opts.publicKey.length === 0) throw badArgument('Give the new account a key: --key-file FILE (made with "creditchain keys new") or --public-key HEX.');
    const p = await prepare(resolveSender(opts));
    const keys: PublicKeyInput[] = [
      ...opts.keyFile.map((f) => readPublicKey(f, p.suite.id, '--key-file')),
      ...opts.publicKey.map((h) => readPublicKey(h, p.suite.id, '--public-key')),
    ];
    const threshold = opts.threshold ?? 1;
    const tx = createAccountTx({ ...p.signer, name, roles, keys, threshold });
    const reply = await p.submit(tx);
    const org = (reply.data as { org?: string } | undefined)?.org ?? p.account.org;
    out(`Created account ${name} in ${org} at height ${reply.height}: roles ${roles.length === 0 ? 'none' : roles.join(', ')}; ${keys.length} key${keys.length === 1 ? '' : 's'}, ${threshold} must sign.`);
  });
}

function showAccount(a: AccountReply, height: number): void {
  out(`Account ${a.name}`);
  out(`  org         ${a.org ?? `none: the own account of subject ${a.subject}`}`);
  out(`  roles       ${a.roles.length === 0 ? 'none' : a.roles.join(', ')}`);
  a.keys.forEach((k, i) => {
    const valid = k.until === null ? 'valid' : k.until > height ? `valid until height ${k.until} (rotated out)` : `rotated out, last valid at height ${k.until}`;
    out(`  ${i === 0 ? 'keys        ' : '            '}${k.alg} ${k.key} ${valid}`);
  });
  out(`  threshold   ${a.threshold} of ${a.keys.length} key${a.keys.length === 1 ? '' : 's'} must sign`);
  out(`  nonce       ${a.nonce} (its next transaction's)`);
}
