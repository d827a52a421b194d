import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreditChainError } from '@creditchain/core';
import { parseCsv } from './csv.js';

function fileError(f: () => unknown): CreditChainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CreditChainError);
    return e as CreditChainError;
  }
  throw new Error('expected an error');
}

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and skips a trailing newline', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks, and counts lines across them', () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\nlast,row');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\r\nlines', 'z'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
  });

  it('drops a UTF-8 byte order mark, accepts CR line breaks and keeps empty fields', () => {
    expect(parseCsv('\ufeffa,b\r1,\r,\n""')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', ''] },
      { line: 3, fields: ['', ''] },
      { line: 4, fields: [''] },
    ]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(parseCsv('a\n\n\nb\n\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('keeps non-ASCII text intact', () => {
    expect(parseCsv('名称,金额\n"厦门某某有限公司",１２\n')[1]!.fields).toEqual(['厦门某某有限公司', '１２']);
  });

  it('refuses an unclosed quote, a stray quote and text after a closing quote, naming the line', () => {
    expect(fileError(() => parseCsv('a\n"open\n')).message).toMatch(/^Line 2: .*never closed/);
    expect(fileError(() => parseCsv('a\nb\n5" pipe\n')).message).toMatch(/^Line 3: a double quote inside an unquoted field/);
    expect(fileError(() => parseCsv('a,b\n"x"y,z\n')).message).toMatch(/^Line 2: a quoted field is followed by text/);
    expect(fileError(() => parseCsv('a\n"x"y')).code).toBe('CLI_FILE_ERROR');
  });

  it('reads back whatever a writer that quotes every field wrote', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', '"', '\n', '\r', '\r\n', '中', '\ufeff') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (table, eol, trailing) => {
        const text = table.map((row) => row.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join(eol) + (trailing && table.length > 0 ? eol : '');
        expect(parseCsv(text).map((r) => r.fields)).toEqual(table);
      }),
    );
  });

  it('stops at the record limit', () => {
    expect(parseCsv('a\nb\n', 2)).toHaveLength(2);
    expect(fileError(() => parseCsv('a\nb\nc\n', 2)).details).toEqual({ limit: 2 });
  });
});
