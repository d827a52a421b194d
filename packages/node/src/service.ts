// A running node: chain + mempool + solo sequencer + HTTP API, started from a data directory.
import type { FastifyInstance } from 'fastify';
import type { DecodedTx } from '@creditchain/core';
import { decodeTxWithSidecars, isTxWithSidecars } from '@creditchain/sdk';
import { buildApi } from './api.js';
import { Chain, type Head } from './chain.js';
import { NodeClock } from './clock.js';
import { ChainEvents } from './events.js';
import { loadConfig, loadGenesis, loadNodeKey, paths, updateConfig, type NodeConfig } from './config.js';
import { Mempool } from './mempool.js';
import { Sequencer } from './sequencer.js';

export interface StartOptions {
  /** Overrides of config.json (e.g. the port from the command line). */
  readonly overrides?: Partial<NodeConfig>;
  readonly log?: (line: string) => void;
}

export class NodeService {
  readonly mempool: Mempool;
  readonly sequencer: Sequencer;
  /** Tells the API's event streams what each committed block changed. */
  readonly events: ChainEvents;
  api!: FastifyInstance;
  url = '';

  private constructor(
    readonly config: NodeConfig,
    readonly chain: Chain,
    readonly log: (line: string) => void,
    /** Where block time comes from: the machine's clock, moved ahead on a dev node (clock.ts). */
    readonly clock: NodeClock,
  ) {
    this.mempool = new Mempool(chain.suite, chain.genesis, config.mempoolSize);
    this.sequencer = new Sequencer(chain, this.mempool, { intervalMs: config.blockIntervalMs, maxBlockTxs: config.maxBlockTxs, waitTimeoutMs: 30_000, now: () => clock.now() });
    this.events = new ChainEvents(chain, log, () => clock.now());
    this.sequencer.on('block', (head, txs) => this.events.onBlock(head, txs));
  }

  /** Opens the data directory, checks the stored chain, and serves the API. */
  static async start(dataDir: string, opts: StartOptions = {}): Promise<NodeService> {
    const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const config = { ...loadConfig(dataDir), ...(opts.overrides ?? {}) };
    const genesis = loadGenesis(dataDir);
    const nodeKey = loadNodeKey(dataDir, config.nodeName);
    const chain = Chain.open(paths(dataDir).db, genesis, nodeKey, {
      onProgress: (done, total) => {
        if (total > 1000) log(`checking stored chain: ${done}/${total} blocks`);
      },
    });
    const clock = new NodeClock(config.clockOffsetMs, config.devClock, (clockOffsetMs) => updateConfig(dataDir, { clockOffsetMs }));
    const service = new NodeService(config, chain, log, clock);
    service.api = await buildApi(service);
    const address = await service.api.listen({ host: config.host, port: config.port });
    service.url = address.replace('[::1]', 'localhost');
    service.sequencer.start();
    return service;
  }

  /**
   * Admits a transaction to the mempool — signed transaction bytes, or a transaction with its
   * sidecars (the envelope of @creditchain/sdk sidecars.ts) — or throws a CreditChainError
   * saying why it is refused; nothing is admitted then.
   */
  submit(bytes: Uint8Array): DecodedTx {
    if (this.sequencer.storageError !== undefined) throw this.sequencer.storageError;
    const head = this.chain.head.header;
    const { tx: txBytes, sidecars } = isTxWithSidecars(bytes) ? decodeTxWithSidecars(bytes) : { tx: bytes, sidecars: [] };
    const tx = this.mempool.admit(txBytes, this.chain.storage, head.height + 1, (id) => this.chain.storage.getTxLocation(id) !== undefined, sidecars);
    this.sequencer.poke();
    return tx;
  }

  /**
   * Moves a dev node's clock ahead (clock.ts) and cuts the block that is then due, if any — the
   * first block of a later day, which runs that day's expiries and deadlines.
   */
  async advanceClock(ms: number): Promise<Head | undefined> {
    this.clock.advance(ms);
    return this.sequencer.cutIfDue();
  }

  async stop(): Promise<void> {
    await this.api.close();
    await this.sequencer.stop();
    await this.chain.close();
  }
}

