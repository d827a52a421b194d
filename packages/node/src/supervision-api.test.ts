// Supervision over the HTTP API of a dev node: the regulator's figures (records published per
// day by category, queries per member, each member's queues and standing), its queue of repair
// applications, an organisation's review queue and the objections it must answer — each read
// from the ledger's indexes as records and objections change status, and served to its entitled
// readers only. And the dev node's demo keys, which any other node refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '@creditchain/core';
import { answerObjectionTx, applyRepairTx, buildReviewTx, buildSubmitRecordsTx, grantConsentTx, keyPairFromJson, objectTx, queryTx, type NewRecord } from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';

const node = devNode({ prefix: 'cc-supervision-', overrides: { blockIntervalMs: 20 } });
const { person, enterprise, personRef, as, signer, send } = node;
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const daysAgo = (n: number) => day(Date.now() - n * DAY);

beforeAll(() => node.start());
afterAll(() => node.stop());

const loan = (subject: Uint8Array, kind: 'person' | 'enterprise'): NewRecord => ({
  subject,
  subjectKind: kind,
  category: 'loan-overdue',
  occurred: daysAgo(60),
  ended: daysAgo(10),
  amountBand: 2,
  publicityDays: null,
  details: { contractNumber: 'L-9' },
});

async function submit(account: string, records: NewRecord[]): Promise<number[]> {
  const { first, count } = (await send(buildSubmitRecordsTx(await signer(account), records))).data as { first: number; count: number };
  return Array.from({ length: count }, (_, i) => first + i);
}

describe('supervision over the API', () => {
  let pending: number[] = [];

  it("an organisation's review queue holds its pending records until they are reviewed; only its accounts and regulators read it", async () => {
    pending = await submit('demo-bank', [loan(person, 'person'), loan(enterprise, 'enterprise'), loan(person, 'person')]);
    const queue = await as('demo-bank-reviewer').orgRecords('bank-a');
    expect(queue.records.map((r) => r.id)).toEqual([...pending].reverse());
    expect(queue.records.every((r) => r.status === 'pending' && r.source === 'bank-a')).toBe(true);
    expect((await as('demo-regulator').orgRecords('bank-a')).records).toHaveLength(3);
    expect((await as('demo-bank').orgRecords('bank-a', { limit: 1 })).records.map((r) => r.id)).toEqual([pending[2]]);
    await expect(as('demo-bank-b').orgRecords('bank-a')).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-person').orgRecords('bank-a')).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as().orgRecords('bank-a')).rejects.toMatchObject({ code: 'API_AUTH_REQUIRED' });
    await expect(as('demo-bank').orgRecords('no-such-org')).rejects.toMatchObject({ code: 'ORG_NOT_FOUND' });

    // Published and rejected records leave the queue; the one left waits.
    await send(buildReviewTx(await signer('demo-bank-reviewer'), [pending[0]!, pending[1]!], 'publish'));
    await send(buildReviewTx(await signer('demo-bank-reviewer'), [pending[2]!], 'reject', 'Wrong contract number'));
    expect((await as('demo-bank').orgRecords('bank-a')).records).toEqual([]);
    expect((await as('demo-bank-b').orgRecords('bank-b')).records).toEqual([]);
  });

  it('the figures count records published per day by category and queries per member, for regulators only', async () => {
    const consent = ((await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-b', purpose: 'loan-application', days: 5 }))).data as { consent: number }).consent;
    await send(queryTx({ ...(await signer('demo-bank-b')), subject: person, purpose: 'loan-application', consent }));
    const stats = await as('demo-regulator').stats({ days: 7 });
    const today = day(node.service.chain.head.header.time);
    expect(stats.to).toBe(today);
    expect(stats.published.map((d) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => day(Date.parse(today) - (6 - i) * DAY)));
    expect(stats.from).toBe(stats.published[0]!.day);
    expect(stats.published.at(-1)!.counts).toEqual({ 'loan-overdue': 2 });
    expect(stats.published.slice(0, -1).every((d) => Object.keys(d.counts).length === 0)).toBe(true);
    expect(stats.queries.at(-1)!.counts).toEqual({ 'bank-b': 1 });
    const bankA = stats.members.find((m) => m.org === 'bank-a')!;
    expect(bankA).toMatchObject({ name: 'Bank A (demo)', type: 'bank', status: 'active', pendingRecords: 0, openObjections: 0, objections: 0, overdue: 0 });
    expect(stats.members.map((m) => m.org)).toContain('regulator');
    expect((await as('demo-regulator').stats()).published).toHaveLength(30);

    await expect(as('demo-bank').stats()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-court').stats()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as().stats()).rejects.toMatchObject({ code: 'API_AUTH_REQUIRED' });
    await expect(as('demo-regulator').stats({ days: 367 })).rejects.toMatchObject({ code: 'API_BAD_REQUEST' });
  });

  it('the objections an organisation must answer: listed while open, gone once answered or overdue — then in the regulators’ queue and the figures', async () => {
    const [answered, unanswered] = pending;
    const filed = async (record: number) =>
      ((await send(objectTx({ ...(await signer('demo-person')), record, reason: 'Not my loan' }))).data as { objection: number }).objection;
    const first = await filed(answered!);
    const enterpriseRecord = pending[1]!;
    expect(enterpriseRecord).toBe(unanswered);
    const second = ((await send(objectTx({ ...(await signer('demo-enterprise')), record: enterpriseRecord, reason: 'Repaid in full' }))).data as { objection: number }).objection;

    expect((await as('demo-bank').orgObjections('bank-a')).objections.map((o) => o.id)).toEqual([second, first]);
    expect((await as('demo-court').orgObjections('bank-a')).objections).toHaveLength(2); // an arbiter
    await expect(as('demo-bank-b').orgObjections('bank-a')).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-person').orgObjections('bank-a')).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect((await as('demo-regulator').stats({ days: 1 })).members.find((m) => m.org === 'bank-a')).toMatchObject({ openObjections: 2, objections: 2 });

    await send(answerObjectionTx({ ...(await signer('demo-bank')), objection: first, decision: 'rejected', reason: 'The contract is signed by the subject' }));
    expect((await as('demo-bank').orgObjections('bank-a')).objections.map((o) => o.id)).toEqual([second]);

    // The dev clock moves past the deadline: the next block escalates the unanswered one.
    await as().advanceClock(21 * DAY + 60_000);
    await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-b', purpose: 'other', days: 1 }));
    expect((await as('demo-bank').orgObjections('bank-a')).objections).toEqual([]);
    expect((await as('demo-regulator').objections({ status: 'overdue' })).objections.map((o) => o.id)).toEqual([second]);
    expect((await as('demo-regulator').stats({ days: 1 })).members.find((m) => m.org === 'bank-a')).toMatchObject({ openObjections: 0, objections: 2, overdue: 1 });
  });

  it("the regulators' queue of repair applications, by status", async () => {
    const { tx, sidecars } = buildSubmitRecordsTx(await signer('demo-market'), [
      { subject: person, subjectKind: 'person', category: 'admin-penalty-serious', occurred: daysAgo(400), ended: null, amountBand: 1, publicityDays: 1095, details: { violation: 'unlicensed trading' } },
    ]);
    const record = ((await send({ tx, sidecars })).data as { first: number }).first;
    await send(buildReviewTx(await signer('demo-regulator'), [record], 'publish'));
    const application = ((await send(applyRepairTx({ ...(await signer('demo-person')), record, reason: 'The fine is paid', evidence: { document: 'ef'.repeat(32), name: 'receipt.pdf' } }))).data as { application: number }).application;
    expect((await as('demo-regulator').repairs({ status: 'open' })).repairs).toEqual([expect.objectContaining({ id: application, record, subject: personRef, source: 'market-bureau', status: 'open' })]);
    expect((await as('demo-regulator').repairs({ status: 'approved' })).repairs).toEqual([]);
    expect((await as('demo-regulator').repairs()).repairs).toHaveLength(1);
    await expect(as('demo-market').repairs()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-person').repairs()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
  });

  it("a dev node offers its demo accounts' key files, each a live key of its account", async () => {
    const { accounts } = await as().devKeys();
    expect(accounts.map((a) => a.name)).toEqual(expect.arrayContaining(['demo-bank', 'demo-regulator', 'demo-person', 'demo-enterprise']));
    const regulator = accounts.find((a) => a.name === 'demo-regulator')!;
    expect(regulator).toMatchObject({ org: 'regulator', subject: null, roles: expect.arrayContaining(['regulator', 'arbiter']) });
    expect(accounts.find((a) => a.name === 'demo-person')).toMatchObject({ org: null, subject: personRef });
    for (const a of accounts) expect(toHex(keyPairFromJson(a.key).publicKey)).toBe(toHex(node.keys.get(a.name)!.publicKey));
  });
});

describe('demo keys on a node that is not a dev node', () => {
  const plain = devNode({ prefix: 'cc-supervision-plain-', overrides: { devClock: false } });
  beforeAll(() => plain.start());
  afterAll(() => plain.stop());

  it('are refused with NODE_NOT_DEV', async () => {
    await expect(plain.as().devKeys()).rejects.toMatchObject({ code: 'NODE_NOT_DEV' });
  });
});
