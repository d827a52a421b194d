// The permission table: for every module action, who may send it. Every transaction goes
// through `authorize` (check-tx.ts) before its action runs; docs/permissions.md is generated
// from this table (npm run docs:permissions), so the table is the one place the rules live.
import { CreditChainError, type CryptoSuite } from '@creditchain/core';
import type { StateReader } from '../../overlay.js';
import type { OrgType, Role } from './roles.js';
import { readOrg, type Account } from './state.js';

export interface Permission {
  /** module.action */
  readonly action: string;
  /** The sender needs one of these roles (an empty list: no role needed). */
  readonly roles: readonly Role[];
  /** If set, the sender's organisation must be of one of these types. */
  readonly orgTypes?: readonly OrgType[];
  /** May a subject's own account send it? 'only': no one else may. */
  readonly subjects?: boolean | 'only';
  /** What the action does, for the generated documentation. */
  readonly what: string;
}

export const PERMISSIONS: readonly Permission[] = [
  { action: 'evidence.anchor', roles: ['submitter'], what: 'Anchor a batch of document hashes.' },
  { action: 'identity.create-account', roles: ['admin'], what: 'Create an account in the sender’s own organisation.' },
  { action: 'identity.set-roles', roles: ['admin'], what: 'Set the roles of an account of the sender’s own organisation (within the roles the organisation may hold).' },
  // Any account manages its own keys; an admin also those of its organisation's accounts (checked by the action).
  { action: 'identity.add-key', roles: [], subjects: true, what: 'Add a key to the sender’s own account, or (admin) to an account of its organisation.' },
  { action: 'identity.rotate-key', roles: [], subjects: true, what: 'Replace a key: the old one stays valid until a named height.' },
  { action: 'identity.revoke-key', roles: [], subjects: true, what: 'Revoke a key at once: later transactions signed by it are refused.' },
  { action: 'identity.set-threshold', roles: [], subjects: true, what: 'Set how many of an account’s keys must sign (k of n).' },
  { action: 'identity.bind-subject', roles: ['registrar'], what: 'Create a subject’s own account, bound to its pseudonymous reference, with evidence of identity as a sidecar.' },
  { action: 'governance.propose', roles: ['admin'], what: 'Propose a change: admit, update, suspend, reinstate or retire an organisation, a chain parameter, the validators.' },
  { action: 'governance.vote', roles: ['admin'], what: 'Vote yes or no on an open proposal, for the sender’s organisation.' },
  { action: 'credit.submit', roles: ['submitter'], what: 'Submit up to 1,000 credit records for review, in categories the sender’s organisation may source.' },
  { action: 'credit.review', roles: ['reviewer'], what: 'Publish or reject pending records: not one’s own, and of one’s own organisation unless a regulator (some categories: regulators only).' },
  { action: 'credit.correct', roles: ['submitter'], what: 'Correct a record of the sender’s own organisation: a new version, pending review; the old one is kept.' },
  { action: 'credit.revoke', roles: ['submitter'], what: 'Revoke a record of the sender’s own organisation, with a reason.' },
  { action: 'credit.allow-collection', roles: [], subjects: 'only', what: 'A subject consents (or withdraws consent) to an organisation collecting its sensitive financial information; subjects’ own accounts only.' },
  { action: 'consent.grant', roles: ['querier'], subjects: true, what: 'A subject grants a member the right to query its report (purpose, scope, validity, single use); or a querier records a consent given to its organisation, with the signed authorisation as a sidecar.' },
  { action: 'consent.revoke', roles: [], subjects: 'only', what: 'A subject revokes one of its consents, at once.' },
  { action: 'consent.query', roles: ['querier', 'regulator', 'arbiter'], what: 'Query a subject’s report: on a consent, or on a legal basis (supervision: regulators; court order: courts; enterprises’ public-credit information: anyone). Every query is on the record.' },
  { action: 'disputes.object', roles: ['registrar', 'querier'], subjects: true, what: 'Object to a record: the subject, or a member on its behalf with its authorisation as a sidecar. The record shows as disputed.' },
  { action: 'disputes.answer', roles: ['reviewer', 'submitter'], what: 'The record’s source answers an objection before its deadline: upheld (the record revoked or corrected) or rejected, with reasons.' },
  { action: 'disputes.appeal', roles: [], subjects: 'only', what: 'The subject appeals a rejected objection to the regulators.' },
  { action: 'disputes.decide', roles: ['arbiter'], what: 'An arbiter decides an escalated or appealed objection: revoke, correct or confirm the record.' },
  { action: 'disputes.complain', roles: [], subjects: 'only', what: 'A subject complains about a member’s conduct.' },
  { action: 'disputes.rule', roles: ['arbiter'], what: 'An arbiter upholds or dismisses a complaint; an upheld one counts against the member.' },
  { action: 'repair.apply', roles: [], subjects: 'only', what: 'A subject applies to repair a negative record once its minimum publicity period has passed, with evidence as a sidecar.' },
  { action: 'repair.decide', roles: ['reviewer'], what: 'The record’s source or a regulator approves (the record is repaired, its details erased) or refuses a repair application.' },
  { action: 'repair.erase', roles: ['arbiter'], what: 'Carry out a court order: erase a record’s details on every node (the order’s commitment as a sidecar).' },
  { action: 'vouchers.create-class', roles: ['submitter'], what: 'Create a voucher class the sender’s organisation issues: unit, cap, divisibility, expiry, eligible holders and merchants, transfer path, redemption, supervisor; pending a regulator’s approval when params.voucherClassApproval is 1.' },
  { action: 'vouchers.approve-class', roles: ['regulator'], what: 'Approve a voucher class awaiting approval.' },
  { action: 'vouchers.register-merchant', roles: ['submitter'], what: 'The class’s issuer registers a merchant under one of the class’s merchant categories.' },
  { action: 'vouchers.issue', roles: ['submitter'], what: 'The class’s issuer issues vouchers to eligible holders (up to 1,000 in one transaction), within the class’s cap.' },
  { action: 'vouchers.transfer', roles: [], subjects: true, what: 'The holder passes a voucher on, along the class’s transfer path.' },
  { action: 'vouchers.split', roles: [], subjects: true, what: 'The holder splits a voucher of a divisible class into pieces of whole minimum units.' },
  { action: 'vouchers.merge', roles: [], subjects: true, what: 'The holder merges vouchers of one divisible class into one.' },
  { action: 'vouchers.spend', roles: [], subjects: true, what: 'The holder spends a voucher at a merchant the class allows.' },
  { action: 'vouchers.redeem', roles: [], subjects: true, what: 'The holder redeems a voucher (a merchant its spent ones) with the issuer, if the class allows it to.' },
  { action: 'vouchers.freeze', roles: [], what: 'An account of the class’s supervising organisation freezes a voucher or the whole class.' },
  { action: 'vouchers.unfreeze', roles: [], what: 'An account of the class’s supervising organisation unfreezes a voucher or the whole class.' },
  { action: 'vouchers.create-points', roles: ['submitter'], what: 'Create a points class: its rule table (reason code → points), the benefits points buy, its recorders and supervisor.' },
  { action: 'vouchers.award', roles: [], what: 'A recorder of the points class awards a household points by one of its rules.' },
  { action: 'vouchers.deduct', roles: [], what: 'A recorder of the points class deducts a household’s points by one of its rules.' },
  { action: 'vouchers.use-points', roles: [], subjects: true, what: 'A household (its own account) or a recorder spends the household’s points on one of the class’s benefits.' },
  // An organisation answers for its contracts (their records are filed as it), so its admin deploys them.
  { action: 'contracts.deploy', roles: ['admin'], what: 'Deploy a contract (JavaScript compiled from TypeScript, with the source’s hash) for the sender’s organisation; callable once a regulator approves it when params.contractApproval is 1.' },
  { action: 'contracts.upgrade', roles: ['admin'], what: 'Deploy a new version of a contract of the sender’s organisation: its state is kept, every version too; approval as for deploy.' },
  { action: 'contracts.approve', roles: ['regulator'], what: 'Approve a contract version (it becomes the one calls run) and name the credit-record categories it may file as its organisation.' },
  { action: 'contracts.call', roles: [], subjects: true, what: 'Call a method of a contract; the contract decides what the caller may do.' },
];

const BY_ACTION = new Map(PERMISSIONS.map((p) => [p.action, p]));

export function permissionOf(action: string): Permission | undefined {
  return BY_ACTION.get(action);
}

/**
 * Is `account` allowed to send `action` at this state? Throws a CreditChainError naming what is
 * missing: PERMISSION_DENIED (role, organisation type), ORG_SUSPENDED or ORG_RETIRED.
 */
export function authorize(suite: CryptoSuite, state: StateReader, account: Account, action: string): void {
  const rule = BY_ACTION.get(action);
  if (rule === undefined) {
    throw new CreditChainError('PERMISSION_DENIED', `No one may send ${action}: it has no entry in the permission table.`, { action });
  }
  if (account.org === null) {
    if (rule.subjects === true || rule.subjects === 'only') return;
    throw new CreditChainError('PERMISSION_DENIED', `A subject's own account may not send ${action}; it needs an organisation account with the role ${rule.roles.join(' or ')}.`, { action, account: account.name });
  }
  if (rule.subjects === 'only') {
    throw new CreditChainError('PERMISSION_DENIED', `Only a subject, from its own account, may send ${action}; "${account.name}" is an organisation's account.`, { action, account: account.name });
  }
  const org = readOrg(suite, state, account.org);
  if (org === undefined) {
    throw new CreditChainError('PERMISSION_DENIED', `Account "${account.name}" belongs to organisation "${account.org}", which does not exist.`, { action });
  }
  if (org.status === 'suspended') {
    throw new CreditChainError('ORG_SUSPENDED', `Organisation "${org.id}" is suspended (since height ${org.since}); its accounts may not send transactions until governance reinstates it.`, { org: org.id, since: org.since });
  }
  if (org.status === 'retired') {
    throw new CreditChainError('ORG_RETIRED', `Organisation "${org.id}" has retired from the consortium (at height ${org.since}).`, { org: org.id });
  }
  if (rule.orgTypes !== undefined && !rule.orgTypes.includes(org.type)) {
    throw new CreditChainError('PERMISSION_DENIED', `${action} may be sent only by ${rule.orgTypes.join(', ')} organisations; "${org.id}" is a ${org.type}.`, { action, orgType: org.type });
  }
  if (rule.roles.length > 0 && !rule.roles.some((r) => account.roles.includes(r))) {
    throw new CreditChainError('PERMISSION_DENIED', `Account "${account.name}" needs the role ${rule.roles.join(' or ')} to send ${action}; it has ${account.roles.length ? account.roles.join(', ') : 'no roles'}.`, { action, missing: rule.roles });
  }
}

/** docs/permissions.md, generated from the table. */
export function permissionsMarkdown(roleOrgTypes: Partial<Record<Role, readonly OrgType[]>>): string {
  const rows = PERMISSIONS.map((p) => `| \`${p.action}\` | ${p.roles.map((r) => `\`${r}\``).join(', ') || '—'} | ${p.orgTypes?.join(', ') ?? 'any'} | ${p.subjects === 'only' ? 'only' : p.subjects ? 'yes' : 'no'} | ${p.what} |`);
  const limits = Object.entries(roleOrgTypes).map(([role, types]) => `- \`${role}\` may be held only by accounts of ${types!.join(' or ')} organisations.`);
  return [
    '# Permissions',
    '',
    'Generated from `packages/ledger/src/modules/identity/permissions.ts` by `npm run docs:permissions`; do not edit by hand.',
    '',
    'Every transaction passes this table after its signatures and nonce are checked. The sender needs one of the roles listed,',
    'its organisation must be active (a suspended organisation gets `ORG_SUSPENDED`, a retired one `ORG_RETIRED`) and of an',
    'allowed type; a subject’s own account may send only the actions marked for subjects. Refusals are `PERMISSION_DENIED`',
    'with a sentence naming the missing role.',
    '',
    '| action | roles (any of) | organisation types | subject’s own account | what it does |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Role limits',
    '',
    'An organisation’s accounts may hold only the roles governance granted the organisation (`Org.roles`), and:',
    '',
    ...limits,
    '',
  ].join('\n');
}
