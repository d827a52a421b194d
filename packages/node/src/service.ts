// A running node, started from a data directory: the chain, the engine that makes its blocks —
// this node alone (solo.ts) or a CometBFT network it is a member of (comet/member.ts) — and the
// HTTP API.
import type { FastifyInstance } from 'fastify';
import { CreditChainError, type DecodedTx } from '@creditchain/core';
import { decodeTxWithSidecars, isTxWithSidecars } from '@creditchain/sdk';
import { PROTOCOL_CHANGES, PROTOCOL_VERSION, readParams } from '@creditchain/ledger';
import { buildApi } from './api.js';
import { Chain, type Head } from './chain.js';
import { NodeClock } from './clock.js';
import { ChainEvents } from './events.js';
import { loadConfig, loadGenesis, loadNodeKey, paths, updateConfig, verifyThreadCount, type NodeConfig } from './config.js';
import type { Committed } from './commit-waiters.js';
import { CometMember } from './comet/member.js';
import { SoloEngine, type Submission } from './solo.js';
import { VerifyPool } from './verify-pool.js';
import { nodeVersion } from './version.js';

export interface StartOptions {
  /** Overrides of config.json (e.g. the port from the command line). */
  readonly overrides?: Partial<NodeConfig>;
  readonly log?: (line: string) => void;
  /** Called if the node cannot go on (a member node's CometBFT exited); by default it logs and exits. */
  readonly onFatal?: (why: string) => void;
}

export class NodeService {
  /** Set when this node makes the blocks alone. */
  readonly solo: SoloEngine | undefined;
  /** Set when this node is a member of a CometBFT network. */
  readonly member: CometMember | undefined;
  /** Tells the API's event streams what each committed block changed. */
  readonly events: ChainEvents;
  /** The threads that verify the signatures of submitted transactions. */
  readonly verifier: VerifyPool;
  api!: FastifyInstance;
  url = '';

  private constructor(
    readonly config: NodeConfig,
    readonly chain: Chain,
    readonly log: (line: string) => void,
    /** Where block time comes from: the machine's clock, moved ahead on a dev node (clock.ts). */
    readonly clock: NodeClock,
    /** The data directory it was started from. */
    readonly dataDir: string,
    /** Called when the node cannot go on (its CometBFT stopped under it). */
    onFatal: (why: string) => void,
  ) {
    this.events = new ChainEvents(chain, log, () => clock.now());
    // A solo node's threads also compute its anchors' batch roots at admission (ActionDef.digest).
    this.verifier = new VerifyPool({ threads: verifyThreadCount(config), ...(config.consensus === 'cometbft' ? {} : { digests: { suite: chain.suite.id, genesis: chain.genesis } }) });
    const block = (head: Head, txs: readonly DecodedTx[]) => this.events.onBlock(head, txs);
    if (config.consensus === 'cometbft') {
      this.solo = undefined;
      this.member = new CometMember(chain, config, dataDir, nodeVersion(), { log, block, fatal: onFatal }, this.verifier);
    } else {
      this.solo = new SoloEngine(chain, this.verifier, config, () => clock.now(), block);
      this.member = undefined;
    }
  }

  /** Opens the data directory, checks the stored chain, and serves the API. */
  static async start(dataDir: string, opts: StartOptions = {}): Promise<NodeService> {
    const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const config = { ...loadConfig(dataDir), ...(opts.overrides ?? {}) };
    const genesis = loadGenesis(dataDir);
    const nodeKey = loadNodeKey(dataDir, config.nodeName);
    const chain = Chain.open(paths(dataDir).db, genesis, nodeKey, {
      consensus: config.consensus,
      ...(config.stateCacheMiB === undefined ? {} : { stateCacheMiB: config.stateCacheMiB }),
      ...(config.stateKeepHeights === undefined ? {} : { stateKeepHeights: config.stateKeepHeights }),
      onProgress: (done, total, what) => {
        if (total > 1000) log(`checking stored chain: ${done}/${total} ${what}`);
      },
    });
    const { protocolVersion } = readParams(chain.suite, chain.storage);
    if (protocolVersion < PROTOCOL_VERSION) {
      const later = Array.from({ length: PROTOCOL_VERSION - protocolVersion }, (_, i) => `${protocolVersion + i + 1}: ${PROTOCOL_CHANGES[protocolVersion + i + 1]}`);
      log(`note: this chain runs protocol version ${protocolVersion} of ${PROTOCOL_VERSION} (it began before the later rules — ${later.join('; ')}); its members move it on with "creditchain propose set-param protocolVersion ${PROTOCOL_VERSION}" — docs/protocol.md, "Protocol versions".`);
    }
    const clock = new NodeClock(config.clockOffsetMs, config.devClock, (clockOffsetMs) => updateConfig(dataDir, { clockOffsetMs }));
    const onFatal =
      opts.onFatal ??
      ((why: string) => {
        log(`error: ${why} The node stops.`);
        void service.stop().finally(() => process.exit(1));
      });
    const service: NodeService = new NodeService(config, chain, log, clock, dataDir, (why) => onFatal(why));
    service.api = await buildApi(service);
    const address = await service.api.listen({ host: config.host, port: config.port });
    service.url = address.replace('[::1]', 'localhost');
    if (service.member !== undefined) await service.member.start();
    else service.solo!.start();
    return service;
  }

  /**
   * Takes a transaction for a block — signed transaction bytes, or a transaction with its
   * sidecars (the envelope of @creditchain/sdk sidecars.ts) — or throws a CreditChainError
   * saying why it is refused; nothing is taken then.
   */
  async submit(bytes: Uint8Array): Promise<DecodedTx> {
    const [result] = await this.submitMany([bytes]);
    if (result instanceof Error) throw result;
    return result!;
  }

  /**
   * Takes several transactions, as `submit` does each, in order; for each, the transaction or the
   * error saying why it was refused. A solo node verifies their signatures all at once, off the
   * main thread.
   */
  async submitMany(list: readonly Uint8Array[]): Promise<Array<DecodedTx | Error>> {
    const items: Submission[] = [];
    const out: Array<DecodedTx | Error | undefined> = list.map((bytes) => {
      try {
        items.push(isTxWithSidecars(bytes) ? decodeTxWithSidecars(bytes) : { tx: bytes, sidecars: [] });
        return undefined;
      } catch (e) {
        return e as Error;
      }
    });
    let taken: Array<DecodedTx | Error>;
    if (this.member === undefined) taken = await this.solo!.submitMany(items);
    else {
      taken = await this.member.submitMany(items);
    }
    let k = 0;
    return out.map((r) => r ?? taken[k++]!);
  }

  /** Resolves when the transaction is in a durable block. */
  waitForCommit(id: Uint8Array): Promise<Committed> {
    return (this.member ?? this.solo!).waitForCommit(id);
  }

  /** Whether a transaction (hex id) was taken and is not in a block yet. */
  isPending(hex: string): boolean {
    return (this.member ?? this.solo!).isPending(hex);
  }

  get pendingCount(): number {
    return (this.member ?? this.solo!).pendingCount;
  }

  /**
   * Moves a dev node's clock ahead (clock.ts) and cuts the block that is then due, if any — the
   * first block of a later day, which runs that day's expiries and deadlines.
   */
  async advanceClock(ms: number): Promise<Head | undefined> {
    this.clock.advance(ms);
    if (this.solo === undefined) throw new CreditChainError('NODE_CLOCK_FIXED', "A network member's block time is the network's; only a dev node can move its clock.");
    return this.solo.sequencer.cutIfDue();
  }

  private stopping: Promise<void> | undefined;

  /** Stops taking requests, then the engine (the block under way is committed), then the store. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.api.close();
      await (this.member ?? this.solo!).stop();
      await this.verifier.close();
      await this.chain.close();
    })();
    return this.stopping;
  }
}
