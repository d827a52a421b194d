// The subject step of a CSV import (records-csv.ts): a row's subject and kind cells → the
// subject's on-chain reference, or the problem with the cell. Two ways, for who holds what:
// - subjectsBySecret: the CLI on a member node holds the consortium secret and turns a Unified
//   Social Credit Code or resident ID number into its reference (core `subjectRef`); the
//   identifier never leaves that machine.
// - subjectsByReference: a browser holds no secret (and must not), so its rows give the
//   reference itself, in hex, with the kind.
// A problem never repeats the identifier, so refusals can be logged and shared.
import {
  CreditChainError,
  detectSubjectId,
  fromHex,
  subjectRef,
  SUBJECT_KINDS,
  SUBJECT_SECRET_MIN_LENGTH,
  type SubjectKind,
} from '@creditchain/core';

/** A problem with one cell of a row (its column, '' for the row as a whole): the row is refused, its other cells still checked. */
export class CsvCellProblem {
  constructor(
    readonly column: string,
    readonly message: string,
  ) {}
}

export interface CsvSubject {
  readonly ref: Uint8Array;
  readonly kind: SubjectKind;
}

/** A row's subject cell and kind cell ('' when empty or absent) → the subject, or the problem (column subject or kind). */
export type CsvSubjectStep = (subject: string, kind: string) => CsvSubject | CsvCellProblem;

/** The kind cell in any case, or — unknown — as written, so a refusal quotes what the file says; undefined when empty. */
function kindOf(kindText: string): SubjectKind | undefined {
  if (kindText === '') return undefined;
  const lower = kindText.toLowerCase();
  return ((SUBJECT_KINDS as readonly string[]).includes(lower) ? lower : kindText) as SubjectKind;
}

/**
 * Identifiers under the consortium secret: the subject's identifier, of the kind given (any
 * case) or — when none is — the one kind it is valid as (core `detectSubjectId`, whose sentences
 * become the problem). Throws SUBJECT_BAD_SECRET at once for a secret too short.
 */
export function subjectsBySecret(secret: Uint8Array): CsvSubjectStep {
  if (!(secret instanceof Uint8Array) || secret.length < SUBJECT_SECRET_MIN_LENGTH) {
    throw new CreditChainError('SUBJECT_BAD_SECRET', `The consortium secret that keys subject references must be at least ${SUBJECT_SECRET_MIN_LENGTH} bytes; check the node configuration.`);
  }
  return (text, kindText) => {
    if (text === '') return new CsvCellProblem('subject', 'The subject is empty; give its Unified Social Credit Code or resident ID number.');
    try {
      const id = detectSubjectId(text, kindOf(kindText));
      return { ref: subjectRef(secret, id), kind: id.kind };
    } catch (e) {
      if (!(e instanceof CreditChainError)) throw e;
      if (e.code === 'SUBJECT_BAD_KIND') return new CsvCellProblem('kind', e.message);
      const rule = e.details?.rule;
      const hint = rule === 'ambiguous' ? ' Add a kind column saying which.' : rule === 'neither' ? ' A kind column would say which it is meant to be.' : '';
      return new CsvCellProblem('subject', `${e.message}${hint}`);
    }
  };
}

const REF = /^[0-9a-f]{64}$/;

/**
 * References given in the file: the subject cell is the subject's reference (64 hex digits;
 * spaces and case forgiven) and the kind cell says enterprise or person, since a reference does
 * not tell. For whoever does not hold the consortium secret — a browser.
 */
export function subjectsByReference(): CsvSubjectStep {
  return (text, kindText) => {
    const hex = text.replace(/\s+/g, '').toLowerCase();
    const kind = kindOf(kindText);
    if (hex === '') return new CsvCellProblem('subject', "The subject is empty; give its reference, 64 hex digits.");
    if (!REF.test(hex)) {
      return new CsvCellProblem('subject', "The subject must be given by its reference, 64 hex digits: an ID number or a Unified Social Credit Code becomes one only with the consortium's secret, which a member node holds (creditchain subject ref ID prints it).");
    }
    if (kind === undefined) return new CsvCellProblem('kind', 'A subject given by its reference needs its kind: enterprise or person.');
    if (!(SUBJECT_KINDS as readonly string[]).includes(kind)) return new CsvCellProblem('kind', `A subject is an "enterprise" or a "person", not ${JSON.stringify(kindText.slice(0, 40))}.`);
    return { ref: fromHex(hex, 32), kind };
  };
}
