// `creditchain consent grant|revoke|list|queries`: a subject's consent to a member querying its
// report, and who has queried it. A subject grants from its own account; a member records a
// consent given to it on paper or electronically, with the signed authorisation's hash and name
// as a sidecar (--authorisation FILE). Every query is on the record, and the subject sees it.
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { PURPOSES, type Purpose } from '@creditchain/ledger';
import { grantConsentTx, revokeConsentTx, type ConsentJson, type QueryJson } from '@creditchain/sdk';
import { parseList, parseWhole } from './args.js';
import { documentEvidence, namedOrOwnSubject, shownTime } from './evidence.js';
import { badArgument, out } from './output.js';
import { addSubjectOptions, subjectRefOf, type SubjectOptions } from './records.js';
import { addSenderOptions, prepare, resolveReader, resolveSender, type SenderOptions } from './target.js';

export function purposeOf(value: string): Purpose {
  if (!(PURPOSES as readonly string[]).includes(value)) throw badArgument(`--purpose "${value}" is not a purpose; the purposes are ${PURPOSES.join(', ')}.`);
  return value as Purpose;
}

/** --scope "a,b" or "all". */
export function scopeOf(value: string | undefined): string[] | 'all' {
  if (value === undefined || value.trim() === 'all') return 'all';
  const list = parseList(value);
  if (list.length === 0) throw badArgument('--scope names categories, e.g. loan-overdue,loan-default, or "all".');
  return list;
}

const scopeText = (scope: readonly string[] | null) => (scope === null ? 'all categories' : scope.join(', '));

export function consentLine(c: ConsentJson): string {
  return `#${c.id}  ${c.org}  ${c.purpose}  ${scopeText(c.scope)}  until ${shownTime(c.until)}${c.singleUse ? '  single use' : ''}  ${c.status}${c.revoked === null ? '' : ` (revoked at height ${c.revoked})`}  — recorded by ${c.grantedBy} at height ${c.height}`;
}

export function queryLine(q: QueryJson): string {
  const basis = q.basis === 'consent' ? `on consent ${q.consent}` : `on the basis of ${q.basis}`;
  return `#${q.id}  ${shownTime(q.time)}  ${q.org} (${q.querier})  ${q.purpose}  ${basis}  ${scopeText(q.scope)}  — height ${q.height}, log index ${q.logIndex}`;
}

interface GrantOptions extends SenderOptions, SubjectOptions {
  org: string;
  purpose: string;
  scope?: string;
  days: number;
  singleUse?: boolean;
  authorisation?: string;
}

export function register(program: Command): void {
  const consent = program.command('consent').description("a subject's consents to queries of its report, and who has queried it");

  addSubjectOptions(
    addSenderOptions(
      consent
        .command('grant')
        .description("grant an organisation the right to query a subject's report: from the subject's own account, or recorded by the member with --subject and --authorisation")
        .requiredOption('--org <id>', 'the organisation that may query')
        .requiredOption('--purpose <purpose>', `why: ${PURPOSES.join(', ')}`)
        .option('--scope <categories>', 'the categories it may see, e.g. loan-overdue,loan-default, or all', 'all')
        .option('--days <n>', 'how many days it runs', parseWhole, 30)
        .option('--single-use', 'for one query only')
        .option('--authorisation <file>', "a member recording a consent given to it: the subject's signed authorisation (its hash and name become the sidecar; the file stays here)"),
    ),
  ).action(async (opts: GrantOptions) => {
    const purpose = purposeOf(opts.purpose);
    const byMember = opts.subject !== undefined || opts.ref !== undefined || opts.authorisation !== undefined;
    if (byMember && (opts.authorisation === undefined || (opts.subject === undefined && opts.ref === undefined))) {
      throw badArgument("A member records a consent with the subject (--subject ID or --ref HEX) and the subject's signed authorisation (--authorisation FILE); a subject grants from its own account with neither.");
    }
    const p = await prepare(resolveSender(opts));
    const onBehalf = byMember ? { subject: subjectRefOf(opts), authorisation: await documentEvidence(opts.authorisation!, p.suite) } : undefined;
    const { tx, sidecars } = grantConsentTx({ ...p.signer, org: opts.org, purpose, scope: scopeOf(opts.scope), days: opts.days, singleUse: opts.singleUse === true, ...(onBehalf === undefined ? {} : { onBehalf }) });
    const reply = await p.submit(tx, sidecars);
    const { consent: id, until } = reply.data as { consent: number; until: number };
    out(`Consent ${id} granted to ${opts.org} for ${purpose} (${scopeOf(opts.scope) === 'all' ? 'all categories' : (scopeOf(opts.scope) as string[]).join(', ')}) until ${shownTime(new Date(until).toISOString())}${opts.singleUse === true ? ', for one query' : ''}, at height ${reply.height}.`);
    out(`${opts.org} may now query: creditchain query SUBJECT --purpose ${purpose} --consent ${id} --as ACCOUNT`);
    out(`Withdraw it at any time: creditchain consent revoke ${id}`);
  });

  addSenderOptions(consent.command('revoke').description('revoke one of your consents, at once (from the subject’s own account)').argument('<id>', 'consent id', parseWhole)).action(async (id: number, opts: SenderOptions) => {
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(revokeConsentTx({ ...p.signer, consent: id }));
    out(`Consent ${id} revoked at height ${reply.height}: it allows no further query.`);
  });

  addSubjectOptions(
    addSenderOptions(consent.command('list').description("a subject's consents, newest first (a signed read: the subject itself, or a regulator naming it)").argument('[subject]', 'the subject (default: your own)')),
  ).action(async (subjectArg: string | undefined, opts: SenderOptions & SubjectOptions) => {
    const { client, reader } = resolveReader(opts);
    const subject = await namedOrOwnSubject(opts, client, reader, subjectArg);
    const { consents } = await client.subjectConsents(toHex(subject));
    if (consents.length === 0) out(`${toHex(subject)} has given no consent.`);
    for (const c of consents) out(consentLine(c));
  });

  addSubjectOptions(
    addSenderOptions(consent.command('queries').description("who has queried a subject's report — when, why, on what consent or legal basis (a signed read: the subject, or a regulator)").argument('[subject]', 'the subject (default: your own)')),
  ).action(async (subjectArg: string | undefined, opts: SenderOptions & SubjectOptions) => {
    const { client, reader } = resolveReader(opts);
    const subject = await namedOrOwnSubject(opts, client, reader, subjectArg);
    const { queries } = await client.subjectQueries(toHex(subject));
    if (queries.length === 0) out(`No one has queried the report of ${toHex(subject)}.`);
    for (const q of queries) out(queryLine(q));
  });
}
