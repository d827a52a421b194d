// Building and signing the subjects'-rights transactions: consents and queries (consent module),
// objections, appeals and complaints (disputes), credit repair and court-ordered erasure (repair).
// Evidence — a signed authorisation, a payment receipt, a court order — becomes a sidecar whose
// commitment the transaction names; it travels beside the transaction (client.submitTx(…,
// {sidecars})) and never goes on chain.
import { CreditChainError, getSuite, type CborMap, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import type { Purpose, QueryBasis } from '@creditchain/ledger';
import { buildTx, type TxSigner } from './anchor-tx.js';
import type { TxWithSidecars } from './credit-tx.js';
import { makeSidecar, type CommittedSidecar } from './sidecars.js';

function suiteOf(signer: TxSigner): CryptoSuite {
  return typeof signer.suite === 'string' ? getSuite(signer.suite) : signer.suite;
}

/** A sidecar for an evidence payload (e.g. {document: hash, name}), or none. */
function evidenceSidecar(signer: TxSigner, evidence: CborMap | undefined): CommittedSidecar[] {
  return evidence === undefined ? [] : [makeSidecar(suiteOf(signer), evidence)];
}

function withSidecars(signer: TxSigner, module: string, action: string, payload: Record<string, CborMap[string]>, sidecars: readonly CommittedSidecar[]): TxWithSidecars {
  return { tx: buildTx({ ...signer, module, action, payload, sidecars: sidecars.map((s) => s.commitment) }), sidecars };
}

/** Categories a consent or query covers: a list of codes, or "all" (the default). */
export type ConsentScope = readonly string[] | 'all';

function scopeOf(scope: ConsentScope | undefined): CborMap[string] | undefined {
  if (scope === undefined || scope === 'all') return undefined;
  if (scope.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'A scope names at least one category; say "all" for every category.');
  return [...scope];
}

export interface GrantConsentInput {
  /** The member organisation that may query. */
  readonly org: string;
  readonly purpose: Purpose;
  readonly scope?: ConsentScope;
  /** How many days it runs, from the block it is recorded in. */
  readonly days: number;
  /** For one query only. */
  readonly singleUse?: boolean;
  /**
   * When a member records a consent given to it on paper or electronically: the subject it is
   * about, and the authorisation (e.g. {document: hash, name}) that becomes the sidecar.
   * A subject granting from its own account gives neither.
   */
  readonly onBehalf?: { readonly subject: Uint8Array; readonly authorisation: CborMap };
}

/** consent.grant: from the subject's own account, or recorded by the member with the authorisation as a sidecar. */
export function grantConsentTx(input: TxSigner & GrantConsentInput): TxWithSidecars {
  const payload: Record<string, CborMap[string]> = { org: input.org, purpose: input.purpose, days: input.days, singleUse: input.singleUse ?? false };
  const scope = scopeOf(input.scope);
  if (scope !== undefined) payload.scope = scope;
  const sidecars = evidenceSidecar(input, input.onBehalf?.authorisation);
  if (input.onBehalf !== undefined) {
    payload.subject = input.onBehalf.subject;
    payload.evidence = sidecars[0]!.commitment;
  }
  return withSidecars(input, 'consent', 'grant', payload, sidecars);
}

/** consent.revoke: the subject withdraws one of its consents, at once. */
export function revokeConsentTx(input: TxSigner & { readonly consent: number }): DecodedTx {
  return buildTx({ ...input, module: 'consent', action: 'revoke', payload: { consent: input.consent } });
}

export interface QueryInput {
  readonly subject: Uint8Array;
  readonly purpose: Purpose;
  /** The consent it relies on; or, with no consent, a legal basis. */
  readonly consent?: number;
  readonly basis?: Exclude<QueryBasis, 'consent'>;
  readonly scope?: ConsentScope;
}

/** consent.query: a report query, on the record. Name a consent, or a legal basis — not both. */
export function queryTx(input: TxSigner & QueryInput): DecodedTx {
  if ((input.consent === undefined) === (input.basis === undefined)) {
    throw new CreditChainError('TX_BAD_PAYLOAD', 'A query names the consent it relies on, or its legal basis (public-information, supervision, court-order) — one of the two.');
  }
  const payload: Record<string, CborMap[string]> = { subject: input.subject, purpose: input.purpose, basis: input.consent === undefined ? input.basis! : 'consent' };
  if (input.consent !== undefined) payload.consent = input.consent;
  const scope = scopeOf(input.scope);
  if (scope !== undefined) payload.scope = scope;
  return buildTx({ ...input, module: 'consent', action: 'query', payload });
}

/**
 * disputes.object: the subject objects to a record (evidence optional); a member objecting on
 * the subject's behalf must give the subject's authorisation as the evidence.
 */
export function objectTx(input: TxSigner & { readonly record: number; readonly reason: string; readonly evidence?: CborMap }): TxWithSidecars {
  const sidecars = evidenceSidecar(input, input.evidence);
  const payload: Record<string, CborMap[string]> = { record: input.record, reason: input.reason };
  if (sidecars.length > 0) payload.evidence = sidecars[0]!.commitment;
  return withSidecars(input, 'disputes', 'object', payload, sidecars);
}

/** What becomes of a record: revoked, corrected (with its changed fields) or, for an arbiter, confirmed. */
export type RecordSettlement =
  | { readonly outcome: 'revoke' }
  | { readonly outcome: 'confirm' }
  | { readonly outcome: 'correct'; readonly changes: { readonly occurred?: string; readonly ended?: string | null; readonly amountBand?: number; readonly publicityDays?: number | null } };

function settlementPayload(s: RecordSettlement): Record<string, CborMap[string]> {
  if (s.outcome !== 'correct') return { outcome: s.outcome };
  const changes: Record<string, CborMap[string]> = {};
  for (const k of ['occurred', 'ended', 'amountBand', 'publicityDays'] as const) if (s.changes[k] !== undefined) changes[k] = s.changes[k];
  return { outcome: 'correct', changes };
}

/** disputes.answer: the source upholds an objection (revoking or correcting the record) or rejects it, with reasons. */
export function answerObjectionTx(input: TxSigner & { readonly objection: number; readonly reason: string } & ({ readonly decision: 'upheld'; readonly settlement: Exclude<RecordSettlement, { outcome: 'confirm' }> } | { readonly decision: 'rejected' })): DecodedTx {
  const payload: Record<string, CborMap[string]> = { objection: input.objection, decision: input.decision, reason: input.reason };
  if (input.decision === 'upheld') Object.assign(payload, settlementPayload(input.settlement));
  return buildTx({ ...input, module: 'disputes', action: 'answer', payload });
}

/** disputes.appeal: the subject appeals a rejected objection to the regulators. */
export function appealTx(input: TxSigner & { readonly objection: number; readonly reason: string }): DecodedTx {
  return buildTx({ ...input, module: 'disputes', action: 'appeal', payload: { objection: input.objection, reason: input.reason } });
}

/** disputes.decide: an arbiter decides an escalated or appealed objection. */
export function decideObjectionTx(input: TxSigner & { readonly objection: number; readonly settlement: RecordSettlement; readonly reason: string }): DecodedTx {
  return buildTx({ ...input, module: 'disputes', action: 'decide', payload: { objection: input.objection, reason: input.reason, ...settlementPayload(input.settlement) } });
}

export type ComplaintAbout = 'unauthorised-query' | 'record-kept-after-upheld-objection' | 'wrong-record' | 'other';

/** disputes.complain: a subject complains about a member's conduct (evidence optional). */
export function complainTx(input: TxSigner & { readonly org: string; readonly about: ComplaintAbout; readonly reason: string; readonly evidence?: CborMap }): TxWithSidecars {
  const sidecars = evidenceSidecar(input, input.evidence);
  const payload: Record<string, CborMap[string]> = { org: input.org, about: input.about, reason: input.reason };
  if (sidecars.length > 0) payload.evidence = sidecars[0]!.commitment;
  return withSidecars(input, 'disputes', 'complain', payload, sidecars);
}

/** disputes.rule: an arbiter upholds (counted against the member) or dismisses a complaint. */
export function ruleComplaintTx(input: TxSigner & { readonly complaint: number; readonly decision: 'upheld' | 'dismissed'; readonly reason: string }): DecodedTx {
  return buildTx({ ...input, module: 'disputes', action: 'rule', payload: { complaint: input.complaint, decision: input.decision, reason: input.reason } });
}

/** repair.apply: the subject applies to repair a negative record, with evidence the obligation is fulfilled. */
export function applyRepairTx(input: TxSigner & { readonly record: number; readonly reason: string; readonly evidence: CborMap }): TxWithSidecars {
  const sidecars = evidenceSidecar(input, input.evidence);
  return withSidecars(input, 'repair', 'apply', { record: input.record, reason: input.reason, evidence: sidecars[0]!.commitment }, sidecars);
}

/** repair.decide: the record's source or a regulator approves (the record is repaired) or refuses. */
export function decideRepairTx(input: TxSigner & { readonly application: number; readonly approve: boolean; readonly reason: string }): DecodedTx {
  return buildTx({ ...input, module: 'repair', action: 'decide', payload: { application: input.application, approve: input.approve, reason: input.reason } });
}

/** repair.erase: an arbiter carries out a court order; the order (e.g. {document: hash, name}) is the sidecar. */
export function eraseTx(input: TxSigner & { readonly record: number; readonly reason: string; readonly order: CborMap }): TxWithSidecars {
  const sidecars = evidenceSidecar(input, input.order);
  return withSidecars(input, 'repair', 'erase', { record: input.record, reason: input.reason, order: sidecars[0]!.commitment }, sidecars);
}
