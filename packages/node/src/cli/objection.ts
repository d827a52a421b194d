// `creditchain objection file|answer|appeal|decide|list|show`: a subject objects to a record (it
// shows as disputed in every report from that block); the record's source answers before the
// deadline — upheld (the record revoked or corrected, its details erased) or rejected with
// reasons; unanswered, it escalates to the regulators; a rejection may be appealed, and an
// arbiter decides (revoke, correct or confirm).
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { OBJECTION_FILTERS, answerObjectionTx, appealTx, decideObjectionTx, objectTx, type DisputeStepJson, type ObjectionJson, type RecordSettlement } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { documentEvidence, namedOrOwnSubject, shownTime } from './evidence.js';
import { badArgument, out } from './output.js';
import { addSubjectOptions, type SubjectOptions } from './records.js';
import { addSenderOptions, prepare, resolveReader, resolveSender, type SenderOptions } from './target.js';

interface ChangeOptions {
  revoke?: boolean;
  correct?: boolean;
  confirm?: boolean;
  occurred?: string;
  ended?: string;
  amountBand?: number;
  publicityDays?: number;
}

function addChangeOptions(cmd: Command, confirm: boolean): Command {
  cmd.option('--revoke', 'revoke the record').option('--correct', 'correct the record (say what with --occurred, --ended, --amount-band, --publicity-days)');
  if (confirm) cmd.option('--confirm', 'confirm the record as it is');
  return cmd
    .option('--occurred <date>', 'corrected: when the behaviour occurred, YYYY-MM-DD')
    .option('--ended <date>', 'corrected: when it ended, YYYY-MM-DD')
    .option('--amount-band <0-6>', 'corrected: the amount band', parseWhole)
    .option('--publicity-days <n>', 'corrected: the publicity period', parseWhole);
}

function settlementOf(opts: ChangeOptions, allowConfirm: boolean): RecordSettlement {
  const chosen = (['revoke', 'correct', 'confirm'] as const).filter((k) => opts[k] === true);
  const choices = allowConfirm ? '--revoke, --correct or --confirm' : '--revoke or --correct';
  if (chosen.length !== 1) throw badArgument(`Say what becomes of the record: ${choices}.`);
  const outcome = chosen[0]!;
  const changes = {
    ...(opts.occurred === undefined ? {} : { occurred: opts.occurred }),
    ...(opts.ended === undefined ? {} : { ended: opts.ended }),
    ...(opts.amountBand === undefined ? {} : { amountBand: opts.amountBand }),
    ...(opts.publicityDays === undefined ? {} : { publicityDays: opts.publicityDays }),
  };
  if (outcome === 'correct') {
    if (Object.keys(changes).length === 0) throw badArgument('Say what to correct: --occurred, --ended, --amount-band or --publicity-days.');
    return { outcome, changes };
  }
  if (Object.keys(changes).length > 0) throw badArgument('--occurred, --ended, --amount-band and --publicity-days go only with --correct.');
  return { outcome };
}

const done = { revoke: 'revoked', correct: 'corrected', confirm: 'confirmed' } as const;

export function objectionLine(o: ObjectionJson): string {
  return `#${o.id}  record ${o.record}  source ${o.source}  ${o.status.padEnd(9)}  ${o.status === 'open' ? `due before ${shownTime(o.deadline)}` : `deadline ${shownTime(o.deadline)}`}  — filed by ${o.filedBy} at height ${o.height}`;
}

function stepLine(what: string, s: DisputeStepJson | null): string | undefined {
  return s === null ? undefined : `  ${what.padEnd(9)}  by ${s.by} at height ${s.height}${s.outcome === null ? '' : `: ${done[s.outcome]}`} — ${s.reason}`;
}

export function register(program: Command): void {
  const objection = program.command('objection').description('objections to credit records: file, answer, appeal, decide, list, show');

  addSenderOptions(
    objection
      .command('file')
      .description("object to a record about you (or, a member, on a subject's behalf with its authorisation as --evidence): it shows as disputed until answered")
      .argument('<record>', 'record id', parseWhole)
      .requiredOption('--reason <text>', 'why the record is wrong')
      .option('--evidence <file>', "evidence (e.g. a bank statement); its hash and name become a sidecar, the file stays here. A member filing for a subject gives the subject's authorisation"),
  ).action(async (record: number, opts: SenderOptions & { reason: string; evidence?: string }) => {
    const sender = resolveSender(opts);
    const p = await prepare(sender);
    const evidence = opts.evidence === undefined ? undefined : await documentEvidence(opts.evidence, p.suite);
    const { tx, sidecars } = objectTx({ ...p.signer, record, reason: opts.reason, ...(evidence === undefined ? {} : { evidence }) });
    const reply = await p.submit(tx, sidecars);
    const { objection: id, deadline } = reply.data as { objection: number; deadline: number };
    out(`Objection ${id} filed on record ${record} at height ${reply.height}: the record shows as disputed in every report.`);
    out(`Its source must answer before ${shownTime(new Date(deadline).toISOString())}; unanswered, it goes to the regulators. Follow it: creditchain objection show ${id}`);
  });

  addChangeOptions(
    addSenderOptions(
      objection
        .command('answer')
        .description("answer an objection to a record of your organisation, before its deadline: --uphold (and --revoke or --correct the record) or --reject, with reasons")
        .argument('<id>', 'objection id', parseWhole)
        .option('--uphold', 'the objection is right')
        .option('--reject', 'the record stands (the subject may appeal)')
        .requiredOption('--reason <text>', 'why'),
    ),
    false,
  ).action(async (id: number, opts: SenderOptions & ChangeOptions & { uphold?: boolean; reject?: boolean; reason: string }) => {
    if ((opts.uphold === true) === (opts.reject === true)) throw badArgument('Say --uphold (with --revoke or --correct) or --reject.');
    if (opts.reject === true && (opts.revoke === true || opts.correct === true)) throw badArgument('A rejected objection leaves the record as it is: no --revoke or --correct.');
    const settlement = opts.uphold === true ? (settlementOf(opts, false) as Exclude<RecordSettlement, { outcome: 'confirm' }>) : undefined;
    const p = await prepare(resolveSender(opts));
    const tx = answerObjectionTx({ ...p.signer, objection: id, reason: opts.reason, ...(settlement === undefined ? { decision: 'rejected' as const } : { decision: 'upheld' as const, settlement }) });
    const reply = await p.submit(tx);
    if (settlement === undefined) out(`Objection ${id} rejected at height ${reply.height}; the subject may appeal to the regulators.`);
    else out(`Objection ${id} upheld at height ${reply.height}: the record is ${done[settlement.outcome]} and its old details erased.`);
  });

  addSenderOptions(
    objection.command('appeal').description('appeal a rejected objection to the regulators (from the subject’s own account)').argument('<id>', 'objection id', parseWhole).requiredOption('--reason <text>', 'why the rejection is wrong'),
  ).action(async (id: number, opts: SenderOptions & { reason: string }) => {
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(appealTx({ ...p.signer, objection: id, reason: opts.reason }));
    out(`Objection ${id} appealed at height ${reply.height}: the record shows as disputed again, and an arbiter decides.`);
  });

  addChangeOptions(
    addSenderOptions(
      objection
        .command('decide')
        .description('decide an escalated or appealed objection (an arbiter): --revoke, --correct or --confirm the record')
        .argument('<id>', 'objection id', parseWhole)
        .requiredOption('--reason <text>', 'the grounds of the decision'),
    ),
    true,
  ).action(async (id: number, opts: SenderOptions & ChangeOptions & { reason: string }) => {
    const settlement = settlementOf(opts, true);
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(decideObjectionTx({ ...p.signer, objection: id, settlement, reason: opts.reason }));
    out(`Objection ${id} decided at height ${reply.height}: the record is ${done[settlement.outcome]}${settlement.outcome === 'confirm' ? '' : ' and its old details erased'}.`);
  });

  addSubjectOptions(
    addSenderOptions(
      objection
        .command('list')
        .description("objections: a subject's (yours, or --subject) or, for regulators and arbiters, all by --status (a signed read)")
        .option('--status <status>', `only these: ${OBJECTION_FILTERS.join(', ')} (overdue: the source missed its deadline)`)
        .option('--limit <n>', 'at most this many, newest first', parseWhole),
    ),
  ).action(async (opts: SenderOptions & SubjectOptions & { status?: string; limit?: number }) => {
    if (opts.status !== undefined && !(OBJECTION_FILTERS as readonly string[]).includes(opts.status)) throw badArgument(`--status "${opts.status}" is not one of ${OBJECTION_FILTERS.join(', ')}.`);
    const { client, reader } = resolveReader(opts);
    const named = opts.subject !== undefined || opts.ref !== undefined;
    const account = named ? undefined : await client.account(reader);
    let list: ObjectionJson[];
    if (named || account?.subject != null) {
      const subject = await namedOrOwnSubject(opts, client, reader);
      list = (await client.subjectObjections(toHex(subject))).objections.filter((o) => opts.status === undefined || o.status === opts.status || (opts.status === 'overdue' && o.status === 'escalated') || (opts.status === 'awaiting-decision' && (o.status === 'escalated' || o.status === 'appealed')));
      if (opts.limit !== undefined) list = list.slice(0, opts.limit);
    } else {
      list = (await client.objections({ ...(opts.status === undefined ? {} : { status: opts.status as (typeof OBJECTION_FILTERS)[number] }), ...(opts.limit === undefined ? {} : { limit: opts.limit }) })).objections;
    }
    if (list.length === 0) out(`No objections${opts.status === undefined ? '' : ` with the status ${opts.status}`}.`);
    for (const o of list) out(objectionLine(o));
  });

  addSenderOptions(objection.command('show').description("an objection and its steps (a signed read: its subject, the record's source, regulators and arbiters)").argument('<id>', 'objection id', parseWhole)).action(
    async (id: number, opts: SenderOptions) => {
      const { client } = resolveReader(opts);
      const o = await client.objection(id);
      out(`Objection ${o.id} to record ${o.record}: ${o.status}`);
      out(`  subject    ${o.subject}`);
      out(`  filed      by ${o.filedBy} at height ${o.height} — ${o.reason}`);
      if (o.evidence !== null) out(`  evidence   commitment ${o.evidence}`);
      out(`  source     ${o.source}, to answer before ${shownTime(o.deadline)}`);
      for (const line of [stepLine('answer', o.answer), stepLine('appeal', o.appeal), stepLine('decision', o.decision)]) if (line !== undefined) out(line);
      if (o.status === 'escalated') out('  escalated  its source did not answer in time: an arbiter decides it (creditchain objection decide)');
    },
  );
}
