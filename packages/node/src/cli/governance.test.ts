// Members and governance from the built `creditchain` command, as a new user runs it on a dev
// node: admit a bank by proposal and votes, give it a submitter, suspend and reinstate it,
// rotate and revoke a key. The test script builds first (npm test), so dist/ is current.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSuite } from '@creditchain/core';
import { CreditChainClient, buildAnchorTx, keyPairFromJson } from '@creditchain/sdk';
import { TEST_PASSPHRASE, freePort, ok as okIn, refused as refusedIn, startDev as startDevIn } from '../../../../test/support/cli.js';

let work: string;

// The shared harness runs the built CLI; here every command runs in this test's directory.
const ok = (...args: string[]) => okIn(work, ...args);
const refused = (...args: string[]) => refusedIn(work, ...args);
async function startDev(port: number) {
  const dev = await startDevIn(work, '--port', String(port));
  const exit = new Promise<number | null>((r) => (dev.child.exitCode === null ? dev.child.on('close', r) : r(dev.child.exitCode)));
  return { child: dev.child, exit };
}

const publicKeyOf = (file: string) => (JSON.parse(readFileSync(join(work, file), 'utf8')) as { publicKey: string }).publicKey;

describe('creditchain members and governance on a dev node', () => {
  let url: string;
  let dev: Awaited<ReturnType<typeof startDev>> | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'creditchain-gov-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dev = await startDev(port);
    writeFileSync(join(work, 'loan-1.txt'), 'Loan agreement no. 1 of Bank C.\n');
    writeFileSync(join(work, 'loan-2.txt'), 'Loan agreement no. 2 of Bank C.\n');
    writeFileSync(join(work, 'loan-3.txt'), 'Loan agreement no. 3 of Bank C.\n');
  });

  afterAll(async () => {
    if (dev !== undefined && dev.child.exitCode === null) {
      dev.child.kill('SIGTERM');
      await dev.exit;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('lists the demo consortium and its accounts', async () => {
    const list = await ok('org', 'list');
    expect(list).toMatch(/^regulator\s+regulator\s+active\s+3\s+Credit Regulator \(demo\)$/m);
    expect(list).toMatch(/^bank-a\s+bank\s+active\s+1\s+Bank A \(demo\)$/m);
    expect(list).toContain('9 organisations; the active ones hold a voting weight of 12.');
    expect(await ok('account', 'show', 'demo-regulator')).toMatch(/org\s+regulator\n\s+roles\s+admin, submitter, reviewer, regulator, arbiter, registrar/);
    expect(await ok('proposals')).toContain('No proposals yet.');
  });

  it('admits bank-c by a proposal of the regulator and the votes of the members', async () => {
    await ok('keys', 'new', '--account', 'bank-c-admin', '--out', 'bank-c-admin.json');
    const proposed = await ok(
      'propose', 'admit-org', '--id', 'bank-c', '--name', 'Bank C', '--type', 'bank', '--weight', '1', '--roles', 'admin,submitter',
      '--admin', 'bank-c-admin', '--admin-key', 'bank-c-admin.json', '--data', '.creditchain/dev', '--as', 'demo-regulator',
    );
    expect(proposed).toMatch(/^Proposal 1 is open until height \d+ \(needs 50% participation, 66\.67% yes\)\.$/m);
    expect(proposed).toContain('It proposes to admit bank-c "Bank C" (bank, weight 1, roles admin, submitter) with admin account bank-c-admin.');
    expect(await ok('proposals')).toMatch(/^#1 open +admit bank-c .* by demo-regulator \(regulator\) .*; yes 0, no 0 of 12 active weight/m);

    // Regulator (weight 3) yes, bank-b (1) no: 4 of 12 voted, under 50%.
    expect(await ok('vote', '1', 'yes', '--as', 'demo-regulator')).toMatch(/^Voted yes on proposal 1: still open — yes 3, no 0 of 12 active weight \(25% voted\); it needs 50% participation, 66\.67% yes/);
    expect(await ok('vote', '1', 'no', '--as', 'demo-bank-b')).toMatch(/^Voted no on proposal 1: still open — yes 3, no 1 of 12 active weight \(33\.33% voted\)/);
    // The credit agency (2): 6 of 12 voted, 5 of 6 yes. It passes and is carried out at once.
    expect(await ok('vote', '1', 'yes', '--as', 'demo-agency')).toBe('Voted yes on proposal 1: passed — bank-c admitted with admin account bank-c-admin.\n');
    expect(await refused('vote', '1', 'yes', '--as', 'demo-bank')).toMatch(/^error: Proposal 1 is closed \(passed at height \d+\); it takes no more votes\. \(GOV_PROPOSAL_CLOSED\)$/);

    expect(await ok('org', 'show', 'bank-c')).toMatch(/name\s+Bank C\n\s+type\s+bank\n\s+status\s+active \(since height \d+\)\n\s+weight\s+1\n\s+roles\s+admin, submitter/);
    const shown = await ok('proposals', '1');
    expect(shown).toMatch(/status\s+passed at height \d+/);
    expect(shown).toMatch(/votes\s+regulator yes \(height \d+\), bank-b no \(height \d+\), credit-agency yes \(height \d+\)/);
    expect(await ok('account', 'show', 'bank-c-admin', '--url', url)).toContain(publicKeyOf('bank-c-admin.json'));
  });

  it("bank-c's admin gives it a submitter account, which anchors a file", async () => {
    await ok('keys', 'new', '--account', 'bank-c-submitter', '--out', 'bank-c-submitter.json');
    const created = await ok('account', 'create', 'bank-c-submitter', '--roles', 'submitter', '--key-file', 'bank-c-submitter.json', '--url', url, '--key', 'bank-c-admin.json');
    expect(created).toMatch(/^Created account bank-c-submitter in bank-c at height \d+: roles submitter; 1 key, 1 must sign\.$/m);
    // bank-c may not hand out a role governance did not grant it, and a submitter is no admin.
    expect(await refused('account', 'create', 'bank-c-querier', '--roles', 'querier', '--public-key', publicKeyOf('bank-c-submitter.json'), '--url', url, '--key', 'bank-c-admin.json')).toContain(
      'Organisation "bank-c" has not been granted the role querier',
    );
    expect(await refused('account', 'create', 'bank-c-other', '--roles', 'submitter', '--public-key', publicKeyOf('bank-c-admin.json'), '--url', url, '--key', 'bank-c-submitter.json')).toMatch(/needs the role admin .*\(PERMISSION_DENIED\)$/);

    expect(await ok('anchor', 'loan-1.txt', '--url', url, '--key', 'bank-c-submitter.json')).toMatch(/^loan-1\.txt: SHA-256 [0-9a-f]{64}, height \d+, log index \d+, receipt loan-1\.txt\.receipt\.json$/m);
  });

  it('suspending bank-c stops its submitter; reinstating it lets it anchor again', async () => {
    expect(await ok('propose', 'suspend-org', 'bank-c', '--as', 'demo-regulator')).toMatch(/^Proposal 2 is open until height \d+/);
    await ok('vote', '2', 'yes', '--as', 'demo-regulator');
    await ok('vote', '2', 'yes', '--as', 'demo-agency');
    await ok('vote', '2', 'yes', '--as', 'demo-market');
    // 7 of the 13 active weight (bank-c included) have voted yes: it passes.
    expect(await ok('vote', '2', 'yes', '--as', 'demo-tax')).toBe('Voted yes on proposal 2: passed — bank-c suspended: its accounts may not send transactions until it is reinstated.\n');
    expect(await ok('org', 'list')).toMatch(/^bank-c\s+bank\s+suspended\s+1\s+Bank C$/m);

    expect(await refused('anchor', 'loan-2.txt', '--url', url, '--key', 'bank-c-submitter.json')).toMatch(
      /^error: Organisation "bank-c" is suspended \(since height \d+\); its accounts may not send transactions until governance reinstates it\. \(ORG_SUSPENDED\)$/,
    );

    expect(await ok('propose', 'reinstate-org', 'bank-c', '--as', 'demo-regulator')).toMatch(/^Proposal 3 is open/);
    await ok('vote', '3', 'yes', '--as', 'demo-regulator');
    await ok('vote', '3', 'yes', '--as', 'demo-agency');
    // 6 of the 12 active weight (bank-c is suspended) have voted yes: it passes.
    expect(await ok('vote', '3', 'yes', '--as', 'demo-market')).toBe('Voted yes on proposal 3: passed — bank-c reinstated.\n');
    expect(await ok('anchor', 'loan-2.txt', '--url', url, '--key', 'bank-c-submitter.json')).toMatch(/^loan-2\.txt: SHA-256 /m);

    const list = (await ok('proposals')).trim().split('\n');
    expect(list.map((l) => l.slice(0, 10).trim())).toEqual(['#3 passed', '#2 passed', '#1 passed']);
  });

  it('rotates a key, revokes the old one, and a transaction signed with it is refused', async () => {
    const oldKey = publicKeyOf('bank-c-submitter.json');
    await ok('keys', 'new', '--account', 'bank-c-submitter', '--out', 'bank-c-submitter-2.json');
    const newKey = publicKeyOf('bank-c-submitter-2.json');
    const rotated = await ok('keys', 'rotate', '--account', 'bank-c-submitter', '--new-key', 'bank-c-submitter-2.json', '--url', url, '--key', 'bank-c-submitter.json');
    const until = Number(/the old key [0-9a-f]{16}… stays valid until height (\d+)\./.exec(rotated)![1]);
    expect(rotated).toContain(`the new key ${newKey} signs from now on`);
    const shown = await ok('account', 'show', 'bank-c-submitter');
    expect(shown).toContain(`${oldKey} valid until height ${until} (rotated out)`);
    expect(shown).toContain(`${newKey} valid`);

    const revoked = await ok('keys', 'revoke', '--account', 'bank-c-submitter', '--public-key', oldKey, '--url', url, '--key', 'bank-c-submitter-2.json');
    expect(revoked).toMatch(/^Revoked the key [0-9a-f]{16}… of bank-c-submitter at height \d+: transactions signed with it are refused from now on \(1 key left\)\.$/m);
    expect(await ok('account', 'show', 'bank-c-submitter')).not.toContain(oldKey);

    // The CLI refuses before sending; the node refuses the same transaction on its own.
    expect(await refused('anchor', 'loan-3.txt', '--url', url, '--key', 'bank-c-submitter.json')).toContain('is not a key of account "bank-c-submitter" on chain creditchain-dev (never added, or revoked)');
    const client = new CreditChainClient(url);
    const [status, account] = await Promise.all([client.status(), client.account('bank-c-submitter')]);
    const old = keyPairFromJson(JSON.parse(readFileSync(join(work, 'bank-c-submitter.json'), 'utf8')), TEST_PASSPHRASE);
    const suite = getSuite(status.cryptoSuite);
    const tx = buildAnchorTx({ suite, chainId: status.chainId, sender: 'bank-c-submitter', nonce: account.nonce, expires: status.height + 10, seed: old.seed, items: [{ hash: suite.hash(new Uint8Array([3])) }] });
    await expect(client.submitTx(tx.bytes, { wait: 'commit' })).rejects.toMatchObject({ code: 'TX_BAD_SIGNATURE', message: expect.stringContaining('may have been revoked') });

    expect(await ok('anchor', 'loan-3.txt', '--url', url, '--key', 'bank-c-submitter-2.json')).toMatch(/^loan-3\.txt: SHA-256 /m);
  });

  it('says which account to send as, and refuses a wrong argument before sending', async () => {
    expect(await refused('vote', '1', 'yes')).toMatch(/^error: Say which account sends with --as ACCOUNT .*demo-regulator.* \(CLI_BAD_ARGUMENT\)$/);
    expect(await refused('vote', '1', 'maybe', '--as', 'demo-bank')).toBe('error: Vote "yes" or "no", not "maybe". (CLI_BAD_ARGUMENT)');
    expect(await refused('propose', 'admit-org', '--id', 'x', '--name', 'X', '--type', 'club', '--weight', '1', '--roles', 'admin', '--admin', 'x-admin', '--admin-key', 'bank-c-admin.json', '--as', 'demo-regulator')).toContain(
      '--type: "club" is not an organisation type',
    );
    expect(await refused('propose', 'set-param', 'govApproval', '10', '--as', 'demo-regulator')).toBe('error: The parameter govApproval must be an integer from 5001 to 10000; 10 is not. (GOV_BAD_PROPOSAL)');
    expect(await refused('org', 'show', 'bank-z')).toBe('error: There is no organisation "bank-z" on chain creditchain-dev. (ORG_NOT_FOUND)');
    expect(await refused('proposals', '9')).toBe('error: There is no proposal 9; proposals are numbered 1 to 3. (GOV_PROPOSAL_NOT_FOUND)');
  });
  it('subject: a registrar binds a subject by its validated identifier; the identifier never goes on chain', async () => {
    writeFileSync(join(work, 'id-scan.txt'), 'scan of the identity card\n');
    await ok('keys', 'new', '--account', 'li-si', '--out', 'li-si.json');
    expect(await refused('subject', 'ref', '110105194912310029', '--kind', 'person', '--data', '.creditchain/dev')).toContain('should be "X" but is "9"');
    const ref = (await ok('subject', 'ref', '11010519491231002x', '--kind', 'person', '--data', '.creditchain/dev')).match(/reference ([0-9a-f]{64})/)![1]!;
    expect(await refused('subject', 'bind', '11010519491231002X', '--kind', 'person', '--name', 'li-si', '--public-key', 'li-si.json', '--evidence', 'id-scan.txt', '--as', 'demo-bank')).toContain('needs the role registrar');
    const bound = await ok('subject', 'bind', '11010519491231002X', '--kind', 'person', '--name', 'li-si', '--public-key', 'li-si.json', '--evidence', 'id-scan.txt', '--as', 'demo-regulator');
    expect(bound).toContain(`reference ${ref}`);
    const account = await new CreditChainClient(url).account('li-si');
    expect(account).toMatchObject({ org: null, subject: ref, roles: [] });
    expect(JSON.stringify(account)).not.toContain('11010519491231002X');
    expect(JSON.parse(readFileSync(join(work, 'id-scan.txt.sidecar.json'), 'utf8'))).toHaveProperty('salt');
  });
});
