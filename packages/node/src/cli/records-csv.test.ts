import { describe, expect, it } from 'vitest';
import { CreditChainError, parseSubjectId, residentIdCheckChar, subjectRef, usccCheckChar } from '@creditchain/core';
import { STANDARD_CATEGORIES, type Category } from '@creditchain/ledger';
import { amountBand, describeRefusal, parseRecordsCsv, type ParsedRecordsCsv } from './records-csv.js';

const secret = new Uint8Array(32).fill(7);
const categories = STANDARD_CATEGORIES;
const USCC = `91350100M000100Y4${usccCheckChar('91350100M000100Y4')}`;
const RIN = `11010519491231002${residentIdCheckChar('11010519491231002')}`; // 11010519491231002X
/** An 18-digit string valid both as a code and as a resident ID number. */
const BOTH = (() => {
  for (let seq = 100; seq < 1000; seq++) {
    const first17 = `11010519800101${seq}`;
    const c = residentIdCheckChar(first17);
    if (c !== 'X' && usccCheckChar(first17) === c) return first17 + c;
  }
  throw new Error('no ambiguous identifier found');
})();

const parse = (text: string, extra: Partial<Parameters<typeof parseRecordsCsv>[1]> = {}): ParsedRecordsCsv => parseRecordsCsv(text, { secret, categories, ...extra });
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
function fileError(f: () => unknown): CreditChainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CreditChainError);
    return e as CreditChainError;
  }
  throw new Error('expected an error');
}

describe('amountBand', () => {
  it.each([
    ['0', 0], ['0.00', 0], ['000', 0], ['0.01', 1], ['1', 1], ['9999', 1], ['9999.999999999999999999', 1],
    ['10000', 2], ['10,000.00', 2], ['99999.99', 2], ['100000', 3], ['999,999', 3], ['1000000', 4],
    ['9999999.99', 4], ['10000000', 5], ['99,999,999', 5], ['100000000', 6], ['123456789012345678901234567890', 6],
    ['0009999', 1], [' 12500 ', 2],
  ])('%s CNY is band %i', (text, band) => {
    expect(amountBand(text)).toBe(band);
  });

  it.each(['', '-5', '1e6', '12,50', '1,2345', '.5', '5.', 'NaN', '¥100', '1 000'])('refuses %j', (text) => {
    const e = fileError(() => amountBand(text));
    expect(e.code).toBe('CLI_BAD_ARGUMENT');
    expect(e.message).toMatch(text.startsWith('-') ? /cannot be negative/ : /not an amount in CNY/);
  });
});

describe('parseRecordsCsv', () => {
  it('turns rows into record inputs with subject references and details', () => {
    const r = parse(csv(
      'subject,category,occurred,ended,amount,name,contractNumber,overdueDays',
      `${USCC},loan-overdue,2024-01-15,2024-03-01,"12,500.00",Acme Ltd,HT-1,45`,
      `${RIN.toLowerCase()},loan-overdue,2024-02-01,,,,,`,
    ));
    expect(r.refused).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        input: { subject: subjectRef(secret, parseSubjectId('enterprise', USCC)), subjectKind: 'enterprise', category: 'loan-overdue', occurred: '2024-01-15', ended: '2024-03-01', amountBand: 2, publicityDays: null },
        details: { amount: '12,500.00', name: 'Acme Ltd', contractNumber: 'HT-1', overdueDays: '45' },
      },
      {
        line: 3,
        input: { subject: subjectRef(secret, parseSubjectId('person', RIN)), subjectKind: 'person', category: 'loan-overdue', occurred: '2024-02-01', ended: null, amountBand: 0, publicityDays: null },
        details: null,
      },
    ]);
  });

  it('reads the kind in any case, and quotes an unknown one as written', () => {
    const r = parse(csv('kind,subject,category,occurred', `Person,${BOTH},loan-default,2024-01-01`, `ENTERPRISE,${BOTH},loan-default,2024-01-01`, `Company,${USCC},loan-default,2024-01-01`));
    expect(r.rows.map((x) => x.input.subjectKind)).toEqual(['person', 'enterprise']);
    expect(r.refused).toEqual([{ line: 4, column: 'kind', message: 'A subject is an "enterprise" or a "person", not "Company".' }]);
  });

  it('takes amount_band, publicity_days and an explicit kind', () => {
    const r = parse(csv('kind,subject,category,occurred,amount_band,publicity_days,caseNumber', `person,${BOTH},admin-penalty-serious,2024-05-01,3,400,X-9`));
    expect(r.refused).toEqual([]);
    expect(r.rows[0]!.input).toMatchObject({ subjectKind: 'person', amountBand: 3, publicityDays: 400 });
    expect(r.rows[0]!.input.subject).toEqual(subjectRef(secret, parseSubjectId('person', BOTH)));
    expect(r.rows[0]!.details).toEqual({ caseNumber: 'X-9' });
  });

  it('accepts CRLF, a BOM, padded cells and a header in any order', () => {
    const r = parse(`\ufeff occurred , category ,subject\r\n 2024-01-02 , tax-arrears , ${USCC} \r\n`);
    expect(r.refused).toEqual([]);
    expect(r.rows[0]!.input).toMatchObject({ category: 'tax-arrears', occurred: '2024-01-02', subjectKind: 'enterprise' });
  });

  it('infers the kind, and refuses an identifier valid as both', () => {
    const r = parse(csv('subject,category,occurred', `${USCC},loan-default,2024-01-01`, `${RIN},loan-default,2024-01-01`, `${BOTH},loan-default,2024-01-01`));
    expect(r.rows.map((x) => x.input.subjectKind)).toEqual(['enterprise', 'person']);
    expect(r.refused).toEqual([{ line: 4, column: 'subject', message: expect.stringMatching(/both a valid Unified Social Credit Code and a valid resident ID number; say which it is \(enterprise or person\)\. Add a kind column saying which\.$/) }]);
  });

  it("refuses invalid identifiers with parseSubjectId's sentence, never repeating the identifier", () => {
    const badUscc = USCC.slice(0, 17) + (USCC[17] === '0' ? '1' : '0');
    const badRin = `${RIN.slice(0, 17)}${RIN[17] === '1' ? '2' : '1'}`;
    const r = parse(csv('subject,kind,category,occurred', `${badUscc},,loan-default,2024-01-01`, `${badRin},person,loan-default,2024-01-01`, `${badRin},,loan-default,2024-01-01`, ',,loan-default,2024-01-01', `${USCC},company,loan-default,2024-01-01`));
    expect(r.rows).toEqual([]);
    expect(r.refused.map((x) => [x.line, x.column])).toEqual([[2, 'subject'], [3, 'subject'], [4, 'subject'], [5, 'subject'], [6, 'kind']]);
    expect(r.refused[0]!.message).toMatch(/check character of the Unified Social Credit Code \(position 18\)/);
    expect(r.refused[0]!.message).not.toMatch(/resident/); // letters: it was meant as a code
    expect(r.refused[1]!.message).toMatch(/check character of the resident identity number/);
    expect(r.refused[2]!.message).toMatch(/neither a Unified Social Credit Code \(.*\) nor a resident ID number \(.*check character.*\)\. A kind column would say which it is meant to be\.$/);
    expect(r.refused[3]!.message).toMatch(/subject is empty/);
    expect(r.refused[4]!.message).toBe('A subject is an "enterprise" or a "person", not "company".');
    for (const x of r.refused) {
      expect(x.message).not.toContain(badUscc);
      expect(x.message).not.toContain(badRin);
    }
  });

  it('gives both sentences, and the 15-digit hint, when a number is neither kind', () => {
    const r = parse(csv('subject,category,occurred', '110105491231002,loan-default,2024-01-01'));
    expect(r.refused[0]!.message).toMatch(/neither a Unified Social Credit Code \(A Unified Social Credit Code has 18 characters; this one has 15\.\) nor a resident ID number \(.*15-digit first-generation number must be converted/);
  });

  it('reports its progress row by row', () => {
    const calls: Array<[number, number]> = [];
    parse(csv('subject,category,occurred', `${USCC},loan-default,2024-01-01`, 'x', `${USCC},loan-default,bad`), { onRow: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it('refuses an unknown category and a subject kind the category does not allow', () => {
    const r = parse(csv('subject,category,occurred', `${USCC},loan-late,2024-01-01`, `${RIN},env-exceedance,2024-01-01`, `${USCC},,2024-01-01`));
    expect(r.refused).toEqual([
      { line: 2, column: 'category', message: expect.stringMatching(/^There is no record category "loan-late"; the chain's categories are .*loan-overdue/) },
      { line: 3, column: 'subject', message: '"env-exceedance" records may be about enterprise subjects, not a person.' },
      { line: 4, column: 'category', message: expect.stringMatching(/category is empty/) },
    ]);
  });

  it('refuses bad dates, future dates and an end before the occurrence', () => {
    const r = parse(
      csv('subject,category,occurred,ended', `${USCC},loan-overdue,2024/01/01,`, `${USCC},loan-overdue,2024-02-30,`, `${USCC},loan-overdue,2024-05-01,2024-04-30`, `${USCC},loan-overdue,2025-07-01,`, `${USCC},loan-overdue,2025-01-01,2025-06-02`, `${USCC},loan-overdue,,`),
      { today: '2025-06-01' },
    );
    expect(r.rows).toEqual([]);
    expect(r.refused).toEqual([
      { line: 2, column: 'occurred', message: 'occurred must be a date written YYYY-MM-DD; "2024/01/01" is not one.' },
      { line: 3, column: 'occurred', message: 'occurred must be a date written YYYY-MM-DD; "2024-02-30" is not one.' },
      { line: 4, column: 'ended', message: 'The behaviour cannot end (2024-04-30) before it occurred (2024-05-01).' },
      { line: 5, column: 'occurred', message: 'The date occurred (2025-07-01) is after today, 2025-06-01.' },
      { line: 6, column: 'ended', message: 'The date ended (2025-06-02) is after today, 2025-06-01.' },
      { line: 7, column: 'occurred', message: 'occurred must be a date written YYYY-MM-DD; "" is not one.' },
    ]);
  });

  it('refuses a record whose period has already ended when today is known', () => {
    const text = csv('subject,category,occurred,ended,publicity_days', `${USCC},loan-overdue,2015-01-01,2019-06-01,`, `${USCC},admin-penalty-minor,2025-01-01,,90`, `${USCC},loan-overdue,2015-01-01,2021-06-01,`);
    const r = parse(text, { today: '2025-06-01' });
    expect(r.refused).toEqual([
      { line: 2, column: 'ended', message: "The record's period ended on 2024-06-01; it no longer counts and the chain would refuse it." },
      { line: 3, column: 'occurred', message: "The record's period ended on 2025-04-01; it no longer counts and the chain would refuse it." },
    ]);
    expect(r.rows.map((x) => x.line)).toEqual([4]);
    expect(parse(text).refused).toEqual([]); // without today, nothing is judged against the calendar
  });

  it("checks publicity_days against the category's retention", () => {
    const r = parse(csv('subject,category,occurred,publicity_days', `${USCC},admin-penalty-serious,2024-01-01,364`, `${USCC},admin-penalty-serious,2024-01-01,1096`, `${USCC},admin-penalty-serious,2024-01-01,1 year`, `${USCC},loan-overdue,2024-01-01,30`, `${USCC},admin-penalty-serious,2024-01-01,1095`));
    expect(r.refused).toEqual([
      { line: 2, column: 'publicity_days', message: '"admin-penalty-serious" records are published for 365 to 1095 days; "364" is not a whole number in that range.' },
      { line: 3, column: 'publicity_days', message: expect.stringContaining('"1096" is not') },
      { line: 4, column: 'publicity_days', message: expect.stringContaining('"1 year" is not') },
      { line: 5, column: 'publicity_days', message: '"loan-overdue" records count until 5 years after the behaviour ended; they take no publicity period, so leave publicity_days empty.' },
    ]);
    expect(r.rows.map((x) => [x.line, x.input.publicityDays])).toEqual([[6, 1095]]);
  });

  it('checks amounts and amount bands', () => {
    const r = parse(csv('subject,category,occurred,amount,amount_band,currency', `${USCC},tax-arrears,2024-01-01,-10,,`, `${USCC},tax-arrears,2024-01-01,,7,`, `${USCC},tax-arrears,2024-01-01,50000,3,`, `${USCC},tax-arrears,2024-01-01,50000,2,CNY`, `${USCC},tax-arrears,2024-01-01,50000,,USD`, `${USCC},tax-arrears,2024-01-01,,6,USD`));
    expect(r.refused).toEqual([
      { line: 2, column: 'amount', message: '"-10" is not an amount in CNY: an amount cannot be negative.' },
      { line: 3, column: 'amount_band', message: 'The amount band is a whole number from 0 to 6, not "7".' },
      { line: 4, column: 'amount_band', message: 'The amount band 3 does not match the amount 50000, which is in band 2; give one or make them agree.' },
      { line: 6, column: 'currency', message: expect.stringMatching(/chosen in CNY, but the currency is "USD"/) },
    ]);
    expect(r.rows.map((x) => [x.line, x.input.amountBand, x.details])).toEqual([
      [5, 2, { amount: '50000', currency: 'CNY' }],
      [7, 6, { currency: 'USD' }],
    ]);
  });

  it("refuses a detail the row's category does not define, but only where the cell is filled", () => {
    const r = parse(csv('subject,category,occurred,contractNumber,court', `${USCC},loan-overdue,2024-01-01,HT-1,`, `${USCC},loan-overdue,2024-01-01,HT-2,Xiamen court`));
    expect(r.rows.map((x) => x.line)).toEqual([2]);
    expect(r.refused).toEqual([{ line: 3, column: 'court', message: expect.stringMatching(/^The details of a "loan-overdue" record may hold name, .*contractNumber.*; "court" is not one of them/) }]);
  });

  it('reports every problem of a row, and a row of the wrong width once', () => {
    const r = parse(csv('subject,category,occurred,ended', `${USCC},loan-late,2024-13-01,2024-01-01`, `${USCC},loan-overdue,2024-01-01`, `${USCC},loan-overdue,2024-01-01,"2024-01-02",extra`));
    expect(r.refused.filter((x) => x.line === 2).map((x) => x.column)).toEqual(['category', 'occurred']);
    expect(r.refused.filter((x) => x.line !== 2)).toEqual([
      { line: 3, message: 'The row has 3 fields but the header names 4 columns; a value holding a comma must be in double quotes.' },
      { line: 4, message: 'The row has 5 fields but the header names 4 columns; a value holding a comma must be in double quotes.' },
    ]);
    expect(describeRefusal(r.refused[0]!)).toMatch(/^line 2, column category: There is no record category/);
    expect(describeRefusal(r.refused[2]!)).toMatch(/^line 3: The row has 3 fields/);
  });

  it('skips rows with nothing in them, as spreadsheets export them', () => {
    const r = parse(csv('subject,category,occurred', ',,', `${USCC},loan-overdue,2024-01-01`, '  ,"", ', '   ', ',,,,'));
    expect(r).toEqual({ rows: [expect.objectContaining({ line: 3 })], refused: [] });
  });

  it('names the right line after a quoted field that spans lines', () => {
    const r = parse(csv('subject,category,occurred,note', `${USCC},loan-overdue,2024-01-01,"first\nsecond"`, `${USCC},loan-overdue,bad,`));
    expect(r.rows[0]!.details).toEqual({ note: 'first\nsecond' });
    expect(r.refused).toEqual([{ line: 4, column: 'occurred', message: expect.any(String) }]);
  });

  it('refuses a row whose details exceed a sidecar', () => {
    const r = parse(csv('subject,category,occurred,note', `${USCC},loan-overdue,2024-01-01,${'x'.repeat(70_000)}`));
    expect(r.refused).toEqual([{ line: 2, message: expect.stringMatching(/more than 64 KiB/) }]);
  });

  describe('refuses the whole file', () => {
    it.each([
      ['', /file is empty/],
      ['\n\n', /file is empty/],
      ['subject,category\n', /must name the column occurred; it names subject, category/],
      ['subject,occurred\n', /must name the column category;/],
      ['kind,amount\n', /must name the columns subject, category, occurred/],
      ['subject,category,occurred,occurred\n', /names the column "occurred" twice/],
      ['subject,category,occurred,,name\n', /Column 4 of the header \(line 1\) has no name/],
      ['subject,category,occured,occurred\n', /"occured", which is neither one of subject, kind, .* nor a detail field of any record category\.$/],
      ['subject,category,occurred,amountBand\n', /"amountBand".*; did you mean "amount_band"\?/],
      ['subject,category,occurred,contract_number\n', /did you mean "contractNumber"/],
      ['subject,category,occurred,bloodType\n', /"bloodType" holds information the credit-reporting regulation \(art\. 14\) forbids collecting \(bloodtype\)/],
      ['subject,category,occurred,宗教信仰\n', /forbids collecting \(宗教\)/],
      ['subject,category,occurred\n"x\n', /^Line 2: a field opened with a double quote is never closed\.$/],
    ])('%j', (text, message) => {
      const e = fileError(() => parse(text));
      expect(e.code).toBe('CLI_FILE_ERROR');
      expect(e.message).toMatch(message);
    });

    it('over the row limit', () => {
      const row = `${USCC},loan-overdue,2024-01-01`;
      expect(parse(csv('subject,category,occurred', row, row, row), { maxRows: 3 }).rows).toHaveLength(3);
      const e = fileError(() => parse(csv('subject,category,occurred', row, row, row, row), { maxRows: 3 }));
      expect(e.message).toBe('The file holds more than 3 rows of records; split it into files of at most 3 rows.');
    });

    it('with a short secret or a bad today', () => {
      expect(fileError(() => parseRecordsCsv('subject,category,occurred\n', { secret: new Uint8Array(16), categories })).code).toBe('SUBJECT_BAD_SECRET');
      expect(fileError(() => parse('subject,category,occurred\n', { today: '1 June' })).code).toBe('CLI_BAD_ARGUMENT');
    });
  });

  it('knows only the categories it is given', () => {
    const only: Category[] = [categories.find((c) => c.code === 'honour')!];
    expect(fileError(() => parseRecordsCsv('subject,category,occurred,contractNumber\n', { secret, categories: only })).message).toMatch(/"contractNumber", which is neither/);
    const r = parseRecordsCsv(csv('subject,category,occurred,title', `${USCC},loan-overdue,2024-01-01,x`), { secret, categories: only });
    expect(r.refused[0]!.message).toBe('There is no record category "loan-overdue"; the chain\'s categories are honour.');
  });

  it('the default limit is a million rows and a header-only file has no rows', () => {
    expect(parse('subject,category,occurred\n')).toEqual({ rows: [], refused: [] });
  });
});
