// The solo engine: this node alone makes the blocks — the embedded default. Transactions wait in
// its mempool, admitted once their signatures are verified by the node's verification threads
// (verify-pool.ts); its sequencer cuts, executes and commits the blocks (sequencer.ts), without
// verifying those signatures again.
import { decodeSignedTx, type DecodedTx } from '@creditchain/core';
import { listActions, type Sidecar } from '@creditchain/ledger';
import type { Chain, Head } from './chain.js';
import type { Committed } from './commit-waiters.js';
import type { NodeConfig } from './config.js';
import { Mempool } from './mempool.js';
import { Sequencer } from './sequencer.js';
import type { VerifyPool } from './verify-pool.js';

/** A transaction's signed bytes and the sidecars delivered with it. */
export interface Submission {
  readonly tx: Uint8Array;
  readonly sidecars: readonly Sidecar[];
}

const noop = () => {};

/**
 * A transaction whose action digest is worth a verification thread's time: its action has one,
 * and it is big enough that hashing it outweighs the thread's decoding and parsing it again —
 * ≈ 400 anchored hashes and up (16 KB). A single-hash anchor's root is 2 hashes, cheaper in its
 * block than a second decode of its body on the threads that verify every signature.
 */
const DIGEST_OFFLOAD_BYTES = 16 * 1024;
const DIGESTED = new Set(listActions().filter((a) => a.digest !== undefined).map((a) => `${a.module}.${a.action}`));

export function offloadsDigest(tx: DecodedTx): boolean {
  return tx.bytes.length >= DIGEST_OFFLOAD_BYTES && DIGESTED.has(`${tx.body.module}.${tx.body.action}`);
}

export class SoloEngine {
  readonly mempool: Mempool;
  readonly sequencer: Sequencer;

  /** Admissions wait here for the ones before them. */
  private admitting: Promise<void> = Promise.resolve();

  constructor(
    private readonly chain: Chain,
    private readonly verifier: VerifyPool,
    config: NodeConfig,
    now: () => number,
    block: (head: Head, txs: readonly DecodedTx[]) => void,
  ) {
    this.mempool = new Mempool(chain.suite, chain.genesis, config.mempoolSize);
    this.sequencer = new Sequencer(chain, this.mempool, { intervalMs: config.blockIntervalMs, maxBlockTxs: config.maxBlockTxs, maxBlockBytes: config.maxBlockBytes, waitTimeoutMs: 30_000, now, settle: () => this.admitting });
    this.sequencer.on('block', block);
  }

  start(): void {
    this.sequencer.start();
  }

  /**
   * Admits transactions to the mempool: for each, the transaction or the error saying why it was
   * refused (nothing of it is admitted then). Their signatures are verified by the verification
   * threads, all at once; they are admitted in the order submitted — across calls too, whichever
   * thread answers first — so one sender's transactions keep their nonce order.
   */
  submitMany(items: readonly Submission[]): Promise<Array<DecodedTx | Error>> {
    const decoded = items.map(({ tx }) => {
      try {
        return decodeSignedTx(this.chain.suite, tx);
      } catch (e) {
        return e as Error;
      }
    });
    const txs = decoded.filter((d): d is DecodedTx => !(d instanceof Error));
    // On a quiet node, or until a verification thread is up, verified here at admission.
    const verdicts = this.verifier.warm(txs.length, txs.reduce((n, t) => n + t.bytes.length, 0))
      ? this.verifier.verify(txs.map((t) => ({ bodyBytes: t.bodyBytes, sigs: t.sigs, digest: offloadsDigest(t) })))
      : Promise.resolve(undefined);
    const turn = this.admitting
      .then(() => verdicts)
      // Admitted between blocks (Sequencer.betweenBlocks), as the thread is the block's first.
      .then((v) => this.sequencer.betweenBlocks().then(() => v))
      .then(
        (v) => this.admitAll(items, decoded, (k) => v?.verdicts[k], (k) => v?.digests[k]),
        (e: Error) => this.admitAll(items, decoded, () => e),
      );
    this.admitting = turn.then(noop, noop);
    return turn;
  }

  private admitAll(items: readonly Submission[], decoded: ReadonlyArray<DecodedTx | Error>, verdictOf: (k: number) => number | Error | undefined, digestOf: (k: number) => Uint8Array | undefined = () => undefined): Array<DecodedTx | Error> {
    const storage = this.chain.storage;
    const committed = (id: Uint8Array) => storage.getTxLocation(id) !== undefined;
    let k = 0;
    const out = decoded.map((d, i) => {
      if (d instanceof Error) return d;
      const digest = digestOf(k);
      const verdict = verdictOf(k++);
      try {
        if (this.sequencer.storageError !== undefined) throw this.sequencer.storageError;
        if (verdict instanceof Error) throw verdict;
        return this.mempool.admit(d, storage, this.chain.head.header.height + 1, committed, items[i]!.sidecars, verdict, digest);
      } catch (e) {
        return e as Error;
      }
    });
    this.sequencer.poke();
    return out;
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
