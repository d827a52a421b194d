// The supply invariant under random use: after every operation — accepted or refused — and
// every block, each class's counters satisfy issued = held + spent + redeemed + expired, and each
// counter equals the sum over its vouchers (active and frozen → held; spent; redeemed; expired).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CborMap } from '@creditchain/core';
import { countOf, readList } from '../../state-lists.js';
import { seed, suite, T0 } from '../../test-support.js';
import { DAY, KEY, couponClass, draftClass, vouchersConsortium } from './test-fixture.js';
import { VOUCHERS_MODULE, classVouchersList, readClass, readVoucher } from './state.js';

const HOLDERS = ['zhang', 'li', 'acme', 'bank2', 'shop', 'shop2'] as const;
const CLASSES = 3;

type Op =
  | { kind: 'issue'; cls: number; holder: number; amount: number }
  | { kind: 'transfer'; voucher: number; to: number }
  | { kind: 'split'; voucher: number; cut: number }
  | { kind: 'merge'; a: number; b: number }
  | { kind: 'spend'; voucher: number; merchant: number }
  | { kind: 'redeem'; voucher: number }
  | { kind: 'freeze' | 'unfreeze'; voucher: number }
  | { kind: 'wait'; days: number };

const vid = fc.integer({ min: 1, max: 8 });
const who = fc.integer({ min: 0, max: HOLDERS.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('issue' as const), cls: fc.integer({ min: 1, max: CLASSES }), holder: who, amount: fc.oneof(fc.integer({ min: 0, max: 50 }).map((x) => x * 100), fc.integer({ min: 0, max: 5000 })) }), weight: 4 },
  fc.record({ kind: fc.constant('transfer' as const), voucher: vid, to: who }),
  fc.record({ kind: fc.constant('split' as const), voucher: vid, cut: fc.integer({ min: 0, max: 50 }).map((x) => x * 100) }),
  fc.record({ kind: fc.constant('merge' as const), a: vid, b: vid }),
  fc.record({ kind: fc.constant('spend' as const), voucher: vid, merchant: who }),
  fc.record({ kind: fc.constant('redeem' as const), voucher: vid }),
  fc.record({ kind: fc.constantFrom('freeze' as const, 'unfreeze' as const), voucher: vid }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 12 }) }),
);

function checkSupply(c: ReturnType<typeof vouchersConsortium>): void {
  const s = c.ledger.readers.state;
  for (let id = 1; id <= countOf(suite, s, VOUCHERS_MODULE, 'next'); id++) {
    const cls = readClass(suite, s, id)!;
    const sum = { held: 0, spent: 0, redeemed: 0, expired: 0 };
    for (const v of readList(suite, s, VOUCHERS_MODULE, classVouchersList(id)).map((x) => readVoucher(suite, s, x)!)) {
      if (v.status === 'active' || v.status === 'frozen') sum.held += v.amount;
      else if (v.status === 'spent' || v.status === 'redeemed' || v.status === 'expired') sum[v.status] += v.amount;
    }
    const { issued, held, spent, redeemed, expired, returned } = cls.supply;
    expect(issued, `class ${id}`).toBe(held + spent + redeemed + expired);
    expect({ held, spent, redeemed, expired }, `class ${id}`).toEqual(sum);
    expect(issued - returned).toBeLessThanOrEqual(cls.cap);
  }
}

/** The account that can try the operation: a voucher's holder, the issuer, the supervisor. */
function sendOp(c: ReturnType<typeof vouchersConsortium>, o: Op, accepted: Set<string>): void {
  const s = c.ledger.readers.state;
  const holderOf = (id: number) => readVoucher(suite, s, id)?.holder ?? 'zhang';
  const send = (who: string, action: string, payload: CborMap) => {
    const r = c.send(who, action, payload, [seed(KEY[who]!)]);
    if (r.code === 'ok') accepted.add(action);
  };
  switch (o.kind) {
    case 'issue':
      send(o.cls === 1 ? 'city' : 'bank', 'vouchers.issue', { class: o.cls, to: [{ holder: HOLDERS[o.holder]!, amount: o.amount }] });
      return;
    case 'transfer':
      send(holderOf(o.voucher), 'vouchers.transfer', { voucher: o.voucher, to: HOLDERS[o.to]! });
      return;
    case 'split': {
      const v = readVoucher(suite, s, o.voucher);
      send(holderOf(o.voucher), 'vouchers.split', { voucher: o.voucher, amounts: [o.cut, (v?.amount ?? o.cut) - o.cut].map((x) => Math.max(0, x)) });
      return;
    }
    case 'merge':
      send(holderOf(o.a), 'vouchers.merge', { vouchers: [o.a, o.b] });
      return;
    case 'spend':
      send(holderOf(o.voucher), 'vouchers.spend', { voucher: o.voucher, merchant: HOLDERS[o.merchant]! });
      return;
    case 'redeem':
      send(holderOf(o.voucher), 'vouchers.redeem', { voucher: o.voucher });
      return;
    case 'freeze':
    case 'unfreeze':
      send('reg', `vouchers.${o.kind}`, { voucher: o.voucher });
      return;
    case 'wait':
      c.blockAt(c.now + o.days * 2 * 3_600_000 + (o.days > 10 ? 20 * DAY : 0));
      accepted.add('wait');
  }
}

describe('voucher supply', () => {
  it('issued = held + spent + redeemed + expired after every operation of random sequences', () => {
    const accepted = new Set<string>();
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 60 }), (ops) => {
        const c = vouchersConsortium();
        c.send('city', 'vouchers.create-class', couponClass({ cap: 20_000, expires: T0 + 20 * DAY, merchants: { orgTypes: ['enterprise-platform'] } }), [seed(KEY.city!)]);
        c.send('bank', 'vouchers.create-class', draftClass({ expires: T0 + 40 * DAY, minUnit: 1, cap: 30_000, merchants: { orgs: ['shop'] }, redeem: { orgTypes: ['bank', 'enterprise-platform'] } }), [seed(KEY.bank!)]);
        c.send('bank', 'vouchers.create-class', draftClass({ transfer: 'any', onExpiry: 'return', expires: T0 + 60 * DAY, cap: 50_000, merchants: { anySubject: true } }), [seed(KEY.bank!)]);
        for (const o of ops) {
          sendOp(c, o, accepted);
          checkSupply(c);
        }
      }),
      // A fixed seed (VOUCHER_SEED to try others): the coverage check below then holds on every
      // run, instead of failing when a random draw happens to miss one kind of operation.
      { numRuns: 60, seed: Number(process.env.VOUCHER_SEED ?? 20261205) },
    );
    // The sequences reached every operation, not only refusals.
    expect([...accepted].sort()).toEqual(['vouchers.freeze', 'vouchers.issue', 'vouchers.merge', 'vouchers.redeem', 'vouchers.spend', 'vouchers.split', 'vouchers.transfer', 'vouchers.unfreeze', 'wait']);
  });
});
