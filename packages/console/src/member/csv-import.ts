// A CSV import in the page, the pure part: the SDK's reader (the same `parseRecordsCsv` as
// `creditchain records import`) with the browser's subject step — the page holds no consortium
// secret, so a row gives its subject's reference in hex with its kind — and the organisation's
// sourcing check; then the file's lines as the page shows them, each valid or with its problems,
// and the valid rows in the batches they are signed in.
import {
  parseRecordsCsv,
  planRecordBatches,
  refuseUnsourced,
  subjectsByReference,
  type Category,
  type CsvRefusal,
  type CsvRow,
  type CsvSubmitter,
  type NewRecord,
} from '@creditchain/sdk';

/** One line of the file that holds a row: the record it makes, or what is wrong with it. */
export interface ImportLine {
  readonly line: number;
  readonly row: CsvRow | undefined;
  readonly problems: readonly CsvRefusal[];
}

/** Every row of `text` checked as the chain would for `submitter`, in line order. Throws CSV_BAD_FILE for a file that cannot be read as a whole. */
export function checkImport(text: string, categories: readonly Category[], submitter: CsvSubmitter, today: string): ImportLine[] {
  const parsed = refuseUnsourced(parseRecordsCsv(text, { subjects: subjectsByReference(), categories, today }), categories, submitter);
  const lines = new Map<number, { row: CsvRow | undefined; problems: CsvRefusal[] }>();
  for (const row of parsed.rows) lines.set(row.line, { row, problems: [] });
  for (const r of parsed.refused) {
    const at = lines.get(r.line);
    if (at === undefined) lines.set(r.line, { row: undefined, problems: [r] });
    else at.problems.push(r);
  }
  return [...lines].sort(([a], [b]) => a - b).map(([line, x]) => ({ line, ...x }));
}

/** A record to submit, with the line of the file it came from. */
export type LineRecord = NewRecord & { readonly line: number };

/** The valid rows in the batches they are signed in (the SDK's planRecordBatches: at most 1,000 records, well under the size limit). */
export function importBatches(lines: readonly ImportLine[]): LineRecord[][] {
  const records = lines.flatMap((l) => (l.row === undefined ? [] : [{ ...l.row.input, details: l.row.details, line: l.line }]));
  return planRecordBatches(records);
}

/** The record ids a committed batch was given, by line: `first`, `first + 1` … in the batch's order. */
export function idsByLine(batch: readonly LineRecord[], first: number): Map<number, number> {
  return new Map(batch.map((r, i) => [r.line, first + i]));
}
