import { describe, expect, it } from 'vitest';
import { AMOUNT_BANDS as LEDGER_BANDS, MAX_CONSENT_DAYS as LEDGER_MAX_DAYS, MAX_REASON_LENGTH, PURPOSES as LEDGER_PURPOSES, QUERY_BASES } from '@creditchain/ledger';
import { AMOUNT_BANDS, LEGAL_BASES, MAX_CONSENT_DAYS, MAX_REASON, PURPOSES, parseSubjectRef } from './vocabulary.js';

describe('the console’s vocabularies', () => {
  it('are the ledger’s, in its order', () => {
    expect(PURPOSES).toEqual(LEDGER_PURPOSES);
    expect(LEGAL_BASES).toEqual(QUERY_BASES.filter((b) => b !== 'consent'));
    expect(AMOUNT_BANDS).toEqual(LEDGER_BANDS);
    expect(MAX_CONSENT_DAYS).toBe(LEDGER_MAX_DAYS);
    expect(MAX_REASON).toBe(MAX_REASON_LENGTH);
  });

  it('reads a subject reference in hex, forgiving spaces and case', () => {
    const ref = 'ab'.repeat(32);
    expect(parseSubjectRef(` ${ref.toUpperCase()} `)).toBe(ref);
    expect(parseSubjectRef(`${ref.slice(0, 32)}\n${ref.slice(32)}`)).toBe(ref);
    expect(parseSubjectRef(ref.slice(2))).toBeUndefined();
    expect(parseSubjectRef('11010519491231002X')).toBeUndefined();
  });
});
