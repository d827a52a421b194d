// The full trace of one voucher, from its issue to its redemption: its class (rules and supply),
// every voucher of its lineage — what it was split or merged from, back to the issue, and what it
// became, to the end of every branch — and every movement of each, in order. Built from state
// alone, so a verifier rebuilds it from proven state entries and requires the very same trace
// (SDK verifyVoucherTrace), as a credit report is verified.
import { CreditChainError, toHex, type CryptoSuite } from '@creditchain/core';
import type { StateReader } from '../../overlay.js';
import { readList } from '../../state-lists.js';
import { VOUCHERS_MODULE, readClass, readMovement, readVoucher, voucherEventsList, type Movement, type Voucher, type VoucherClass } from './state.js';
import { whoToJson, type Who } from './who.js';

/** Most vouchers one trace follows: a voucher split into more pieces is traced piece by piece. */
export const MAX_TRACE_VOUCHERS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

export function voucherClassJson(c: VoucherClass) {
  const who = (w: Who | null) => (w === null ? null : whoToJson(w));
  const { swept: _swept, ...rules } = c;
  return {
    ...rules,
    expires: iso(c.expires),
    holders: whoToJson(c.holders),
    merchants: who(c.merchants),
    categories: [...c.categories],
    transfer: typeof c.transfer === 'string' ? c.transfer : c.transfer.map(whoToJson),
    redeem: who(c.redeem),
    supply: { ...c.supply },
  };
}

export function voucherJson(v: Voucher) {
  return { ...v, parents: [...v.parents], children: [...v.children] };
}

export function movementJson(e: Movement) {
  return { ...e, related: [...e.related], time: iso(e.time), tx: e.tx === null ? null : toHex(e.tx) };
}

export type VoucherClassJson = ReturnType<typeof voucherClassJson>;
export type VoucherJson = ReturnType<typeof voucherJson>;
export type MovementJson = ReturnType<typeof movementJson>;

export interface VoucherTrace {
  readonly voucher: number;
  readonly class: VoucherClassJson;
  /** The lineage, by id: ancestors back to the issue, the voucher, and all it became. */
  readonly vouchers: readonly VoucherJson[];
  /** Every movement of those vouchers, by id (the order they happened in). */
  readonly movements: readonly MovementJson[];
  /** Every branch of what the voucher became has ended: redeemed or expired. */
  readonly settled: boolean;
}

export function buildVoucherTrace(suite: CryptoSuite, state: StateReader, id: number): VoucherTrace {
  const start = readVoucher(suite, state, id);
  if (start === undefined) throw new CreditChainError('VOUCHER_NOT_FOUND', `There is no voucher ${id}.`, { voucher: id });
  const c = readClass(suite, state, start.class);
  if (c === undefined) throw new CreditChainError('VOUCHER_CLASS_NOT_FOUND', `There is no voucher class ${start.class}.`, { class: start.class });
  const seen = new Map<number, Voucher>([[id, start]]);
  // Back to the issue through parents, forward to every end through children.
  const walk = (first: readonly number[], next: (v: Voucher) => readonly number[]) => {
    const queue = [...first];
    while (queue.length > 0 && seen.size < MAX_TRACE_VOUCHERS) {
      const vid = queue.shift()!;
      if (seen.has(vid)) continue;
      const v = readVoucher(suite, state, vid);
      if (v === undefined) continue;
      seen.set(vid, v);
      queue.push(...next(v));
    }
  };
  walk(start.parents, (v) => v.parents);
  walk(start.children, (v) => v.children);
  const vouchers = [...seen.values()].sort((a, b) => a.id - b.id);
  const ids = new Set<number>();
  for (const v of vouchers) for (const e of readList(suite, state, VOUCHERS_MODULE, voucherEventsList(v.id))) ids.add(e);
  const movements = [...ids].sort((a, b) => a - b).map((e) => readMovement(suite, state, e)).filter((e): e is Movement => e !== undefined);
  const ends = (v: Voucher): boolean => (v.children.length === 0 ? v.status === 'redeemed' || v.status === 'expired' : v.children.every((x) => seen.has(x) && ends(seen.get(x)!)));
  return { voucher: id, class: voucherClassJson(c), vouchers: vouchers.map(voucherJson), movements: movements.map(movementJson), settled: ends(start) };
}
