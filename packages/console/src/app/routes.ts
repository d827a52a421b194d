// The console's pages by path: what a path names (parseRoute) and the path of each page (paths).
// Pure, so it is tested without a browser; router.tsx follows the History API with it.

/** The subject portal's tabs (/me…) and the member portal's (/member…). */
export const SUBJECT_TABS = ['report', 'queries', 'consents', 'cases'] as const;
export type SubjectTab = (typeof SUBJECT_TABS)[number];
export const MEMBER_TABS = ['standing', 'submit', 'import', 'review', 'query', 'objections'] as const;
export type MemberTab = (typeof MEMBER_TABS)[number];
/** The vouchers page's tabs (/vouchers…): classes and their supply, my holdings, supervision, points. */
export const VOUCHER_TABS = ['classes', 'holdings', 'supervise', 'points'] as const;
export type VoucherTab = (typeof VOUCHER_TABS)[number];

/** What a subject asks about one of its records: an objection, or a repair. */
export type RecordRequestKind = 'object' | 'repair';

export type Route =
  | { readonly page: 'explorer' }
  | { readonly page: 'block'; readonly height: number }
  | { readonly page: 'tx'; readonly id: string }
  | { readonly page: 'verify' }
  | { readonly page: 'sign-in' }
  | { readonly page: 'subject'; readonly tab: SubjectTab }
  | { readonly page: 'record-request'; readonly kind: RecordRequestKind; readonly record: number }
  | { readonly page: 'member'; readonly tab: MemberTab }
  | { readonly page: 'regulator' }
  | { readonly page: 'vouchers'; readonly tab: VoucherTab }
  | { readonly page: 'contracts' }
  | { readonly page: 'contract'; readonly name: string }
  | { readonly page: 'not-found'; readonly path: string };

const TX_ID = /^[0-9a-f]{64}$/;
const ID = /^[1-9]\d{0,14}$/;
/** A contract's name, as the ledger allows it. */
const CONTRACT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function tabOf<T extends string>(tabs: readonly T[], first: T, name: string | undefined): T | undefined {
  if (name === undefined) return first;
  return tabs.find((t) => t === name && t !== first);
}

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { page: 'explorer' };
  const [first, second, third, fourth] = parts;
  if (parts.length === 1 && first === 'verify') return { page: 'verify' };
  if (parts.length === 1 && first === 'sign-in') return { page: 'sign-in' };
  if (parts.length === 1 && first === 'regulator') return { page: 'regulator' };
  if (parts.length === 2 && first === 'blocks' && /^\d{1,15}$/.test(second!)) return { page: 'block', height: Number(second) };
  if (parts.length === 2 && first === 'txs' && TX_ID.test(second!.toLowerCase())) return { page: 'tx', id: second!.toLowerCase() };
  if (first === 'me' && parts.length <= 2) {
    const tab = tabOf(SUBJECT_TABS, 'report', second);
    if (tab !== undefined) return { page: 'subject', tab };
  }
  if (first === 'me' && parts.length === 4 && second === 'records' && ID.test(third!) && (fourth === 'object' || fourth === 'repair')) {
    return { page: 'record-request', kind: fourth, record: Number(third) };
  }
  if (first === 'member' && parts.length <= 2) {
    const tab = tabOf(MEMBER_TABS, 'standing', second);
    if (tab !== undefined) return { page: 'member', tab };
  }
  if (first === 'vouchers' && parts.length <= 2) {
    const tab = tabOf(VOUCHER_TABS, 'classes', second);
    if (tab !== undefined) return { page: 'vouchers', tab };
  }
  if (parts.length === 1 && first === 'contracts') return { page: 'contracts' };
  if (parts.length === 2 && first === 'contracts' && CONTRACT_NAME.test(second!)) return { page: 'contract', name: second! };
  return { page: 'not-found', path };
}

export const paths = {
  explorer: '/',
  block: (height: number) => `/blocks/${height}`,
  tx: (id: string) => `/txs/${id}`,
  verify: '/verify',
  signIn: '/sign-in',
  subject: (tab: SubjectTab = 'report') => (tab === 'report' ? '/me' : `/me/${tab}`),
  recordRequest: (kind: RecordRequestKind, record: number) => `/me/records/${record}/${kind}`,
  regulator: '/regulator',
  member: (tab: MemberTab = 'standing') => (tab === 'standing' ? '/member' : `/member/${tab}`),
  vouchers: (tab: VoucherTab = 'classes') => (tab === 'classes' ? '/vouchers' : `/vouchers/${tab}`),
  contracts: '/contracts',
  contract: (name: string) => `/contracts/${name}`,
};
