// Subjects' rights as code — consent and the query log, objections with their deadline, appeals,
// complaints, credit repair and lawful erasure. Each test names the rule it proves.
import { describe, expect, it } from 'vitest';
import { sha256, toHex, utf8, type CborMap } from '@creditchain/core';
import { Consortium, account, genesisOf, org, seed, suite, T0 } from '../test-support.js';
import { ROLES } from './identity/roles.js';
import { DAY_MS } from './credit/dates.js';
import { readErasure } from './credit/erasure.js';
import { requireRecord, readVersion } from './credit/records.js';
import { reportFromState } from './credit/report.js';
import { readConsent, readQuery, subjectQueriesList, CONSENT_MODULE } from './consent/state.js';
import { readObjection, readStanding, readComplaint } from './disputes/state.js';
import { readApplication } from './repair/actions.js';
import { readList } from '../state-lists.js';

const ZHANG = sha256(utf8('person:11010519491231002X'));
const ACME = sha256(utf8('enterprise:91350100M000100Y43'));
const doc = (n: string) => sha256(utf8(`doc ${n}`));

function consortium(params: Record<string, number> = {}): Consortium {
  const orgs = [
    { ...org('reg', 'regulator', [...ROLES], 10), categories: ['admin-penalty-minor'] },
    { ...org('bank', 'bank', ['admin', 'submitter', 'reviewer', 'querier']), categories: ['loan-overdue', 'on-time-repayment'] },
    { ...org('bank2', 'bank', ['admin', 'submitter', 'reviewer', 'querier']), categories: ['loan-overdue'] },
    { ...org('court', 'court', ['admin', 'submitter', 'reviewer', 'arbiter', 'querier']), categories: ['dishonest-judgement-debtor'] },
    { ...org('bureau', 'government-bureau', ['admin', 'submitter', 'reviewer']), categories: ['env-exceedance'] },
  ];
  const accounts = [
    account('reg-arb', 'reg', ['admin', 'arbiter', 'regulator', 'reviewer', 'querier'], [1]),
    account('bank-sub', 'bank', ['submitter', 'querier'], [2]),
    account('bank-rev', 'bank', ['reviewer'], [3]),
    account('bank2-q', 'bank2', ['querier', 'reviewer'], [4]),
    account('court-arb', 'court', ['arbiter', 'querier'], [5]),
    account('bureau-sub', 'bureau', ['submitter'], [6]),
    account('bureau-rev', 'bureau', ['reviewer'], [7]),
    { ...account('zhang', null, [], [8]), subject: ZHANG },
    { ...account('acme', null, [], [9]), subject: ACME },
  ];
  return new Consortium(genesisOf(orgs, accounts, params));
}
const KEY: Record<string, number> = { 'reg-arb': 1, 'bank-sub': 2, 'bank-rev': 3, 'bank2-q': 4, 'court-arb': 5, 'bureau-sub': 6, 'bureau-rev': 7, zhang: 8, acme: 9 };
const send = (c: Consortium, who: string, action: string, payload: CborMap, sidecars: Uint8Array[] = []) => c.send(who, action, payload, [seed(KEY[who]!)], { sidecars });
const state = (c: Consortium) => c.ledger.readers.state;

/** Published records: an overdue about Zhang (1, with details), an on-time repayment about Zhang (2), an environmental exceedance of Acme (3, public). */
function withRecords(params: Record<string, number> = {}): Consortium {
  const c = consortium(params);
  const ended = new Date(T0).toISOString().slice(0, 10);
  expect(send(c, 'bank-sub', 'credit.submit', { records: [
    { subject: ZHANG, subjectKind: 'person', category: 'loan-overdue', occurred: '2023-01-10', ended, amountBand: 2, details: doc('loan') },
    { subject: ZHANG, subjectKind: 'person', category: 'on-time-repayment', occurred: '2021-01-10', ended, amountBand: 0 },
  ] }, [doc('loan')]).code).toBe('ok');
  expect(send(c, 'bank-rev', 'credit.review', { ids: [1, 2], decision: 'publish' }).code).toBe('ok');
  expect(send(c, 'bureau-sub', 'credit.submit', { records: [{ subject: ACME, subjectKind: 'enterprise', category: 'env-exceedance', occurred: ended, amountBand: 1, publicityDays: 365, details: doc('penalty') }] }, [doc('penalty')]).code).toBe('ok');
  expect(send(c, 'bureau-rev', 'credit.review', { ids: [3], decision: 'publish' }).code).toBe('ok');
  return c;
}

const grant = (c: Consortium, over: Record<string, unknown> = {}) => send(c, 'zhang', 'consent.grant', { org: 'bank', purpose: 'loan-application', days: 30, singleUse: false, ...over } as CborMap);
const query = (c: Consortium, who: string, over: Record<string, unknown>) => send(c, who, 'consent.query', { subject: ZHANG, purpose: 'loan-application', basis: 'consent', ...over } as CborMap);

describe('consent and the query log', () => {
  it("rule: a person's report is never queried without consent: refused, and nothing is recorded", () => {
    const c = withRecords();
    expect(send(c, 'bank-sub', 'consent.query', { subject: ZHANG, purpose: 'loan-application', basis: 'supervision' }).code).toBe('CONSENT_REQUIRED');
    expect(query(c, 'bank-sub', { consent: 1 }).code).toBe('CONSENT_NOT_FOUND');
    // public-information shows only enterprises' public records: none of Zhang's
    expect(send(c, 'bank-sub', 'consent.query', { subject: ZHANG, purpose: 'loan-application', basis: 'public-information' }).code).toBe('ok');
    expect(reportFromState(suite, state(c), ZHANG, { query: 1 }).categories).toEqual([]);
    expect(readList(suite, state(c), CONSENT_MODULE, subjectQueriesList(ZHANG))).toEqual([1]);
  });

  it('rule: a subject grants a member consent; the member queries, and the query is on the record for the subject to see', () => {
    const c = withRecords();
    expect(grant(c)).toMatchObject({ code: 'ok', data: { consent: 1 } });
    const r = query(c, 'bank-sub', { consent: 1 });
    expect(r).toMatchObject({ code: 'ok', data: { query: 1 } });
    const q = readQuery(suite, state(c), 1)!;
    expect(q).toMatchObject({ querier: 'bank-sub', org: 'bank', purpose: 'loan-application', basis: 'consent', consent: 1, height: c.height });
    const report = reportFromState(suite, state(c), ZHANG, { query: 1 });
    expect(report.query).toMatchObject({ id: 1, org: 'bank', logIndex: q.logIndex });
    expect(report.summary).toMatchObject({ negative: 1, positive: 1 });
  });

  it('rule: a revoked consent refuses the next query', () => {
    const c = withRecords();
    grant(c);
    expect(query(c, 'bank-sub', { consent: 1 }).code).toBe('ok');
    expect(send(c, 'zhang', 'consent.revoke', { consent: 1 }).code).toBe('ok');
    expect(query(c, 'bank-sub', { consent: 1 }).code).toBe('CONSENT_INVALID');
    expect(readConsent(suite, state(c), 1)).toMatchObject({ revoked: c.height - 1, uses: 1 });
  });

  it('rule: a consent binds its organisation, purpose, scope, period and single use', () => {
    const c = withRecords();
    grant(c, { singleUse: true, scope: ['on-time-repayment'], days: 10 });
    expect(query(c, 'bank2-q', { consent: 1 }).code).toBe('CONSENT_INVALID'); // another organisation
    expect(query(c, 'bank-sub', { consent: 1, purpose: 'employment' }).code).toBe('CONSENT_INVALID');
    expect(query(c, 'bank-sub', { consent: 1, scope: ['loan-overdue'] }).code).toBe('CONSENT_INVALID');
    expect(query(c, 'bank-sub', { consent: 1 }).code).toBe('ok'); // asks for no scope: gets the consent's
    expect(reportFromState(suite, state(c), ZHANG, { query: 1 }).categories.map((g) => g.code)).toEqual(['on-time-repayment']);
    expect(query(c, 'bank-sub', { consent: 1 }).code).toBe('CONSENT_INVALID'); // used once
    grant(c, { days: 10 });
    c.blockAt(c.now + 11 * DAY_MS);
    expect(query(c, 'bank-sub', { consent: 2 }).code).toBe('CONSENT_INVALID'); // expired
  });

  it('rule: a member records a consent given on paper only with the authorisation as a sidecar, and only for itself', () => {
    const c = withRecords();
    expect(send(c, 'bank-sub', 'consent.grant', { org: 'bank', purpose: 'lease', days: 5, singleUse: true, subject: ZHANG, evidence: doc('paper') }).code).toBe('TX_BAD_PAYLOAD');
    expect(send(c, 'bank-sub', 'consent.grant', { org: 'bank2', purpose: 'lease', days: 5, singleUse: true, subject: ZHANG, evidence: doc('paper') }, [doc('paper')]).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'bank-sub', 'consent.grant', { org: 'bank', purpose: 'lease', days: 5, singleUse: true, subject: ZHANG, evidence: doc('paper') }, [doc('paper')])).toMatchObject({ code: 'ok' });
    expect(readConsent(suite, state(c), 1)).toMatchObject({ grantedBy: 'bank-sub', evidence: doc('paper') });
  });

  it("rule: enterprises' public-credit information is queried without consent; regulators and courts query on their legal basis", () => {
    const c = withRecords();
    expect(send(c, 'bank2-q', 'consent.query', { subject: ACME, purpose: 'contract', basis: 'public-information' }).code).toBe('ok');
    expect(reportFromState(suite, state(c), ACME, { query: 1 }).summary.negative).toBe(1);
    expect(send(c, 'bank2-q', 'consent.query', { subject: ACME, purpose: 'contract', basis: 'public-information', scope: ['loan-overdue'] }).code).toBe('CONSENT_REQUIRED');
    expect(send(c, 'reg-arb', 'consent.query', { subject: ZHANG, purpose: 'other', basis: 'supervision' }).code).toBe('ok');
    expect(send(c, 'court-arb', 'consent.query', { subject: ZHANG, purpose: 'other', basis: 'court-order' }).code).toBe('ok');
    expect(send(c, 'reg-arb', 'consent.query', { subject: ZHANG, purpose: 'other', basis: 'court-order' }).code).toBe('CONSENT_REQUIRED');
  });
});

describe('objections', () => {
  it('rule: the subject objects; from that height the record shows as disputed in every report', () => {
    const c = withRecords();
    expect(send(c, 'zhang', 'consent.grant', { org: 'bank', purpose: 'loan-application', days: 30, singleUse: false }).code).toBe('ok');
    expect(send(c, 'acme', 'disputes.object', { record: 1, reason: 'not mine' }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'zhang', 'disputes.object', { record: 1, reason: 'I repaid on time', evidence: doc('receipt') }, [doc('receipt')])).toMatchObject({ code: 'ok', data: { objection: 1 } });
    expect(reportFromState(suite, state(c), ZHANG).categories[0]!.records[0]!.disputed).toBe(true);
    expect(reportFromState(suite, state(c), ZHANG).summary.disputed).toBe(1);
    expect(send(c, 'zhang', 'disputes.object', { record: 1, reason: 'again' }).code).toBe('OBJECTION_EXISTS');
  });

  it('rule: an unanswered objection escalates to the regulators on the deadline’s block, not before, and counts against the source', () => {
    const c = withRecords();
    send(c, 'zhang', 'disputes.object', { record: 1, reason: 'wrong amount' });
    const o = readObjection(suite, state(c), 1)!;
    const filedDay = Math.floor(c.now / DAY_MS);
    expect(o.deadline).toBe((filedDay + 21) * DAY_MS); // 20 days, to the end of the 20th
    c.blockAt(o.deadline - 1);
    expect(readObjection(suite, state(c), 1)!.status).toBe('open');
    c.blockAt(o.deadline);
    expect(readObjection(suite, state(c), 1)!.status).toBe('escalated');
    expect(readStanding(suite, state(c), 'bank')).toMatchObject({ objections: 1, overdue: 1 });
    expect(send(c, 'bank-rev', 'disputes.answer', { objection: 1, decision: 'rejected', reason: 'late' }).code).toBe('OBJECTION_BAD_STATUS');
    // The arbiter decides: revoked, and its details erased.
    expect(send(c, 'reg-arb', 'disputes.decide', { objection: 1, outcome: 'revoke', reason: 'the bank did not show the debt' }).code).toBe('ok');
    c.emptyBlocks(1);
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ status: 'revoked', disputed: false, version: 2 });
    expect(readErasure(suite, state(c), doc('loan'))).toMatchObject({ reason: 'objection-upheld' });
    expect(c.ledger.blocks.some((b) => b.erasures.some((e) => toHex(e) === toHex(doc('loan'))))).toBe(true);
  });

  it('rule: the source answers in time — upheld corrects the record (wrong details erased), rejected needs reasons and may be appealed to an arbiter', () => {
    const c = withRecords({ objectionDeadlineDays: 5 });
    send(c, 'zhang', 'disputes.object', { record: 1, reason: 'amount is wrong' });
    expect(send(c, 'bank2-q', 'disputes.answer', { objection: 1, decision: 'rejected', reason: 'no' }).code).toBe('RECORD_NOT_SOURCE');
    expect(send(c, 'bank-rev', 'disputes.answer', { objection: 1, decision: 'upheld', outcome: 'correct', changes: { amountBand: 1 }, reason: 'keyed wrongly' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ version: 2, amountBand: 1, status: 'published', disputed: false });
    expect(readVersion(suite, state(c), 1, 1)).toMatchObject({ amountBand: 2 });
    expect(readStanding(suite, state(c), 'bank').upheld).toBe(1);

    send(c, 'zhang', 'disputes.object', { record: 2, reason: 'not mine either' });
    expect(send(c, 'bank-rev', 'disputes.answer', { objection: 2, decision: 'rejected', reason: 'contract L-9 is yours' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 2).disputed).toBe(false);
    expect(send(c, 'reg-arb', 'disputes.decide', { objection: 2, outcome: 'confirm', reason: 'x' }).code).toBe('OBJECTION_BAD_STATUS');
    expect(send(c, 'zhang', 'disputes.appeal', { objection: 2, reason: 'I never signed L-9' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 2).disputed).toBe(true);
    expect(send(c, 'bank-rev', 'disputes.decide', { objection: 2, outcome: 'confirm', reason: 'x' }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'court-arb', 'disputes.decide', { objection: 2, outcome: 'confirm', reason: 'the signature is his' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 2)).toMatchObject({ status: 'published', disputed: false, version: 1 });
  });

  it('rule: a complaint against a member is decided by an arbiter and, upheld, counts against it', () => {
    const c = withRecords();
    expect(send(c, 'zhang', 'disputes.complain', { org: 'bank2', about: 'unauthorised-query', reason: 'they looked me up' }).code).toBe('ok');
    expect(send(c, 'bank-rev', 'disputes.rule', { complaint: 1, decision: 'upheld', reason: 'x' }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'reg-arb', 'disputes.rule', { complaint: 1, decision: 'upheld', reason: 'no consent on record' }).code).toBe('ok');
    expect(readComplaint(suite, state(c), 1)).toMatchObject({ status: 'upheld' });
    expect(readStanding(suite, state(c), 'bank2')).toMatchObject({ complaints: 1, complaintsUpheld: 1 });
    expect(send(c, 'reg-arb', 'disputes.rule', { complaint: 1, decision: 'dismissed', reason: 'again' }).code).toBe('COMPLAINT_BAD_STATUS');
  });
});

describe('credit repair and erasure', () => {
  it('rule: repair only after the minimum publicity period; an approved repair leaves the report and score, its details erased, its history kept', () => {
    const c = withRecords();
    const evidence = doc('fine paid');
    expect(send(c, 'acme', 'repair.apply', { record: 1, reason: 'x', evidence }, [evidence]).code).toBe('PERMISSION_DENIED'); // not Acme's
    expect(send(c, 'zhang', 'repair.apply', { record: 1, reason: 'repaid', evidence }, [evidence]).code).toBe('REPAIR_NOT_ALLOWED'); // five-year rule, no repair
    c.blockAt(c.now + 85 * DAY_MS);
    expect(send(c, 'acme', 'repair.apply', { record: 3, reason: 'fine paid', evidence }, [evidence]).code).toBe('REPAIR_NOT_ALLOWED'); // 90 days not passed
    c.blockAt(c.now + 6 * DAY_MS);
    expect(reportFromState(suite, state(c), ACME).score.value).toBeLessThan(700);
    expect(send(c, 'acme', 'repair.apply', { record: 3, reason: 'fine paid', evidence }, [evidence])).toMatchObject({ code: 'ok', data: { application: 1 } });
    expect(send(c, 'bank-rev', 'repair.decide', { application: 1, approve: true, reason: 'x' }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'bureau-rev', 'repair.decide', { application: 1, approve: true, reason: 'the fine was paid in full' }).code).toBe('ok');
    expect(requireRecord(suite, state(c), 3)).toMatchObject({ status: 'repaired', version: 2 });
    expect(readVersion(suite, state(c), 3, 1)).toMatchObject({ status: 'published' });
    expect(reportFromState(suite, state(c), ACME)).toMatchObject({ summary: { negative: 0 }, score: { value: 700 } });
    expect(readErasure(suite, state(c), doc('penalty'))).toMatchObject({ reason: 'repaired' });
    expect(readApplication(suite, state(c), 1)).toMatchObject({ status: 'approved', decidedBy: 'bureau-rev' });
  });

  it("rule: a court order erases a record's details on every node; the record and its commitment stay", () => {
    const c = withRecords();
    expect(send(c, 'bank-rev', 'repair.erase', { record: 1, reason: 'order', order: doc('order') }, [doc('order')]).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'court-arb', 'repair.erase', { record: 1, reason: 'order (2026) No. 12', order: doc('order') }, [doc('order')])).toMatchObject({ code: 'ok', data: { erased: 1 } });
    const last = c.ledger.blocks[c.ledger.blocks.length - 1]!;
    expect(last.erasures.map(toHex)).toEqual([toHex(doc('loan'))]);
    expect(requireRecord(suite, state(c), 1)).toMatchObject({ status: 'published', details: doc('loan') });
    expect(readErasure(suite, state(c), doc('loan'))).toMatchObject({ reason: 'court-order', height: c.height });
  });
});
