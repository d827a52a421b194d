// The solo engine: this node alone makes the blocks — the embedded default. Transactions wait in
// its mempool; its sequencer cuts, executes and commits the blocks (sequencer.ts).
import type { DecodedTx } from '@creditchain/core';
import type { Sidecar } from '@creditchain/ledger';
import type { Chain, Head } from './chain.js';
import type { Committed } from './commit-waiters.js';
import type { NodeConfig } from './config.js';
import { Mempool } from './mempool.js';
import { Sequencer } from './sequencer.js';

export class SoloEngine {
  readonly mempool: Mempool;
  readonly sequencer: Sequencer;

  constructor(
    private readonly chain: Chain,
    config: NodeConfig,
    now: () => number,
    block: (head: Head, txs: readonly DecodedTx[]) => void,
  ) {
    this.mempool = new Mempool(chain.suite, chain.genesis, config.mempoolSize);
    this.sequencer = new Sequencer(chain, this.mempool, { intervalMs: config.blockIntervalMs, maxBlockTxs: config.maxBlockTxs, waitTimeoutMs: 30_000, now });
    this.sequencer.on('block', block);
  }

  start(): void {
    this.sequencer.start();
  }

  /** Admits a transaction to the mempool, or throws why not; nothing is admitted then. */
  submit(txBytes: Uint8Array, sidecars: readonly Sidecar[]): DecodedTx {
    if (this.sequencer.storageError !== undefined) throw this.sequencer.storageError;
    const storage = this.chain.storage;
    const tx = this.mempool.admit(txBytes, storage, this.chain.head.header.height + 1, (id) => storage.getTxLocation(id) !== undefined, sidecars);
    this.sequencer.poke();
    return tx;
  }

  waitForCommit(id: Uint8Array): Promise<Committed> {
    return this.sequencer.waitForCommit(id);
  }

  isPending(hex: string): boolean {
    return this.mempool.has(hex);
  }

  get pendingCount(): number {
    return this.mempool.size;
  }

  stop(): Promise<void> {
    return this.sequencer.stop();
  }
}
