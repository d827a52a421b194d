// Programmable vouchers as code: each test names the rule it proves. Every refusal is checked to
// carry its code and to change nothing but the sender's nonce (test-fixture.ts, refused).
import { describe, expect, it } from 'vitest';
import { StateOverlay } from '../../overlay.js';
import { readList } from '../../state-lists.js';
import { suite, T0 } from '../../test-support.js';
import { expireVouchers } from './expire.js';
import { ACME, DAY, LI, ZHANG, couponClass, draftClass, ok, refused, supplyOf, vouchersConsortium } from './test-fixture.js';
import { buildVoucherTrace } from './trace.js';
import { VOUCHERS_MODULE, classEventsList, readClass, readMovement, readVoucher, voucherEventsList } from './state.js';

const state = (c: ReturnType<typeof vouchersConsortium>) => c.ledger.readers.state;
const voucher = (c: ReturnType<typeof vouchersConsortium>, id: number) => readVoucher(suite, state(c), id)!;
const balanced = (s: { issued: number; held: number; spent: number; redeemed: number; expired: number }) => s.issued === s.held + s.spent + s.redeemed + s.expired;

function withCoupons(params: Record<string, number> = {}) {
  const c = vouchersConsortium(params);
  expect(ok(c, 'city', 'vouchers.create-class', couponClass())).toEqual({ class: 1, status: 'active' });
  return c;
}

describe('voucher classes', () => {
  it('an issuer presets a class; its rules, issuer and supervisor are on chain', () => {
    const c = withCoupons();
    const cls = readClass(suite, state(c), 1)!;
    expect(cls).toMatchObject({ issuer: 'city', createdBy: 'city', unit: 'CNY-fen', cap: 1_000_000, divisible: false, minUnit: 1, transfer: 'none', supervisor: 'regulator', onExpiry: 'return', status: 'active', frozen: false });
    expect(cls.supply).toEqual({ issued: 0, held: 0, spent: 0, redeemed: 0, expired: 0, returned: 0 });
  });

  it('only submitters of an organisation create classes; the class must make sense', () => {
    const c = vouchersConsortium();
    expect(refused(c, 'clerk', 'vouchers.create-class', couponClass(), 'PERMISSION_DENIED')).toMatch(/needs the role submitter/);
    expect(refused(c, 'zhang', 'vouchers.create-class', couponClass(), 'PERMISSION_DENIED')).toMatch(/subject's own account/);
    expect(refused(c, 'city', 'vouchers.create-class', couponClass({ expires: T0 }), 'TX_BAD_PAYLOAD')).toMatch(/must be after the block time/);
    expect(refused(c, 'city', 'vouchers.create-class', couponClass({ supervisor: 'nobody' }), 'ORG_NOT_FOUND')).toMatch(/no organisation "nobody"/);
    expect(refused(c, 'city', 'vouchers.create-class', couponClass({ minUnit: 5 }), 'TX_BAD_PAYLOAD')).toMatch(/only with a divisible class/);
    expect(refused(c, 'city', 'vouchers.create-class', couponClass({ holders: {} }), 'TX_BAD_PAYLOAD')).toMatch(/names no one/);
    expect(refused(c, 'city', 'vouchers.create-class', couponClass({ transfer: 'sideways' }), 'TX_BAD_PAYLOAD')).toMatch(/"none", "any" or a list of hops/);
    expect(refused(c, 'city', 'vouchers.create-class', couponClass({ onExpiry: 'keep' }), 'TX_BAD_PAYLOAD')).toMatch(/"return".*or "burn"/);
    expect(refused(c, 'city', 'vouchers.create-class', couponClass({ holders: { orgTypes: ['pirate'] } }), 'TX_BAD_PAYLOAD')).toMatch(/not an organisation type/);
  });

  it('with voucherClassApproval 1 a class is pending until a regulator approves it', () => {
    const c = vouchersConsortium({ voucherClassApproval: 1 });
    expect(ok(c, 'city', 'vouchers.create-class', couponClass())).toEqual({ class: 1, status: 'pending' });
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }] }, 'VOUCHER_CLASS_NOT_ACTIVE')).toMatch(/awaits a regulator's approval/);
    expect(refused(c, 'bank', 'vouchers.approve-class', { class: 1 }, 'PERMISSION_DENIED')).toMatch(/needs the role regulator/);
    expect(ok(c, 'reg', 'vouchers.approve-class', { class: 1 })).toEqual({ class: 1, status: 'active' });
    expect(readClass(suite, state(c), 1)!.approvedBy).toBe('reg');
    expect(refused(c, 'reg', 'vouchers.approve-class', { class: 1 }, 'VOUCHER_CLASS_NOT_ACTIVE')).toMatch(/is active; only a class awaiting approval/);
    expect(refused(c, 'reg', 'vouchers.approve-class', { class: 9 }, 'VOUCHER_CLASS_NOT_FOUND')).toBe('There is no voucher class 9.');
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }] });
  });

  it('governance turns approval on with the chain parameter voucherClassApproval', () => {
    const c = withCoupons();
    ok(c, 'reg', 'governance.propose', { kind: 'set-param', proposal: { name: 'voucherClassApproval', value: 1 } });
    expect(ok(c, 'reg', 'governance.vote', { proposal: 1, vote: 'yes' })).toMatchObject({ status: 'passed' });
    expect(ok(c, 'city', 'vouchers.create-class', couponClass())).toEqual({ class: 2, status: 'pending' });
    expect(readClass(suite, state(c), 1)!.status).toBe('active'); // a class approved before stays so
    expect(refused(c, 'reg', 'governance.propose', { kind: 'set-param', proposal: { name: 'voucherClassApproval', value: 2 } }, 'GOV_BAD_PROPOSAL')).toMatch(/from 0 to 1/);
  });
});

describe('issue', () => {
  it('the issuer issues one or a batch to eligible holders; each voucher and movement is recorded', () => {
    const c = withCoupons();
    expect(ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 10_000 }, { holder: 'li', amount: 10_000 }] })).toEqual({ class: 1, vouchers: [1, 2], amount: 20_000 });
    expect(voucher(c, 1)).toMatchObject({ class: 1, holder: 'zhang', amount: 10_000, status: 'active', hops: 0, parents: [], children: [] });
    expect(supplyOf(c, 1)).toMatchObject({ issued: 20_000, held: 20_000 });
    const events = readList(suite, state(c), VOUCHERS_MODULE, classEventsList(1)).map((id) => readMovement(suite, state(c), id)!);
    expect(events.map((e) => [e.kind, e.from, e.to, e.amount])).toEqual([['issue', 'city', 'zhang', 10_000], ['issue', 'city', 'li', 10_000]]);
    expect(events[0]!.by).toBe('city');
    expect(events[0]!.logIndex).toEqual(expect.any(Number));
  });

  it('refused: another organisation, an ineligible holder, past the cap, a zero amount, no such class', () => {
    const c = withCoupons();
    expect(refused(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }] }, 'VOUCHER_NOT_ISSUER')).toMatch(/issued by city; only its accounts may issue it, not bank's/);
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }, { holder: 'shop', amount: 100 }] }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/shop may not hold vouchers of class 1/);
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'nobody', amount: 100 }] }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/nobody may not hold/);
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 600_000 }, { holder: 'li', amount: 400_001 }] }, 'VOUCHER_CAP_EXCEEDED')).toMatch(/beyond its cap of 1000000/);
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 0 }] }, 'VOUCHER_BAD_AMOUNT')).toMatch(/more than 0/);
    expect(refused(c, 'city', 'vouchers.issue', { class: 7, to: [{ holder: 'zhang', amount: 1 }] }, 'VOUCHER_CLASS_NOT_FOUND')).toBe('There is no voucher class 7.');
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [] }, 'TX_BAD_PAYLOAD')).toMatch(/at least one holder/);
    expect(supplyOf(c, 1).issued).toBe(0);
  });

  it('a divisible class takes only whole multiples of its minimum unit', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass());
    expect(refused(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 150 }] }, 'VOUCHER_BAD_AMOUNT')).toMatch(/not a whole multiple of the minimum unit 100/);
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 5_000_000 }] });
  });
});

describe('transfer along the path', () => {
  it('a coupon does not pass from resident to resident', () => {
    const c = withCoupons();
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }] });
    expect(refused(c, 'zhang', 'vouchers.transfer', { voucher: 1, to: 'li' }, 'VOUCHER_PATH_FORBIDDEN')).toMatch(/do not pass from holder to holder/);
  });

  it('a draft follows its hops: supplier → supplier or bank → bank, and no further', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass());
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 5_000_000 }] });
    expect(refused(c, 'li', 'vouchers.transfer', { voucher: 1, to: 'zhang' }, 'VOUCHER_NOT_HOLDER')).toMatch(/held by acme; only its holder may transfer it/);
    expect(refused(c, 'acme', 'vouchers.transfer', { voucher: 1, to: 'bank2' }, 'VOUCHER_PATH_FORBIDDEN')).toMatch(/Transfer 1 .* must go to a party of hop 1/);
    expect(refused(c, 'acme', 'vouchers.transfer', { voucher: 1, to: 'shop' }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/shop may not hold/);
    expect(refused(c, 'acme', 'vouchers.transfer', { voucher: 1, to: 'acme' }, 'TX_BAD_PAYLOAD')).toMatch(/already held by acme/);
    expect(ok(c, 'acme', 'vouchers.transfer', { voucher: 1, to: 'zhang' })).toEqual({ voucher: 1, holder: 'zhang', hop: 1 });
    expect(ok(c, 'zhang', 'vouchers.transfer', { voucher: 1, to: 'bank2' })).toEqual({ voucher: 1, holder: 'bank2', hop: 2 });
    expect(ok(c, 'bank2', 'vouchers.transfer', { voucher: 1, to: 'bank' })).toEqual({ voucher: 1, holder: 'bank', hop: 3 });
    expect(refused(c, 'bank', 'vouchers.transfer', { voucher: 1, to: 'bank2' }, 'VOUCHER_PATH_FORBIDDEN')).toMatch(/made all 3 transfers the path of class 1 allows/);
    expect(supplyOf(c, 1)).toMatchObject({ issued: 5_000_000, held: 5_000_000 });
  });

  it('"any": to any eligible holder, as often as wished', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass({ transfer: 'any' }));
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 100 }] });
    for (const [from, to] of [['acme', 'li'], ['li', 'zhang'], ['zhang', 'acme'], ['acme', 'bank2']] as const) ok(c, from, 'vouchers.transfer', { voucher: 1, to });
    expect(voucher(c, 1)).toMatchObject({ holder: 'bank2', hops: 4 });
  });
});

describe('split and merge', () => {
  it('a divisible voucher splits into whole units and merges back; the lineage is kept', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass());
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 1000 }] });
    expect(ok(c, 'acme', 'vouchers.split', { voucher: 1, amounts: [300, 700] })).toEqual({ voucher: 1, pieces: [2, 3] });
    expect(voucher(c, 1)).toMatchObject({ status: 'split', children: [2, 3] });
    expect(voucher(c, 2)).toMatchObject({ holder: 'acme', amount: 300, parents: [1], status: 'active' });
    ok(c, 'acme', 'vouchers.transfer', { voucher: 3, to: 'li' });
    expect(refused(c, 'acme', 'vouchers.merge', { vouchers: [2, 3] }, 'VOUCHER_NOT_HOLDER')).toMatch(/held by li/);
    expect(refused(c, 'acme', 'vouchers.split', { voucher: 2, amounts: [100, 100] }, 'VOUCHER_BAD_AMOUNT')).toMatch(/add up to 200 CNY-fen; voucher 2 holds 300/);
    expect(refused(c, 'acme', 'vouchers.split', { voucher: 2, amounts: [150, 150] }, 'VOUCHER_BAD_AMOUNT')).toMatch(/Piece 1 150 is not a whole multiple of the minimum unit 100/);
    expect(refused(c, 'acme', 'vouchers.split', { voucher: 1, amounts: [500, 500] }, 'VOUCHER_BAD_STATUS')).toMatch(/Voucher 1 is split; only an active voucher can be split/);
    expect(refused(c, 'acme', 'vouchers.split', { voucher: 2, amounts: [300] }, 'TX_BAD_PAYLOAD')).toMatch(/at least two pieces/);
    ok(c, 'acme', 'vouchers.split', { voucher: 2, amounts: [100, 200] });
    expect(refused(c, 'acme', 'vouchers.merge', { vouchers: [4, 4] }, 'TX_BAD_PAYLOAD')).toMatch(/more than once/);
    expect(ok(c, 'acme', 'vouchers.merge', { vouchers: [4, 5] })).toEqual({ voucher: 6, amount: 300 });
    expect(voucher(c, 6)).toMatchObject({ parents: [4, 5], amount: 300, hops: 0 });
    expect(voucher(c, 4)).toMatchObject({ status: 'merged', children: [6] });
    expect(supplyOf(c, 1)).toMatchObject({ issued: 1000, held: 1000 });
  });

  it('an indivisible voucher is used whole', () => {
    const c = withCoupons();
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }, { holder: 'zhang', amount: 100 }] });
    expect(refused(c, 'zhang', 'vouchers.split', { voucher: 1, amounts: [50, 50] }, 'VOUCHER_NOT_DIVISIBLE')).toMatch(/used whole/);
    expect(refused(c, 'zhang', 'vouchers.merge', { vouchers: [1, 2] }, 'VOUCHER_NOT_DIVISIBLE')).toMatch(/used whole/);
  });

  it('only vouchers of one class merge', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass());
    ok(c, 'bank', 'vouchers.create-class', draftClass({ name: 'Another draft' }));
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 100 }] });
    ok(c, 'bank', 'vouchers.issue', { class: 2, to: [{ holder: 'acme', amount: 100 }] });
    expect(refused(c, 'acme', 'vouchers.merge', { vouchers: [1, 2] }, 'TX_BAD_PAYLOAD')).toMatch(/Only vouchers of one class merge/);
  });
});

describe('spend and redeem', () => {
  it('a resident spends a coupon at an eligible shop; the shop redeems it with the city', () => {
    const c = withCoupons();
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 10_000 }] });
    expect(refused(c, 'zhang', 'vouchers.spend', { voucher: 1, merchant: 'bank' }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/bank is not a merchant that takes vouchers of class 1/);
    expect(refused(c, 'zhang', 'vouchers.redeem', { voucher: 1 }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/zhang may not redeem/);
    expect(ok(c, 'zhang', 'vouchers.spend', { voucher: 1, merchant: 'shop' })).toEqual({ voucher: 1, merchant: 'shop', amount: 10_000 });
    expect(supplyOf(c, 1)).toMatchObject({ issued: 10_000, held: 0, spent: 10_000 });
    expect(refused(c, 'zhang', 'vouchers.spend', { voucher: 1, merchant: 'shop2' }, 'VOUCHER_NOT_HOLDER')).toMatch(/held by shop/);
    expect(refused(c, 'shop', 'vouchers.spend', { voucher: 1, merchant: 'shop2' }, 'VOUCHER_BAD_STATUS')).toMatch(/is spent; only an active voucher can be spent/);
    expect(ok(c, 'shop', 'vouchers.redeem', { voucher: 1 })).toEqual({ voucher: 1, amount: 10_000, issuer: 'city' });
    expect(supplyOf(c, 1)).toMatchObject({ issued: 10_000, held: 0, spent: 0, redeemed: 10_000 });
    expect(refused(c, 'shop', 'vouchers.redeem', { voucher: 1 }, 'VOUCHER_BAD_STATUS')).toMatch(/is redeemed; only an active or spent voucher can be redeemed/);
    const kinds = readList(suite, state(c), VOUCHERS_MODULE, voucherEventsList(1)).map((id) => readMovement(suite, state(c), id)!.kind);
    expect(kinds).toEqual(['issue', 'spend', 'redeem']);
  });

  it('merchant categories: a shop the issuer registered in an allowed category takes the coupon', () => {
    const c = vouchersConsortium();
    ok(c, 'city', 'vouchers.create-class', couponClass({ merchants: null, categories: ['catering', 'retail'] }));
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }] });
    expect(refused(c, 'zhang', 'vouchers.spend', { voucher: 1, merchant: 'shop' }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/neither named by the class nor registered by city in catering, retail/);
    expect(refused(c, 'bank', 'vouchers.register-merchant', { class: 1, merchant: 'shop', category: 'catering' }, 'VOUCHER_NOT_ISSUER')).toMatch(/only its accounts may register its merchants/);
    expect(refused(c, 'city', 'vouchers.register-merchant', { class: 1, merchant: 'shop', category: 'cars' }, 'TX_BAD_PAYLOAD')).toMatch(/"cars" is not one/);
    expect(refused(c, 'city', 'vouchers.register-merchant', { class: 1, merchant: 'nobody', category: 'retail' }, 'ACCOUNT_NOT_FOUND')).toMatch(/no account "nobody"/);
    ok(c, 'city', 'vouchers.register-merchant', { class: 1, merchant: 'shop', category: 'catering' });
    ok(c, 'zhang', 'vouchers.spend', { voucher: 1, merchant: 'shop' });
  });

  it('a class with no merchants cannot be spent; a class with no redeemers cannot be redeemed', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass({ redeem: null }));
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 100 }] });
    expect(refused(c, 'acme', 'vouchers.spend', { voucher: 1, merchant: 'shop' }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/cannot be spent at merchants/);
    expect(refused(c, 'acme', 'vouchers.redeem', { voucher: 1 }, 'VOUCHER_NOT_REDEEMABLE')).toMatch(/cannot be redeemed for money/);
  });

  it("a draft's last holder, a bank, redeems it with the issuer at face value", () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass());
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 1000 }] });
    ok(c, 'acme', 'vouchers.transfer', { voucher: 1, to: 'zhang' });
    ok(c, 'zhang', 'vouchers.transfer', { voucher: 1, to: 'bank2' });
    ok(c, 'bank2', 'vouchers.redeem', { voucher: 1 });
    expect(supplyOf(c, 1)).toMatchObject({ issued: 1000, held: 0, redeemed: 1000 });
  });
});

describe('supervision: freeze and unfreeze', () => {
  it('the supervisor freezes a voucher or the whole class; nothing moves until it unfreezes', () => {
    const c = withCoupons();
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }, { holder: 'li', amount: 100 }] });
    expect(refused(c, 'city', 'vouchers.freeze', { voucher: 1 }, 'VOUCHER_NOT_SUPERVISOR')).toMatch(/supervised by regulator; only its accounts may freeze it, not city's/);
    expect(refused(c, 'reg', 'vouchers.freeze', { voucher: 1, class: 1 }, 'TX_BAD_PAYLOAD')).toMatch(/a voucher \(payload.voucher\) or a whole class/);
    expect(ok(c, 'reg', 'vouchers.freeze', { voucher: 1 })).toEqual({ voucher: 1, status: 'frozen' });
    expect(refused(c, 'reg', 'vouchers.freeze', { voucher: 1 }, 'VOUCHER_BAD_STATUS')).toMatch(/only an active voucher can be frozen/);
    expect(refused(c, 'zhang', 'vouchers.spend', { voucher: 1, merchant: 'shop' }, 'VOUCHER_FROZEN')).toMatch(/frozen by the supervisor regulator/);
    expect(supplyOf(c, 1).held).toBe(200); // frozen value is still held
    ok(c, 'reg', 'vouchers.unfreeze', { voucher: 1 });
    expect(refused(c, 'reg', 'vouchers.unfreeze', { voucher: 1 }, 'VOUCHER_BAD_STATUS')).toMatch(/only a frozen voucher can be unfrozen/);
    expect(ok(c, 'reg', 'vouchers.freeze', { class: 1 })).toEqual({ class: 1, frozen: true });
    expect(refused(c, 'li', 'vouchers.spend', { voucher: 2, merchant: 'shop' }, 'VOUCHER_FROZEN')).toMatch(/class 1 is frozen/);
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 1 }] }, 'VOUCHER_FROZEN')).toMatch(/class 1 is frozen/);
    expect(refused(c, 'reg', 'vouchers.freeze', { class: 1 }, 'VOUCHER_BAD_STATUS')).toMatch(/already frozen/);
    ok(c, 'reg', 'vouchers.unfreeze', { class: 1 });
    ok(c, 'li', 'vouchers.spend', { voucher: 2, merchant: 'shop' });
    const kinds = readList(suite, state(c), VOUCHERS_MODULE, classEventsList(1)).map((id) => readMovement(suite, state(c), id)!.kind);
    expect(kinds).toEqual(['issue', 'issue', 'freeze', 'unfreeze', 'freeze', 'unfreeze', 'spend']);
  });
});

describe('expiry at block time', () => {
  it('from its expiry time a class refuses everything; the next block sweeps held value to expired, returned to the issuer', () => {
    const c = withCoupons();
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 100 }, { holder: 'li', amount: 200 }, { holder: 'zhang', amount: 300 }] });
    ok(c, 'zhang', 'vouchers.spend', { voucher: 1, merchant: 'shop' });
    ok(c, 'reg', 'vouchers.freeze', { voucher: 2 });
    const expires = T0 + 30 * DAY;
    c.blockAt(expires - 1);
    expect(voucher(c, 3).status).toBe('active'); // one millisecond before: nothing yet
    c.blockAt(expires);
    expect([voucher(c, 1).status, voucher(c, 2).status, voucher(c, 3).status]).toEqual(['spent', 'expired', 'expired']);
    expect(supplyOf(c, 1)).toEqual({ issued: 600, held: 0, spent: 100, redeemed: 0, expired: 500, returned: 500 });
    expect(readClass(suite, state(c), 1)!.status).toBe('expired');
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 1 }] }, 'VOUCHER_EXPIRED')).toMatch(/expired at/);
    expect(refused(c, 'zhang', 'vouchers.spend', { voucher: 3, merchant: 'shop' }, 'VOUCHER_EXPIRED')).toMatch(/expired at/);
    // The shop delivered before expiry: its spent coupon stays redeemable.
    ok(c, 'shop', 'vouchers.redeem', { voucher: 1 });
    const e = readMovement(suite, state(c), readList(suite, state(c), VOUCHERS_MODULE, voucherEventsList(3)).at(-1)!)!;
    expect(e).toMatchObject({ kind: 'expire', from: 'zhang', to: 'city', by: null, tx: null, logIndex: null, amount: 300 });
  });

  it('a burnt class gives nothing back; in the expiry block itself a voucher is refused before it is swept', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass({ expires: T0 + 10 * DAY }));
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 1000 }] });
    const [r] = c.blockAt(T0 + 10 * DAY, [c.tx('acme', 'vouchers.transfer', { voucher: 1, to: 'li' }, [Uint8Array.from(new Uint8Array(32).fill(10))])]);
    expect(r!.code).toBe('VOUCHER_EXPIRED');
    expect(supplyOf(c, 1)).toEqual({ issued: 1000, held: 0, spent: 0, redeemed: 0, expired: 1000, returned: 0 });
  });

  it('a sweep larger than a block’s budget goes on in the next block, and the totals hold throughout', () => {
    const c = withCoupons();
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [1, 2, 3, 4, 5].map(() => ({ holder: 'li', amount: 10 })) });
    const overlay = new StateOverlay(state(c));
    const t = T0 + 30 * DAY;
    expireVouchers(suite, overlay, 99, t, T0, 2);
    expect(readClass(suite, overlay, 1)).toMatchObject({ swept: 2, status: 'active', supply: { held: 30, expired: 20 } });
    expireVouchers(suite, overlay, 100, t, T0, 2);
    expireVouchers(suite, overlay, 101, t, T0, 2);
    const cls = readClass(suite, overlay, 1)!;
    expect(cls).toMatchObject({ swept: 5, status: 'expired', supply: { held: 0, expired: 50 } });
    expect(balanced(cls.supply)).toBe(true);
  });

  it('quiet blocks of a day write no voucher state', () => {
    const c = withCoupons();
    c.emptyBlocks(1);
    expect(c.ledger.blocks.at(-1)!.stateWrites).toHaveLength(0);
  });
});

describe('subjects’ references only', () => {
  it('holders are accounts; a subject’s account holds by its pseudonymous reference', () => {
    const c = vouchersConsortium();
    ok(c, 'city', 'vouchers.create-class', couponClass({ holders: { subjects: [ZHANG, ACME] } }));
    ok(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'zhang', amount: 1 }, { holder: 'acme', amount: 1 }] });
    expect(refused(c, 'city', 'vouchers.issue', { class: 1, to: [{ holder: 'li', amount: 1 }] }, 'VOUCHER_NOT_ELIGIBLE')).toMatch(/li may not hold/);
    void LI;
  });
});

describe('the trace of one voucher', () => {
  it('follows it from issue through split and transfer to each piece’s end, with every movement', () => {
    const c = vouchersConsortium();
    ok(c, 'bank', 'vouchers.create-class', draftClass());
    ok(c, 'bank', 'vouchers.issue', { class: 1, to: [{ holder: 'acme', amount: 1000 }, { holder: 'li', amount: 100 }] });
    ok(c, 'acme', 'vouchers.split', { voucher: 1, amounts: [400, 600] });
    ok(c, 'acme', 'vouchers.transfer', { voucher: 4, to: 'zhang' });
    ok(c, 'zhang', 'vouchers.transfer', { voucher: 4, to: 'bank2' });
    ok(c, 'bank2', 'vouchers.redeem', { voucher: 4 });
    const open = buildVoucherTrace(suite, state(c), 1);
    expect(open.vouchers.map((v) => [v.id, v.status])).toEqual([[1, 'split'], [3, 'active'], [4, 'redeemed']]);
    expect(open.movements.map((m) => [m.voucher, m.kind])).toEqual([[1, 'issue'], [1, 'split'], [4, 'transfer'], [4, 'transfer'], [4, 'redeem']]);
    expect(open.settled).toBe(false);
    // From a piece, back to the issue.
    const piece = buildVoucherTrace(suite, state(c), 4);
    expect(piece.vouchers.map((v) => v.id)).toEqual([1, 4]);
    expect(piece.settled).toBe(true);
    expect(piece.class).toMatchObject({ id: 1, issuer: 'bank', supply: { issued: 1100, held: 500, redeemed: 600 } });
    ok(c, 'acme', 'vouchers.transfer', { voucher: 3, to: 'li' });
    ok(c, 'li', 'vouchers.transfer', { voucher: 3, to: 'bank' });
    ok(c, 'bank', 'vouchers.redeem', { voucher: 3 });
    expect(buildVoucherTrace(suite, state(c), 1).settled).toBe(true);
    expect(() => buildVoucherTrace(suite, state(c), 99)).toThrow(/no voucher 99/);
  });
});
