import { describe, expect, it } from 'vitest';
import { STANDARD_CATEGORIES } from '@creditchain/ledger';
import type { CategoryInfo } from '../app/categories.js';
import { detailFields, recordFromForm, type RecordFormValues } from './record-form.js';

const category = (code: string) => STANDARD_CATEGORIES.find((c) => c.code === code) as unknown as CategoryInfo;
const ref = 'ab'.repeat(32);
const form: RecordFormValues = { subject: ref, kind: 'person', category: 'loan-overdue', occurred: '2026-03-01', ended: '', amountBand: 2, publicityDays: '', details: { contractNumber: ' L-1 ', overdueDays: '', religion: 'x' } };

describe('the record form', () => {
  it('makes the record to submit, with only the non-empty details its category allows', () => {
    const r = recordFromForm(form, category('loan-overdue'));
    expect(r).toEqual({ subject: Uint8Array.from(Buffer.from(ref, 'hex')), subjectKind: 'person', category: 'loan-overdue', occurred: '2026-03-01', ended: null, amountBand: 2, publicityDays: null, details: { contractNumber: 'L-1' } });
    expect(recordFromForm({ ...form, details: {} }, category('loan-overdue'))).toMatchObject({ details: null });
  });

  it('offers the category’s own detail fields, the amount and a summary', () => {
    expect(detailFields(category('loan-overdue'))).toEqual(['contractNumber', 'creditor', 'overdueDays', 'amount', 'summary']);
  });

  it('says which value is wrong', () => {
    expect(recordFromForm({ ...form, subject: '11010519491231002X' }, category('loan-overdue'))).toEqual({ problem: 'subject' });
    expect(recordFromForm(form, undefined)).toEqual({ problem: 'category' });
    expect(recordFromForm({ ...form, category: 'env-exceedance' }, category('env-exceedance'))).toEqual({ problem: 'kind' });
    expect(recordFromForm({ ...form, occurred: '' }, category('loan-overdue'))).toEqual({ problem: 'occurred' });
    expect(recordFromForm({ ...form, ended: '2026-02-01' }, category('loan-overdue'))).toEqual({ problem: 'ended' });
    const penalty = category('admin-penalty-serious');
    expect(recordFromForm({ ...form, category: penalty.code, publicityDays: '30' }, penalty)).toEqual({ problem: 'publicityDays' });
    expect(recordFromForm({ ...form, category: penalty.code, publicityDays: '400' }, penalty)).toMatchObject({ publicityDays: 400 });
  });
});
