// Vouchers and points from the built `creditchain` command on a dev node: the three scripted
// demos (drafts, coupons, points) each print their steps and end verified; then the voucher and
// points commands one by one — a class with a hop path, a batch issue, split, merge, spend,
// redeem, the supervisor's freeze and movements, a trace saved and verified — and refusals with
// their codes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyVoucherTrace } from '@creditchain/sdk';
import { freePort, ok as okIn, refused as refusedIn, startDev } from '../../../../test/support/cli.js';

let work: string;
let dev: Awaited<ReturnType<typeof startDev>> | undefined;
let verifierKey: string;
const ok = (...args: string[]) => okIn(work, ...args);
const refused = (...args: string[]) => refusedIn(work, ...args);

describe('vouchers and points with creditchain on a dev node', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'creditchain-vouchers-'));
    dev = await startDev(work, '--port', String(await freePort()));
    verifierKey = /verifier key\s+(\S+)/.exec(dev.stdout())![1]!;
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('demo coupons: issued, refused where the class says so, spent, frozen and unfrozen, redeemed, traced and verified', async () => {
    const o = await ok('demo', 'coupons');
    expect(o).toMatch(/^1\. demo-market \(the city\) presets coupon class 1: /m);
    expect(o).toMatch(/tries to give coupon #2 to demo-enterprise — refused, as the class demands: .*\(VOUCHER_PATH_FORBIDDEN\)$/m);
    expect(o).toMatch(/at demo-bank \(not a registered merchant\) — refused, .*\(VOUCHER_NOT_ELIGIBLE\)$/m);
    expect(o).toMatch(/the frozen coupon #2 — refused, .*\(VOUCHER_FROZEN\)$/m);
    expect(o).toMatch(/issued 10000 = held 5000 \+ spent 0 \+ redeemed 5000 \+ expired 0/);
    expect(o).toMatch(/^ {2}.*redeem {4}#1 {2}5000 {2}demo-enterprise → market-bureau/m);
    expect(o).toMatch(/^VERIFIED: \d+ state entries proven to the checkpoint at height \d+, signed by dev-node; the trace was rebuilt from them alone\.$/m);
    expect(o).toMatch(/Every part of the voucher has reached its end/);
  });

  it('demo drafts: split in whole units, along the path, discounted and redeemed by a bank, traced back to the issue', async () => {
    const o = await ok('demo', 'drafts');
    expect(o).toMatch(/splits #\d+ into #\d+ \(6,000\.00\) and #\d+ \(4,000\.00\)/);
    expect(o).toMatch(/3,000\.005 .* \(VOUCHER_BAD_AMOUNT\)$/m);
    expect(o).toMatch(/transfer 2 must go to a bank\) — refused, .*\(VOUCHER_PATH_FORBIDDEN\)$/m);
    expect(o).toMatch(/^ {2}#\d+ {2}class \d+ {2}1000000 {2}split {5}held by demo-enterprise {2}\(into #\d+, #\d+\)$/m);
    expect(o).toMatch(/^VERIFIED: /m);
  });

  it('demo points: awards and deductions by rule, a refusal for a non-recorder, the household’s view, the ranking by pseudonym, a verified balance', async () => {
    const o = await ok('demo', 'points');
    expect(o).toMatch(/deducts household B \([0-9a-f]{16}…\) 10 points for illegal-parking: balance -5/);
    expect(o).toMatch(/\(POINTS_NOT_RECORDER\)$/m);
    expect(o).toMatch(/^ {5}#\d+ {2}.* -12 {2}A free health check \(health-check\) {2}— by demo-person/m);
    expect(o).toMatch(/^ {7}1\. [0-9a-f]{16} {2}3$/m);
    expect(o).toMatch(/^VERIFIED: the household's points entry is proven to the checkpoint at height \d+, signed by dev-node\.$/m);
  });

  it('the voucher commands one by one, with their refusals', async () => {
    const created = await ok('voucher', 'class', 'create', '--name', 'Gift card', '--unit', 'CNY-fen', '--cap', '100000', '--divisible', '--min-unit', '100', '--days', '10', '--holders', 'any-subject,org-type:bank', '--merchants', 'subject:91350100M000100Y43', '--transfer', 'any-subject > org-type:bank', '--redeem', 'org-type:bank', '--supervisor', 'regulator', '--as', 'demo-bank');
    const cls = /^Voucher class (\d+) "Gift card" created at height \d+: active\.$/m.exec(created)![1]!;
    const issued = await ok('voucher', 'issue', '--class', cls, '--to', 'demo-person:5000', '--to', 'demo-person:300', '--as', 'demo-bank');
    const [, a, b] = /: #(\d+) to demo-person \(5000\), #(\d+) to demo-person \(300\)\.$/m.exec(issued)!;
    expect(await refused('voucher', 'issue', '--class', cls, '--to', 'demo-person:5000', '--as', 'demo-market')).toMatch(/only its accounts may issue it.*\(VOUCHER_NOT_ISSUER\)$/);
    expect(await refused('voucher', 'issue', '--class', cls, '--to', 'demo-person:5000000', '--as', 'demo-bank')).toMatch(/beyond its cap of 100000 .*\(VOUCHER_CAP_EXCEEDED\)$/);
    expect(await refused('voucher', 'issue', '--class', cls, '--to', 'nobody', '--as', 'demo-bank')).toMatch(/must be ACCOUNT:AMOUNT.*\(CLI_BAD_ARGUMENT\)$/);
    const split = await ok('voucher', 'split', a!, '--amounts', '2000,3000', '--as', 'demo-person');
    const [, p1, p2] = /into #(\d+), #(\d+)\.$/m.exec(split)!;
    expect(await refused('voucher', 'split', b!, '--amounts', '150,150', '--as', 'demo-person')).toMatch(/\(VOUCHER_BAD_AMOUNT\)$/);
    const merged = await ok('voucher', 'merge', p1!, b!, '--as', 'demo-person');
    const m = /into #(\d+) \(2300\)\.$/m.exec(merged)![1]!;
    expect(await ok('voucher', 'spend', m, '--at', 'demo-enterprise', '--as', 'demo-person')).toMatch(/spent at demo-enterprise/);
    expect(await refused('voucher', 'redeem', m, '--as', 'demo-enterprise')).toMatch(/may not redeem vouchers of class .*\(VOUCHER_NOT_ELIGIBLE\)$/);
    expect(await refused('voucher', 'transfer', p2!, '--to', 'demo-enterprise', '--as', 'demo-bank')).toMatch(/\(VOUCHER_NOT_HOLDER\)$/);
    expect(await refused('voucher', 'transfer', p2!, '--to', 'demo-market', '--as', 'demo-person')).toMatch(/\(VOUCHER_NOT_ELIGIBLE\)$/);
    expect(await ok('voucher', 'freeze', p2!, '--as', 'demo-regulator')).toMatch(/^Voucher \d+ frozen at height \d+\.$/m);
    expect(await refused('voucher', 'transfer', p2!, '--to', 'demo-enterprise', '--as', 'demo-person')).toMatch(/\(VOUCHER_FROZEN\)$/);
    expect(await refused('voucher', 'freeze', '--class', cls, '--as', 'demo-bank')).toMatch(/supervised by regulator.*\(VOUCHER_NOT_SUPERVISOR\)$/);
    await ok('voucher', 'unfreeze', p2!, '--as', 'demo-regulator');
    expect(await refused('voucher', 'transfer', p2!, '--to', 'demo-bank-b', '--as', 'demo-person')).toMatch(/must go to a party of hop 1 .*\(VOUCHER_PATH_FORBIDDEN\)$/);
    expect(await ok('voucher', 'transfer', p2!, '--to', 'demo-enterprise', '--as', 'demo-person')).toMatch(/transferred to demo-enterprise .*\(transfer 1 of its path\)/);
    expect(await ok('voucher', 'transfer', p2!, '--to', 'demo-bank-b', '--as', 'demo-enterprise')).toMatch(/\(transfer 2 of its path\)/);
    await ok('voucher', 'redeem', p2!, '--as', 'demo-bank-b');
    expect(await ok('voucher', 'holdings', '--as', 'demo-person')).toMatch(/Held before: .*#\d+ \(split\)/);
    expect(await ok('voucher', 'class', 'show', cls)).toMatch(/issued 5300 = held 0 \+ spent 2300 \+ redeemed 3000 \+ expired 0/);
    expect(await ok('voucher', 'movements', cls, '--as', 'demo-regulator')).toMatch(/redeem {4}#\d+ {2}3000 {2}demo-bank-b → bank-a/);
    expect(await refused('voucher', 'movements', cls, '--as', 'demo-person')).toMatch(/\(READ_NOT_ENTITLED\)$/);
    const traced = await ok('voucher', 'trace', a!, '--as', 'demo-person', '--trust', verifierKey, '--out', 'trace.json');
    expect(traced).toMatch(/^VERIFIED: /m);
    expect(verifyVoucherTrace(JSON.parse(readFileSync(join(work, 'trace.json'), 'utf8')), { trustedKeys: [verifierKey] }).trace.voucher).toBe(Number(a));
    expect(await ok('verify', 'trace.json', '--trust', verifierKey)).toMatch(new RegExp(`^VERIFIED: trace\\.json is the trace the chain held for voucher ${a} of class ${cls} "Gift card" at height \\d+\\.$`, 'm'));
    expect(await refused('voucher', 'trace', a!, '--as', 'demo-market', '--trust', verifierKey)).toMatch(/\(READ_NOT_ENTITLED\)$/);
  });

  it('the points commands one by one', async () => {
    const created = await ok('points', 'class', '--name', 'Street points', '--rule', 'sweeping=+3:Sweeping the street', '--rule', 'littering=-4:Littering', '--benefit', 'bus-pass=2:A bus pass', '--recorders', 'account:demo-market', '--supervisor', 'regulator', '--as', 'demo-market');
    const cls = /^Points class (\d+) "Street points" created at height \d+ with 2 rules and 1 benefits\.$/m.exec(created)![1]!;
    expect(await ok('points', 'award', '--class', cls, '--subject', '11010519491231002X', '--rule', 'sweeping', '--as', 'demo-market')).toMatch(/^Awarded 3 points \(sweeping\) to household [0-9a-f]{16}… at height \d+: its balance is 3/m);
    expect(await refused('points', 'award', '--class', cls, '--subject', '11010519491231002X', '--rule', 'littering', '--as', 'demo-market')).toMatch(/\(POINTS_UNKNOWN_RULE\)$/);
    expect(await ok('points', 'deduct', '--class', cls, '--subject', '91350100M000100Y43', '--rule', 'littering', '--as', 'demo-market')).toMatch(/its balance is -4/);
    expect(await ok('points', 'use', '--class', cls, '--benefit', 'bus-pass', '--as', 'demo-person')).toMatch(/^2 points spent on bus-pass .*: the balance is 1\.$/m);
    expect(await refused('points', 'use', '--class', cls, '--benefit', 'bus-pass', '--as', 'demo-person')).toMatch(/\(POINTS_INSUFFICIENT\)$/);
    expect(await ok('points', 'show', cls, '--as', 'demo-person')).toMatch(/: 1 points — awarded 3, deducted 0, used 2$/m);
    expect(await refused('points', 'show', cls, '11010519491231002X', '--as', 'demo-bank')).toMatch(/\(READ_NOT_ENTITLED\)$/);
    const ranking = await ok('points', 'ranking', cls);
    expect(ranking).toMatch(/^ {4}1\. [0-9a-f]{16} {2}1\n {4}2\. [0-9a-f]{16} {2}-4$/m);
    expect(ranking).not.toMatch(/11010519491231002X|demo-person/);
  });
});
