import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears, civilFromDays, dayOf, daysFromCivil, formatDate, parseDate, DAY_MS } from './dates.js';

describe('credit dates (integer calendar arithmetic)', () => {
  it('agrees with the platform calendar for every day from 1900 to 2999', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(2999, 12, 31) }), (days) => {
        const iso = new Date(days * DAY_MS).toISOString().slice(0, 10);
        expect(formatDate(days)).toBe(iso);
        expect(parseDate(iso, 'date')).toBe(days);
      }),
      { numRuns: 20_000 },
    );
  });

  it('knows the epoch, leap days and the day a block time falls on', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(civilFromDays(-1)).toEqual({ y: 1969, m: 12, d: 31 });
    expect(formatDate(parseDate('2024-02-29', 'd'))).toBe('2024-02-29');
    expect(dayOf(Date.UTC(2026, 10, 25, 23, 59, 59, 999))).toBe(parseDate('2026-11-25', 'd'));
    expect(dayOf(Date.UTC(2026, 10, 26))).toBe(parseDate('2026-11-26', 'd'));
  });

  it('adds calendar years: 29 February becomes 28 February in a common year', () => {
    expect(formatDate(addYears(parseDate('2020-03-15', 'd'), 5))).toBe('2025-03-15');
    expect(formatDate(addYears(parseDate('2024-02-29', 'd'), 5))).toBe('2029-02-28');
    expect(formatDate(addYears(parseDate('2024-02-29', 'd'), 4))).toBe('2028-02-29');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-01', '1899-12-31', '2026-01-01T00:00:00Z', '']) {
      expect(() => parseDate(bad, 'occurred')).toThrow(expect.objectContaining({ code: 'RECORD_BAD_DATE' }));
    }
  });
});
