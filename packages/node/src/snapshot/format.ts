// The state-sync snapshot format (format 1): what a member node offers CometBFT's state sync so
// a new or wiped node starts from a recent height instead of replaying every block.
//
// A snapshot of height H is a stream of records cut into chunks of at most CHUNK_SIZE bytes:
//   header   the block header of H, as stored (its roots are what the restore checks against)
//   state    one per state entry at H, key (32 bytes) ‖ value, in key order
//   entry    one per log entry 0 … logSize−1, the entry's bytes, in index order
//   tx       one per log entry, in the same order: the signed transaction the entry logs (its id
//            must be the entry's), so the restored node holds every transaction — an anchoring's
//            items, for its receipts — though not the blocks' headers and results before H
//   sidecar  one per live sidecar: commitment (32) ‖ height stored (u32 BE) — commitments only:
//            the contents are personal data and never travel over CometBFT's P2P; the restored
//            node fetches them from the members over the authenticated peer API
//   erased   one per erased sidecar: commitment (32) ‖ height erased (u32 BE)
// A record is tag (1 byte) ‖ length (u32 BE) ‖ payload; a record may span chunks. The metadata
// CometBFT carries beside the snapshot is canon({v, height, chunks: [H(chunk)…]}), so every chunk
// is checked as it arrives and a peer sending a wrong one is named; the snapshot's hash is
// H(metadata). Nothing in it is trusted until the restore has rebuilt the state and log trees
// and their roots give the app hash CometBFT's light client verified (restore.ts).
import {
  CreditChainError,
  concatBytes,
  decodeCanonical,
  encodeCanonical,
  readArray,
  readBytes,
  readMap,
  readUint,
  readVersion,
  type CryptoSuite,
} from '@creditchain/core';
import { readU32, u32 } from '../big-endian.js';

export const SNAPSHOT_FORMAT = 1;
/** CometBFT's state sync caps a chunk message at 16 MB; 4 MiB keeps a chunk quick to refetch. */
export const CHUNK_SIZE = 4 * 1024 * 1024;
/** CometBFT caps the snapshot message (metadata included) at 4 MB: 100,000 chunk hashes is 3.2 MB, a 400 GiB snapshot. */
const MAX_CHUNKS = 100_000;
const RECORD_HEAD = 5;

export const RecordTag = { header: 1, state: 2, entry: 3, sidecar: 4, erased: 5, tx: 6 } as const;
export type RecordTag = (typeof RecordTag)[keyof typeof RecordTag];
const TAGS = new Set<number>(Object.values(RecordTag));

export interface SnapshotRecord {
  readonly tag: RecordTag;
  readonly payload: Uint8Array;
}

export interface SnapshotMetadata {
  readonly height: number;
  readonly chunkHashes: readonly Uint8Array[];
}

function bad(message: string): never {
  throw new CreditChainError('SNAPSHOT_INVALID', message);
}

export function encodeMetadata(m: SnapshotMetadata): Uint8Array {
  return encodeCanonical({ v: SNAPSHOT_FORMAT, height: m.height, chunks: [...m.chunkHashes] });
}

export function decodeMetadata(bytes: Uint8Array, hashLength: number): SnapshotMetadata {
  try {
    const m = readMap(decodeCanonical(bytes, 4 * 1024 * 1024), 'snapshot metadata', ['v', 'height', 'chunks']);
    readVersion(m.v, 'snapshot metadata v', SNAPSHOT_FORMAT);
    const chunks = readArray(m.chunks, 'snapshot metadata chunks', MAX_CHUNKS).map((c, i) => readBytes(c, `chunk hash ${i}`, hashLength));
    if (chunks.length === 0) bad('A snapshot has at least one chunk.');
    return { height: readUint(m.height, 'snapshot metadata height'), chunkHashes: chunks };
  } catch (e) {
    if (e instanceof CreditChainError && e.code === 'SNAPSHOT_INVALID') throw e;
    return bad(`The snapshot's metadata is not well formed: ${(e as Error).message}`);
  }
}

/** The snapshot's hash, which CometBFT compares between peers offering "the same" snapshot. */
export function snapshotHash(suite: CryptoSuite, metadata: Uint8Array): Uint8Array {
  return suite.hash(metadata);
}

/**
 * Cuts a record stream into chunks as it is written: `push` records, `finish` for the last
 * chunk. Each full chunk goes to `emit` at once, so a snapshot never sits whole in memory.
 */
export class ChunkWriter {
  private buf = new Uint8Array(CHUNK_SIZE);
  private used = 0;
  private count = 0;

  constructor(
    private readonly emit: (chunk: Uint8Array, index: number) => void,
    private readonly chunkSize: number = CHUNK_SIZE,
  ) {
    if (chunkSize !== CHUNK_SIZE) this.buf = new Uint8Array(chunkSize);
  }

  push(tag: RecordTag, payload: Uint8Array): void {
    const head = new Uint8Array(RECORD_HEAD);
    head[0] = tag;
    head.set(u32(payload.length), 1);
    this.write(head);
    this.write(payload);
  }

  /** Emits the last chunk and returns how many chunks there are. */
  finish(): number {
    if (this.used > 0 || this.count === 0) this.flush();
    return this.count;
  }

  private write(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const n = Math.min(bytes.length - at, this.chunkSize - this.used);
      this.buf.set(bytes.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
      if (this.used === this.chunkSize) this.flush();
    }
  }

  private flush(): void {
    this.emit(this.buf.slice(0, this.used), this.count++);
    this.used = 0;
  }
}

/** Parses a record stream fed chunk by chunk; a record cut at a chunk's end waits for the next. */
export class RecordReader {
  private rest: Uint8Array = new Uint8Array(0);

  /** The complete records in `chunk` (with what was left of the chunks before). */
  feed(chunk: Uint8Array): SnapshotRecord[] {
    const data = this.rest.length === 0 ? chunk : concatBytes(this.rest, chunk);
    const out: SnapshotRecord[] = [];
    let at = 0;
    while (data.length - at >= RECORD_HEAD) {
      const tag = data[at]!;
      if (!TAGS.has(tag)) bad(`The snapshot holds a record of unknown kind ${tag}.`);
      const length = readU32(data, at + 1);
      if (data.length - at - RECORD_HEAD < length) break;
      out.push({ tag: tag as RecordTag, payload: data.slice(at + RECORD_HEAD, at + RECORD_HEAD + length) });
      at += RECORD_HEAD + length;
    }
    this.rest = data.slice(at);
    return out;
  }

  /** After the last chunk: nothing may be left over. */
  end(): void {
    if (this.rest.length > 0) bad(`The snapshot ends inside a record (${this.rest.length} bytes left over).`);
  }
}
