import { describe, expect, it } from 'vitest';
import { toHex } from '@creditchain/core';
import { STANDARD_CATEGORIES } from '@creditchain/ledger';
import { checkImport, idsByLine, importBatches } from './csv-import.js';

const ref = 'cd'.repeat(32);
const bank = { sender: 'demo-bank', org: { id: 'bank-a', type: 'bank', categories: ['loan-overdue', 'on-time-repayment'] } };
const text = [
  'subject,kind,category,occurred,contractNumber',
  `${ref},person,loan-overdue,2026-01-10,L-1`,
  `${ref},person,loan-overdue,2026-02-30,L-2`,
  `${ref},person,tax-arrears,2026-01-10,`,
  '',
  `${ref},person,on-time-repayment,2026-01-10,`,
].join('\n');

describe('a CSV import in the page', () => {
  it('checks every row as the CLI does, with references for subjects, and the organisation’s categories', () => {
    const lines = checkImport(text, STANDARD_CATEGORIES, bank, '2026-06-01');
    expect(lines.map((l) => [l.line, l.row === undefined, l.problems.map((p) => p.column)])).toEqual([
      [2, false, []],
      [3, true, ['occurred']],
      [4, true, ['category']],
      [6, false, []],
    ]);
    expect(lines[1]!.problems[0]!.message).toBe('occurred must be a date written YYYY-MM-DD; "2026-02-30" is not one.');
    expect(toHex(lines[0]!.row!.input.subject)).toBe(ref);
    expect(lines[0]!.row!.details).toEqual({ contractNumber: 'L-1' });
  });

  it('refuses a file that cannot be read as a whole', () => {
    expect(() => checkImport('subject,category\n', STANDARD_CATEGORIES, bank, '2026-06-01')).toThrow(expect.objectContaining({ code: 'CSV_BAD_FILE' }));
  });

  it('batches the valid rows and gives each line its record id', () => {
    const batches = importBatches(checkImport(text, STANDARD_CATEGORIES, bank, '2026-06-01'));
    expect(batches.map((b) => b.map((r) => r.line))).toEqual([[2, 6]]);
    expect(idsByLine(batches[0]!, 41)).toEqual(new Map([[2, 41], [6, 42]]));
  });
});
