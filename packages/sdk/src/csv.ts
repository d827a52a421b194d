// RFC 4180 CSV: text in, records out, each with the line it starts on so a refusal can name it.
// Shared by the CLI (`creditchain records import`) and the web console's import page.
import { CreditChainError } from '@creditchain/core';

export interface CsvRecord {
  /** Line of the text the record starts on (the first line is 1). */
  readonly line: number;
  readonly fields: string[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** 1234567 → "1,234,567" on every machine (toLocaleString depends on the ICU data and locale). */
export function grouped(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fileError(message: string, details: Record<string, unknown>): CreditChainError {
  return new CreditChainError('CSV_BAD_FILE', message, details);
}

/**
 * Splits CSV text into records (RFC 4180): fields quoted or not, "" for a quote inside quotes,
 * line breaks CRLF, LF or CR, an optional UTF-8 byte order mark, blank lines skipped. Written
 * here rather than taken from a library because it is this one function and we keep the
 * dependencies few. Strict where the RFC is, since a misread column would put a value in the
 * wrong place: a quote inside an unquoted field, or text after a closing quote, refuses the file
 * (CSV_BAD_FILE naming the line). More than `maxRecords` records throws CSV_BAD_FILE with
 * details `{ limit }`.
 */
export function parseCsv(text: string, maxRecords = Number.MAX_SAFE_INTEGER): CsvRecord[] {
  const out: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const lineBreak = (at: number): number => (text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1);
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) {
      i += lineBreak(i);
      line++;
      continue;
    }
    if (out.length >= maxRecords) throw fileError(`The file holds more than ${grouped(maxRecords)} records; split it into smaller files.`, { limit: maxRecords });
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw fileError(`Line ${start}: a field opened with a double quote is never closed.`, { line: start });
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) !== QUOTE) {
            i = q + 1;
            break;
          }
          value += '"';
          j = q + 2;
        }
        line += value.match(/\r\n?|\n/g)?.length ?? 0;
        const after = text.charCodeAt(i);
        if (i < n && after !== COMMA && after !== LF && after !== CR) {
          throw fileError(`Line ${line}: a quoted field is followed by text before the next comma; put the whole field in quotes and write a quote inside it as "".`, { line });
        }
        fields.push(value);
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) throw fileError(`Line ${line}: a double quote inside an unquoted field; put the whole field in quotes and write the quote as "".`, { line });
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      if (text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      i += lineBreak(i);
      line++;
      break;
    }
    out.push({ line: start, fields });
  }
  return out;
}
