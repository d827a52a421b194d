// Voucher classes: the rules an issuer presets for its vouchers, their approval, the merchants
// registered under its categories, and the supervisor's freeze.
//   vouchers.create-class     an issuer (submitter) presets a class → active, or pending when
//                             params.voucherClassApproval is 1
//   vouchers.approve-class    a regulator approves a pending class → active
//   vouchers.register-merchant the issuer registers a merchant under one of the class's categories
//   vouchers.freeze / unfreeze an account of the supervising organisation, a voucher or the whole class
import { CreditChainError, NAME_PATTERN, readArray, readBool, readMap, readString, readUint, encodeCanonical, type CborMap } from '@creditchain/core';
import type { ActionContext, ActionDef, ActionOutcome } from '../../action.js';
import { appendToList, takeId } from '../../state-lists.js';
import { dayOf } from '../credit/dates.js';
import { readParams } from '../governance/params.js';
import { senderOrg } from '../identity/accounts.js';
import { ORG_ID_PATTERN, readAccount, readOrg } from '../identity/state.js';
import { recordMovement, requireClass, requireVoucher, txMovement } from './book.js';
import {
  CATEGORY_PATTERN,
  MAX_NAME,
  MAX_UNIT,
  NO_SUPPLY,
  ON_EXPIRY,
  VOUCHERS_MODULE,
  expiryList,
  merchantKey,
  readTransfer,
  writeClass,
  writeVoucher,
  type VoucherClass,
} from './state.js';
import { readWho } from './who.js';

const UNIT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export type ClassInput = Pick<VoucherClass, 'name' | 'unit' | 'cap' | 'divisible' | 'minUnit' | 'expires' | 'holders' | 'merchants' | 'categories' | 'transfer' | 'redeem' | 'supervisor' | 'onExpiry'>;

function bad(message: string): never {
  throw new CreditChainError('TX_BAD_PAYLOAD', message);
}

export function readClassInput(payload: CborMap): ClassInput {
  const m = readMap(payload, 'payload', ['name', 'unit', 'cap', 'divisible', 'expires', 'holders', 'transfer', 'supervisor', 'onExpiry'], ['minUnit', 'merchants', 'categories', 'redeem']);
  const name = readString(m.name, 'payload.name', MAX_NAME);
  if (name.trim() === '') bad('payload.name must name the class, in words.');
  const divisible = readBool(m.divisible, 'payload.divisible');
  if (!divisible && m.minUnit !== undefined) bad('payload.minUnit goes only with a divisible class: an indivisible voucher is used whole.');
  const minUnit = m.minUnit === undefined ? 1 : readUint(m.minUnit, 'payload.minUnit');
  const cap = readUint(m.cap, 'payload.cap');
  if (minUnit < 1) bad('payload.minUnit must be at least 1.');
  if (cap < minUnit) bad(`payload.cap must be at least the minimum unit ${minUnit}.`);
  const categories = m.categories === undefined ? [] : readArray(m.categories, 'payload.categories', 256).map((c, i) => readString(c, `payload.categories[${i}]`, 64, CATEGORY_PATTERN));
  return {
    name,
    unit: readString(m.unit, 'payload.unit', MAX_UNIT, UNIT_PATTERN),
    cap,
    divisible,
    minUnit,
    expires: readUint(m.expires, 'payload.expires'),
    holders: readWho(m.holders, 'payload.holders'),
    merchants: m.merchants === undefined || m.merchants === null ? null : readWho(m.merchants, 'payload.merchants'),
    categories,
    transfer: readTransfer(m.transfer, 'payload.transfer'),
    redeem: m.redeem === undefined || m.redeem === null ? null : readWho(m.redeem, 'payload.redeem'),
    supervisor: readString(m.supervisor, 'payload.supervisor', 64, ORG_ID_PATTERN),
    onExpiry: (() => {
      const e = readString(m.onExpiry, 'payload.onExpiry', 16);
      if (!(ON_EXPIRY as readonly string[]).includes(e)) bad('payload.onExpiry must be "return" (expired value goes back to the issuer\'s allowance) or "burn".');
      return e as VoucherClass['onExpiry'];
    })(),
  };
}

export const createClassAction: ActionDef<ClassInput> = {
  module: VOUCHERS_MODULE,
  action: 'create-class',
  parse: readClassInput,
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const supervisor = readOrg(ctx.suite, ctx.state, p.supervisor);
    if (supervisor === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${p.supervisor}" to supervise the class.`, { id: p.supervisor });
    if (p.expires <= ctx.time) bad(`payload.expires (${new Date(p.expires).toISOString()}) must be after the block time ${new Date(ctx.time).toISOString()}.`);
    const pending = readParams(ctx.suite, ctx.state).voucherClassApproval === 1;
    const id = takeId(ctx.suite, ctx.state, VOUCHERS_MODULE, 'next');
    writeClass(ctx.suite, ctx.state, { ...p, id, issuer: org.id, createdBy: ctx.sender, status: pending ? 'pending' : 'active', frozen: false, height: ctx.height, approvedBy: null, supply: NO_SUPPLY, swept: 0 });
    appendToList(ctx.suite, ctx.state, VOUCHERS_MODULE, expiryList(dayOf(p.expires)), id);
    return { data: { class: id, status: pending ? 'pending' : 'active' } };
  },
};

export const approveClassAction: ActionDef<{ readonly class: number }> = {
  module: VOUCHERS_MODULE,
  action: 'approve-class',
  parse(payload) {
    return { class: readUint(readMap(payload, 'payload', ['class']).class, 'payload.class') };
  },
  execute(ctx, p) {
    const c = requireClass(ctx.suite, ctx.state, p.class);
    if (c.status !== 'pending') throw new CreditChainError('VOUCHER_CLASS_NOT_ACTIVE', `Voucher class ${c.id} is ${c.status}; only a class awaiting approval can be approved.`, { class: c.id, status: c.status });
    writeClass(ctx.suite, ctx.state, { ...c, status: 'active', approvedBy: ctx.sender });
    return { data: { class: c.id, status: 'active' } };
  },
};

export const registerMerchantAction: ActionDef<{ readonly class: number; readonly merchant: string; readonly category: string }> = {
  module: VOUCHERS_MODULE,
  action: 'register-merchant',
  parse(payload) {
    const m = readMap(payload, 'payload', ['class', 'merchant', 'category']);
    return { class: readUint(m.class, 'payload.class'), merchant: readString(m.merchant, 'payload.merchant', 64, NAME_PATTERN), category: readString(m.category, 'payload.category', 64, CATEGORY_PATTERN) };
  },
  execute(ctx, p) {
    const c = requireClass(ctx.suite, ctx.state, p.class);
    requireIssuer(ctx, c, 'register its merchants');
    if (!c.categories.includes(p.category)) bad(`Voucher class ${c.id} is taken by the merchant categories ${c.categories.join(', ') || '(none)'}; "${p.category}" is not one.`);
    if (readAccount(ctx.suite, ctx.state, p.merchant) === undefined) throw new CreditChainError('ACCOUNT_NOT_FOUND', `There is no account "${p.merchant}".`, { name: p.merchant });
    ctx.state.put(merchantKey(ctx.suite, c.id, p.merchant), encodeCanonical(p.category));
    return { data: { class: c.id, merchant: p.merchant, category: p.category } };
  },
};

/** Refuses unless the sender is an account of the class's issuing organisation. */
export function requireIssuer(ctx: ActionContext, c: VoucherClass, doing: string): void {
  const { org } = senderOrg(ctx);
  if (org.id !== c.issuer) throw new CreditChainError('VOUCHER_NOT_ISSUER', `Voucher class ${c.id} was issued by ${c.issuer}; only its accounts may ${doing}, not ${org.id}'s.`, { class: c.id });
}

// --- freeze and unfreeze ------------------------------------------------------------------------------

type FreezeTarget = { readonly class: number; readonly voucher?: undefined } | { readonly voucher: number; readonly class?: undefined };

function freezeAction(action: 'freeze' | 'unfreeze'): ActionDef<FreezeTarget> {
  const freezing = action === 'freeze';
  return {
    module: VOUCHERS_MODULE,
    action,
    parse(payload) {
      const m = readMap(payload, 'payload', [], ['class', 'voucher']);
      if ((m.class === undefined) === (m.voucher === undefined)) bad(`payload names what to ${action}: a voucher (payload.voucher) or a whole class (payload.class).`);
      return m.class !== undefined ? { class: readUint(m.class, 'payload.class') } : { voucher: readUint(m.voucher, 'payload.voucher') };
    },
    execute(ctx, p): ActionOutcome {
      const v = p.voucher === undefined ? undefined : requireVoucher(ctx.suite, ctx.state, p.voucher);
      const c = requireClass(ctx.suite, ctx.state, v?.class ?? p.class!);
      const { org } = senderOrg(ctx);
      if (org.id !== c.supervisor) throw new CreditChainError('VOUCHER_NOT_SUPERVISOR', `Voucher class ${c.id} is supervised by ${c.supervisor}; only its accounts may ${action} it, not ${org.id}'s.`, { class: c.id });
      if (v === undefined) {
        if (c.frozen === freezing) throw new CreditChainError('VOUCHER_BAD_STATUS', `Voucher class ${c.id} is ${freezing ? 'already' : 'not'} frozen.`, { class: c.id });
        writeClass(ctx.suite, ctx.state, { ...c, frozen: freezing });
        recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: null, kind: action, from: null, to: null, amount: c.supply.held, related: [] }));
        return { data: { class: c.id, frozen: freezing } };
      }
      const from = freezing ? 'active' : 'frozen';
      if (v.status !== from) throw new CreditChainError('VOUCHER_BAD_STATUS', `Voucher ${v.id} is ${v.status}; only ${freezing ? 'an active voucher can be frozen' : 'a frozen voucher can be unfrozen'}.`, { voucher: v.id, status: v.status });
      writeVoucher(ctx.suite, ctx.state, { ...v, status: freezing ? 'frozen' : 'active' });
      recordMovement(ctx.suite, ctx.state, txMovement(ctx, { class: c.id, voucher: v.id, kind: action, from: v.holder, to: v.holder, amount: v.amount, related: [] }));
      return { data: { voucher: v.id, status: freezing ? 'frozen' : 'active' } };
    },
  };
}

export const freezeVoucherAction = freezeAction('freeze');
export const unfreezeVoucherAction = freezeAction('unfreeze');
