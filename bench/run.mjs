// npm run bench [-- SCENARIO… [--json]]: runs the named scenarios (all by default), printing
// each figure with its reference measured in the same run, and writing bench/results/*.json.
import { report } from './lib.mjs';

const SCENARIOS = ['verify-limit', 'sm2', 'post-quantum', 'solo-tx', 'anchor'];
const args = process.argv.slice(2);
const json = args.includes('--json');
const names = args.filter((a) => !a.startsWith('--'));
for (const n of names) {
  if (!SCENARIOS.includes(n)) {
    process.stderr.write(`error: unknown scenario "${n}"; the scenarios are: ${SCENARIOS.join(', ')}\n`);
    process.exit(2);
  }
}
const chosen = names.length ? names : SCENARIOS;

const verify = await import('./verify-limit.mjs');
// Every throughput figure is compared with the verify limit of this machine, measured now.
const reference = report(await verify.run(), { json });
for (const name of chosen.filter((n) => n !== 'verify-limit')) {
  const mod = await import(`./${name}.mjs`);
  report(await mod.run({ reference }), { json });
}
