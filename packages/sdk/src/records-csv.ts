// Credit records from a CSV file, for `creditchain records import FILE.csv` and the web console's
// import page: every row checked up front against the chain's categories, so a member fixes its
// whole file before anything is signed, instead of learning of one bad row per rejected transaction.
//
// The columns (header row, any order): subject, category, occurred — required; kind, ended,
// amount or amount_band, publicity_days — optional; every other column is a detail field of the
// record's sidecar (name, contractNumber, caseNumber …). Refusals never repeat a subject's
// identifier — they name the line and the column — so they can be logged and shared.
//
// How a row's subject cell becomes the subject's on-chain reference is the caller's step
// (csv-subjects.ts): the CLI holds the consortium secret and turns ID numbers into references;
// a browser holds no secret, and its rows give the reference itself.
import { CreditChainError, encodeCanonical } from '@creditchain/core';
import {
  allowedFields,
  DAY_MS,
  expiryOf,
  forbiddenTerm,
  formatDate,
  MAX_SIDECAR_BYTES,
  parseCategory,
  parseDate,
  type Category,
  type RecordInput,
} from '@creditchain/ledger';
import { grouped, parseCsv, type CsvRecord } from './csv.js';
import { CsvCellProblem, type CsvSubjectStep } from './csv-subjects.js';
import type { CategoriesReply } from './replies.js';

export type { Category } from '@creditchain/ledger';

/** Most data rows one file may hold: a bigger import is split, so one file is one reviewable batch. */
export const MAX_CSV_ROWS = 1_000_000;

/** A record as the CSV gives it: the details commitment is made later, when a salt is drawn. */
export type CsvRecordInput = Omit<RecordInput, 'details'>;

export interface CsvRow {
  /** Line of the file the row starts on (the header is line 1). */
  readonly line: number;
  readonly input: CsvRecordInput;
  /** The sidecar payload: the row's non-empty detail cells, or null when it has none. */
  readonly details: Record<string, string> | null;
}

export interface CsvRefusal {
  readonly line: number;
  readonly column?: string;
  readonly message: string;
}

export interface ParsedRecordsCsv {
  readonly rows: CsvRow[];
  readonly refused: CsvRefusal[];
}

export interface RecordsCsvOptions {
  /** How a row's subject (and kind) cells become its reference: subjectsBySecret or subjectsByReference. */
  readonly subjects: CsvSubjectStep;
  /** The chain's record categories (GET /v1/categories). */
  readonly categories: readonly Category[];
  /** Today (YYYY-MM-DD, UTC): dates after it, and records whose period already ended, are refused. */
  readonly today?: string;
  /** Default MAX_CSV_ROWS; smaller in tests. */
  readonly maxRows?: number;
  /** Called after each row is checked, for a progress bar (a million rows take seconds). */
  readonly onRow?: (done: number, total: number) => void;
}

const COLUMNS = ['subject', 'kind', 'category', 'occurred', 'ended', 'amount', 'amount_band', 'publicity_days'] as const;
const REQUIRED = ['subject', 'category', 'occurred'] as const;

function fileError(message: string, details?: Record<string, unknown>): CreditChainError {
  return new CreditChainError('CSV_BAD_FILE', message, details);
}

/** The record categories of GET /v1/categories, as the ledger reads them. */
export function recordCategories(reply: CategoriesReply): Category[] {
  return reply.categories.map((c, i) => parseCategory(c as never, `categories[${i}]`));
}

// --- amounts -------------------------------------------------------------------------------------

const AMOUNT = /^(?:(\d+)|(\d{1,3}(?:,\d{3})+))(?:\.(\d+))?$/;

/**
 * The amount band (scoring.ts AMOUNT_BANDS) of an amount in CNY written as a decimal number
 * ("12500", "12,500.00"): 0 for zero, then 1 below 10k, 2 below 100k, 3 below 1M, 4 below 10M,
 * 5 below 100M, 6 from 100M. Decided on the digits of the whole part — no floating point, so
 * "9999.999999999999999" is band 1 and a 30-digit amount is band 6.
 */
export function amountBand(amountText: string): number {
  const text = typeof amountText === 'string' ? amountText.trim() : '';
  const m = AMOUNT.exec(text);
  if (m === null) {
    const why = text.startsWith('-') ? 'an amount cannot be negative' : 'write it as digits with an optional decimal point, such as 12500 or 12,500.00';
    throw new CreditChainError('CSV_BAD_VALUE', `"${text.slice(0, 40)}" is not an amount in CNY: ${why}.`);
  }
  const whole = (m[1] ?? m[2]!).replace(/,/g, '').replace(/^0+/, '');
  if (whole === '' && !/[1-9]/.test(m[3] ?? '')) return 0;
  // A whole part of d digits is at least 10^(d-1): below 10^4 (d ≤ 4) is band 1, each digit more a band up.
  return Math.min(6, Math.max(1, whole.length - 3));
}

// --- the header ------------------------------------------------------------------------------------

/** Letters and digits only, lower case: to suggest "amount_band" for "Amount Band" or "amountBand". */
const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function checkHeader(header: readonly string[], categories: readonly Category[]): void {
  const known = new Set<string>(COLUMNS);
  const fields = new Set<string>();
  for (const c of categories) for (const f of allowedFields(c)) fields.add(f);
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') throw fileError(`Column ${i + 1} of the header (line 1) has no name; every column needs one.`, { line: 1 });
    if (seen.has(name)) throw fileError(`The header (line 1) names the column "${name}" twice.`, { line: 1, column: name });
    seen.add(name);
    if (known.has(name)) return;
    const term = forbiddenTerm(name);
    if (term !== undefined) {
      throw fileError(`The column "${name}" holds information the credit-reporting regulation (art. 14) forbids collecting (${term}); remove it from the file.`, { line: 1, column: name, term });
    }
    if (fields.has(name)) return;
    const like = [...known, ...fields].find((k) => fold(k) === fold(name));
    throw fileError(
      `The header (line 1) names the column "${name.slice(0, 60)}", which is neither one of ${COLUMNS.join(', ')} nor a detail field of any record category${like === undefined ? '.' : `; did you mean "${like}"?`}`,
      { line: 1, column: name },
    );
  });
  const missing = REQUIRED.filter((c) => !seen.has(c));
  if (missing.length > 0) throw fileError(`The header (line 1) must name the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; it names ${header.join(', ')}.`, { line: 1, missing });
}

// --- one row --------------------------------------------------------------------------------------

function messageOf(e: unknown): string {
  if (e instanceof CreditChainError) return e.message;
  throw e;
}

function dateOf(text: string, column: 'occurred' | 'ended', today: number | undefined): number | CsvCellProblem {
  let day: number;
  try {
    day = parseDate(text, column);
  } catch (e) {
    return new CsvCellProblem(column, messageOf(e));
  }
  if (today !== undefined && day > today) return new CsvCellProblem(column, `The date ${column} (${text}) is after today, ${formatDate(today)}.`);
  return day;
}

function bandOf(cells: ReadonlyMap<string, string>): number | CsvCellProblem {
  const amount = cells.get('amount') ?? '';
  const bandText = cells.get('amount_band') ?? '';
  let band: number | undefined;
  if (bandText !== '') {
    if (!/^[0-6]$/.test(bandText)) return new CsvCellProblem('amount_band', `The amount band is a whole number from 0 to 6, not "${bandText.slice(0, 40)}".`);
    band = Number(bandText);
  }
  if (amount === '') return band ?? 0;
  let fromAmount: number;
  try {
    fromAmount = amountBand(amount);
  } catch (e) {
    return new CsvCellProblem('amount', messageOf(e));
  }
  if (band !== undefined && band !== fromAmount) return new CsvCellProblem('amount_band', `The amount band ${band} does not match the amount ${amount}, which is in band ${fromAmount}; give one or make them agree.`);
  const currency = (cells.get('currency') ?? '').toUpperCase();
  if (currency !== '' && currency !== 'CNY' && currency !== 'RMB') {
    return new CsvCellProblem('currency', `The amount's band is chosen in CNY, but the currency is "${currency.slice(0, 10)}"; convert the amount or give amount_band instead.`);
  }
  return fromAmount;
}

function publicityOf(text: string, category: Category): number | null | CsvCellProblem {
  if (text === '') return null;
  const r = category.retention;
  if (r.kind === 'after-end') {
    return new CsvCellProblem('publicity_days', `"${category.code}" records count until ${r.years} years after the behaviour ended; they take no publicity period, so leave publicity_days empty.`);
  }
  if (!/^\d{1,6}$/.test(text) || Number(text) < r.minDays || Number(text) > r.maxDays) {
    return new CsvCellProblem('publicity_days', `"${category.code}" records are published for ${r.minDays} to ${r.maxDays} days; "${text.slice(0, 20)}" is not a whole number in that range.`);
  }
  return Number(text);
}

const utf8 = new TextEncoder();

/** Canonical CBOR of a map of strings is at most this much more than its UTF-8 text: skip encoding small ones. */
function sidecarTooLarge(details: Record<string, string>): boolean {
  let bound = 9;
  for (const [k, v] of Object.entries(details)) bound += utf8.encode(k).length + utf8.encode(v).length + 18;
  return bound > MAX_SIDECAR_BYTES && encodeCanonical(details).length > MAX_SIDECAR_BYTES;
}

interface RowContext {
  readonly subjects: CsvSubjectStep;
  readonly categories: ReadonlyMap<string, Category>;
  /** allowedFields of each category, built once rather than for every row. */
  readonly allowed: ReadonlyMap<string, ReadonlySet<string>>;
  readonly today: number | undefined;
}

function parseRow(cells: ReadonlyMap<string, string>, ctx: RowContext): { input: CsvRecordInput; details: Record<string, string> | null } | CsvCellProblem[] {
  const problems: CsvCellProblem[] = [];
  const take = <T>(v: T | CsvCellProblem): T | undefined => {
    if (v instanceof CsvCellProblem) {
      problems.push(v);
      return undefined;
    }
    return v;
  };
  const code = cells.get('category')!;
  const category = ctx.categories.get(code);
  if (code === '') problems.push(new CsvCellProblem('category', 'The category is empty; every row names its record category.'));
  else if (category === undefined) {
    const codes = [...ctx.categories.keys()];
    problems.push(new CsvCellProblem('category', `There is no record category "${code.slice(0, 48)}"; the chain's categories are ${codes.length === 0 ? 'none' : codes.join(', ')}.`));
  }
  const subject = take(ctx.subjects(cells.get('subject')!, cells.get('kind') ?? ''));
  if (category !== undefined && subject !== undefined && !category.subjects.includes(subject.kind)) {
    problems.push(new CsvCellProblem(cells.get('kind') ? 'kind' : 'subject', `"${category.code}" records may be about ${category.subjects.join(' or ')} subjects, not a ${subject.kind}.`));
  }
  const occurredText = cells.get('occurred')!;
  const endedText = cells.get('ended') ?? '';
  const occurred = take(dateOf(occurredText, 'occurred', ctx.today));
  const ended = endedText === '' ? null : take(dateOf(endedText, 'ended', ctx.today));
  if (occurred !== undefined && typeof ended === 'number' && ended < occurred) {
    problems.push(new CsvCellProblem('ended', `The behaviour cannot end (${endedText}) before it occurred (${occurredText}).`));
  }
  const band = take(bandOf(cells));
  const publicityDays = category === undefined ? null : take(publicityOf(cells.get('publicity_days') ?? '', category));
  const details: Record<string, string> = {};
  const allowed = category === undefined ? undefined : ctx.allowed.get(category.code);
  for (const [column, value] of cells) {
    if (value === '' || (column !== 'amount' && (COLUMNS as readonly string[]).includes(column))) continue;
    if (allowed !== undefined && !allowed.has(column)) {
      problems.push(new CsvCellProblem(column, `The details of a "${category!.code}" record may hold ${[...allowed].join(', ')}; "${column}" is not one of them, so leave it empty on this row.`));
    }
    details[column] = value;
  }
  if (sidecarTooLarge(details)) problems.push(new CsvCellProblem('', `The row's details come to more than ${MAX_SIDECAR_BYTES / 1024} KiB, the most a record's sidecar may hold; anchor long documents by hash instead.`));
  if (problems.length > 0 || subject === undefined || category === undefined || occurred === undefined || band === undefined) return problems;
  const dates = { occurred: occurredText, ended: endedText === '' ? null : endedText, publicityDays: publicityDays ?? null };
  const expires = expiryOf(category, dates);
  if (ctx.today !== undefined && expires !== null && expires <= ctx.today * DAY_MS) {
    return [new CsvCellProblem(category.retention.kind === 'publicity' ? 'occurred' : 'ended', `The record's period ended on ${formatDate(expires / DAY_MS)}; it no longer counts and the chain would refuse it.`)];
  }
  return {
    input: { subject: subject.ref, subjectKind: subject.kind, category: category.code, ...dates, amountBand: band },
    details: Object.keys(details).length === 0 ? null : details,
  };
}

// --- the file -------------------------------------------------------------------------------------

/**
 * Parses and checks a CSV file of credit records. Problems with the file as a whole — its syntax,
 * its header, more than `maxRows` rows — throw CSV_BAD_FILE; problems with a row refuse that
 * row, naming its line and column, and the other rows are still returned.
 */
export function parseRecordsCsv(text: string, opts: RecordsCsvOptions): ParsedRecordsCsv {
  let today: number | undefined;
  if (opts.today !== undefined) {
    try {
      today = parseDate(opts.today, 'today');
    } catch (e) {
      throw new CreditChainError('CSV_BAD_VALUE', messageOf(e));
    }
  }
  const maxRows = opts.maxRows ?? MAX_CSV_ROWS;
  let records: CsvRecord[];
  try {
    records = parseCsv(text, maxRows + 1); // the header, then the rows
  } catch (e) {
    if (!(e instanceof CreditChainError) || e.details?.limit === undefined) throw e;
    throw fileError(`The file holds more than ${grouped(maxRows)} rows of records; split it into files of at most ${grouped(maxRows)} rows.`, { limit: maxRows });
  }
  if (records.length === 0) throw fileError(`The file is empty; its first line names the columns, at least ${REQUIRED.join(', ')}.`);
  const header = records[0]!.fields.map((f) => f.trim());
  checkHeader(header, opts.categories);
  const ctx: RowContext = {
    subjects: opts.subjects,
    categories: new Map(opts.categories.map((c) => [c.code, c])),
    allowed: new Map(opts.categories.map((c) => [c.code, allowedFields(c)])),
    today,
  };
  const rows: CsvRow[] = [];
  const refused: CsvRefusal[] = [];
  for (let k = 1; k < records.length; k++) {
    const { line, fields } = records[k]!;
    if (fields.every((f) => f.trim() === '')) {
      // Spreadsheets export rows that were only ever formatted as ",,,,": nothing to import, nothing wrong.
    } else if (fields.length !== header.length) {
      refused.push({ line, message: `The row has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header names ${header.length} columns; a value holding a comma must be in double quotes.` });
    } else {
      const cells = new Map(header.map((name, i) => [name, fields[i]!.trim()]));
      const result = parseRow(cells, ctx);
      if (Array.isArray(result)) for (const r of result) refused.push(r.column === '' ? { line, message: r.message } : { line, column: r.column, message: r.message });
      else rows.push({ line, ...result });
    }
    opts.onRow?.(k, records.length - 1);
  }
  return { rows, refused };
}

/** A refusal as one line for the terminal: `line 7, column occurred: …`. */
export function describeRefusal(r: CsvRefusal): string {
  return `line ${r.line}${r.column === undefined ? '' : `, column ${r.column}`}: ${r.message}`;
}

/** Who submits the rows: the sending account, and its organisation as GET /v1/orgs/:id gives it (none for a subject's own account). */
export interface CsvSubmitter {
  readonly sender: string;
  readonly org: { readonly id: string; readonly type: string; readonly categories: readonly string[] } | undefined;
}

/**
 * What the chain would refuse for this submitter, refused here row by row: a category its
 * organisation may not source (of a type the category does not take, or not approved for it),
 * or any row at all when the sender is a subject's own account. The refusals stay in line order.
 */
export function refuseUnsourced(parsed: ParsedRecordsCsv, categories: readonly Category[], submitter: CsvSubmitter): ParsedRecordsCsv {
  const { org } = submitter;
  const mayNot = (code: string): string | undefined => {
    const c = categories.find((x) => x.code === code)!;
    if (org === undefined) return `"${submitter.sender}" is a subject's own account; records are submitted by an organisation's submitter.`;
    if (!(c.sources as readonly string[]).includes(org.type)) return `"${code}" records may be sourced only by ${c.sources.join(', ')} organisations; ${org.id} is a ${org.type}.`;
    return org.categories.includes(code) ? undefined : `${org.id} is not approved to source "${code}" records (its categories: ${org.categories.join(', ') || 'none'}).`;
  };
  const rows: CsvRow[] = [];
  const refused: CsvRefusal[] = [...parsed.refused];
  for (const r of parsed.rows) {
    const why = mayNot(r.input.category);
    if (why === undefined) rows.push(r);
    else refused.push({ line: r.line, column: 'category', message: why });
  }
  return { rows, refused: refused.sort((a, b) => a.line - b.line) };
}
