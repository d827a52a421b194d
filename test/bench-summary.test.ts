// The table `npm run bench` ends with: a line per scenario, its figure, unit, reference and ratio
// in aligned columns.
import { describe, expect, it } from 'vitest';

const { summaryTable } = (await import('../bench/lib.mjs' as string)) as { summaryTable(results: readonly object[]): string };

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
