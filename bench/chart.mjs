// npm run bench:chart [-- --out FILE]: draws the recorded results (bench/results/*.json) as one SVG,
// docs/bench.svg by default — throughput per scenario (log scale, with its ratio to the verify
// limit of its run) and p50/p99 latency where a scenario measures it — naming the machine and the
// date of each result. The SVG is written by hand: no dependency.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS, fmt } from './lib.mjs';

/** The order scenarios are drawn in; others follow, by name. */
const ORDER = ['verify-limit', 'sm2', 'post-quantum', 'solo-tx', 'anchor', 'records', 'report', 'contract', 'network'];

export function readResults(dir = RESULTS) {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((r) => typeof r.scenario === 'string' && typeof r.figure === 'number');
  const rank = (s) => (ORDER.includes(s) ? ORDER.indexOf(s) : ORDER.length);
  return all.sort((a, b) => rank(a.scenario) - rank(b.scenario) || a.scenario.localeCompare(b.scenario));
}

export function escapeXml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function machineText(m) {
  return m === undefined ? 'unknown machine' : `${m.cpuModel}, ${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node.replace(/^v/, '')}, ${m.platform}`;
}

/** A scenario's p50 and p99 latencies in ms, each pair with what it measures. */
export function latenciesOf(r) {
  const entries = Object.entries(r.figures ?? {}).filter(([, v]) => typeof v === 'number');
  const pairs = [];
  for (const [k, v] of entries) {
    if (!/\bp50\b/.test(k) || !/\bms\b/.test(k)) continue;
    const twin = entries.find(([k2]) => k2 === k.replace('p50', 'p99'));
    if (twin !== undefined) pairs.push({ label: k.replace(/\bp50\b ?/, '').replace(/\s+/g, ' ').trim(), p50: v, p99: twin[1] });
  }
  return pairs;
}

const W = 1040;
const LEFT = 150;
const BAR_W = 520;
const ROW = 34;

/** log10 scale of [lo, hi] onto [0, width]. */
function logScale(lo, hi, width) {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return (v) => (Math.max(Math.log10(Math.max(v, lo)) - a, 0) / (b - a)) * width;
}

function decades(lo, hi) {
  const out = [];
  for (let e = Math.round(Math.log10(lo)); 10 ** e <= hi; e++) out.push(10 ** e);
  return out;
}

function axis(y, height, lo, hi, x, unit) {
  return decades(lo, hi)
    .map((v) => {
      const px = LEFT + x(v);
      return `<line x1="${px.toFixed(1)}" y1="${y}" x2="${px.toFixed(1)}" y2="${y + height}" class="grid"/><text x="${px.toFixed(1)}" y="${y + height + 14}" class="tick">${escapeXml(fmt(v))}${v === hi || v * 10 > hi ? ` ${unit}` : ''}</text>`;
    })
    .join('');
}

/** The SVG text of the chart of `results` (as readResults gives them). */
export function chartSvg(results) {
  const throughput = results.filter((r) => r.unit.includes('/s'));
  const latency = results.flatMap((r) => latenciesOf(r).map((l) => ({ r, l })));
  const machines = [...new Map(results.map((r) => [machineText(r.machine), r.machine])).keys()];
  const out = [];
  let y = 28;
  out.push(`<text x="16" y="${y}" class="title">CreditChain benchmarks (npm run bench)</text>`);
  for (const m of machines) out.push(`<text x="16" y="${(y += 18)}" class="sub">measured on ${escapeXml(m)}${machines.length > 1 ? ` (${results.filter((r) => machineText(r.machine) === m).map((r) => r.scenario).join(', ')})` : ''}</text>`);
  // Throughput.
  y += 34;
  out.push(`<text x="16" y="${y}" class="head">Throughput (log scale)</text>`);
  y += 12;
  const hi = 10 ** Math.ceil(Math.log10(Math.max(10, ...throughput.map((r) => r.figure))));
  const lo = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...throughput.map((r) => r.figure)) / 2)));
  const x = logScale(lo, hi, BAR_W);
  const top = y;
  out.push(axis(top, throughput.length * ROW, lo, hi, x, '/s'));
  for (const r of throughput) {
    const w = Math.max(1, x(r.figure));
    const ratio = r.ratio === null || r.ratio === undefined || r.reference === undefined ? '' : ` · ratio ${r.ratio} of ${r.reference.name} ${fmt(r.reference.figure)}/s in the same run`;
    out.push(`<text x="${LEFT - 8}" y="${y + 15}" class="label">${escapeXml(r.scenario)}</text>`);
    out.push(`<rect x="${LEFT}" y="${y + 3}" width="${w.toFixed(1)}" height="16" class="${r.scenario === 'verify-limit' ? 'ref' : 'bar'}"><title>${escapeXml(`${r.scenario}: ${fmt(r.figure)} ${r.unit}`)}</title></rect>`);
    out.push(`<text x="${(LEFT + w + 6).toFixed(1)}" y="${y + 15}" class="value">${escapeXml(fmt(r.figure))}</text>`);
    out.push(`<text x="${LEFT}" y="${y + 31}" class="note">${escapeXml(`${r.unit}${ratio} · ${r.date?.slice(0, 10) ?? ''}`)}</text>`);
    y += ROW;
  }
  y += 24;
  // Latency.
  if (latency.length > 0) {
    y += 16;
    out.push(`<text x="16" y="${y}" class="head">Latency, ms (log scale): p50 and p99</text>`);
    y += 12;
    const lhi = 10 ** Math.ceil(Math.log10(Math.max(10, ...latency.map(({ l }) => l.p99))));
    const llo = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...latency.map(({ l }) => l.p50)) / 2)));
    const lx = logScale(llo, lhi, BAR_W);
    out.push(axis(y, latency.length * (ROW + 6), llo, lhi, lx, 'ms'));
    for (const { r, l } of latency) {
      out.push(`<text x="${LEFT - 8}" y="${y + 15}" class="label">${escapeXml(r.scenario)}</text>`);
      out.push(`<rect x="${LEFT}" y="${y + 2}" width="${Math.max(1, lx(l.p99)).toFixed(1)}" height="9" class="p99"><title>${escapeXml(`p99 ${fmt(l.p99)} ms`)}</title></rect>`);
      out.push(`<rect x="${LEFT}" y="${y + 12}" width="${Math.max(1, lx(l.p50)).toFixed(1)}" height="9" class="p50"><title>${escapeXml(`p50 ${fmt(l.p50)} ms`)}</title></rect>`);
      out.push(`<text x="${(LEFT + Math.max(lx(l.p99), lx(l.p50)) + 6).toFixed(1)}" y="${y + 15}" class="value">${escapeXml(`p50 ${fmt(l.p50)} · p99 ${fmt(l.p99)}`)}</text>`);
      out.push(`<text x="${LEFT}" y="${y + 35}" class="note">${escapeXml(`${l.label} · ${r.date?.slice(0, 10) ?? ''}`)}</text>`);
      y += ROW + 6;
    }
    y += 24;
    out.push(`<rect x="${LEFT}" y="${y}" width="12" height="9" class="p50"/><text x="${LEFT + 16}" y="${y + 9}" class="note">p50</text><rect x="${LEFT + 56}" y="${y}" width="12" height="9" class="p99"/><text x="${LEFT + 72}" y="${y + 9}" class="note">p99</text>`);
    y += 14;
  }
  const height = y + 16;
  const style =
    'text{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;fill:#1f2933}.title{font-size:18px;font-weight:600}.sub{font-size:12px;fill:#52606d}.head{font-size:14px;font-weight:600}' +
    '.label{font-size:12px;text-anchor:end}.value{font-size:12px;font-weight:600}.note{font-size:10px;fill:#616e7c}.tick{font-size:10px;fill:#9aa5b1;text-anchor:middle}' +
    '.grid{stroke:#e4e7eb;stroke-width:1}.bar{fill:#2f6fdf}.ref{fill:#9aa5b1}.p50{fill:#2f6fdf}.p99{fill:#f0a202}';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" role="img" aria-label="CreditChain benchmark results">
<style>${style}</style>
<rect width="${W}" height="${height}" fill="#ffffff"/>
${out.join('\n')}
</svg>
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const file = at >= 0 ? args[at + 1] : fileURLToPath(new URL('../docs/bench.svg', import.meta.url));
  if (file === undefined) {
    process.stderr.write('error: --out takes a file name\n');
    process.exit(2);
  }
  const results = readResults();
  writeFileSync(file, chartSvg(results));
  process.stdout.write(`wrote ${file}: ${results.length} scenarios\n`);
}
