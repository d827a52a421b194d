// The loan template from the built `creditchain` command, as a new user tries it on a dev node:
// make the project and run its tests, bank-a deploys it, the regulator approves it for the
// overdue and on-time categories, the bank proposes a loan and the enterprise accepts it (both
// sign), the bank confirms the first repayment, the second is missed; the dev node's clock is
// moved past the grace period and the overdue record is filed by the contract's alarm in that
// block — no transaction — pending; the bank's reviewer publishes it and it shows in the
// enterprise's report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ok as okIn, refused as refusedIn, startDev } from '../../../../test/support/cli.js';

let work: string;
let dev: Awaited<ReturnType<typeof startDev>> | undefined;
const ok = (...args: string[]) => okIn(work, ...args);
const refused = (...args: string[]) => refusedIn(work, ...args);
const ENTERPRISE = '91350100M000100Y43'; // demo-enterprise
const DAY = 86_400_000;

describe('the loan contract with creditchain on a dev node', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'creditchain-contracts-'));
    dev = await startDev(work, '--port', String(await freePort()));
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('contract init makes a project whose tests pass with contract test', async () => {
    expect(await ok('contract', 'init', 'loan', '--template', 'loan')).toMatch(/^Contract project "loan" \(a loan or instalment agreement/);
    expect(await ok('contract', 'test', 'loan')).toMatch(/^2 passed, 0 failed \(contract "loan", 1 test file\)\.$/m);
  });

  it('bank-a deploys it; it cannot be called until the regulator approves it for its categories', async () => {
    expect(await refused('contract', 'deploy', 'loan/src/contract.ts', '--as', 'demo-bank-reviewer')).toMatch(/needs the role admin.*\(PERMISSION_DENIED\)$/);
    const deployed = await ok('contract', 'deploy', 'loan/src/contract.ts', '--as', 'demo-bank');
    expect(deployed).toMatch(/^Contract loan version 1 deployed at height \d+: methods propose, accept, cancel, repay, get, onAlarm\.$/m);
    expect(deployed).toMatch(/awaits a regulator's approval/);
    expect(await refused('contract', 'call', 'loan', 'get', '{"id":1}', '--as', 'demo-bank')).toMatch(/\(CONTRACT_NOT_APPROVED\)$/);
    expect(await refused('contract', 'approve', 'loan', '--categories', 'loan-overdue', '--as', 'demo-bank')).toMatch(/\(PERMISSION_DENIED\)$/);
    expect(await ok('contract', 'approve', 'loan', '--categories', 'loan-overdue,on-time-repayment', '--as', 'demo-regulator')).toMatch(/^Contract loan version 1 approved at height \d+; it may file loan-overdue, on-time-repayment records\.$/m);
  });

  it('the bank proposes, the enterprise accepts, the first repayment is confirmed, the second is missed and filed after grace', async () => {
    const now = Date.now();
    const schedule = [{ due: now + 30 * DAY, amount: 50_000 }, { due: now + 60 * DAY, amount: 50_000 }];
    const proposed = await ok('contract', 'call', 'loan', 'propose', JSON.stringify({ borrower: 'demo-enterprise', schedule, graceDays: 5, amountBand: 2, reference: 'L-2026-42' }), '--as', 'demo-bank');
    expect(proposed).toMatch(/^loan\.propose at height \d+: \{"id":1\} \(\d+ gas\)$/m);
    expect(proposed).toMatch(/event loan\.proposed \{"id":1,"lender":"demo-bank","borrower":"demo-enterprise","instalments":2\}/);
    expect(await refused('contract', 'call', 'loan', 'accept', '{"id":1}', '--as', 'demo-bank')).toMatch(/Only the borrower \(demo-enterprise\) may do this.*\(CONTRACT_FAILED\)$/);
    expect(await ok('contract', 'call', 'loan', 'accept', '{"id":1}', '--as', 'demo-enterprise')).toMatch(/\{"id":1,"status":"active"\}/);
    expect(await ok('contract', 'show', 'loan')).toMatch(/^ {2}state {6}2 alarms pending; 0 records filed$/m);
    expect(await ok('contract', 'call', 'loan', 'get', '{"id":1}', '--view')).toMatch(/^loan\.get on the state of height \d+ \(a view, nothing written\): \{"id":1,"lender":"demo-bank","status":"active",.*"borrower":"demo-enterprise"/m);

    await ok('clock', 'advance', '29d');
    expect(await ok('contract', 'call', 'loan', 'repay', '{"id":1,"instalment":1}', '--as', 'demo-bank')).toMatch(/"status":"active"/);
    // Past instalment 1's grace: its alarm finds it paid.
    await ok('clock', 'advance', '10d');
    expect(await ok('contract', 'show', 'loan')).toMatch(/^ {2}state {6}1 alarm pending; 0 records filed$/m);
    // Instalment 2 fell due at day 60; its grace ends at day 65. Day 62: nothing yet.
    await ok('clock', 'advance', '23d');
    expect(await ok('contract', 'show', 'loan')).toMatch(/0 records filed/);
    await ok('clock', 'advance', '4d');
    const shown = await ok('contract', 'show', 'loan', '--key', 'loan/1');
    expect(shown).toMatch(/^ {2}state {6}0 alarms pending; 1 record filed \(#1\)$/m);
    expect(shown).toMatch(/^ {2}last alarm at height \d+: ok, \d+ gas$/m);
    expect(shown).toMatch(/"status":"overdue"/);
  });

  it("the bank's reviewer publishes the record and it shows in the enterprise's report", async () => {
    const record = await ok('records', 'show', '1', '--as', 'demo-enterprise');
    expect(record).toMatch(/^ {2}status {5}pending$/m);
    expect(record).toMatch(/loan-overdue/);
    expect(await ok('records', 'review', '1', '--publish', '--as', 'demo-bank-reviewer')).toMatch(/^Published 1 record/);
    const report = await ok('report', ENTERPRISE, '--as', 'demo-enterprise');
    expect(report).toMatch(/#1 v1 .*from bank-a/);
    expect(report).toMatch(/loan-overdue|overdue/i);
  });

  it('contract show --prove and list', async () => {
    expect(await ok('contract', 'show', 'loan', '--prove')).toMatch(/proof {6}\d+ state entries proven to the checkpoint at height \d+/);
    expect(await ok('contract', 'list')).toMatch(/^loan {2}of bank-a {2}v1 {2}files loan-overdue, on-time-repayment {2}0 alarms pending$/m);
  });
});
