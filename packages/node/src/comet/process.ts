// The node runs its own CometBFT as a child process: one command starts a member node, and
// the engine never outlives the application it drives. Its output goes to cometbft.log in the
// data directory. If CometBFT exits while the node runs, the node reports it and stops too —
// a member node without its engine must not keep answering as if it were current.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CreditChainError } from '@creditchain/core';

export interface CometProcessOptions {
  readonly binary: string;
  readonly home: string;
  readonly proxyApp: string;
  readonly logFile: string;
  /** Called when CometBFT exits on its own (not by stop()). */
  readonly onExit: (why: string) => void;
}

export class CometProcess {
  private child: ChildProcess | undefined;
  private stopping = false;

  constructor(private readonly opts: CometProcessOptions) {}

  start(): void {
    if (!existsSync(join(this.opts.home, 'config', 'genesis.json'))) {
      throw new CreditChainError('NODE_BAD_CONFIG', `${this.opts.home} is not a CometBFT home (no config/genesis.json); make the network with "creditchain network init".`);
    }
    const log = createWriteStream(this.opts.logFile, { flags: 'a' });
    const child = spawn(this.opts.binary, ['start', '--home', this.opts.home, '--proxy_app', this.opts.proxyApp], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.on('error', (e) => {
      if (!this.stopping) this.opts.onExit(`CometBFT could not be started (${this.opts.binary}: ${e.message}); install it with "node scripts/install-cometbft.mjs".`);
    });
    child.on('exit', (code, signal) => {
      log.end();
      if (!this.stopping) this.opts.onExit(`CometBFT exited (${signal ?? `code ${code}`}); its log is ${this.opts.logFile}.`);
    });
    this.child = child;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** SIGTERM, and SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
