// Sidecars reach every member node. A transaction's sidecars are delivered to the one node the
// client sent it to; every other member commits the block with the commitments only, and its
// store queues what it lacks (storage.ts, `sidecar-missing`, in the block's own write). This
// worker fetches each queued sidecar from the other members' APIs — GET
// /v1/peer/sidecars/:commitment, signed with this node's validator key (node-auth) — checks the
// bytes against the commitment with the chain's suite, and stores them at the height of their
// block. It runs in the background: a few fetches at a time, every peer tried in turn (starting
// with a different one each round), rounds retried with exponential backoff.
//
// What it never does: fetch a sidecar its chain has erased (an erasure takes the commitment off
// the queue, and the queue is read again just before each fetch and each store), store bytes
// that do not open the commitment (that peer is not asked for it again), or ask elsewhere in a
// round in which a peer said the sidecar was erased (this node's chain will say so too).
import { concatBytes, toHex, type DecodedTx } from '@creditchain/core';
import { MAX_SIDECAR_BYTES } from '@creditchain/ledger';
import { routePath, signNodeHeaders } from '@creditchain/sdk';
import type { Chain } from '../chain.js';
import { checkFetchedSidecar } from '../sidecars.js';

export interface SidecarSyncOptions {
  /** The other member nodes' API base URLs (config.json `peers`). */
  readonly peers: readonly string[];
  readonly log: (line: string) => void;
  /** Fetches under way at once. */
  readonly concurrency?: number;
  /** Wait before the second round for a sidecar; doubled each round after, up to retryMaxMs. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** How long one peer may take to answer. */
  readonly requestTimeoutMs?: number;
  /**
   * A sidecar that every peer answered "not held" in a round, this long (by block time) after
   * the block that committed to it, is given up: it was most likely never delivered (an action
   * whose sidecars are optional), and asking forever would cost every member for nothing.
   */
  readonly giveUpAfterMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
}

export const SIDECAR_SYNC_DEFAULTS = {
  concurrency: 4,
  retryMinMs: 500,
  retryMaxMs: 5 * 60_000,
  requestTimeoutMs: 10_000,
  giveUpAfterMs: 24 * 3_600_000,
} as const;

/** The most bytes a peer's answer may hold: the largest canonical {salt, payload}, with room for its framing. */
const MAX_REPLY_BYTES = MAX_SIDECAR_BYTES + 1024;

interface Entry {
  readonly commitment: Uint8Array;
  /** Rounds tried and failed. */
  rounds: number;
  /** When the next round may start (ms, by `now`). */
  dueAt: number;
  /** Peers that sent bytes not opening the commitment: not asked for it again. */
  readonly refused: Set<string>;
}

/** What one peer answered. */
type Answer = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'not-held' } | { kind: 'erased' } | { kind: 'failed'; why: string };

export class SidecarSync {
  private readonly queue = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly opts: Required<Omit<SidecarSyncOptions, 'fetch' | 'now' | 'log' | 'peers'>>;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly now: () => number;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private counts = { stored: 0, givenUp: 0 };

  constructor(
    private readonly chain: Chain,
    private readonly options: SidecarSyncOptions,
  ) {
    this.opts = {
      concurrency: options.concurrency ?? SIDECAR_SYNC_DEFAULTS.concurrency,
      retryMinMs: options.retryMinMs ?? SIDECAR_SYNC_DEFAULTS.retryMinMs,
      retryMaxMs: options.retryMaxMs ?? SIDECAR_SYNC_DEFAULTS.retryMaxMs,
      requestTimeoutMs: options.requestTimeoutMs ?? SIDECAR_SYNC_DEFAULTS.requestTimeoutMs,
      giveUpAfterMs: options.giveUpAfterMs ?? SIDECAR_SYNC_DEFAULTS.giveUpAfterMs,
    };
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
  }

  /** Takes up the whole missing queue of the store (what a restart left) and starts fetching. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    const missing = this.chain.storage.missingSidecars();
    if (this.options.peers.length === 0) {
      // Nothing to fetch from: they stay queued in the store until peers are configured.
      if (missing.length > 0) this.options.log(`sidecars: ${missing.length} missing, and config.json names no peers to fetch them from`);
      return;
    }
    this.takeQueue(missing);
  }

  /** After the store was restored from a snapshot: every sidecar it commits to is to fetch. */
  restored(): void {
    if (this.running && this.options.peers.length > 0) this.takeQueue(this.chain.storage.missingSidecars());
  }

  private takeQueue(missing: ReadonlyArray<{ commitment: Uint8Array }>): void {
    for (const m of missing) this.enqueue(m.commitment);
    if (this.queue.size > 0) this.options.log(`sidecars: ${this.queue.size} missing; fetching them from ${this.options.peers.length} peers`);
    this.pump();
  }

  /** After a committed block: queues the sidecars of its transactions that the store now lists as missing. */
  blockCommitted(txs: readonly DecodedTx[]): void {
    if (!this.running || this.options.peers.length === 0) return;
    for (const tx of txs) for (const c of tx.body.sidecars) if (this.chain.storage.missingSidecarHeight(c) !== undefined) this.enqueue(c);
    this.pump();
  }

  /** Sidecars queued here (not yet stored, given up or found erased). */
  get pending(): number {
    return this.queue.size;
  }

  /** Sidecars fetched and stored since this was made. */
  get stored(): number {
    return this.counts.stored;
  }

  /** Sidecars given up since this was made: no member node held them (giveUpAfterMs). */
  get givenUp(): number {
    return this.counts.givenUp;
  }

  /** Stops fetching: fetches under way are aborted, and nothing is stored after this resolves. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight.values()]);
    this.queue.clear();
  }

  private enqueue(commitment: Uint8Array): void {
    const hex = toHex(commitment);
    if (!this.queue.has(hex)) this.queue.set(hex, { commitment, rounds: 0, dueAt: 0, refused: new Set() });
  }

  /** Starts the rounds that are due, as many as may run at once, and a timer for the next one. */
  private pump(): void {
    if (!this.running) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    let next = Infinity;
    for (const [hex, e] of this.queue) {
      if (this.inFlight.size >= this.opts.concurrency) return; // each round that ends pumps again
      if (this.inFlight.has(hex)) continue;
      if (e.dueAt > now) {
        next = Math.min(next, e.dueAt);
        continue;
      }
      const round = this.round(hex, e)
        .catch((err: unknown) => {
          this.options.log(`sidecars: ${hex}: ${(err as Error).message ?? String(err)}`);
          this.retryLater(e);
        })
        .finally(() => {
          this.inFlight.delete(hex);
          this.pump();
        });
      this.inFlight.set(hex, round);
    }
    if (next !== Infinity) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, next - now));
      this.timer.unref();
    }
  }

  /** One round for one sidecar: each peer in turn until one gives bytes that open its commitment. */
  private async round(hex: string, e: Entry): Promise<void> {
    const storage = this.chain.storage;
    const height = storage.missingSidecarHeight(e.commitment);
    if (height === undefined) {
      this.queue.delete(hex); // stored, erased or given up since it was queued
      return;
    }
    const start = e.rounds % this.options.peers.length;
    const peers = [...this.options.peers.slice(start), ...this.options.peers.slice(0, start)].filter((p) => !e.refused.has(p));
    if (peers.length === 0) {
      // No peer left to ask: kept in the store's queue for the next start.
      this.queue.delete(hex);
      this.options.log(`sidecars: ${hex}: every peer sent bytes that are not this sidecar; asking again after a restart`);
      return;
    }
    let notHeld = 0;
    const failures: string[] = [];
    for (const peer of peers) {
      if (!this.running) return;
      const answer = await this.ask(peer, hex);
      if (!this.running) return;
      if (answer.kind === 'bytes') {
        let sidecar;
        try {
          sidecar = checkFetchedSidecar(this.chain.suite, e.commitment, answer.bytes);
        } catch (err) {
          e.refused.add(peer);
          this.options.log(`sidecars: ${hex}: ${peer} sent bytes that are not this sidecar (${(err as Error).message}); not asking it again for this one`);
          continue;
        }
        const outcome = await storage.storeFetchedSidecar(sidecar);
        this.queue.delete(hex);
        if (outcome === 'stored') this.counts.stored++;
        return;
      }
      if (answer.kind === 'erased') break; // this node's chain will erase it too: ask no one else
      if (answer.kind === 'not-held') notHeld++;
      else failures.push(`${peer}: ${answer.why}`);
    }
    if (notHeld === peers.length && this.blockAge(height) > this.opts.giveUpAfterMs) {
      await storage.dropMissingSidecar(e.commitment);
      this.queue.delete(hex);
      this.counts.givenUp++;
      this.options.log(`sidecars: ${hex} (block ${height}): no member node holds it, ${Math.round(this.opts.giveUpAfterMs / 3_600_000)} h after its block; giving up`);
      return;
    }
    this.retryLater(e);
    // Logged at rounds 1, 2, 4, 8, …: a peer that is down does not flood the log.
    if (failures.length > 0 && (e.rounds & (e.rounds - 1)) === 0) {
      this.options.log(`sidecars: ${hex}: round ${e.rounds} failed (${failures.join('; ')}); retrying in ${Math.round((e.dueAt - this.now()) / 1000)} s`);
    }
  }

  private retryLater(e: Entry): void {
    e.rounds++;
    const delay = Math.min(this.opts.retryMaxMs, this.opts.retryMinMs * 2 ** Math.min(e.rounds - 1, 30));
    // Up to a quarter less, so members that missed the same sidecars do not ask in lockstep.
    e.dueAt = this.now() + delay - Math.floor(Math.random() * delay * 0.25);
  }

  /** Block time from the block that committed to the sidecar to the head. */
  private blockAge(height: number): number {
    const header = this.chain.header(height);
    return header === undefined ? 0 : this.chain.head.header.time - header.time;
  }

  private async ask(peer: string, hex: string): Promise<Answer> {
    const path = routePath('peerSidecar', { commitment: hex });
    const key = this.chain.nodeKey;
    const headers = { ...signNodeHeaders({ name: key.name, seed: key.seed }, this.chain.genesis.chainId, 'GET', path, this.now()), accept: 'application/cbor' };
    try {
      const res = await this.fetchFn(peer + path, { headers, signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.requestTimeoutMs)]) });
      if (res.status === 200) {
        const bytes = await readLimited(res, MAX_REPLY_BYTES);
        return bytes === undefined ? { kind: 'failed', why: `the answer is larger than ${MAX_REPLY_BYTES} bytes` } : { kind: 'bytes', bytes };
      }
      const body = (await res.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
      if (res.status === 404 && body.code === 'SIDECAR_NOT_FOUND') return { kind: 'not-held' };
      if (res.status === 410 && body.code === 'SIDECAR_ERASED') return { kind: 'erased' };
      return { kind: 'failed', why: `HTTP ${res.status} ${typeof body.code === 'string' ? body.code : ''} ${typeof body.message === 'string' ? body.message.slice(0, 200) : ''}`.trim() };
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      return { kind: 'failed', why: e.name === 'TimeoutError' ? `no answer within ${this.opts.requestTimeoutMs} ms` : (e.cause?.code ?? e.message ?? String(err)) };
    }
  }
}

/** The body of a response, or undefined if it is longer than `limit` bytes (it is not read further). */
async function readLimited(res: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await res.body?.cancel();
    return undefined;
  }
  if (res.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) return undefined; // leaving the loop cancels the stream
    chunks.push(chunk);
  }
  return concatBytes(...chunks);
}
