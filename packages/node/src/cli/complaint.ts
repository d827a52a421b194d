// `creditchain complaint file|rule|list|show`: a subject's complaint about a member's conduct — an
// unauthorised query, a wrong record kept after an upheld objection — decided by an arbiter; an
// upheld complaint is recorded against the member's standing (GET /v1/orgs/:id/standing).
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { COMPLAINT_ABOUT } from '@creditchain/ledger';
import { COMPLAINT_STATUSES, complainTx, ruleComplaintTx, type ComplaintAbout, type ComplaintJson } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { documentEvidence, namedOrOwnSubject } from './evidence.js';
import { badArgument, out } from './output.js';
import { addSubjectOptions, type SubjectOptions } from './records.js';
import { addSenderOptions, prepare, resolveReader, resolveSender, type SenderOptions } from './target.js';

export function complaintLine(c: ComplaintJson): string {
  return `#${c.id}  against ${c.org}  ${c.about}  ${c.status.padEnd(9)}  — filed at height ${c.height}: ${c.reason}`;
}

export function register(program: Command): void {
  const complaint = program.command('complaint').description("complaints about members' conduct: file, rule, list, show");

  addSenderOptions(
    complaint
      .command('file')
      .description("complain about a member's conduct (from the subject's own account)")
      .requiredOption('--org <id>', 'the member complained about')
      .requiredOption('--about <what>', COMPLAINT_ABOUT.join(', '))
      .requiredOption('--reason <text>', 'what happened')
      .option('--evidence <file>', 'evidence; its hash and name become a sidecar, the file stays here'),
  ).action(async (opts: SenderOptions & { org: string; about: string; reason: string; evidence?: string }) => {
    if (!(COMPLAINT_ABOUT as readonly string[]).includes(opts.about)) throw badArgument(`--about "${opts.about}" is not one of ${COMPLAINT_ABOUT.join(', ')}.`);
    const p = await prepare(resolveSender(opts));
    const evidence = opts.evidence === undefined ? undefined : await documentEvidence(opts.evidence, p.suite);
    const { tx, sidecars } = complainTx({ ...p.signer, org: opts.org, about: opts.about as ComplaintAbout, reason: opts.reason, ...(evidence === undefined ? {} : { evidence }) });
    const reply = await p.submit(tx, sidecars);
    const id = (reply.data as { complaint: number }).complaint;
    out(`Complaint ${id} about ${opts.org} filed at height ${reply.height}; an arbiter rules on it. Follow it: creditchain complaint show ${id}`);
  });

  addSenderOptions(
    complaint
      .command('rule')
      .description('rule on a complaint (an arbiter): --uphold (counted against the member) or --dismiss')
      .argument('<id>', 'complaint id', parseWhole)
      .option('--uphold', 'the complaint is right')
      .option('--dismiss', 'the complaint is not')
      .requiredOption('--reason <text>', 'the grounds'),
  ).action(async (id: number, opts: SenderOptions & { uphold?: boolean; dismiss?: boolean; reason: string }) => {
    if ((opts.uphold === true) === (opts.dismiss === true)) throw badArgument('Say --uphold or --dismiss.');
    const p = await prepare(resolveSender(opts));
    const decision = opts.uphold === true ? 'upheld' : 'dismissed';
    const reply = await p.submit(ruleComplaintTx({ ...p.signer, complaint: id, decision, reason: opts.reason }));
    out(`Complaint ${id} ${decision} at height ${reply.height}${decision === 'upheld' ? '; it counts against the member’s standing' : ''}.`);
  });

  addSubjectOptions(
    addSenderOptions(
      complaint
        .command('list')
        .description("complaints: a subject's (yours, or --subject) or, for regulators and arbiters, all by --status (a signed read)")
        .option('--status <status>', COMPLAINT_STATUSES.join(', '))
        .option('--limit <n>', 'at most this many, newest first', parseWhole),
    ),
  ).action(async (opts: SenderOptions & SubjectOptions & { status?: string; limit?: number }) => {
    if (opts.status !== undefined && !(COMPLAINT_STATUSES as readonly string[]).includes(opts.status)) throw badArgument(`--status "${opts.status}" is not one of ${COMPLAINT_STATUSES.join(', ')}.`);
    const { client, reader } = resolveReader(opts);
    const named = opts.subject !== undefined || opts.ref !== undefined;
    let list: ComplaintJson[];
    if (named || (await client.account(reader)).subject !== null) {
      const subject = await namedOrOwnSubject(opts, client, reader);
      list = (await client.subjectComplaints(toHex(subject))).complaints.filter((c) => opts.status === undefined || c.status === opts.status).slice(0, opts.limit);
    } else {
      list = (await client.complaints({ ...(opts.status === undefined ? {} : { status: opts.status as (typeof COMPLAINT_STATUSES)[number] }), ...(opts.limit === undefined ? {} : { limit: opts.limit }) })).complaints;
    }
    if (list.length === 0) out(`No complaints${opts.status === undefined ? '' : ` with the status ${opts.status}`}.`);
    for (const c of list) out(complaintLine(c));
  });

  addSenderOptions(complaint.command('show').description('a complaint and its ruling (a signed read: its subject, the member, regulators and arbiters)').argument('<id>', 'complaint id', parseWhole)).action(async (id: number, opts: SenderOptions) => {
    const { client } = resolveReader(opts);
    const c = await client.complaint(id);
    out(`Complaint ${c.id} against ${c.org}: ${c.status}`);
    out(`  about      ${c.about} — ${c.reason}`);
    out(`  filed      at height ${c.height} by subject ${c.subject}`);
    if (c.evidence !== null) out(`  evidence   commitment ${c.evidence}`);
    if (c.decision !== null) out(`  ruling     by ${c.decision.by} at height ${c.decision.height} — ${c.decision.reason}`);
  });
}
