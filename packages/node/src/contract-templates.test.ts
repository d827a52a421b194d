// The agreement templates (packages/node/templates/contracts), run as a new user's contract would
// be: compiled from TypeScript, deployed by the bank, approved by the regulator, on the sandbox.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContractSandbox } from './contract-sandbox.js';

const template = (name: string) => readFileSync(new URL(`../templates/contracts/${name}.ts`, import.meta.url), 'utf8');
const DAY = 86_400_000;

function loanSandbox() {
  const sb = new ContractSandbox();
  expect(sb.deploy('loan', template('loan'), ['loan-overdue', 'on-time-repayment']).code).toBe('ok');
  return sb;
}

function propose(sb: ContractSandbox, instalments = 3) {
  const schedule = Array.from({ length: instalments }, (_, i) => ({ due: sb.now + (i + 1) * 30 * DAY, amount: 10_000 }));
  return sb.call('bank-clerk', 'loan', 'propose', { borrower: 'enterprise', schedule, graceDays: 5, amountBand: 2, reference: 'L-2026-001' });
}

describe('the loan template', () => {
  it('both sign; one instalment is missed: after grace the alarm files an overdue record, the reviewer publishes it', () => {
    const sb = loanSandbox();
    expect(propose(sb).result).toEqual({ id: 1 });
    expect(sb.call('bank-clerk', 'loan', 'accept', { id: 1 }).message).toMatch(/Only the borrower \(enterprise\) may do this/);
    const accepted = sb.call('enterprise', 'loan', 'accept', { id: 1 });
    expect(accepted.result).toEqual({ id: 1, status: 'active' });
    expect(accepted.events).toEqual([{ contract: 'loan', name: 'accepted', data: { id: 1, borrower: 'enterprise' } }]);
    // Instalment 1 paid on time, confirmed by the lender's account only.
    sb.advanceDays(29);
    expect(sb.call('enterprise', 'loan', 'repay', { id: 1, instalment: 1 }).code).toBe('CONTRACT_FAILED');
    expect(sb.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 1 }).result).toMatchObject({ status: 'active' });
    // Instalment 2 (due at day 60) is missed: nothing happens until its grace period ends (day 65).
    sb.advanceDays(35);
    expect(sb.record(1)).toBeUndefined();
    sb.advanceDays(1.5);
    expect(sb.record(1)).toMatchObject({ status: 'pending', category: 'loan-overdue', source: 'bank', submitter: 'contract:loan', occurred: '2026-03-02', amountBand: 2 });
    expect(sb.storage('loan', 'loan/1')).toMatchObject({ status: 'overdue', records: [1] });
    expect(sb.review([1]).code).toBe('ok');
    expect(sb.record(1)).toMatchObject({ status: 'published', reviewer: 'bank-reviewer' });
    // Repaid late in full: no positive record.
    sb.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 2 });
    sb.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 3 });
    sb.advanceDays(40);
    expect(sb.storage('loan', 'loan/1')).toMatchObject({ status: 'repaid', records: [1] });
    expect(sb.record(2)).toBeUndefined();
  });

  it('a loan repaid on time files a positive record', () => {
    const sb = loanSandbox();
    propose(sb, 2);
    sb.call('enterprise', 'loan', 'accept', { id: 1 });
    sb.advanceDays(10);
    sb.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 1 });
    const last = sb.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 2 });
    expect(last.result).toEqual({ id: 1, instalment: 2, status: 'repaid', record: 1 });
    expect(sb.record(1)).toMatchObject({ status: 'pending', category: 'on-time-repayment', occurred: '2026-01-01', ended: '2026-01-11' });
    sb.advanceDays(70); // the alarms find every instalment paid
    expect(sb.record(2)).toBeUndefined();
  });

  it('refuses: a borrower that is not a subject, a schedule in the past, another organisation proposing, a double repayment', () => {
    const sb = loanSandbox();
    expect(sb.call('bank-clerk', 'loan', 'propose', { borrower: 'bank-admin', schedule: [{ due: sb.now + DAY, amount: 1 }], amountBand: 1, reference: 'x' }).message).toMatch(/not a subject's own account/);
    expect(sb.call('bank-clerk', 'loan', 'propose', { borrower: 'enterprise', schedule: [{ due: sb.now - DAY, amount: 1 }], amountBand: 1, reference: 'x' }).message).toMatch(/must fall due after now/);
    expect(sb.call('other-bank', 'loan', 'propose', { borrower: 'enterprise', schedule: [{ due: sb.now + DAY, amount: 1 }], amountBand: 1, reference: 'x' }).message).toMatch(/Only an account of bank/);
    propose(sb, 2);
    sb.call('enterprise', 'loan', 'accept', { id: 1 });
    sb.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 1 });
    expect(sb.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 1 }).message).toMatch(/already paid/);
  });

  it('without the categories approved, the alarm cannot file and the loan stays active', () => {
    const sb = new ContractSandbox();
    sb.deploy('loan', template('loan'), []);
    propose(sb, 1);
    sb.call('enterprise', 'loan', 'accept', { id: 1 });
    sb.advanceDays(40);
    expect(sb.record(1)).toBeUndefined();
    expect(sb.storage('loan', 'loan/1')).toMatchObject({ status: 'active' });
  });
});

describe('the service template', () => {
  const EVIDENCE = 'ab'.repeat(32);
  function task(sb: ContractSandbox) {
    expect(sb.deploy('service', template('service')).code).toBe('ok');
    const milestones = [{ name: 'design', amount: 3000, due: sb.now + 10 * DAY }, { name: 'build', amount: 7000, due: sb.now + 30 * DAY }];
    expect(sb.call('bank-clerk', 'service', 'publish', { title: 'Loan portal', provider: 'enterprise', milestones, graceDays: 2, reviewDays: 5 }).result).toEqual({ id: 1 });
  }

  it('published, accepted, funded, delivered, confirmed, paid with an invoice; escrow stays consistent', () => {
    const sb = new ContractSandbox();
    task(sb);
    expect(sb.call('person', 'service', 'accept', { id: 1 }).message).toMatch(/Only the provider \(enterprise\)/);
    expect(sb.call('enterprise', 'service', 'accept', { id: 1 }).result).toEqual({ id: 1, status: 'accepted' });
    expect(sb.call('bank-clerk', 'service', 'fund', { id: 1, amount: 10_000 }).result).toEqual({ escrow: 10_000 });
    expect(sb.call('bank-clerk', 'service', 'confirm', { id: 1, milestone: 1 }).message).toMatch(/has not been delivered/);
    sb.call('enterprise', 'service', 'deliver', { id: 1, milestone: 1, evidence: EVIDENCE });
    const paid = sb.call('bank-clerk', 'service', 'confirm', { id: 1, milestone: 1 });
    expect(paid.result).toEqual({ invoice: 'service-1-1', escrow: 7000, paid: 3000, status: 'accepted' });
    expect(paid.events).toEqual([{ contract: 'service', name: 'paid', data: { task: 1, milestone: 1, amount: 3000, invoice: 'service-1-1', by: 'client' } }]);
    // The second is delivered; the client says nothing for the review period: the contract pays.
    sb.call('enterprise', 'service', 'deliver', { id: 1, milestone: 2, evidence: EVIDENCE });
    sb.advanceDays(6);
    expect(sb.storage('service', 'task/1')).toMatchObject({ status: 'completed', funded: 10_000, escrow: 0, paid: 10_000, milestones: [{ confirmedBy: 'client' }, { confirmedBy: 'timeout', invoice: 'service-1-2' }] });
  });

  it('a milestone not delivered by its due time plus grace is marked late; an unfunded one is not paid', () => {
    const sb = new ContractSandbox();
    task(sb);
    sb.call('enterprise', 'service', 'accept', { id: 1 });
    sb.advanceDays(13);
    expect(sb.storage('service', 'task/1')).toMatchObject({ milestones: [{ late: true }, { late: false }] });
    sb.call('enterprise', 'service', 'deliver', { id: 1, milestone: 1, evidence: EVIDENCE });
    sb.advanceDays(6);
    expect(sb.storage('service', 'task/1')).toMatchObject({ escrow: 0, paid: 0, milestones: [{ confirmed: null, late: true }, { late: false }] });
  });
});

describe('the guarantee template', () => {
  function guaranteed() {
    const sb = loanSandbox();
    expect(sb.deploy('guarantee', template('guarantee'), ['loan-overdue']).code).toBe('ok');
    propose(sb, 2);
    expect(sb.call('bank-clerk', 'guarantee', 'offer', { loanContract: 'loan', loan: 1, guarantor: 'person', amountBand: 2, graceDays: 10 }).result).toEqual({ id: 1 });
    expect(sb.call('person', 'guarantee', 'accept', { id: 1 }).result).toEqual({ id: 1, status: 'active' });
    sb.call('enterprise', 'loan', 'accept', { id: 1 });
    return sb;
  }

  it('the principal defaults: the guarantee is called; unhonoured past its grace, the guarantor is recorded', () => {
    const sb = guaranteed();
    sb.advanceDays(36); // instalment 1 (day 30) missed, grace 5 days: the loan files record 1
    expect(sb.record(1)).toMatchObject({ category: 'loan-overdue', submitter: 'contract:loan' });
    sb.advanceDays(1); // the guarantee's check, a day later, calls it
    expect(sb.storage('guarantee', 'guarantee/1')).toMatchObject({ status: 'called', record: null });
    sb.advanceDays(10);
    expect(sb.storage('guarantee', 'guarantee/1')).toMatchObject({ status: 'defaulted', record: 2 });
    expect(sb.record(2)).toMatchObject({ category: 'loan-overdue', submitter: 'contract:guarantee', status: 'pending', subject: expect.any(Uint8Array) });
  });

  it('honoured in time, or the loan repaid, nothing is filed against the guarantor', () => {
    const sb = guaranteed();
    sb.advanceDays(37);
    expect(sb.call('bank-clerk', 'guarantee', 'honour', { id: 1 }).result).toEqual({ id: 1, status: 'honoured' });
    sb.advanceDays(20);
    expect(sb.storage('guarantee', 'guarantee/1')).toMatchObject({ status: 'honoured', record: null });

    const repaid = guaranteed();
    repaid.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 1 });
    repaid.call('bank-clerk', 'loan', 'repay', { id: 1, instalment: 2 });
    repaid.advanceDays(40);
    expect(repaid.storage('guarantee', 'guarantee/1')).toMatchObject({ status: 'released' });
  });
});
