// The benchmarks' smoke run (npm run bench -- --quick --json): every scenario runs at a small
// size against a real node, so the suite never rots; each prints one JSON object with the fields
// other tools read. Figures are not judged here — a slow machine never fails a test.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm run bench -- --quick --json', () => {
  it('runs every scenario and prints scenario, figure, unit, reference and ratio for each', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/run.mjs', '--quick', '--json'], { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: 280_000 });
    const results = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results.map((r) => r.scenario)).toEqual(['verify-limit', 'sm2', 'post-quantum', 'solo-tx', 'anchor', 'records', 'report', 'network', 'contract']);
    for (const r of results) {
      expect(r, String(r.scenario)).toMatchObject({ figure: expect.any(Number), unit: expect.any(String) });
      expect(r.figure as number, String(r.scenario)).toBeGreaterThan(0);
      if (r.scenario !== 'verify-limit') expect(r, String(r.scenario)).toMatchObject({ reference: expect.objectContaining({ figure: expect.any(Number) }), ratio: expect.any(Number) });
    }
  }, 300_000);
});
