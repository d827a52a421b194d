// A credit report as one printable HTML page, for the subject or a lender to read, print or
// archive: everything inline (no script, no stylesheet or font to fetch, no image), so the file
// opens the same offline in ten years, and prints on A4 with the table headers repeated on each
// page. Labels are in English with the Chinese beside them. The page is a view, not evidence:
// what can be checked is the report's JSON and its proof, and the page says how.
//
// Every value from the report goes through escapeHtml — the report is data from a chain whose
// category names governance writes, and a file a user was handed, so none of it is trusted.
import type { Reason, ReportBody, ReportCategory, ReportRecord } from '@creditchain/ledger';

export interface ReportHtmlOptions {
  /** Set once `creditchain verify` has checked the proof: who signed the checkpoint it rests on. */
  readonly verified?: { readonly signedBy: readonly string[]; readonly checkpointHeight: number };
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Any report value as escaped text: a report read from a file may hold anything anywhere. */
const t = (v: unknown): string => escapeHtml(v === null || v === undefined ? '' : String(v));
/** The objects of an array; nothing for anything else (an unverified file may hold nulls). */
const list = <T>(v: readonly T[] | undefined): readonly T[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null) : []);
const label = (en: string, zh: string) => `${en} <span lang="zh-CN">${zh}</span>`;
const signed = (n: unknown) => (typeof n === 'number' && n > 0 ? `+${n}` : typeof n === 'number' && n < 0 ? `−${-n}` : t(n));

const CSS = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0 auto; max-width: 60rem; padding: 2rem; color: #111; background: #fff;
    font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #111; padding-bottom: .2rem; }
  h3 { font-size: 1rem; margin: 1.5rem 0 .4rem; }
  [lang="zh-CN"] { color: #444; }
  .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; word-break: break-all; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 1rem 0; }
  dl.facts dt { font-weight: 600; }
  dl.facts dd { margin: 0; }
  .notice { border: 1px solid #888; padding: .6rem .8rem; margin: 1rem 0; }
  .notice.ok { border: 2px solid #1a7f37; }
  .score { display: flex; align-items: baseline; gap: 1.5rem; flex-wrap: wrap; }
  .score .value { font-size: 3rem; font-weight: 700; line-height: 1; }
  table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; }
  th, td { border: 1px solid #bbb; padding: .3rem .45rem; text-align: left; vertical-align: top; }
  th { background: #f0f0f0; font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .badge { display: inline-block; border: 1px solid #555; border-radius: 3px; padding: 0 .35rem; font-size: .85em; }
  .negative { border-color: #b42318; color: #b42318; }
  .positive { border-color: #1a7f37; color: #1a7f37; }
  .disputed { border: 2px solid #b54708; color: #b54708; font-weight: 700; }
  footer { margin-top: 2rem; font-size: .85em; color: #444; }
  @page { size: A4; margin: 15mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 10pt; }
    h2 { break-after: avoid; }
    h3 { break-after: avoid; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; }
    th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
`;

function reasonsTable(title: string, reasons: readonly Reason[]): string {
  if (reasons.length === 0) return `<h3>${title}</h3><p>${label('None', '无')}</p>`;
  const rows = reasons.map((r) => `<tr><td class="mono">${t(r.code)}</td><td>${t(r.text)}<br><span lang="zh-CN">${t(r.textZh)}</span></td><td class="num">${signed(r.points)}</td><td class="num">${t(r.records)}</td></tr>`);
  return `<h3>${title}</h3>
<table><thead><tr><th>${label('Code', '代码')}</th><th>${label('Reason', '原因')}</th><th>${label('Points', '分值')}</th><th>${label('Records', '记录数')}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function recordRow(r: ReportRecord): string {
  const ended = r.ended === null ? label('Ongoing', '持续中') : t(r.ended);
  const expires = r.expires === null ? label('Not yet set', '未定') : t(r.expires);
  const band = r.amountBand === 'none' ? label('None', '无') : t(r.amountBand);
  const status = r.disputed === true ? `<span class="badge disputed">${label('Disputed', '有异议')}</span>` : '';
  return `<tr data-record="${t(r.id)}"><td class="num">${t(r.id)}</td><td class="num">${t(r.version)}</td><td>${t(r.occurred)}</td><td>${ended}</td><td>${band}</td><td>${t(r.source)}</td><td>${expires}</td><td>${status}</td></tr>`;
}

function categorySection(c: ReportCategory): string {
  const polarity = c.polarity === 'positive' ? label('Positive', '正面') : c.polarity === 'negative' ? label('Negative', '负面') : t(c.polarity);
  return `<section class="category">
<h3>${t(c.name)} <span lang="zh-CN">${t(c.nameZh)}</span> <span class="badge ${c.polarity === 'positive' ? 'positive' : 'negative'}">${polarity}</span> <span class="mono">${t(c.code)}</span></h3>
<table><thead><tr><th>${label('ID', '编号')}</th><th>${label('Version', '版本')}</th><th>${label('Occurred', '发生日期')}</th><th>${label('Ended', '结束日期')}</th><th>${label('Amount (CNY)', '金额区间（元）')}</th><th>${label('Source', '来源')}</th><th>${label('Expires', '失效日期')}</th><th>${label('Dispute', '异议')}</th></tr></thead>
<tbody>${list(c.records).map(recordRow).join('\n')}</tbody></table>
</section>`;
}

function verification(report: ReportBody & { proof?: unknown }, opts: ReportHtmlOptions): string {
  const how = `${label('To check it yourself, run', '自行验证：')} <code class="mono">creditchain verify report.json</code> ${label('on the report\'s JSON file', '（对报告的 JSON 文件运行）')}.`;
  if (opts.verified !== undefined) {
    const who = (Array.isArray(opts.verified.signedBy) ? opts.verified.signedBy : []).map(t).join(', ');
    return `<div class="notice ok"><strong>${label('Verified', '已验证')}</strong>: ${label('the proof checks against the checkpoint at height', '证明与检查点一致，高度')} ${t(opts.verified.checkpointHeight)}, ${label('signed by', '签名方')} ${who || t('—')}. ${how}</div>`;
  }
  if (report.proof !== undefined && report.proof !== null) {
    return `<div class="notice"><strong>${label('This report carries a proof', '本报告附有证明')}</strong>, ${label('not checked for this page', '本页面未验证')}. ${how}</div>`;
  }
  return `<div class="notice"><strong>${label('Not verifiable', '无法验证')}</strong>: ${label('this report carries no proof; ask the node for the report with its proof (prove=true)', '本报告未附证明，请向节点索取附证明的报告（prove=true）')}.</div>`;
}

/** A report's JSON: the report itself with perhaps a `proof`, or a report file ({report, proof, chainId, …}) as the node sends it. */
export type ReportInput = (ReportBody & { readonly proof?: unknown }) | { readonly report: ReportBody; readonly proof?: unknown; readonly chainId?: string };

/** The report as a self-contained printable HTML page. */
export function reportHtml(input: ReportInput, opts: ReportHtmlOptions = {}): string {
  const file = 'report' in input && typeof input.report === 'object' && input.report !== null ? input : undefined;
  const report: ReportBody & { proof?: unknown } = file === undefined ? (input as ReportBody & { proof?: unknown }) : { ...file.report, proof: file.proof };
  const s = report.score ?? ({} as Partial<ReportBody['score']>);
  const sum = report.summary ?? ({} as Partial<ReportBody['summary']>);
  const categories = list(report.categories);
  const subject = t(report.subject);
  const short = t(String(report.subject ?? '').slice(0, 16));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Credit report 信用报告 ${short}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${label('Credit report', '信用报告')}</h1>
<dl class="facts">
<dt>${label('Subject reference', '主体标识')}</dt><dd class="mono">${subject}</dd>
${file?.chainId === undefined ? '' : `<dt>${label('Chain', '链标识')}</dt><dd class="mono">${t(file.chainId)}</dd>\n`}<dt>${label('Date', '报告日期')}</dt><dd>${t(report.date)}</dd>
<dt>${label('Block height', '区块高度')}</dt><dd>${t(report.height)}</dd>
<dt>${label('Block time', '区块时间')}</dt><dd>${t(report.time)}</dd>
<dt>${label('Report format', '报告格式')}</dt><dd>${t(report.version)}</dd>
</dl>
${verification(report, opts)}
</header>
<main>
<h2>${label('Score', '信用分')}</h2>
<div class="score">
<div class="value">${t(s.value)}</div>
<dl class="facts">
<dt>${label('Model', '评分模型')}</dt><dd>${t(s.modelName)} (${label('version', '版本')} ${t(s.model)})</dd>
<dt>${label('Range', '分值范围')}</dt><dd>${t(s.min)}–${t(s.max)}; ${label('base', '基准分')} ${t(s.base)}</dd>
</dl>
</div>
${reasonsTable(label('What lowered it', '降低信用分的因素'), list(s.lowered))}
${reasonsTable(label('What raised it', '提高信用分的因素'), list(s.raised))}
<h2>${label('Summary', '概要')}</h2>
<dl class="facts">
<dt>${label('Negative records', '负面记录')}</dt><dd>${t(sum.negative)}</dd>
<dt>${label('Positive records', '正面记录')}</dt><dd>${t(sum.positive)}</dd>
<dt>${label('Disputed records', '有异议记录')}</dt><dd>${t(sum.disputed)}</dd>
</dl>
<h2>${label('Records', '信用记录')}</h2>
${categories.length === 0 ? `<p>${label('No published records count for this subject.', '该主体暂无计入的已发布记录。')}</p>` : categories.map(categorySection).join('\n')}
</main>
<footer>
<p>${label('The score is computed by the chain\'s scoring model from the published records listed here, as of the block height above. A record marked "Disputed" is one the subject has challenged. A record stops counting on its expiry date.', '信用分由链上评分模型根据上列已发布记录计算，截至上述区块高度。标注“有异议”的记录已由信息主体提出异议。记录于失效日期后不再计入。')}</p>
</footer>
</body>
</html>
`;
}
