// Signature verification off the main thread: a pool of worker threads (verify-worker.ts) that
// check transactions' signatures in batches, so the node's main thread — HTTP, admission, block
// execution and commits — does not spend its time under load in Ed25519, SM2 or ML-DSA. Given
// the chain's suite and genesis, the threads also compute the transactions' action digests (an
// anchor batch's Merkle root, ActionDef.digest), which the block then takes as computed.
//
// Requests made in the same turn of the event loop are sent together, one message per thread of
// at most `maxBatch` transactions, as one transferred buffer (verify-batch.ts). A transaction goes
// to the thread chosen by its first key (while that keeps the threads evenly loaded), so each
// key's parsed form stays cached in one thread rather than being built again in every one.
//
// A thread that stops (a crash, an out-of-memory) is replaced and the batches it held are sent
// once more to its replacement; a batch that stops a thread twice is refused with INTERNAL, as is
// every batch once threads keep stopping before answering anything. The pool never verifies on
// the calling thread itself: with no threads (`size` 0), on a quiet node whose threads have not
// started, and while they start, the caller verifies synchronously (`warm`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CreditChainError } from '@creditchain/core';
import { packBatch, type DigestContext, type SignedBody } from './verify-batch.js';

export interface VerifyPoolOptions {
  /** Number of threads; 0 for none. */
  readonly threads: number;
  /** Most transactions in one message to a thread (default 512). */
  readonly maxBatch?: number;
  /** The worker script (tests); verify-worker.js of the build by default. */
  readonly workerUrl?: URL;
  /** Given, the threads also compute the transactions' action digests (the solo node's anchors). */
  readonly digests?: DigestContext;
}

/** The threads' answer for a request: a verdict per transaction, and its action digest if computed. */
export interface Verdicts {
  readonly verdicts: Int32Array;
  readonly digests: ReadonlyArray<Uint8Array | undefined>;
}

/**
 * The threads start for a request of this many transactions, or this many within a second, or
 * this many bytes of transactions within a second: a few anchor batches of 10,000 hashes (400 KB
 * each, ≈ 25 ms of hashing for their roots) are work for them too.
 */
const START_BATCH = 16;
const START_RATE = 200;
const START_BYTES = 512 * 1024;

/** Threads that stop this many times in a row without answering anything mean the pool is broken. */
const MAX_FRUITLESS_STARTS = 3;

interface Request {
  readonly verdicts: Int32Array;
  readonly digests: Array<Uint8Array | undefined>;
  remaining: number;
  settled: boolean;
  readonly resolve: (v: Verdicts) => void;
  readonly reject: (e: Error) => void;
}

interface Item {
  readonly req: Request;
  readonly index: number;
  readonly tx: SignedBody;
}

interface Job {
  readonly id: number;
  readonly items: readonly Item[];
  attempts: number;
}

interface Thread {
  readonly worker: Worker;
  readonly inFlight: Map<number, Job>;
  pending: Item[];
  /** The thread has loaded its script and answers. */
  ready: boolean;
}

/** The build's worker script: under vitest, which runs the TypeScript sources, the compiled one. */
function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/verify-worker.js', here) : new URL('./verify-worker.js', here);
}

export class VerifyPool {
  /** Number of threads the pool runs (0 when none are configured or its worker script is missing). */
  readonly size: number;
  private readonly maxBatch: number;
  private readonly workerUrl: URL;
  private readonly digestContext: DigestContext | undefined;
  private threads: Thread[] = [];
  private nextId = 1;
  private flushing = false;
  private closed = false;
  private broken: CreditChainError | undefined;
  private fruitlessStarts = 0;
  /** Transactions asked about (`warm`) in the second from `windowStart`, before the threads start. */
  private windowStart = -Infinity;
  private windowCount = 0;
  private windowBytes = 0;

  constructor(opts: VerifyPoolOptions) {
    this.workerUrl = opts.workerUrl ?? defaultWorkerUrl();
    this.size = opts.threads > 0 && existsSync(fileURLToPath(this.workerUrl)) ? opts.threads : 0;
    this.maxBatch = opts.maxBatch ?? 512;
    this.digestContext = opts.digests;
  }

  /**
   * Whether a thread is up and answering, for a caller about to verify `count` transactions of
   * `bytes` bytes. The threads start only once there is work for them — a request of many
   * transactions, or many transactions or bytes a second — and take a moment to load the crypto
   * code: until one is ready, and on a quiet node, the caller verifies on its own thread, with no
   * start-up burst and no hop.
   */
  warm(count: number, bytes = 0): boolean {
    if (this.closed || this.size === 0 || this.broken !== undefined) return false;
    if (this.threads.length === 0) {
      const now = performance.now();
      if (now - this.windowStart > 1000) {
        this.windowStart = now;
        this.windowCount = 0;
        this.windowBytes = 0;
      }
      this.windowCount += count;
      this.windowBytes += bytes;
      if (count < START_BATCH && this.windowCount < START_RATE && this.windowBytes < START_BYTES) return false;
      this.start();
    }
    return this.threads.some((t) => t.ready);
  }

  /**
   * Verifies each transaction's signatures; resolves with one verdict each: VERIFIED (-1), the
   * index of its first bad signature, or FAILED (-2) when checking it threw (an unknown
   * algorithm: the caller checks that one itself for the exact error); and, for a pool given a
   * DigestContext, each one's action digest (undefined when its action has none or its payload
   * does not parse). Rejects with INTERNAL if the threads could not answer.
   */
  verify(txs: readonly SignedBody[]): Promise<Verdicts> {
    if (this.closed || this.size === 0) return Promise.reject(new CreditChainError('INTERNAL', 'The signature verification threads are not running.'));
    if (this.broken !== undefined) return Promise.reject(this.broken);
    if (txs.length === 0) return Promise.resolve({ verdicts: new Int32Array(0), digests: [] });
    this.start();
    return new Promise((resolve, reject) => {
      const req: Request = { verdicts: new Int32Array(txs.length), digests: new Array<Uint8Array | undefined>(txs.length).fill(undefined), remaining: txs.length, settled: false, resolve, reject };
      const n = this.threads.length;
      // Each thread's share, with some slack: keys keep their thread unless it has too many.
      const quota = Math.ceil(txs.length / n) + Math.ceil(txs.length / (4 * n)) + 8;
      const counts = new Array<number>(n).fill(0);
      txs.forEach((tx, index) => {
        const key = tx.sigs[0]?.key;
        let t = key === undefined || key.length === 0 ? index % n : key[0]! % n;
        if (counts[t]! >= quota) t = counts.indexOf(Math.min(...counts));
        counts[t]!++;
        this.threads[t]!.pending.push({ req, index, tx });
      });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private start(): void {
    if (this.threads.length === 0) this.threads = Array.from({ length: this.size }, () => this.spawn());
  }

  /** Stops the threads; what they still held is refused. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    // Not an internal error: the transactions were not admitted, and their senders may send them again.
    const stopped = new CreditChainError('NODE_STOPPING', 'The node is stopping: it stopped before the signatures were verified, and the transaction was not accepted. Send it again once the node runs.');
    for (const t of threads) {
      for (const job of t.inFlight.values()) fail(job.items, stopped);
      fail(t.pending, stopped);
    }
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private spawn(): Thread {
    const worker = new Worker(this.workerUrl, { workerData: this.digestContext });
    const thread: Thread = { worker, inFlight: new Map(), pending: [], ready: false };
    worker.unref();
    worker.on('message', (msg: { id: number; verdicts: Int32Array; digests?: ReadonlyArray<Uint8Array | null> } | { ready: true }) => {
      if ('ready' in msg) {
        thread.ready = true;
        return;
      }
      const job = thread.inFlight.get(msg.id);
      if (job === undefined) return;
      thread.inFlight.delete(msg.id);
      this.fruitlessStarts = 0;
      if (thread.inFlight.size === 0) worker.unref();
      job.items.forEach((item, k) => {
        const { req } = item;
        if (req.settled) return;
        req.verdicts[item.index] = msg.verdicts[k]!;
        req.digests[item.index] = msg.digests?.[k] ?? undefined;
        if (--req.remaining === 0) {
          req.settled = true;
          req.resolve({ verdicts: req.verdicts, digests: req.digests });
        }
      });
    });
    // An uncaught error in the thread ends it: handled at 'exit'.
    worker.on('error', () => {});
    worker.on('exit', () => this.replace(thread));
    return thread;
  }

  /** A thread stopped: its batches go once more to a new thread, or are refused. */
  private replace(dead: Thread): void {
    const at = this.threads.indexOf(dead);
    if (at < 0) return; // closed
    const jobs = [...dead.inFlight.values()];
    if (jobs.length > 0 || dead.pending.length > 0) this.fruitlessStarts++;
    if (this.fruitlessStarts >= MAX_FRUITLESS_STARTS) {
      this.broken = new CreditChainError('INTERNAL', `The signature verification threads stopped ${MAX_FRUITLESS_STARTS} times in a row without answering; signatures cannot be verified.`);
      this.threads.splice(at, 1);
      for (const job of jobs) fail(job.items, this.broken);
      fail(dead.pending, this.broken);
      for (const t of this.threads.splice(0)) {
        for (const job of t.inFlight.values()) fail(job.items, this.broken);
        fail(t.pending, this.broken);
        void t.worker.terminate();
      }
      return;
    }
    const fresh = this.spawn();
    fresh.pending = dead.pending;
    this.threads[at] = fresh;
    for (const job of jobs) {
      if (job.attempts >= 2) fail(job.items, new CreditChainError('INTERNAL', 'A signature verification thread stopped twice while verifying these transactions; they were not verified.'));
      else this.post(fresh, job.items, job.attempts + 1);
    }
    if (fresh.pending.length > 0 && !this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushing = false;
    for (const t of this.threads) {
      const items = t.pending;
      t.pending = [];
      for (let i = 0; i < items.length; i += this.maxBatch) this.post(t, items.slice(i, i + this.maxBatch), 1);
    }
  }

  private post(thread: Thread, items: readonly Item[], attempts: number): void {
    const live = items.filter((item) => !item.req.settled);
    if (live.length === 0) return;
    const job: Job = { id: this.nextId++, items: live, attempts };
    const batch = packBatch(live.map((item) => item.tx));
    thread.inFlight.set(job.id, job);
    thread.worker.ref();
    thread.worker.postMessage({ id: job.id, batch }, [batch]);
  }
}

function fail(items: readonly Item[], e: Error): void {
  for (const { req } of items) {
    if (req.settled) continue;
    req.settled = true;
    req.reject(e);
  }
}
