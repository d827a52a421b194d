// A member node of a CometBFT network: the ABCI application (abci/app.ts) served on the
// configured address, the node's own CometBFT started as a child (process.ts), and the path of
// a submitted transaction — checked here first (a clear error at once), its sidecars kept on
// this node, then broadcast into CometBFT's mempool, whose CheckTx answer is the client's.
// Clients waiting for a commit are told when the block that holds their transaction is durable.
// The other members receive the transaction without its sidecars, and fetch them from the
// members that hold them (sidecar-sync.ts).
import { join } from 'node:path';
import { CreditChainError, ERROR_CODES, toHex, type DecodedTx, type ErrorCode } from '@creditchain/core';
import type { Sidecar } from '@creditchain/ledger';
import { CreditChainApp } from '../abci/app.js';
import { AbciServer } from '../abci/server.js';
import type { Chain, Head } from '../chain.js';
import { CommitWaiters, type Committed } from '../commit-waiters.js';
import type { NodeConfig } from '../config.js';
import { DEFAULT_SIDECAR_CAPACITY } from '../mempool.js';
import { admitSidecars, type DeliveredSidecar } from '../sidecars.js';
import { installedCometbftBinary } from './home.js';
import { CometProcess } from './process.js';
import { rpcBroadcastTxSyncMany } from './rpc.js';
import { SidecarSync } from './sidecar-sync.js';
import { SnapshotStore } from '../snapshot/store.js';
import type { VerifyPool } from '../verify-pool.js';

export interface MemberHooks {
  readonly log: (line: string) => void;
  /** A committed block, for the event streams. */
  readonly block: (head: Head, txs: readonly DecodedTx[]) => void;
  /** CometBFT stopped under the node: the node must stop too. */
  readonly fatal: (why: string) => void;
}

export class CometMember {
  readonly app: CreditChainApp;
  readonly waiters: CommitWaiters;
  /** Fetches the sidecars this node was not delivered from the other members. */
  readonly sidecarSync: SidecarSync;
  private readonly server: AbciServer;
  private readonly engine: CometProcess;
  /** Transactions broadcast from this node and not yet committed, with the sidecars delivered with them. */
  private readonly held = new Map<string, { expires: number; sidecars: readonly DeliveredSidecar[] }>();
  private heldBytes = 0;

  constructor(
    private readonly chain: Chain,
    private readonly config: NodeConfig,
    dataDir: string,
    version: string,
    private readonly hooks: MemberHooks,
    /** The node's signature verification threads, for the API's intake and CometBFT's requests. */
    private readonly verifier?: VerifyPool,
  ) {
    const comet = config.cometbft!;
    this.waiters = new CommitWaiters(chain, 30_000);
    const snapshots = { store: new SnapshotStore(chain.storage.path, chain.suite, config.snapshotKeep), interval: config.snapshotInterval };
    this.app = new CreditChainApp(chain, { sidecarsOf: (txs) => this.sidecarsOf(txs), committed: (head, txs) => this.committed(head, txs), restored: (head) => this.restored(head), log: hooks.log }, version, snapshots, verifier);
    this.server = new AbciServer(this.app, { log: hooks.log });
    this.sidecarSync = new SidecarSync(chain, { peers: config.peers ?? [], log: hooks.log });
    this.engine = new CometProcess({
      binary: comet.binary ?? installedCometbftBinary(),
      home: join(dataDir, comet.home),
      proxyApp: config.abci!,
      logFile: join(dataDir, 'cometbft.log'),
      onExit: hooks.fatal,
    });
  }

  /** Serves the application, then starts CometBFT, which connects to it and replays what it lacks. */
  async start(): Promise<void> {
    await this.server.listen(this.config.abci!);
    this.engine.start();
    this.sidecarSync.start();
  }

  /** Checks a transaction, keeps its sidecars, and hands it to CometBFT's mempool, or throws why not. */
  async submit(txBytes: Uint8Array, sidecars: readonly Sidecar[]): Promise<DecodedTx> {
    const [r] = await this.submitMany([{ tx: txBytes, sidecars }]);
    if (r instanceof Error) throw r;
    return r!;
  }

  /**
   * Checks transactions in order, keeps their sidecars, and hands those that pass to CometBFT's
   * mempool in one JSON-RPC batch, in the same order (so a sender's nonces reach CheckTx in
   * turn); for each, the transaction or why it was refused.
   */
  async submitMany(items: ReadonlyArray<{ readonly tx: Uint8Array; readonly sidecars: readonly Sidecar[] }>): Promise<Array<DecodedTx | Error>> {
    // Under load their signatures go to the verification threads first, all at once; the checks
    // below then find them verified.
    await this.app.check.verifyAhead(this.verifier, items.map((i) => i.tx));
    const out: Array<DecodedTx | Error> = [];
    const sent: Array<{ index: number; bytes: Uint8Array; hex: string }> = [];
    const ahead = new Map<string, number>();
    items.forEach(({ tx: txBytes, sidecars }, index) => {
      try {
        const tx = this.app.check.peek(txBytes, ahead);
        const hex = toHex(tx.id);
        if (this.held.has(hex)) throw new CreditChainError('TX_DUPLICATE', `Transaction ${hex} was already received.`, { id: hex });
        const delivered = admitSidecars(this.chain.suite, this.chain.storage, tx, sidecars);
        const size = delivered.reduce((n, s) => n + s.bytes.length, 0);
        if (size > 0 && this.heldBytes + size > DEFAULT_SIDECAR_CAPACITY) {
          throw new CreditChainError('NODE_OVERLOADED', `The node is busy: ${this.heldBytes} bytes of sidecars are waiting for a block. Retry shortly.`, { pendingSidecarBytes: this.heldBytes });
        }
        this.held.set(hex, { expires: tx.body.expires, sidecars: delivered });
        this.heldBytes += size;
        ahead.set(tx.body.sender, tx.body.nonce + 1);
        sent.push({ index, bytes: txBytes, hex });
        out.push(tx);
      } catch (e) {
        out.push(e as Error);
      }
    });
    let replies: Awaited<ReturnType<typeof rpcBroadcastTxSyncMany>>;
    try {
      replies = await rpcBroadcastTxSyncMany(this.config.cometbft!.rpc, sent.map((s) => s.bytes));
    } catch (e) {
      for (const s of sent) {
        this.release(s.hex);
        out[s.index] = e as Error;
      }
      return out;
    }
    sent.forEach((s, k) => {
      const r = replies[k]!;
      if (r instanceof Error || r.code !== 0) {
        this.release(s.hex);
        if (r instanceof Error) out[s.index] = r;
        else {
          const code = new TextDecoder().decode(r.data);
          out[s.index] = new CreditChainError(code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', r.log === '' ? 'The network refused the transaction.' : r.log);
        }
      }
    });
    return out;
  }

  waitForCommit(id: Uint8Array): Promise<Committed> {
    return this.waiters.wait(id);
  }

  isPending(hex: string): boolean {
    return this.held.has(hex);
  }

  get pendingCount(): number {
    return this.held.size;
  }

  /** Stops fetching sidecars, then CometBFT (it stops asking), then the ABCI server. */
  async stop(): Promise<void> {
    await this.sidecarSync.stop();
    await this.engine.stop();
    await this.server.close();
    this.waiters.clear();
  }

  private sidecarsOf(txs: readonly DecodedTx[]): Map<string, readonly DeliveredSidecar[]> {
    const out = new Map<string, readonly DeliveredSidecar[]>();
    for (const tx of txs) {
      const h = this.held.get(toHex(tx.id));
      if (h !== undefined && h.sidecars.length > 0) out.set(toHex(tx.id), h.sidecars);
    }
    return out;
  }

  private committed(head: Head, txs: readonly DecodedTx[]): void {
    for (const tx of txs) this.release(toHex(tx.id));
    // A transaction past its expiry height can no longer commit: forget it and its sidecars.
    for (const [hex, h] of this.held) if (h.expires < head.header.height) this.release(hex);
    this.waiters.committed(head, txs);
    this.sidecarSync.blockCommitted(txs);
    this.hooks.block(head, txs);
  }

  private restored(head: Head): void {
    this.waiters.committed(head, []);
    this.sidecarSync.restored();
    this.hooks.block(head, []);
  }

  private release(hex: string): void {
    const h = this.held.get(hex);
    if (h === undefined) return;
    this.held.delete(hex);
    this.heldBytes -= h.sidecars.reduce((n, s) => n + s.bytes.length, 0);
  }
}
