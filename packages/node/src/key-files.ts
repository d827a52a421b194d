// Reading and writing key files on this machine, encrypted or not (the SDK's key-encryption.ts
// seals them). Outside dev mode — `creditchain init`'s node key, `creditchain keys new` — keys are
// written encrypted; dev data directories and local test networks keep plain demo keys.
//
// The passphrase comes, in this order, from CREDITCHAIN_PASSPHRASE, from the first line of the
// file CREDITCHAIN_PASSPHRASE_FILE names (for services: a file only the node's user reads), or is
// typed at the terminal. It is asked once per process and never logged or written anywhere.
import { closeSync, openSync, readFileSync, readSync, writeFileSync, writeSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CreditChainError } from '@creditchain/core';
import { encryptedKeyPairToJson, isEncryptedKeyFile, keyPairFromJson, keyPairToJson, type KeyPair } from '@creditchain/sdk';

let remembered: string | undefined;

/** The passphrase of key files (see the top of this file); `confirm` asks twice at a terminal. */
export function keyPassphrase(what: string, opts: { confirm?: boolean } = {}): string {
  if (remembered !== undefined) return remembered;
  const fromEnv = process.env.CREDITCHAIN_PASSPHRASE;
  const file = process.env.CREDITCHAIN_PASSPHRASE_FILE;
  if (fromEnv !== undefined && fromEnv !== '') remembered = fromEnv;
  else if (file !== undefined && file !== '') {
    try {
      remembered = readFileSync(file, 'utf8').split(/\r?\n/)[0]!;
    } catch (e) {
      throw new CreditChainError('KEY_PASSPHRASE_REQUIRED', `CREDITCHAIN_PASSPHRASE_FILE names ${file}, which cannot be read: ${(e as Error).message}`);
    }
  } else {
    const typed = askAtTerminal(`Passphrase for ${what}: `);
    if (typed === undefined) {
      throw new CreditChainError('KEY_PASSPHRASE_REQUIRED', `${what} needs a passphrase and there is no terminal to ask it at: set CREDITCHAIN_PASSPHRASE, or CREDITCHAIN_PASSPHRASE_FILE to a file holding it.`);
    }
    if (opts.confirm === true && askAtTerminal('Again, to be sure: ') !== typed) {
      throw new CreditChainError('KEY_BAD_PASSPHRASE', 'The two passphrases typed differ; nothing was written.');
    }
    remembered = typed;
  }
  return remembered;
}

/** Reads a key file, asking for the passphrase only if it is encrypted. */
export function readKeyPair(json: unknown, what: string): KeyPair {
  return isEncryptedKeyFile(json) ? keyPairFromJson(json, keyPassphrase(what)) : keyPairFromJson(json);
}

/** Writes a key file once, mode 0600: sealed under the passphrase, or plain when `plain` (dev keys). */
export function writeKeyPair(file: string, kp: KeyPair, opts: { plain: boolean; what: string }): void {
  const json = opts.plain ? keyPairToJson(kp) : encryptedKeyPairToJson(kp, keyPassphrase(opts.what, { confirm: true }));
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

/** A line typed at the controlling terminal without echo, or undefined when there is none. */
function askAtTerminal(prompt: string): string | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  const echo = (on: boolean) => spawnSync('stty', [on ? 'echo' : '-echo'], { stdio: [fd, 'ignore', 'ignore'] });
  try {
    writeSync(fd, prompt);
    echo(false);
    const bytes: number[] = [];
    const one = Buffer.alloc(1);
    while (readSync(fd, one, 0, 1, null) === 1 && one[0] !== 0x0a && one[0] !== 0x0d) bytes.push(one[0]!);
    return Buffer.from(bytes).toString('utf8');
  } finally {
    echo(true);
    writeSync(fd, '\n');
    closeSync(fd);
  }
}
