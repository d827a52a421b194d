// The SDK's side of the CSV reader: its own error codes, the subject step of a browser (references
// in the file, no secret), the sourcing check, and the categories as the API gives them. The rows'
// checks themselves are tested through the CLI (packages/node/src/cli/records-csv.test.ts).
import { describe, expect, it } from 'vitest';
import { CreditChainError, parseSubjectId, subjectRef, toHex, usccCheckChar } from '@creditchain/core';
import { STANDARD_CATEGORIES } from '@creditchain/ledger';
import { parseCsv } from './csv.js';
import { subjectsByReference, subjectsBySecret } from './csv-subjects.js';
import { amountBand, parseRecordsCsv, recordCategories, refuseUnsourced } from './records-csv.js';

const categories = STANDARD_CATEGORIES;
const REF = toHex(new Uint8Array(32).fill(0xab));
const USCC = `91350100M000100Y4${usccCheckChar('91350100M000100Y4')}`;
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const byRef = (text: string) => parseRecordsCsv(text, { subjects: subjectsByReference(), categories });

function thrown(f: () => unknown): CreditChainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CreditChainError);
    return e as CreditChainError;
  }
  throw new Error('expected an error');
}

describe('records CSV in the SDK', () => {
  it('refuses a file as CSV_BAD_FILE and a value as CSV_BAD_VALUE', () => {
    expect(thrown(() => parseCsv('a\n"open\n')).code).toBe('CSV_BAD_FILE');
    expect(thrown(() => byRef('subject,category\n')).code).toBe('CSV_BAD_FILE');
    expect(thrown(() => amountBand('-1')).code).toBe('CSV_BAD_VALUE');
    expect(thrown(() => parseRecordsCsv('subject,category,occurred\n', { subjects: subjectsByReference(), categories, today: 'soon' })).code).toBe('CSV_BAD_VALUE');
    expect(thrown(() => subjectsBySecret(new Uint8Array(8))).code).toBe('SUBJECT_BAD_SECRET');
  });

  it('takes subjects by reference and kind, as a browser without the secret gives them', () => {
    const r = byRef(csv(
      'subject,kind,category,occurred,contractNumber',
      `${REF.toUpperCase()},Person,loan-overdue,2024-01-15,HT-1`,
      `${REF.slice(0, 32)} ${REF.slice(32)},enterprise,loan-overdue,2024-01-15,`,
      `${REF},,loan-overdue,2024-01-15,`,
      `${USCC},enterprise,loan-overdue,2024-01-15,`,
      `${REF},company,loan-overdue,2024-01-15,`,
      `,person,loan-overdue,2024-01-15,`,
    ));
    expect(r.rows.map((x) => [x.line, toHex(x.input.subject), x.input.subjectKind, x.details])).toEqual([
      [2, REF, 'person', { contractNumber: 'HT-1' }],
      [3, REF, 'enterprise', null],
    ]);
    expect(r.refused).toEqual([
      { line: 4, column: 'kind', message: 'A subject given by its reference needs its kind: enterprise or person.' },
      { line: 5, column: 'subject', message: expect.stringMatching(/^The subject must be given by its reference, 64 hex digits: an ID number .* consortium's secret/) },
      { line: 6, column: 'kind', message: 'A subject is an "enterprise" or a "person", not "company".' },
      { line: 7, column: 'subject', message: 'The subject is empty; give its reference, 64 hex digits.' },
    ]);
    expect(r.refused[1]!.message).not.toContain(USCC);
  });

  it('by the secret, gives what the secret keys', () => {
    const secret = new Uint8Array(32).fill(7);
    const r = parseRecordsCsv(csv('subject,category,occurred', `${USCC},loan-overdue,2024-01-15`), { subjects: subjectsBySecret(secret), categories });
    expect(r.rows[0]!.input.subject).toEqual(subjectRef(secret, parseSubjectId('enterprise', USCC)));
  });

  it("refuses the rows of categories the submitter's organisation may not source, in line order", () => {
    const parsed = byRef(csv('subject,kind,category,occurred', `${REF},person,loan-overdue,2024-01-15`, `${REF},person,nope,2024-01-15`, `${REF},person,tax-arrears,2024-01-15`, `${REF},person,loan-default,2024-01-15`));
    const bank = { id: 'bank-a', type: 'bank', categories: ['loan-overdue'] };
    const r = refuseUnsourced(parsed, categories, { sender: 'teller', org: bank });
    expect(r.rows.map((x) => x.line)).toEqual([2]);
    expect(r.refused.map((x) => [x.line, x.column])).toEqual([[3, 'category'], [4, 'category'], [5, 'category']]);
    expect(r.refused[1]!.message).toMatch(/^"tax-arrears" records may be sourced only by .* organisations; bank-a is a bank\.$/);
    expect(r.refused[2]!.message).toBe('bank-a is not approved to source "loan-default" records (its categories: loan-overdue).');
    expect(refuseUnsourced(parsed, categories, { sender: 'me', org: undefined }).refused[0]).toEqual({ line: 2, column: 'category', message: `"me" is a subject's own account; records are submitted by an organisation's submitter.` });
  });

  it('reads the categories as GET /v1/categories gives them', () => {
    const reply = JSON.parse(JSON.stringify({ categories })) as never;
    expect(recordCategories(reply)).toEqual(categories);
  });
});
