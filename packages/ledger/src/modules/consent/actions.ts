// consent.grant, consent.revoke, consent.query: a subject's consent to a member querying its
// report, and every query on the record (the credit-reporting regulation: a person's
// information is queried only with its consent, and every query is visible to the person).
//   - A subject grants from its own account; or a member records a consent given to itself on
//     paper or electronically, with the authorisation's commitment as a sidecar.
//   - A query names its purpose and its consent, or a legal basis: regulators supervise, courts
//     order, and anyone may see an enterprise's public-credit information. Never a person's
//     information without consent.
import { CreditChainError, equalBytes, readArray, readBool, readBytes, readEnum, readMap, readString, readUint, type CborMap } from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import { addToTally, appendToList, takeId } from '../../state-lists.js';
import { senderOrg } from '../identity/accounts.js';
import { ORG_ID_PATTERN, readAccount, readOrg } from '../identity/state.js';
import { CATEGORY_CODE, requireCategory } from '../credit/categories.js';
import { DAY_MS, dayOf } from '../credit/dates.js';
import { subjectSender } from '../subject-account.js';
import { CONSENT_MODULE, PURPOSES, queriesTally, readConsent, subjectConsentsList, subjectQueriesList, writeConsent, writeQuery, type Consent, type Purpose, type QueryBasis } from './state.js';

/** The longest a consent may run. */
export const MAX_CONSENT_DAYS = 5 * 366;

function readScope(v: CborMap[string] | undefined, what: string): string[] | null {
  if (v === undefined || v === 'all') return null;
  const list = readArray(v, what, 64).map((c, i) => readString(c, `${what}[${i}]`, 48, CATEGORY_CODE));
  if (list.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', `${what} names no category; say "all" or list the categories.`);
  return [...new Set(list)].sort();
}

function checkScope(ctx: ActionContext, scope: readonly string[] | null): void {
  for (const code of scope ?? []) requireCategory(ctx.suite, ctx.state, code);
}

export interface GrantPayload {
  readonly org: string;
  readonly purpose: Purpose;
  readonly scope: string[] | null;
  readonly days: number;
  readonly singleUse: boolean;
  /** When a member records it: the subject it is about, and its authorisation's commitment. */
  readonly subject: Uint8Array | null;
  readonly evidence: Uint8Array | null;
}

export const grantAction: ActionDef<GrantPayload> = {
  module: CONSENT_MODULE,
  action: 'grant',
  parse(payload) {
    const m = readMap(payload, 'payload', ['org', 'purpose', 'days', 'singleUse'], ['scope', 'subject', 'evidence']);
    const days = readUint(m.days, 'payload.days', MAX_CONSENT_DAYS);
    if (days === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'A consent must run for at least one day (payload.days).');
    const subject = m.subject === undefined ? null : readBytes(m.subject, 'payload.subject', 32);
    const evidence = m.evidence === undefined ? null : readBytes(m.evidence, 'payload.evidence', 32);
    if ((subject === null) !== (evidence === null)) {
      throw new CreditChainError('TX_BAD_PAYLOAD', 'A member recording a consent names the subject and the commitment of its signed authorisation (payload.subject and payload.evidence); a subject granting from its own account gives neither.');
    }
    return { org: readString(m.org, 'payload.org', 64, ORG_ID_PATTERN), purpose: readEnum(m.purpose, 'payload.purpose', PURPOSES), scope: readScope(m.scope, 'payload.scope'), days, singleUse: readBool(m.singleUse, 'payload.singleUse'), subject, evidence };
  },
  execute(ctx, p) {
    const account = readAccount(ctx.suite, ctx.state, ctx.sender)!;
    let subject: Uint8Array;
    if (p.subject === null) {
      subject = subjectSender(ctx, 'grant a consent without a signed authorisation').subject;
    } else {
      if (account.org !== p.org) {
        throw new CreditChainError('PERMISSION_DENIED', `A member records only consents given to itself: "${ctx.sender}" belongs to ${account.org ?? 'no organisation'}, the consent is for ${p.org}.`, { org: p.org });
      }
      if (!ctx.sidecars.some((c) => equalBytes(c, p.evidence!))) {
        throw new CreditChainError('TX_BAD_PAYLOAD', "payload.evidence must also be listed in the transaction's sidecar commitments.");
      }
      subject = p.subject;
    }
    if (readOrg(ctx.suite, ctx.state, p.org) === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${p.org}".`, { id: p.org });
    checkScope(ctx, p.scope);
    const id = takeId(ctx.suite, ctx.state, CONSENT_MODULE, 'next');
    const consent: Consent = { id, subject, org: p.org, purpose: p.purpose, scope: p.scope, until: ctx.time + p.days * DAY_MS, singleUse: p.singleUse, grantedBy: ctx.sender, evidence: p.evidence, height: ctx.height, revoked: null, uses: 0 };
    writeConsent(ctx.suite, ctx.state, consent);
    appendToList(ctx.suite, ctx.state, CONSENT_MODULE, subjectConsentsList(subject), id);
    return { data: { consent: id, until: consent.until } };
  },
};

export const revokeConsentAction: ActionDef<{ readonly consent: number }> = {
  module: CONSENT_MODULE,
  action: 'revoke',
  parse(payload) {
    return { consent: readUint(readMap(payload, 'payload', ['consent']).consent, 'payload.consent') };
  },
  execute(ctx, p) {
    const subject = subjectSender(ctx, 'revoke its consent');
    const c = readConsent(ctx.suite, ctx.state, p.consent);
    if (c === undefined || !equalBytes(c.subject, subject.subject)) {
      throw new CreditChainError('CONSENT_NOT_FOUND', `You have no consent ${p.consent}.`, { consent: p.consent });
    }
    if (c.revoked !== null) throw new CreditChainError('CONSENT_INVALID', `Consent ${p.consent} was already revoked at height ${c.revoked}.`, { consent: p.consent });
    writeConsent(ctx.suite, ctx.state, { ...c, revoked: ctx.height });
    return { data: { consent: p.consent, revoked: ctx.height } };
  },
};

export interface QueryPayload {
  readonly subject: Uint8Array;
  readonly purpose: Purpose;
  readonly basis: QueryBasis;
  readonly consent: number | null;
  /** Categories asked for, or null for all the basis allows. */
  readonly scope: string[] | null;
}

export const queryAction: ActionDef<QueryPayload> = {
  module: CONSENT_MODULE,
  action: 'query',
  parse(payload) {
    const m = readMap(payload, 'payload', ['subject', 'purpose', 'basis'], ['consent', 'scope']);
    const basis = readEnum(m.basis, 'payload.basis', ['consent', 'public-information', 'supervision', 'court-order'] as const);
    const consent = m.consent === undefined ? null : readUint(m.consent, 'payload.consent');
    if ((basis === 'consent') !== (consent !== null)) {
      throw new CreditChainError('TX_BAD_PAYLOAD', basis === 'consent' ? 'A query on consent names the consent (payload.consent).' : `A query on the basis "${basis}" names no consent.`);
    }
    return { subject: readBytes(m.subject, 'payload.subject', 32), purpose: readEnum(m.purpose, 'payload.purpose', PURPOSES), basis, consent, scope: readScope(m.scope, 'payload.scope') };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    let scope = p.scope;
    checkScope(ctx, scope);
    if (p.basis === 'consent') {
      const c = readConsent(ctx.suite, ctx.state, p.consent!);
      if (c === undefined || !equalBytes(c.subject, p.subject)) {
        throw new CreditChainError('CONSENT_NOT_FOUND', `There is no consent ${p.consent} of this subject.`, { consent: p.consent });
      }
      const why =
        c.org !== org.id ? `it was given to ${c.org}, not ${org.id}` :
        c.revoked !== null ? `the subject revoked it at height ${c.revoked}` :
        c.until <= ctx.time ? 'it has expired' :
        c.singleUse && c.uses > 0 ? 'it was for one query, and has been used' :
        c.purpose !== p.purpose ? `it is for the purpose "${c.purpose}", not "${p.purpose}"` :
        c.scope !== null && scope !== null && scope.some((x) => !c.scope!.includes(x)) ? `it covers only ${c.scope.join(', ')}` :
        undefined;
      if (why !== undefined) throw new CreditChainError('CONSENT_INVALID', `Consent ${c.id} does not allow this query: ${why}.`, { consent: c.id });
      writeConsent(ctx.suite, ctx.state, { ...c, uses: c.uses + 1 });
      scope = scope ?? (c.scope === null ? null : [...c.scope]);
    } else if (p.basis === 'supervision' && org.type !== 'regulator') {
      throw new CreditChainError('CONSENT_REQUIRED', `Only regulators query on the basis of supervision; ${org.id} is a ${org.type} and needs the subject's consent.`);
    } else if (p.basis === 'court-order' && org.type !== 'court') {
      throw new CreditChainError('CONSENT_REQUIRED', `Only courts query on the basis of a court order; ${org.id} is a ${org.type} and needs the subject's consent.`);
    } else if (p.basis === 'public-information') {
      // Only enterprises' public-credit information: public categories, records about enterprises.
      for (const code of scope ?? []) {
        if (!requireCategory(ctx.suite, ctx.state, code).public) {
          throw new CreditChainError('CONSENT_REQUIRED', `"${code}" is not public-credit information; querying it needs the subject's consent.`, { category: code });
        }
      }
    }
    const id = takeId(ctx.suite, ctx.state, CONSENT_MODULE, 'query-next');
    writeQuery(ctx.suite, ctx.state, {
      id,
      subject: p.subject,
      querier: ctx.sender,
      org: org.id,
      purpose: p.purpose,
      basis: p.basis,
      consent: p.consent,
      scope,
      publicOnly: p.basis === 'public-information',
      height: ctx.height,
      time: ctx.time,
      tx: ctx.txId,
      logIndex: ctx.logIndex,
    });
    appendToList(ctx.suite, ctx.state, CONSENT_MODULE, subjectQueriesList(p.subject), id);
    addToTally(ctx.suite, ctx.state, CONSENT_MODULE, queriesTally(dayOf(ctx.time)), org.id);
    return { data: { query: id, logIndex: ctx.logIndex } };
  },
};
