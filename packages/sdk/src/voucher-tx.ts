// Building and signing the vouchers module's transactions: voucher classes and their approval,
// merchants, issue (one holder or a batch), transfer, split, merge, spend, redeem, the supervisor's
// freeze; points classes, awards, deductions and the use of points. Each builder checks its
// payload with the ledger's own parser, so a malformed one is refused here, in the same words.
import type { CborMap, CborValue, DecodedTx } from '@creditchain/core';
import { getAction, type OrgType, type Role } from '@creditchain/ledger';
import { buildTx, type TxSigner } from './anchor-tx.js';

/** Who a class lets hold, take or redeem it: "any" account, or accounts matching any listed criterion. */
export type WhoInput =
  | 'any'
  | {
      readonly accounts?: readonly string[];
      readonly orgs?: readonly string[];
      readonly orgTypes?: readonly OrgType[];
      readonly roles?: readonly Role[];
      /** Subject references (32 bytes) whose own accounts match. */
      readonly subjects?: readonly Uint8Array[];
      readonly anySubject?: boolean;
    };

export interface VoucherClassInput {
  readonly name: string;
  /** The unit amounts count, e.g. "CNY-fen". */
  readonly unit: string;
  readonly cap: number;
  readonly divisible: boolean;
  /** Divisible classes: every amount is a whole multiple of it (default 1). */
  readonly minUnit?: number;
  /** Block time (ms since the epoch) from which its vouchers expire. */
  readonly expires: number;
  readonly holders: WhoInput;
  /** Who takes it in payment (omitted: no one by name). */
  readonly merchants?: WhoInput;
  /** Merchant categories the issuer registers merchants in. */
  readonly categories?: readonly string[];
  /** "none" (issuer → holder → merchant → issuer), "any", or a list of hops: who may hold it after each transfer. */
  readonly transfer: 'none' | 'any' | readonly WhoInput[];
  /** Who may redeem it with the issuer for money (omitted: it cannot be). */
  readonly redeem?: WhoInput;
  readonly supervisor: string;
  readonly onExpiry: 'return' | 'burn';
}

export function whoPayload(w: WhoInput): CborValue {
  if (w === 'any') return 'any';
  const out: Record<string, CborValue> = {};
  for (const k of ['accounts', 'orgs', 'orgTypes', 'roles', 'subjects'] as const) if (w[k] !== undefined && w[k]!.length > 0) out[k] = [...w[k]!];
  if (w.anySubject === true) out.anySubject = true;
  return out;
}

/** Builds a vouchers.* transaction after the ledger's parser accepted its payload. */
function vouchersTx(signer: TxSigner, action: string, payload: CborMap, sidecars: readonly Uint8Array[] = []): DecodedTx {
  // The vouchers parsers read nothing from genesis: none is needed to check a payload here.
  getAction('vouchers', action).parse(payload, undefined as never);
  return buildTx({ ...signer, module: 'vouchers', action, payload, sidecars: [...sidecars] });
}

export function createVoucherClassTx(input: TxSigner & { readonly voucherClass: VoucherClassInput }): DecodedTx {
  const c = input.voucherClass;
  const payload: Record<string, CborValue> = {
    name: c.name,
    unit: c.unit,
    cap: c.cap,
    divisible: c.divisible,
    expires: c.expires,
    holders: whoPayload(c.holders),
    transfer: typeof c.transfer === 'string' ? c.transfer : c.transfer.map(whoPayload),
    supervisor: c.supervisor,
    onExpiry: c.onExpiry,
  };
  if (c.minUnit !== undefined) payload.minUnit = c.minUnit;
  if (c.merchants !== undefined) payload.merchants = whoPayload(c.merchants);
  if (c.categories !== undefined && c.categories.length > 0) payload.categories = [...c.categories];
  if (c.redeem !== undefined) payload.redeem = whoPayload(c.redeem);
  return vouchersTx(input, 'create-class', payload);
}

export const approveVoucherClassTx = (input: TxSigner & { readonly class: number }) => vouchersTx(input, 'approve-class', { class: input.class });

export const registerMerchantTx = (input: TxSigner & { readonly class: number; readonly merchant: string; readonly category: string }) =>
  vouchersTx(input, 'register-merchant', { class: input.class, merchant: input.merchant, category: input.category });

/** vouchers.issue to one holder or a batch of up to 1,000. */
export const issueVouchersTx = (input: TxSigner & { readonly class: number; readonly to: ReadonlyArray<{ readonly holder: string; readonly amount: number }> }) =>
  vouchersTx(input, 'issue', { class: input.class, to: input.to.map((t) => ({ holder: t.holder, amount: t.amount })) });

export const transferVoucherTx = (input: TxSigner & { readonly voucher: number; readonly to: string }) => vouchersTx(input, 'transfer', { voucher: input.voucher, to: input.to });

export const splitVoucherTx = (input: TxSigner & { readonly voucher: number; readonly amounts: readonly number[] }) => vouchersTx(input, 'split', { voucher: input.voucher, amounts: [...input.amounts] });

export const mergeVouchersTx = (input: TxSigner & { readonly vouchers: readonly number[] }) => vouchersTx(input, 'merge', { vouchers: [...input.vouchers] });

export const spendVoucherTx = (input: TxSigner & { readonly voucher: number; readonly merchant: string }) => vouchersTx(input, 'spend', { voucher: input.voucher, merchant: input.merchant });

export const redeemVoucherTx = (input: TxSigner & { readonly voucher: number }) => vouchersTx(input, 'redeem', { voucher: input.voucher });

/** vouchers.freeze or vouchers.unfreeze of one voucher or a whole class, by the supervisor. */
export const freezeVoucherTx = (input: TxSigner & { readonly freeze: boolean } & ({ readonly voucher: number } | { readonly class: number })) =>
  vouchersTx(input, input.freeze ? 'freeze' : 'unfreeze', 'voucher' in input ? { voucher: input.voucher } : { class: input.class });

export interface PointsClassInput {
  readonly name: string;
  readonly recorders: WhoInput;
  readonly supervisor: string;
  readonly rules: ReadonlyArray<{ readonly code: string; readonly points: number; readonly label: string }>;
  readonly benefits?: ReadonlyArray<{ readonly code: string; readonly cost: number; readonly label: string }>;
}

export function createPointsClassTx(input: TxSigner & { readonly pointsClass: PointsClassInput }): DecodedTx {
  const p = input.pointsClass;
  const payload: Record<string, CborValue> = { name: p.name, recorders: whoPayload(p.recorders), supervisor: p.supervisor, rules: p.rules.map((r) => ({ ...r })) };
  if (p.benefits !== undefined && p.benefits.length > 0) payload.benefits = p.benefits.map((b) => ({ ...b }));
  return vouchersTx(input, 'create-points', payload);
}

/** vouchers.award or vouchers.deduct by a rule of the class; `evidence` a committed sidecar's commitment. */
export function pointsEntryTx(input: TxSigner & { readonly kind: 'award' | 'deduct'; readonly class: number; readonly household: Uint8Array; readonly rule: string; readonly evidence?: Uint8Array }): DecodedTx {
  const payload: Record<string, CborValue> = { class: input.class, household: input.household, rule: input.rule };
  if (input.evidence !== undefined) payload.evidence = input.evidence;
  return vouchersTx(input, input.kind, payload, input.evidence === undefined ? [] : [input.evidence]);
}

export const usePointsTx = (input: TxSigner & { readonly class: number; readonly household: Uint8Array; readonly benefit: string }) =>
  vouchersTx(input, 'use-points', { class: input.class, household: input.household, benefit: input.benefit });
