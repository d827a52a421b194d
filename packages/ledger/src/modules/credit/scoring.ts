// Scoring models: versioned chain parameters (genesis, then governance's set-scoring-model).
//   credit/model/<version> → ScoringModel
//   credit/models          → {active, versions: [..]}
// A score is integer arithmetic only: each counted record adds its category's points, weighted by
// the record's amount band and by its age (decay steps), each category capped, the sum added to
// the base and clamped. Every score names its model version and the reasons that moved it most.
import {
  CreditChainError,
  decodeCanonical,
  encodeCanonical,
  readArray,
  readInt,
  readMap,
  readString,
  readUint,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { CATEGORY_CODE, CREDIT_MODULE } from './categories.js';

/** Amount bands (CNY): 0 unknown or none, 1 < 10k, 2 < 100k, 3 < 1M, 4 < 10M, 5 < 100M, 6 ≥ 100M. */
export const AMOUNT_BANDS = ['none', '<10k', '10k-100k', '100k-1m', '1m-10m', '10m-100m', '>=100m'] as const;
export const MAX_REASONS = 4;

export interface ScoreEffect {
  readonly category: string;
  /** Points one record adds at full weight: negative lowers the score. */
  readonly points: number;
  /** Most points (in absolute value) the category may move the score by. */
  readonly cap: number;
  /** Stable reason code, e.g. "N01", and its meaning in English and Chinese. */
  readonly reason: string;
  readonly text: string;
  readonly textZh: string;
}

export interface DecayStep {
  /** A record younger than this many days (since its behaviour ended) … */
  readonly days: number;
  /** … counts with this percentage of its points. Older than the last step: the last percentage. */
  readonly percent: number;
}

export interface ScoringModel {
  readonly version: number;
  readonly name: string;
  readonly base: number;
  readonly min: number;
  readonly max: number;
  /** Weight (percent) of a record by its amount band, one per band. */
  readonly bandPercent: readonly number[];
  readonly decay: readonly DecayStep[];
  readonly effects: readonly ScoreEffect[];
}

export interface Reason {
  readonly code: string;
  readonly category: string;
  readonly text: string;
  readonly textZh: string;
  /** Points the category moved the score by (after weights and cap). */
  readonly points: number;
  readonly records: number;
}

export interface Score {
  readonly model: number;
  readonly value: number;
  readonly base: number;
  readonly min: number;
  readonly max: number;
  /** Reasons that lowered the score, the largest first (at most MAX_REASONS). */
  readonly lowered: readonly Reason[];
  /** Reasons that raised it, the largest first (at most MAX_REASONS). */
  readonly raised: readonly Reason[];
}

export interface ScoredRecord {
  readonly category: string;
  readonly amountBand: number;
  /** Day (since the epoch) the behaviour ended, or it occurred if it has not ended. */
  readonly ageFrom: number;
  readonly ongoing: boolean;
}

const MAX_SCORE = 100_000;
const REASON = /^[A-Z][A-Z0-9]{1,7}$/;

function bad(message: string): never {
  throw new CreditChainError('TX_BAD_PAYLOAD', message);
}

export function parseScoringModel(value: CborValue | undefined, what = 'model'): ScoringModel {
  const m = readMap(value, what, ['version', 'name', 'base', 'min', 'max', 'bandPercent', 'decay', 'effects']);
  const version = readUint(m.version, `${what}.version`, 1_000_000);
  if (version === 0) bad(`${what}.version must be at least 1.`);
  const name = readString(m.name, `${what}.name`, 200);
  const min = readUint(m.min, `${what}.min`, MAX_SCORE);
  const max = readUint(m.max, `${what}.max`, MAX_SCORE);
  const base = readUint(m.base, `${what}.base`, MAX_SCORE);
  if (!(min <= base && base <= max)) bad(`${what} needs min ≤ base ≤ max.`);
  const bandPercent = readArray(m.bandPercent, `${what}.bandPercent`, AMOUNT_BANDS.length).map((p, i) => readUint(p, `${what}.bandPercent[${i}]`, 1000));
  if (bandPercent.length !== AMOUNT_BANDS.length) bad(`${what}.bandPercent needs one weight for each of the ${AMOUNT_BANDS.length} amount bands.`);
  const decay = readArray(m.decay, `${what}.decay`, 32).map((s, i): DecayStep => {
    const sm = readMap(s, `${what}.decay[${i}]`, ['days', 'percent']);
    return { days: readUint(sm.days, `${what}.decay[${i}].days`, 36_525), percent: readUint(sm.percent, `${what}.decay[${i}].percent`, 100) };
  });
  if (decay.length === 0) bad(`${what}.decay needs at least one step.`);
  decay.forEach((s, i) => {
    if (i > 0 && s.days <= decay[i - 1]!.days) bad(`${what}.decay steps must be in increasing order of days.`);
  });
  const seen = new Set<string>();
  const effects = readArray(m.effects, `${what}.effects`, 256).map((e, i): ScoreEffect => {
    const em = readMap(e, `${what}.effects[${i}]`, ['category', 'points', 'cap', 'reason', 'text', 'textZh']);
    const category = readString(em.category, `${what}.effects[${i}].category`, 48, CATEGORY_CODE);
    if (seen.has(category)) bad(`${what}.effects names the category "${category}" twice.`);
    seen.add(category);
    return {
      category,
      points: readInt(em.points, `${what}.effects[${i}].points`, -10_000, 10_000),
      cap: readUint(em.cap, `${what}.effects[${i}].cap`, MAX_SCORE),
      reason: readString(em.reason, `${what}.effects[${i}].reason`, 8, REASON),
      text: readString(em.text, `${what}.effects[${i}].text`, 200),
      textZh: readString(em.textZh, `${what}.effects[${i}].textZh`, 100),
    };
  });
  return { version, name, base, min, max, bandPercent, decay, effects };
}

export function scoringModelToCbor(s: ScoringModel): CborMap {
  return {
    version: s.version,
    name: s.name,
    base: s.base,
    min: s.min,
    max: s.max,
    bandPercent: [...s.bandPercent],
    decay: s.decay.map((d) => ({ days: d.days, percent: d.percent })),
    effects: s.effects.map((e) => ({ category: e.category, points: e.points, cap: e.cap, reason: e.reason, text: e.text, textZh: e.textZh })),
  };
}

// --- state ---------------------------------------------------------------------------------

export function modelKey(suite: CryptoSuite, version: number): Uint8Array {
  return stateKey(suite, CREDIT_MODULE, `model/${version}`);
}

export function modelsKey(suite: CryptoSuite): Uint8Array {
  return stateKey(suite, CREDIT_MODULE, 'models');
}

export interface ModelIndex {
  readonly active: number;
  readonly versions: readonly number[];
}

export function decodeModelIndex(bytes: Uint8Array): ModelIndex {
  const m = readMap(decodeCanonical(bytes), 'models', ['active', 'versions']);
  return { active: readUint(m.active, 'models.active'), versions: readArray(m.versions, 'models.versions', 100_000).map((v, i) => readUint(v, `models.versions[${i}]`)) };
}

export function readModelIndex(suite: CryptoSuite, state: StateReader): ModelIndex | undefined {
  const bytes = state.getState(modelsKey(suite));
  return bytes === undefined ? undefined : decodeModelIndex(bytes);
}

export function decodeScoringModel(bytes: Uint8Array): ScoringModel {
  return parseScoringModel(decodeCanonical(bytes), 'stored model');
}

export function readScoringModel(suite: CryptoSuite, state: StateReader, version: number): ScoringModel | undefined {
  const bytes = state.getState(modelKey(suite, version));
  return bytes === undefined ? undefined : decodeScoringModel(bytes);
}

/** Adds a model version and makes it the active one. Versions only grow: history is kept. */
export function writeScoringModel(suite: CryptoSuite, state: StateOverlay, model: ScoringModel): void {
  const index = readModelIndex(suite, state) ?? { active: 0, versions: [] };
  const last = index.versions.length === 0 ? 0 : index.versions[index.versions.length - 1]!;
  if (model.version <= last) {
    throw new CreditChainError('GOV_BAD_PROPOSAL', `A new scoring model needs a version above ${last}, the latest; ${model.version} is not.`, { version: model.version, latest: last });
  }
  state.put(modelKey(suite, model.version), encodeCanonical(scoringModelToCbor(model)));
  state.put(modelsKey(suite), encodeCanonical({ active: model.version, versions: [...index.versions, model.version] }));
}

// --- the score -----------------------------------------------------------------------------

/** Integer division truncated towards zero. Exact: |a| < 2^53 and b ≤ 2^20, so a / b in binary64 never rounds across an integer. */
function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

function decayPercent(model: ScoringModel, ageDays: number): number {
  for (const step of model.decay) if (ageDays < step.days) return step.percent;
  return model.decay[model.decay.length - 1]!.percent;
}

/** The points one record adds, before its category's cap. */
export function recordPoints(model: ScoringModel, effect: ScoreEffect, r: ScoredRecord, today: number): number {
  const age = r.ongoing ? 0 : Math.max(0, today - r.ageFrom);
  return idiv(effect.points * model.bandPercent[r.amountBand]! * decayPercent(model, age), 10_000);
}

/** Scores the counted records of one subject on `today` (days since the epoch). */
export function computeScore(model: ScoringModel, records: readonly ScoredRecord[], today: number): Score {
  const totals = new Map<string, { points: number; records: number }>();
  for (const r of records) {
    const effect = model.effects.find((e) => e.category === r.category);
    if (effect === undefined) continue; // a category the model gives no weight
    const t = totals.get(r.category) ?? { points: 0, records: 0 };
    t.points += recordPoints(model, effect, r, today);
    t.records += 1;
    totals.set(r.category, t);
  }
  const reasons: Reason[] = [];
  let sum = 0;
  // The model's order, not the map's: the same reasons in the same order on every node.
  for (const effect of model.effects) {
    const t = totals.get(effect.category);
    if (t === undefined) continue;
    const points = Math.max(-effect.cap, Math.min(effect.cap, t.points));
    sum += points;
    if (points !== 0) reasons.push({ code: effect.reason, category: effect.category, text: effect.text, textZh: effect.textZh, points, records: t.records });
  }
  const value = Math.max(model.min, Math.min(model.max, model.base + sum));
  const byWeight = (a: Reason, b: Reason) => Math.abs(b.points) - Math.abs(a.points) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  return {
    model: model.version,
    value,
    base: model.base,
    min: model.min,
    max: model.max,
    lowered: reasons.filter((r) => r.points < 0).sort(byWeight).slice(0, MAX_REASONS),
    raised: reasons.filter((r) => r.points > 0).sort(byWeight).slice(0, MAX_REASONS),
  };
}
