// `creditchain report SUBJECT`: a subject's credit report with the proof of every state entry it
// was built from, checked here against the node's signed checkpoint, printed in words, and
// written as JSON (checkable offline later with `creditchain verify report.json`) or as a
// printable HTML page.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { verifyReport, type CreditChainClient, type ReportFile } from '@creditchain/sdk';
import type { ReportBody } from '@creditchain/ledger';
import { badArgument, fileError, out } from './output.js';
import { addSubjectOptions, subjectRefOf, type SubjectOptions } from './records.js';
import { reportHtml } from './report-html.js';
import { addSenderOptions, resolveReader, type SenderOptions } from './target.js';

const points = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The report in words, for the terminal. */
export function describeReport(r: ReportBody): string[] {
  const lines = [
    `Credit report of ${r.subject}`,
    `  as of      height ${r.height}, ${r.date} (the day's rules applied at block time ${r.time})`,
    `  score      ${r.score.value} on ${r.score.min}–${r.score.max} (model ${r.score.model}, ${r.score.modelName}; base ${r.score.base})`,
  ];
  for (const [what, list] of [['lowered by', r.score.lowered], ['raised by', r.score.raised]] as const) {
    list.forEach((x, i) => lines.push(`  ${i === 0 ? what.padEnd(10) : ''.padEnd(10)} ${x.code} ${x.text} (${x.textZh}): ${points(x.points)}, ${x.records} record${x.records === 1 ? '' : 's'}`));
  }
  lines.push(`  records    ${r.summary.negative} negative, ${r.summary.positive} positive${r.summary.disputed > 0 ? `, ${r.summary.disputed} disputed` : ''}`);
  for (const c of r.categories) {
    lines.push(`  ${c.polarity === 'negative' ? '−' : '+'} ${c.name} (${c.nameZh})`);
    for (const x of c.records) {
      lines.push(`      #${x.id} v${x.version}  occurred ${x.occurred}${x.ended === null ? '' : `, ended ${x.ended}`}  amount ${x.amountBand}  from ${x.source}${x.expires === null ? '' : `  counts until ${x.expires}`}${x.disputed ? '  DISPUTED' : ''}`);
    }
  }
  return lines;
}

/** The `--out` check both report commands make before asking the node anything. */
export function checkReportOut(file: string | undefined): void {
  if (file !== undefined && !/\.(json|html?)$/i.test(file)) throw badArgument(`--out ${file}: write the report as a .json or an .html file.`);
}

/**
 * Checks a report from a node before it is shown: against the node's key, or, from a network,
 * against its validator set (more than 2/3 of the power must have signed).
 */
export async function checkReport(client: CreditChainClient, file: ReportFile): Promise<{ verified: ReturnType<typeof verifyReport>; network: boolean }> {
  const { validators } = await client.validators();
  if (validators.length > 0) return { verified: verifyReport(file, { validators }), network: true };
  return { verified: verifyReport(file, { trustedKeys: [await client.checkpointKey()] }), network: false };
}

/** Says how the report was proven and, with --out, writes it as JSON (for verify) or HTML. */
export function showProofAndWrite(file: ReportFile, { verified, network }: { verified: ReturnType<typeof verifyReport>; network: boolean }, outFile: string | undefined): void {
  out(`  proof      ${verified.entries} state entries proven to the checkpoint at height ${verified.height}, signed by ${verified.signedBy.join(', ')}${network ? ' (a quorum of the validators)' : ''}`);
  if (outFile === undefined) return;
  const html = /\.html?$/i.test(outFile);
  try {
    writeFileSync(outFile, html ? reportHtml(file, { verified: { signedBy: [...verified.signedBy], checkpointHeight: verified.height } }) : `${JSON.stringify(file, null, 2)}\n`);
  } catch (e) {
    throw fileError(e, outFile, 'write');
  }
  out(html ? `Wrote ${outFile}: a printable page.` : `Wrote ${outFile}: anyone can check it offline with creditchain verify ${outFile} ${network ? '--validators validators.json' : '--trust KEY'}.`);
}

export function register(program: Command): void {
  addSubjectOptions(
    addSenderOptions(
      program
        .command('report')
        .description("a subject's credit report with its proof (a signed read: the subject itself or a regulator)")
        .argument('[subject]', 'the subject: a Unified Social Credit Code, a resident ID number, or its reference in hex')
        .option('--out <file>', 'write the report: FILE.json (with its proof, for creditchain verify) or FILE.html (printable)'),
    ),
  ).action(async (subjectArg: string | undefined, opts: SenderOptions & SubjectOptions & { out?: string }) => {
    checkReportOut(opts.out);
    const subject = subjectRefOf(opts, subjectArg);
    const { client } = resolveReader(opts);
    const file: ReportFile = await client.report(toHex(subject), { prove: true });
    // Checked before it is shown or written: against the key of the node that answered.
    const checked = await checkReport(client, file);
    for (const line of describeReport(file.report)) out(line);
    showProofAndWrite(file, checked, opts.out);
  });
}
