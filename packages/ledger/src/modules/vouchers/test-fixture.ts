// The consortium the voucher and points tests run on: a regulator, a city bureau issuing coupons,
// a core enterprise's bank issuing drafts, two shops, a village committee, and subjects — two
// residents and an enterprise supplier. Not exported from the package.
import { sha256, utf8, type CborMap } from '@creditchain/core';
import type { BlockOutcome, TxResult } from '../../execute-block.js';
import { accountKey } from '../identity/state.js';
import { ROLES } from '../identity/roles.js';
import { Consortium, account, genesisOf, org, seed, suite, T0 } from '../../test-support.js';
import { readClass, type Supply } from './state.js';

export const ZHANG = sha256(utf8('person:zhang'));
export const LI = sha256(utf8('person:li'));
export const ACME = sha256(utf8('enterprise:acme'));
export const DAY = 86_400_000;

export const KEY: Record<string, number> = { reg: 1, city: 2, bank: 3, shop: 4, shop2: 5, village: 6, clerk: 7, zhang: 8, li: 9, acme: 10, bank2: 11 };

export function vouchersConsortium(params: Record<string, number> = {}): Consortium {
  const orgs = [
    org('regulator', 'regulator', [...ROLES], 10),
    org('city', 'government-bureau', ['admin', 'submitter', 'reviewer']),
    org('bank', 'bank', ['admin', 'submitter', 'reviewer', 'querier']),
    org('bank2', 'bank', ['admin', 'submitter']),
    org('shop', 'enterprise-platform', ['admin', 'submitter']),
    org('shop2', 'enterprise-platform', ['admin']),
    org('village', 'government-bureau', ['admin', 'submitter']),
  ];
  const accounts = [
    account('reg', 'regulator', ['admin', 'regulator', 'arbiter', 'reviewer'], [1]),
    account('city', 'city', ['submitter'], [2]),
    account('bank', 'bank', ['submitter'], [3]),
    account('shop', 'shop', ['admin'], [4]),
    account('shop2', 'shop2', ['admin'], [5]),
    account('village', 'village', ['submitter'], [6]),
    account('clerk', 'village', [], [7]),
    { ...account('zhang', null, [], [8]), subject: ZHANG },
    { ...account('li', null, [], [9]), subject: LI },
    { ...account('acme', null, [], [10]), subject: ACME },
    account('bank2', 'bank2', ['submitter'], [11]),
  ];
  return new Consortium(genesisOf(orgs, accounts, params));
}

export function send(c: Consortium, who: string, action: string, payload: CborMap, sidecars: Uint8Array[] = []): TxResult {
  return c.send(who, action, payload, [seed(KEY[who]!)], { sidecars });
}

/** The last block's state writes other than the sender's account (its nonce): a refusal must leave none. */
export function writesBesidesNonce(c: Consortium, sender: string): number {
  const last: BlockOutcome = c.ledger.blocks.at(-1)!;
  const nonce = Buffer.from(accountKey(suite, sender)).toString('hex');
  return last.stateWrites.filter((w) => Buffer.from(w.key).toString('hex') !== nonce).length;
}

/** Sends and requires a refusal with `code` that changed nothing but the sender's nonce; gives the message. */
export function refused(c: Consortium, who: string, action: string, payload: CborMap, code: string, sidecars: Uint8Array[] = []): string {
  const r = send(c, who, action, payload, sidecars);
  if (r.code !== code) throw new Error(`${action} by ${who}: expected ${code}, got ${r.code}: ${r.message}`);
  const writes = writesBesidesNonce(c, who);
  if (writes !== 0) throw new Error(`${action} by ${who} was refused but wrote ${writes} state entries`);
  return r.message;
}

export function ok(c: Consortium, who: string, action: string, payload: CborMap, sidecars: Uint8Array[] = []): CborMap {
  const r = send(c, who, action, payload, sidecars);
  if (r.code !== 'ok') throw new Error(`${action} by ${who}: ${r.code}: ${r.message}`);
  return (r.data ?? {}) as CborMap;
}

export function supplyOf(c: Consortium, cls: number): Supply {
  return readClass(suite, c.ledger.readers.state, cls)!.supply;
}

/** A city's consumption coupon: residents hold it, shops take it, shops redeem it; no transfers; indivisible. */
export function couponClass(over: Record<string, unknown> = {}): CborMap {
  return {
    name: 'Consumption coupon 100 CNY',
    unit: 'CNY-fen',
    cap: 1_000_000,
    divisible: false,
    expires: T0 + 30 * DAY,
    holders: { anySubject: true },
    merchants: { orgTypes: ['enterprise-platform'] },
    transfer: 'none',
    redeem: { orgTypes: ['enterprise-platform'] },
    supervisor: 'regulator',
    onExpiry: 'return',
    ...over,
  } as CborMap;
}

/** A digital draft: divisible by 100, from the issuer to a supplier, on to another supplier, then to a bank that redeems it. */
export function draftClass(over: Record<string, unknown> = {}): CborMap {
  return {
    name: 'Supply-chain draft',
    unit: 'CNY-fen',
    cap: 10_000_000,
    divisible: true,
    minUnit: 100,
    expires: T0 + 90 * DAY,
    holders: { anySubject: true, orgTypes: ['bank'] },
    transfer: [{ anySubject: true }, { anySubject: true, orgTypes: ['bank'] }, { orgTypes: ['bank'] }],
    redeem: { orgTypes: ['bank'] },
    supervisor: 'regulator',
    onExpiry: 'burn',
    ...over,
  } as CborMap;
}
