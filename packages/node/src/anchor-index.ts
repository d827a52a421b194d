// The node's index of anchored document hashes: hash → where it was anchored (log index and
// position in the batch). From protocol version 2 the state keeps nothing per hash — a batch is
// committed by its log entry — so each node derives this index from its own log. It is not
// consensus: it only finds the entry a receipt proves, and a receipt pointed at the wrong entry
// would not verify.
//
// Why LevelDB (classic-level, the Level project's binding) beside LMDB: the keys are document
// hashes, random by design. In LMDB's B-tree each random insert copies and rewrites a page, so a
// block of 80,000 hashes rewrote most of the index's leaf pages in the block's synced write —
// 2.8 µs a hash at 1 M hashes on this machine, growing with the index, and a third of the main
// thread while anchoring. An LSM tree appends: LevelDB takes a batch into its log and memtable
// (0.4 µs a hash on the main thread) and sorts it into its files in its own thread, which is
// what LSMs are for and why CometBFT keeps its transaction index in goleveldb.
//
// Keys are 0x00 ‖ hash ‖ u64 log index ‖ u32 position, values empty: every anchoring of a hash
// is kept, and the first in log order is the first key of the hash's range — no read before a
// write. 0x01 ‖ "indexed" holds the log size indexed so far.
//
// Sixteen LevelDB stores, one for each value of a hash's first 4 bits (`shard-0` … `shard-f`).
// LevelDB rewrites a key once per level on its way down, about ten times a level below the
// first (its fan-out is fixed at 10), and random keys give it no shortcut: a sixteenth of the
// keys in each store is a level less to go through. Writing 16 M random keys took 42 s of CPU
// in one store and 31.5 s in sixteen, compactions included (docs/performance.md, session 28), and
// the gap grows with the index. LevelDB's one compaction thread serves them all.
//
// Written after the block's own LMDB write, in commit order, without fsync: a crash may lose
// the last writes, and the log size indexed with them — each store's batch holds its keys and
// the size together, atomically — so at open the index catches up with what the log holds from
// the smallest size its stores hold. Lookups wait for the writes queued before them.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { CreditChainError } from '@creditchain/core';
import { HASH_LENGTH } from '@creditchain/ledger';
import { readU32, readU64, writeU32, writeU64 } from './big-endian.js';

export interface AnchorRef {
  readonly logIndex: number;
  readonly position: number;
}

/** The hashes of one anchor transaction that committed "ok", packed in batch order (32 bytes each). */
export interface AnchoredBatch {
  readonly logIndex: number;
  readonly hashes: Uint8Array;
}


const ENTRY = 0x00;
/** Stores, by a hash's first 4 bits. */
const SHARDS = 16;
const shardOf = (firstHashByte: number): number => firstHashByte >> 4;
const INDEXED = Uint8Array.of(0x01, ...new TextEncoder().encode('indexed'));
const KEY_LENGTH = 1 + 32 + 8 + 4;
/** The values of a hash's first 16 bits, by which a block's keys are ordered (encodeKeys). */
const PREFIXES = 1 << 16;
/** Lookups of one firstOf call in flight together: enough to keep LevelDB's threads busy. */
const LOOKUPS_AT_ONCE = 64;
/** Hashes written per LevelDB batch when catching up from the log. */
const CATCH_UP_BATCH = 100_000;

/**
 * The keys of the anchorings in `batches`, one after another in one buffer, in the order of
 * their hashes' first 16 bits (a counting sort: each key is written once, straight to its place).
 *
 * Why ordered: LevelDB puts a batch into its memtable (a skip list of up to 32 MB here) one key
 * at a time, each insert a walk from the list's head. Random hashes made each walk a string of
 * cache misses, ≈ 1.8 µs a key and a fifth of the node's CPU while anchoring; in hash order each
 * walk follows the one before, ≈ 0.5 µs. The keys are all distinct (log index, position), so
 * their order in the batch changes nothing stored. 16 bits order them well enough: a block's
 * keys that share them land side by side in the list anyway.
 */
export function encodeKeys(batches: readonly AnchoredBatch[]): Uint8Array {
  let count = 0;
  for (const b of batches) count += b.hashes.length / HASH_LENGTH;
  if (count === 0) return new Uint8Array(0); // most blocks anchor nothing: no counts to zero
  // starts[p]: where the first key whose hash begins with the 16 bits p goes.
  const starts = new Uint32Array(PREFIXES + 1);
  for (const { hashes } of batches) for (let h = 0; h < hashes.length; h += HASH_LENGTH) starts[((hashes[h]! << 8) | hashes[h + 1]!) + 1]!++;
  for (let p = 1; p <= PREFIXES; p++) starts[p]! += starts[p - 1]!;
  const keys = new Uint8Array(count * KEY_LENGTH);
  for (const { hashes, logIndex } of batches) {
    for (let h = 0, position = 0; h < hashes.length; h += HASH_LENGTH, position++) {
      const at = starts[(hashes[h]! << 8) | hashes[h + 1]!]!++ * KEY_LENGTH;
      keys[at] = ENTRY;
      for (let b = 0; b < HASH_LENGTH; b++) keys[at + 1 + b] = hashes[h + b]!;
      writeU64(keys, at + 33, logIndex);
      writeU32(keys, at + 41, position);
    }
  }
  return keys;
}

function bound(hash: Uint8Array, fill: number): Uint8Array {
  const key = new Uint8Array(KEY_LENGTH).fill(fill);
  key[0] = ENTRY;
  key.set(hash, 1);
  return key;
}

export class AnchorIndex {
  private readonly shards: ClassicLevel<Uint8Array, Uint8Array>[];
  /** The writes queued so far, in order; each lookup waits for those queued before it. */
  private queue: Promise<void> = Promise.resolve();
  /** The log size the index holds once the queue is written. */
  private indexedTo = 0;
  private failure: unknown;
  /** Where catch-ups read the log (catchUp): also how the index mends itself after a failed write. */
  private source: { read: (from: number) => Iterable<AnchoredBatch>; size: () => number } | undefined;

  constructor(readonly path: string) {
    // An index in one store, the layout before the sixteen, is dropped and built again from the
    // log. Renamed first, so that a crash while it is deleted leaves no part of it in `path`.
    const dropped = `${path}.one-store`;
    if (existsSync(join(path, 'CURRENT'))) renameSync(path, dropped);
    rmSync(dropped, { recursive: true, force: true });
    this.shards = Array.from(
      { length: SHARDS },
      (_, i) =>
        new ClassicLevel<Uint8Array, Uint8Array>(join(path, `shard-${i.toString(16)}`), {
          keyEncoding: 'view',
          valueEncoding: 'view',
          // The keys are random hashes, which Snappy cannot shrink: it only spent the compaction
          // thread's time on them.
          compression: false,
          // A memtable of 4 MB a store, 64 MB in all. A single store's 4 MB became a level-0 file
          // every seven anchor batches, each merged into level 1 again and again; each of sixteen
          // gets a sixteenth of the keys. Options are read at each open, so a store written with
          // others keeps working.
          writeBufferSize: 4 * 1024 * 1024,
          // Open table files, kept a store: sixteen stores stay well under a process's usual 1,024.
          maxOpenFiles: 48,
        }),
    );
    // First in the queue: a chained batch, unlike a get, does not wait for the open by itself.
    this.enqueue(async () => {
      await Promise.all(this.shards.map((db) => db.open()));
    });
  }

  /**
   * Queues the anchors of one committed block (or a stretch of the log) and the log size it
   * brings the index to. The keys are built now, so the caller's payloads are not held.
   */
  add(batches: readonly AnchoredBatch[], logSize: number): void {
    const keys = encodeKeys(batches);
    this.enqueue(() => this.write(keys, logSize));
  }

  /**
   * Catches up with the log from the size the index holds: `read(from)` yields the anchor
   * batches of the log from entry `from` on, and `size()` the log size to reach.
   */
  catchUp(read: (from: number) => Iterable<AnchoredBatch>, size: () => number): void {
    this.source = { read, size };
    this.enqueue(() => this.catchUpNow());
  }

  /** Empties the index (a state-sync restore replaced the log); catchUp then builds it anew. */
  reset(): void {
    this.enqueue(async () => {
      await Promise.all(this.shards.map((db) => db.clear()));
      this.indexedTo = 0;
    });
  }

  /** Where `hash` was first anchored, once the writes queued before this call are done. */
  async first(hash: Uint8Array): Promise<AnchorRef | undefined> {
    await this.settled();
    return this.lookUp(hash);
  }

  /**
   * Where each of `hashes` was first anchored (undefined where it was not), once the writes
   * queued before this call are done. The lookups run LOOKUPS_AT_ONCE at a time, in LevelDB's
   * threads.
   */
  async firstOf(hashes: readonly Uint8Array[]): Promise<Array<AnchorRef | undefined>> {
    await this.settled();
    const refs: Array<AnchorRef | undefined> = [];
    for (let at = 0; at < hashes.length; at += LOOKUPS_AT_ONCE) {
      refs.push(...(await Promise.all(hashes.slice(at, at + LOOKUPS_AT_ONCE).map((h) => this.lookUp(h)))));
    }
    return refs;
  }

  private async lookUp(hash: Uint8Array): Promise<AnchorRef | undefined> {
    const [key] = await this.shards[shardOf(hash[0]!)]!.keys({ gte: bound(hash, 0x00), lte: bound(hash, 0xff), limit: 1 }).all();
    return key === undefined ? undefined : { logIndex: readU64(key, 33), position: readU32(key, 41) };
  }

  /** Resolves when the writes queued so far are done; throws if one failed. */
  async settled(): Promise<void> {
    await this.queue;
    if (this.failure !== undefined) {
      throw new CreditChainError('NODE_INDEX_FAILED', `The index of anchored hashes could not be written (${String((this.failure as Error).message ?? this.failure)}); it is rebuilt from the log with the next block that can be written, or at the next start.`, { path: this.path });
    }
  }

  async close(): Promise<void> {
    await this.queue;
    await Promise.all(this.shards.map((db) => db.close()));
  }

  private async catchUpNow(): Promise<void> {
    const { read, size } = this.source!;
    // Every store holds the anchors before its own size: the smallest is where all agree.
    const sizes = await Promise.all(this.shards.map(async (db) => db.get(INDEXED)));
    const from = Math.min(...sizes.map((stored) => (stored === undefined ? 0 : readU64(stored, 0))));
    const to = size();
    this.indexedTo = Math.max(this.indexedTo, from);
    let pending: AnchoredBatch[] = [];
    let count = 0;
    for (const b of read(from)) {
      pending.push(b);
      count += b.hashes.length / HASH_LENGTH;
      if (count >= CATCH_UP_BATCH) {
        // Not yet the whole stretch: the size indexed moves only at its end.
        await this.write(encodeKeys(pending), from);
        pending = [];
        count = 0;
      }
    }
    await this.write(encodeKeys(pending), to);
  }

  private async write(keys: Uint8Array, logSize: number): Promise<void> {
    const batches = this.shards.map((db) => db.batch());
    const empty = new Uint8Array(0);
    // The keys come ordered by their hash's first 16 bits (encodeKeys), so each store's are in order too.
    for (let at = 0; at < keys.length; at += KEY_LENGTH) batches[shardOf(keys[at + 1]!)]!.put(keys.subarray(at, at + KEY_LENGTH), empty);
    // Never backwards: a block queued before a catch-up that already read past it.
    const advance = logSize > this.indexedTo;
    if (advance) {
      const size = new Uint8Array(8);
      writeU64(size, 0, logSize);
      for (const batch of batches) batch.put(INDEXED, size);
    }
    await Promise.all(batches.map(async (batch) => (batch.length > 0 ? batch.write() : batch.close())));
    if (advance) this.indexedTo = logSize;
  }

  private enqueue(job: () => Promise<void>): void {
    // After a failed write (a full disk) the next job first catches up from the size last
    // written, which mends the gap; until one succeeds, lookups say the index failed.
    this.queue = this.queue
      .then(async () => {
        if (this.failure !== undefined) {
          if (this.source === undefined) return;
          await this.catchUpNow();
          this.failure = undefined;
        }
        await job();
      })
      .catch((e: unknown) => {
        this.failure = e;
      });
  }
}
