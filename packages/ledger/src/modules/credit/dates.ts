// Calendar dates as the credit rules use them: "YYYY-MM-DD" in UTC, counted as whole days since
// 1970-01-01. Written with integer arithmetic (the civil-from-days algorithm of H. Hinnant,
// "chrono-compatible low-level date algorithms") instead of Date, so the state machine uses no
// clock and no floating point, and "five years after" is the same day on every node.
import { CreditChainError } from '@creditchain/core';

export const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Integer division of a non-negative integer: exact, no rounding. */
function div(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** Integer division rounding towards minus infinity, for dates before 1970. */
function floorDiv(a: number, b: number): number {
  return (a - (((a % b) + b) % b)) / b;
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = floorDiv(yy, 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = div(153 * mp + 2, 5) + d - 1;
  const doe = yoe * 365 + div(yoe, 4) - div(yoe, 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719_468;
  const era = floorDiv(z, 146_097);
  const doe = z - era * 146_097; // [0, 146096]
  const yoe = div(doe - div(doe, 1460) + div(doe, 36_524) - div(doe, 146_096), 365); // [0, 399]
  const doy = doe - (365 * yoe + div(yoe, 4) - div(yoe, 100)); // [0, 365]
  const mp = div(5 * doy + 2, 153); // [0, 11], March first
  const d = doy - div(153 * mp + 2, 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Parses "YYYY-MM-DD" (years 1900–2999) to a day number; throws RECORD_BAD_DATE. */
export function parseDate(text: string, what: string): number {
  const m = DATE.exec(text);
  const y = m ? Number(m[1]) : 0;
  const mo = m ? Number(m[2]) : 0;
  const d = m ? Number(m[3]) : 0;
  if (m === null || y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new CreditChainError('RECORD_BAD_DATE', `${what} must be a date written YYYY-MM-DD; "${text}" is not one.`, { field: what, value: text });
  }
  return daysFromCivil(y, mo, d);
}

export function formatDate(days: number): string {
  const { y, m, d } = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The same calendar day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(days: number, years: number): number {
  const { y, m, d } = civilFromDays(days);
  const ny = y + years;
  return daysFromCivil(ny, m, Math.min(d, daysInMonth(ny, m)));
}

/** The day (since the epoch, UTC) a block time in milliseconds falls on. */
export function dayOf(timeMs: number): number {
  return floorDiv(timeMs, DAY_MS);
}
