#!/usr/bin/env node
// `npm run soak`: the reliability suites with long settings, then a summary in
// bench/results/soak.json (cases, crashes, recoveries, anything lost — which must be zero).
//   SOAK_ROUNDS   kill -9 cycles per crash-recovery chain (default 100; the test command runs 5)
//   SOAK_CASES    fuzzing cases of the API and of the offline verifier, each (default 1,000,000;
//                 the test command runs 10,000)
// The suites are the same files `npm test` runs (test/crash-recovery.test.ts, test/api-fuzz.test.ts,
// test/verifier-fuzz.test.ts); only their sizes change.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS, machine } from '../bench/lib.mjs';

const rounds = Number(process.env.SOAK_ROUNDS ?? 100);
const cases = Number(process.env.SOAK_CASES ?? 1_000_000);
const scratch = mkdtempSync(join(tmpdir(), 'creditchain-soak-'));
const out = join(scratch, 'entries.jsonl');
writeFileSync(out, '');
const started = Date.now();
// Hours are allowed per test: 1,000,000 cases take a while on two cores.
const sixHours = String(6 * 3600 * 1000);
const run = spawnSync('npx', ['vitest', 'run', '--testTimeout', sixHours, '--hookTimeout', sixHours, 'test/crash-recovery.test.ts', 'test/api-fuzz.test.ts', 'test/verifier-fuzz.test.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    SOAK_OUT: out,
    CRASH_ROUNDS: String(rounds),
    CRASH_ROUNDS_GM: String(Math.max(1, Math.round(rounds / 4))),
    FUZZ_CASES: String(cases),
  },
});
const entries = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
rmSync(scratch, { recursive: true, force: true });
const total = (k) => entries.reduce((n, e) => n + (e[k] ?? 0), 0);
const summary = {
  scenario: 'soak',
  passed: run.status === 0,
  cases: total('cases'),
  crashes: total('crashes'),
  recoveries: total('recoveries'),
  lost: total('lost'),
  seconds: Math.round((Date.now() - started) / 1000),
  suites: entries,
  parameters: { rounds, cases },
  machine: machine(),
  date: new Date().toISOString(),
};
writeFileSync(join(RESULTS, 'soak.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nsoak: ${summary.passed ? 'passed' : 'FAILED'} — ${summary.cases.toLocaleString('en')} cases, ${summary.crashes} crashes, ${summary.recoveries} recoveries, ${summary.lost} lost, ${summary.seconds} s (bench/results/soak.json)`);
process.exit(summary.passed && summary.lost === 0 ? 0 : 1);
