import { describe, expect, it } from 'vitest';
import { MEMBER_TABS, SUBJECT_TABS, VOUCHER_TABS, parseRoute, paths } from './routes.js';

describe('the console’s paths', () => {
  it('name each portal tab and each record request, and come back from their paths', () => {
    for (const tab of SUBJECT_TABS) expect(parseRoute(paths.subject(tab))).toEqual({ page: 'subject', tab });
    for (const tab of MEMBER_TABS) expect(parseRoute(paths.member(tab))).toEqual({ page: 'member', tab });
    expect(paths.subject()).toBe('/me');
    expect(paths.member()).toBe('/member');
    expect(parseRoute(paths.regulator)).toEqual({ page: 'regulator' });
    expect(parseRoute(paths.recordRequest('object', 12))).toEqual({ page: 'record-request', kind: 'object', record: 12 });
    expect(parseRoute('/me/records/3/repair/')).toEqual({ page: 'record-request', kind: 'repair', record: 3 });
  });

  it('name the vouchers page’s tabs, the contracts and one contract', () => {
    for (const tab of VOUCHER_TABS) expect(parseRoute(paths.vouchers(tab))).toEqual({ page: 'vouchers', tab });
    expect(paths.vouchers()).toBe('/vouchers');
    expect(parseRoute(paths.contracts)).toEqual({ page: 'contracts' });
    expect(parseRoute(paths.contract('my-loan'))).toEqual({ page: 'contract', name: 'my-loan' });
    for (const path of ['/vouchers/classes', '/vouchers/nope', '/contracts/My-Loan', '/contracts/a/b']) expect(parseRoute(path), path).toEqual({ page: 'not-found', path });
  });

  it('keep the explorer’s pages', () => {
    expect(parseRoute('/')).toEqual({ page: 'explorer' });
    expect(parseRoute('/blocks/7')).toEqual({ page: 'block', height: 7 });
    expect(parseRoute(`/txs/${'AB'.repeat(32)}`)).toEqual({ page: 'tx', id: 'ab'.repeat(32) });
  });

  it('answer anything else with not-found, the first tab’s own name included', () => {
    for (const path of ['/me/report', '/member/standing', '/me/nope', '/me/records/0/object', '/me/records/1/appeal', '/member/review/1', '/blocks/x']) {
      expect(parseRoute(path), path).toEqual({ page: 'not-found', path });
    }
  });
});
