// The built `creditchain` command, run as a child process the way a user runs it. The test
// script builds first (npm test = npm run build && vitest run), so dist/ is current.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVerifierKey, intlSuite } from '@creditchain/core';
import { BIN, cliEnv, freePort, run as runIn, runWith, type Result } from '../../../../test/support/cli.js';

const run = (args: string[], cwd: string): Promise<Result> => runIn(cwd, ...args);

/** Starts a long-running command and resolves once its stdout shows `ready`. */
function startServer(args: string[], cwd: string, ready: RegExp): Promise<{ child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string; exit: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(), detached: true });
    let stdout = '';
    let stderr = '';
    const exit = new Promise<number | null>((r) => child.on('close', r));
    const timer = setTimeout(() => reject(new Error(`not ready after 20 s; stdout: ${stdout} stderr: ${stderr}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (ready.test(stdout)) {
        clearTimeout(timer);
        resolve({ child, stdout: () => stdout, stderr: () => stderr, exit });
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
}


const noStack = (r: Result) => expect(r.stderr).not.toMatch(/\n\s+at /);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'creditchain-cli-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('creditchain dev, anchor and verify', () => {
  let port: number;
  let verifierKey: string;
  let dev: Awaited<ReturnType<typeof startServer>> | undefined;

  beforeAll(async () => {
    port = await freePort();
    writeFileSync(join(work, 'contract.txt'), 'Loan agreement no. 42 between A and B.\n');
    writeFileSync(join(work, 'ruling.txt'), 'Court ruling: B is in default.\n');
    dev = await startServer(['dev', '--port', String(port)], work, /Press Ctrl-C|npx creditchain verify/);
    verifierKey = /verifier key\s+(\S+)/.exec(dev.stdout())![1]!;
  });

  afterAll(() => {
    if (dev !== undefined && dev.child.exitCode === null) dev.child.kill('SIGKILL');
  });

  it('dev prints the URL, chain id, data dir, demo keys, verifier key and a hint', () => {
    const text = dev!.stdout();
    expect(text).toContain(`running at http://127.0.0.1:${port}`);
    expect(text).toMatch(/chain id\s+creditchain-dev/);
    expect(text).toContain(join(work, '.creditchain', 'dev'));
    expect(text).toMatch(/demo keys\s+.*demo-bank/);
    expect(verifierKey).toMatch(/^dev-node\+[0-9a-f]{8}\+/);
    expect(text).toContain('npx creditchain anchor <file>');
    expect(text).toContain(`npx creditchain verify <file> --trust ${verifierKey}`);
  });

  it('anchors two files and writes a receipt next to each', async () => {
    const r = await run(['anchor', 'contract.txt', 'ruling.txt', '--data', '.creditchain/dev'], work);
    expect(r.stderr).toContain('Anchoring 2 files as demo-bank on creditchain-dev');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^contract\.txt: SHA-256 [0-9a-f]{64}, height \d+, log index \d+, receipt contract\.txt\.receipt\.json$/m);
    expect(r.stdout).toMatch(/^ruling\.txt: SHA-256 [0-9a-f]{64}, height \d+, log index \d+, receipt ruling\.txt\.receipt\.json$/m);
    const receipt = JSON.parse(readFileSync(join(work, 'contract.txt.receipt.json'), 'utf8')) as { label: string; verifierKey: string };
    expect(receipt).toMatchObject({ type: 'creditchain/evidence-receipt/v1', label: 'contract.txt', verifierKey });
  });

  it('anchors files without labels (--no-label): packed on the dev chain, receipts without a label that verify', async () => {
    writeFileSync(join(work, 'reading-1.csv'), 'meter 7, 2026-12-07, 412 kWh\n');
    writeFileSync(join(work, 'reading-2.csv'), 'meter 7, 2026-12-08, 398 kWh\n');
    const r = await run(['anchor', 'reading-1.csv', 'reading-2.csv', '--no-label'], work);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Without labels: the hashes go packed, 32 bytes each.');
    const receipt = JSON.parse(readFileSync(join(work, 'reading-2.csv.receipt.json'), 'utf8')) as { label?: string; batch: { position: number; size: number }; entry: string };
    expect(receipt).not.toHaveProperty('label');
    expect(receipt.batch).toEqual(expect.objectContaining({ position: 1, size: 2 }));
    const v = await run(['verify', 'reading-2.csv', '--trust', verifierKey], work);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('VERIFIED');
  });

  it('anchoring the same content again keeps the first anchoring and says so', async () => {
    writeFileSync(join(work, 'copy-of-contract.txt'), readFileSync(join(work, 'contract.txt')));
    writeFileSync(join(work, 'new.txt'), 'Something new.\n');
    const r = await run(['anchor', 'copy-of-contract.txt', 'new.txt'], work); // default --data .creditchain/dev
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^copy-of-contract\.txt: .*\(anchored before: the first anchoring stands\)$/m);
    expect(r.stdout).toMatch(/^new\.txt: SHA-256 [0-9a-f]{64}, height \d+, log index \d+, receipt new\.txt\.receipt\.json$/m);
    const first = JSON.parse(readFileSync(join(work, 'contract.txt.receipt.json'), 'utf8')) as { label: string; log: { index: number } };
    const again = JSON.parse(readFileSync(join(work, 'copy-of-contract.txt.receipt.json'), 'utf8')) as { label: string; log: { index: number } };
    expect(again.label).toBe('contract.txt');
    expect(again.log.index).toBe(first.log.index);
  });

  it('anchor refuses a key the chain does not know, in a sentence', async () => {
    expect((await run(['keys', 'new', '--account', 'nobody', '--out', 'nobody.json'], work)).code).toBe(0);
    const unknown = await run(['anchor', 'contract.txt', '--url', `http://127.0.0.1:${port}`, '--key', 'nobody.json'], work);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('error: There is no account "nobody" on chain creditchain-dev. (ACCOUNT_NOT_FOUND)');
    expect((await run(['keys', 'new', '--account', 'demo-bank', '--out', 'not-the-bank.json'], work)).code).toBe(0);
    const wrong = await run(['anchor', 'contract.txt', '--url', `http://127.0.0.1:${port}`, '--key', 'not-the-bank.json'], work);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('is not a key of account "demo-bank" on chain creditchain-dev');
    noStack(wrong);
  });

  it('dev stops cleanly on SIGTERM', async () => {
    dev!.child.kill('SIGTERM');
    expect(await dev!.exit).toBe(0);
    expect(dev!.stderr()).toContain('Stopped.');
    const r = await run(['anchor', 'contract.txt'], work);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: The node did not answer at http://127.0.0.1:${port} (connection refused: is the node running?). (CLIENT_UNREACHABLE)`);
  });

  it('verify proves the file offline and says what is proven', async () => {
    const r = await run(['verify', 'contract.txt', '--trust', verifierKey], work);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('VERIFIED: contract.txt is the document anchored by this receipt.');
    expect(r.stdout).toMatch(/Content\s+SHA-256 [0-9a-f]{64} \(label "contract\.txt"\)/);
    expect(r.stdout).toMatch(/Time\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC/);
    expect(r.stdout).toMatch(/Anchored by\s+account demo-bank/);
    expect(r.stdout).toMatch(/Where\s+chain creditchain-dev, block height \d+, log index \d+/);
    expect(r.stdout).toMatch(/Checkpoint\s+log creditchain\/creditchain-dev at size \d+, signed by dev-node \(a key you trust\)/);
    // The key may also come from a file.
    writeFileSync(join(work, 'node.vkey'), `${verifierKey}\n`);
    expect((await run(['verify', 'ruling.txt', 'ruling.txt.receipt.json', '--trust', 'node.vkey'], work)).code).toBe(0);
  });

  it('verify without --trust checks integrity and warns that the signer is unchecked', async () => {
    const r = await run(['verify', 'contract.txt'], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('VERIFIED');
    expect(r.stderr).toContain('warning: no --trust key was given');
    expect(r.stderr).toContain('not who signed it');
  });

  it('verify fails with exit 1 and a sentence when one byte of the file changed', async () => {
    const file = join(work, 'contract.txt');
    const bytes = readFileSync(file);
    bytes[5] ^= 0x01;
    writeFileSync(join(work, 'contract-changed.txt'), bytes);
    const r = await run(['verify', 'contract-changed.txt', 'contract.txt.receipt.json', '--trust', verifierKey], work);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: The document's SHA-256 hash is [0-9a-f]{64}, but the receipt is for [0-9a-f]{64}: the document is not the one that was anchored, or it was changed\. \(RECEIPT_HASH_MISMATCH\)\n$/);
  });

  it('verify fails on a forged receipt (a changed proof hash) and on an untrusted signer', async () => {
    const receipt = JSON.parse(readFileSync(join(work, 'contract.txt.receipt.json'), 'utf8')) as { batch: { proof: string[] } };
    const h = receipt.batch.proof[0]!;
    receipt.batch.proof[0] = (h[0] === '0' ? '1' : '0') + h.slice(1);
    writeFileSync(join(work, 'forged.json'), JSON.stringify(receipt));
    const forged = await run(['verify', 'contract.txt', 'forged.json', '--trust', verifierKey], work);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('The hash is not in the anchored batch');
    expect(forged.stderr).toContain('(PROOF_INVALID)');
    noStack(forged);
    // Another node's key of the same name: the checkpoint is not signed by it.
    const other = formatVerifierKey('dev-node', intlSuite.publicKeyOf(new Uint8Array(32).fill(9)));
    const untrusted = await run(['verify', 'contract.txt', '--trust', other], work);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toBe("error: The receipt's checkpoint is not signed by a key you trust: The note has no signature from a trusted key; it is signed by: dev-node. (CHECKPOINT_BAD_SIGNATURE)\n");
    const malformed = await run(['verify', 'contract.txt', '--trust', `other+${verifierKey.split('+').slice(1).join('+')}`], work);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('(CLI_BAD_ARGUMENT)'); // its key id does not match its name
  });

  it('anchor and verify say which file is missing', async () => {
    for (const command of ['verify', 'anchor']) {
      const r = await run([command, 'nothing.txt'], work);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('error: Cannot read nothing.txt: there is no such file. (CLI_FILE_ERROR)\n');
    }
  });
});

describe('creditchain keys, init and start', () => {
  it('keys new writes a 0600 key file and prints the public key; it never overwrites one', async () => {
    const r = await run(['keys', 'new', '--account', 'bank-a', '--out', 'bank-a.json'], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/public key\s+[0-9a-f]{64}/);
    expect(statSync(join(work, 'bank-a.json')).mode & 0o777).toBe(0o600);
    const key = JSON.parse(readFileSync(join(work, 'bank-a.json'), 'utf8')) as { type: string; account: string; privateKey?: string; encrypted?: { kdf: string } };
    // Outside dev mode the private key is sealed under the passphrase (CREDITCHAIN_PASSPHRASE here).
    expect(key).toMatchObject({ type: 'creditchain/key', account: 'bank-a', encrypted: { kdf: 'scrypt', cipher: 'aes-256-gcm' } });
    expect(key.privateKey).toBeUndefined();
    expect((await run(['keys', 'show', 'bank-a.json'], work)).stdout).toContain('sealed under a passphrase');
    const plain = await run(['keys', 'new', '--plain', '--out', 'plain.json'], work);
    expect(plain.stdout).toContain('unencrypted');
    expect(JSON.parse(readFileSync(join(work, 'plain.json'), 'utf8'))).toHaveProperty('privateKey');
    // Without a passphrase, and no terminal to ask at, nothing is written.
    const none = await runWith(cliEnv({ CREDITCHAIN_PASSPHRASE: undefined }), work, 'keys', 'new', '--out', 'none.json');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('(KEY_PASSPHRASE_REQUIRED)');
    expect(existsSync(join(work, 'none.json'))).toBe(false);
    const again = await run(['keys', 'new', '--out', 'bank-a.json'], work);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: Cannot create bank-a.json: it already exists (remove it or choose another name). (CLI_FILE_ERROR)\n');
  });

  it('init makes a configured node that start runs and stops', async () => {
    const pub = /public key\s+([0-9a-f]{64})/.exec((await run(['keys', 'new', '--account', 'court-1', '--out', 'court-1.json'], work)).stdout)![1]!;
    const port = await freePort();
    const init = await run(['init', '--data', 'node1', '--chain-id', 'test-chain', '--node-name', 'node-1', '--account', `court-1=${pub}`, '--port', String(port)], work);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/verifier key\s+node-1\+[0-9a-f]{8}\+/);
    const twice = await run(['init', '--data', 'node1', '--account', `court-1=${pub}`], work);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already holds a node');
    const bad = await run(['init', '--data', 'node2', '--account', 'court-1=xyz'], work);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('(CLI_BAD_ARGUMENT)');

    const node = await startServer(['start', '--data', 'node1'], work, /verifier key/);
    expect(node.stdout()).toContain(`running at http://127.0.0.1:${port}`);
    const status = (await (await fetch(`http://127.0.0.1:${port}/v1/status`)).json()) as { chainId: string };
    expect(status.chainId).toBe('test-chain');
    const account = (await (await fetch(`http://127.0.0.1:${port}/v1/accounts/court-1`)).json()) as { nonce: number; keys: string[] };
    expect(account).toEqual({ name: 'court-1', org: 'founder', subject: null, roles: ['admin', 'submitter', 'reviewer', 'regulator', 'registrar'], keys: [{ alg: 'ed25519', key: pub, until: null }], threshold: 1, nonce: 0 });
    node.child.kill('SIGINT');
    expect(await node.exit).toBe(0);
    // Its node key is sealed: without the passphrase the node does not start, and says why; with a wrong one neither.
    expect(JSON.parse(readFileSync(join(work, 'node1', 'node-key.json'), 'utf8'))).not.toHaveProperty('privateKey');
    const locked = await runWith(cliEnv({ CREDITCHAIN_PASSPHRASE: undefined }), work, 'start', '--data', 'node1');
    expect([locked.code, locked.stderr]).toEqual([1, expect.stringContaining('(KEY_PASSPHRASE_REQUIRED)')]);
    const wrong = await runWith(cliEnv({ CREDITCHAIN_PASSPHRASE: 'not the passphrase' }), work, 'start', '--data', 'node1');
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringContaining('(KEY_BAD_PASSPHRASE)')]);
  });

  it('start says what to do when the directory holds no node', async () => {
    const r = await run(['start', '--data', 'empty'], work);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('creditchain init --data DIR');
    expect(r.stderr).toContain('(NODE_BAD_CONFIG)');
    noStack(r);
  });
});
