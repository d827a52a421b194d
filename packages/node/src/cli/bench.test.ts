// `creditchain bench`: the CLI runs the clone's benchmark runner with the same scenarios and options.
import { describe, expect, it } from 'vitest';
import { run } from '../../../../test/support/cli.js';
import { BENCH_SCENARIOS, benchArgs } from './bench.js';

describe('creditchain bench', () => {
  it('lists the scenarios the runner has', async () => {
    const lib = (await import('../../../../bench/lib.mjs')) as { SCENARIOS: string[] };
    expect([...BENCH_SCENARIOS]).toEqual(lib.SCENARIOS);
  });

  it('passes the scenarios and options on, and refuses an unknown scenario in a sentence', () => {
    expect(benchArgs(['report'], { records: 1000, dataDir: '/tmp/x', json: true })).toEqual(['report', '--records', '1000', '--data-dir', '/tmp/x', '--json']);
    expect(benchArgs([], { quick: true })).toEqual(['--quick']);
    expect(benchArgs(['anchor'], { runs: 3 })).toEqual(['anchor', '--runs', '3']);
    expect(() => benchArgs(['anchor'], { runs: 0 })).toThrow(/--runs: give a number of runs from 1 to 20/);
    expect(() => benchArgs(['fast'], {})).toThrow(/"fast" is not a benchmark scenario; the scenarios are verify-limit, /);
  });

  it('runs a scenario and prints its JSON result', async () => {
    const r = await run(process.cwd(), 'bench', 'verify-limit', '--quick', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n')[0]!) as { scenario: string; figure: number; unit: string };
    expect(result.scenario).toBe('verify-limit');
    expect(result.figure).toBeGreaterThan(0);
    expect(result.unit).toMatch(/verifies\/s/);
  }, 60_000);

  it('exits 1 with the reason on an unknown scenario', async () => {
    const r = await run(process.cwd(), 'bench', 'fast');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"fast" is not a benchmark scenario/);
  });
});
