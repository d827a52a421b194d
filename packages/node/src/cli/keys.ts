// `creditchain keys`: make and inspect key files. A key file holds a private key: it is
// written once, mode 0600, never overwritten.
import { chmodSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NAME_PATTERN, toHex } from '@creditchain/core';
import { keyPairFromJson, keyPairToJson, newKeyPair } from '@creditchain/sdk';
import { readJsonFile } from './files.js';
import { badArgument, fileError, out } from './output.js';

export function register(program: Command): void {
  const keys = program.command('keys').description('make and inspect key files');
  keys
    .command('new')
    .description('make a new key pair and write it to a key file (mode 0600)')
    .option('--out <file>', 'key file to write (default: ACCOUNT.key.json, or key.json)')
    .option('--account <name>', 'the account this key signs for')
    .action((opts: { out?: string; account?: string }) => {
      if (opts.account !== undefined && !NAME_PATTERN.test(opts.account)) {
        throw badArgument(`The account name "${opts.account}" must be lowercase letters, digits, ".", "_" or "-" (at most 64).`);
      }
      const file = opts.out ?? (opts.account === undefined ? 'key.json' : `${opts.account}.key.json`);
      const kp = newKeyPair('intl', opts.account);
      try {
        writeFileSync(file, `${JSON.stringify(keyPairToJson(kp), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        chmodSync(file, 0o600);
      } catch (e) {
        throw fileError(e, file, 'create');
      }
      out(`Wrote ${file} (mode 0600; it holds the private key: keep it secret).`);
      out(`public key  ${toHex(kp.publicKey)}`);
      if (opts.account !== undefined) out(`To make it a genesis account: creditchain init --data DIR --account ${opts.account}=${toHex(kp.publicKey)}`);
    });
  keys
    .command('show')
    .description('print the account and public key of a key file')
    .argument('<file>', 'key file')
    .action((file: string) => {
      const kp = keyPairFromJson(readJsonFile(file, 'a key file'));
      out(`account     ${kp.account ?? '(none)'}`);
      out(`suite       ${kp.suite.id}`);
      out(`public key  ${toHex(kp.publicKey)}`);
    });
}
