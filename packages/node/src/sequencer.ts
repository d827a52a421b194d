// The solo sequencer: the embedded default consensus. It cuts a block every `intervalMs` or as
// soon as a full block waits (`maxBlockTxs` transactions, or `maxBlockBytes` of them), executes
// it, commits it durably with its signed checkpoint, and only then tells the waiting clients.
// Blocks commit one at a time, in order; a block executes in turns of the event loop, which
// answers requests meanwhile (turns.ts), and under a backlog of full blocks the next executes
// while the one before is written. A quiet chain still gets a block once the UTC day has turned
// since the last one: the ledger's time-based rules (records expiring, objection deadlines) run
// in the first block of a day, and should not wait for the next transaction.
import { EventEmitter } from 'node:events';
import { CreditChainError, type DecodedTx } from '@creditchain/core';
import { dayOf, type BlockOutcome } from '@creditchain/ledger';
import { CommitWaiters, type Committed } from './commit-waiters.js';
import type { Chain, Head, Pending } from './chain.js';
import type { Mempool } from './mempool.js';
import { DEFAULT_TURN_MS, inTurns } from './turns.js';

export interface SequencerOptions {
  readonly intervalMs: number;
  readonly maxBlockTxs: number;
  /**
   * The most bytes of transactions (as signed) a block holds; unset, no limit but `maxBlockTxs`.
   * A transaction larger alone still makes a block of its own.
   */
  readonly maxBlockBytes?: number;
  /** How long a client may wait for its commit before NODE_TIMEOUT. */
  readonly waitTimeoutMs: number;
  /** Where block time comes from (the node's clock, clock.ts); the machine's clock by default. */
  readonly now?: () => number;
  /**
   * Resolves once the transactions received so far are admitted or refused (their signatures
   * checked on the verification threads). A cut waits for it: see cutWhileDue.
   */
  readonly settle?: () => Promise<unknown>;
  /**
   * While a block is executed and its writes gathered, the event loop gets a turn at least this
   * often (turns.ts), to read and answer requests: DEFAULT_TURN_MS by default.
   */
  readonly turnMs?: number;
}


export const DEFAULT_SEQUENCER: SequencerOptions = { intervalMs: 200, maxBlockTxs: 5000, waitTimeoutMs: 30_000 };

export class Sequencer extends EventEmitter<{ block: [Head, readonly DecodedTx[]] }> {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy: Promise<void> | undefined;
  /** When the last cut started (performance.now()), for the next one's timer. */
  private lastCut = 0;
  /** The last block cut, while its write is under way. */
  private writing: Writing | undefined;
  /** Resolves when the block being executed and gathered is done with the event loop's thread. */
  private stepping: Promise<void> | undefined;
  readonly waiters: CommitWaiters;
  /** Set when the store refused a write; cleared by the next successful commit. */
  storageError: CreditChainError | undefined;

  constructor(
    private readonly chain: Chain,
    private readonly mempool: Mempool,
    readonly opts: SequencerOptions = DEFAULT_SEQUENCER,
  ) {
    super();
    this.waiters = new CommitWaiters(chain, opts.waitTimeoutMs);
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  /** Stops cutting blocks, after the block in progress is committed. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.busy;
    this.waiters.clear();
  }

  /** Called after an admission: a full block is cut at once rather than at the next tick. */
  poke(): void {
    if (this.fullBlockWaits() && this.busy === undefined && this.running) void this.startCut();
  }

  /** Whether a full block waits: `maxBlockTxs` transactions, or `maxBlockBytes` of their bytes. */
  private fullBlockWaits(): boolean {
    return this.mempool.size >= this.opts.maxBlockTxs || this.mempool.bytes >= (this.opts.maxBlockBytes ?? Number.POSITIVE_INFINITY);
  }

  /**
   * Resolves once no block is being executed or gathered. Admissions wait for it (solo.ts): the
   * transactions they take in cannot join the block under way, and the block's clients would
   * wait for them; reads are answered meanwhile.
   */
  betweenBlocks(): Promise<void> {
    return this.stepping ?? Promise.resolve();
  }

  /** Resolves when the transaction is committed (its block is durable). */
  waitForCommit(id: Uint8Array): Promise<Committed> {
    return this.waiters.wait(id);
  }

  private schedule(): void {
    if (!this.running) return;
    // The interval runs from the start of the last cut, not its end: a block that took 150 ms to
    // execute and commit is followed by the next one 50 ms later, not 200.
    const since = performance.now() - this.lastCut;
    this.timer = setTimeout(() => void this.startCut(), this.storageError === undefined ? Math.max(0, this.opts.intervalMs - since) : 1000);
  }

  /** True when transactions wait, or the node's clock is in a later UTC day than the head block. */
  private due(): boolean {
    return this.mempool.size > 0 || dayOf(this.now()) > dayOf((this.writing?.pending.head ?? this.chain.head).header.time);
  }

  private get turnMs(): number {
    return this.opts.turnMs ?? DEFAULT_TURN_MS;
  }

  private now(): number {
    return this.opts.now === undefined ? Date.now() : this.opts.now();
  }

  /**
   * Cuts a block now if one is due (after the node's clock moved: see clock.ts) and resolves
   * with its head, or with undefined when none is due.
   */
  async cutIfDue(): Promise<Head | undefined> {
    while (this.busy !== undefined) await this.busy;
    if (!this.running || !this.due()) return undefined;
    const before = this.chain.head.header.height;
    await this.startCut();
    if (this.storageError !== undefined) throw this.storageError;
    return this.chain.head.header.height > before ? this.chain.head : undefined;
  }

  /** Starts cutting; `busy` is this work until it ends (then the next tick is scheduled). */
  private startCut(): Promise<void> {
    this.lastCut = performance.now();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const work = this.cutWhileDue().finally(() => {
      this.busy = undefined;
      this.schedule();
    });
    this.busy = work;
    return work;
  }

  private async cutWhileDue(): Promise<void> {
    try {
      if (!(await this.settleIntake())) return;
      if (this.due()) await this.cutOne();
      // A backlog of full blocks is worked off at once, yielding to the event loop between
      // blocks, each executed on top of the one before while that is written. What arrived
      // during a block is admitted before the test (admissions wait for the block's steps,
      // solo.ts): tested first, it was not counted, and a backlog that arrived during a block
      // waited for the write. Short of a full block the next waits for the write: the larger
      // block that follows costs less a record than two small ones. Cut as soon as an interval
      // had passed, they were cut every ≈ 0.2 s, and a fill to 400,000 records ran 28 % slower;
      // cut once half of a 1 MiB block waited, a bulk load at 1.8 M records ran blocks of 4
      // transactions on top of each write, 10 % slower than blocks of 14 that waited for it
      // (performance.md, session 26).
      while (this.running && this.storageError === undefined) {
        if (!(await this.settleIntake())) return;
        if (!this.fullBlockWaits()) break;
        this.lastCut = performance.now();
        await this.cutOne();
      }
    } finally {
      // The cut ends with its last block durable and its clients told.
      const last = this.writing;
      this.writing = undefined;
      if (last !== undefined) await this.land(last);
    }
  }

  /**
   * Lets the event loop read the requests that arrived while the last block executed, and waits
   * until those are admitted; false once the sequencer is stopping.
   */
  private async settleIntake(): Promise<boolean> {
    // Requests that arrived while the last block executed are still unread when this timer
    // fires (Node runs timers before it polls for I/O), and then spend a few milliseconds on
    // the verification threads. Cut at once, and under load a block's transactions all miss
    // the next tick and wait a whole interval more: blocks fell to one every 400 ms at 4,500
    // tx/s in the solo-tx bench. So the sequencer lets the event loop read them, and waits
    // until those are admitted (those arriving meanwhile go to the next block).
    // Never more than an interval, whatever the threads do.
    await new Promise((r) => setImmediate(r));
    if (this.opts.settle === undefined) return this.running;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.opts.settle(), new Promise((r) => (timer = setTimeout(r, this.opts.intervalMs)))]);
    clearTimeout(timer);
    return this.running;
  }

  /**
   * Executes the next block — on top of the block being written, if one is, which lands
   * meanwhile — and, once that one has landed, starts writing this one. Signatures were
   * verified, and action digests computed, at admission by this process
   * (BlockInput.verifySignatures, BlockInput.digests).
   * Until a block lands its transactions stay counted in the mempool (nonces, duplicates), and
   * requests read the store and the head of the block before. The execution and the gathering
   * of the writes run in turns of the event loop (turns.ts), so requests are answered meanwhile.
   */
  private async cutOne(): Promise<void> {
    let stepped!: () => void;
    this.stepping = new Promise<void>((r) => (stepped = r));
    try {
      await this.stepOne();
    } finally {
      this.stepping = undefined;
      stepped();
    }
  }

  private async stepOne(): Promise<void> {
    const before = this.writing;
    this.writing = undefined;
    const txs = this.mempool.take(this.opts.maxBlockTxs, this.opts.maxBlockBytes);
    // The block before is landed — its clients told — as soon as it is durable, while this one
    // executes on top of it: told after this execution, they waited a block more.
    const landed = before === undefined ? undefined : settledOutcome(this.land(before, txs));
    let outcome: BlockOutcome;
    try {
      outcome = await inTurns(this.chain.executeSteps(txs, this.now(), false, undefined, (tx) => this.mempool.digestOf(tx), before?.pending), this.turnMs);
    } catch (e) {
      if (landed === undefined || (await unwrap(landed))) this.mempool.putBack(txs);
      throw e;
    }
    if (landed !== undefined && !(await unwrap(landed))) return;
    try {
      this.writing = { txs, outcome, pending: await inTurns(this.chain.beginCommitSteps(outcome, this.mempool.sidecarsOf(txs)), this.turnMs) };
    } catch (e) {
      this.mempool.putBack(txs);
      if (!this.refused(e)) throw e;
    }
  }

  /**
   * Waits until a block being written is durable, then tells its clients. If the disk refused
   * it, its transactions go back to the front of the mempool, followed by `after` (taken since,
   * for the block executed on top of it), and false is returned.
   */
  private async land(w: Writing, after: readonly DecodedTx[] = []): Promise<boolean> {
    let head: Head;
    try {
      head = await w.pending.written;
    } catch (e) {
      this.mempool.putBack([...w.txs, ...after]);
      if (!this.refused(e)) throw e;
      return false;
    }
    this.storageError = undefined;
    this.mempool.committed(w.txs);
    this.waiters.committed(head, w.txs, w.outcome.results);
    this.emit('block', head, w.txs);
    return true;
  }

  /** Records a write the store refused (NODE_STORAGE_FULL): cuts then wait a second. */
  private refused(e: unknown): boolean {
    if (!(e instanceof CreditChainError) || e.code !== 'NODE_STORAGE_FULL') return false;
    this.storageError = e;
    return true;
  }
}

/**
 * A promise's outcome held as a value: a rejection while nobody awaits it yet (the block before
 * failing while this one executes) must not count as unhandled.
 */
function settledOutcome<T>(p: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

async function unwrap<T>(p: Promise<{ value: T } | { error: unknown }>): Promise<T> {
  const r = await p;
  if ('error' in r) throw r.error;
  return r.value;
}

/** A block whose write is under way, with what it carried. */
interface Writing {
  readonly txs: readonly DecodedTx[];
  readonly outcome: BlockOutcome;
  readonly pending: Pending;
}
