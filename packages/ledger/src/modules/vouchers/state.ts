// Voucher classes, vouchers and their movements in state.
//   vouchers/next, vouchers/class/<id>       → VoucherClass (its rules, status and supply counters)
//   vouchers/voucher-next, voucher/<id>      → Voucher (one piece of value: holder, amount, status, lineage)
//   vouchers/event-next, event/<id>          → Movement (issue, transfer, split, merge, spend, redeem, expire, freeze, unfreeze)
//   vouchers/class/<id>/vouchers (list)      → every voucher of the class, in order of creation (the expiry sweep walks it)
//   vouchers/class/<id>/events (list)        → every movement of the class: the supervisor's view
//   vouchers/voucher/<id>/events (list)      → every movement of one voucher
//   vouchers/holder/<account> (list)         → every voucher the account has held
//   vouchers/merchant/<class>/<account>      → the merchant category the issuer registered
//   vouchers/expiry/<day> (list)             → classes whose expiry time falls on that day (UTC)
//   vouchers/clock                           → the last day whose expiring classes are all swept
import {
  CreditChainError,
  decodeCanonical,
  encodeCanonical,
  readArray,
  readBool,
  readBytes,
  readEnum,
  readMap,
  readString,
  readUint,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { readWho, whoToCbor, type Who } from './who.js';

export const VOUCHERS_MODULE = 'vouchers';

export const CLASS_STATUSES = ['pending', 'active', 'expired'] as const;
export type ClassStatus = (typeof CLASS_STATUSES)[number];
export const ON_EXPIRY = ['return', 'burn'] as const;
export type OnExpiry = (typeof ON_EXPIRY)[number];
export const VOUCHER_STATUSES = ['active', 'frozen', 'spent', 'redeemed', 'expired', 'split', 'merged'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];
export const MOVEMENT_KINDS = ['issue', 'transfer', 'split', 'merge', 'spend', 'redeem', 'expire', 'freeze', 'unfreeze'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** How a voucher may pass from holder to holder: not at all, to any eligible holder, or along a list of hops. */
export type TransferRule = 'none' | 'any' | readonly Who[];

/**
 * The supply of a class. At every height: issued = held + spent + redeemed + expired, where held
 * counts active and frozen vouchers, spent those taken by merchants and not yet redeemed.
 * `returned` is the part of `expired` given back to the issuer's allowance (onExpiry "return").
 */
export interface Supply {
  readonly issued: number;
  readonly held: number;
  readonly spent: number;
  readonly redeemed: number;
  readonly expired: number;
  readonly returned: number;
}

export const NO_SUPPLY: Supply = { issued: 0, held: 0, spent: 0, redeemed: 0, expired: 0, returned: 0 };

export interface VoucherClass {
  readonly id: number;
  /** The issuing organisation. */
  readonly issuer: string;
  readonly createdBy: string;
  readonly name: string;
  /** The unit amounts count, e.g. "CNY-fen", "points", "shares". */
  readonly unit: string;
  /** Most value outstanding at once: issued less what expired back to the issuer. */
  readonly cap: number;
  readonly divisible: boolean;
  /** Every amount is a whole multiple of it (1 when not divisible). */
  readonly minUnit: number;
  /** Block time (ms) from which its vouchers expire. */
  readonly expires: number;
  readonly holders: Who;
  /** Who may take it in payment (null: it cannot be spent at merchants). */
  readonly merchants: Who | null;
  /** Merchant categories (registered per class by the issuer) that may take it too. */
  readonly categories: readonly string[];
  readonly transfer: TransferRule;
  /** Who may redeem it with the issuer for money (null: it cannot be). */
  readonly redeem: Who | null;
  /** The supervising organisation: it sees every movement and may freeze. */
  readonly supervisor: string;
  readonly onExpiry: OnExpiry;
  readonly status: ClassStatus;
  readonly frozen: boolean;
  /** Height it was created at, and the regulator's account that approved it (if approval was needed). */
  readonly height: number;
  readonly approvedBy: string | null;
  readonly supply: Supply;
  /** How many vouchers of its list the expiry sweep has passed. */
  readonly swept: number;
}

export interface Voucher {
  readonly id: number;
  readonly class: number;
  readonly holder: string;
  readonly amount: number;
  readonly status: VoucherStatus;
  /** How many holder-to-holder transfers brought it here (the hop of the path it is at). */
  readonly hops: number;
  /** The vouchers it was split or merged from (none for an issued one). */
  readonly parents: readonly number[];
  /** The vouchers it was split or merged into. */
  readonly children: readonly number[];
  readonly height: number;
}

export interface Movement {
  readonly id: number;
  readonly class: number;
  /** The voucher moved, or null for a movement of the whole class (freeze, unfreeze). */
  readonly voucher: number | null;
  readonly kind: MovementKind;
  readonly from: string | null;
  readonly to: string | null;
  readonly amount: number;
  /** Vouchers on the other side: the pieces of a split, the parts and result of a merge. */
  readonly related: readonly number[];
  /** The sending account, or null for the chain itself (expiry). */
  readonly by: string | null;
  readonly height: number;
  readonly time: number;
  /** The transaction and its log index, or null for expiry at the end of a block. */
  readonly tx: Uint8Array | null;
  readonly logIndex: number | null;
}

export const MAX_NAME = 200;
export const MAX_UNIT = 32;
export const MAX_HOPS = 16;
export const CATEGORY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

// --- keys ------------------------------------------------------------------------------------------

export const classKey = (suite: CryptoSuite, id: number) => stateKey(suite, VOUCHERS_MODULE, `class/${id}`);
export const voucherKey = (suite: CryptoSuite, id: number) => stateKey(suite, VOUCHERS_MODULE, `voucher/${id}`);
export const movementKey = (suite: CryptoSuite, id: number) => stateKey(suite, VOUCHERS_MODULE, `event/${id}`);
export const merchantKey = (suite: CryptoSuite, cls: number, account: string) => stateKey(suite, VOUCHERS_MODULE, `merchant/${cls}/${account}`);
export const vouchersClockKey = (suite: CryptoSuite) => stateKey(suite, VOUCHERS_MODULE, 'clock');
export const classVouchersList = (cls: number) => `class/${cls}/vouchers`;
export const classEventsList = (cls: number) => `class/${cls}/events`;
export const voucherEventsList = (id: number) => `voucher/${id}/events`;
export const holderList = (account: string) => `holder/${account}`;
export const expiryList = (day: number) => `expiry/${day}`;

// --- encoding --------------------------------------------------------------------------------------

const nullable = <T>(v: CborValue | undefined, read: (v: CborValue) => T): T | null => (v === null ? null : read(v!));
const ids = (v: CborValue | undefined, what: string) => readArray(v, what, 10_000).map((x, i) => readUint(x, `${what}[${i}]`));

export function transferToCbor(t: TransferRule): CborValue {
  return typeof t === 'string' ? t : t.map(whoToCbor);
}

export function readTransfer(v: CborValue | undefined, what: string): TransferRule {
  if (v === 'none' || v === 'any') return v;
  if (typeof v === 'string') throw new CreditChainError('TX_BAD_PAYLOAD', `${what} must be "none", "any" or a list of hops (selectors of who may hold it after each transfer).`);
  return readArray(v, what, MAX_HOPS).map((h, i) => readWho(h, `${what}[${i}]`));
}

export function classToCbor(c: VoucherClass): CborMap {
  return {
    ...c,
    holders: whoToCbor(c.holders),
    merchants: c.merchants === null ? null : whoToCbor(c.merchants),
    categories: [...c.categories],
    transfer: transferToCbor(c.transfer),
    redeem: c.redeem === null ? null : whoToCbor(c.redeem),
    supply: { ...c.supply },
  };
}

const CLASS_FIELDS = ['id', 'issuer', 'createdBy', 'name', 'unit', 'cap', 'divisible', 'minUnit', 'expires', 'holders', 'merchants', 'categories', 'transfer', 'redeem', 'supervisor', 'onExpiry', 'status', 'frozen', 'height', 'approvedBy', 'supply', 'swept'];
const SUPPLY_FIELDS = ['issued', 'held', 'spent', 'redeemed', 'expired', 'returned'] as const;

export function decodeClass(bytes: Uint8Array): VoucherClass {
  const m = readMap(decodeCanonical(bytes), 'class', CLASS_FIELDS);
  const s = readMap(m.supply, 'class.supply', SUPPLY_FIELDS);
  const supply = Object.fromEntries(SUPPLY_FIELDS.map((k) => [k, readUint(s[k], `class.supply.${k}`)])) as unknown as Supply;
  return {
    id: readUint(m.id, 'class.id'),
    issuer: readString(m.issuer, 'class.issuer', 64),
    createdBy: readString(m.createdBy, 'class.createdBy', 64),
    name: readString(m.name, 'class.name', MAX_NAME),
    unit: readString(m.unit, 'class.unit', MAX_UNIT),
    cap: readUint(m.cap, 'class.cap'),
    divisible: readBool(m.divisible, 'class.divisible'),
    minUnit: readUint(m.minUnit, 'class.minUnit'),
    expires: readUint(m.expires, 'class.expires'),
    holders: readWho(m.holders, 'class.holders'),
    merchants: nullable(m.merchants, (v) => readWho(v, 'class.merchants')),
    categories: readArray(m.categories, 'class.categories', 256).map((c, i) => readString(c, `class.categories[${i}]`, 64)),
    transfer: readTransfer(m.transfer, 'class.transfer'),
    redeem: nullable(m.redeem, (v) => readWho(v, 'class.redeem')),
    supervisor: readString(m.supervisor, 'class.supervisor', 64),
    onExpiry: readEnum(m.onExpiry, 'class.onExpiry', ON_EXPIRY),
    status: readEnum(m.status, 'class.status', CLASS_STATUSES),
    frozen: readBool(m.frozen, 'class.frozen'),
    height: readUint(m.height, 'class.height'),
    approvedBy: nullable(m.approvedBy, (v) => readString(v, 'class.approvedBy', 64)),
    supply,
    swept: readUint(m.swept, 'class.swept'),
  };
}

export function voucherToCbor(v: Voucher): CborMap {
  return { ...v, parents: [...v.parents], children: [...v.children] };
}

export function decodeVoucher(bytes: Uint8Array): Voucher {
  const m = readMap(decodeCanonical(bytes), 'voucher', ['id', 'class', 'holder', 'amount', 'status', 'hops', 'parents', 'children', 'height']);
  return {
    id: readUint(m.id, 'voucher.id'),
    class: readUint(m.class, 'voucher.class'),
    holder: readString(m.holder, 'voucher.holder', 64),
    amount: readUint(m.amount, 'voucher.amount'),
    status: readEnum(m.status, 'voucher.status', VOUCHER_STATUSES),
    hops: readUint(m.hops, 'voucher.hops'),
    parents: ids(m.parents, 'voucher.parents'),
    children: ids(m.children, 'voucher.children'),
    height: readUint(m.height, 'voucher.height'),
  };
}

export function movementToCbor(e: Movement): CborMap {
  return { ...e, related: [...e.related] };
}

export function decodeMovement(bytes: Uint8Array): Movement {
  const m = readMap(decodeCanonical(bytes), 'movement', ['id', 'class', 'voucher', 'kind', 'from', 'to', 'amount', 'related', 'by', 'height', 'time', 'tx', 'logIndex']);
  const text = (v: CborValue | undefined, w: string) => nullable(v, (x) => readString(x, w, 64));
  return {
    id: readUint(m.id, 'movement.id'),
    class: readUint(m.class, 'movement.class'),
    voucher: nullable(m.voucher, (x) => readUint(x, 'movement.voucher')),
    kind: readEnum(m.kind, 'movement.kind', MOVEMENT_KINDS),
    from: text(m.from, 'movement.from'),
    to: text(m.to, 'movement.to'),
    amount: readUint(m.amount, 'movement.amount'),
    related: ids(m.related, 'movement.related'),
    by: text(m.by, 'movement.by'),
    height: readUint(m.height, 'movement.height'),
    time: readUint(m.time, 'movement.time'),
    tx: nullable(m.tx, (x) => readBytes(x, 'movement.tx', 32)),
    logIndex: nullable(m.logIndex, (x) => readUint(x, 'movement.logIndex')),
  };
}

// --- reads and writes ------------------------------------------------------------------------------

export function readClass(suite: CryptoSuite, state: StateReader, id: number): VoucherClass | undefined {
  const b = state.getState(classKey(suite, id));
  return b === undefined ? undefined : decodeClass(b);
}

export function writeClass(suite: CryptoSuite, state: StateOverlay, c: VoucherClass): void {
  state.put(classKey(suite, c.id), encodeCanonical(classToCbor(c)));
}

export function readVoucher(suite: CryptoSuite, state: StateReader, id: number): Voucher | undefined {
  const b = state.getState(voucherKey(suite, id));
  return b === undefined ? undefined : decodeVoucher(b);
}

export function writeVoucher(suite: CryptoSuite, state: StateOverlay, v: Voucher): void {
  state.put(voucherKey(suite, v.id), encodeCanonical(voucherToCbor(v)));
}

export function readMovement(suite: CryptoSuite, state: StateReader, id: number): Movement | undefined {
  const b = state.getState(movementKey(suite, id));
  return b === undefined ? undefined : decodeMovement(b);
}

export function writeMovement(suite: CryptoSuite, state: StateOverlay, e: Movement): void {
  state.put(movementKey(suite, e.id), encodeCanonical(movementToCbor(e)));
}

export function readMerchantCategory(suite: CryptoSuite, state: StateReader, cls: number, account: string): string | undefined {
  const b = state.getState(merchantKey(suite, cls, account));
  return b === undefined ? undefined : readString(decodeCanonical(b), 'merchant category', 64);
}
