// Community credit points (the Jingjiang village rules as code): a points class holds its rule
// table — reason code → points, "planting-tree +5", "illegal-parking −10" — and the benefits its
// points buy. Authorised recorders award and deduct by rule, each entry with its reason; a
// household's balance and history are on chain under its pseudonymous subject reference; the
// published ranking shows per-class pseudonyms only.
//   vouchers/points-next, points/<id>               → PointsClass
//   vouchers/points/<id>/households                  → [ref, …] in the order they first got an entry
//   vouchers/points/<id>/household/<ref>             → Household: balance and totals
//   vouchers/points/<id>/history/<ref> (list)        → the household's entries
//   vouchers/points-entry-next, points-entry/<n>     → PointsEntry
import {
  CreditChainError,
  concatBytes,
  decodeCanonical,
  encodeCanonical,
  equalBytes,
  readArray,
  readBytes,
  readInt,
  readMap,
  readString,
  readUint,
  toHex,
  utf8,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { appendToList, takeId } from '../../state-lists.js';
import { senderOrg } from '../identity/accounts.js';
import { ORG_ID_PATTERN, readAccount, readOrg } from '../identity/state.js';
import { CATEGORY_PATTERN, MAX_NAME, VOUCHERS_MODULE } from './state.js';
import { matchesWho, readWho, whoToCbor, type Who } from './who.js';

export interface PointsRule {
  readonly code: string;
  /** Points it awards (positive) or deducts (negative). */
  readonly points: number;
  readonly label: string;
}

export interface PointsBenefit {
  readonly code: string;
  readonly cost: number;
  readonly label: string;
}

export interface PointsClass {
  readonly id: number;
  readonly issuer: string;
  readonly createdBy: string;
  readonly name: string;
  readonly recorders: Who;
  readonly supervisor: string;
  readonly rules: readonly PointsRule[];
  readonly benefits: readonly PointsBenefit[];
  readonly height: number;
}

export interface Household {
  readonly balance: number;
  readonly awarded: number;
  readonly deducted: number;
  readonly used: number;
}

export interface PointsEntry {
  readonly id: number;
  readonly class: number;
  readonly household: Uint8Array;
  readonly kind: 'award' | 'deduct' | 'use';
  /** The rule or benefit code. */
  readonly code: string;
  /** Signed: + for an award, − for a deduction or a use. */
  readonly points: number;
  readonly by: string;
  /** Commitment of the evidence sidecar (a photo, a report), if any. */
  readonly evidence: Uint8Array | null;
  readonly height: number;
  readonly time: number;
  readonly tx: Uint8Array;
  readonly logIndex: number;
}

export const MAX_RULES = 200;
/** The most points one rule awards or deducts. */
export const MAX_RULE_POINTS = 1_000_000;
/** The most households one class counts (the list is one state entry, read whole by the ranking). */
export const MAX_HOUSEHOLDS = 20_000;
const NO_HOUSEHOLD: Household = { balance: 0, awarded: 0, deducted: 0, used: 0 };

export const pointsClassKey = (suite: CryptoSuite, id: number) => stateKey(suite, VOUCHERS_MODULE, `points/${id}`);
export const householdsKey = (suite: CryptoSuite, id: number) => stateKey(suite, VOUCHERS_MODULE, `points/${id}/households`);
export const householdKey = (suite: CryptoSuite, id: number, ref: Uint8Array) => stateKey(suite, VOUCHERS_MODULE, `points/${id}/household/${toHex(ref)}`);
export const pointsEntryKey = (suite: CryptoSuite, id: number) => stateKey(suite, VOUCHERS_MODULE, `points-entry/${id}`);
export const householdHistoryList = (cls: number, ref: Uint8Array) => `points/${cls}/history/${toHex(ref)}`;

// --- encoding ------------------------------------------------------------------------------------------

export function pointsClassToCbor(c: PointsClass): CborMap {
  return {
    id: c.id,
    issuer: c.issuer,
    createdBy: c.createdBy,
    name: c.name,
    recorders: whoToCbor(c.recorders),
    supervisor: c.supervisor,
    rules: c.rules.map((r) => ({ code: r.code, points: r.points, label: r.label })),
    benefits: c.benefits.map((b) => ({ code: b.code, cost: b.cost, label: b.label })),
    height: c.height,
  };
}

function readRules(v: CborValue | undefined, what: string): PointsRule[] {
  return readArray(v, what, MAX_RULES).map((x, i) => {
    const m = readMap(x, `${what}[${i}]`, ['code', 'points', 'label']);
    const points = readInt(m.points, `${what}[${i}].points`, -MAX_RULE_POINTS, MAX_RULE_POINTS);
    if (points === 0) throw new CreditChainError('TX_BAD_PAYLOAD', `${what}[${i}].points must award or deduct something, not 0.`);
    return { code: readString(m.code, `${what}[${i}].code`, 64, CATEGORY_PATTERN), points, label: readString(m.label, `${what}[${i}].label`, MAX_NAME) };
  });
}

function readBenefits(v: CborValue | undefined, what: string): PointsBenefit[] {
  return readArray(v, what, MAX_RULES).map((x, i) => {
    const m = readMap(x, `${what}[${i}]`, ['code', 'cost', 'label']);
    const cost = readUint(m.cost, `${what}[${i}].cost`, MAX_RULE_POINTS);
    if (cost === 0) throw new CreditChainError('TX_BAD_PAYLOAD', `${what}[${i}].cost must be at least 1 point.`);
    return { code: readString(m.code, `${what}[${i}].code`, 64, CATEGORY_PATTERN), cost, label: readString(m.label, `${what}[${i}].label`, MAX_NAME) };
  });
}

export function decodePointsClass(bytes: Uint8Array): PointsClass {
  const m = readMap(decodeCanonical(bytes), 'points class', ['id', 'issuer', 'createdBy', 'name', 'recorders', 'supervisor', 'rules', 'benefits', 'height']);
  return {
    id: readUint(m.id, 'points.id'),
    issuer: readString(m.issuer, 'points.issuer', 64),
    createdBy: readString(m.createdBy, 'points.createdBy', 64),
    name: readString(m.name, 'points.name', MAX_NAME),
    recorders: readWho(m.recorders, 'points.recorders'),
    supervisor: readString(m.supervisor, 'points.supervisor', 64),
    rules: readRules(m.rules, 'points.rules'),
    benefits: readBenefits(m.benefits, 'points.benefits'),
    height: readUint(m.height, 'points.height'),
  };
}

function decodeHousehold(bytes: Uint8Array): Household {
  const m = readMap(decodeCanonical(bytes), 'household', ['balance', 'awarded', 'deducted', 'used']);
  return { balance: readInt(m.balance, 'household.balance', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), awarded: readUint(m.awarded, 'household.awarded'), deducted: readUint(m.deducted, 'household.deducted'), used: readUint(m.used, 'household.used') };
}

export function pointsEntryToCbor(e: PointsEntry): CborMap {
  return { id: e.id, class: e.class, household: e.household, kind: e.kind, code: e.code, points: e.points, by: e.by, evidence: e.evidence, height: e.height, time: e.time, tx: e.tx, logIndex: e.logIndex };
}

export function decodePointsEntry(bytes: Uint8Array): PointsEntry {
  const m = readMap(decodeCanonical(bytes), 'points entry', ['id', 'class', 'household', 'kind', 'code', 'points', 'by', 'evidence', 'height', 'time', 'tx', 'logIndex']);
  const kind = readString(m.kind, 'entry.kind', 8);
  if (kind !== 'award' && kind !== 'deduct' && kind !== 'use') throw new CreditChainError('ENCODING_BAD_SHAPE', `entry.kind: unknown kind ${kind}`);
  return {
    id: readUint(m.id, 'entry.id'),
    class: readUint(m.class, 'entry.class'),
    household: readBytes(m.household, 'entry.household', 32),
    kind,
    code: readString(m.code, 'entry.code', 64),
    points: readInt(m.points, 'entry.points', -MAX_RULE_POINTS, MAX_RULE_POINTS),
    by: readString(m.by, 'entry.by', 64),
    evidence: m.evidence === null ? null : readBytes(m.evidence, 'entry.evidence', 32),
    height: readUint(m.height, 'entry.height'),
    time: readUint(m.time, 'entry.time'),
    tx: readBytes(m.tx, 'entry.tx', 32),
    logIndex: readUint(m.logIndex, 'entry.logIndex'),
  };
}

// --- reads ---------------------------------------------------------------------------------------------

export function readPointsClass(suite: CryptoSuite, state: StateReader, id: number): PointsClass | undefined {
  const b = state.getState(pointsClassKey(suite, id));
  return b === undefined ? undefined : decodePointsClass(b);
}

export function requirePointsClass(suite: CryptoSuite, state: StateReader, id: number): PointsClass {
  const c = readPointsClass(suite, state, id);
  if (c === undefined) throw new CreditChainError('POINTS_CLASS_NOT_FOUND', `There is no points class ${id}.`, { class: id });
  return c;
}

export function readHousehold(suite: CryptoSuite, state: StateReader, cls: number, ref: Uint8Array): Household {
  const b = state.getState(householdKey(suite, cls, ref));
  return b === undefined ? NO_HOUSEHOLD : decodeHousehold(b);
}

export function readHouseholds(suite: CryptoSuite, state: StateReader, cls: number): Uint8Array[] {
  const b = state.getState(householdsKey(suite, cls));
  return b === undefined ? [] : readArray(decodeCanonical(b), 'households', MAX_HOUSEHOLDS).map((x, i) => readBytes(x, `households[${i}]`, 32));
}

export function readPointsEntry(suite: CryptoSuite, state: StateReader, id: number): PointsEntry | undefined {
  const b = state.getState(pointsEntryKey(suite, id));
  return b === undefined ? undefined : decodePointsEntry(b);
}

/**
 * The name a household goes by in a class's published ranking: the first 8 bytes of
 * H("creditchain/points-pseudonym" ‖ class ‖ reference), in hex. It is stable within the class,
 * unlinkable to the household's credit records without its reference, and different in every class.
 */
export function householdPseudonym(suite: CryptoSuite, cls: number, ref: Uint8Array): string {
  return toHex(suite.hash(concatBytes(utf8(`creditchain/points-pseudonym/${cls}/`), ref)).subarray(0, 8));
}

export interface RankingRow {
  readonly rank: number;
  readonly pseudonym: string;
  readonly balance: number;
}

/** The published ranking: highest balance first (ties by pseudonym), pseudonyms only. */
export function pointsRanking(suite: CryptoSuite, state: StateReader, cls: number): RankingRow[] {
  const rows = readHouseholds(suite, state, cls).map((ref) => ({ pseudonym: householdPseudonym(suite, cls, ref), balance: readHousehold(suite, state, cls, ref).balance }));
  rows.sort((a, b) => b.balance - a.balance || (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0));
  return rows.map((r, i) => ({ rank: i + 1, ...r }));
}

// --- actions -------------------------------------------------------------------------------------------

export interface PointsClassInput {
  readonly name: string;
  readonly recorders: Who;
  readonly supervisor: string;
  readonly rules: readonly PointsRule[];
  readonly benefits: readonly PointsBenefit[];
}

export const createPointsAction: ActionDef<PointsClassInput> = {
  module: VOUCHERS_MODULE,
  action: 'create-points',
  parse(payload) {
    const m = readMap(payload, 'payload', ['name', 'recorders', 'supervisor', 'rules'], ['benefits']);
    const name = readString(m.name, 'payload.name', MAX_NAME);
    if (name.trim() === '') throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.name must name the points class, in words.');
    const rules = readRules(m.rules, 'payload.rules');
    const benefits = m.benefits === undefined ? [] : readBenefits(m.benefits, 'payload.benefits');
    const codes = [...rules, ...benefits].map((r) => r.code);
    const twice = codes.find((c, i) => codes.indexOf(c) !== i);
    if (twice !== undefined) throw new CreditChainError('TX_BAD_PAYLOAD', `The code "${twice}" appears twice among the rules and benefits.`);
    if (rules.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.rules needs at least one rule.');
    return { name, recorders: readWho(m.recorders, 'payload.recorders'), supervisor: readString(m.supervisor, 'payload.supervisor', 64, ORG_ID_PATTERN), rules, benefits };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    if (readOrg(ctx.suite, ctx.state, p.supervisor) === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${p.supervisor}" to supervise the points class.`, { id: p.supervisor });
    const id = takeId(ctx.suite, ctx.state, VOUCHERS_MODULE, 'points-next');
    const c: PointsClass = { ...p, id, issuer: org.id, createdBy: ctx.sender, height: ctx.height };
    ctx.state.put(pointsClassKey(ctx.suite, id), encodeCanonical(pointsClassToCbor(c)));
    return { data: { class: id } };
  },
};

interface EntryPayload {
  readonly class: number;
  readonly household: Uint8Array;
  readonly code: string;
  readonly evidence: Uint8Array | null;
}

function readEntryPayload(payload: CborMap, codeField: 'rule' | 'benefit'): EntryPayload {
  const m = readMap(payload, 'payload', ['class', 'household', codeField], ['evidence']);
  return {
    class: readUint(m.class, 'payload.class'),
    household: readBytes(m.household, 'payload.household', 32),
    code: readString(m[codeField], `payload.${codeField}`, 64, CATEGORY_PATTERN),
    evidence: m.evidence === undefined ? null : readBytes(m.evidence, 'payload.evidence', 32),
  };
}

/** Writes one entry: the household's balance and totals, its history, and the class's list of households. */
function book(ctx: ActionContext, c: PointsClass, p: EntryPayload, kind: PointsEntry['kind'], points: number): { entry: number; balance: number } {
  if (p.evidence !== null && !ctx.sidecars.some((s) => equalBytes(s, p.evidence!))) {
    throw new CreditChainError('TX_BAD_PAYLOAD', "payload.evidence must also be listed in the transaction's sidecar commitments.");
  }
  const known = ctx.state.getState(householdKey(ctx.suite, c.id, p.household)) !== undefined;
  if (!known) {
    const list = readHouseholds(ctx.suite, ctx.state, c.id);
    if (list.length >= MAX_HOUSEHOLDS) throw new CreditChainError('TX_BAD_PAYLOAD', `Points class ${c.id} already counts ${MAX_HOUSEHOLDS} households, the most one class may.`);
    ctx.state.put(householdsKey(ctx.suite, c.id), encodeCanonical([...list, p.household]));
  }
  const h = readHousehold(ctx.suite, ctx.state, c.id, p.household);
  const next: Household = {
    balance: h.balance + points,
    awarded: h.awarded + (kind === 'award' ? points : 0),
    deducted: h.deducted + (kind === 'deduct' ? -points : 0),
    used: h.used + (kind === 'use' ? -points : 0),
  };
  ctx.state.put(householdKey(ctx.suite, c.id, p.household), encodeCanonical({ ...next }));
  const id = takeId(ctx.suite, ctx.state, VOUCHERS_MODULE, 'points-entry-next');
  const entry: PointsEntry = { id, class: c.id, household: p.household, kind, code: p.code, points, by: ctx.sender, evidence: p.evidence, height: ctx.height, time: ctx.time, tx: ctx.txId, logIndex: ctx.logIndex };
  ctx.state.put(pointsEntryKey(ctx.suite, id), encodeCanonical(pointsEntryToCbor(entry)));
  appendToList(ctx.suite, ctx.state, VOUCHERS_MODULE, householdHistoryList(c.id, p.household), id);
  return { entry: id, balance: next.balance };
}

function requireRecorder(ctx: ActionContext, c: PointsClass, doing: string): void {
  if (!matchesWho(ctx.suite, ctx.state, c.recorders, ctx.sender)) {
    throw new CreditChainError('POINTS_NOT_RECORDER', `${ctx.sender} is not a recorder of points class ${c.id} ("${c.name}"); only its recorders ${doing}.`, { class: c.id });
  }
}

function ruleAction(action: 'award' | 'deduct'): ActionDef<EntryPayload> {
  const awarding = action === 'award';
  return {
    module: VOUCHERS_MODULE,
    action,
    parse: (payload) => readEntryPayload(payload, 'rule'),
    execute(ctx, p) {
      const c = requirePointsClass(ctx.suite, ctx.state, p.class);
      requireRecorder(ctx, c, 'award and deduct points');
      const rule = c.rules.find((r) => r.code === p.code);
      if (rule === undefined || rule.points > 0 !== awarding) {
        const fit = c.rules.filter((r) => r.points > 0 === awarding).map((r) => r.code);
        throw new CreditChainError('POINTS_UNKNOWN_RULE', `Points class ${c.id} has no ${awarding ? 'award' : 'deduction'} rule "${p.code}"; its ${awarding ? 'awards' : 'deductions'} are ${fit.join(', ') || '(none)'}.`, { class: c.id, rule: p.code });
      }
      const { entry, balance } = book(ctx, c, p, action, rule.points);
      return { data: { entry, points: rule.points, balance } };
    },
  };
}

export const awardPointsAction = ruleAction('award');
export const deductPointsAction = ruleAction('deduct');

export const usePointsAction: ActionDef<EntryPayload> = {
  module: VOUCHERS_MODULE,
  action: 'use-points',
  parse: (payload) => readEntryPayload(payload, 'benefit'),
  execute(ctx, p) {
    const c = requirePointsClass(ctx.suite, ctx.state, p.class);
    const own = readAccount(ctx.suite, ctx.state, ctx.sender)?.subject;
    if (own == null || !equalBytes(own, p.household)) requireRecorder(ctx, c, 'or the household itself record the use of its points');
    const benefit = c.benefits.find((b) => b.code === p.code);
    if (benefit === undefined) throw new CreditChainError('POINTS_UNKNOWN_RULE', `Points class ${c.id} offers no benefit "${p.code}"; its benefits are ${c.benefits.map((b) => b.code).join(', ') || '(none)'}.`, { class: c.id, benefit: p.code });
    const h = readHousehold(ctx.suite, ctx.state, c.id, p.household);
    if (h.balance < benefit.cost) throw new CreditChainError('POINTS_INSUFFICIENT', `The household has ${h.balance} points; "${benefit.label}" costs ${benefit.cost}.`, { balance: h.balance, cost: benefit.cost });
    const { entry, balance } = book(ctx, c, p, 'use', -benefit.cost);
    return { data: { entry, points: -benefit.cost, balance } };
  },
};
