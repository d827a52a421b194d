// The snapshots a member node keeps for CometBFT's state sync, in <store>/snapshots/<height>/:
// `metadata` (format.ts) and `chunk-<i>`. One is taken after the commit of every
// `snapshotInterval`-th block from a read view of the store opened right then (Storage.readView),
// so it is the state of exactly that height while the copy runs in the background — yielding to
// the event loop every few thousand records — and later blocks commit meanwhile. It is written
// under <height>.partial and renamed, so a crash leaves no half snapshot listed. The newest
// `keep` are kept.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { concatBytes, decodeHeader, decodeLogEntry, equalBytes, type CryptoSuite } from '@creditchain/core';
import type { StoreView } from '../storage.js';
import { u32 } from '../big-endian.js';
import { ChunkWriter, RecordTag, SNAPSHOT_FORMAT, decodeMetadata, encodeMetadata, snapshotHash } from './format.js';

/** Records written between two yields to the event loop (a few milliseconds of copying). */
const YIELD_EVERY = 5000;

export interface SnapshotInfo {
  readonly height: number;
  readonly format: number;
  readonly chunks: number;
  readonly hash: Uint8Array;
  readonly metadata: Uint8Array;
}

export class SnapshotStore {
  readonly dir: string;

  constructor(
    storePath: string,
    private readonly suite: CryptoSuite,
    private readonly keep: number = 2,
  ) {
    this.dir = join(storePath, 'snapshots');
  }

  /**
   * Writes the snapshot of the view's height, then closes the view. Yields to the event loop
   * every `YIELD_EVERY` records, so the node goes on serving while a large state is copied.
   */
  async take(view: StoreView): Promise<SnapshotInfo> {
    try {
      const { height, headerBytes } = view;
      const logSize = decodeHeader(headerBytes).logSize;
      const partial = join(this.dir, `${height}.partial`);
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial, { recursive: true });
      const hashes: Uint8Array[] = [];
      const writer = new ChunkWriter((chunk, i) => {
        hashes.push(this.suite.hash(chunk));
        writeFileSync(join(partial, `chunk-${i}`), chunk);
      });
      let records = 0;
      const push = async (tag: RecordTag, payload: Uint8Array) => {
        writer.push(tag, payload);
        if (++records % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      };
      await push(RecordTag.header, headerBytes);
      for (const { key, value } of view.stateEntries()) await push(RecordTag.state, concatBytes(key, value));
      for (let i = 0; i < logSize; i++) await push(RecordTag.entry, view.entryBytes(i)!);
      for (let i = 0; i < logSize; i++) await push(RecordTag.tx, view.txBytes(decodeLogEntry(view.entryBytes(i)!).tx)!);
      for (const { commitment, height: h } of view.liveSidecars()) await push(RecordTag.sidecar, concatBytes(commitment, u32(h)));
      for (const { commitment, height: h } of view.erasedSidecars()) await push(RecordTag.erased, concatBytes(commitment, u32(h)));
      writer.finish();
      const metadata = encodeMetadata({ height, chunkHashes: hashes });
      writeFileSync(join(partial, 'metadata'), metadata);
      const final = join(this.dir, String(height));
      rmSync(final, { recursive: true, force: true });
      renameSync(partial, final);
      this.prune();
      return { height, format: SNAPSHOT_FORMAT, chunks: hashes.length, hash: snapshotHash(this.suite, metadata), metadata };
    } finally {
      view.done();
    }
  }

  /** The snapshots held, newest first. */
  list(): SnapshotInfo[] {
    return this.heights()
      .map((h) => this.info(h))
      .filter((s): s is SnapshotInfo => s !== undefined);
  }

  /** Chunk `index` of the snapshot at `height`, or undefined if not held (or damaged: it must hash to its metadata's entry). */
  loadChunk(height: number, format: number, index: number): Uint8Array | undefined {
    if (format !== SNAPSHOT_FORMAT) return undefined;
    const info = this.info(height);
    if (info === undefined || index < 0 || index >= info.chunks) return undefined;
    const file = join(this.dir, String(height), `chunk-${index}`);
    if (!existsSync(file)) return undefined;
    const chunk = new Uint8Array(readFileSync(file));
    const expected = decodeMetadata(info.metadata, this.suite.hashLength).chunkHashes[index]!;
    return equalBytes(this.suite.hash(chunk), expected) ? chunk : undefined;
  }

  private info(height: number): SnapshotInfo | undefined {
    try {
      const metadata = new Uint8Array(readFileSync(join(this.dir, String(height), 'metadata')));
      const m = decodeMetadata(metadata, this.suite.hashLength);
      if (m.height !== height) return undefined;
      return { height, format: SNAPSHOT_FORMAT, chunks: m.chunkHashes.length, hash: snapshotHash(this.suite, metadata), metadata };
    } catch {
      return undefined; // unreadable or damaged: not offered
    }
  }

  private heights(): number[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /^[0-9]+$/.test(f))
      .map(Number)
      .sort((a, b) => b - a);
  }

  private prune(): void {
    for (const h of this.heights().slice(this.keep)) rmSync(join(this.dir, String(h)), { recursive: true, force: true });
    for (const f of readdirSync(this.dir)) if (f.endsWith('.partial')) rmSync(join(this.dir, f), { recursive: true, force: true });
  }
}
