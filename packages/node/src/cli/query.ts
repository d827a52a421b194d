// `creditchain query SUBJECT --purpose P (--consent ID | --basis B)`: a member queries a subject's
// credit report. The query is recorded first (a transaction naming the querier, the purpose and
// the consent or legal basis, which the subject sees); then the report that query may see is
// read with the proof of every state entry it rests on, checked here against the node's signed
// checkpoint, printed, and written as JSON (for creditchain verify) or HTML with --out.
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { CreditChainClient, queryTx } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { purposeOf, scopeOf } from './consent.js';
import { badArgument, out } from './output.js';
import { addSubjectOptions, subjectRefOf, type SubjectOptions } from './records.js';
import { checkReport, checkReportOut, describeReport, showProofAndWrite } from './report.js';
import { addSenderOptions, prepare, resolveSender, type SenderOptions } from './target.js';

const BASES = ['public-information', 'supervision', 'court-order'] as const;

interface QueryOptions extends SenderOptions, SubjectOptions {
  purpose: string;
  consent?: number;
  basis?: string;
  scope?: string;
  out?: string;
}

export function register(program: Command): void {
  addSubjectOptions(
    addSenderOptions(
      program
        .command('query')
        .description("query a subject's credit report: the query is recorded (the subject sees who asked, when and why), then the report it may see is fetched with its proof and verified (who queried a subject: creditchain consent queries)")
        .argument('[subject]', 'the subject: a Unified Social Credit Code, a resident ID number, or its reference in hex')
        .requiredOption('--purpose <purpose>', 'why, e.g. loan-application (creditchain consent grant --help lists them)')
        .option('--consent <id>', "the subject's consent the query relies on", parseWhole)
        .option('--basis <basis>', `with no consent, the legal basis: ${BASES.join(', ')} (public-information: an enterprise's public-credit information only)`)
        .option('--scope <categories>', 'ask only for these categories, e.g. loan-overdue (default: all the consent or basis allows)')
        .option('--out <file>', 'write the report: FILE.json (with its proof, for creditchain verify) or FILE.html (printable)'),
    ),
  ).action(async (subjectArg: string | undefined, opts: QueryOptions) => {
    if ((opts.consent === undefined) === (opts.basis === undefined)) {
      throw badArgument(`Say what the query relies on: --consent ID (the subject's consent) or --basis ${BASES.join('|')} — one of the two.`);
    }
    if (opts.basis !== undefined && !(BASES as readonly string[]).includes(opts.basis)) throw badArgument(`--basis "${opts.basis}" is not a legal basis; say ${BASES.join(', ')}, or give the subject's consent with --consent ID.`);
    checkReportOut(opts.out);
    const purpose = purposeOf(opts.purpose);
    const subject = subjectRefOf(opts, subjectArg);
    const sender = resolveSender(opts);
    const p = await prepare(sender);
    const scope = opts.scope === undefined ? undefined : scopeOf(opts.scope);
    const tx = queryTx({
      ...p.signer,
      subject,
      purpose,
      ...(opts.consent === undefined ? { basis: opts.basis as (typeof BASES)[number] } : { consent: opts.consent }),
      ...(scope === undefined ? {} : { scope }),
    });
    const reply = await p.submit(tx);
    const { query, logIndex } = reply.data as { query: number; logIndex: number };
    out(`Query ${query} recorded at height ${reply.height} (log index ${logIndex}): ${p.account.org ?? sender.sender} asked for ${purpose} ${opts.consent === undefined ? `on the basis of ${opts.basis}` : `on consent ${opts.consent}`}.`);

    // The report this query may see, read as the same account and checked before it is shown.
    const reader = new CreditChainClient(sender.url, { reader: { account: sender.sender, alg: sender.key.suite.signature.id, secret: sender.key.seed } });
    const file = await reader.report(toHex(subject), { prove: true, query });
    const checked = await checkReport(reader, file);
    for (const line of describeReport(file.report)) out(line);
    const q = file.report.query!;
    out(`  query      #${q.id} by ${q.querier} of ${q.org}, ${q.purpose}, on ${q.basis === 'consent' ? 'consent' : q.basis}; on record at log index ${q.logIndex}`);
    showProofAndWrite(file, checked, opts.out);
  });
}
