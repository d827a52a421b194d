// A chain in the gm suite (SM3, SM2) passes the same end-to-end path as one in intl (SHA-256,
// Ed25519): `creditchain dev --suite S`, anchor files, verify offline (and fail on one changed
// byte), admit a member by proposal and votes, restart on the same data.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getSuite } from '@creditchain/core';
import { CreditChainClient } from '@creditchain/sdk';
import { freePort, ok, refused, startDev } from './support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'cc-suites-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(['intl', 'gm'] as const)('a %s chain, end to end', (suite) => {
  const cwd = join(work, suite);

  it(`runs dev --suite ${suite}, anchors, verifies offline, governs itself and restarts`, async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cwd, { recursive: true });
    const port = await freePort();
    let dev = await startDev(cwd, '--port', String(port), '--suite', suite);
    const client = new CreditChainClient(`http://127.0.0.1:${port}`);
    const s = getSuite(suite);
    try {
      expect(await client.status()).toMatchObject({ cryptoSuite: suite });
      expect(dev.stdout()).toContain(`crypto suite ${suite}: ${s.hashName}, ${s.signatureName}`);
      const keyFile = JSON.parse(readFileSync(join(cwd, '.creditchain/dev/keys/demo-bank.json'), 'utf8')) as { suite: string };
      expect(keyFile.suite).toBe(suite);

      writeFileSync(join(cwd, 'contract.txt'), `An e-contract on a ${suite} chain.\n`);
      writeFileSync(join(cwd, 'report.txt'), `An inspection report on a ${suite} chain.\n`);
      expect(await ok(cwd, 'anchor', 'contract.txt', 'report.txt')).toContain(`${s.hashName} `);
      const vkey = (await client.checkpointKey()).trim();

      // A member admitted by proposal and votes: every step signed with the suite's algorithm.
      await ok(cwd, 'keys', 'new', '--account', 'bank-c-admin', '--out', 'c.json');
      const admit = ['propose', 'admit-org', '--id', 'bank-c', '--name', 'Bank C', '--type', 'bank', '--weight', '1', '--roles', 'admin,submitter', '--admin', 'bank-c-admin', '--admin-key', 'c.json', '--as', 'demo-regulator'];
      if (suite === 'gm') {
        // keys new makes intl keys by default; a gm chain refuses them in words.
        expect(await refused(cwd, ...admit)).toMatch(/intl key|suite/);
        await ok(cwd, 'keys', 'new', '--account', 'bank-c-admin', '--suite', 'gm', '--out', 'c-gm.json');
        admit[admit.indexOf('c.json')] = 'c-gm.json';
      }
      expect(await ok(cwd, ...admit)).toContain('Proposal 1 is open');
      await ok(cwd, 'vote', '1', 'yes', '--as', 'demo-regulator');
      await ok(cwd, 'vote', '1', 'yes', '--as', 'demo-agency');
      expect(await ok(cwd, 'vote', '1', 'yes', '--as', 'demo-market')).toContain('passed'); // 6 of 12 weight
      expect(await client.org('bank-c')).toMatchObject({ status: 'active' });

      await dev.stop();
      // Offline: the node is stopped.
      expect(await ok(cwd, 'verify', 'contract.txt', '--trust', vkey)).toContain('VERIFIED');
      writeFileSync(join(cwd, 'report.txt'), `An inspection report on a ${suite} chain!\n`);
      expect(await refused(cwd, 'verify', 'report.txt', '--trust', vkey)).toContain('RECEIPT_HASH_MISMATCH');

      dev = await startDev(cwd, '--port', String(port));
      expect(dev.stdout()).toMatch(/existing chain, height [1-9]/);
      expect(await refused(cwd, 'dev', '--port', String(await freePort()), '--suite', suite === 'gm' ? 'intl' : 'gm')).toContain('fixed at genesis');
    } finally {
      await dev.stop();
    }
  });
});
