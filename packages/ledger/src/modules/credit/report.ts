// A subject's credit report, as a pure function of state entries — so the node that builds it and
// a verifier that checks it offline (from the same entries, each proven against a signed state
// root) compute exactly the same report. The entries a report reads are listed by reportWithKeys.
import { decodeCanonical, toHex, type CryptoSuite } from '@creditchain/core';
import type { StateReader } from '../../overlay.js';
import { categoryKey, decodeCategory, type Category, type Polarity } from './categories.js';
import { dayOf, formatDate, parseDate } from './dates.js';
import { clockKey, decodeClock, decodeStoredRecord, isTombstone, recordKey, subjectIndexKey, type CreditRecord } from './records.js';
import { AMOUNT_BANDS, computeScore, decodeModelIndex, decodeScoringModel, modelKey, modelsKey, type Reason } from './scoring.js';
import { readArray, readUint } from '@creditchain/core';
import { decodeQuery, queryKey } from '../consent/state.js';

export const REPORT_VERSION = 1;

export interface ReportRecord {
  readonly id: number;
  readonly version: number;
  readonly occurred: string;
  readonly ended: string | null;
  readonly amountBand: string;
  readonly source: string;
  readonly disputed: boolean;
  /** The day it stops counting, or null while its behaviour goes on. */
  readonly expires: string | null;
  /** Commitment of its details sidecar (hex), or null. */
  readonly details: string | null;
  readonly tx: string;
  readonly logIndex: number;
}

export interface ReportCategory {
  readonly code: string;
  readonly name: string;
  readonly nameZh: string;
  readonly polarity: Polarity;
  readonly records: readonly ReportRecord[];
}

export interface ReportBody {
  readonly version: number;
  readonly subject: string;
  /**
   * The height of the state the report was built from (its proof's height); the block time at
   * which the chain last applied the rules of the day (expiry, decay: the credit clock); and that
   * day's date (UTC), by which records count or not.
   */
  readonly height: number;
  readonly time: string;
  readonly date: string;
  readonly score: {
    readonly value: number;
    readonly model: number;
    readonly modelName: string;
    readonly base: number;
    readonly min: number;
    readonly max: number;
    readonly lowered: readonly Reason[];
    readonly raised: readonly Reason[];
  };
  readonly summary: { readonly negative: number; readonly positive: number; readonly disputed: number };
  /** Present when the report answers a member's query: the query, on the record at this log index. */
  readonly query?: { readonly id: number; readonly org: string; readonly querier: string; readonly purpose: string; readonly basis: string; readonly height: number; readonly logIndex: number; readonly scope: readonly string[] | null };
  /** Negative categories first, then positive, each by code. */
  readonly categories: readonly ReportCategory[];
}

/** Reads state entries; a verifier answers from proven entries, the node from its store. */
export type EntryReader = (key: Uint8Array) => Uint8Array | undefined;

function must(read: EntryReader, key: Uint8Array, what: string): Uint8Array {
  const v = read(key);
  if (v === undefined) throw new Error(`the report needs ${what}, which the state does not hold`);
  return v;
}

/**
 * A report of `subject` with the state keys it read, in the order it read them — the entries its
 * proof holds. The first ones (clock, subject index, model index) decide which further keys are read.
 */
export function reportWithKeys(suite: CryptoSuite, subject: Uint8Array, read: EntryReader, opts: ReportOptions = {}): { report: ReportBody; keys: Uint8Array[] } {
  const keys: Uint8Array[] = [];
  const report = buildReport(
    suite,
    subject,
    (k) => {
      keys.push(k);
      return read(k);
    },
    opts,
  );
  return { report, keys };
}

export interface ReportOptions {
  /** Build the report a member's query may see: its scope, or only public-credit information. */
  readonly query?: number;
  /** The height of the state read (the state does not say it); the credit clock's height otherwise. */
  readonly height?: number;
}

/** Builds the report of `subject` from the state entries `read` returns. */
export function buildReport(suite: CryptoSuite, subject: Uint8Array, read: EntryReader, opts: ReportOptions = {}): ReportBody {
  const query = opts.query === undefined ? undefined : decodeQuery(must(read, queryKey(suite, opts.query), `query ${opts.query}`));
  if (query !== undefined && toHex(query.subject) !== toHex(subject)) throw new Error(`query ${query.id} is about another subject`);
  const clock = decodeClock(must(read, clockKey(suite), 'the chain clock'));
  const index = read(subjectIndexKey(suite, subject));
  const ids = index === undefined ? [] : readArray(decodeCanonical(index), 'subject records', Number.MAX_SAFE_INTEGER).map((v, i) => readUint(v, `subject records[${i}]`));
  const models = decodeModelIndex(must(read, modelsKey(suite), 'the scoring-model index'));
  const model = decodeScoringModel(must(read, modelKey(suite, models.active), `scoring model ${models.active}`));
  const counted: CreditRecord[] = [];
  for (const id of ids) {
    const r = decodeStoredRecord(must(read, recordKey(suite, id), `record ${id}`));
    // Published and not past its period by the block time (even if the expiry queue has not reached it yet).
    if (!isTombstone(r) && r.status === 'published' && (r.expiresAt === null || r.expiresAt > clock.time)) counted.push(r);
  }
  const categories = new Map<string, Category>();
  for (const code of [...new Set(counted.map((r) => r.category))].sort()) {
    categories.set(code, decodeCategory(must(read, categoryKey(suite, code), `category ${code}`)));
  }
  if (query !== undefined) {
    // What the query may see: its categories; without consent, only enterprises' public-credit information.
    const visible = (r: CreditRecord) => (query.scope === null || query.scope.includes(r.category)) && (!query.publicOnly || (categories.get(r.category)!.public && r.subjectKind === 'enterprise'));
    counted.splice(0, counted.length, ...counted.filter(visible));
    for (const code of [...categories.keys()]) if (!counted.some((r) => r.category === code)) categories.delete(code);
  }
  const today = dayOf(clock.time);
  const score = computeScore(
    model,
    counted.map((r) => ({ category: r.category, amountBand: r.amountBand, ageFrom: parseDate(r.ended ?? r.occurred, 'date'), ongoing: r.ended === null })),
    today,
  );
  const groups: ReportCategory[] = [...categories.values()]
    .sort((a, b) => (a.polarity === b.polarity ? (a.code < b.code ? -1 : 1) : a.polarity === 'negative' ? -1 : 1))
    .map((c) => ({
      code: c.code,
      name: c.name,
      nameZh: c.nameZh,
      polarity: c.polarity,
      records: counted
        .filter((r) => r.category === c.code)
        .map((r) => ({
          id: r.id,
          version: r.version,
          occurred: r.occurred,
          ended: r.ended,
          amountBand: AMOUNT_BANDS[r.amountBand]!,
          source: r.source,
          disputed: r.disputed,
          expires: r.expiresAt === null ? null : formatDate(dayOf(r.expiresAt)),
          details: r.details === null ? null : toHex(r.details),
          tx: toHex(r.tx),
          logIndex: r.logIndex,
        })),
    }));
  const count = (p: Polarity) => counted.filter((r) => categories.get(r.category)!.polarity === p).length;
  return {
    version: REPORT_VERSION,
    subject: toHex(subject),
    height: opts.height ?? clock.height,
    time: new Date(clock.time).toISOString(),
    date: formatDate(today),
    score: { value: score.value, model: model.version, modelName: model.name, base: score.base, min: score.min, max: score.max, lowered: score.lowered, raised: score.raised },
    summary: { negative: count('negative'), positive: count('positive'), disputed: counted.filter((r) => r.disputed).length },
    categories: groups,
    ...(query === undefined
      ? {}
      : { query: { id: query.id, org: query.org, querier: query.querier, purpose: query.purpose, basis: query.basis, height: query.height, logIndex: query.logIndex, scope: query.scope === null ? null : [...query.scope] } }),
  };
}

/** The report at the committed state a reader gives. */
export function reportFromState(suite: CryptoSuite, state: StateReader, subject: Uint8Array, opts: ReportOptions = {}): ReportBody {
  return buildReport(suite, subject, (k) => state.getState(k), opts);
}
