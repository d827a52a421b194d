// `creditchain repair apply|decide|show`: credit repair. A subject applies to repair a published
// negative record once its category's minimum publicity period has passed and the obligation is
// fulfilled (evidence: a file whose hash and name become a sidecar); the record's source or a
// regulator approves — the record is repaired, leaves reports and scores, its details are
// erased, its history stays visible to regulators — or refuses, with reasons.
import type { Command } from 'commander';
import { applyRepairTx, decideRepairTx } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { documentEvidence } from './evidence.js';
import { badArgument, out } from './output.js';
import { addSenderOptions, prepare, resolveReader, resolveSender, type SenderOptions } from './target.js';

export function register(program: Command): void {
  const repair = program.command('repair').description('credit repair: apply, decide, show');

  addSenderOptions(
    repair
      .command('apply')
      .description("apply to repair a negative record about you (from the subject's own account)")
      .argument('<record>', 'record id', parseWhole)
      .requiredOption('--reason <text>', 'why it should be repaired, e.g. the fine is paid')
      .requiredOption('--evidence <file>', 'evidence the obligation is fulfilled; its hash and name become a sidecar, the file stays here'),
  ).action(async (record: number, opts: SenderOptions & { reason: string; evidence: string }) => {
    const p = await prepare(resolveSender(opts));
    const { tx, sidecars } = applyRepairTx({ ...p.signer, record, reason: opts.reason, evidence: await documentEvidence(opts.evidence, p.suite) });
    const reply = await p.submit(tx, sidecars);
    const id = (reply.data as { application: number }).application;
    out(`Repair application ${id} for record ${record} filed at height ${reply.height}; the record's source or a regulator decides it. Follow it: creditchain repair show ${id}`);
  });

  addSenderOptions(
    repair
      .command('decide')
      .description("approve or refuse a repair application (a reviewer of the record's source, or a regulator)")
      .argument('<id>', 'application id', parseWhole)
      .option('--approve', 'repair the record: it leaves reports and scores, its details are erased')
      .option('--refuse', 'refuse, with reasons')
      .requiredOption('--reason <text>', 'the grounds'),
  ).action(async (id: number, opts: SenderOptions & { approve?: boolean; refuse?: boolean; reason: string }) => {
    if ((opts.approve === true) === (opts.refuse === true)) throw badArgument('Say --approve or --refuse.');
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(decideRepairTx({ ...p.signer, application: id, approve: opts.approve === true, reason: opts.reason }));
    out(opts.approve === true ? `Repair application ${id} approved at height ${reply.height}: the record is repaired, out of reports and scores, and its details erased.` : `Repair application ${id} refused at height ${reply.height}.`);
  });

  addSenderOptions(repair.command('show').description("a repair application and its decision (a signed read: its subject, the record's source, regulators)").argument('<id>', 'application id', parseWhole)).action(async (id: number, opts: SenderOptions) => {
    const { client } = resolveReader(opts);
    const a = await client.repair(id);
    out(`Repair application ${a.id} for record ${a.record}: ${a.status}`);
    out(`  subject    ${a.subject}`);
    out(`  applied    at height ${a.height} — ${a.reason}`);
    out(`  evidence   commitment ${a.evidence}`);
    out(`  source     ${a.source}`);
    if (a.decidedBy !== null) out(`  decided    by ${a.decidedBy} at height ${a.decided} — ${a.decision}`);
  });
}
