// The node's index of anchored document hashes: hash → where it was anchored (log index and
// position in the batch). From protocol version 2 the state keeps nothing per hash — a batch is
// committed by its log entry — so each node derives this index from its own log. It is not
// consensus: it only finds the entry a receipt proves, and a receipt pointed at the wrong entry
// would not verify.
//
// Why a structure of our own, not a key-value store: its keys are document hashes, random by
// design, and a store pays for each key on its own. In LMDB's B-tree each random insert rewrote a
// page (2.8 µs a hash at 1 M hashes). In LevelDB (sessions 19–28) each key was inserted into a
// skip list walked from its head, logged, and rewritten about ten times a level as it sank: ≈ 2 µs
// of CPU a key measured alone, whatever the key's length, the number of stores or the memtable's
// size, and RocksDB's universal compaction cost more — about two thirds of what an anchored hash
// cost the node (docs/performance.md, session 29). Here a block's records are sorted together
// (anchor-records.ts) and kept in memory; once enough are kept they are written as one sorted,
// immutable run, and runs of a size are merged eight at a time into one of the next size, each
// record rewritten once a tier (three times at a billion hashes). No library kept for Node writes
// sorted runs from a sorted batch without a per-key insert.
//
// On disk, in `path`: `run-N.dat` (its records, sorted), `run-N.idx` (the first record of each
// page of PAGE records, read at open so a lookup reads one page a run), and `manifest.json`, the
// runs and the log size they hold, replaced by a rename after the runs it names are synced.
// What is kept in memory is lost in a crash; at open the index catches up with the log from the
// size the manifest holds. A lookup searches the records in memory and every run; a hash's first
// anchoring is the earliest found.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CreditChainError } from '@creditchain/core';
import { HASH_LENGTH } from '@creditchain/ledger';
import { compareHash, compareRecords, earlier, firstIn, lowerBound, RECORD, recordsOf, refAt, sortRecords, WORDS, wordsOf, type AnchoredBatch, type AnchorRef } from './anchor-records.js';
import { readU32 } from './big-endian.js';

export type { AnchoredBatch, AnchorRef } from './anchor-records.js';

/** Records kept in memory before they are written as a run: 11 MB, sorted in ≈ 0.1 s (a pause of the event loop). */
const FLUSH_RECORDS = 1 << 18;
/** Blocks kept in memory before they are written, however few their records: a lookup searches each. */
const FLUSH_CHUNKS = 1024;
/** Log entries the index may lag its manifest by, anchors or none: a bound on a restart's catch-up. */
const FLUSH_ENTRIES = 10_000;
/** Runs of a tier merged into one of the next. */
const FAN_IN = 8;
/** Records a page: a lookup reads one page of each run (45 KB). */
const PAGE = 1024;
/** Records merged between two turns of the event loop. */
const MERGE_SLICE = 16_384;
/** Records read from each run at a time while merging. */
const MERGE_READ = 16_384;
/** A merge cursor's `head` once its run is read to the end: above every 32-bit value. */
const EXHAUSTED = 2 ** 32;
/** Lookups of one firstOf call in flight together. */
const LOOKUPS_AT_ONCE = 64;
/** Hashes kept per block when catching up from the log. */
const CATCH_UP_BATCH = 100_000;
const FORMAT = 'anchor-runs-1';

interface Manifest {
  readonly format: string;
  readonly page: number;
  readonly indexedTo: number;
  readonly nextId: number;
  readonly runs: ReadonlyArray<{ readonly id: number; readonly count: number }>;
}

interface Run {
  readonly id: number;
  readonly count: number;
  readonly file: FileHandle;
  /** The first record of each page. */
  readonly pages: Uint8Array;
  /** Lookups reading it now; a run merged away is closed once none is. */
  readers: number;
  retired: boolean;
  /** Being merged, or merged and waiting for its swap: no second merge takes it. */
  inMerge: boolean;
}

const dataFile = (path: string, id: number) => join(path, `run-${id}.dat`);
const pagesFile = (path: string, id: number) => join(path, `run-${id}.idx`);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The first record of each page of sorted `records`. */
function pagesOf(records: Uint8Array, page: number): Uint8Array {
  const count = records.length / RECORD;
  const pages = new Uint8Array(Math.ceil(count / page) * RECORD);
  for (let p = 0; p * page < count; p++) pages.set(records.subarray(p * page * RECORD, (p * page + 1) * RECORD), p * RECORD);
  return pages;
}

/**
 * Writes `bytes` to `file` and syncs it, in libuv's threads, so a manifest renamed after it never
 * names a torn run and the event loop does not wait for the disk.
 */
async function writeSynced(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class AnchorIndex {
  private runs: Run[] = [];
  /**
   * The records of the blocks since the last run was written, and how many. A block's records
   * are sorted only when a lookup first searches them: a run sorts them all again anyway.
   */
  private kept: Array<{ records: Uint8Array; sorted: boolean }> = [];
  private keptCount = 0;
  /** The log size the manifest holds, and the one the index holds with what is kept in memory. */
  private storedTo = 0;
  private indexedTo = 0;
  private nextId = 0;
  private merging: Promise<void> | undefined;
  /** Set while a merge is being stopped (close, reset), and for good once the index closes. */
  private stopping = false;
  private closed = false;
  /** The writes queued so far, in order; each lookup waits for those queued before it. */
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;
  /** Where catch-ups read the log (catchUp): also how the index mends itself after a failed write. */
  private source: { read: (from: number) => Iterable<AnchoredBatch>; size: () => number } | undefined;

  private readonly flushRecords: number;
  private readonly page: number;

  /** `options` are for tests, which make runs, merges and page edges out of a few records. */
  constructor(
    readonly path: string,
    options: { readonly flushRecords?: number; readonly pageRecords?: number } = {},
  ) {
    this.flushRecords = options.flushRecords ?? FLUSH_RECORDS;
    this.page = options.pageRecords ?? PAGE;
    this.enqueue(() => this.open());
  }

  /**
   * Queues the anchors of one committed block (or a stretch of the log) and the log size it
   * brings the index to. The records are built now, so the caller's payloads are not held.
   */
  add(batches: readonly AnchoredBatch[], logSize: number): void {
    const records = recordsOf(batches);
    // A block committed while a catch-up was queued is read by the catch-up too (it reads the
    // log as it is when it runs, a whole number of blocks): kept once, not twice.
    this.enqueue(async () => (logSize > this.indexedTo ? this.keep(records, logSize) : undefined));
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
      await this.stopMerging();
      this.clearMemory();
      for (const run of this.runs) await run.file.close();
      this.runs = [];
      await this.writeManifest(0);
      this.indexedTo = 0;
      this.removeStrays();
    });
  }

  /** Where `hash` was first anchored, once the writes queued before this call are done. */
  async first(hash: Uint8Array): Promise<AnchorRef | undefined> {
    await this.settled();
    return this.lookUp(hash);
  }

  /**
   * Where each of `hashes` was first anchored (undefined where it was not), once the writes
   * queued before this call are done; LOOKUPS_AT_ONCE at a time, the runs' reads in libuv's threads.
   */
  async firstOf(hashes: readonly Uint8Array[]): Promise<Array<AnchorRef | undefined>> {
    await this.settled();
    const refs: Array<AnchorRef | undefined> = [];
    for (let at = 0; at < hashes.length; at += LOOKUPS_AT_ONCE) {
      refs.push(...(await Promise.all(hashes.slice(at, at + LOOKUPS_AT_ONCE).map((h) => this.lookUp(h)))));
    }
    return refs;
  }

  /** Resolves when the writes queued so far are done; throws if one failed. */
  async settled(): Promise<void> {
    await this.queue;
    if (this.failure !== undefined) {
      throw new CreditChainError('NODE_INDEX_FAILED', `The index of anchored hashes could not be written (${String((this.failure as Error).message ?? this.failure)}); it is rebuilt from the log with the next block that can be written, or at the next start.`, { path: this.path });
    }
  }

  /** Writes what is kept in memory as a run, so the next start need not read the log again. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.stopMerging();
    await this.queue; // a merge that finished meanwhile swaps its run in first
    if (this.failure === undefined && (this.keptCount > 0 || this.indexedTo > this.storedTo)) {
      try {
        await this.flush();
      } catch {
        // The next start catches up from the manifest's size.
      }
    }
    for (const run of this.runs) await run.file.close();
    this.runs = [];
  }

  private async lookUp(hash: Uint8Array): Promise<AnchorRef | undefined> {
    let found: AnchorRef | undefined;
    for (const chunk of this.kept) {
      if (!chunk.sorted) chunk.records = sortRecords([chunk.records]);
      chunk.sorted = true;
      found = earlier(found, firstIn(chunk.records, hash));
    }
    const runs = this.runs.slice();
    for (const run of runs) run.readers++;
    try {
      // One read a run, all in flight together in libuv's threads.
      for (const ref of await Promise.all(runs.map((run) => this.firstInRun(run, hash)))) found = earlier(found, ref);
    } finally {
      for (const run of runs) {
        run.readers--;
        if (run.retired && run.readers === 0) await run.file.close();
      }
    }
    return found;
  }

  /** The page that may hold the first record of `hash`, read; or the next page's first record. */
  private async firstInRun(run: Run, hash: Uint8Array): Promise<AnchorRef | undefined> {
    // The last page whose first record's hash is below `hash`: the first record not below it is
    // in that page, or it is the first record of the page after.
    const page = lowerBound(run.pages, hash) - 1;
    if (page >= 0) {
      const from = page * this.page;
      const count = Math.min(this.page, run.count - from);
      const records = new Uint8Array(count * RECORD);
      await run.file.read(records, 0, records.length, from * RECORD);
      const i = lowerBound(records, hash);
      if (i < count) return compareHash(records, i, hash) === 0 ? refAt(records, i) : undefined;
    }
    const next = page + 1;
    return next * RECORD < run.pages.length && compareHash(run.pages, next, hash) === 0 ? refAt(run.pages, next) : undefined;
  }

  private async open(): Promise<void> {
    // The LevelDB layouts before this one (one store, then sixteen) are dropped and the index
    // built again from the log. Renamed first, so a crash while deleting leaves no part of it here.
    if (existsSync(join(this.path, 'CURRENT')) || existsSync(join(this.path, 'shard-0'))) renameSync(this.path, `${this.path}.leveldb`);
    rmSync(`${this.path}.leveldb`, { recursive: true, force: true });
    mkdirSync(this.path, { recursive: true });
    const manifest = this.readManifest();
    this.nextId = manifest.nextId;
    this.storedTo = this.indexedTo = manifest.indexedTo;
    for (const { id, count } of manifest.runs) {
      const pages = readFileSync(pagesFile(this.path, id));
      this.runs.push({ id, count, file: await open(dataFile(this.path, id), 'r'), pages: new Uint8Array(pages.buffer, pages.byteOffset, pages.length), readers: 0, retired: false, inMerge: false });
    }
    this.removeStrays();
  }

  /** The manifest, if it is whole and every run it names is there at its size; else an empty index. */
  private readManifest(): Manifest {
    const empty: Manifest = { format: FORMAT, page: this.page, indexedTo: 0, nextId: 0, runs: [] };
    const file = join(this.path, 'manifest.json');
    if (!existsSync(file)) return empty;
    try {
      const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      const whole =
        m.format === FORMAT &&
        m.page === this.page &&
        Number.isSafeInteger(m.indexedTo) &&
        Number.isSafeInteger(m.nextId) &&
        Array.isArray(m.runs) &&
        m.runs.every(({ id, count }) => statSync(pagesFile(this.path, id), { throwIfNoEntry: false })?.size === Math.ceil(count / this.page) * RECORD && statSync(dataFile(this.path, id), { throwIfNoEntry: false })?.size === count * RECORD);
      if (whole) return m;
    } catch {
      // Not JSON: written by no version of this code, so built again.
    }
    return empty;
  }

  private async writeManifest(indexedTo: number): Promise<void> {
    const manifest: Manifest = { format: FORMAT, page: this.page, indexedTo, nextId: this.nextId, runs: this.runs.map(({ id, count }) => ({ id, count })) };
    const tmp = join(this.path, 'manifest.json.tmp');
    await writeSynced(tmp, new TextEncoder().encode(JSON.stringify(manifest)));
    renameSync(tmp, join(this.path, 'manifest.json'));
    const dir = await open(this.path, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    this.storedTo = indexedTo;
  }

  /** Deletes files no manifest names: runs merged away, or written by a merge or flush a crash cut short. */
  private removeStrays(): void {
    const named = new Set(this.runs.flatMap(({ id }) => [`run-${id}.dat`, `run-${id}.idx`]));
    for (const name of readdirSync(this.path)) {
      if (name !== 'manifest.json' && !named.has(name) && !(this.merging !== undefined && name.endsWith('.merging'))) rmSync(join(this.path, name), { force: true });
    }
  }

  private clearMemory(): void {
    this.kept = [];
    this.keptCount = 0;
    this.indexedTo = this.storedTo;
  }

  private async keep(records: Uint8Array, logSize: number): Promise<void> {
    if (records.length > 0) {
      this.kept.push({ records, sorted: false });
      this.keptCount += records.length / RECORD;
    }
    // Never backwards: a block queued before a catch-up that already read past it.
    this.indexedTo = Math.max(this.indexedTo, logSize);
    if (this.keptCount >= this.flushRecords || this.kept.length >= FLUSH_CHUNKS || this.indexedTo - this.storedTo >= FLUSH_ENTRIES) await this.flush();
  }

  /** Writes what is kept in memory as one run (if anything is), and the manifest with its size. */
  private async flush(): Promise<void> {
    if (this.keptCount > 0) {
      const only = this.kept.length === 1 ? this.kept[0]! : undefined;
      const records = only?.sorted === true ? only.records : sortRecords(this.kept.map((c) => c.records));
      const id = this.nextId++;
      await writeSynced(dataFile(this.path, id), records);
      const pages = pagesOf(records, this.page);
      await writeSynced(pagesFile(this.path, id), pages);
      this.runs.push({ id, count: records.length / RECORD, file: await open(dataFile(this.path, id), 'r'), pages, readers: 0, retired: false, inMerge: false });
    }
    await this.writeManifest(this.indexedTo);
    this.kept = [];
    this.keptCount = 0;
    this.startMerge();
  }

  /** Starts merging FAN_IN runs of one tier, if a tier has that many and no merge is running. */
  private startMerge(): void {
    if (this.merging !== undefined || this.runs.some((r) => r.inMerge) || this.stopping || this.closed) return;
    const byTier = new Map<number, Run[]>();
    for (const run of this.runs) byTier.set(this.tierOf(run.count), [...(byTier.get(this.tierOf(run.count)) ?? []), run]);
    const group = [...byTier.values()].find((runs) => runs.length >= FAN_IN)?.slice(0, FAN_IN);
    if (group === undefined) return;
    for (const run of group) run.inMerge = true;
    const id = this.nextId++;
    const release = () => {
      for (const run of group) run.inMerge = false;
    };
    this.merging = this.merge(group, id)
      .then((merged) => {
        // Swapped in the queue's order, so a flush's manifest and this one do not cross.
        if (merged !== undefined) this.enqueue(() => this.swap(group, merged));
        else release();
      })
      .catch(() => {
        // A merge that failed (a full disk) leaves the runs as they were; the next flush tries again.
        release();
        rmSync(`${dataFile(this.path, id)}.merging`, { force: true });
      })
      .finally(() => {
        this.merging = undefined;
      });
  }


  /** A run's tier: 0 up to FAN_IN flushes' records, then one more for each FAN_IN times as many. */
  private tierOf(count: number): number {
    let tier = 0;
    for (let size = this.flushRecords * FAN_IN; count >= size; size *= FAN_IN) tier++;
    return tier;
  }

  /**
   * Merges `group` into run `id` in turns of the event loop, MERGE_SLICE records at a time; the
   * runs stay readable until swap. Gives undefined if the index began to close meanwhile.
   */
  private async merge(group: readonly Run[], id: number): Promise<Run | undefined> {
    const total = group.reduce((n, r) => n + r.count, 0);
    const tmp = `${dataFile(this.path, id)}.merging`;
    const out = await open(tmp, 'w');
    const pages = new Uint8Array(Math.ceil(total / this.page) * RECORD);
    try {
      // Each cursor's record in front is compared first by its leading 32 bits (`head`), a
      // number, and byte by byte only on a tie; records move as 11 words. Comparing whole records
      // and copying each through a subarray was ≈ 0.2 µs a record, on the main thread.
      // Each cursor reads into one buffer of its own, again and again: a new one a read was
      // 720 KB of memory outside the heap each time, and V8 collects for such memory too.
      const cursors = group.map((run) => {
        const whole = new Uint8Array(MERGE_READ * RECORD);
        return { run, whole, buffer: whole.subarray(0, 0), words: wordsOf(whole), at: 0, next: 0, head: 0 };
      });
      const refill = async (c: (typeof cursors)[number]) => {
        const count = Math.min(MERGE_READ, c.run.count - c.next);
        c.buffer = c.whole.subarray(0, count * RECORD);
        if (count > 0) await c.run.file.read(c.buffer, 0, c.buffer.length, c.next * RECORD);
        c.next += count;
        c.at = 0;
      };
      const ahead = (c: (typeof cursors)[number]) => {
        c.head = c.at * RECORD < c.buffer.length ? readU32(c.buffer, c.at * RECORD) : EXHAUSTED;
      };
      for (const c of cursors) {
        await refill(c);
        ahead(c);
      }
      const buffer = new Uint8Array(MERGE_SLICE * RECORD);
      const words = wordsOf(buffer);
      const pageWords = wordsOf(pages);
      let written = 0;
      while (written < total) {
        if (this.stopping) return undefined;
        let filled = 0;
        while (filled < MERGE_SLICE && written + filled < total) {
          let min = cursors[0]!;
          for (let k = 1; k < cursors.length; k++) {
            const c = cursors[k]!;
            if (c.head < min.head || (c.head === min.head && c.head !== EXHAUSTED && compareRecords(c.buffer, c.at, min.buffer, min.at) < 0)) min = c;
          }
          const from = min.at * WORDS;
          for (let w = 0; w < WORDS; w++) words[filled * WORDS + w] = min.words[from + w]!;
          const n = written + filled;
          if (n % this.page === 0) for (let w = 0; w < WORDS; w++) pageWords[(n / this.page) * WORDS + w] = min.words[from + w]!;
          filled++;
          if (++min.at * RECORD === min.buffer.length) await refill(min);
          ahead(min);
        }
        await out.write(buffer, 0, filled * RECORD, written * RECORD);
        written += filled;
        await turn();
      }
      await out.sync();
    } finally {
      await out.close();
    }
    if (this.stopping) return undefined;
    renameSync(tmp, dataFile(this.path, id));
    await writeSynced(pagesFile(this.path, id), pages);
    return { id, count: total, file: await open(dataFile(this.path, id), 'r'), pages, readers: 0, retired: false, inMerge: false };
  }

  /** Puts a merged run in the place of the runs it holds, then closes them once no lookup reads them. */
  private async swap(group: readonly Run[], merged: Run): Promise<void> {
    if (!group.every((r) => this.runs.includes(r))) {
      // A reset emptied the index while this merge ran: what it merged is gone.
      for (const run of group) run.inMerge = false;
      await merged.file.close();
      this.removeStrays();
      return;
    }
    this.runs = [...this.runs.filter((r) => !group.includes(r)), merged];
    await this.writeManifest(this.storedTo);
    for (const run of group) {
      run.retired = true;
      if (run.readers === 0) await run.file.close();
    }
    this.removeStrays();
    this.startMerge();
  }

  private async stopMerging(): Promise<void> {
    this.stopping = true;
    await this.merging;
    this.stopping = false;
  }

  private async catchUpNow(): Promise<void> {
    const { read, size } = this.source!;
    // What is kept in memory is read again with the rest, from the size the manifest holds.
    this.clearMemory();
    const from = this.storedTo;
    const to = size();
    let pending: AnchoredBatch[] = [];
    let count = 0;
    for (const b of read(from)) {
      pending.push(b);
      count += b.hashes.length / HASH_LENGTH;
      if (count >= CATCH_UP_BATCH) {
        // Not yet the whole stretch: the size indexed moves only at its end.
        await this.keep(recordsOf(pending), from);
        pending = [];
        count = 0;
      }
    }
    await this.keep(recordsOf(pending), to);
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

