// What is done with vouchers, each checked against its class's rules:
//   vouchers.issue     the issuer → eligible holders (one or a batch), within the cap
//   vouchers.transfer  holder → holder, along the class's transfer path
//   vouchers.split     one voucher → pieces (divisible classes), each a multiple of the minimum unit
//   vouchers.merge     vouchers of one class and holder → one
//   vouchers.spend     holder → an eligible merchant: the voucher is spent
//   vouchers.redeem    an eligible holder (a merchant with spent vouchers, a draft's last holder)
//                      redeems it with the issuer for money
import { CreditChainError, NAME_PATTERN, readArray, readMap, readString, readUint, type CborValue } from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import { appendToList } from '../../state-lists.js';
import { checkAmount, moveSupply, newVoucher, recordMovement, requireClass, requireLiveClass, requireVoucher, txMovement, usableVoucher } from './book.js';
import { requireIssuer } from './classes.js';
import { VOUCHERS_MODULE, holderList, readMerchantCategory, writeClass, writeVoucher, type Voucher, type VoucherClass } from './state.js';
import { matchesWho } from './who.js';

/** Most holders one issue transaction may name. */
export const MAX_ISSUE_BATCH = 1000;
/** Most pieces of a split, and most vouchers of a merge. */
export const MAX_PIECES = 100;

const account = (v: CborValue | undefined, what: string) => readString(v, what, 64, NAME_PATTERN);

function notEligible(message: string, details: Record<string, unknown>): never {
  throw new CreditChainError('VOUCHER_NOT_ELIGIBLE', message, details);
}

// --- issue --------------------------------------------------------------------------------------------

export interface IssuePayload {
  readonly class: number;
  readonly to: ReadonlyArray<{ readonly holder: string; readonly amount: number }>;
}

export const issueAction: ActionDef<IssuePayload> = {
  module: VOUCHERS_MODULE,
  action: 'issue',
  parse(payload) {
    const m = readMap(payload, 'payload', ['class', 'to']);
    const list = readArray(m.to, 'payload.to', MAX_ISSUE_BATCH);
    if (list.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.to must name at least one holder.');
    const to = list.map((x, i) => {
      const e = readMap(x, `payload.to[${i}]`, ['holder', 'amount']);
      const amount = readUint(e.amount, `payload.to[${i}].amount`);
      if (amount === 0) throw new CreditChainError('VOUCHER_BAD_AMOUNT', `payload.to[${i}].amount must be more than 0.`, { index: i });
      return { holder: account(e.holder, `payload.to[${i}].holder`), amount };
    });
    return { class: readUint(m.class, 'payload.class'), to };
  },
  execute(ctx, p) {
    let c = requireClass(ctx.suite, ctx.state, p.class);
    requireIssuer(ctx, c, 'issue it');
    requireLiveClass(ctx, c);
    let total = 0;
    p.to.forEach((t, i) => {
      checkAmount(c, t.amount, `The amount to ${t.holder}`);
      if (!matchesWho(ctx.suite, ctx.state, c.holders, t.holder)) notEligible(`${t.holder} may not hold vouchers of class ${c.id} ("${c.name}"): it is not among the holders the class allows.`, { holder: t.holder, index: i });
      total += t.amount;
    });
    const outstanding = c.supply.issued - c.supply.returned;
    if (!Number.isSafeInteger(total) || outstanding + total > c.cap) {
      throw new CreditChainError('VOUCHER_CAP_EXCEEDED', `Issuing ${total} ${c.unit} would take class ${c.id} to ${outstanding + total}, beyond its cap of ${c.cap} (${outstanding} outstanding).`, { class: c.id, cap: c.cap, outstanding, amount: total });
    }
    const ids: number[] = [];
    for (const t of p.to) {
      const v = newVoucher(ctx, { class: c.id, holder: t.holder, amount: t.amount, status: 'active', hops: 0, parents: [] });
      recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: v.id, kind: 'issue', from: c.issuer, to: t.holder, amount: t.amount, related: [] }));
      ids.push(v.id);
      c = { ...c, supply: moveSupply(c.supply, t.amount, null, 'issued', 'held') };
    }
    writeClass(ctx.suite, ctx.state, c);
    return { data: { class: c.id, vouchers: ids, amount: total } };
  },
};

// --- transfer -----------------------------------------------------------------------------------------

export const transferAction: ActionDef<{ readonly voucher: number; readonly to: string }> = {
  module: VOUCHERS_MODULE,
  action: 'transfer',
  parse(payload) {
    const m = readMap(payload, 'payload', ['voucher', 'to']);
    return { voucher: readUint(m.voucher, 'payload.voucher'), to: account(m.to, 'payload.to') };
  },
  execute(ctx, p) {
    const { v, c } = usableVoucher(ctx, p.voucher, 'transfer');
    if (p.to === v.holder) throw new CreditChainError('TX_BAD_PAYLOAD', `Voucher ${v.id} is already held by ${p.to}.`);
    checkPath(ctx, c, v, p.to);
    writeVoucher(ctx.suite, ctx.state, { ...v, holder: p.to, hops: v.hops + 1 });
    // The holder's list names every voucher it has held (a voucher back with an earlier holder is listed again).
    appendToList(ctx.suite, ctx.state, VOUCHERS_MODULE, holderList(p.to), v.id);
    recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: v.id, kind: 'transfer', from: v.holder, to: p.to, amount: v.amount, related: [] }));
    return { data: { voucher: v.id, holder: p.to, hop: v.hops + 1 } };
  },
};

/** Refuses a transfer the class's path does not allow: none, to a non-holder, past the last hop, or to the wrong party for this hop. */
function checkPath(ctx: ActionContext, c: VoucherClass, v: Voucher, to: string): void {
  const t = c.transfer;
  if (t === 'none') {
    throw new CreditChainError('VOUCHER_PATH_FORBIDDEN', `Vouchers of class ${c.id} do not pass from holder to holder: they go from the issuer to a holder, are spent at a merchant, and redeemed with the issuer.`, { class: c.id });
  }
  if (!matchesWho(ctx.suite, ctx.state, c.holders, to)) notEligible(`${to} may not hold vouchers of class ${c.id} ("${c.name}"): it is not among the holders the class allows.`, { holder: to });
  if (t === 'any') return;
  if (v.hops >= t.length) {
    throw new CreditChainError('VOUCHER_PATH_FORBIDDEN', `Voucher ${v.id} has made all ${t.length} transfer${t.length === 1 ? '' : 's'} the path of class ${c.id} allows; it can now only be ${c.merchants !== null || c.categories.length > 0 ? 'spent or ' : ''}redeemed.`, { voucher: v.id, hops: v.hops });
  }
  if (!matchesWho(ctx.suite, ctx.state, t[v.hops]!, to)) {
    throw new CreditChainError('VOUCHER_PATH_FORBIDDEN', `Transfer ${v.hops + 1} of a voucher of class ${c.id} must go to a party of hop ${v.hops + 1} of its path; ${to} is not one.`, { voucher: v.id, hop: v.hops + 1, to });
  }
}

// --- split and merge ---------------------------------------------------------------------------------

function requireDivisible(c: VoucherClass): void {
  if (!c.divisible) throw new CreditChainError('VOUCHER_NOT_DIVISIBLE', `Vouchers of class ${c.id} ("${c.name}") are used whole: they cannot be split or merged.`, { class: c.id });
}

export const splitAction: ActionDef<{ readonly voucher: number; readonly amounts: readonly number[] }> = {
  module: VOUCHERS_MODULE,
  action: 'split',
  parse(payload) {
    const m = readMap(payload, 'payload', ['voucher', 'amounts']);
    const amounts = readArray(m.amounts, 'payload.amounts', MAX_PIECES).map((a, i) => readUint(a, `payload.amounts[${i}]`));
    if (amounts.length < 2) throw new CreditChainError('TX_BAD_PAYLOAD', 'A split makes at least two pieces: payload.amounts lists their amounts.');
    return { voucher: readUint(m.voucher, 'payload.voucher'), amounts };
  },
  execute(ctx, p) {
    const { v, c } = usableVoucher(ctx, p.voucher, 'split');
    requireDivisible(c);
    p.amounts.forEach((a, i) => checkAmount(c, a, `Piece ${i + 1}`));
    const sum = p.amounts.reduce((a, b) => a + b, 0);
    if (sum !== v.amount) throw new CreditChainError('VOUCHER_BAD_AMOUNT', `The pieces add up to ${sum} ${c.unit}; voucher ${v.id} holds ${v.amount}.`, { voucher: v.id, sum, amount: v.amount });
    const pieces = p.amounts.map((amount) => newVoucher(ctx, { class: c.id, holder: v.holder, amount, status: 'active', hops: v.hops, parents: [v.id] }).id);
    writeVoucher(ctx.suite, ctx.state, { ...v, status: 'split', children: pieces });
    recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: v.id, kind: 'split', from: v.holder, to: v.holder, amount: v.amount, related: pieces }));
    return { data: { voucher: v.id, pieces } };
  },
};

export const mergeAction: ActionDef<{ readonly vouchers: readonly number[] }> = {
  module: VOUCHERS_MODULE,
  action: 'merge',
  parse(payload) {
    const m = readMap(payload, 'payload', ['vouchers']);
    const ids = readArray(m.vouchers, 'payload.vouchers', MAX_PIECES).map((a, i) => readUint(a, `payload.vouchers[${i}]`));
    if (ids.length < 2) throw new CreditChainError('TX_BAD_PAYLOAD', 'A merge joins at least two vouchers: payload.vouchers lists them.');
    if (new Set(ids).size !== ids.length) throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.vouchers names a voucher more than once.');
    return { vouchers: ids };
  },
  execute(ctx, p) {
    const parts = p.vouchers.map((id) => usableVoucher(ctx, id, 'merge'));
    const c = parts[0]!.c;
    requireDivisible(c);
    const other = parts.find((x) => x.c.id !== c.id);
    if (other !== undefined) throw new CreditChainError('TX_BAD_PAYLOAD', `Only vouchers of one class merge: voucher ${other.v.id} is of class ${other.c.id}, voucher ${parts[0]!.v.id} of class ${c.id}.`);
    const amount = parts.reduce((a, x) => a + x.v.amount, 0);
    const hops = parts.reduce((a, x) => Math.max(a, x.v.hops), 0);
    const merged = newVoucher(ctx, { class: c.id, holder: ctx.sender, amount, status: 'active', hops, parents: [...p.vouchers] });
    for (const { v } of parts) {
      writeVoucher(ctx.suite, ctx.state, { ...v, status: 'merged', children: [merged.id] });
      recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: v.id, kind: 'merge', from: v.holder, to: v.holder, amount: v.amount, related: [merged.id] }));
    }
    recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: merged.id, kind: 'merge', from: ctx.sender, to: ctx.sender, amount, related: [...p.vouchers] }));
    return { data: { voucher: merged.id, amount } };
  },
};

// --- spend and redeem ---------------------------------------------------------------------------------

export const spendAction: ActionDef<{ readonly voucher: number; readonly merchant: string }> = {
  module: VOUCHERS_MODULE,
  action: 'spend',
  parse(payload) {
    const m = readMap(payload, 'payload', ['voucher', 'merchant']);
    return { voucher: readUint(m.voucher, 'payload.voucher'), merchant: account(m.merchant, 'payload.merchant') };
  },
  execute(ctx, p) {
    const { v, c } = usableVoucher(ctx, p.voucher, 'spend');
    if (p.merchant === v.holder) throw new CreditChainError('TX_BAD_PAYLOAD', 'A holder does not spend a voucher at itself.');
    if (c.merchants === null && c.categories.length === 0) notEligible(`Vouchers of class ${c.id} cannot be spent at merchants.`, { class: c.id });
    const named = c.merchants !== null && matchesWho(ctx.suite, ctx.state, c.merchants, p.merchant);
    const category = readMerchantCategory(ctx.suite, ctx.state, c.id, p.merchant);
    if (!named && (category === undefined || !c.categories.includes(category))) {
      notEligible(`${p.merchant} is not a merchant that takes vouchers of class ${c.id} ("${c.name}")${c.categories.length > 0 ? `: neither named by the class nor registered by ${c.issuer} in ${c.categories.join(', ')}` : ''}.`, { merchant: p.merchant });
    }
    writeVoucher(ctx.suite, ctx.state, { ...v, holder: p.merchant, status: 'spent' });
    appendToList(ctx.suite, ctx.state, VOUCHERS_MODULE, holderList(p.merchant), v.id);
    writeClass(ctx.suite, ctx.state, { ...c, supply: moveSupply(c.supply, v.amount, 'held', 'spent') });
    recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: v.id, kind: 'spend', from: v.holder, to: p.merchant, amount: v.amount, related: [] }));
    return { data: { voucher: v.id, merchant: p.merchant, amount: v.amount } };
  },
};

export const redeemAction: ActionDef<{ readonly voucher: number }> = {
  module: VOUCHERS_MODULE,
  action: 'redeem',
  parse(payload) {
    return { voucher: readUint(readMap(payload, 'payload', ['voucher']).voucher, 'payload.voucher') };
  },
  execute(ctx, p) {
    const v = requireVoucher(ctx.suite, ctx.state, p.voucher);
    if (v.holder !== ctx.sender) throw new CreditChainError('VOUCHER_NOT_HOLDER', `Voucher ${v.id} is held by ${v.holder}; only its holder may redeem it.`, { voucher: v.id });
    const c = requireClass(ctx.suite, ctx.state, v.class);
    if (c.redeem === null) throw new CreditChainError('VOUCHER_NOT_REDEEMABLE', `Vouchers of class ${c.id} ("${c.name}") cannot be redeemed for money.`, { class: c.id });
    if (v.status === 'frozen' || c.frozen) throw new CreditChainError('VOUCHER_FROZEN', `Voucher ${v.id} is frozen by the supervisor ${c.supervisor}.`, { voucher: v.id });
    // A merchant's spent voucher stays redeemable after the class expires: the goods were delivered.
    if (v.status === 'active') requireLiveClass(ctx, c);
    else if (v.status !== 'spent') throw new CreditChainError('VOUCHER_BAD_STATUS', `Voucher ${v.id} is ${v.status}; only an active or spent voucher can be redeemed.`, { voucher: v.id, status: v.status });
    if (!matchesWho(ctx.suite, ctx.state, c.redeem, ctx.sender)) notEligible(`${ctx.sender} may not redeem vouchers of class ${c.id} with its issuer: it is not among the redeemers the class allows.`, { account: ctx.sender });
    writeVoucher(ctx.suite, ctx.state, { ...v, status: 'redeemed' });
    writeClass(ctx.suite, ctx.state, { ...c, supply: moveSupply(c.supply, v.amount, v.status === 'spent' ? 'spent' : 'held', 'redeemed') });
    recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: v.id, kind: 'redeem', from: v.holder, to: c.issuer, amount: v.amount, related: [] }));
    return { data: { voucher: v.id, amount: v.amount, issuer: c.issuer } };
  },
};
