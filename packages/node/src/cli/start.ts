// `creditchain start`: run a configured node (made with `creditchain init`) until stopped.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { NodeConfig } from '../config.js';
import { NodeService } from '../service.js';
import { note, out, parsePort } from './output.js';
import { serveUntilSignal } from './serve.js';

export function register(program: Command): void {
  program
    .command('start')
    .description('run the node of a data directory made with "creditchain init"')
    .requiredOption('--data <dir>', 'data directory')
    .option('--port <port>', 'HTTP port (default: from config.json)', parsePort)
    .option('--host <host>', 'address to listen on (default: from config.json)')
    .action(async (opts: { data: string; port?: number; host?: string }) => {
      const overrides: Partial<NodeConfig> = {};
      if (opts.port !== undefined) overrides.port = opts.port;
      if (opts.host !== undefined) overrides.host = opts.host;
      const service = await NodeService.start(resolve(opts.data), { overrides });
      out(`CreditChain node running at ${service.url}`);
      out(`  chain id       ${service.chain.genesis.chainId}`);
      out(`  height         ${service.chain.head.header.height}`);
      out(`  verifier key   ${service.chain.verifierKey}`);
      note('Press Ctrl-C to stop.');
      await serveUntilSignal(service);
    });
}
