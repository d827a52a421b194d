// What the vouchers page's forms read, apart from the page: a selector typed as the CLI takes it
// ("any", or a comma list of any-subject, account:NAME, org:ID, org-type:TYPE, role:ROLE,
// subject:REF — in the browser a subject by its reference in hex, as it holds no consortium
// secret), a transfer path ("none", "any", or hops "WHO > WHO"), a batch of holders with their
// amounts, a split's pieces; and whether a class's supply balances. Pure, so it is tested
// without a browser; the ledger's parser checks the payload again when the transaction is built.
import { fromHex } from '@creditchain/core';
import { isOrgType, isRole, type OrgType, type Role } from '@creditchain/ledger';
import type { WhoInput } from '@creditchain/sdk';

const HEX32 = /^[0-9a-fA-F]{64}$/;

type Selector = { accounts: string[]; orgs: string[]; orgTypes: OrgType[]; roles: Role[]; subjects: Uint8Array[]; anySubject: boolean };

/** A selector, or undefined when an item is not one (the form says so). */
export function parseWho(text: string): WhoInput | undefined {
  const value = text.trim();
  if (value === 'any') return 'any';
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return undefined;
  const w: Selector = { accounts: [], orgs: [], orgTypes: [], roles: [], subjects: [], anySubject: false };
  for (const item of items) {
    const colon = item.indexOf(':');
    const kind = colon < 0 ? item : item.slice(0, colon);
    const v = colon < 0 ? '' : item.slice(colon + 1).trim();
    if (kind === 'any-subject' && colon < 0) w.anySubject = true;
    else if (kind === 'account' && v !== '') w.accounts.push(v);
    else if (kind === 'org' && v !== '') w.orgs.push(v);
    else if (kind === 'org-type' && isOrgType(v)) w.orgTypes.push(v);
    else if (kind === 'role' && isRole(v)) w.roles.push(v);
    else if (kind === 'subject' && HEX32.test(v)) w.subjects.push(fromHex(v.toLowerCase(), 32));
    else return undefined;
  }
  return w;
}

/** A transfer path: "none", "any", or hops "WHO > WHO > …"; undefined when a hop is no selector. */
export function parseTransfer(text: string): 'none' | 'any' | WhoInput[] | undefined {
  const v = text.trim();
  if (v === 'none' || v === 'any') return v;
  const hops = v.split('>').map(parseWho);
  return hops.some((h) => h === undefined) ? undefined : (hops as WhoInput[]);
}

const WHOLE = /^[1-9]\d{0,15}$/;
const whole = (s: string) => (WHOLE.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : undefined);

/** One holder a line, "ACCOUNT AMOUNT" or "ACCOUNT:AMOUNT"; the first bad line's number (1-based) otherwise. */
export function parseBatch(text: string): { readonly to: { holder: string; amount: number }[] } | { readonly badLine: number } {
  const to: { holder: string; amount: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = /^([a-z0-9][a-z0-9._-]{0,63})\s*[:\s]\s*(\d+)$/.exec(line);
    const amount = m === null ? undefined : whole(m[2]!);
    if (m === null || amount === undefined) return { badLine: i + 1 };
    to.push({ holder: m[1]!, amount });
  }
  return to.length === 0 ? { badLine: 1 } : { to };
}

/** A split's pieces, "3000, 2000": at least two whole amounts, or undefined. */
export function parseAmounts(text: string): number[] | undefined {
  const parts = text.split(',').map((s) => whole(s.trim()));
  return parts.length < 2 || parts.some((p) => p === undefined) ? undefined : (parts as number[]);
}

/** A whole number typed in a field, or undefined. */
export const parseWhole = (text: string): number | undefined => whole(text.trim());

export interface SupplyCounts {
  readonly issued: number;
  readonly held: number;
  readonly spent: number;
  readonly redeemed: number;
  readonly expired: number;
}

/** The invariant every class keeps: issued = held + spent + redeemed + expired. */
export const supplyBalances = (s: SupplyCounts) => s.issued === s.held + s.spent + s.redeemed + s.expired;
