// The credit rules: every lifecycle transition and every refusal, expiry in block time, scores
// and the law's prohibitions. Each test names the rule it checks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256, toHex, utf8, type CborMap } from '@creditchain/core';
import { Consortium, account, genesisOf, org, seed, suite, T0 } from '../../test-support.js';
import { ROLES } from '../identity/roles.js';
import { categoryToCbor, parseCategory, readCategory } from './categories.js';
import { DAY_MS, parseDate } from './dates.js';
import { readClock, recordCount, readStoredRecord, readVersion, requireRecord, subjectRecordIds } from './records.js';
import { reportFromState } from './report.js';
import { expireRecords, submitAction } from './actions.js';
import { StateOverlay } from '../../overlay.js';
import { STANDARD_CATEGORIES, STANDARD_MODEL } from './standard.js';
import { scoringModelToCbor } from './scoring.js';

const ACME = sha256(utf8('enterprise:91350100M000100Y43'));
const ZHANG = sha256(utf8('person:11010519491231002X'));
const details = (n: string) => sha256(utf8(`details ${n}`));
const TODAY = '2023-11-14'; // T0 is 2023-11-14T22:13:20Z

/** A consortium with a regulator, two banks, a court and a bureau, and a subject's own account. */
function consortium(): Consortium {
  const orgs = [
    { ...org('reg', 'regulator', [...ROLES], 10), categories: ['admin-penalty-serious', 'honour'] },
    { ...org('bank', 'bank', ['admin', 'submitter', 'reviewer']), categories: ['loan-overdue', 'loan-default', 'on-time-repayment', 'income-verified'] },
    { ...org('bank2', 'bank', ['admin', 'submitter', 'reviewer']), categories: ['loan-overdue'] },
    { ...org('court', 'court', ['admin', 'submitter', 'reviewer']), categories: ['dishonest-judgement-debtor'] },
    { ...org('bureau', 'government-bureau', ['admin', 'submitter', 'reviewer']), categories: ['env-exceedance', 'admin-penalty-minor', 'admin-penalty-serious'] },
  ];
  const accounts = [
    account('reg-admin', 'reg', ['admin', 'reviewer'], [1]),
    account('bank-sub', 'bank', ['submitter'], [2]),
    account('bank-rev', 'bank', ['reviewer'], [3]),
    account('bank-both', 'bank', ['submitter', 'reviewer'], [4]),
    account('bank2-sub', 'bank2', ['submitter'], [5]),
    account('bank2-rev', 'bank2', ['reviewer'], [6]),
    account('court-sub', 'court', ['submitter'], [7]),
    account('bureau-sub', 'bureau', ['submitter'], [8]),
    account('bureau-rev', 'bureau', ['reviewer'], [9]),
    { ...account('zhang', null, [], [10]), subject: ZHANG },
  ];
  return new Consortium(genesisOf(orgs, accounts));
}

const KEYS: Record<string, number> = { 'reg-admin': 1, 'bank-sub': 2, 'bank-rev': 3, 'bank-both': 4, 'bank2-sub': 5, 'bank2-rev': 6, 'court-sub': 7, 'bureau-sub': 8, 'bureau-rev': 9, zhang: 10 };

function send(c: Consortium, who: string, action: string, payload: CborMap, sidecars: Uint8Array[] = []) {
  return c.send(who, action, payload, [seed(KEYS[who]!)], { sidecars });
}

function record(over: Partial<Record<string, unknown>> = {}): CborMap {
  const r = { subject: ACME, subjectKind: 'enterprise', category: 'loan-overdue', occurred: '2023-01-10', ended: '2023-03-01', amountBand: 3, ...over };
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as CborMap; // ended: undefined → no end
}

function submit(c: Consortium, who: string, records: CborMap[], sidecars: Uint8Array[] = []) {
  return send(c, who, 'credit.submit', { records }, sidecars);
}

const state = (c: Consortium) => c.ledger.readers.state;
const report = (c: Consortium, subject = ACME) => reportFromState(suite, state(c), subject);

describe('records: the lifecycle', () => {
  it('rule: submit → pending → review → published, with the submitter, reviewer and heights recorded', () => {
    const c = consortium();
    expect(submit(c, 'bank-sub', [record({ details: details('a') })], [details('a')])).toMatchObject({ code: 'ok', data: { first: 1, count: 1 } });
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ status: 'pending', version: 1, source: 'bank', submitter: 'bank-sub', reviewer: null });
    expect(report(c).categories).toEqual([]); // pending records do not count
    expect(send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' })).toMatchObject({ code: 'ok' });
    const r = requireRecord(suite, state(c), 1);
    expect(r).toMatchObject({ status: 'published', reviewer: 'bank-rev', reviewed: c.height });
    expect(toHex(r.details!)).toBe(toHex(details('a')));
    expect(report(c).categories.map((g) => g.records.map((x) => x.id))).toEqual([[1]]);
  });

  it('rule: a rejection needs a reason, and a rejected record does not count', () => {
    const c = consortium();
    submit(c, 'bank-sub', [record()]);
    expect(send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'reject' }).code).toBe('TX_BAD_PAYLOAD');
    expect(send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'reject', reason: 'wrong contract number' })).toMatchObject({ code: 'ok' });
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ status: 'rejected', reason: 'wrong contract number' });
    expect(report(c).summary.negative).toBe(0);
  });

  it('rule: the source corrects a record: a new version pending review, the old version kept', () => {
    const c = consortium();
    submit(c, 'bank-sub', [record()]);
    send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' });
    expect(send(c, 'bank-both', 'credit.correct', { id: 1, amountBand: 1, reason: 'the amount was keyed wrongly' })).toMatchObject({ code: 'ok', data: { id: 1, version: 2 } });
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ version: 2, status: 'pending', amountBand: 1, submitter: 'bank-both', reason: 'the amount was keyed wrongly' });
    expect(readVersion(suite, state(c), 1, 1)).toMatchObject({ version: 1, status: 'published', amountBand: 3 });
    expect(send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('ok');
    expect(report(c).categories[0]!.records[0]).toMatchObject({ id: 1, version: 2, amountBand: '<10k' });
  });

  it('rule: the source revokes a record with a reason; it stops counting and cannot change again', () => {
    const c = consortium();
    submit(c, 'bank-sub', [record()]);
    send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' });
    expect(send(c, 'bank-sub', 'credit.revoke', { id: 1, reason: 'paid before the due date; entered in error' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ status: 'revoked', version: 2 });
    expect(report(c).summary.negative).toBe(0);
    expect(send(c, 'bank-sub', 'credit.correct', { id: 1, amountBand: 1, reason: 'x' }).code).toBe('RECORD_BAD_STATUS');
    expect(send(c, 'bank-sub', 'credit.revoke', { id: 1, reason: 'again' }).code).toBe('RECORD_BAD_STATUS');
  });

  it('rule: a batch of 1,000 records is submitted and published in two transactions', () => {
    const c = consortium();
    const subjects = Array.from({ length: 1000 }, (_, i) => sha256(utf8(`enterprise ${i}`)));
    expect(submit(c, 'bank-sub', subjects.map((s) => record({ subject: s })))).toMatchObject({ code: 'ok', data: { first: 1, count: 1000 } });
    expect(send(c, 'bank-rev', 'credit.review', { ids: Array.from({ length: 1000 }, (_, i) => i + 1), decision: 'publish' }).code).toBe('ok');
    expect(reportFromState(suite, state(c), subjects[999]!).summary.negative).toBe(1);
    expect(recordCount(suite, state(c))).toBe(1000);
  });
});

describe('records: refusals change nothing', () => {
  const cases: Array<[string, string, (c: Consortium) => { code: string }]> = [
    ['wrong role: a reviewer-only account submits', 'PERMISSION_DENIED', (c) => submit(c, 'bank-rev', [record()])],
    ['wrong category for the organisation type: a bank records a court judgement', 'CATEGORY_NOT_ALLOWED', (c) => submit(c, 'bank-sub', [record({ category: 'dishonest-judgement-debtor' })])],
    ['a category the organisation is not approved for (right type)', 'CATEGORY_NOT_ALLOWED', (c) => submit(c, 'bank2-sub', [record({ category: 'loan-default' })])],
    ['a category not about that kind of subject: environmental exceedance of a person', 'CATEGORY_NOT_ALLOWED', (c) => submit(c, 'bureau-sub', [record({ category: 'env-exceedance', subject: ZHANG, subjectKind: 'person', ended: undefined, publicityDays: 90 })])],
    ['an unknown category', 'CATEGORY_NOT_FOUND', (c) => submit(c, 'bank-sub', [record({ category: 'lateness' })])],
    ['a date after the block date', 'RECORD_BAD_DATE', (c) => submit(c, 'bank-sub', [record({ occurred: '2030-01-01', ended: undefined })])],
    ['an end before the occurrence', 'RECORD_BAD_DATE', (c) => submit(c, 'bank-sub', [record({ occurred: '2023-05-01', ended: '2023-04-01' })])],
    ['a record whose period already ended (behaviour ended over five years ago)', 'RECORD_EXPIRED', (c) => submit(c, 'bank-sub', [record({ occurred: '2017-01-01', ended: '2018-01-01' })])],
    ['a publicity period outside the category range', 'TX_BAD_PAYLOAD', (c) => submit(c, 'bureau-sub', [record({ category: 'env-exceedance', ended: undefined, publicityDays: 30 })])],
    ['a details commitment not listed in the sidecars', 'TX_BAD_PAYLOAD', (c) => submit(c, 'bank-sub', [record({ details: details('x') })])],
    ['a person’s sensitive financial information without consent', 'CONSENT_REQUIRED', (c) => submit(c, 'bank-sub', [record({ category: 'income-verified', subject: ZHANG, subjectKind: 'person', ended: undefined })])],
    ['one bad record refuses the whole batch', 'CATEGORY_NOT_FOUND', (c) => submit(c, 'bank-sub', [record(), record({ category: 'nope' })])],
  ];
  for (const [name, code, run] of cases) {
    it(`rule: ${name} → ${code}`, () => {
      const c = consortium();
      const before = recordCount(suite, state(c));
      expect(run(c).code).toBe(code);
      expect(recordCount(suite, state(c))).toBe(before);
      expect(subjectRecordIds(suite, state(c), ACME)).toEqual([]);
    });
  }

  function published(): Consortium {
    const c = consortium();
    submit(c, 'bank-sub', [record(), record()]);
    send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' });
    return c;
  }

  it('rule: the reviewer may not be the submitter (RECORD_SELF_REVIEW)', () => {
    const c = consortium();
    submit(c, 'bank-both', [record()]);
    expect(send(c, 'bank-both', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('RECORD_SELF_REVIEW');
    expect(requireRecord(suite, state(c), 1).status).toBe('pending');
  });

  it("rule: another member's reviewer may not review a record (PERMISSION_DENIED); a regulator may", () => {
    const c = published();
    expect(send(c, 'bank2-rev', 'credit.review', { ids: [2], decision: 'publish' }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'reg-admin', 'credit.review', { ids: [2], decision: 'publish' }).code).toBe('ok');
  });

  it('rule: a category reviewed by regulators only is refused to the source’s reviewer', () => {
    const c = consortium();
    submit(c, 'bureau-sub', [record({ category: 'admin-penalty-serious', ended: undefined, occurred: '2023-10-01' })]);
    expect(send(c, 'bureau-rev', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'reg-admin', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 1).expiresAt).toBe((parseDate('2023-10-01', 'd') + 1095) * DAY_MS);
  });

  it('rule: only a pending record can be reviewed (RECORD_BAD_STATUS); an unknown one is RECORD_NOT_FOUND', () => {
    const c = published();
    expect(send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('RECORD_BAD_STATUS');
    expect(send(c, 'bank-rev', 'credit.review', { ids: [99], decision: 'publish' }).code).toBe('RECORD_NOT_FOUND');
  });

  it("rule: correcting or revoking someone else's record is refused (RECORD_NOT_SOURCE)", () => {
    const c = published();
    expect(send(c, 'bank2-sub', 'credit.correct', { id: 1, amountBand: 1, reason: 'not ours' }).code).toBe('RECORD_NOT_SOURCE');
    expect(send(c, 'bank2-sub', 'credit.revoke', { id: 1, reason: 'not ours' }).code).toBe('RECORD_NOT_SOURCE');
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ version: 1, status: 'published' });
  });

  it('rule: a person consents to the collection of its sensitive information, and can withdraw it', () => {
    const c = consortium();
    const income = record({ category: 'income-verified', subject: ZHANG, subjectKind: 'person', ended: undefined });
    expect(send(c, 'bank-sub', 'credit.allow-collection', { org: 'bank', allow: true }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'zhang', 'credit.allow-collection', { org: 'bank', allow: true }).code).toBe('ok');
    expect(submit(c, 'bank-sub', [income]).code).toBe('ok');
    expect(send(c, 'zhang', 'credit.allow-collection', { org: 'bank', allow: false }).code).toBe('ok');
    expect(submit(c, 'bank-sub', [income]).code).toBe('CONSENT_REQUIRED');
  });
});

describe('records: expiry in block time', () => {
  const ended = '2023-03-01';
  const expiry = Date.UTC(2028, 2, 1); // five years after the behaviour ended, 00:00 UTC

  function publishedAbout(subject: Uint8Array, kind: 'enterprise' | 'person'): Consortium {
    const c = consortium();
    expect(submit(c, 'bank-sub', [record({ subject, subjectKind: kind, ended, details: details('d') })], [details('d')]).code).toBe('ok');
    expect(send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 1).expiresAt).toBe(expiry);
    return c;
  }

  it('rule: negative information counts the day before its expiry and not the day after (enterprise: kept as expired)', () => {
    const c = publishedAbout(ACME, 'enterprise');
    c.blockAt(expiry - DAY_MS);
    expect(report(c).summary.negative).toBe(1);
    expect(report(c).date).toBe('2028-02-29');
    c.blockAt(expiry - 1);
    expect(report(c).summary.negative).toBe(1);
    c.blockAt(expiry + DAY_MS);
    expect(report(c).summary.negative).toBe(0);
    expect(requireRecord(suite, state(c), 1).status).toBe('expired');
    expect(send(c, 'bank-sub', 'credit.correct', { id: 1, amountBand: 1, reason: 'late' }).code).toBe('RECORD_EXPIRED');
  });

  it("rule: a person's negative information is deleted when its period ends, and its details sidecar erased (art. 16)", () => {
    const c = publishedAbout(ZHANG, 'person');
    send(c, 'bank-sub', 'credit.correct', { id: 1, amountBand: 2, reason: 'amount' });
    send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' });
    c.blockAt(expiry - 1);
    expect(reportFromState(suite, state(c), ZHANG).summary.negative).toBe(1);
    c.blockAt(expiry);
    const last = c.ledger.blocks[c.ledger.blocks.length - 1]!;
    expect(last.erasures.map(toHex)).toEqual([toHex(details('d'))]);
    expect(readStoredRecord(suite, state(c), 1)).toEqual({ id: 1, status: 'erased', height: c.height });
    expect(readVersion(suite, state(c), 1, 1)).toBeUndefined();
    expect(subjectRecordIds(suite, state(c), ZHANG)).toEqual([]);
    expect(send(c, 'bank-sub', 'credit.revoke', { id: 1, reason: 'x' }).code).toBe('RECORD_ERASED');
  });

  it('rule: a publicity period ends on its day; a long quiet gap between blocks expires every day it spans', () => {
    const c = consortium();
    submit(c, 'bureau-sub', [record({ category: 'admin-penalty-minor', ended: undefined, occurred: '2023-11-01' }), record({ category: 'env-exceedance', ended: undefined, occurred: '2023-11-01', publicityDays: 100 })]);
    send(c, 'bureau-rev', 'credit.review', { ids: [1, 2], decision: 'publish' });
    c.blockAt(Date.UTC(2024, 0, 30) - 1); // day 89 of the minor penalty's 90
    expect(report(c).summary.negative).toBe(2);
    c.blockAt(Date.UTC(2024, 1, 20)); // past both
    expect(report(c).summary.negative).toBe(0);
    expect(requireRecord(suite, state(c), 1).status).toBe('expired');
    expect(requireRecord(suite, state(c), 2).status).toBe('expired');
  });

  it('rule: a block processes a bounded number of expiries; the rest carry over, and reports leave them out meanwhile', () => {
    const c = consortium();
    const subjects = [1, 2, 3, 4, 5].map((i) => sha256(utf8(`co ${i}`)));
    submit(c, 'bank-sub', subjects.map((s) => record({ subject: s })));
    send(c, 'bank-rev', 'credit.review', { ids: [1, 2, 3, 4, 5], decision: 'publish' });
    const after = Date.UTC(2028, 2, 2);
    const overlay = new StateOverlay(state(c));
    expireRecords(suite, overlay, c.height + 1, after, T0, 2);
    expect([1, 2, 3, 4, 5].map((id) => requireRecord(suite, overlay, id).status)).toEqual(['expired', 'expired', 'published', 'published', 'published']);
    expect(readClock(suite, overlay)).toMatchObject({ day: parseDate('2028-02-29', 'd'), pos: 2 });
    expect(reportFromState(suite, overlay, subjects[4]!).summary.negative).toBe(0); // past its date: not counted
    expireRecords(suite, overlay, c.height + 2, after, T0, 2);
    expireRecords(suite, overlay, c.height + 3, after, T0, 2);
    expect([1, 2, 3, 4, 5].map((id) => requireRecord(suite, overlay, id).status)).toEqual(Array(5).fill('expired'));
    expect(readClock(suite, overlay)).toMatchObject({ day: parseDate('2028-03-02', 'd'), pos: 0 });
  });

  it('rule: a record that expires while pending cannot be published', () => {
    const c = consortium();
    submit(c, 'bureau-sub', [record({ category: 'admin-penalty-minor', ended: undefined, occurred: '2023-11-01' })]);
    c.blockAt(Date.UTC(2024, 0, 31));
    expect(send(c, 'bureau-rev', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('RECORD_EXPIRED');
  });
});

describe('scores', () => {
  function scored(records: CborMap[]): Consortium {
    const c = consortium();
    expect(submit(c, 'bank-sub', records).code).toBe('ok');
    expect(send(c, 'bank-rev', 'credit.review', { ids: records.map((_, i) => i + 1), decision: 'publish' }).code).toBe('ok');
    return c;
  }

  it('rule: integer points weighted by amount band, with reason codes in words', () => {
    const r = report(scored([record({ ended: TODAY, occurred: TODAY })]));
    // −40 × 125% (band 3) × 100% (under a year) = −50
    expect(r.score).toMatchObject({ value: 650, model: 1, base: 700 });
    expect(r.score.lowered).toEqual([{ code: 'N01', category: 'loan-overdue', text: 'Loan repayments were overdue', textZh: '贷款曾逾期还款', points: -50, records: 1 }]);
    expect(r.score.raised).toEqual([]);
  });

  it('rule: a category is capped, positive records raise the score, and reasons are ordered by weight', () => {
    const overdue = Array.from({ length: 5 }, () => record({ amountBand: 6, ended: TODAY, occurred: TODAY }));
    const r = report(scored([...overdue, record({ category: 'on-time-repayment', ended: TODAY, occurred: '2020-01-01', amountBand: 0 })]));
    // five × −80 = −400, capped at −160; +10 for repayments
    expect(r.score.value).toBe(700 - 160 + 10);
    expect(r.score.lowered.map((x) => [x.code, x.points, x.records])).toEqual([['N01', -160, 5]]);
    expect(r.score.raised.map((x) => [x.code, x.points])).toEqual([['P03', 10]]);
    expect(r.categories.map((g) => g.polarity)).toEqual(['negative', 'positive']);
  });

  it('rule: points decay with the age of the behaviour', () => {
    const r = report(scored([record({ occurred: '2021-06-01', ended: '2022-06-01' })])); // 531 days old: 75%
    expect(r.score.lowered[0]!.points).toBe(-37); // −50 × 75% = −37.5, truncated towards zero
  });

  it('property: the score always lies within the model range and only negative records lower it', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ cat: fc.constantFrom('loan-overdue', 'loan-default', 'on-time-repayment'), band: fc.integer({ min: 0, max: 6 }), age: fc.integer({ min: 0, max: 1500 }) }), { maxLength: 12 }), (rows) => {
        const today = parseDate(TODAY, 'd');
        const toDate = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
        const recs = rows.map((x) => record({ category: x.cat, amountBand: x.band, occurred: toDate(today - x.age - 10), ended: toDate(today - x.age) }));
        if (recs.length === 0) return;
        const r = report(scored(recs));
        expect(r.score.value).toBeGreaterThanOrEqual(STANDARD_MODEL.min);
        expect(r.score.value).toBeLessThanOrEqual(STANDARD_MODEL.max);
        if (rows.every((x) => x.cat === 'on-time-repayment')) expect(r.score.value).toBeGreaterThanOrEqual(700);
        if (rows.every((x) => x.cat !== 'on-time-repayment')) expect(r.score.value).toBeLessThanOrEqual(700);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the law as code', () => {
  const base = categoryToCbor(STANDARD_CATEGORIES[0]!);

  it('rule: a category or field for religion, genes, fingerprints, blood type or diseases cannot be defined (art. 14)', () => {
    for (const over of [{ code: 'religion-record' }, { name: 'Medical history of the borrower' }, { nameZh: '血型记录' }, { fields: ['bloodType'] }, { fields: ['fingerprintHash'] }, { fields: ['geneticTest'] }]) {
      expect(() => parseCategory({ ...base, ...over } as CborMap)).toThrow(expect.objectContaining({ code: 'CATEGORY_FORBIDDEN' }));
    }
  });

  it('rule: negative information may not be kept longer than five years after it ended', () => {
    expect(() => parseCategory({ ...base, retention: { kind: 'after-end', years: 6 } } as CborMap)).toThrow(/at most 5 years/);
    expect(() => parseCategory({ ...base, public: true, subjects: ['person'] } as CborMap)).toThrow(/only enterprises/);
  });

  it('rule: a details sidecar may hold only its category’s fields, nothing forbidden, and a person’s finances only with consent', () => {
    const c = consortium();
    const check = (records: CborMap[], payload: CborMap) => () =>
      submitAction.sidecars!.check!(suite, state(c), c.tx('bank-sub', 'credit.submit', { records }, [seed(2)], { sidecars: [details('s')] }), details('s'), payload);
    const acme = [record({ details: details('s') })];
    expect(check(acme, { contractNumber: 'L-1', overdueDays: '45', name: 'Acme Ltd' })).not.toThrow();
    expect(check(acme, { bloodType: 'A' })).toThrow(expect.objectContaining({ code: 'SIDECAR_FORBIDDEN_FIELD' }));
    expect(check(acme, { favouriteColour: 'red' })).toThrow(expect.objectContaining({ code: 'SIDECAR_FORBIDDEN_FIELD' }));
    const person = [record({ category: 'income-verified', subject: ZHANG, subjectKind: 'person', ended: undefined, details: details('s') })];
    expect(check(person, { income: '12000' })).toThrow(expect.objectContaining({ code: 'CONSENT_REQUIRED' }));
    send(c, 'zhang', 'credit.allow-collection', { org: 'bank', allow: true });
    expect(check(person, { income: '12000' })).not.toThrow();
  });
});

describe('categories and scoring models are changed by governance', () => {
  function pass(c: Consortium, kind: string, proposal: CborMap) {
    const r = send(c, 'reg-admin', 'governance.propose', { kind, proposal });
    expect(r.code).toBe('ok');
    return r;
  }
  function withAdmins(): Consortium {
    // reg holds 10 of 14 votes: its yes alone passes (participation and approval ≥ 2/3).
    return consortium();
  }

  it('rule: a passed set-category defines a new category; a forbidden one is refused when proposed', () => {
    const c = withAdmins();
    const rental = { ...categoryToCbor(STANDARD_CATEGORIES.find((x) => x.code === 'utility-arrears')!), code: 'rent-arrears', name: 'Rent arrears', nameZh: '欠租', sources: ['bank', 'utility'] };
    pass(c, 'set-category', { category: rental });
    send(c, 'reg-admin', 'governance.vote', { proposal: 1, vote: 'yes' });
    expect(readCategory(suite, state(c), 'rent-arrears')).toMatchObject({ name: 'Rent arrears' });
    expect(send(c, 'reg-admin', 'governance.propose', { kind: 'set-category', proposal: { category: { ...rental, fields: ['religion'] } } }).code).toBe('CATEGORY_FORBIDDEN');
  });

  it('rule: a new scoring model version becomes the one reports use; older versions stay', () => {
    const c = withAdmins();
    submit(c, 'bank-sub', [record({ ended: TODAY, occurred: TODAY })]);
    send(c, 'bank-rev', 'credit.review', { ids: [1], decision: 'publish' });
    const v2 = { ...scoringModelToCbor(STANDARD_MODEL), version: 2, name: 'stricter', effects: [{ category: 'loan-overdue', points: -100, cap: 300, reason: 'N01', text: 'Overdue', textZh: '逾期' }] };
    expect(send(c, 'reg-admin', 'governance.propose', { kind: 'set-scoring-model', proposal: { model: { ...v2, version: 1 } } }).code).toBe('GOV_BAD_PROPOSAL');
    pass(c, 'set-scoring-model', { model: v2 });
    send(c, 'reg-admin', 'governance.vote', { proposal: 1, vote: 'yes' });
    expect(report(c).score).toMatchObject({ model: 2, modelName: 'stricter', value: 700 - 125 });
  });
});

it('the standard genesis loads the standard categories and model', () => {
  const c = consortium();
  expect(readCategory(suite, state(c), 'dishonest-judgement-debtor')?.public).toBe(true);
  expect(report(c)).toMatchObject({ height: c.height, score: { value: 700, model: 1 }, categories: [] });
  void T0;
});

describe('property: the record lifecycle against a model', () => {
  // A small model of the rules: which operation succeeds, and which records a report counts.
  type Op =
    | { op: 'submit'; by: 'bank-sub' | 'bank2-sub' | 'court-sub'; about: 0 | 1; category: 'loan-overdue' | 'dishonest-judgement-debtor'; endedDaysAgo: number }
    | { op: 'review'; pick: number; by: 'bank-rev' | 'bank2-rev' | 'reg-admin' | 'bank-both'; publish: boolean }
    | { op: 'revoke'; pick: number; by: 'bank-sub' | 'bank2-sub' }
    | { op: 'wait'; days: number };
  const ORG: Record<string, string> = { 'bank-sub': 'bank', 'bank2-sub': 'bank2', 'court-sub': 'court', 'bank-rev': 'bank', 'bank2-rev': 'bank2', 'reg-admin': 'reg', 'bank-both': 'bank' };
  const SOURCES: Record<string, string[]> = { 'loan-overdue': ['bank', 'bank2'], 'dishonest-judgement-debtor': ['court'] };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('submit' as const), by: fc.constantFrom('bank-sub' as const, 'bank2-sub' as const, 'court-sub' as const), about: fc.constantFrom(0 as const, 1 as const), category: fc.constantFrom('loan-overdue' as const, 'dishonest-judgement-debtor' as const), endedDaysAgo: fc.integer({ min: 0, max: 2000 }) }),
    fc.record({ op: fc.constant('review' as const), pick: fc.nat(), by: fc.constantFrom('bank-rev' as const, 'bank2-rev' as const, 'reg-admin' as const, 'bank-both' as const), publish: fc.boolean() }),
    fc.record({ op: fc.constant('revoke' as const), pick: fc.nat(), by: fc.constantFrom('bank-sub' as const, 'bank2-sub' as const) }),
    fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 800 }) }),
  );

  it('every operation succeeds exactly when the model says, and reports count exactly the model’s live records', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const c = consortium();
        const subjects = [ACME, sha256(utf8('enterprise:other'))];
        const model: Array<{ source: string; submitter: string; subject: number; status: string; expiresAt: number }> = [];
        for (const o of ops) {
          const today = Math.floor((c.now + 1000) / DAY_MS); // the next block's day
          if (o.op === 'wait') {
            c.blockAt(c.now + o.days * DAY_MS);
            continue;
          }
          if (o.op === 'submit') {
            const ended = new Date((today - o.endedDaysAgo) * DAY_MS).toISOString().slice(0, 10);
            const expiresAt = Date.UTC(Number(ended.slice(0, 4)) + 5, Number(ended.slice(5, 7)) - 1, Math.min(Number(ended.slice(8, 10)), ended.slice(5) === '02-29' ? 28 : 31));
            const allowed = SOURCES[o.category]!.includes(ORG[o.by]!) && (ORG[o.by] !== 'bank2' || o.category === 'loan-overdue');
            const expect_ = !allowed ? 'CATEGORY_NOT_ALLOWED' : expiresAt <= c.now + 1000 ? 'RECORD_EXPIRED' : 'ok';
            const r = submit(c, o.by, [record({ subject: subjects[o.about], category: o.category, occurred: ended, ended })]);
            expect(r.code).toBe(expect_);
            if (r.code === 'ok') model.push({ source: ORG[o.by]!, submitter: o.by, subject: o.about, status: 'pending', expiresAt });
            continue;
          }
          if (model.length === 0) continue;
          const id = (o.pick % model.length) + 1;
          const m = model[id - 1]!;
          const live = m.expiresAt > c.now + 1000;
          if (m.status === 'published' && !live) m.status = 'expired';
          if (o.op === 'review') {
            const allowed = ORG[o.by] === m.source || ORG[o.by] === 'reg';
            const expect_ = m.status !== 'pending' ? 'RECORD_BAD_STATUS' : o.by === m.submitter ? 'RECORD_SELF_REVIEW' : !allowed ? 'PERMISSION_DENIED' : o.publish && !live ? 'RECORD_EXPIRED' : 'ok';
            const r = send(c, o.by, 'credit.review', o.publish ? { ids: [id], decision: 'publish' } : { ids: [id], decision: 'reject', reason: 'not proven' });
            expect(r.code, JSON.stringify({ o, m })).toBe(expect_);
            if (r.code === 'ok') m.status = o.publish ? 'published' : 'rejected';
          } else {
            const expect_ = ORG[o.by] !== m.source ? 'RECORD_NOT_SOURCE' : m.status === 'expired' ? 'RECORD_EXPIRED' : m.status === 'revoked' ? 'RECORD_BAD_STATUS' : 'ok';
            const r = send(c, o.by, 'credit.revoke', { id, reason: 'withdrawn' });
            expect(r.code, JSON.stringify({ o, m })).toBe(expect_);
            if (r.code === 'ok') m.status = 'revoked';
          }
        }
        for (const [i, s] of subjects.entries()) {
          const counted = report(c, s).categories.flatMap((g) => g.records.map((r) => r.id)).sort((a, b) => a - b);
          const expected = model.flatMap((m, k) => (m.subject === i && m.status === 'published' && m.expiresAt > c.now ? [k + 1] : []));
          expect(counted).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});
