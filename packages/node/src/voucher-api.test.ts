// Vouchers and points over the HTTP API of a dev node: a city's coupon issued to a resident,
// spent at an enterprise and redeemed with the issuer; its trace in one call with proofs,
// verified offline (and a tampered copy refused); the supervisor's movement list; holdings; a
// village's points with a household's history and the ranking by pseudonym — each signed read
// served to its entitled readers only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, proveStateKeys, toBase64 } from '@creditchain/core';
import {
  createPointsClassTx,
  createVoucherClassTx,
  issueVouchersTx,
  pointsEntryTx,
  redeemVoucherTx,
  spendVoucherTx,
  verifyVoucherTrace,
  type VoucherTraceFile,
} from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';

const node = devNode({ prefix: 'cc-vouchers-', overrides: { blockIntervalMs: 20 } });
const { person, enterprise, personRef, as, signer, send } = node;
const DAY = 86_400_000;

beforeAll(() => node.start());
afterAll(() => node.stop());

describe('vouchers over the API', () => {
  beforeAll(async () => {
    const created = await send(
      createVoucherClassTx({
        ...(await signer('demo-market')),
        voucherClass: {
          name: 'Consumption coupon 50 CNY',
          unit: 'CNY-fen',
          cap: 1_000_000,
          divisible: false,
          expires: Date.now() + 30 * DAY,
          holders: { anySubject: true },
          merchants: { subjects: [enterprise] },
          transfer: 'none',
          redeem: { subjects: [enterprise] },
          supervisor: 'regulator',
          onExpiry: 'return',
        },
      }),
    );
    expect(created.data).toEqual({ class: 1, status: 'active' });
    expect((await send(issueVouchersTx({ ...(await signer('demo-market')), class: 1, to: [{ holder: 'demo-person', amount: 5000 }, { holder: 'demo-person', amount: 5000 }] }))).data).toMatchObject({ vouchers: [1, 2] });
    await send(spendVoucherTx({ ...(await signer('demo-person')), voucher: 1, merchant: 'demo-enterprise' }));
    await send(redeemVoucherTx({ ...(await signer('demo-enterprise')), voucher: 1 }));
  });

  it('classes are public, with their rules and supply', async () => {
    const { classes } = await as().voucherClasses();
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({ id: 1, issuer: 'market-bureau', transfer: 'none', supervisor: 'regulator', supply: { issued: 10_000, held: 5000, spent: 0, redeemed: 5000, expired: 0 } });
    expect((await as().voucherClass(1)).holders).toEqual({ accounts: [], orgs: [], orgTypes: [], roles: [], subjects: [], anySubject: true });
    await expect(as().voucherClass(9)).rejects.toMatchObject({ code: 'VOUCHER_CLASS_NOT_FOUND' });
  });

  it('the supervisor sees every movement; another member does not', async () => {
    const { movements } = await as('demo-regulator').voucherMovements(1);
    expect(movements.map((m) => [m.voucher, m.kind, m.from, m.to])).toEqual([
      [1, 'issue', 'market-bureau', 'demo-person'],
      [2, 'issue', 'market-bureau', 'demo-person'],
      [1, 'spend', 'demo-person', 'demo-enterprise'],
      [1, 'redeem', 'demo-enterprise', 'market-bureau'],
    ]);
    expect((await as('demo-market').voucherMovements(1, { after: 2, limit: 1 })).movements.map((m) => m.id)).toEqual([3]);
    await expect(as('demo-bank').voucherMovements(1)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as().voucherMovements(1)).rejects.toMatchObject({ code: 'API_AUTH_REQUIRED' });
  });

  it('an account sees what it holds and held', async () => {
    const mine = await as('demo-person').accountVouchers('demo-person');
    expect(mine.holding.map((v) => [v.id, v.status])).toEqual([[2, 'active']]);
    expect(mine.past.map((v) => [v.id, v.status])).toEqual([[1, 'redeemed']]);
    expect((await as('demo-regulator').accountVouchers('demo-enterprise')).past.map((v) => v.id)).toEqual([1]);
    await expect(as('demo-bank').accountVouchers('demo-person')).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
  });

  it('the trace of one voucher, issue to redemption, in one call with proofs: it verifies offline; a tampered copy does not', async () => {
    const file = await as('demo-enterprise').voucherTrace(1);
    expect(file.trace.movements.map((m) => m.kind)).toEqual(['issue', 'spend', 'redeem']);
    expect(file.trace.settled).toBe(true);
    const verified = verifyVoucherTrace(file, { trustedKeys: [node.service.chain.verifierKey] });
    expect(verified).toMatchObject({ chainId: 'creditchain-dev', trace: { voucher: 1 } });
    expect(verified.entries).toBe(file.proof.entries.length);
    const tampered: VoucherTraceFile = JSON.parse(JSON.stringify(file));
    (tampered.trace.movements[2] as { to: string }).to = 'demo-bank';
    expect(() => verifyVoucherTrace(tampered)).toThrow(/does not match the proven state/);
    const dropped: VoucherTraceFile = JSON.parse(JSON.stringify(file));
    (dropped.proof.entries as unknown[]).pop();
    expect(() => verifyVoucherTrace(dropped)).toThrow(/are not proven/);
    // An entry the rebuild needs, left out with a true multiproof of the rest: the rebuild fails.
    const chain = node.service.chain;
    const rest = dropped.proof.entries.map((e) => fromHex(e.key));
    const reproved = { ...dropped, proof: { ...dropped.proof, multiproof: toBase64(proveStateKeys(chain.storage.stateNodeReader, fromHex(dropped.proof.stateRoot), rest)) } };
    expect(() => verifyVoucherTrace(reproved)).toThrow(/cannot be rebuilt from its proof/);
    await expect(as('demo-bank-b').voucherTrace(1)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect((await as('demo-regulator').voucherTrace(2)).trace.settled).toBe(false);
    await expect(as('demo-regulator').voucherTrace(99)).rejects.toMatchObject({ code: 'VOUCHER_NOT_FOUND' });
  });
});

describe('points over the API', () => {
  beforeAll(async () => {
    await send(
      createPointsClassTx({
        ...(await signer('demo-market')),
        pointsClass: {
          name: 'Village credit points',
          recorders: { accounts: ['demo-market'] },
          supervisor: 'regulator',
          rules: [
            { code: 'planting-tree', points: 5, label: 'Planting a tree' },
            { code: 'illegal-parking', points: -10, label: 'Illegal parking' },
          ],
        },
      }),
    );
    await send(pointsEntryTx({ ...(await signer('demo-market')), kind: 'award', class: 1, household: person, rule: 'planting-tree' }));
    await send(pointsEntryTx({ ...(await signer('demo-market')), kind: 'award', class: 1, household: enterprise, rule: 'planting-tree' }));
    await send(pointsEntryTx({ ...(await signer('demo-market')), kind: 'deduct', class: 1, household: enterprise, rule: 'illegal-parking' }));
  });

  it("the household sees its balance and each entry with its reason; another member does not", async () => {
    const mine = await as('demo-person').householdPoints(1, personRef);
    expect(mine).toMatchObject({ balance: 5, awarded: 5, deducted: 0, used: 0 });
    expect(mine.history.map((e) => [e.kind, e.label, e.points, e.by])).toEqual([['award', 'Planting a tree', 5, 'demo-market']]);
    expect((await as('demo-market').householdPoints(1, personRef)).balance).toBe(5);
    await expect(as('demo-bank').householdPoints(1, personRef)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-enterprise').householdPoints(1, personRef)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
  });

  it('each award or deduction is told to the household as it happens', async () => {
    const abort = new AbortController();
    const stream = as('demo-person').subjectEvents(personRef, { signal: abort.signal });
    expect((await stream.next()).value).toMatchObject({ event: 'ready' });
    await send(pointsEntryTx({ ...(await signer('demo-market')), kind: 'deduct', class: 1, household: person, rule: 'illegal-parking' }));
    let told: unknown;
    for await (const e of stream) {
      if (e.event === 'points') {
        told = e.data;
        break;
      }
    }
    abort.abort();
    expect(told).toMatchObject({ class: 1, kind: 'deduct', code: 'illegal-parking', points: -10, balance: -5 });
    // Put back as it was for the ranking below.
    await send(pointsEntryTx({ ...(await signer('demo-market')), kind: 'award', class: 1, household: person, rule: 'planting-tree' }));
    await send(pointsEntryTx({ ...(await signer('demo-market')), kind: 'award', class: 1, household: person, rule: 'planting-tree' }));
  });

  it('the published ranking names pseudonyms only', async () => {
    const r = await as().pointsRanking(1);
    expect(r.ranking.map((x) => [x.rank, x.balance])).toEqual([[1, 5], [2, -5]]);
    expect(r.ranking[0]!.pseudonym).toBe((await as('demo-person').householdPoints(1, personRef)).pseudonym);
    expect(JSON.stringify(r)).not.toContain(personRef.slice(0, 16));
    expect((await as().pointsClass(1)).rules.map((x) => x.code)).toEqual(['planting-tree', 'illegal-parking']);
    await expect(as().pointsRanking(2)).rejects.toMatchObject({ code: 'POINTS_CLASS_NOT_FOUND' });
  });
});
