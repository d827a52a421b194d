// Restoring a state-sync snapshot (format.ts) that CometBFT's state sync fetched from peers.
// Nothing a peer sends is trusted: each chunk must hash to its entry in the offered metadata, and
// when the last chunk is in, the state tree and the log tree are rebuilt from the entries and must
// give the roots of the snapshot's block header, whose app hash H(stateRoot ‖ logRoot ‖
// resultsRoot) must be the one CometBFT's light client verified against the validators' signed
// headers. Only then is anything written (Storage.restoreSnapshot, in one synced write).
//
// What the app hash does not cover is the header's other fields — its time, previous-block hash,
// proposer. The time is checked by every later block (a block earlier than its parent is
// refused, and a different time would change the state root CometBFT compares at once); the
// previous-block hash only links this node's block hashes to history it does not hold.
import {
  CreditChainError,
  EMPTY_STATE_ROOT,
  MemoryLogStore,
  MemoryStateStore,
  STATE_KEY_LENGTH,
  appendLeaves,
  applyBatch,
  compareBytes,
  decodeHeader,
  decodeLogEntry,
  decodeSignedTx,
  emptyRoot,
  equalBytes,
  leafHash,
  toHex,
  type BlockHeader,
  type CryptoSuite,
  type LogEntry,
  type LogNode,
  type StateNode,
} from '@creditchain/core';
import type { RestoredSnapshot } from '../storage.js';
import { readU32 } from '../big-endian.js';
import { RecordReader, RecordTag, SNAPSHOT_FORMAT, decodeMetadata, snapshotHash, type SnapshotMetadata } from './format.js';

export interface OfferedSnapshot {
  readonly height: number;
  readonly format: number;
  readonly chunks: number;
  readonly hash: Uint8Array;
  readonly metadata: Uint8Array;
}

/** What a verified snapshot holds, before this node signs the head's checkpoint. */
export type VerifiedSnapshot = Omit<RestoredSnapshot, 'checkpoint'> & { readonly header: BlockHeader };

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('SNAPSHOT_INVALID', message, details);
}

/** One snapshot being restored, chunk by chunk, in order. */
export class SnapshotRestore {
  private readonly reader = new RecordReader();
  private next = 0;
  private headerBytes: Uint8Array | undefined;
  private readonly state: Array<{ key: Uint8Array; value: Uint8Array }> = [];
  private readonly entries: Uint8Array[] = [];
  /** The entries' decoded fields the transactions are checked against and indexed by. */
  private readonly logged: Array<{ tx: Uint8Array; height: number }> = [];
  private readonly txs: Array<{ id: Uint8Array; bytes: Uint8Array; height: number; position: number; logIndex: number }> = [];
  private readonly live: Array<{ commitment: Uint8Array; height: number }> = [];
  private readonly erased: Array<{ commitment: Uint8Array; height: number }> = [];

  private constructor(
    private readonly suite: CryptoSuite,
    private readonly chainId: string,
    private readonly meta: SnapshotMetadata,
    /** The app hash CometBFT's light client trusts for the snapshot's height. */
    private readonly appHash: Uint8Array,
    private readonly appHashOf: (header: BlockHeader) => Uint8Array,
  ) {}

  /** Checks an offered snapshot's description; throws SNAPSHOT_INVALID if it cannot be this chain's. */
  static offer(suite: CryptoSuite, chainId: string, s: OfferedSnapshot, appHash: Uint8Array, appHashOf: (header: BlockHeader) => Uint8Array): SnapshotRestore {
    if (s.format !== SNAPSHOT_FORMAT) invalid(`This node restores snapshot format ${SNAPSHOT_FORMAT}, not ${s.format}.`);
    const meta = decodeMetadata(s.metadata, suite.hashLength);
    if (meta.height !== s.height || meta.chunkHashes.length !== s.chunks || s.height < 1) {
      invalid(`The snapshot's metadata (height ${meta.height}, ${meta.chunkHashes.length} chunks) does not match its offer (height ${s.height}, ${s.chunks} chunks).`);
    }
    if (!equalBytes(snapshotHash(suite, s.metadata), s.hash)) invalid("The snapshot's hash is not the hash of its metadata.");
    if (appHash.length !== suite.hashLength) invalid(`The trusted app hash is ${appHash.length} bytes, not ${suite.hashLength}.`);
    return new SnapshotRestore(suite, chainId, meta, appHash, appHashOf);
  }

  get height(): number {
    return this.meta.height;
  }

  get done(): boolean {
    return this.next === this.meta.chunkHashes.length;
  }

  /**
   * Takes chunk `index`: 'retry' if it is not the chunk the metadata names (the sender is to be
   * refused and the chunk fetched again), 'ok' once parsed. Throws SNAPSHOT_INVALID if the
   * content, though it hashes right, is not a well-formed snapshot.
   */
  apply(index: number, chunk: Uint8Array): 'ok' | 'retry' {
    if (index !== this.next) invalid(`Chunk ${index} arrived, but chunk ${this.next} is next.`);
    if (!equalBytes(this.suite.hash(chunk), this.meta.chunkHashes[index]!)) return 'retry';
    for (const r of this.reader.feed(chunk)) this.take(r.tag, r.payload);
    this.next++;
    return 'ok';
  }

  /** After the last chunk: rebuilds the trees and checks them against the header and the trusted app hash. */
  finish(): VerifiedSnapshot {
    if (!this.done) invalid(`Only ${this.next} of ${this.meta.chunkHashes.length} chunks arrived.`);
    this.reader.end();
    if (this.headerBytes === undefined) invalid('The snapshot holds no block header.');
    const header = decodeHeader(this.headerBytes);
    const h = this.suite.hash;
    if (header.height !== this.meta.height) invalid(`The snapshot's header is of block ${header.height}, not ${this.meta.height}.`);
    if (header.chain !== this.chainId) invalid(`The snapshot is of chain "${header.chain}", not "${this.chainId}".`);
    if (!equalBytes(this.appHashOf(header), this.appHash)) {
      invalid(`The snapshot's block ${header.height} has app hash ${toHex(this.appHashOf(header))}, but the light client trusts ${toHex(this.appHash)}.`);
    }
    if (this.entries.length !== header.logSize) invalid(`The snapshot holds ${this.entries.length} log entries; block ${header.height}'s log has ${header.logSize}.`);
    if (this.txs.length !== this.entries.length) invalid(`The snapshot holds ${this.txs.length} transactions for ${this.entries.length} log entries.`);
    const log = appendLeaves(h, new MemoryLogStore(), 0, this.entries.map((e) => leafHash(h, e)));
    const logRoot = this.entries.length === 0 ? emptyRoot(h) : log.root;
    if (!equalBytes(logRoot, header.logRoot)) invalid("The snapshot's log entries do not give its block's log root.");
    const tree = applyBatch(h, new MemoryStateStore(), EMPTY_STATE_ROOT, this.state);
    if (!equalBytes(tree.root, header.stateRoot)) invalid("The snapshot's state entries do not give its block's state root.");
    return {
      height: header.height,
      header,
      headerBytes: this.headerBytes,
      appHash: this.appHash,
      state: this.state,
      stateNodes: tree.nodes as Array<{ hash: Uint8Array; node: StateNode }>,
      entries: this.entries,
      txs: this.txs,
      logNodes: log.nodes as LogNode[],
      live: this.live,
      erased: this.erased,
    };
  }

  private take(tag: RecordTag, p: Uint8Array): void {
    if (this.headerBytes === undefined && tag !== RecordTag.header) invalid('A snapshot starts with its block header.');
    switch (tag) {
      case RecordTag.header:
        if (this.headerBytes !== undefined) invalid('The snapshot holds two block headers.');
        this.headerBytes = p;
        return;
      case RecordTag.state: {
        if (p.length <= STATE_KEY_LENGTH) invalid('A state record is a 32-byte key and a value.');
        const key = p.subarray(0, STATE_KEY_LENGTH);
        const last = this.state[this.state.length - 1];
        if (last !== undefined && compareBytes(last.key, key) >= 0) invalid('The snapshot\'s state entries are not in strictly increasing key order.');
        this.state.push({ key, value: p.subarray(STATE_KEY_LENGTH) });
        return;
      }
      case RecordTag.entry: {
        let e: LogEntry;
        try {
          e = decodeLogEntry(p);
        } catch {
          return invalid(`Log entry ${this.entries.length} of the snapshot does not decode.`);
        }
        if (e.index !== this.entries.length) invalid(`The snapshot's log entry ${this.entries.length} says it is entry ${e.index}.`);
        if (e.height > this.meta.height) invalid(`Log entry ${e.index} is of block ${e.height}, after the snapshot's ${this.meta.height}.`);
        this.entries.push(p);
        this.logged.push({ tx: e.tx, height: e.height });
        return;
      }
      case RecordTag.tx: {
        // Transaction i is the one log entry i names (the id is the hash of its signed bytes);
        // its place in its block follows from the entries, which are in log order.
        const i = this.txs.length;
        const logged = this.logged[i] ?? invalid(`The snapshot holds a transaction for log entry ${i}, which it does not hold.`);
        let id: Uint8Array;
        try {
          id = decodeSignedTx(this.suite, p).id;
        } catch {
          return invalid(`Transaction ${i} of the snapshot does not decode.`);
        }
        if (!equalBytes(id, logged.tx)) invalid(`Transaction ${i} of the snapshot is not the one log entry ${i} names.`);
        const previous = this.txs[i - 1];
        const position = previous !== undefined && previous.height === logged.height ? previous.position + 1 : 0;
        this.txs.push({ id, bytes: p, height: logged.height, position, logIndex: i });
        return;
      }
      case RecordTag.sidecar:
      case RecordTag.erased: {
        if (p.length !== 36) invalid('A sidecar record is a 32-byte commitment and a 4-byte height.');
        const s = { commitment: p.subarray(0, 32), height: readU32(p, 32) };
        if (s.height > this.meta.height) invalid(`A sidecar record names height ${s.height}, after the snapshot's ${this.meta.height}.`);
        (tag === RecordTag.sidecar ? this.live : this.erased).push(s);
        return;
      }
    }
  }
}
