// The bookkeeping every voucher action shares: finding a class or voucher (or refusing with its
// code), checking a voucher may be used by its holder now, creating vouchers, recording each
// movement in the class's and the voucher's lists, and moving value between the supply counters
// so that issued = held + spent + redeemed + expired after every operation.
import { CreditChainError, type CryptoSuite } from '@creditchain/core';
import type { ActionContext } from '../../action.js';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { appendToList, takeId } from '../../state-lists.js';
import {
  VOUCHERS_MODULE,
  classEventsList,
  classVouchersList,
  holderList,
  readClass,
  readVoucher,
  voucherEventsList,
  writeMovement,
  writeVoucher,
  type Movement,
  type Supply,
  type Voucher,
  type VoucherClass,
} from './state.js';

export function requireClass(suite: CryptoSuite, state: StateReader, id: number): VoucherClass {
  const c = readClass(suite, state, id);
  if (c === undefined) throw new CreditChainError('VOUCHER_CLASS_NOT_FOUND', `There is no voucher class ${id}.`, { class: id });
  return c;
}

export function requireVoucher(suite: CryptoSuite, state: StateReader, id: number): Voucher {
  const v = readVoucher(suite, state, id);
  if (v === undefined) throw new CreditChainError('VOUCHER_NOT_FOUND', `There is no voucher ${id}.`, { voucher: id });
  return v;
}

/** Refuses unless the class is active, not frozen and not past its expiry time. */
export function requireLiveClass(ctx: ActionContext, c: VoucherClass): void {
  if (c.status === 'pending') throw new CreditChainError('VOUCHER_CLASS_NOT_ACTIVE', `Voucher class ${c.id} awaits a regulator's approval; nothing can be done with it before.`, { class: c.id });
  if (c.frozen) throw new CreditChainError('VOUCHER_FROZEN', `Voucher class ${c.id} is frozen by its supervisor ${c.supervisor}.`, { class: c.id });
  if (c.status === 'expired' || ctx.time >= c.expires) {
    throw new CreditChainError('VOUCHER_EXPIRED', `Voucher class ${c.id} expired at ${new Date(c.expires).toISOString()}; its vouchers can no longer be issued, moved or spent.`, { class: c.id, expires: c.expires });
  }
}

const DONE = { transfer: 'transferred', split: 'split', merge: 'merged', spend: 'spent' } as const;

/**
 * The voucher and its class, if the sender holds it and may use it now: the class live, the
 * voucher active (not frozen, spent, redeemed, expired, split or merged).
 */
export function usableVoucher(ctx: ActionContext, id: number, doing: keyof typeof DONE): { v: Voucher; c: VoucherClass } {
  const v = requireVoucher(ctx.suite, ctx.state, id);
  if (v.holder !== ctx.sender) throw new CreditChainError('VOUCHER_NOT_HOLDER', `Voucher ${id} is held by ${v.holder}; only its holder may ${doing} it.`, { voucher: id });
  const c = requireClass(ctx.suite, ctx.state, v.class);
  if (v.status === 'frozen') throw new CreditChainError('VOUCHER_FROZEN', `Voucher ${id} is frozen by the supervisor ${c.supervisor}.`, { voucher: id });
  requireLiveClass(ctx, c);
  if (v.status !== 'active') throw new CreditChainError('VOUCHER_BAD_STATUS', `Voucher ${id} is ${v.status}; only an active voucher can be ${DONE[doing]}.`, { voucher: id, status: v.status });
  return { v, c };
}

/** Refuses an amount that is not a positive whole multiple of the class's minimum unit. */
export function checkAmount(c: VoucherClass, amount: number, what: string): void {
  if (amount < 1 || amount % c.minUnit !== 0) {
    throw new CreditChainError('VOUCHER_BAD_AMOUNT', `${what} ${amount} is not a whole multiple of the minimum unit ${c.minUnit} ${c.unit} of class ${c.id}.`, { amount, minUnit: c.minUnit });
  }
}

/** The supply with value moved: `from` and `to` name counters (issue moves from nowhere). */
export function moveSupply(s: Supply, amount: number, from: keyof Supply | null, to: keyof Supply, also?: keyof Supply): Supply {
  const out: Record<keyof Supply, number> = { ...s };
  if (from !== null) out[from] -= amount;
  out[to] += amount;
  if (also !== undefined) out[also] += amount;
  for (const k of Object.keys(out) as (keyof Supply)[]) {
    if (!Number.isSafeInteger(out[k]) || out[k] < 0) throw new CreditChainError('VOUCHER_CAP_EXCEEDED', `The supply counter ${k} would leave the range of exact integers.`, { counter: k });
  }
  return out;
}

export function newVoucher(ctx: ActionContext | { suite: CryptoSuite; state: StateOverlay; height: number }, fields: Omit<Voucher, 'id' | 'height' | 'children'>): Voucher {
  const id = takeId(ctx.suite, ctx.state, VOUCHERS_MODULE, 'voucher-next');
  const v: Voucher = { ...fields, id, children: [], height: ctx.height };
  writeVoucher(ctx.suite, ctx.state, v);
  appendToList(ctx.suite, ctx.state, VOUCHERS_MODULE, classVouchersList(v.class), id);
  appendToList(ctx.suite, ctx.state, VOUCHERS_MODULE, holderList(v.holder), id);
  return v;
}

/** A movement made by a transaction. */
export function txMovement(ctx: ActionContext, m: Pick<Movement, 'class' | 'voucher' | 'kind' | 'from' | 'to' | 'amount' | 'related'>): Omit<Movement, 'id'> {
  return { ...m, by: ctx.sender, height: ctx.height, time: ctx.time, tx: ctx.txId, logIndex: ctx.logIndex };
}

/** Records a movement: its entry, and its id in the class's list and (if any) the voucher's. */
export function recordMovement(suite: CryptoSuite, state: StateOverlay, m: Omit<Movement, 'id'>): number {
  const id = takeId(suite, state, VOUCHERS_MODULE, 'event-next');
  writeMovement(suite, state, { ...m, id });
  appendToList(suite, state, VOUCHERS_MODULE, classEventsList(m.class), id);
  if (m.voucher !== null) appendToList(suite, state, VOUCHERS_MODULE, voucherEventsList(m.voucher), id);
  return id;
}
