// The chain's fixed vocabularies the console's forms offer: query purposes, legal bases of a query
// without consent, amount bands. The ledger defines them; the console cannot import the ledger
// (it reaches the chain only through the SDK), so they are listed here, typed by the SDK's
// transaction inputs, and vocabulary.test.ts checks they are the ledger's, in its order.
import type { GrantConsentInput, QueryInput } from '@creditchain/sdk';

export type Purpose = GrantConsentInput['purpose'];
export type LegalBasis = NonNullable<QueryInput['basis']>;

export const PURPOSES = ['loan-application', 'credit-card', 'lease', 'employment', 'contract', 'guarantee', 'account-opening', 'post-loan-management', 'other'] as const satisfies readonly Purpose[];

export const LEGAL_BASES = ['public-information', 'supervision', 'court-order'] as const satisfies readonly LegalBasis[];

/** The longest reason (of an objection, an answer, a review, a repair) in characters. */
export const MAX_REASON = 500;

/** The longest a consent may run, in days (five years). */
export const MAX_CONSENT_DAYS = 5 * 366;

/** The amount bands by index (a record's amountBand), as the API labels them (amountBandLabel). */
export const AMOUNT_BANDS = ['none', '<10k', '10k-100k', '100k-1m', '1m-10m', '10m-100m', '>=100m'] as const;
export type AmountBand = (typeof AMOUNT_BANDS)[number];

/** A subject reference as the API writes it: 32 bytes in lowercase hex; spaces and case forgiven. */
export function parseSubjectRef(text: string): string | undefined {
  const hex = text.replace(/\s+/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
