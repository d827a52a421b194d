// Subjects' rights from the built `creditchain` command, as a new user tries them on a dev node:
// the person grants bank-a consent, the bank queries and gets the report (verified offline),
// the person sees the query, objects to a record, the source rejects it, the person appeals,
// the regulator decides, and the record is revoked with its details erased. A revoked consent
// refuses the next query; a court order erases a record's details; a complaint is ruled on; a
// repair is approved.
//
// Last, the source misses the 20-day deadline: the dev node's clock is moved ahead (creditchain
// clock advance), the objection escalates in the first block of the deadline's day and not
// before, the regulator decides, the record is revoked and its details erased.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ok as okIn, refused as refusedIn, startDev } from '../../../../test/support/cli.js';

let work: string;
let dev: Awaited<ReturnType<typeof startDev>> | undefined;
let verifierKey: string;
const ok = (...args: string[]) => okIn(work, ...args);
const refused = (...args: string[]) => refusedIn(work, ...args);
const PERSON = '11010519491231002X'; // demo-person

describe("subjects' rights with creditchain on a dev node", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'creditchain-rights-'));
    dev = await startDev(work, '--port', String(await freePort()));
    verifierKey = /verifier key\s+(\S+)/.exec(dev.stdout())![1]!;
    writeFileSync(join(work, 'statement.txt'), 'Bank statement: instalment of 2025-01-10 paid on 2025-01-09.\n');
    writeFileSync(join(work, 'order.txt'), 'Court order (2026) 7: delete the details of the judgement record.\n');
    writeFileSync(join(work, 'receipt.txt'), 'Receipt: fine paid in full.\n');
    // bank-a's overdue record about the person, published by a second account; a court judgement too.
    expect(await ok('records', 'submit', '--subject', PERSON, '--category', 'loan-overdue', '--occurred', '2025-01-10', '--ended', '2025-10-31', '--amount', '5000', '--detail', 'contractNumber=L-2025-7', '--as', 'demo-bank')).toMatch(/^Record 1 submitted/);
    await ok('records', 'review', '1', '--publish', '--as', 'demo-bank-reviewer');
    expect(await ok('records', 'submit', '--subject', PERSON, '--category', 'dishonest-judgement-debtor', '--occurred', '2025-03-01', '--detail', 'court=Demo Court', '--detail', 'judgementNumber=(2025) 3', '--as', 'demo-court')).toMatch(/^Record 2 submitted/);
    await ok('records', 'review', '2', '--publish', '--as', 'demo-court-reviewer');
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('without consent the bank gets no report, and a query on no consent is refused with its reason', async () => {
    expect(await refused('report', PERSON, '--as', 'demo-bank')).toMatch(/only for a query it has recorded first.*creditchain query SUBJECT.*\(READ_NOT_ENTITLED\)$/);
    expect(await refused('query', PERSON, '--purpose', 'loan-application', '--as', 'demo-bank')).toMatch(/--consent ID .* or --basis .*\(CLI_BAD_ARGUMENT\)$/);
    expect(await refused('query', PERSON, '--purpose', 'loan-application', '--consent', '1', '--as', 'demo-bank')).toBe('error: There is no consent 1 of this subject. (CONSENT_NOT_FOUND)');
    expect(await refused('query', PERSON, '--purpose', 'holiday', '--consent', '1', '--as', 'demo-bank')).toMatch(/"holiday" is not a purpose; the purposes are loan-application, /);
    expect(await ok('consent', 'queries', '--as', 'demo-person')).toMatch(/^No one has queried the report of [0-9a-f]{64}\.$/m);
  });

  it('the person grants bank-a consent; the bank queries, gets the report with its proof, and it verifies offline', async () => {
    const granted = await ok('consent', 'grant', '--org', 'bank-a', '--purpose', 'loan-application', '--days', '30', '--as', 'demo-person');
    expect(granted).toMatch(/^Consent 1 granted to bank-a for loan-application \(all categories\) until \d{4}-\d\d-\d\d \d\d:\d\d UTC, at height \d+\.$/m);
    expect(granted).toMatch(/creditchain query SUBJECT --purpose loan-application --consent 1/);

    const q = await ok('query', PERSON, '--purpose', 'loan-application', '--consent', '1', '--as', 'demo-bank', '--out', 'query-report.json');
    expect(q).toMatch(/^Query 1 recorded at height \d+ \(log index \d+\): bank-a asked for loan-application on consent 1\.$/m);
    expect(q).toMatch(/#1 v1 {2}occurred 2025-01-10, ended 2025-10-31 {2}amount <10k {2}from bank-a/);
    expect(q).toMatch(/^ {2}query {6}#1 by demo-bank of bank-a, loan-application, on consent; on record at log index \d+$/m);
    expect(q).toMatch(/proof {6}\d+ state entries proven to the checkpoint at height \d+, signed by dev-node/);
    const file = JSON.parse(readFileSync(join(work, 'query-report.json'), 'utf8'));
    expect(file.report.query).toMatchObject({ id: 1, org: 'bank-a', basis: 'consent' });
    expect(await ok('verify', 'query-report.json', '--trust', verifierKey)).toMatch(/^VERIFIED: query-report\.json is the credit report the chain held for subject [0-9a-f]{64}/m);
  });

  it('the person sees who queried, when and why, and its consents', async () => {
    expect(await ok('consent', 'queries', '--as', 'demo-person')).toMatch(/^#1 {2}\d{4}-\d\d-\d\d \d\d:\d\d UTC {2}bank-a \(demo-bank\) {2}loan-application {2}on consent 1 {2}all categories {2}— height \d+, log index \d+$/m);
    expect(await ok('consent', 'list', '--as', 'demo-person')).toMatch(/^#1 {2}bank-a {2}loan-application {2}all categories {2}until .* {2}active {2}— recorded by demo-person at height \d+$/m);
    // A regulator names the subject; another bank may not look.
    expect(await ok('consent', 'queries', PERSON, '--as', 'demo-regulator')).toMatch(/bank-a \(demo-bank\)/);
    expect(await refused('consent', 'queries', PERSON, '--as', 'demo-bank-b')).toMatch(/served only to the subject itself and regulators\. \(READ_NOT_ENTITLED\)$/);
  });

  it('the person objects; the source rejects, the person appeals, the regulator decides: the record is revoked and its details erased', async () => {
    const filed = await ok('objection', 'file', '1', '--reason', 'I repaid on time', '--evidence', 'statement.txt', '--as', 'demo-person');
    expect(filed).toMatch(/^Objection 1 filed on record 1 at height \d+: the record shows as disputed in every report\.$/m);
    expect(filed).toMatch(/^Its source must answer before \d{4}-\d\d-\d\d 00:00 UTC; unanswered, it goes to the regulators\./m);
    expect(await ok('report', PERSON, '--as', 'demo-person')).toMatch(/#1 v1 .* DISPUTED/);
    expect(await ok('objection', 'show', '1', '--as', 'demo-bank')).toMatch(/^Objection 1 to record 1: open$/m);
    expect(await refused('objection', 'answer', '1', '--reject', '--reason', 'not ours', '--as', 'demo-bank-b')).toMatch(/only its source answers it, not bank-b\. \(RECORD_NOT_SOURCE\)$/);

    expect(await ok('objection', 'answer', '1', '--reject', '--reason', 'Our ledger shows the instalment 95 days late', '--as', 'demo-bank')).toMatch(/^Objection 1 rejected at height \d+; the subject may appeal to the regulators\.$/m);
    expect(await ok('objection', 'appeal', '1', '--reason', 'The bank statement shows it paid on time', '--as', 'demo-person')).toMatch(/^Objection 1 appealed at height \d+/m);
    expect(await ok('objection', 'list', '--status', 'awaiting-decision', '--as', 'demo-regulator')).toMatch(/^#1 {2}record 1 {2}source bank-a {2}appealed .* filed by demo-person at height \d+$/m);
    expect(await refused('objection', 'list', '--as', 'demo-bank')).toMatch(/served only to regulators and arbiters\. \(READ_NOT_ENTITLED\)$/);
    expect(await refused('objection', 'decide', '1', '--revoke', '--reason', 'x', '--as', 'demo-bank')).toMatch(/needs the role arbiter.*\(PERMISSION_DENIED\)$/);
    expect(await ok('objection', 'decide', '1', '--revoke', '--reason', 'The statement proves payment on time', '--as', 'demo-regulator')).toMatch(/^Objection 1 decided at height \d+: the record is revoked and its old details erased\.$/m);

    const shown = await ok('objection', 'show', '1', '--as', 'demo-person');
    expect(shown).toMatch(/^ {2}answer {5}by demo-bank at height \d+ — Our ledger/m);
    expect(shown).toMatch(/^ {2}decision {3}by demo-regulator at height \d+: revoked — The statement/m);
    const record = await ok('records', 'show', '1', '--as', 'demo-person');
    expect(record).toMatch(/^ {2}status {5}revoked$/m);
    expect(record).toMatch(/details: not held by this node \(The details of record 1 \(version \d+\) were erased at height \d+ \(an objection to it was upheld\)/);
  });

  it('a revoked consent refuses the next query', async () => {
    expect(await ok('consent', 'revoke', '1', '--as', 'demo-person')).toMatch(/^Consent 1 revoked at height \d+: it allows no further query\.$/m);
    expect(await refused('query', PERSON, '--purpose', 'loan-application', '--consent', '1', '--as', 'demo-bank')).toMatch(/Consent 1 does not allow this query: the subject revoked it at height \d+\. \(CONSENT_INVALID\)$/);
    expect(await refused('consent', 'revoke', '1', '--as', 'demo-bank')).toMatch(/\(PERMISSION_DENIED\)$/);
  });

  it('a court order erases a record’s details on the node; the record stays', async () => {
    const erased = await ok('erase', '2', '--order', 'order.txt', '--reason', 'Court order (2026) 7', '--as', 'demo-court');
    expect(erased).toMatch(/^Erased the details of record 2 \(1 version\) on every node at height \d+, by court order \(commitment [0-9a-f]{64}\)\.$/m);
    const record = await ok('records', 'show', '2', '--as', 'demo-person');
    expect(record).toMatch(/^ {2}status {5}published$/m);
    expect(record).toMatch(/were erased at height \d+ \(by court order\)/);
    expect(await refused('erase', '2', '--order', 'order.txt', '--reason', 'x', '--as', 'demo-bank')).toMatch(/needs the role arbiter.*\(PERMISSION_DENIED\)$/);
  });

  it("a complaint about a member is ruled on; a repair is applied for and approved", async () => {
    expect(await ok('complaint', 'file', '--org', 'bank-a', '--about', 'wrong-record', '--reason', 'kept reporting a paid loan', '--as', 'demo-person')).toMatch(/^Complaint 1 about bank-a filed at height \d+/m);
    expect(await ok('complaint', 'list', '--status', 'open', '--as', 'demo-regulator')).toMatch(/^#1 {2}against bank-a {2}wrong-record {2}open/m);
    expect(await ok('complaint', 'rule', '1', '--uphold', '--reason', 'The record was wrong', '--as', 'demo-regulator')).toMatch(/^Complaint 1 upheld at height \d+; it counts against the member’s standing\.$/m);
    expect(await ok('complaint', 'list', '--as', 'demo-person')).toMatch(/^#1 {2}against bank-a {2}wrong-record {2}upheld/m);

    // A serious administrative penalty published for three years, repairable after one.
    await ok('records', 'submit', '--subject', PERSON, '--category', 'admin-penalty-serious', '--occurred', '2024-06-01', '--publicity-days', '1095', '--detail', 'violation=late filing', '--as', 'demo-market');
    await ok('records', 'review', '3', '--publish', '--as', 'demo-regulator');
    expect(await ok('repair', 'apply', '3', '--reason', 'The fine is paid', '--evidence', 'receipt.txt', '--as', 'demo-person')).toMatch(/^Repair application 1 for record 3 filed at height \d+/m);
    expect(await refused('repair', 'decide', '1', '--approve', '--reason', 'x', '--as', 'demo-bank-reviewer')).toMatch(/decided by the record's source market-bureau or a regulator, not bank-a\. \(PERMISSION_DENIED\)$/);
    expect(await ok('repair', 'decide', '1', '--approve', '--reason', 'Paid in full', '--as', 'demo-market')).toMatch(/^Repair application 1 approved at height \d+/m);
    expect(await ok('repair', 'show', '1', '--as', 'demo-person')).toMatch(/^ {2}decided {4}by demo-market at height \d+ — Paid in full$/m);
    expect(await ok('report', PERSON, '--as', 'demo-person')).not.toMatch(/#3 v1/);
  });

  it('the source misses the deadline: the objection escalates on the deadline day and not before, and the regulator decides', async () => {
    expect(await ok('records', 'submit', '--subject', PERSON, '--category', 'loan-overdue', '--occurred', '2025-05-10', '--ended', '2025-08-31', '--amount', '20000', '--detail', 'contractNumber=L-2025-9', '--as', 'demo-bank')).toMatch(/^Record 4 submitted/);
    await ok('records', 'review', '4', '--publish', '--as', 'demo-bank-reviewer');
    expect(await ok('objection', 'file', '4', '--reason', 'This loan is not mine', '--as', 'demo-person')).toMatch(/^Objection 2 filed on record 4/m);
    const standing = (await ok('org', 'show', 'bank-a')).match(/^ {2}standing .*$/m)![0];
    expect(standing).toMatch(/(\d+) objections to its records \(\d+ upheld, 0 not answered in time\)/);

    // An hour before the deadline (the end of its twentieth day), nothing escalates.
    const deadline = Date.parse(`${/to answer before (\d{4}-\d\d-\d\d) 00:00 UTC/.exec(await ok('objection', 'show', '2', '--as', 'demo-person'))![1]}T00:00:00Z`);
    const nodeNow = async () => {
      const [, day, hm] = /^It is (\S+) (\d\d:\d\d) UTC/.exec(await ok('clock', 'show'))!;
      return Date.parse(`${day}T${hm}:00Z`);
    };
    const early = Math.floor((deadline - 3_600_000 - (await nodeNow())) / 60_000);
    expect(await ok('clock', 'advance', `${early}m`)).toMatch(/^Moved the node's clock \d+ days? (\d+ hours? )?(\d+ minutes? )?ahead\. It is \d{4}-\d\d-\d\d 23:\d\d UTC by the node's clock, .* ahead of the machine's\.\nBlock \d+ was cut at /);
    expect(await ok('objection', 'show', '2', '--as', 'demo-person')).toMatch(/^Objection 2 to record 4: open$/m);
    // Once the deadline's day begins it goes to the regulators, in the day's first block, with no transaction needed.
    expect(await ok('clock', 'advance', '2h')).toMatch(/^Block \d+ was cut at \d{4}-\d\d-\d\d 0[01]:\d\d UTC/m);
    expect(await ok('objection', 'show', '2', '--as', 'demo-person')).toMatch(/^Objection 2 to record 4: escalated$/m);
    expect(await ok('objection', 'list', '--status', 'overdue', '--as', 'demo-regulator')).toMatch(/^#2 {2}record 4 {2}source bank-a {2}escalated/m);
    expect(await ok('org', 'show', 'bank-a')).toMatch(/\(\d+ upheld, 1 not answered in time\)/);
    expect(await refused('objection', 'answer', '2', '--reject', '--reason', 'late', '--as', 'demo-bank')).toMatch(/its deadline passed and the regulators decide it/);

    expect(await ok('objection', 'decide', '2', '--revoke', '--reason', 'The source did not answer', '--as', 'demo-regulator')).toMatch(/^Objection 2 decided at height \d+: the record is revoked and its old details erased\.$/m);
    expect(await ok('records', 'show', '4', '--as', 'demo-person')).toMatch(/were erased at height \d+ \(an objection to it was upheld\)/);
    expect(await ok('clock', 'show')).toMatch(/^It is .* UTC by the node's clock, 2[01] days? .*ahead of the machine's\.$/m);
  });
});
