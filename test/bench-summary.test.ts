// The table `npm run bench` ends with: a line per scenario, its figure, unit, reference and ratio
// in aligned columns.
import { describe, expect, it } from 'vitest';

interface Run {
  figure: number;
  reference?: { name: string; figure: number };
  figures?: Record<string, unknown>;
  runs?: unknown;
}
const { summaryTable, medianRun } = (await import('../bench/lib.mjs' as string)) as { summaryTable(results: readonly object[]): string; medianRun(all: readonly Run[]): Run };

describe('the summary table of a bench run', () => {
  it('gives each scenario a line with its figure, unit, reference and ratio, in columns', () => {
    const table = summaryTable([
      { scenario: 'verify-limit', figure: 19744.2, unit: 'Ed25519 verifies/s (all cores)', ratio: null },
      { scenario: 'anchor', figure: 250000, unit: 'hashes anchored/s', reference: { name: 'verify-limit', figure: 19744.2 }, ratio: 12.6621 },
      { scenario: 'report', figure: 2.519, unit: 'ms p50', reference: { name: 'p50 at 100,020 records', figure: 2.274 }, ratio: 1.1077 },
    ]);
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^scenario\s+figure\s+unit\s+reference\s+ratio$/);
    expect(lines[1]).toMatch(/^-+( +-+){4}$/);
    expect(lines[2]).toMatch(/^verify-limit\s+19,744\s+Ed25519 verifies\/s \(all cores\)\s+–\s+–$/);
    expect(lines[3]).toMatch(/^anchor\s+250,000\s+hashes anchored\/s\s+19,744 verify-limit\s+12\.6621$/);
    expect(lines[4]).toMatch(/^report\s+2\.519\s+ms p50\s+2\.274 p50 at 100,020 records\s+1\.1077$/);
    // Columns line up: every unit starts where the header's does.
    const at = lines[0]!.indexOf('unit');
    for (const l of lines.slice(2)) expect(l.slice(at - 2, at)).toBe('  ');
  });
});

describe('several runs of a scenario (npm run bench -- --runs N)', () => {
  const run = (figure: number, reference: number): Run => ({ figure, reference: { name: 'verify-limit', figure: reference }, figures: { 'p99 ms': figure / 1000 } });

  it('gives the median run, its own reference and figures, and lists every run in order', () => {
    const result = medianRun([run(550_000, 11_520), run(487_500, 16_000), run(631_250, 17_312)]);
    expect(result.figure).toBe(550_000);
    expect(result.reference!.figure).toBe(11_520);
    expect(result.figures!['p99 ms']).toBe(550);
    expect(result.runs).toEqual([
      { figure: 550_000, reference: 11_520 },
      { figure: 487_500, reference: 16_000 },
      { figure: 631_250, reference: 17_312 },
    ]);
    expect(result.figures!['runs, in order (figure / its reference; the median run gives the figure)']).toBe('550,000 / 11,520; 487,500 / 16,000; 631,250 / 17,312');
  });

  it('takes the lower middle run of an even count, and a scenario without a reference', () => {
    expect(medianRun([run(4, 1), run(1, 1), run(3, 1), run(2, 1)]).figure).toBe(2);
    const alone = medianRun([{ figure: 7 }, { figure: 5 }]);
    expect(alone.figure).toBe(5);
    expect(alone.runs).toEqual([{ figure: 7, reference: null }, { figure: 5, reference: null }]);
  });
});
