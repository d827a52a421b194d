// The mempool: bounded, FIFO, with a check-state. A transaction is admitted only if it would
// pass at the next block: decoded, well shaped, signed by its sender's key, carrying the
// sender's next nonce counting the transactions already pending. A full pool refuses with
// NODE_OVERLOADED (503); an admitted transaction is never dropped. The sidecars delivered with a
// transaction are checked at admission and kept beside it until its block is committed.
import { CreditChainError, badSignatureError, decodeSignedTx, toHex, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import { checkTxStateful, checkTxStateless, readParams, type Genesis, type Sidecar, type StateReader } from '@creditchain/ledger';
import { admitSidecars, type DeliveredSidecar } from './sidecars.js';
import { FAILED } from './verify-batch.js';

/** Default bound on the sidecars the mempool holds: 256 MiB, some sixty of the largest deliveries. */
export const DEFAULT_SIDECAR_CAPACITY = 256 * 1024 * 1024;

export class Mempool {
  private queue: DecodedTx[] = [];
  private head = 0;
  /** Ids of admitted transactions not yet committed (pending or in the block being built). */
  private readonly ids = new Set<string>();
  /** Per sender: the next nonce and how many of its transactions are not yet committed. */
  private readonly senders = new Map<string, { next: number; count: number }>();
  /** By transaction id: the sidecars delivered with it, for the transactions that had any. */
  private readonly sidecars = new Map<string, readonly DeliveredSidecar[]>();
  /** Bytes of the sidecars held, counted against `sidecarCapacity`. */
  private sidecarBytes = 0;
  /** Bytes of the waiting transactions (signed encoding): a block is full by these too (`take`). */
  private waitingBytes = 0;
  /** The action digests the verification threads computed at admission, for the block (a weak map: gone with the transaction). */
  private readonly digests = new WeakMap<DecodedTx, Uint8Array>();

  constructor(
    private readonly suite: CryptoSuite,
    private readonly genesis: Genesis,
    readonly capacity: number,
    /** Most bytes of pending sidecars held at once; past it, transactions with sidecars wait (NODE_OVERLOADED). */
    readonly sidecarCapacity: number = DEFAULT_SIDECAR_CAPACITY,
  ) {}

  /** Transactions waiting for a block. */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Bytes of the transactions waiting for a block, as signed. */
  get bytes(): number {
    return this.waitingBytes;
  }

  has(hexId: string): boolean {
    return this.ids.has(hexId);
  }

  /**
   * Admits signed transaction bytes, or throws a CreditChainError saying why not. `state` is
   * the committed state, `height` the height of the next block, and `committed` tells whether
   * an id is already on the chain. `sidecars` are those delivered with it (sidecars.ts).
   * The transaction may come decoded already, with `verdict`, its signatures' verdict from the
   * verification threads (verify-pool.ts): VERIFIED, or the index of its first bad signature;
   * without one (or with FAILED) its signatures are verified here. `digest` is its action digest
   * as those threads computed it (ActionDef.digest), kept for its block (digestOf).
   */
  admit(input: Uint8Array | DecodedTx, state: StateReader, height: number, committed: (id: Uint8Array) => boolean, sidecars: readonly Sidecar[] = [], verdict?: number, digest?: Uint8Array): DecodedTx {
    if (this.size >= this.capacity) {
      throw new CreditChainError('NODE_OVERLOADED', `The node is busy: ${this.size} transactions are waiting for a block. Retry shortly.`, { pending: this.size });
    }
    const tx = input instanceof Uint8Array ? decodeSignedTx(this.suite, input) : input;
    const hex = toHex(tx.id);
    if (this.ids.has(hex) || committed(tx.id)) {
      throw new CreditChainError('TX_DUPLICATE', `Transaction ${hex} was already received.`, { id: hex });
    }
    checkTxStateless(this.suite, this.genesis, tx, { verifySignatures: verdict === undefined || verdict === FAILED, protocolVersion: () => readParams(this.suite, state).protocolVersion });
    if (verdict !== undefined && verdict >= 0) throw badSignatureError(verdict);
    const sender = this.senders.get(tx.body.sender);
    checkTxStateful(this.suite, this.genesis, state, tx, height, sender?.next);
    const delivered = admitSidecars(this.suite, state, tx, sidecars);
    const size = delivered.reduce((n, s) => n + s.bytes.length, 0);
    if (size > 0 && this.sidecarBytes + size > this.sidecarCapacity) {
      throw new CreditChainError('NODE_OVERLOADED', `The node is busy: ${this.sidecarBytes} bytes of sidecars are waiting for a block. Retry shortly.`, { pendingSidecarBytes: this.sidecarBytes });
    }
    this.queue.push(tx);
    this.waitingBytes += tx.bytes.length;
    this.ids.add(hex);
    if (digest !== undefined) this.digests.set(tx, digest);
    if (delivered.length > 0) {
      this.sidecars.set(hex, delivered);
      this.sidecarBytes += size;
    }
    if (sender === undefined) this.senders.set(tx.body.sender, { next: tx.body.nonce + 1, count: 1 });
    else {
      sender.next = tx.body.nonce + 1;
      sender.count++;
    }
    return tx;
  }

  /**
   * Takes the oldest transactions for the next block: up to `max` of them, and no more than
   * `maxBytes` of their bytes — but always the first, which may be larger alone (a transaction
   * is at most MAX_TX_SIZE, and a block's byte limit no less).
   */
  take(max: number, maxBytes = Number.POSITIVE_INFINITY): DecodedTx[] {
    const last = Math.min(this.queue.length, this.head + max);
    let end = this.head;
    let bytes = 0;
    while (end < last && (end === this.head || bytes + this.queue[end]!.bytes.length <= maxBytes)) bytes += this.queue[end++]!.bytes.length;
    const out = this.queue.slice(this.head, end);
    this.head = end;
    this.waitingBytes -= bytes;
    // The taken front goes as soon as it is half the array (each element is copied once at most
    // on average). Kept until 65,536 had been taken, as before, it held up to that many committed
    // transactions alive — ≈ 100 MB of old generation at 3,500 tx/s, which every major collection
    // marked — long after their blocks.
    if (this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Returns transactions whose block could not be committed to the front of the queue. */
  putBack(txs: readonly DecodedTx[]): void {
    for (const tx of txs) this.waitingBytes += tx.bytes.length;
    this.queue = [...txs, ...this.queue.slice(this.head)];
    this.head = 0;
  }

  /** The action digest computed at admission for this very transaction object, if one was (BlockInput.digests). */
  digestOf(tx: DecodedTx): Uint8Array | undefined {
    return this.digests.get(tx);
  }

  /** The sidecars delivered with these transactions, by transaction id (hex). */
  sidecarsOf(txs: readonly DecodedTx[]): Map<string, readonly DeliveredSidecar[]> {
    const out = new Map<string, readonly DeliveredSidecar[]>();
    if (this.sidecars.size === 0) return out;
    for (const tx of txs) {
      const hex = toHex(tx.id);
      const s = this.sidecars.get(hex);
      if (s !== undefined) out.set(hex, s);
    }
    return out;
  }

  /** Forgets transactions, and the sidecars delivered with them, once their block is committed. */
  committed(txs: readonly DecodedTx[]): void {
    for (const tx of txs) {
      const hex = toHex(tx.id);
      this.ids.delete(hex);
      const delivered = this.sidecars.get(hex);
      if (delivered !== undefined) {
        this.sidecars.delete(hex);
        this.sidecarBytes -= delivered.reduce((n, x) => n + x.bytes.length, 0);
      }
      const s = this.senders.get(tx.body.sender);
      if (s !== undefined && --s.count === 0) this.senders.delete(tx.body.sender);
    }
  }
}
