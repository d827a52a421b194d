// Consents and the query log.
//   consent/next, consent/grant/<id>      → Consent
//   consent/subject/<ref>                 → n; consent/subject/<ref>/<i> → id: a subject's consents
//   consent/query-next, consent/query/<id> → Query: every report query, on the record
//   consent/queries/<ref>                 → n; consent/queries/<ref>/<i> → id: who queried a subject
// Lists are a count and one small entry per item, so appending is O(1) however long they grow.
import { decodeCanonical, encodeCanonical, readArray, readBool, readBytes, readEnum, readMap, readString, readUint, toHex, type CborMap, type CborValue, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';

export const CONSENT_MODULE = 'consent';

export const PURPOSES = ['loan-application', 'credit-card', 'lease', 'employment', 'contract', 'guarantee', 'account-opening', 'post-loan-management', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Why a query may be made: the subject's consent, or a legal basis that needs none. */
export const QUERY_BASES = ['consent', 'public-information', 'supervision', 'court-order'] as const;
export type QueryBasis = (typeof QUERY_BASES)[number];

export interface Consent {
  readonly id: number;
  readonly subject: Uint8Array;
  /** The organisation that may query. */
  readonly org: string;
  readonly purpose: Purpose;
  /** Category codes the querier may see, or null for all. */
  readonly scope: readonly string[] | null;
  /** Block time (ms) after which it no longer allows queries. */
  readonly until: number;
  readonly singleUse: boolean;
  /** The account that recorded it: the subject's own, or the member holding a signed authorisation. */
  readonly grantedBy: string;
  /** Commitment of the signed paper or electronic authorisation, when a member recorded it. */
  readonly evidence: Uint8Array | null;
  readonly height: number;
  readonly revoked: number | null;
  readonly uses: number;
}

export interface Query {
  readonly id: number;
  readonly subject: Uint8Array;
  readonly querier: string;
  readonly org: string;
  readonly purpose: Purpose;
  readonly basis: QueryBasis;
  readonly consent: number | null;
  /** Category codes the report shows, or null for all. */
  readonly scope: readonly string[] | null;
  /** Only enterprises' public-credit information (a query without consent). */
  readonly publicOnly: boolean;
  readonly height: number;
  readonly time: number;
  readonly tx: Uint8Array;
  readonly logIndex: number;
}

const nullable = <T>(v: CborValue | undefined, read: (v: CborValue) => T): T | null => (v === null ? null : read(v!));
const codes = (v: CborValue, what: string) => readArray(v, what, 256).map((c, i) => readString(c, `${what}[${i}]`, 48));

export function consentToCbor(c: Consent): CborMap {
  return { id: c.id, subject: c.subject, org: c.org, purpose: c.purpose, scope: c.scope === null ? null : [...c.scope], until: c.until, singleUse: c.singleUse, grantedBy: c.grantedBy, evidence: c.evidence, height: c.height, revoked: c.revoked, uses: c.uses };
}

export function decodeConsent(bytes: Uint8Array): Consent {
  const m = readMap(decodeCanonical(bytes), 'consent', ['id', 'subject', 'org', 'purpose', 'scope', 'until', 'singleUse', 'grantedBy', 'evidence', 'height', 'revoked', 'uses']);
  return {
    id: readUint(m.id, 'consent.id'),
    subject: readBytes(m.subject, 'consent.subject', 32),
    org: readString(m.org, 'consent.org', 64),
    purpose: readEnum(m.purpose, 'consent.purpose', PURPOSES),
    scope: nullable(m.scope, (v) => codes(v, 'consent.scope')),
    until: readUint(m.until, 'consent.until'),
    singleUse: readBool(m.singleUse, 'consent.singleUse'),
    grantedBy: readString(m.grantedBy, 'consent.grantedBy', 64),
    evidence: nullable(m.evidence, (v) => readBytes(v, 'consent.evidence', 32)),
    height: readUint(m.height, 'consent.height'),
    revoked: nullable(m.revoked, (v) => readUint(v, 'consent.revoked')),
    uses: readUint(m.uses, 'consent.uses'),
  };
}

export function queryToCbor(q: Query): CborMap {
  return { id: q.id, subject: q.subject, querier: q.querier, org: q.org, purpose: q.purpose, basis: q.basis, consent: q.consent, scope: q.scope === null ? null : [...q.scope], publicOnly: q.publicOnly, height: q.height, time: q.time, tx: q.tx, logIndex: q.logIndex };
}

export function decodeQuery(bytes: Uint8Array): Query {
  const m = readMap(decodeCanonical(bytes), 'query', ['id', 'subject', 'querier', 'org', 'purpose', 'basis', 'consent', 'scope', 'publicOnly', 'height', 'time', 'tx', 'logIndex']);
  return {
    id: readUint(m.id, 'query.id'),
    subject: readBytes(m.subject, 'query.subject', 32),
    querier: readString(m.querier, 'query.querier', 64),
    org: readString(m.org, 'query.org', 64),
    purpose: readEnum(m.purpose, 'query.purpose', PURPOSES),
    basis: readEnum(m.basis, 'query.basis', QUERY_BASES),
    consent: nullable(m.consent, (v) => readUint(v, 'query.consent')),
    scope: nullable(m.scope, (v) => codes(v, 'query.scope')),
    publicOnly: readBool(m.publicOnly, 'query.publicOnly'),
    height: readUint(m.height, 'query.height'),
    time: readUint(m.time, 'query.time'),
    tx: readBytes(m.tx, 'query.tx', 32),
    logIndex: readUint(m.logIndex, 'query.logIndex'),
  };
}

export const consentKey = (suite: CryptoSuite, id: number) => stateKey(suite, CONSENT_MODULE, `grant/${id}`);
export const queryKey = (suite: CryptoSuite, id: number) => stateKey(suite, CONSENT_MODULE, `query/${id}`);

export function readConsent(suite: CryptoSuite, state: StateReader, id: number): Consent | undefined {
  const b = state.getState(consentKey(suite, id));
  return b === undefined ? undefined : decodeConsent(b);
}

export function writeConsent(suite: CryptoSuite, state: StateOverlay, c: Consent): void {
  state.put(consentKey(suite, c.id), encodeCanonical(consentToCbor(c)));
}

export function readQuery(suite: CryptoSuite, state: StateReader, id: number): Query | undefined {
  const b = state.getState(queryKey(suite, id));
  return b === undefined ? undefined : decodeQuery(b);
}

export function writeQuery(suite: CryptoSuite, state: StateOverlay, q: Query): void {
  state.put(queryKey(suite, q.id), encodeCanonical(queryToCbor(q)));
}

export const subjectConsentsList = (subject: Uint8Array) => `subject/${toHex(subject)}`;
export const subjectQueriesList = (subject: Uint8Array) => `queries/${toHex(subject)}`;
/** The tally (state-lists.ts) of the report queries recorded on a day (days since 1970-01-01 UTC), by querying organisation. */
export const queriesTally = (day: number) => `queries-by-org/${day}`;
