// Subjects' rights over the HTTP API of a dev node: consents and the query log, the report a
// query may see (verified offline, naming the query's log index), objections through answer,
// appeal and decision, complaints, standing, repair, court-ordered erasure — each route served
// to its entitled readers only. The last test moves this node's clock past an objection's
// deadline (the node's block time is its clock; the exact deadline rule is a ledger unit test).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeLogEntry, fromHex, toHex } from '@creditchain/core';
import {
  answerObjectionTx,
  appealTx,
  applyRepairTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  complainTx,
  decideObjectionTx,
  decideRepairTx,
  eraseTx,
  grantConsentTx,
  objectTx,
  queryTx,
  revokeConsentTx,
  ruleComplaintTx,
  verifyReport,
  type NewRecord,
} from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';

const node = devNode({ prefix: 'cc-rights-', overrides: { blockIntervalMs: 20 } });
const { person, enterprise, personRef, enterpriseRef, as, signer, send } = node;
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);

beforeAll(() => node.start());

afterAll(async () => {
  vi.useRealTimers();
  await node.stop();
});

const record = (subject: Uint8Array, kind: 'person' | 'enterprise', category: string, extra: Partial<NewRecord> = {}): NewRecord => ({
  subject,
  subjectKind: kind,
  category,
  occurred: '2024-06-01',
  ended: category === 'loan-overdue' ? today : null,
  amountBand: 2,
  publicityDays: null,
  details: { contractNumber: 'L-1', overdueDays: '40' },
  ...extra,
});

async function publish(submitter: string, reviewer: string, records: NewRecord[]): Promise<number> {
  const r = await send(buildSubmitRecordsTx(await signer(submitter), records));
  const { first, count } = r.data as { first: number; count: number };
  await send(buildReviewTx(await signer(reviewer), Array.from({ length: count }, (_, i) => first + i), 'publish'));
  return first;
}

const categoriesOf = (file: { report: { categories: readonly { code: string; records: readonly { id: number }[] }[] } }) => file.report.categories.flatMap((c) => c.records.map((r) => `${c.code}#${r.id}`));

describe("subjects' rights over the API", () => {
  const ids = { personLoan: 0, enterpriseLoan: 0, enterpriseJudgement: 0, personJudgement: 0 };

  beforeAll(async () => {
    ids.personLoan = await publish('demo-bank', 'demo-bank-reviewer', [record(person, 'person', 'loan-overdue')]);
    ids.enterpriseLoan = await publish('demo-bank', 'demo-bank-reviewer', [record(enterprise, 'enterprise', 'loan-overdue')]);
    const court = { details: { court: 'Demo Court', judgementNumber: '(2024) 01' } };
    ids.enterpriseJudgement = await publish('demo-court', 'demo-court-reviewer', [record(enterprise, 'enterprise', 'dishonest-judgement-debtor', court)]);
    ids.personJudgement = await publish('demo-court', 'demo-court-reviewer', [record(person, 'person', 'dishonest-judgement-debtor', court)]);
  });

  it('no consent: a member is refused the report and the query, and nothing about the subject leaks', async () => {
    await expect(as('demo-bank').report(personRef)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED', message: expect.stringMatching(/record one \(creditchain query SUBJECT/) });
    await expect(send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'loan-application', consent: 99 }))).rejects.toMatchObject({ code: 'CONSENT_NOT_FOUND' });
    await expect(send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'loan-application', basis: 'supervision' }))).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect((await as('demo-person').subjectQueries(personRef)).queries).toEqual([]);
    // The query log and consents are the subject's and the regulators' to read.
    await expect(as('demo-bank').subjectQueries(personRef)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-bank').subjectConsents(personRef)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as().subjectQueries(personRef)).rejects.toMatchObject({ code: 'API_AUTH_REQUIRED' });
    // A query id that is not its organisation's tells a member nothing.
    await expect(as('demo-bank').report(personRef, { query: 1 })).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
  });

  it("with the subject's consent the bank queries, reads the report the query may see, and it verifies offline naming the query's log index", async () => {
    const granted = await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-a', purpose: 'loan-application', days: 30 }));
    const consent = (granted.data as { consent: number }).consent;
    const q = await send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'loan-application', consent }));
    const { query, logIndex } = q.data as { query: number; logIndex: number };
    expect(logIndex).toBe(q.logIndex);

    const file = await as('demo-bank').report(personRef, { prove: true, query });
    expect(file.report.query).toMatchObject({ id: query, org: 'bank-a', querier: 'demo-bank', purpose: 'loan-application', basis: 'consent', logIndex });
    expect(categoriesOf(file).sort()).toEqual([`dishonest-judgement-debtor#${ids.personJudgement}`, `loan-overdue#${ids.personLoan}`].sort());
    const verified = verifyReport(JSON.parse(JSON.stringify(file)), { trustedKeys: [node.service.chain.verifierKey] });
    expect(verified.report.query?.id).toBe(query);
    // The log index is where the query transaction is on the record.
    expect(toHex(decodeLogEntry(await as().logEntry(logIndex)).tx)).toBe(q.id);
    // Changing the query the report names breaks it.
    expect(() => verifyReport(JSON.parse(JSON.stringify(file).replace(`"logIndex":${logIndex},"scope"`, `"logIndex":${logIndex + 1},"scope"`)))).toThrow(/does not match/);

    // Another member may not read it; the subject sees who asked, when and why.
    await expect(as('demo-bank-b').report(personRef, { query })).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    const { queries } = await as('demo-person').subjectQueries(personRef);
    expect(queries).toEqual([expect.objectContaining({ id: query, org: 'bank-a', querier: 'demo-bank', purpose: 'loan-application', basis: 'consent', consent, logIndex, tx: q.id })]);
    expect((await as('demo-regulator').subjectQueries(personRef)).queries).toHaveLength(1);
    // The subject may read the report its query saw, too.
    expect((await as('demo-person').report(personRef, { query })).report.query?.id).toBe(query);
    await expect(as('demo-person').report(enterpriseRef, { query })).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-regulator').report(enterpriseRef, { query })).rejects.toMatchObject({ code: 'QUERY_NOT_FOUND' });
  });

  it('a single-use consent for some categories: the report shows only those, and a second query is refused', async () => {
    const granted = await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-a', purpose: 'lease', days: 7, singleUse: true, scope: ['dishonest-judgement-debtor'] }));
    const consent = (granted.data as { consent: number }).consent;
    const q = await send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'lease', consent }));
    const file = await as('demo-bank').report(personRef, { prove: true, query: (q.data as { query: number }).query });
    expect(categoriesOf(file)).toEqual([`dishonest-judgement-debtor#${ids.personJudgement}`]);
    expect(verifyReport(file).report.query?.scope).toEqual(['dishonest-judgement-debtor']);
    await expect(send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'lease', consent }))).rejects.toMatchObject({ code: 'CONSENT_INVALID', message: expect.stringMatching(/for one query, and has been used/) });
    expect(await as('demo-bank').consent(consent)).toMatchObject({ id: consent, org: 'bank-a', status: 'used', uses: 1, singleUse: true });
  });

  it('a revoked consent refuses the next query; a consent is shown to its subject, its grantee and regulators', async () => {
    const granted = await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-a', purpose: 'credit-card', days: 30 }));
    const consent = (granted.data as { consent: number }).consent;
    expect(await send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'credit-card', consent }))).toMatchObject({ code: 'ok' });
    await send(revokeConsentTx({ ...(await signer('demo-person')), consent }));
    await expect(send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'credit-card', consent }))).rejects.toMatchObject({ code: 'CONSENT_INVALID', message: expect.stringMatching(/revoked it at height/) });
    expect(await as('demo-bank').consent(consent)).toMatchObject({ status: 'revoked', revoked: expect.any(Number) });
    expect(await as('demo-regulator').consent(consent)).toMatchObject({ status: 'revoked' });
    await expect(as('demo-bank-b').consent(consent)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-enterprise').consent(consent)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-person').consent(999)).rejects.toMatchObject({ code: 'CONSENT_NOT_FOUND' });
    const list = await as('demo-person').subjectConsents(personRef);
    expect(list.consents.map((c) => [c.purpose, c.status])).toEqual([['credit-card', 'revoked'], ['lease', 'used'], ['loan-application', 'active']]);
  });

  it("a member recorded consent carries the signed authorisation as a sidecar; public information needs none, and is only enterprises'", async () => {
    const onBehalf = { subject: enterprise, authorisation: { document: 'ab'.repeat(32), name: 'authorisation.pdf' } };
    const rec = grantConsentTx({ ...(await signer('demo-bank-b')), org: 'bank-b', purpose: 'contract', days: 10, onBehalf });
    expect(rec.sidecars).toHaveLength(1);
    const consent = ((await send(rec)).data as { consent: number }).consent;
    expect(await as('demo-enterprise').consent(consent)).toMatchObject({ grantedBy: 'demo-bank-b', evidence: toHex(rec.sidecars[0]!.commitment) });
    expect(node.service.chain.storage.getSidecar(rec.sidecars[0]!.commitment)?.payload).toEqual(onBehalf.authorisation);

    const pub = await send(queryTx({ ...(await signer('demo-bank-b')), subject: enterprise, purpose: 'contract', basis: 'public-information' }));
    const file = await as('demo-bank-b').report(enterpriseRef, { prove: true, query: (pub.data as { query: number }).query });
    expect(categoriesOf(file)).toEqual([`dishonest-judgement-debtor#${ids.enterpriseJudgement}`]);
    verifyReport(file);
    // On a person, the same basis shows nothing.
    const onPerson = await send(queryTx({ ...(await signer('demo-bank-b')), subject: person, purpose: 'contract', basis: 'public-information' }));
    const empty = await as('demo-bank-b').report(personRef, { prove: true, query: (onPerson.data as { query: number }).query });
    expect(categoriesOf(empty)).toEqual([]);
    expect(empty.report.summary).toEqual({ negative: 0, positive: 0, disputed: 0 });
    verifyReport(empty);
  });

  it('an objection: disputed in reports, answered by its source, appealed, decided by an arbiter; the record revoked and its details erased', async () => {
    const filed = await send(objectTx({ ...(await signer('demo-person')), record: ids.personLoan, reason: 'I repaid on time', evidence: { document: 'cd'.repeat(32), name: 'bank-statement.pdf' } }));
    const id = (filed.data as { objection: number }).objection;
    expect((await as('demo-person').report(personRef)).report.summary.disputed).toBe(1);
    const o = await as('demo-person').objection(id);
    expect(o).toMatchObject({ id, record: ids.personLoan, source: 'bank-a', filedBy: 'demo-person', status: 'open', answer: null });
    expect(Date.parse(o.deadline) - Date.now()).toBeGreaterThan(20 * DAY);
    expect(await as('demo-bank').objection(id)).toMatchObject({ status: 'open' });
    await expect(as('demo-bank-b').objection(id)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect((await as('demo-regulator').objections({ status: 'open' })).objections.map((x) => x.id)).toEqual([id]);
    expect((await as('demo-court').objections({ status: 'open' })).objections.map((x) => x.id)).toEqual([id]);
    await expect(as('demo-bank').objections()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect((await as('demo-bank').subjectObjections(personRef)).objections.map((x) => x.id)).toEqual([id]);
    expect((await as('demo-bank-b').subjectObjections(personRef)).objections).toEqual([]);
    await expect(as('demo-enterprise').subjectObjections(personRef)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });

    await send(answerObjectionTx({ ...(await signer('demo-bank')), objection: id, decision: 'rejected', reason: 'Our ledger shows 40 days overdue' }));
    await send(appealTx({ ...(await signer('demo-person')), objection: id, reason: 'The statement shows the payment on time' }));
    expect((await as('demo-regulator').objections({ status: 'awaiting-decision' })).objections).toEqual([expect.objectContaining({ id, status: 'appealed', answer: expect.objectContaining({ by: 'demo-bank' }) })]);
    const decided = await send(decideObjectionTx({ ...(await signer('demo-regulator')), objection: id, settlement: { outcome: 'revoke' }, reason: 'The payment was on time' }));
    expect(decided.data).toMatchObject({ status: 'decided', outcome: 'revoke' });
    expect(await as('demo-person').record(ids.personLoan)).toMatchObject({ status: 'revoked', disputed: false });
    await expect(as('demo-person').recordDetails(ids.personLoan)).rejects.toMatchObject({
      code: 'SIDECAR_NOT_FOUND',
      message: expect.stringMatching(new RegExp(`were erased at height ${decided.height} \\(an objection to it was upheld\\)`)),
    });
    expect(await as().orgStanding('bank-a')).toMatchObject({ org: 'bank-a', objections: 1, upheld: 1, overdue: 0 });
    await expect(as().orgStanding('no-such-org')).rejects.toMatchObject({ code: 'ORG_NOT_FOUND' });
    await expect(as('demo-person').objection(999)).rejects.toMatchObject({ code: 'OBJECTION_NOT_FOUND' });
  });

  it('a complaint against a member: seen by the subject, the member and oversight; an upheld ruling counts in its standing', async () => {
    const c = await send(complainTx({ ...(await signer('demo-person')), org: 'bank-b', about: 'unauthorised-query', reason: 'bank-b queried me without asking' }));
    const id = (c.data as { complaint: number }).complaint;
    expect(await as('demo-bank-b').complaint(id)).toMatchObject({ id, org: 'bank-b', about: 'unauthorised-query', status: 'open' });
    await expect(as('demo-bank').complaint(id)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect((await as('demo-regulator').complaints({ status: 'open' })).complaints.map((x) => x.id)).toEqual([id]);
    await expect(as('demo-bank').complaints()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect((await as('demo-person').subjectComplaints(personRef)).complaints).toHaveLength(1);
    await send(ruleComplaintTx({ ...(await signer('demo-regulator')), complaint: id, decision: 'upheld', reason: 'No consent was on record' }));
    expect(await as('demo-person').complaint(id)).toMatchObject({ status: 'upheld', decision: expect.objectContaining({ by: 'demo-regulator' }) });
    expect(await as().orgStanding('bank-b')).toMatchObject({ complaints: 1, complaintsUpheld: 1 });
  });

  it('credit repair: the subject applies with evidence, the source approves, the record leaves the report and its details are erased', async () => {
    // A serious administrative penalty, published for 3 years; repairable after its 1-year minimum.
    const penalty = record(person, 'person', 'admin-penalty-serious', { publicityDays: 1095, details: { violation: 'late filing', penalty: 'fine' } });
    const recordId = ((await send(buildSubmitRecordsTx(await signer('demo-market'), [penalty]))).data as { first: number }).first;
    await send(buildReviewTx(await signer('demo-regulator'), [recordId], 'publish'));
    expect(categoriesOf(await as('demo-person').report(personRef))).toContain(`admin-penalty-serious#${recordId}`);
    const applied = await send(applyRepairTx({ ...(await signer('demo-person')), record: recordId, reason: 'The fine is paid', evidence: { document: 'ef'.repeat(32), name: 'receipt.pdf' } }));
    const id = (applied.data as { application: number }).application;
    expect(await as('demo-market').repair(id)).toMatchObject({ id, record: recordId, source: 'market-bureau', status: 'open' });
    await expect(as('demo-bank').repair(id)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await send(decideRepairTx({ ...(await signer('demo-market')), application: id, approve: true, reason: 'Paid in full' }));
    expect(await as('demo-person').repair(id)).toMatchObject({ status: 'approved', decidedBy: 'demo-market' });
    // The subject follows its cases: every application about it, newest first; the source sees those about its records.
    expect((await as('demo-person').subjectRepairs(personRef)).repairs.map((r) => [r.id, r.status])).toContainEqual([id, 'approved']);
    expect((await as('demo-market').subjectRepairs(personRef)).repairs.every((r) => r.source === 'market-bureau')).toBe(true);
    expect((await as('demo-bank').subjectRepairs(personRef)).repairs).toEqual([]);
    await expect(as('demo-enterprise').subjectRepairs(personRef)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect(categoriesOf(await as('demo-person').report(personRef))).not.toContain(`admin-penalty-serious#${recordId}`);
    await expect(as('demo-regulator').recordDetails(recordId)).rejects.toMatchObject({ code: 'SIDECAR_NOT_FOUND', message: expect.stringMatching(/the record was repaired/) });
    await expect(as('demo-person').repair(999)).rejects.toMatchObject({ code: 'REPAIR_NOT_FOUND' });
  });

  it('a court order erases the details on the node; the details route says so, and the record stays', async () => {
    const before = await as('demo-bank').record(ids.enterpriseLoan);
    expect(node.service.chain.storage.getSidecar(fromHex(before.details!, 32))).toBeDefined();
    const erased = await send(eraseTx({ ...(await signer('demo-court')), record: ids.enterpriseLoan, reason: 'Judgement (2026) 7 orders the details deleted', order: { document: '01'.repeat(32), name: 'order.pdf' } }));
    expect(erased.data).toMatchObject({ record: ids.enterpriseLoan, erased: 1 });
    await expect(as('demo-bank').recordDetails(ids.enterpriseLoan)).rejects.toMatchObject({ code: 'SIDECAR_NOT_FOUND', message: expect.stringMatching(new RegExp(`erased at height ${erased.height} \\(by court order\\)`)) });
    expect(node.service.chain.storage.getSidecar(fromHex(before.details!, 32))).toBeUndefined();
    expect(await as('demo-bank').record(ids.enterpriseLoan)).toMatchObject({ status: 'published', details: before.details });
  });

  it("a member reads a query's report for one hour after it, by this node's clock", async () => {
    const granted = await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-a', purpose: 'guarantee', days: 30 }));
    const q = await send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'guarantee', consent: (granted.data as { consent: number }).consent }));
    const query = (q.data as { query: number }).query;
    expect((await as('demo-bank').report(personRef, { query })).report.query?.id).toBe(query);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61 * 60_000, shouldAdvanceTime: true });
    try {
      await expect(as('demo-bank').report(personRef, { query })).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED', message: expect.stringMatching(/record a new query/) });
      expect((await as('demo-person').report(personRef, { query })).report.query?.id).toBe(query);
    } finally {
      vi.useRealTimers();
    }
  });

  it("an objection its source leaves unanswered escalates once the node's clock passes the deadline, and an arbiter decides it", async () => {
    const filed = await send(objectTx({ ...(await signer('demo-person')), record: ids.personJudgement, reason: 'The judgement was annulled on appeal' }));
    const id = (filed.data as { objection: number }).objection;
    const deadline = Date.parse((await as('demo-person').objection(id)).deadline);
    // Blocks before the deadline leave it open.
    await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-b', purpose: 'other', days: 1 }));
    expect((await as('demo-regulator').objections({ status: 'overdue' })).objections).toEqual([]);
    // The node's clock (its block time) passes the deadline; the next block escalates it.
    vi.useFakeTimers({ toFake: ['Date'], now: deadline + 60_000, shouldAdvanceTime: true });
    try {
      const block = await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-b', purpose: 'other', days: 1 }));
      expect((await as('demo-regulator').objections({ status: 'overdue' })).objections).toEqual([expect.objectContaining({ id, status: 'escalated', answer: null })]);
      expect(node.service.chain.header(block.height!)!.time).toBeGreaterThanOrEqual(deadline);
      expect(await as().orgStanding('court')).toMatchObject({ objections: 1, overdue: 1 });
      await expect(send(answerObjectionTx({ ...(await signer('demo-court')), objection: id, decision: 'rejected', reason: 'late' }))).rejects.toMatchObject({ code: 'OBJECTION_BAD_STATUS' });
      await send(decideObjectionTx({ ...(await signer('demo-regulator')), objection: id, settlement: { outcome: 'revoke' }, reason: 'The source did not answer; the annulment is on file' }));
      expect(await as('demo-person').record(ids.personJudgement)).toMatchObject({ status: 'revoked' });
      await expect(as('demo-person').recordDetails(ids.personJudgement)).rejects.toMatchObject({ code: 'SIDECAR_NOT_FOUND', message: expect.stringMatching(/erased at height/) });
    } finally {
      vi.useRealTimers();
    }
  });
});
