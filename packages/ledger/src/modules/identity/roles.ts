// The organisation types, statuses and account roles of a consortium. Fixed by the protocol;
// which roles each organisation may hand out is decided by governance (Org.roles).

export const ORG_TYPES = [
  'regulator', // e.g. the central bank's credit bureau, a market-supervision administration's credit office
  'credit-agency',
  'bank',
  'court',
  'government-bureau', // tax, market supervision, environment, culture and tourism …
  'enterprise-platform',
  'utility',
  'notary',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ORG_STATUSES = ['active', 'suspended', 'retired'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

export const ROLES = [
  'admin', // manages its own organisation's accounts, proposes and votes in governance
  'submitter', // submits records and anchors evidence
  'reviewer', // reviews records before publication
  'querier', // queries credit reports with consent
  'regulator', // supervises all members
  'arbiter', // decides complaints and escalated objections
  'registrar', // binds subjects to keys
  'operator', // node and validator keys
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that only some organisation types may hold, whatever governance grants. */
export const ROLE_ORG_TYPES: Partial<Record<Role, readonly OrgType[]>> = {
  regulator: ['regulator'],
  arbiter: ['regulator', 'court'],
};

export function isOrgType(x: string): x is OrgType {
  return (ORG_TYPES as readonly string[]).includes(x);
}

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}
