// Secrets stay secret: the API listens on loopback unless told otherwise; every file holding a
// secret (config.json with the consortium's subject secret, node-key.json, key files, sidecar
// files with personal details) is created mode 0600; and nothing secret reaches what the node
// and the CLI print — not a private key, not the subject secret, not a record's personal details.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '@creditchain/core';
import { keyPairFromJson } from '@creditchain/sdk';
import { freePort, ok, run, startDev } from '../../../test/support/cli.js';
import { DEFAULT_CONFIG, loadConfig, paths } from './config.js';

const work = mkdtempSync(join(tmpdir(), 'cc-secrets-'));
const dir = join(work, 'dev');
const NAME = 'Zhang Wei';
const printed: string[] = [];

beforeAll(async () => {
  const dev = await startDev(work, '--data', dir, '--port', String(await freePort()));
  try {
    writeFileSync(join(work, 'records.csv'), `subject,kind,category,occurred,ended,amount,name,contractNumber,overdueDays\n11010519491231002X,person,loan-overdue,2025-01-10,2025-10-31,12000,${NAME},HT-2026-0042,45\n`);
    printed.push(await ok(work, 'anchor', join(work, 'records.csv'), '--data', dir, '--as', 'demo-bank'));
    const imported = await run(work, 'records', 'import', join(work, 'records.csv'), '--data', dir, '--as', 'demo-bank');
    printed.push(imported.stdout, imported.stderr);
    printed.push(await ok(work, 'account', 'show', 'demo-bank', '--data', dir));
  } finally {
    await dev.stop();
    printed.push(dev.stdout());
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));
}

describe('secrets', () => {
  it('the API listens on loopback unless config.json says otherwise', () => {
    expect(DEFAULT_CONFIG.host).toBe('127.0.0.1');
    expect(loadConfig(dir).host).toBe('127.0.0.1');
    expect(printed.join('\n')).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
  });

  it('every file holding a secret is mode 0600', () => {
    const p = paths(dir);
    const secretFiles = [p.config, p.nodeKey, ...filesUnder(p.keys), ...filesUnder(join(p.db, 'sidecars'))];
    expect(filesUnder(join(p.db, 'sidecars')).length).toBeGreaterThan(0); // the record's details were stored
    for (const f of secretFiles) expect(statSync(f).mode & 0o777, f).toBe(0o600);
  });

  it('nothing secret is printed: no private key, no subject secret, no personal detail', () => {
    const p = paths(dir);
    const secrets = [
      loadConfig(dir).subjectSecret!,
      toHex(keyPairFromJson(JSON.parse(readFileSync(p.nodeKey, 'utf8'))).seed),
      ...readdirSync(p.keys).map((f) => toHex(keyPairFromJson(JSON.parse(readFileSync(join(p.keys, f), 'utf8'))).seed)),
      NAME,
      'HT-2026-0042',
    ];
    const all = printed.join('\n');
    // The dev banner, the anchoring and the import were captured. (The demo person's ID number is
    // printed in the banner's example commands on purpose: it is the demo's, not a secret.)
    expect(all).toContain('verifier key');
    expect(all).toMatch(/1 record/);
    for (const s of secrets) expect(all.includes(s), `printed: ${s.slice(0, 8)}…`).toBe(false);
  });
});
