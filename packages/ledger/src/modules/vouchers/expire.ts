// Expiry, after every block: a class whose expiry time has come is swept — each active or frozen
// voucher becomes expired, its value counted as expired (and, for onExpiry "return", given back to
// the issuer's allowance; "burn": gone). Spent vouchers stay redeemable by their merchants.
//
// Classes are queued by the day their expiry time falls on (vouchers/expiry/<day>); the clock is
// the last day whose classes are all swept. A block reads the queues of the days up to its own and
// writes only when something expires or a past day's queue is done (the clock, once a day), so
// the quiet blocks of a day write no state. A block sweeps at most
// MAX_VOUCHER_EXPIRIES_PER_BLOCK vouchers and goes on in the next; from the expiry time on every
// action refuses the class's vouchers anyway (VOUCHER_EXPIRED), swept or not.
import { decodeCanonical, encodeCanonical, readUint, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay } from '../../overlay.js';
import { readList } from '../../state-lists.js';
import { dayOf } from '../credit/dates.js';
import { moveSupply, recordMovement } from './book.js';
import { VOUCHERS_MODULE, classVouchersList, expiryList, readClass, readVoucher, vouchersClockKey, writeClass, writeVoucher, type VoucherClass } from './state.js';

export const MAX_VOUCHER_EXPIRIES_PER_BLOCK = 10_000;

export function expireVouchers(suite: CryptoSuite, state: StateOverlay, height: number, time: number, genesisTime: number, max = MAX_VOUCHER_EXPIRIES_PER_BLOCK): void {
  const key = vouchersClockKey(suite);
  const b = state.getState(key);
  const clock = b === undefined ? dayOf(genesisTime) - 1 : readUint(decodeCanonical(b), 'vouchers clock');
  const today = dayOf(time);
  let budget = max;
  let done = clock;
  for (let day = clock + 1; day <= today && budget > 0; day++) {
    let finished = true;
    for (const id of readList(suite, state, VOUCHERS_MODULE, expiryList(day))) {
      const c = readClass(suite, state, id);
      if (c === undefined || c.status === 'expired') continue;
      if (c.expires > time) {
        finished = false; // later today
        continue;
      }
      budget = sweep(suite, state, c, height, time, budget);
      if (budget === 0) {
        finished = false;
        break;
      }
    }
    if (!finished || day === today) break;
    done = day;
  }
  if (done !== clock) state.put(key, encodeCanonical(done));
}

/** Expires the class's vouchers from where the last sweep stopped; returns the budget left. */
function sweep(suite: CryptoSuite, state: StateOverlay, c0: VoucherClass, height: number, time: number, budget: number): number {
  let c = c0;
  const list = readList(suite, state, VOUCHERS_MODULE, classVouchersList(c.id));
  let i = c.swept;
  for (; i < list.length && budget > 0; i++, budget--) {
    const v = readVoucher(suite, state, list[i]!);
    if (v === undefined || (v.status !== 'active' && v.status !== 'frozen')) continue;
    writeVoucher(suite, state, { ...v, status: 'expired' });
    c = { ...c, supply: moveSupply(c.supply, v.amount, 'held', 'expired', c.onExpiry === 'return' ? 'returned' : undefined) };
    recordMovement(suite, state, { class: c.id, voucher: v.id, kind: 'expire', from: v.holder, to: c.onExpiry === 'return' ? c.issuer : null, amount: v.amount, related: [], by: null, height, time, tx: null, logIndex: null });
  }
  writeClass(suite, state, { ...c, swept: i, status: i >= list.length ? 'expired' : c.status });
  return budget;
}
