// `creditchain dev`: one command for a working node on a laptop. The first run creates a data
// directory with demo accounts and their keys; later runs start the same chain again.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { getSuite } from '@creditchain/core';
import { loadGenesis, paths } from '../config.js';
import { DEMO_ACCOUNTS, initDevDataDir, isDataDir } from '../dev.js';
import { NodeService } from '../service.js';
import { describeDuration } from './clock.js';
import { readJsonFile, writeJsonFile } from './files.js';
import { badArgument, note, out, parsePort } from './output.js';
import { serveUntilSignal } from './serve.js';

export const DEFAULT_DEV_DIR = join('.creditchain', 'dev');

/** How to name a path in a hint: relative when it is under the current directory. */
export function shownPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/') ? rel : p;
}

export function register(program: Command): void {
  program
    .command('dev')
    .description('run a local node with demo accounts; the first run creates its data directory')
    .option('--port <port>', "HTTP port (default: the data directory's, 7700 for a new one)", parsePort)
    .option('--data <dir>', 'data directory', DEFAULT_DEV_DIR)
    .option('--suite <suite>', 'crypto suite of a new chain: intl (SHA-256, Ed25519) or gm (SM3, SM2)')
    .action(async (opts: { port?: number; data: string; suite?: string }) => {
      await dev(opts);
    });
}

async function dev(opts: { port?: number; data: string; suite?: string }): Promise<void> {
  const dir = resolve(opts.data);
  const created = !isDataDir(dir);
  if (created) {
    if (opts.suite !== undefined) getSuite(opts.suite); // an unknown suite is refused before anything is written
    initDevDataDir(dir, { ...(opts.port === undefined ? {} : { port: opts.port }), ...(opts.suite === undefined ? {} : { suite: opts.suite }) });
  } else if (opts.suite !== undefined && loadGenesis(dir).cryptoSuite !== opts.suite) {
    throw badArgument(`${shownPath(dir)} holds a chain of the ${loadGenesis(dir).cryptoSuite} suite; a chain's suite is fixed at genesis. Use another --data directory for a ${opts.suite} chain.`);
  }
  if (!created && opts.port !== undefined) {
    // Keep config.json's port the one the node listens on, so `anchor --data DIR` finds it.
    const file = paths(dir).config;
    const config = readJsonFile(file, 'a node configuration') as Record<string, unknown>;
    if (config.port !== opts.port) writeJsonFile(file, { ...config, port: opts.port });
  }
  const service = await NodeService.start(dir);
  const keyDir = paths(dir).keys;
  const demoKeys = existsSync(keyDir) ? readdirSync(keyDir).filter((f) => f.endsWith('.json')).sort() : [];
  const dataArg = resolve(DEFAULT_DEV_DIR) === dir ? '' : ` --data ${shownPath(dir)}`;
  const vkey = service.chain.verifierKey;
  out(`CreditChain dev node running at ${service.url}`);
  out(`  chain id       ${service.chain.genesis.chainId} (crypto suite ${service.chain.suite.id}: ${service.chain.suite.hashName}, ${service.chain.suite.signatureName})`);
  out(`  data dir       ${dir} (${created ? 'created now' : 'existing chain, height ' + service.chain.head.header.height})`);
  out(`  demo keys      ${demoKeys.length === 0 ? 'none in this data directory' : `${keyDir}/ (${demoKeys.map((f) => f.slice(0, -5)).join(', ')})`}`);
  out(`  verifier key   ${vkey}`);
  if (service.clock.offsetMs > 0) out(`  clock          ${describeDuration(service.clock.offsetMs)} ahead of this machine's (creditchain clock advance)`);
  out(`  web console    ${service.url}/   (explorer, receipt verifier, subject, member and regulator portals, vouchers, contracts)`);
  out(`  API docs       ${service.url}/docs (OpenAPI: ${service.url}/openapi.json)`);
  out('');
  out('Try it, in another terminal in this directory:');
  out(`  npx creditchain anchor <file>${dataArg}          # anchors it as ${DEMO_ACCOUNTS[0]!.name}, writes <file>.receipt.json`);
  out(`  npx creditchain verify <file> --trust ${vkey}`);
  out(`  npx creditchain records categories${dataArg}                 # what may be recorded, by whom, for how long`);
  out(`  npx creditchain records import <file.csv> --as demo-bank${dataArg}   # then: records review 1-… --publish --as demo-bank-reviewer`);
  out(`  npx creditchain report 11010519491231002X --as demo-person --out report.json${dataArg}`);
  out(`  npx creditchain verify report.json --trust ${vkey}`);
  out(`  npx creditchain consent grant --org bank-a --purpose loan-application --days 30 --as demo-person${dataArg}   # then: query … --consent 1 --as demo-bank`);
  out(`  npx creditchain clock advance 21d${dataArg}                # see deadlines pass and records expire`);
  out(`  npx creditchain demo coupons${dataArg}                     # a city's coupons issued, spent, redeemed and traced (also: drafts, points)`);
  out('  npx creditchain contract init my-loan --template loan     # an agreement that files a missed instalment by itself (docs/contracts.md)');
  out('');
  note('Press Ctrl-C to stop.');
  await serveUntilSignal(service);
}
