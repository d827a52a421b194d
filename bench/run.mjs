// npm run bench [-- SCENARIO… [--quick] [--runs N] [--records N] [--data-dir DIR] [--json]] (or creditchain
// bench): runs the named scenarios (all by default), printing each figure with its reference
// measured in the same run, writing bench/results/*.json, and a summary table at the end.
// --quick runs the credit and network scenarios (records, report, network) at a small size, to
// check they work, and records no results; --records N sets the number of records of the credit
// scenarios; --data-dir DIR keeps the report scenario's chain in DIR, to measure it again
// without filling it again; --json prints one JSON object per scenario and no table.
// --runs N runs each scenario N times, each time after measuring verify-limit again (this shared
// machine's speed moved by 2x within an hour, session 29): the median run is the result, and every
// run's figure and reference are listed with it, so a figure comes with its spread.
import { medianRun, SCENARIOS, report, summaryTable } from './lib.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const names = [];
let records;
let dataDir;
let runs = 1;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--records') {
    records = Number(args[++i]);
    if (!Number.isSafeInteger(records) || records < 1) {
      process.stderr.write(`error: --records takes a positive whole number, not "${args[i] ?? ''}"\n`);
      process.exit(2);
    }
  } else if (a === '--runs') {
    runs = Number(args[++i]);
    if (!Number.isSafeInteger(runs) || runs < 1 || runs > 20) {
      process.stderr.write(`error: --runs takes a whole number from 1 to 20, not "${args[i] ?? ''}"\n`);
      process.exit(2);
    }
  } else if (a === '--data-dir') {
    dataDir = args[++i];
    if (dataDir === undefined || dataDir.startsWith('--')) {
      process.stderr.write('error: --data-dir takes a directory\n');
      process.exit(2);
    }
  } else if (a === '--json' || a === '--quick') continue;
  else if (a.startsWith('--')) {
    process.stderr.write(`error: unknown option "${a}"; the options are --quick, --runs N, --records N, --data-dir DIR and --json\n`);
    process.exit(2);
  } else names.push(a);
}
for (const n of names) {
  if (!SCENARIOS.includes(n)) {
    process.stderr.write(`error: unknown scenario "${n}"; the scenarios are: ${SCENARIOS.join(', ')}\n`);
    process.exit(2);
  }
}
const chosen = names.length ? names : SCENARIOS;

const verify = await import('./verify-limit.mjs');
// Every throughput figure is compared with the verify limit of this machine, measured now.
const reference = report(await verify.run(), { json, write: !quick });
const results = [reference];
for (const name of chosen.filter((n) => n !== 'verify-limit')) {
  const mod = await import(`./${name}.mjs`);
  results.push(report(await measured(mod), { json, write: !quick }));
}
if (!json) process.stdout.write(`\n${summaryTable(results)}`);

/** The scenario's result: one run, or with --runs N the median of N, each against verify-limit measured just before it. */
async function measured(mod) {
  if (runs === 1) return mod.run({ reference, quick, records, dataDir });
  const all = [];
  for (let i = 0; i < runs; i++) {
    const ref = i === 0 ? reference : await verify.run();
    all.push(await mod.run({ reference: ref, quick, records, dataDir }));
  }
  return medianRun(all);
}
