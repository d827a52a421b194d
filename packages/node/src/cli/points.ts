// `creditchain points class|award|deduct|use|show|ranking`: community credit points — the village
// rules as a rule table, awards and deductions by the class's recorders with their reason, a
// household's balance and history (the household sees it), and the ranking by pseudonym only.
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { createPointsClassTx, pointsEntryTx, usePointsTx, type HouseholdPointsReply, type PointsRankingReply } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { namedOrOwnSubject, shownTime } from './evidence.js';
import { badArgument, collect, out } from './output.js';
import { addSubjectOptions, subjectRefOf, type SubjectOptions } from './records.js';
import { addNodeOptions, addSenderOptions, connect, prepare, resolveReader, resolveSender, type NodeOptions, type SenderOptions } from './target.js';
import { parseWho } from './voucher.js';

/** "planting-tree=+5:Planting a tree" → a rule; "health-check=12:A health check" → a benefit. */
function parseEntry(value: string, option: string, signed: boolean): { code: string; n: number; label: string } {
  const m = (signed ? /^([a-z0-9][a-z0-9-]*)=([+-]?[0-9]+):(.+)$/ : /^([a-z0-9][a-z0-9-]*)=([0-9]+):(.+)$/).exec(value);
  if (m === null) throw badArgument(`${option} "${value}" must be CODE=${signed ? '±POINTS' : 'COST'}:LABEL, e.g. ${signed ? 'planting-tree=+5:Planting a tree' : 'health-check=12:A free health check'}.`);
  return { code: m[1]!, n: Number(m[2]), label: m[3]! };
}

export function rankingLines(r: PointsRankingReply): string[] {
  return [`Ranking of "${r.name}" (points class ${r.class}) at height ${r.height} — pseudonyms only:`, ...r.ranking.map((x) => `  ${String(x.rank).padStart(3)}. ${x.pseudonym}  ${x.balance}`)];
}

export function householdLines(h: HouseholdPointsReply): string[] {
  return [
    `Household ${h.household.slice(0, 16)}… (ranked as ${h.pseudonym}) in points class ${h.class}: ${h.balance} points — awarded ${h.awarded}, deducted ${h.deducted}, used ${h.used}`,
    ...h.history.map((e) => `  #${e.id}  ${shownTime(e.time)}  ${e.points > 0 ? `+${e.points}` : e.points}  ${e.label} (${e.code})  — by ${e.by}, height ${e.height}, log index ${e.logIndex}`),
  ];
}

export function register(program: Command): void {
  const points = program.command('points').description('community credit points: a rule table, awards and deductions with reasons, balances, the ranking by pseudonym');

  addSenderOptions(
    points
      .command('class')
      .description('create a points class: its rules, benefits, recorders and supervisor')
      .requiredOption('--name <text>', 'e.g. "Village credit points"')
      .requiredOption('--rule <code=±points:label>', 'a rule; repeat', collect, [])
      .option('--benefit <code=cost:label>', 'a benefit points buy; repeat', collect, [])
      .requiredOption('--recorders <who>', 'who records: account:NAME, org:ID, role:ROLE … (a selector)')
      .requiredOption('--supervisor <org>', 'the supervising organisation'),
  ).action(async (opts: SenderOptions & { name: string; rule: string[]; benefit: string[]; recorders: string; supervisor: string }) => {
    const rules = opts.rule.map((r) => parseEntry(r, '--rule', true)).map((r) => ({ code: r.code, points: r.n, label: r.label }));
    const benefits = opts.benefit.map((b) => parseEntry(b, '--benefit', false)).map((b) => ({ code: b.code, cost: b.n, label: b.label }));
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(createPointsClassTx({ ...p.signer, pointsClass: { name: opts.name, recorders: parseWho(opts.recorders, '--recorders', opts.data), supervisor: opts.supervisor, rules, benefits } }));
    out(`Points class ${(reply.data as { class: number }).class} "${opts.name}" created at height ${reply.height} with ${rules.length} rules and ${benefits.length} benefits.`);
  });

  for (const kind of ['award', 'deduct'] as const) {
    addSubjectOptions(
      addSenderOptions(
        points
          .command(kind)
          .description(`${kind} a household's points by a rule (a recorder)`)
          .requiredOption('--class <id>', 'the points class', parseWhole)
          .requiredOption('--rule <code>', 'the rule applied: the reason'),
      ),
    ).action(async (opts: SenderOptions & SubjectOptions & { class: number; rule: string }) => {
      const household = subjectRefOf(opts);
      const p = await prepare(resolveSender(opts));
      const reply = await p.submit(pointsEntryTx({ ...p.signer, kind, class: opts.class, household, rule: opts.rule }));
      const d = reply.data as { entry: number; points: number; balance: number };
      out(`${kind === 'award' ? 'Awarded' : 'Deducted'} ${Math.abs(d.points)} points (${opts.rule}) ${kind === 'award' ? 'to' : 'from'} household ${toHex(household).slice(0, 16)}… at height ${reply.height}: its balance is ${d.balance} (entry ${d.entry}).`);
    });
  }

  addSubjectOptions(
    addSenderOptions(points.command('use').description("spend a household's points on a benefit (the household itself, or a recorder)").requiredOption('--class <id>', 'the points class', parseWhole).requiredOption('--benefit <code>', 'the benefit')),
  ).action(async (opts: SenderOptions & SubjectOptions & { class: number; benefit: string }) => {
    const { client, reader } = resolveReader(opts);
    const household = await namedOrOwnSubject(opts, client, reader);
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(usePointsTx({ ...p.signer, class: opts.class, household, benefit: opts.benefit }));
    const d = reply.data as { points: number; balance: number };
    out(`${-d.points} points spent on ${opts.benefit} at height ${reply.height}: the balance is ${d.balance}.`);
  });

  addSubjectOptions(
    addSenderOptions(points.command('show').description("a household's balance and every entry with its reason (a signed read: the household, the recorders, the supervisor)").argument('<class>', 'points class id', parseWhole).argument('[subject]', 'the household (default: your own)')),
  ).action(async (cls: number, subjectArg: string | undefined, opts: SenderOptions & SubjectOptions) => {
    const { client, reader } = resolveReader(opts);
    const household = await namedOrOwnSubject(opts, client, reader, subjectArg);
    for (const line of householdLines(await client.householdPoints(cls, toHex(household)))) out(line);
  });

  addNodeOptions(points.command('ranking').description('the published ranking: households by pseudonym only').argument('<class>', 'points class id', parseWhole)).action(async (cls: number, opts: NodeOptions) => {
    for (const line of rankingLines(await connect(opts).pointsRanking(cls))) out(line);
  });
}
