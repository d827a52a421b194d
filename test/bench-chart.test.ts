// npm run bench:chart draws bench/results/*.json as one SVG: well-formed XML, every scenario and
// the machine named, text escaped. (Well-formedness is checked by hand here: no XML dependency.)
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/** bench/chart.mjs, a plain ES module of the benchmarks (no types). */
const { chartSvg, latenciesOf, readResults } = (await import('../bench/chart.mjs' as string)) as {
  chartSvg(results: readonly object[]): string;
  latenciesOf(result: object): Array<{ label: string; p50: number; p99: number }>;
  readResults(): Array<{ scenario: string; machine: { cpuModel: string } }>;
};
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cc-chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Throws unless `xml` is well formed: one root, tags balanced, attributes quoted, entities known. */
function checkWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(body)) !== null) {
    if (m[6] !== undefined) throw new Error(`a stray "<" at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      if (stack.length === 0 && m[5].trim() !== '') throw new Error(`text outside the root: ${m[5].slice(0, 40)}`);
      const bad = /&(?!(amp|lt|gt|quot|apos|#\d+);)/.exec(m[5]);
      if (bad) throw new Error(`an unescaped "&" in: ${m[5].slice(0, 60)}`);
      continue;
    }
    if (m[2] === undefined) continue; // a comment
    const [, closing, name, , selfClosing] = m;
    if (closing === '/') {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
    } else {
      if (stack.length === 0) roots++;
      if (selfClosing !== '/') stack.push(name!);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

describe('npm run bench:chart', () => {
  it('writes a well-formed SVG of the recorded results, naming every scenario and the machine', async () => {
    const file = join(dir, 'bench.svg');
    await promisify(execFile)(process.execPath, ['bench/chart.mjs', '--out', file], { cwd: root });
    const svg = readFileSync(file, 'utf8');
    checkWellFormed(svg);
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const results = readResults();
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(svg).toContain(`>${r.scenario}</text>`);
      expect(svg).toContain(`measured on ${r.machine.cpuModel}`);
    }
  });

  it('escapes text, draws latencies where a scenario has p50 and p99, and stays well formed', () => {
    const machine = { cpus: 2, cpuModel: 'A & B <CPU>', memoryGiB: 8, node: 'v20.0.0', platform: 'linux-x64' };
    const results = [
      { scenario: 'verify-limit', figure: 16000, unit: 'verifies/s', ratio: null, machine, date: '2026-12-05T00:00:00Z' },
      { scenario: 'solo-tx', figure: 9000, unit: 'tx/s "durable"', ratio: 0.56, reference: { name: 'verify-limit', figure: 16000 }, machine, date: '2026-12-05T00:00:00Z', figures: { 'p50 commit latency ms': 120, 'p99 commit latency ms': 400 } },
    ];
    expect(latenciesOf(results[1]!)).toEqual([{ label: 'commit latency ms', p50: 120, p99: 400 }]);
    const svg = chartSvg(results);
    checkWellFormed(svg);
    expect(svg).toContain('A &amp; B &lt;CPU&gt;');
    expect(svg).toContain('tx/s &quot;durable&quot;');
    expect(svg).toContain('p50 120 · p99 400');
    expect(() => checkWellFormed('<svg><g></svg>')).toThrow();
    expect(() => checkWellFormed('<svg>a & b</svg>')).toThrow();
  });
});
