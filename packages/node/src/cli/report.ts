// `creditchain report SUBJECT`: a subject's credit report with the proof of every state entry it
// was built from, checked here against the node's signed checkpoint, printed in words, and
// written as JSON (checkable offline later with `creditchain verify report.json`) or as a
// printable HTML page.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { verifyReport, type ReportFile } from '@creditchain/sdk';
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
    `  as of      height ${r.height}, ${r.date} (block time ${r.time})`,
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
    if (opts.out !== undefined && !/\.(json|html?)$/i.test(opts.out)) throw badArgument(`--out ${opts.out}: write the report as a .json or an .html file.`);
    const subject = subjectRefOf(opts, subjectArg);
    const { client } = resolveReader(opts);
    const file: ReportFile = await client.report(toHex(subject), { prove: true });
    // Checked before it is shown or written: against the key of the node that answered.
    const verified = verifyReport(file, { trustedKeys: [await client.checkpointKey()] });
    for (const line of describeReport(file.report)) out(line);
    out(`  proof      ${verified.entries} state entries proven to the checkpoint at height ${verified.height}, signed by ${verified.signedBy.join(', ')}`);
    if (opts.out !== undefined) {
      const html = /\.html?$/i.test(opts.out);
      try {
        writeFileSync(opts.out, html ? reportHtml(file, { verified: { signedBy: [...verified.signedBy], checkpointHeight: verified.height } }) : `${JSON.stringify(file, null, 2)}\n`);
      } catch (e) {
        throw fileError(e, opts.out, 'write');
      }
      out(html ? `Wrote ${opts.out}: a printable page.` : `Wrote ${opts.out}: anyone can check it offline with creditchain verify ${opts.out} --trust KEY.`);
    }
  });
}
