// Record categories: chain parameters (set in genesis, changed by governance's set-category).
//   credit/category/<code> → Category
//   credit/categories      → [code, …] sorted
// A category says what may be recorded, by whom, about whom, for how long it counts, and which
// detail fields its sidecar may hold — and the law's prohibitions are checked when one is defined.
import {
  CreditChainError,
  decodeCanonical,
  encodeCanonical,
  equalBytes,
  readArray,
  readBool,
  readEnum,
  readMap,
  readString,
  readUint,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { ORG_TYPES, type OrgType } from '../identity/roles.js';
import { checkCollectable } from './law.js';

export const CREDIT_MODULE = 'credit';
export const CATEGORY_CODE = /^[a-z][a-z0-9-]{0,47}$/;
export const SUBJECT_KINDS = ['enterprise', 'person'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const POLARITIES = ['negative', 'positive'] as const;
export type Polarity = (typeof POLARITIES)[number];
export const REVIEWERS = ['source', 'regulator'] as const;

/** Negative information stops counting this many years after the behaviour ended (art. 16). */
export const LEGAL_RETENTION_YEARS = 5;
export const MAX_CATEGORIES = 256;

/** Detail fields every category's sidecar may hold, besides its own. */
export const COMMON_FIELDS: readonly string[] = ['name', 'summary', 'caseNumber', 'decisionNumber', 'authority', 'amount', 'currency', 'documents', 'note'];

export type Retention =
  /** Counts until `years` after the behaviour ended (the record's end date). */
  | { readonly kind: 'after-end'; readonly years: number }
  /** Published for a period chosen by the source within [minDays, maxDays], from the occurrence date. */
  | { readonly kind: 'publicity'; readonly minDays: number; readonly maxDays: number };

export interface Category {
  readonly code: string;
  readonly name: string;
  readonly nameZh: string;
  readonly polarity: Polarity;
  /** The kinds of subject it may be about. */
  readonly subjects: readonly SubjectKind[];
  /** Organisation types that may source it (the organisation must also list it: Org.categories). */
  readonly sources: readonly OrgType[];
  /** Who reviews before publication: a reviewer of the source (or a regulator), or a regulator only. */
  readonly review: (typeof REVIEWERS)[number];
  readonly retention: Retention;
  /** Enterprises' public-credit information: queryable without consent (never a person's). */
  readonly public: boolean;
  /** A person's income, deposits, securities, insurance, real estate or tax: needs the person's consent to collect. */
  readonly sensitive: boolean;
  /** Detail fields its sidecar may hold besides COMMON_FIELDS. */
  readonly fields: readonly string[];
}

const FIELDS = ['code', 'name', 'nameZh', 'polarity', 'subjects', 'sources', 'review', 'retention', 'public', 'sensitive', 'fields'];
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,47}$/;

function bad(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('TX_BAD_PAYLOAD', message, details);
}

function sortedUnique<T extends string>(list: readonly T[], what: string): T[] {
  const out = [...list].sort();
  out.forEach((x, i) => {
    if (i > 0 && out[i - 1] === x) bad(`${what} lists "${x}" twice.`);
  });
  return out;
}

/** Checks a category definition (from genesis JSON or a governance proposal). */
export function parseCategory(value: CborValue | undefined, what = 'category'): Category {
  const m = readMap(value, what, FIELDS);
  const code = readString(m.code, `${what}.code`, 48, CATEGORY_CODE);
  const name = readString(m.name, `${what}.name`, 200);
  const nameZh = readString(m.nameZh, `${what}.nameZh`, 100);
  if (name.length === 0 || nameZh.length === 0) bad(`${what} needs a name in English and in Chinese.`);
  for (const [field, text] of [['code', code], ['name', name], ['nameZh', nameZh]] as const) checkCollectable(`${what}.${field}`, text);
  const polarity = readEnum(m.polarity, `${what}.polarity`, POLARITIES);
  const subjects = sortedUnique(readArray(m.subjects, `${what}.subjects`, 2).map((s, i) => readEnum(s, `${what}.subjects[${i}]`, SUBJECT_KINDS)), `${what}.subjects`);
  const sources = sortedUnique(readArray(m.sources, `${what}.sources`, ORG_TYPES.length).map((s, i) => readEnum(s, `${what}.sources[${i}]`, ORG_TYPES)), `${what}.sources`);
  if (subjects.length === 0) bad(`${what}.subjects must name enterprise, person or both.`);
  if (sources.length === 0) bad(`${what}.sources must name at least one organisation type.`);
  const review = readEnum(m.review, `${what}.review`, REVIEWERS);
  const rm = readMap(m.retention, `${what}.retention`, ['kind'], ['years', 'minDays', 'maxDays']);
  const kind = readEnum(rm.kind, `${what}.retention.kind`, ['after-end', 'publicity'] as const);
  let retention: Retention;
  if (kind === 'after-end') {
    readMap(rm, `${what}.retention`, ['kind', 'years']);
    const years = readUint(rm.years, `${what}.retention.years`, 50);
    if (years === 0) bad(`${what}.retention.years must be at least 1.`);
    retention = { kind, years };
  } else {
    readMap(rm, `${what}.retention`, ['kind', 'minDays', 'maxDays']);
    const minDays = readUint(rm.minDays, `${what}.retention.minDays`, 36_525);
    const maxDays = readUint(rm.maxDays, `${what}.retention.maxDays`, 36_525);
    if (minDays === 0 || minDays > maxDays) bad(`${what}.retention needs 1 ≤ minDays ≤ maxDays.`);
    retention = { kind, minDays, maxDays };
  }
  // The law's limit: negative information never counts longer than five years after it ended.
  if (polarity === 'negative' && retention.kind === 'after-end' && retention.years > LEGAL_RETENTION_YEARS) {
    bad(`Negative information may count at most ${LEGAL_RETENTION_YEARS} years after the behaviour ended; ${what} says ${retention.years}.`);
  }
  if (polarity === 'negative' && retention.kind === 'publicity' && retention.maxDays > LEGAL_RETENTION_YEARS * 366) {
    bad(`Negative information may be published for at most ${LEGAL_RETENTION_YEARS} years; ${what}.retention.maxDays is ${retention.maxDays}.`);
  }
  const isPublic = readBool(m.public, `${what}.public`);
  if (isPublic && !subjects.includes('enterprise')) bad(`${what} is public-credit information, which only enterprises' records can be.`);
  const sensitive = readBool(m.sensitive, `${what}.sensitive`);
  const fields = sortedUnique(readArray(m.fields, `${what}.fields`, 64).map((f, i) => readString(f, `${what}.fields[${i}]`, 48, FIELD_NAME)), `${what}.fields`);
  for (const f of fields) checkCollectable(`${what}.fields`, f);
  return { code, name, nameZh, polarity, subjects, sources, review, retention, public: isPublic, sensitive, fields };
}

export function categoryToCbor(c: Category): CborMap {
  const retention: CborMap = c.retention.kind === 'after-end' ? { kind: c.retention.kind, years: c.retention.years } : { kind: c.retention.kind, minDays: c.retention.minDays, maxDays: c.retention.maxDays };
  return {
    code: c.code,
    name: c.name,
    nameZh: c.nameZh,
    polarity: c.polarity,
    subjects: [...c.subjects],
    sources: [...c.sources],
    review: c.review,
    retention,
    public: c.public,
    sensitive: c.sensitive,
    fields: [...c.fields],
  };
}

export function categoryKey(suite: CryptoSuite, code: string): Uint8Array {
  return stateKey(suite, CREDIT_MODULE, `category/${code}`);
}

export function categoryListKey(suite: CryptoSuite): Uint8Array {
  return stateKey(suite, CREDIT_MODULE, 'categories');
}

export function decodeCategory(bytes: Uint8Array): Category {
  return parseCategory(decodeCanonical(bytes), 'stored category');
}

// A batch of 1,000 records reads its category 1,000 times; the checked decoding is kept per code,
// keyed by the exact stored bytes (so a category changed by governance is decoded afresh).
const decoded = new Map<string, { bytes: Uint8Array; category: Category }>();

export function readCategory(suite: CryptoSuite, state: StateReader, code: string): Category | undefined {
  const bytes = state.getState(categoryKey(suite, code));
  if (bytes === undefined) return undefined;
  const cached = decoded.get(code);
  if (cached !== undefined && equalBytes(cached.bytes, bytes)) return cached.category;
  const category = decodeCategory(bytes);
  if (decoded.size >= MAX_CATEGORIES * 4) decoded.clear();
  decoded.set(code, { bytes: Uint8Array.from(bytes), category });
  return category;
}

export function requireCategory(suite: CryptoSuite, state: StateReader, code: string): Category {
  const c = readCategory(suite, state, code);
  if (c === undefined) {
    throw new CreditChainError('CATEGORY_NOT_FOUND', `There is no record category "${code}"; GET /v1/categories lists them.`, { category: code });
  }
  return c;
}

export function listCategoryCodes(suite: CryptoSuite, state: StateReader): string[] {
  const bytes = state.getState(categoryListKey(suite));
  if (bytes === undefined) return [];
  return readArray(decodeCanonical(bytes), 'categories', MAX_CATEGORIES).map((c, i) => readString(c, `categories[${i}]`, 48));
}

/** Adds or replaces a category (genesis, or a passed set-category proposal). */
export function writeCategory(suite: CryptoSuite, state: StateOverlay, c: Category): void {
  const codes = listCategoryCodes(suite, state);
  if (!codes.includes(c.code)) {
    if (codes.length >= MAX_CATEGORIES) throw new CreditChainError('GOV_BAD_PROPOSAL', `A chain holds at most ${MAX_CATEGORIES} record categories.`);
    state.put(categoryListKey(suite), encodeCanonical([...codes, c.code].sort()));
  }
  state.put(categoryKey(suite, c.code), encodeCanonical(categoryToCbor(c)));
}

/** The detail fields a record of this category may carry in its sidecar. */
export function allowedFields(c: Category): ReadonlySet<string> {
  return new Set([...COMMON_FIELDS, ...c.fields]);
}
