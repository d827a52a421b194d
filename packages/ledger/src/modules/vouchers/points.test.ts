// Community credit points as code: the village rule table, awards and deductions by authorised
// recorders with their reason, a household's balance and history, spending on benefits, and a
// ranking that shows pseudonyms only.
import { describe, expect, it } from 'vitest';
import { sha256, toHex, utf8, type CborMap } from '@creditchain/core';
import { readList } from '../../state-lists.js';
import { suite } from '../../test-support.js';
import { householdHistoryList, householdPseudonym, pointsRanking, readHousehold, readPointsEntry } from './points.js';
import { VOUCHERS_MODULE } from './state.js';
import { LI, ZHANG, ok, refused, vouchersConsortium } from './test-fixture.js';

const RULES = {
  name: 'Village credit points',
  recorders: { accounts: ['clerk', 'village'] },
  supervisor: 'regulator',
  rules: [
    { code: 'planting-tree', points: 5, label: 'Planting a tree' },
    { code: 'volunteering', points: 10, label: 'A day of volunteering' },
    { code: 'illegal-parking', points: -10, label: 'Illegal parking' },
  ],
  benefits: [{ code: 'health-check', cost: 12, label: 'A free health check' }],
} as CborMap;

function village() {
  const c = vouchersConsortium();
  expect(ok(c, 'village', 'vouchers.create-points', RULES)).toEqual({ class: 1 });
  return c;
}

describe('community credit points', () => {
  it('recorders award and deduct by rule; the household sees its balance and every entry with its reason', () => {
    const c = village();
    expect(ok(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'planting-tree' })).toEqual({ entry: 1, points: 5, balance: 5 });
    expect(ok(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'volunteering' })).toEqual({ entry: 2, points: 10, balance: 15 });
    expect(ok(c, 'village', 'vouchers.deduct', { class: 1, household: ZHANG, rule: 'illegal-parking' })).toEqual({ entry: 3, points: -10, balance: 5 });
    const s = c.ledger.readers.state;
    expect(readHousehold(suite, s, 1, ZHANG)).toEqual({ balance: 5, awarded: 15, deducted: 10, used: 0 });
    const history = readList(suite, s, VOUCHERS_MODULE, householdHistoryList(1, ZHANG)).map((id) => readPointsEntry(suite, s, id)!);
    expect(history.map((e) => [e.kind, e.code, e.points, e.by])).toEqual([['award', 'planting-tree', 5, 'clerk'], ['award', 'volunteering', 10, 'clerk'], ['deduct', 'illegal-parking', -10, 'village']]);
  });

  it('deductions may take a balance below zero', () => {
    const c = village();
    expect(ok(c, 'clerk', 'vouchers.deduct', { class: 1, household: LI, rule: 'illegal-parking' })).toMatchObject({ balance: -10 });
  });

  it('refused: a non-recorder, an unknown rule, a rule of the other sign, no such class, evidence not delivered', () => {
    const c = village();
    expect(refused(c, 'city', 'vouchers.award', { class: 1, household: ZHANG, rule: 'planting-tree' }, 'POINTS_NOT_RECORDER')).toMatch(/city is not a recorder of points class 1/);
    expect(refused(c, 'zhang', 'vouchers.award', { class: 1, household: ZHANG, rule: 'planting-tree' }, 'PERMISSION_DENIED')).toMatch(/subject's own account/);
    expect(refused(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'illegal-parking' }, 'POINTS_UNKNOWN_RULE')).toMatch(/no award rule "illegal-parking"; its awards are planting-tree, volunteering/);
    expect(refused(c, 'clerk', 'vouchers.deduct', { class: 1, household: ZHANG, rule: 'planting-tree' }, 'POINTS_UNKNOWN_RULE')).toMatch(/its deductions are illegal-parking/);
    expect(refused(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'singing' }, 'POINTS_UNKNOWN_RULE')).toMatch(/no award rule "singing"/);
    expect(refused(c, 'clerk', 'vouchers.award', { class: 2, household: ZHANG, rule: 'planting-tree' }, 'POINTS_CLASS_NOT_FOUND')).toBe('There is no points class 2.');
    expect(refused(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'planting-tree', evidence: sha256(utf8('photo')) }, 'TX_BAD_PAYLOAD')).toMatch(/sidecar commitments/);
    ok(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'planting-tree', evidence: sha256(utf8('photo')) }, [sha256(utf8('photo'))]);
  });

  it('a points class must have rules, distinct codes and non-zero points', () => {
    const c = vouchersConsortium();
    expect(refused(c, 'village', 'vouchers.create-points', { ...RULES, rules: [] }, 'TX_BAD_PAYLOAD')).toMatch(/at least one rule/);
    expect(refused(c, 'village', 'vouchers.create-points', { ...RULES, rules: [{ code: 'x', points: 0, label: 'nothing' }] }, 'TX_BAD_PAYLOAD')).toMatch(/not 0/);
    expect(refused(c, 'village', 'vouchers.create-points', { ...RULES, benefits: [{ code: 'planting-tree', cost: 1, label: 'dup' }] }, 'TX_BAD_PAYLOAD')).toMatch(/"planting-tree" appears twice/);
    expect(refused(c, 'clerk', 'vouchers.create-points', RULES, 'PERMISSION_DENIED')).toMatch(/needs the role submitter/);
  });

  it('points buy benefits: by the household itself or a recorder, never beyond the balance', () => {
    const c = village();
    ok(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'volunteering' });
    expect(refused(c, 'zhang', 'vouchers.use-points', { class: 1, household: ZHANG, benefit: 'health-check' }, 'POINTS_INSUFFICIENT')).toMatch(/has 10 points; "A free health check" costs 12/);
    ok(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'planting-tree' });
    expect(refused(c, 'li', 'vouchers.use-points', { class: 1, household: ZHANG, benefit: 'health-check' }, 'POINTS_NOT_RECORDER')).toMatch(/or the household itself/);
    expect(refused(c, 'zhang', 'vouchers.use-points', { class: 1, household: ZHANG, benefit: 'spa' }, 'POINTS_UNKNOWN_RULE')).toMatch(/offers no benefit "spa"; its benefits are health-check/);
    expect(ok(c, 'zhang', 'vouchers.use-points', { class: 1, household: ZHANG, benefit: 'health-check' })).toEqual({ entry: 3, points: -12, balance: 3 });
    expect(readHousehold(suite, c.ledger.readers.state, 1, ZHANG)).toEqual({ balance: 3, awarded: 15, deducted: 0, used: 12 });
  });

  it('the ranking shows pseudonyms only, highest first: per class, never the reference', () => {
    const c = village();
    ok(c, 'clerk', 'vouchers.award', { class: 1, household: LI, rule: 'volunteering' });
    ok(c, 'clerk', 'vouchers.award', { class: 1, household: ZHANG, rule: 'planting-tree' });
    const ranking = pointsRanking(suite, c.ledger.readers.state, 1);
    expect(ranking).toEqual([
      { rank: 1, pseudonym: householdPseudonym(suite, 1, LI), balance: 10 },
      { rank: 2, pseudonym: householdPseudonym(suite, 1, ZHANG), balance: 5 },
    ]);
    const text = JSON.stringify(ranking);
    expect(text).not.toContain(toHex(ZHANG).slice(0, 16));
    expect(householdPseudonym(suite, 1, ZHANG)).not.toBe(householdPseudonym(suite, 2, ZHANG));
    expect(householdPseudonym(suite, 1, ZHANG)).toMatch(/^[0-9a-f]{16}$/);
  });
});
