// `creditchain check --data DIR [--replay]`: checks a stopped node's store as the node does at
// every start (hash links, log tree, checkpoints, state tree against the state index), and with
// --replay executes every block again from genesis and compares it with the stored one
// (replay.ts). What to do when it fails is in docs/reliability.md, "Integrity".
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Chain } from '../chain.js';
import { loadConfig, loadGenesis, loadNodeKey, paths } from '../config.js';
import { replayChain } from '../replay.js';
import { out } from './output.js';
import { createProgress } from './progress.js';

export function register(program: Command): void {
  program
    .command('check')
    .description("check a stopped node's store: hash links, log and state trees, checkpoints; --replay also executes every block again and compares")
    .requiredOption('--data <dir>', 'data directory (the node must be stopped)')
    .option('--replay', 'execute every stored block again from genesis and compare it with the stored block')
    .action(async (opts: { data: string; replay?: boolean }) => {
      const dir = resolve(opts.data);
      const config = loadConfig(dir);
      const checking = ticker('checking');
      const chain = Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, config.nodeName), { consensus: config.consensus, onProgress: checking.at });
      checking.done();
      try {
        const head = chain.head.header;
        const base = chain.storage.base;
        out(`The store is intact: ${base > 0 ? `blocks ${base} to ${head.height} (restored from a state-sync snapshot of block ${base})` : `blocks 0 to ${head.height}`}, ${head.logSize} log entries, ${chain.storage.stateEntryCount()} state entries.`);
        out(`  every header links to the one before, every log entry is in the log tree, every checkpoint is signed by ${chain.verifierKey.split('+')[0]} over its block, and the state tree matches the state index.`);
        if (opts.replay === true) {
          const replaying = ticker('replaying');
          const r = await replayChain(chain, replaying.at);
          replaying.done();
          out(`Replayed ${r.blocks} blocks (${r.transactions} transactions) from genesis in ${r.seconds.toFixed(1)} s: every block recomputed equals the stored one.`);
        }
      } finally {
        await chain.close();
      }
    });
}

/**
 * A progress bar fed with "done of total" (as the chain's checks report it), drawn only for long
 * runs; a new bar for each part of the check (blocks, then state entries).
 */
function ticker(label: string): { at: (done: number, total: number, what?: string) => void; done: () => void } {
  let bar: ReturnType<typeof createProgress> | undefined;
  let part: string | undefined;
  let last = 0;
  return {
    at: (done, total, what) => {
      if (bar === undefined || what !== part) {
        bar?.done();
        bar = createProgress(what === undefined ? label : `${label} ${what}`, total, { minTotal: 1000 });
        part = what;
        last = 0;
      }
      bar.tick(done - last);
      last = done;
    },
    done: () => bar?.done(),
  };
}
