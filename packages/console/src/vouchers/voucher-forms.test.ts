import { describe, expect, it } from 'vitest';
import { toHex } from '@creditchain/core';
import { parseAmounts, parseBatch, parseTransfer, parseWho, supplyBalances } from './voucher-forms.js';

describe('the vouchers page’s forms', () => {
  it('read a selector as the CLI takes it, a subject by its reference in hex', () => {
    expect(parseWho(' any ')).toBe('any');
    const ref = 'ab'.repeat(32);
    const w = parseWho(`any-subject, account:demo-enterprise, org:bank-a, org-type:bank, role:reviewer, subject:${ref.toUpperCase()}`);
    expect(w).toMatchObject({ anySubject: true, accounts: ['demo-enterprise'], orgs: ['bank-a'], orgTypes: ['bank'], roles: ['reviewer'] });
    expect(toHex((w as { subjects: Uint8Array[] }).subjects[0]!)).toBe(ref);
    for (const bad of ['', 'anyone', 'org-type:shop', 'role:king', 'subject:11010519491231002X', 'account:']) expect(parseWho(bad), bad).toBeUndefined();
  });

  it('read a transfer path: none, any, or hops', () => {
    expect(parseTransfer('none')).toBe('none');
    expect(parseTransfer('any')).toBe('any');
    expect(parseTransfer('any-subject > org-type:bank')).toEqual([{ accounts: [], orgs: [], orgTypes: [], roles: [], subjects: [], anySubject: true }, { accounts: [], orgs: [], orgTypes: ['bank'], roles: [], subjects: [], anySubject: false }]);
    expect(parseTransfer('any-subject > nobody')).toBeUndefined();
  });

  it('read a batch one holder a line, and name the first bad line', () => {
    expect(parseBatch('demo-person 5000\n\ndemo-enterprise:2500\n')).toEqual({ to: [{ holder: 'demo-person', amount: 5000 }, { holder: 'demo-enterprise', amount: 2500 }] });
    expect(parseBatch('demo-person 5000\nDemo 3')).toEqual({ badLine: 2 });
    expect(parseBatch('demo-person 0')).toEqual({ badLine: 1 });
    expect(parseBatch('  ')).toEqual({ badLine: 1 });
  });

  it('read a split’s pieces, and check the supply invariant', () => {
    expect(parseAmounts('3000, 2000')).toEqual([3000, 2000]);
    expect(parseAmounts('3000')).toBeUndefined();
    expect(parseAmounts('3000,-2')).toBeUndefined();
    expect(supplyBalances({ issued: 10, held: 4, spent: 3, redeemed: 2, expired: 1 })).toBe(true);
    expect(supplyBalances({ issued: 10, held: 4, spent: 3, redeemed: 2, expired: 0 })).toBe(false);
  });
});
