// Credit records from the built `creditchain` command, as a new user runs them on a dev node:
// a bank imports a CSV of 1,000 overdue records (some rows refused, each with its line), another
// account publishes them, the subject reads its report with a score and reason codes, writes it
// as JSON and HTML, and `creditchain verify` passes offline — and fails once a byte changes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar, usccCheckChar } from '@creditchain/core';
import { freePort, ok as okIn, refused as refusedIn, startDev } from '../../../../test/support/cli.js';

let work: string;
let dev: Awaited<ReturnType<typeof startDev>> | undefined;
let verifierKey: string;
const ok = (...args: string[]) => okIn(work, ...args);
const refused = (...args: string[]) => refusedIn(work, ...args);
const PERSON = '11010519491231002X'; // demo-person

/** 1,000 valid overdue rows (three about the demo person), then two bad ones. */
function csv(): string {
  const rows = ['subject,kind,category,occurred,ended,amount,name,contractNumber,overdueDays'];
  for (let i = 0; i < 1000; i++) {
    let subject: string;
    if (i < 3) subject = PERSON;
    else if (i % 2 === 0) {
      const body = `91350100M${String(100_000 + i).padStart(8, '0')}`.slice(0, 17);
      subject = body + usccCheckChar(body);
    } else {
      const body = `11010519800${1 + (i % 9)}1${i % 10}${String(100 + (i % 900)).padStart(3, '0')}`.slice(0, 17);
      subject = body + residentIdCheckChar(body);
    }
    const kind = i < 3 || i % 2 === 1 ? 'person' : 'enterprise';
    rows.push([subject, kind, 'loan-overdue', `2025-0${1 + (i % 9)}-1${i % 10}`, '2025-10-31', String(5000 + i * 137), `"Borrower ${i}, Ltd"`, `L-2025-${i}`, String(30 + (i % 200))].join(','));
  }
  rows.push(`${PERSON},person,loan-overdue,2025-13-01,,100,x,L-bad,1`);
  rows.push(`${PERSON},person,dishonest-judgement-debtor,2025-01-01,,100,x,,`);
  return `${rows.join('\n')}\n`;
}

describe('creditchain records and reports on a dev node', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'creditchain-records-'));
    dev = await startDev(work, '--port', String(await freePort()));
    verifierKey = /verifier key\s+(\S+)/.exec(dev.stdout())![1]!;
    writeFileSync(join(work, 'overdue.csv'), csv());
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports 1,000 valid rows of a CSV and names each refused row by line and column', async () => {
    const r = await okIn(work, 'records', 'import', 'overdue.csv', '--as', 'demo-bank', '--refused', 'refused.txt');
    expect(r).toMatch(/^1,000 of 1,002 rows are valid\.$/m);
    expect(r).toMatch(/^Imported 1,000 records in 1 transaction\(s\), [\d,]+ records\/s: ids 1-1000\.$/m);
    const refusedRows = readFileSync(join(work, 'refused.txt'), 'utf8');
    expect(refusedRows).toMatch(/^line 1002, column occurred: /m);
    expect(refusedRows).toMatch(/^line 1003, column category: "dishonest-judgement-debtor" records may be sourced only by court organisations; bank-a is a bank\.$/m);
  });

  it('refuses a reviewer who submitted the records, then publishes them by another account', async () => {
    expect(await refused('records', 'review', '1-1000', '--publish', '--as', 'demo-bank')).toMatch(/needs the role reviewer|another account must review/);
    expect(await ok('records', 'review', '1-1000', '--publish', '--as', 'demo-bank-reviewer')).toBe('Published 1,000 record(s).\n');
  });

  it("shows the subject's report with its score and reason codes, and writes it as JSON and HTML", async () => {
    const shown = await ok('report', PERSON, '--as', 'demo-person', '--out', 'report.json');
    expect(shown).toMatch(/score\s+610 on 300–900 \(model 1, CreditChain standard v1; base 700\)/);
    expect(shown).toMatch(/lowered by N01 Loan repayments were overdue \(贷款曾逾期还款\): -90, 3 records/);
    expect(shown).toMatch(/#1 v1 {2}occurred 2025-01-10, ended 2025-10-31 {2}amount <10k {2}from bank-a {2}counts until 2030-10-31/);
    await ok('report', PERSON, '--as', 'demo-person', '--out', 'report.html');
    expect(readFileSync(join(work, 'report.html'), 'utf8')).toContain('Loan repayment overdue');
    expect(await refused('report', PERSON, '--as', 'demo-bank-b')).toMatch(/only for a query it has recorded first.*\(READ_NOT_ENTITLED\)$/);
  });

  it('verifies the report offline, and refuses it once one byte changes', async () => {
    expect(await ok('verify', 'report.json', '--trust', verifierKey)).toMatch(/^VERIFIED: report\.json is the credit report the chain held for subject [0-9a-f]{64} at height \d+\.$/m);
    const text = readFileSync(join(work, 'report.json'), 'utf8');
    writeFileSync(join(work, 'changed.json'), text.replace('"value": 610', '"value": 611'));
    expect(await refused('verify', 'changed.json', '--trust', verifierKey)).toMatch(/does not match the proven state.*\(REPORT_INVALID\)$/);
  });

  it('shows a record with its details to its source, and corrects it into a new version', async () => {
    expect(await ok('records', 'show', '1', '--as', 'demo-bank')).toMatch(/contractNumber: L-2025-0/);
    expect(await ok('records', 'correct', '1', '--amount-band', '2', '--reason', 'amount keyed wrongly', '--as', 'demo-bank')).toBe('Record 1 corrected: version 2, pending review.\n');
    expect(await refused('records', 'revoke', '1', '--reason', 'not ours', '--as', 'demo-bank-b')).toMatch(/only its source may revoke it.*\(RECORD_NOT_SOURCE\)$/);
    expect(await refused('records', 'show', '2', '--as', 'demo-bank-b')).toMatch(/\(READ_NOT_ENTITLED\)$/);
  });
});
