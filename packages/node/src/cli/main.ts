// The `creditchain` command. Each command is one file of this folder exporting `register`;
// to add one (bench, tx, query…), write it and list it in COMMANDS below.
import { Command } from 'commander';
import * as account from './account.js';
import { nodeVersion } from '../version.js';
import * as anchor from './anchor.js';
import * as bench from './bench.js';
import * as check from './check.js';
import * as clock from './clock.js';
import * as complaint from './complaint.js';
import * as consent from './consent.js';
import * as contract from './contract.js';
import * as demo from './demo.js';
import * as dev from './dev.js';
import * as erase from './erase.js';
import * as init from './init.js';
import * as keys from './keys.js';
import * as network from './network.js';
import * as objection from './objection.js';
import * as org from './org.js';
import { describeError } from './output.js';
import * as points from './points.js';
import * as proposals from './proposals.js';
import * as query from './query.js';
import * as records from './records.js';
import * as repair from './repair.js';
import * as report from './report.js';
import * as propose from './propose.js';
import * as start from './start.js';
import * as subject from './subject.js';
import * as verify from './verify.js';
import * as vote from './vote.js';
import * as voucher from './voucher.js';

export const COMMANDS: ReadonlyArray<{ register(program: Command): void }> = [dev, init, start, check, network, keys, anchor, verify, org, account, propose, vote, proposals, subject, records, report, consent, query, objection, complaint, repair, erase, clock, voucher, points, contract, demo, bench];

export function createProgram(): Command {
  const program = new Command('creditchain')
    .description('CreditChain: a consortium blockchain for credit information')
    .version(nodeVersion())
    .showHelpAfterError('(run "creditchain help" for the commands and their options)');
  for (const c of COMMANDS) c.register(program);
  return program;
}

try {
  await createProgram().parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`${describeError(e)}\n`);
  process.exit(1);
}
