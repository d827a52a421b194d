// `creditchain bench [SCENARIO…]`: the benchmark suite — bench/run.mjs at the root of the
// repository, which `npm run bench` runs too — with the same options. The suite lives beside the
// packages, not in them: it starts nodes and load-generator processes of its own and writes
// bench/results/, so it belongs to a clone, not to a node's install. This command finds it from
// the package's place in a clone, and says so when it is not there.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CreditChainError } from '@creditchain/core';
import { parseWhole } from './args.js';
import { badArgument } from './output.js';

/** bench/run.mjs, from packages/node/dist/cli/bench.js. */
export const BENCH_RUNNER = fileURLToPath(new URL('../../../../bench/run.mjs', import.meta.url));

/** The scenarios of bench/lib.mjs (a test keeps the two lists the same). */
export const BENCH_SCENARIOS = ['verify-limit', 'sm2', 'post-quantum', 'solo-tx', 'anchor', 'records', 'report', 'network', 'contract'] as const;

export interface BenchOptions {
  readonly quick?: boolean;
  readonly runs?: number;
  readonly records?: number;
  readonly dataDir?: string;
  readonly json?: boolean;
}

/** The runner's arguments for these scenarios and options; an unknown scenario is refused here. */
export function benchArgs(scenarios: readonly string[], opts: BenchOptions): string[] {
  for (const s of scenarios) {
    if (!(BENCH_SCENARIOS as readonly string[]).includes(s)) throw badArgument(`"${s}" is not a benchmark scenario; the scenarios are ${BENCH_SCENARIOS.join(', ')}.`);
  }
  if (opts.records !== undefined && opts.records < 1) throw badArgument('--records: give at least one record.');
  if (opts.runs !== undefined && (opts.runs < 1 || opts.runs > 20)) throw badArgument('--runs: give a number of runs from 1 to 20.');
  return [
    ...scenarios,
    ...(opts.quick === true ? ['--quick'] : []),
    ...(opts.runs === undefined ? [] : ['--runs', String(opts.runs)]),
    ...(opts.records === undefined ? [] : ['--records', String(opts.records)]),
    ...(opts.dataDir === undefined ? [] : ['--data-dir', opts.dataDir]),
    ...(opts.json === true ? ['--json'] : []),
  ];
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks of a CreditChain clone (npm run bench): each prints its figure, the reference measured in the same run and their ratio, and writes bench/results/SCENARIO.json')
    .argument('[scenarios...]', `the scenarios to run, all by default: ${BENCH_SCENARIOS.join(', ')}`)
    .option('--quick', 'a small run of each, to see that it works; records no results')
    .option('--runs <n>', 'run each scenario N times, each after measuring verify-limit again; the median run is the figure, every run is listed', parseWhole)
    .option('--records <n>', 'the records of the credit scenarios (records, report)', parseWhole)
    .option('--data-dir <dir>', "keep the report scenario's chain in DIR; run again with the same DIR to measure it without filling it again")
    .option('--json', 'print one JSON object per scenario (scenario, figure, unit, reference, ratio, figures, …)')
    .action(async (scenarios: string[], opts: BenchOptions) => {
      const args = benchArgs(scenarios, opts);
      if (!existsSync(BENCH_RUNNER)) {
        throw new CreditChainError('CLI_FILE_ERROR', `The benchmarks are not here: ${BENCH_RUNNER} is missing. They come with a clone of the CreditChain repository (git clone, npm ci), not with an installed node.`, { path: BENCH_RUNNER });
      }
      const child = spawn(process.execPath, [BENCH_RUNNER, ...args], { stdio: 'inherit' });
      // Ctrl-C reaches the runner through the terminal; the runner stops its nodes itself.
      process.exitCode = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]))));
    });
}
