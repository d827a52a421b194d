// Subject identifiers and the pseudonymous references that stand for them on the chain.
//
// A subject is an enterprise, named by its Unified Social Credit Code (统一社会信用代码,
// GB 32100-2015), or a person, named by the resident identity number (居民身份证号码,
// GB 11643-1999). Neither identifier is ever written to the chain (DESIGN.md, principle 3): the
// chain holds `subjectRef`, a keyed hash of the identifier.
//
// Why a keyed hash. An unkeyed hash of an 18-character identifier with a known structure is no
// pseudonym: anyone who reads the chain can hash every candidate and look the result up.
//   - A resident identity number is 6 address digits (about 3,000 county codes in use, some
//     thousands more counting retired ones that old numbers keep), a birth date (about 42,000
//     days for everyone alive) and a 3-digit sequence number; the check character adds nothing.
//     That is about 6,000 × 42,000 × 1,000 ≈ 2.5 × 10^11 ≈ 2^38 candidates: half a minute for one
//     GPU at 10^10 SHA-256 a second, hours on one CPU core. Knowing the county, birth date and
//     sex of the person (all printed on an ID card, and often in the record itself) leaves 500.
//   - Unified Social Credit Codes are public: printed on business licences and listed by the
//     national enterprise credit publicity system, so a dictionary of all of them is at hand.
// HMAC-SHA-256 keyed with the consortium secret makes that search impossible for anyone who does
// not hold the secret: readers of the chain, of receipts and of exported proofs. It does not
// hide subjects from the member nodes, which all hold the secret; they see the identifiers in
// the submissions anyway.
//
// The secret comes from node configuration and is never on the chain. It must be the same on
// every node and for the life of the chain: rotating it changes every reference, so every state
// entry keyed by a subject (records, consent, disputes) and every receipt that names a reference
// would have to be migrated, which needs the plain identifiers that only the members hold.
//
// Error messages never contain the identifier itself — a rejected transaction's message may be
// kept in results — only positions and at most the one offending character or date part.
import { createHmac } from 'node:crypto';
import { utf8 } from './bytes.js';
import { CreditChainError } from './errors.js';

export type SubjectKind = 'enterprise' | 'person';

/** A validated subject identifier in its normal form (ASCII, uppercase, no spaces). */
export interface SubjectId {
  readonly kind: SubjectKind;
  readonly id: string;
}

export const SUBJECT_KINDS: readonly SubjectKind[] = Object.freeze(['enterprise', 'person'] as const);
/** Length of a subject reference (HMAC-SHA-256). */
export const SUBJECT_REF_LENGTH = 32;
/** Shortest consortium secret accepted: the full strength of HMAC-SHA-256. */
export const SUBJECT_SECRET_MIN_LENGTH = 32;

// --- normalisation -------------------------------------------------------------------------------

/**
 * The normal form of typed or pasted identifier text: full-width forms (Ａ-Ｚ, ０-９, ｘ, the
 * ideographic space …, U+FF01-U+FF5E and U+3000) become ASCII, surrounding white space goes,
 * a-z become A-Z. Nothing else changes — in particular no NFKC, which would also turn ① or Ⅰ
 * into characters of the code — so whatever is still wrong is reported by `parseSubjectId`.
 */
export function normaliseSubjectId(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out.trim().replace(/[a-z]/g, (c) => c.toUpperCase());
}

// --- Unified Social Credit Code, GB 32100-2015 ------------------------------------------------

const USCC = 'Unified Social Credit Code';
/** The 31 characters of GB 32100-2015 table 1, in value order: no I, O, S, V or Z. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Wi = 3^(i-1) mod 31, i = 1..17 (GB 32100-2015 §4.5, table 2). */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * The GB 32100-2015 check character of the first 17 characters of a code:
 * C18 = 31 − MOD(Σ Ci × Wi, 31), where a result of 31 is written as 0.
 */
export function usccCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17 || ![...first17].every((c) => USCC_ALPHABET.includes(c))) {
    throw new CreditChainError('SUBJECT_BAD_ID', `The check character of a ${USCC} is computed from 17 characters of 0-9, A-H, J-N, P-R, T-U, W-Y.`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714-1997 code characters: 0-9 then A-Z, valued 0-35 (appendix A). */
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * The GB 11714-1997 check character of an 8-character organisation code body: C9 = 11 −
 * MOD(Σ Ci × Wi, 11), 10 written X and 11 written 0. In a Unified Social Credit Code the
 * organisation code is characters 9-17, so its check character is character 17.
 *
 * `parseSubjectId` does not enforce it. Every real code we could find satisfies it, but the
 * issuing systems are known not to have followed the standards everywhere (some Xiamen codes
 * even fail the GB 32100 check), rejecting a real enterprise is worse than accepting a
 * malformed one, and the GB 32100 check character already catches every single-character typo.
 */
export function organisationCodeCheckChar(first8: string): string {
  if (typeof first8 !== 'string' || !/^[0-9A-Z]{8}$/.test(first8)) {
    throw new CreditChainError('SUBJECT_BAD_ID', 'The check character of an organisation code is computed from 8 characters of 0-9 and A-Z.');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_ALPHABET.indexOf(first8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function parseUscc(chars: readonly string[]): string {
  for (let i = 0; i < 18; i++) {
    const c = chars[i]!;
    if (i >= 2 && i <= 7) {
      if (!isDigit(c)) {
        fail('enterprise', `Position ${i + 1} of the ${USCC} holds ${show(c)}, but positions 3-8 (the administrative division code) are digits.`, { rule: 'character', position: i + 1, found: c });
      }
    } else if (!USCC_ALPHABET.includes(c)) {
      fail('enterprise', `Position ${i + 1} of the ${USCC} holds ${show(c)}, which is not allowed: the code uses 0-9, A-H, J-N, P-R, T-U and W-Y (no I, O, S, V or Z).`, { rule: 'character', position: i + 1, found: c });
    }
  }
  const id = chars.join('');
  const expected = usccCheckChar(id.slice(0, 17));
  if (chars[17] !== expected) {
    fail('enterprise', `The check character of the ${USCC} (position 18) should be "${expected}" but is "${chars[17]}": a character is mistyped.`, { rule: 'check-character', position: 18, expected, found: chars[17] });
  }
  return id;
}

// --- resident identity number, GB 11643-1999 -------------------------------------------------

const RIN = 'resident identity number';
/** Wi = 2^(18-i) mod 11, i = 1..17 (GB 11643-1999 §7, ISO 7064:1983 MOD 11-2). */
const RIN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Earliest birth year accepted; the standard's own 1880 example is refused on purpose. */
const RIN_MIN_YEAR = 1900;

/**
 * The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident identity number:
 * (12 − MOD(Σ ai × Wi, 11)) mod 11, with 10 written X.
 */
export function residentIdCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^[0-9]{17}$/.test(first17)) {
    throw new CreditChainError('SUBJECT_BAD_ID', `The check character of a ${RIN} is computed from 17 digits.`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * RIN_WEIGHTS[i]!;
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseResidentId(chars: readonly string[]): string {
  for (let i = 0; i < 17; i++) {
    const c = chars[i]!;
    if (!isDigit(c)) {
      const part = i < 6 ? 'the address code' : i < 14 ? 'the birth date' : 'the sequence number';
      fail('person', `Position ${i + 1} of the ${RIN} holds ${show(c)}, but positions 1-17 are digits (this one is in ${part}).`, { rule: 'character', position: i + 1, found: c });
    }
  }
  const last = chars[17]!;
  if (!isDigit(last) && last !== 'X') {
    fail('person', `Position 18 of the ${RIN} holds ${show(last)}, but the check character is a digit or X.`, { rule: 'character', position: 18, found: last });
  }
  const id = chars.join('');
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const notADate = (why: string, position: number): never =>
    fail('person', `The birth date of the ${RIN} (positions 7-14, YYYYMMDD) is not a real date from ${RIN_MIN_YEAR} on: ${why}.`, { rule: 'birth-date', position });
  if (year < RIN_MIN_YEAR) notADate(`the year ${id.slice(6, 10)} is before ${RIN_MIN_YEAR}`, 7);
  if (month < 1 || month > 12) notADate(`month ${id.slice(10, 12)} does not exist`, 11);
  if (day < 1 || day > daysInMonth(year, month)) {
    notADate(day < 1 ? 'day 00 does not exist' : `month ${id.slice(10, 12)} of that year has ${daysInMonth(year, month)} days, not ${day}`, 13);
  }
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (last !== expected) {
    fail('person', `The check character of the ${RIN} (position 18) should be "${expected}" but is "${last}": a digit is mistyped.`, { rule: 'check-character', position: 18, expected, found: last });
  }
  return id;
}

// --- parsing ---------------------------------------------------------------------------------

/**
 * Normalises `text` and validates it as an identifier of `kind`: a Unified Social Credit Code
 * (GB 32100-2015: 18 characters of its 31-character set, digits at positions 3-8, the check
 * character at 18) or a resident identity number (GB 11643-1999: 17 digits and an ISO 7064
 * MOD 11-2 check character, a real birth date from 1900 at positions 7-14). Throws
 * SUBJECT_BAD_KIND or SUBJECT_BAD_ID with a sentence saying what is wrong.
 */
export function parseSubjectId(kind: SubjectKind, text: string): SubjectId {
  if (kind !== 'enterprise' && kind !== 'person') {
    const k: unknown = kind;
    const found = typeof k === 'string' ? k.slice(0, 40) : k === null ? 'null' : typeof k;
    throw new CreditChainError('SUBJECT_BAD_KIND', `A subject is an "enterprise" or a "person", not ${typeof k === 'string' ? JSON.stringify(found) : found}.`, { kind: found });
  }
  const name = kind === 'enterprise' ? USCC : RIN;
  if (typeof text !== 'string') fail(kind, `A ${name} is text, not ${text === null ? 'null' : typeof text}.`, { rule: 'type' });
  const chars = [...normaliseSubjectId(text)];
  if (chars.length !== 18) {
    const hint = kind === 'person' && chars.length === 15 ? ' (a 15-digit first-generation number must be converted to its 18-digit form first)' : '';
    fail(kind, `A ${name} has 18 characters; this one ${chars.length === 0 ? 'is empty' : `has ${chars.length}`}${hint}.`, { rule: 'length', length: chars.length });
  }
  return Object.freeze({ kind, id: kind === 'enterprise' ? parseUscc(chars) : parseResidentId(chars) });
}

/**
 * An identifier whose kind may not be given: the kind it is valid as. Only digits (and a final
 * X) can be meant as a resident ID number; a string valid as both (18 digits can be) needs the
 * kind said. Throws SUBJECT_BAD_ID saying what each reading found wrong.
 */
export function detectSubjectId(text: string, kind?: SubjectKind): SubjectId {
  if (kind !== undefined) return parseSubjectId(kind, text);
  const digits = /^[0-9]+X?$/.test(normaliseSubjectId(String(text)));
  const attempt = (k: SubjectKind): SubjectId | CreditChainError => {
    try {
      return parseSubjectId(k, text);
    } catch (e) {
      if (e instanceof CreditChainError) return e;
      throw e;
    }
  };
  const asEnterprise = attempt('enterprise');
  if (!digits) {
    if (asEnterprise instanceof CreditChainError) throw asEnterprise;
    return asEnterprise;
  }
  const asPerson = attempt('person');
  const ok = (x: SubjectId | CreditChainError): x is SubjectId => !(x instanceof CreditChainError);
  if (ok(asEnterprise) && ok(asPerson)) {
    throw new CreditChainError('SUBJECT_BAD_ID', 'The identifier is both a valid Unified Social Credit Code and a valid resident ID number; say which it is (enterprise or person).', { rule: 'ambiguous' });
  }
  if (ok(asEnterprise)) return asEnterprise;
  if (ok(asPerson)) return asPerson;
  throw new CreditChainError('SUBJECT_BAD_ID', `The identifier is neither a Unified Social Credit Code (${(asEnterprise as CreditChainError).message}) nor a resident ID number (${(asPerson as CreditChainError).message}).`, { rule: 'neither' });
}

// --- the on-chain reference -------------------------------------------------------------------

/**
 * The pseudonymous on-chain reference of a subject: HMAC-SHA-256(secret, UTF-8(kind ":" id)),
 * 32 bytes. The identifier is parsed again first, so a non-normal form gives the reference of
 * its normal form and an invalid identifier gets no reference. The kind is part of the message
 * because one 18-digit string can be both a valid code and a valid identity number.
 * `secret` is the consortium secret from node configuration (see the top of this file).
 */
export function subjectRef(secret: Uint8Array, subject: SubjectId): Uint8Array {
  if (!(secret instanceof Uint8Array) || secret.length < SUBJECT_SECRET_MIN_LENGTH) {
    throw new CreditChainError(
      'SUBJECT_BAD_SECRET',
      `The consortium secret that keys subject references must be at least ${SUBJECT_SECRET_MIN_LENGTH} bytes${secret instanceof Uint8Array ? `, not ${secret.length}` : ''}; check the node configuration.`,
    );
  }
  if (typeof subject !== 'object' || subject === null) {
    throw new CreditChainError('SUBJECT_BAD_ID', 'A subject is an object with a kind and an id.');
  }
  const { kind, id } = parseSubjectId(subject.kind, subject.id);
  return new Uint8Array(createHmac('sha256', secret).update(utf8(`${kind}:${id}`)).digest());
}

// --- helpers ---------------------------------------------------------------------------------

function isDigit(c: string): boolean {
  return c.length === 1 && c >= '0' && c <= '9';
}

/** A character for a message: "A", a space, or "中" (U+4E2D) beyond printable ASCII. */
function show(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp === 0x20) return 'a space';
  if (cp > 0x20 && cp < 0x7f) return `"${c}"`;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? `the control character ${code}` : `"${c}" (${code})`;
}

function fail(kind: SubjectKind, message: string, details: Record<string, unknown>): never {
  throw new CreditChainError('SUBJECT_BAD_ID', message, { kind, ...details });
}
