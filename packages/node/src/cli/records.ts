// `creditchain records submit|import|review|correct|revoke|show|list`: credit records from the
// command line. A subject is named by its identifier (a USCC or resident ID number, turned into
// its on-chain reference with the consortium secret here — the identifier never leaves this
// machine) or by its reference. Details (names, contract numbers, amounts) travel beside the
// transaction as a sidecar; only their commitment goes on chain.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CreditChainError, detectSubjectId, fromHex, subjectRef, toHex, type CborMap } from '@creditchain/core';
import { MAX_RECORD_BATCH, type Category } from '@creditchain/ledger';
import {
  buildCorrectTx,
  buildReviewTx,
  buildRevokeTx,
  buildSubmitRecordsTx,
  planRecordBatches,
  recordCategories,
  refuseUnsourced,
  type CreditChainClient,
  type NewRecord,
  type RecordJson,
  type RecordReply,
} from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { readText } from './files.js';
import { createProgress, grouped } from './progress.js';
import { amountBand, describeRefusal, parseRecordsCsv } from './records-csv.js';
import { badArgument, collect, fileError, note, out } from './output.js';
import { kindOf, secretOf } from './subject.js';
import { addSenderOptions, prepare, resolveReader, resolveSender, type SenderOptions } from './target.js';

export interface SubjectOptions {
  subject?: string;
  kind?: string;
  ref?: string;
  secret?: string;
  data?: string;
}

/** Adds --subject/--kind/--ref/--secret: how a command names a subject. */
export function addSubjectOptions(cmd: Command): Command {
  return cmd
    .option('--subject <id>', "the subject's Unified Social Credit Code or resident ID number")
    .option('--kind <kind>', 'enterprise or person (needed only when the identifier could be either)')
    .option('--ref <hex>', "the subject's on-chain reference, instead of --subject")
    .option('--secret <hex>', 'the consortium subject secret (default: from the --data node directory)');
}

/** The subject's on-chain reference from --ref, or from --subject under the consortium secret. */
export function subjectRefOf(opts: SubjectOptions, positional?: string): Uint8Array {
  const given = positional ?? opts.subject;
  if (opts.ref !== undefined) {
    if (given !== undefined) throw badArgument('Name the subject once: --subject ID or --ref HEX, not both.');
    return fromHex(opts.ref.trim().toLowerCase(), 32);
  }
  if (given === undefined) throw badArgument('Name the subject: --subject ID (a Unified Social Credit Code or resident ID number) or --ref HEX (its on-chain reference).');
  if (/^[0-9a-f]{64}$/.test(given)) return fromHex(given, 32);
  return subjectRef(secretOf(opts), detectSubjectId(given, opts.kind === undefined ? undefined : kindOf(opts.kind)));
}

/** "1-5,9,12-13" → [1,2,3,4,5,9,12,13] */
export function parseIds(args: readonly string[]): number[] {
  const ids: number[] = [];
  for (const part of args.flatMap((a) => a.split(',')).map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) throw badArgument(`"${part}" is not a record id or a range of ids like 1-1000.`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to < from || to - from >= 1_000_000) throw badArgument(`"${part}" is not a range of record ids (from 1, first ≤ last, at most a million).`);
    for (let id = from; id <= to; id++) ids.push(id);
  }
  if (ids.length === 0) throw badArgument('Name at least one record id.');
  return [...new Set(ids)];
}

/** "--detail key=value" options → a details map. */
function detailsOf(pairs: readonly string[]): CborMap | null {
  if (pairs.length === 0) return null;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw badArgument(`--detail takes key=value, e.g. --detail contractNumber=L-2024-001; "${p}" is not.`);
    out[p.slice(0, i).trim()] = p.slice(i + 1);
  }
  return out;
}

function bandOf(opts: { amount?: string; amountBand?: number }): number {
  if (opts.amount !== undefined && opts.amountBand !== undefined) throw badArgument('Give the amount (--amount) or its band (--amount-band), not both.');
  if (opts.amount !== undefined) return amountBand(opts.amount);
  if (opts.amountBand !== undefined && opts.amountBand > 6) throw badArgument('--amount-band is 0 (none) to 6 (100 million yuan or more).');
  return opts.amountBand ?? 0;
}

async function chainCategories(client: CreditChainClient): Promise<Category[]> {
  return recordCategories(await client.categories());
}

function idRange(first: number, count: number): string {
  return count === 1 ? String(first) : `${first}-${first + count - 1}`;
}

function showRecord(r: RecordJson, indent = '  '): void {
  out(`${indent}status     ${r.status}${r.disputed ? ' (disputed)' : ''}`);
  out(`${indent}category   ${r.category}`);
  out(`${indent}subject    ${r.subject} (${r.subjectKind})`);
  out(`${indent}occurred   ${r.occurred}${r.ended === null ? ', still going on' : `, ended ${r.ended}`}`);
  out(`${indent}amount     band ${r.amountBand} (${r.amountBandLabel} yuan)`);
  out(`${indent}source     ${r.source}, submitted by ${r.submitter} at height ${r.submitted}`);
  if (r.reviewer !== null) out(`${indent}reviewed   by ${r.reviewer} at height ${r.reviewed}`);
  if (r.reason !== null) out(`${indent}reason     ${r.reason}`);
  out(`${indent}counts     ${r.expires === null ? 'until its behaviour has ended (then by its category\'s rule)' : `until ${r.expires}`}`);
  out(`${indent}details    ${r.details === null ? 'none' : `commitment ${r.details}`}`);
  out(`${indent}recorded   transaction ${r.tx}, log index ${r.logIndex}`);
}

interface SubmitOptions extends SenderOptions, SubjectOptions {
  category: string;
  occurred: string;
  ended?: string;
  amount?: string;
  amountBand?: number;
  publicityDays?: number;
  detail: string[];
}

interface ImportOptions extends SenderOptions {
  secret?: string;
  dryRun?: boolean;
  refused?: string;
}

export function register(program: Command): void {
  const records = program.command('records').description('credit records: submit, import, review, correct, revoke, show');

  addSubjectOptions(
    addSenderOptions(
      records
        .command('submit')
        .description('submit one credit record for review (the sender needs the submitter role and its organisation the category)')
        .requiredOption('--category <code>', 'the record category (creditchain records categories lists them)')
        .requiredOption('--occurred <date>', 'when the behaviour occurred, YYYY-MM-DD')
        .option('--ended <date>', 'when it ended, YYYY-MM-DD (negative information counts until 5 years after)')
        .option('--amount <yuan>', 'the amount involved, in yuan (only its band goes on chain; the amount goes in the details)')
        .option('--amount-band <0-6>', 'the amount band instead of --amount', parseWhole)
        .option('--publicity-days <n>', "how long a publicity category's record is published (within the category's range)", parseWhole)
        .option('--detail <key=value>', 'a detail for the sidecar, e.g. contractNumber=L-1 (repeatable)', collect, []),
    ),
  ).action(async (opts: SubmitOptions) => {
    const subject = subjectRefOf(opts);
    const details = detailsOf(opts.detail);
    const withAmount = opts.amount === undefined ? details : { ...(details ?? {}), amount: opts.amount };
    const rec: NewRecord = {
      subject,
      subjectKind: opts.ref !== undefined ? kindOf(opts.kind ?? badKind()) : detectSubjectId(opts.subject!, opts.kind === undefined ? undefined : kindOf(opts.kind)).kind,
      category: opts.category,
      occurred: opts.occurred,
      ended: opts.ended ?? null,
      amountBand: bandOf(opts),
      publicityDays: opts.publicityDays ?? null,
      details: withAmount,
    };
    const p = await prepare(resolveSender(opts));
    const { tx, sidecars } = buildSubmitRecordsTx(p.signer, [rec]);
    const reply = await p.submit(tx, sidecars);
    const { first } = reply.data as { first: number };
    out(`Record ${first} submitted (pending review) at height ${reply.height}: ${opts.category} about ${toHex(subject)}.`);
    out(`Another account reviews it: creditchain records review ${first} --publish (or --reject --reason "…") --as REVIEWER`);
  });

  addSenderOptions(
    records
      .command('import')
      .description('import a CSV file of records: every row is checked first, the valid ones are submitted in batches of up to 1,000')
      .argument('<file>', 'CSV with a header row: subject, category, occurred (required); kind, ended, amount, amount_band, publicity_days; any other column is a detail')
      .option('--secret <hex>', 'the consortium subject secret (default: from the --data node directory)')
      .option('--dry-run', 'check the file and report the refused rows, submit nothing')
      .option('--refused <file>', 'write every refused row (line, column, reason) to this file'),
  ).action(async (file: string, opts: ImportOptions) => {
    let text: string;
    try {
      text = readText(file);
    } catch (e) {
      throw e instanceof CreditChainError ? e : fileError(e, file, 'read');
    }
    const sender = resolveSender(opts);
    const p = await prepare(sender);
    const categories = await chainCategories(p.client);
    const lines = text.split('\n').length;
    const checking = createProgress('checking rows', Math.max(0, lines - 2));
    const csv = parseRecordsCsv(text, { secret: secretOf(opts), categories, today: new Date().toISOString().slice(0, 10), onRow: () => checking.tick() });
    checking.done();
    // What the chain would refuse for this sender, refused here row by row: categories its organisation may not source.
    const org = p.account.org === null ? undefined : await p.client.org(p.account.org);
    const parsed = refuseUnsourced(csv, categories, { sender: p.signer.sender, org });
    const refusedRows = new Set(parsed.refused.map((r) => r.line)).size;
    if (parsed.refused.length > 0) {
      note(`${grouped(refusedRows)} row(s) refused:`);
      for (const r of parsed.refused.slice(0, 20)) note(`  ${describeRefusal(r)}`);
      if (parsed.refused.length > 20) note(`  … and ${grouped(parsed.refused.length - 20)} more problems${opts.refused === undefined ? ' (write them all with --refused FILE)' : ''}`);
      if (opts.refused !== undefined) {
        try {
          writeFileSync(opts.refused, `${parsed.refused.map(describeRefusal).join('\n')}\n`);
        } catch (e) {
          throw fileError(e, opts.refused, 'write');
        }
        note(`Every refused row is listed in ${opts.refused}.`);
      }
    }
    out(`${grouped(parsed.rows.length)} of ${grouped(parsed.rows.length + refusedRows)} rows are valid.`);
    if (opts.dryRun === true || parsed.rows.length === 0) {
      if (opts.dryRun === true) out('Dry run: nothing was submitted.');
      return;
    }
    const batches = planRecordBatches(parsed.rows.map((r) => ({ ...r.input, details: r.details })));
    const progress = createProgress('importing records', parsed.rows.length);
    const started = performance.now();
    // Admitted in order, one after the other (so nonces arrive in order), then awaited together:
    // the node builds blocks while the next batch is sent.
    const sent: Array<{ id: string; count: number }> = [];
    for (const [i, batch] of batches.entries()) {
      const { tx, sidecars } = buildSubmitRecordsTx({ ...p.signer, nonce: p.signer.nonce + i }, batch);
      const reply = await p.client.submitTx(tx.bytes, { sidecars });
      sent.push({ id: reply.id, count: batch.length });
    }
    const ranges: string[] = [];
    for (const s of sent) {
      const done = await p.client.waitForTx(s.id, { timeoutMs: 120_000 });
      if (done.code !== 'ok') throw new CreditChainError(done.code as never, `A batch was refused on chain: ${done.message ?? done.code}`, { tx: s.id });
      const { first, count } = done.data as { first: number; count: number };
      ranges.push(idRange(first, count));
      progress.tick(s.count);
    }
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    out(`Imported ${grouped(parsed.rows.length)} records in ${batches.length} transaction(s), ${grouped(Math.round(parsed.rows.length / seconds))} records/s: ids ${ranges.join(', ')}.`);
    out(`They wait for review by another account: creditchain records review ${ranges.join(',')} --publish --as REVIEWER`);
  });

  addSenderOptions(
    records
      .command('review')
      .description('publish or reject pending records (the sender needs the reviewer role and must not have submitted them)')
      .argument('<ids...>', 'record ids or ranges, e.g. 1-1000 or 4,7,9')
      .option('--publish', 'publish them')
      .option('--reject', 'reject them (give --reason)')
      .option('--reason <text>', 'why (required to reject)'),
  ).action(async (ids: string[], opts: SenderOptions & { publish?: boolean; reject?: boolean; reason?: string }) => {
    if ((opts.publish === true) === (opts.reject === true)) throw badArgument('Say --publish or --reject.');
    if (opts.reject === true && opts.reason === undefined) throw badArgument('A rejection needs its reason: --reason "…".');
    const list = parseIds(ids);
    const p = await prepare(resolveSender(opts));
    const progress = createProgress('reviewing records', list.length);
    let nonce = p.signer.nonce;
    for (let i = 0; i < list.length; i += MAX_RECORD_BATCH) {
      const chunk = list.slice(i, i + MAX_RECORD_BATCH);
      await p.submit(buildReviewTx({ ...p.signer, nonce: nonce++ }, chunk, opts.publish === true ? 'publish' : 'reject', opts.reason));
      progress.tick(chunk.length);
    }
    progress.done();
    out(`${opts.publish === true ? 'Published' : 'Rejected'} ${grouped(list.length)} record(s).`);
  });

  addSenderOptions(
    records
      .command('correct')
      .description("correct a record of the sender's organisation: a new version, pending review again; the old one is kept")
      .argument('<id>', 'record id', parseWhole)
      .requiredOption('--reason <text>', 'why it is corrected')
      .option('--occurred <date>', 'YYYY-MM-DD')
      .option('--ended <date>', 'YYYY-MM-DD')
      .option('--amount <yuan>', 'the amount, in yuan')
      .option('--amount-band <0-6>', 'the amount band', parseWhole)
      .option('--publicity-days <n>', 'the publicity period', parseWhole)
      .option('--detail <key=value>', 'new details (replace the old ones; repeatable)', collect, []),
  ).action(async (id: number, opts: SenderOptions & { reason: string; occurred?: string; ended?: string; amount?: string; amountBand?: number; publicityDays?: number; detail: string[] }) => {
    const details = detailsOf(opts.detail);
    const changes = {
      ...(opts.occurred === undefined ? {} : { occurred: opts.occurred }),
      ...(opts.ended === undefined ? {} : { ended: opts.ended }),
      ...(opts.amount === undefined && opts.amountBand === undefined ? {} : { amountBand: bandOf(opts) }),
      ...(opts.publicityDays === undefined ? {} : { publicityDays: opts.publicityDays }),
      ...(details === null ? {} : { details: opts.amount === undefined ? details : { ...details, amount: opts.amount } }),
    };
    if (Object.keys(changes).length === 0) throw badArgument('Say what to correct: --occurred, --ended, --amount, --amount-band, --publicity-days or --detail.');
    const p = await prepare(resolveSender(opts));
    const { tx, sidecars } = buildCorrectTx(p.signer, id, changes, opts.reason);
    const reply = await p.submit(tx, sidecars);
    out(`Record ${id} corrected: version ${(reply.data as { version: number }).version}, pending review.`);
  });

  addSenderOptions(
    records.command('revoke').description("revoke a record of the sender's organisation").argument('<id>', 'record id', parseWhole).requiredOption('--reason <text>', 'why it is revoked'),
  ).action(async (id: number, opts: SenderOptions & { reason: string }) => {
    const p = await prepare(resolveSender(opts));
    await p.submit(buildRevokeTx(p.signer, id, opts.reason));
    out(`Record ${id} revoked: it no longer counts.`);
  });

  addSenderOptions(
    records.command('show').description('show a record, its earlier versions and its details (a signed read: the subject, a regulator or its source)').argument('<id>', 'record id', parseWhole),
  ).action(async (id: number, opts: SenderOptions) => {
    const { client } = resolveReader(opts);
    const r: RecordReply = await client.record(id);
    out(`Record ${r.id}, version ${r.version}`);
    showRecord(r);
    if (r.details !== null) {
      try {
        const d = await client.recordDetails(id);
        out('  details:');
        for (const [k, v] of Object.entries(d.payload)) out(`    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
      } catch (e) {
        if (!(e instanceof CreditChainError) || e.code !== 'SIDECAR_NOT_FOUND') throw e;
        out(`  details: not held by this node (${e.message})`);
      }
    }
    for (const v of [...r.versions].reverse()) {
      out(`  version ${v.version}:`);
      showRecord(v, '    ');
    }
  });

  addSubjectOptions(
    addSenderOptions(records.command('list').description('list the records about a subject that the reader may see (a signed read)')),
  ).action(async (opts: SenderOptions & SubjectOptions) => {
    const subject = subjectRefOf(opts);
    const { client } = resolveReader(opts);
    const reply = await client.subjectRecords(toHex(subject));
    if (reply.records.length === 0) out(`No records about ${reply.subject} that you may see.`);
    for (const r of reply.records) out(`${String(r.id).padStart(8)}  v${r.version}  ${r.status.padEnd(9)}  ${r.category.padEnd(26)}  ${r.occurred}  ${r.source}${r.disputed ? '  disputed' : ''}`);
  });

  records
    .command('categories')
    .description('list the record categories of the chain')
    .option('--url <url>', 'node URL')
    .option('--data <devdir>', 'a "creditchain dev" data directory')
    .action(async (opts: { url?: string; data?: string }) => {
      const { connect } = await import('./target.js');
      for (const c of await chainCategories(connect(opts))) {
        const period = c.retention.kind === 'after-end' ? `${c.retention.years} years after it ended` : `published ${c.retention.minDays}–${c.retention.maxDays} days`;
        out(`${c.code.padEnd(26)} ${c.polarity.padEnd(8)} ${c.name} (${c.nameZh}); about ${c.subjects.join('/')}; sourced by ${c.sources.join(', ')}; counts ${period}${c.public ? '; public' : ''}${c.sensitive ? '; needs consent' : ''}`);
      }
    });
}

function badKind(): never {
  throw badArgument('With --ref, say the subject kind with --kind enterprise|person.');
}
