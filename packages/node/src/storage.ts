// The node's store: one LMDB environment, one synced write transaction per block. LMDB is
// copy-on-write with a single writer: a commit either lands whole or not at all, and a kill -9 at
// any moment leaves the last committed block intact. `overlappingSync: false` makes a commit
// resolve only after the data is on disk, so "committed" in a reply means durable. A block's
// write runs on lmdb-js's write thread (commitBlock): at millions of records it takes seconds,
// which on the main thread kept every request waiting (docs/performance.md, session 23).
//
// Sidecars hold personal data and must be erasable for real, so their contents are not in LMDB
// (whose freed pages keep deleted values) but in files (sidecar-store.ts). LMDB holds only the
// index — `sidecar-index`: commitment → height stored, `sidecar-erased`: commitment → height
// erased — in the block's own write. A block's sidecar files are written and synced before
// that write; the files of the sidecars it erases are shredded after it. At open, whatever a
// crash interrupted is finished: every file the index does not list as live is shredded.
//
// A member node of a network stores only the sidecars delivered to it; the block's own write
// also queues, in `sidecar-missing` (commitment → height of the block), every commitment of a
// transaction that committed "ok" whose sidecar this node neither holds nor has seen erased.
// comet/sidecar-sync.ts fetches those from the other members and stores each one
// (`storeFetchedSidecar`: file written and synced, then the index entry in place of the queue
// entry); an erasure takes its commitment off the queue in its own block's write.
//
// State tree nodes are kept under the height of the block that made them, not by hash alone: a
// block's nodes then land side by side at the end of the B-tree, so a commit writes a few fresh
// pages instead of copying one old page per node, which with hash keys grew with the store
// (≈ 8 µs a node at 500,000 nodes, most of a commit's time). They are written 32 to a value
// (`state-pages`: height ‖ page), as one put per node cost a sixth of a commit; an internal
// node's entry carries where each child is kept, and `state-roots` finds a root by its hash.
// Nodes that session 16's stores kept one by one (`state-tree`: height ‖ hash) are still read.
//
// Old state is pruned. Each block records, under its height in `state-stale`, the stored nodes
// its new root no longer reaches (the core's applyBatch reports them, with where they are kept).
// Once a block is more than `stateKeepHeights` below the head, those nodes are taken out of their
// pages — a page keeps its key and its hash order, so no parent's record of where a child is kept
// changes — and a page left empty is deleted; LMDB reuses the freed space for later blocks. A page
// pruned to fewer than FOLD_BELOW nodes moves them into its fold (`state-folds`: height ‖ page /
// FOLD_PAGES), which holds what is left of 8 neighbouring pages in one value: a node's place is
// still its page, read in the fold once the page has gone. Every
// reader asks for the head's tree (reports, proofs, the ledger); a snapshot reads through an LMDB
// read transaction, which keeps what it sees. Pruning never changes a root or the app hash, so
// members may keep different windows.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { lockStore } from './store-lock.js';
import { CreditChainError, EMPTY_STATE_ROOT, decodeCanonical, decodeLogEntry, STATE_NODE_LENGTH, decodeHeader, decodeStateNode, encodeStateNode, equalBytes, fromHex, runSteps, toHex, type CborMap, type LogNode, type LogNodeReader, type StateNode, type StateNodeReader, type Steps } from '@creditchain/core';
import { RESULT_OK, anchoredHashes, isAnchorAction, type BlockOutcome, type Sidecar, type StateReader } from '@creditchain/ledger';
import { decodeSidecar } from '@creditchain/sdk';
import { AnchorIndex, type AnchoredBatch, type AnchorRef } from './anchor-index.js';
import { SidecarStore, type SweepResult } from './sidecar-store.js';
import type { DeliveredSidecar } from './sidecars.js';
import { readU32, readU64, writeU32, writeU64 } from './big-endian.js';
import { DEFAULT_STATE_CACHE_MIB, DEFAULT_STATE_KEEP_HEIGHTS } from './config.js';

/** A verified state-sync snapshot, ready to write (snapshot/restore.ts builds it). */
export interface RestoredSnapshot {
  readonly height: number;
  readonly headerBytes: Uint8Array;
  /** The app hash the light client trusted for this height, kept to recheck at every start. */
  readonly appHash: Uint8Array;
  /** The head's checkpoint, signed by this node. */
  readonly checkpoint: string;
  readonly state: readonly { key: Uint8Array; value: Uint8Array }[];
  readonly stateNodes: readonly { hash: Uint8Array; node: StateNode }[];
  readonly entries: readonly Uint8Array[];
  /** Every transaction the log holds, with where it is (no result: those stay with the blocks). */
  readonly txs: readonly { id: Uint8Array; bytes: Uint8Array; height: number; position: number; logIndex: number }[];
  readonly logNodes: readonly LogNode[];
  readonly live: readonly { commitment: Uint8Array; height: number }[];
  readonly erased: readonly { commitment: Uint8Array; height: number }[];
}

/** A block's write under way (Storage.commitBlock). */
export interface BlockWrite {
  /** Resolves once the block is durable; rejects with NODE_STORAGE_FULL, nothing committed, when the disk refused it. */
  readonly written: Promise<void>;
  /** The state tree nodes the block made, as the store will hold them (each with where it is kept). */
  readonly made: ReadonlyArray<{ hash: Uint8Array; node: StateNode }>;
}

/** The store at one height, for copying a snapshot while later blocks commit (Storage.readView). */
export interface StoreView {
  readonly height: number;
  readonly headerBytes: Uint8Array;
  entryBytes(index: number): Uint8Array | undefined;
  txBytes(id: Uint8Array): Uint8Array | undefined;
  /** Every state entry, in key order. */
  stateEntries(): Iterable<{ key: Uint8Array; value: Uint8Array }>;
  /** Every sidecar the chain holds a live commitment to, with the height of the block that committed to it. */
  liveSidecars(): Iterable<{ commitment: Uint8Array; height: number }>;
  /** Every erased sidecar's commitment, with the height of the block that erased it. */
  erasedSidecars(): Iterable<{ commitment: Uint8Array; height: number }>;
  done(): void;
}

export interface TxLocation {
  readonly height: number;
  readonly position: number;
  readonly logIndex: number;
}

type Bin = Database<Uint8Array, any>;
type AnyDb = Database<any, any>;

/** Largest map LMDB may grow to; space is only used as written. */
const MAP_SIZE = 64 * 1024 ** 3;

function bytes(b: Uint8Array | undefined | null): Uint8Array | undefined {
  if (b === undefined || b === null) return undefined;
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * A write the disk refused: no space, the map full, or an I/O error — which is how a full disk
 * shows when LMDB syncs its pages (on a full tmpfs the commit fails with EIO, code 5, not
 * ENOSPC). LMDB writes its meta page last, so a failed commit leaves the last committed block.
 */
function isWriteRefused(e: unknown): boolean {
  const msg = String((e as Error)?.message ?? e);
  const code = (e as { code?: string | number })?.code;
  return /ENOSPC|MDB_MAP_FULL|No space left|Input\/output error|EIO/i.test(msg) || code === 'ENOSPC' || code === 'EIO' || code === 5;
}

function storageFull(e: unknown, path: string): unknown {
  if (!isWriteRefused(e)) return e;
  return new CreditChainError('NODE_STORAGE_FULL', `The node could not write the block: the disk is full or failing (${String((e as Error)?.message ?? e)}). Nothing was committed; free space (or replace the disk) and retry.`, { path });
}

/** Before sidecar files, LMDB db `sidecars` held commitment → canon({salt, payload}); moved to files at open. */
const LEGACY_SIDECARS = 'sidecars';
/** Before nodes were kept by height, LMDB db `state-nodes` held hash → node; moved at open. */
const LEGACY_STATE_NODES = 'state-nodes';
/** Before locations were binary, LMDB db `tx-index` held id → JSON {height, position, logIndex}; moved at open. */
const LEGACY_TX_INDEX = 'tx-index';
/** Before transactions were kept by log index, LMDB dbs `txs` and `results` held them by id; moved at open. */
const LEGACY_TXS = 'txs';
const LEGACY_RESULTS = 'results';

/** A transaction's location as stored in `tx-locations`: u32 height ‖ u32 position ‖ u64 log index (12 bytes where JSON took ≈ 45, and no parse on each lookup). */
function encodeTxLocation(loc: TxLocation): Uint8Array {
  const out = new Uint8Array(16);
  writeU32(out, 0, loc.height);
  writeU32(out, 4, loc.position);
  writeU64(out, 8, loc.logIndex);
  return out;
}

function decodeTxLocation(b: Uint8Array): TxLocation {
  return { height: readU32(b, 0), position: readU32(b, 4), logIndex: readU64(b, 8) };
}

/** The key of a transaction's bytes and result: its log index, u64 big-endian — the last 8 bytes of its location. */
function logIndexKey(logIndex: number): Uint8Array {
  const out = new Uint8Array(8);
  writeU64(out, 0, logIndex);
  return out;
}

function stateNodeKey(height: number, hash: Uint8Array): Uint8Array {
  const key = new Uint8Array(36);
  writeU32(key, 0, height);
  key.set(hash, 4);
  return key;
}

/**
 * Where a state tree node is kept — its `at` in the core's terms: height × 2^21 + page. Page
 * LEGACY_PAGE means db `state-tree`, node by node under (height ‖ hash), as stores written
 * before pages keep them; any other page is that page of the height in db `state-pages`.
 */
const PAGE_SPAN = 2 ** 21;
const LEGACY_PAGE = PAGE_SPAN - 1;
/** Stale lists of heights below the window pruned with one block, at most: a backlog (pruning just turned on) drains at one list a block more than the chain makes. */
const PRUNE_LISTS_PER_BLOCK = 2;
/** A stale list's entry: u32 height ‖ u32 page ‖ hash (where the node was kept, and which). */
const STALE_ENTRY_LENGTH = 8 + 32;
/** A stale list chunk's head: the old root's hash ‖ where it was kept in chunk 0 when the root changed; 40 zero bytes otherwise. */
const STALE_HEAD_LENGTH = 32 + 8;
/**
 * Entries a stale list chunk holds (key u32 height ‖ u32 chunk): 3.9 KB, one LMDB overflow page.
 * A block of a million-record chain leaves ≈ 90,000 stale nodes (3.6 MB): as one value, LMDB
 * must find 900 free pages in a row for it, a search through its free list that grows with
 * everything pruning frees.
 */
const STALE_CHUNK_ENTRIES = 96;
/**
 * Heights a page settles for before its stale nodes are taken out of it. Most nodes a block
 * replaces were made a few blocks before (on a chain of a million records, of one block's
 * 215,000: 30 % in the block before, 25 % within 10, 40 % within 100), so a page is hit again and
 * again in its first blocks: pruned as each list came due, a page was rewritten for 2.4 of its
 * nodes at a time; waiting until a page is this old, for 13.8. A due node in a younger page is
 * put back in the list of the height when its page will have settled.
 */
const PRUNE_SETTLE_HEIGHTS = 100;
/**
 * A chunk put back (settling) has a number from here on: bit 31, the height that put it back
 * mod 2^15, then its own number. The blocks that put nodes back into one list are fewer than
 * the settling heights apart, so the numbers differ; were a backlog of more than 2^15 heights to
 * make two meet, the later chunk would replace the earlier, whose nodes would then never be
 * pruned (space lost, nothing wrong).
 */
const SETTLING_CHUNK = 0x8000_0000;
/** Nodes a page holds, so that a page (≈ 3.6 KB) fills one LMDB overflow page. */
const PAGE_NODES = 32;
/** A page entry: hash ‖ hash preimage ‖ left child's (u32 height, u32 page) ‖ right child's (zero for a leaf). */
const ENTRY_LENGTH = 32 + STATE_NODE_LENGTH + 16;
/**
 * A page pruned to fewer nodes than this moves them into its fold. Such a page (under ≈ 2 KB) is
 * small enough for LMDB to keep in a B-tree leaf page instead of an overflow page of its own, and
 * once pruning had shrunk them, leaves held 2.4 such pages on average, ≈ 35 % of their 4 KB: on a
 * chain of 5.8 M records, 13 GB of leaves for 3.3 GB of nodes (docs/performance.md, session 23).
 * A page of more nodes fills most of its own overflow page and stays where it is.
 */
const FOLD_BELOW = 18;
/**
 * Neighbouring pages of a height whose pruned nodes share one fold: part of the store's format
 * (a read finds a fold by it). Folds of 8 held 47–51 nodes on average in the fills measured
 * (≈ 5.5 KB, two overflow pages, 73 % used); of 16, 94 nodes (84 %), for twice the bytes written
 * again whenever one of a fold's nodes is pruned (docs/performance.md, session 25).
 */
const FOLD_PAGES = 8;

/**
 * A block's puts and removes, gathered before any reaches LMDB. A batch queued for lmdb-js's
 * write thread cannot be taken back in part, so everything that might throw (a check, a read)
 * runs while the set is gathered, and applying it is a loop that cannot fail half-way in
 * JavaScript; LMDB then commits it whole or not at all.
 */
class WriteSet {
  private readonly ops: Array<{ db: AnyDb; key: unknown; value: unknown }> = [];
  put(db: AnyDb, key: unknown, value: unknown): void {
    this.ops.push({ db, key, value });
  }
  remove(db: AnyDb, key: unknown): void {
    this.ops.push({ db, key, value: REMOVE });
  }
  /** Inside a write (a transactionSync or a batch): every put and remove, in the order gathered. */
  apply(): void {
    for (const { db, key, value } of this.ops) void (value === REMOVE ? db.remove(key) : db.put(key, value));
  }
}
const REMOVE = Symbol('remove');

const LMDB_COMMIT_FAILED = 'Commit failed (see commitError for details)';
let orphansIgnored = false;
/**
 * When a batch's commit fails, lmdb-js 3.5 rejects besides the batch's own promise (which
 * commitBlock handles) promises that no caller holds — a put's, and the one carrying the cause
 * (kriszyp/lmdb-js#368) — and an unhandled rejection ends the process: a full disk would stop
 * the node instead of refusing work with NODE_STORAGE_FULL. From the first failed block write
 * on, those are ignored; any other unhandled rejection still ends the process, as Node's
 * default does, unless another listener (a test runner) takes it.
 */
function ignoreOrphanedCommitRejections(): void {
  if (orphansIgnored) return;
  orphansIgnored = true;
  const listener = (reason: unknown): void => {
    if (reason instanceof Error && (reason.message === LMDB_COMMIT_FAILED || (reason.stack ?? '').includes('/lmdb/write.js'))) return;
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  };
  process.on('unhandledRejection', listener);
}

const nodeAt = (height: number, page: number): number => height * PAGE_SPAN + page;

function staleKey(height: number, chunk: number): Uint8Array {
  const key = new Uint8Array(8);
  writeU32(key, 0, height);
  writeU32(key, 4, chunk);
  return key;
}

function pageKey(height: number, page: number): Uint8Array {
  const key = new Uint8Array(8);
  writeU32(key, 0, height);
  writeU32(key, 4, page);
  return key;
}

/** The fold that takes the pruned nodes of the page at `at`, as nodeAt(height, fold number). */
const foldOf = (at: number): number => nodeAt(Math.floor(at / PAGE_SPAN), Math.floor((at % PAGE_SPAN) / FOLD_PAGES));
/** A fold's key in `state-folds`: u32 height ‖ u32 fold number. */
const foldKey = (fold: number): Uint8Array => pageKey(Math.floor(fold / PAGE_SPAN), fold % PAGE_SPAN);

function writeAt(out: Uint8Array, offset: number, at: number): void {
  writeU32(out, offset, Math.floor(at / PAGE_SPAN));
  writeU32(out, offset + 4, at % PAGE_SPAN);
}

const readAt = (b: Uint8Array, offset: number): number => nodeAt(readU32(b, offset), readU32(b, offset + 4));

/** A page's bytes: its nodes' entries (storedStateNode'd), sorted by hash for a binary search. */
function encodePage(nodes: ReadonlyArray<{ hash: Uint8Array; node: StateNode }>): Uint8Array {
  const sorted = [...nodes].sort((a, b) => compareBytes(a.hash, b.hash));
  const out = new Uint8Array(sorted.length * ENTRY_LENGTH);
  sorted.forEach(({ hash, node }, i) => writeEntry(out, i * ENTRY_LENGTH, hash, node));
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array, bOffset = 0): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[bOffset + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Page entries, one after the other, as one value. */
function concatEntries(entries: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(entries.length * ENTRY_LENGTH);
  entries.forEach((e, i) => out.set(e, i * ENTRY_LENGTH));
  return out;
}

/** What one pruning does to a fold: entries of pages pruned small that move in, hashes of folded nodes that leave. */
interface FoldEdit {
  readonly added: Uint8Array[];
  readonly removed: Uint8Array[];
}

/** The node with `hash` in a page's bytes, kept at `at`; undefined if the page lacks it. */
function findInPage(page: Uint8Array, hash: Uint8Array, at: number): StateNode | undefined {
  let lo = 0;
  let hi = Math.floor(page.length / ENTRY_LENGTH) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const o = mid * ENTRY_LENGTH;
    const d = compareBytes(hash, page, o);
    if (d > 0) lo = mid + 1;
    else if (d < 0) hi = mid - 1;
    else return entryNode(page, o, at);
  }
  return undefined;
}

/** The node of the entry at `o` (page entry layout), kept at `at`; its bytes are copied out. */
function entryNode(b: Uint8Array, o: number, at: number): StateNode {
  const node = decodeStateNode(b.subarray(o + 32, o + 32 + STATE_NODE_LENGTH));
  if (node.kind === 'leaf') return { kind: 'leaf', key: node.key, valueHash: node.valueHash, at };
  return { kind: 'internal', left: node.left, right: node.right, leftAt: readAt(b, o + 32 + STATE_NODE_LENGTH), rightAt: readAt(b, o + 40 + STATE_NODE_LENGTH), at };
}

/** Writes a node kept at (its own) `at` as a page entry at `o`: hash ‖ preimage ‖ children's places. */
function writeEntry(out: Uint8Array, o: number, hash: Uint8Array, node: StateNode): void {
  out.set(hash, o);
  encodeStateNode(node, out.subarray(o + 32, o + 32 + STATE_NODE_LENGTH));
  if (node.kind === 'internal') {
    writeAt(out, o + 32 + STATE_NODE_LENGTH, node.leftAt!);
    writeAt(out, o + 40 + STATE_NODE_LENGTH, node.rightAt!);
  }
}

/**
 * A node as kept node by node (db `state-tree`, before pages): its hash preimage (tag ‖ 64
 * bytes), and for an internal node the heights its children are kept at (u32 each).
 */
function legacyNodeValue(node: StateNode): Uint8Array {
  if (node.kind === 'leaf') return encodeStateNode(node);
  const out = encodeStateNode(node, new Uint8Array(STATE_NODE_LENGTH + 8));
  writeU32(out, STATE_NODE_LENGTH, Math.floor(node.leftAt! / PAGE_SPAN));
  writeU32(out, STATE_NODE_LENGTH + 4, Math.floor(node.rightAt! / PAGE_SPAN));
  return out;
}

/** A hash's slot in a node cache of `mask + 1` slots: as many of its first 24 bits as that takes. */
function cacheIndex(h: Uint8Array, mask: number): number {
  return ((h[0]! << 16) | (h[1]! << 8) | h[2]!) & mask;
}

/** The slots of a node cache in `mib` MiB: the largest power of two that fits, 2^10 to 2^24. */
export function stateCacheSlots(mib: number): number {
  const slots = Math.floor((mib * 2 ** 20) / (ENTRY_LENGTH + 8)); // an entry and its `at`
  return 2 ** Math.min(24, Math.max(10, Math.floor(Math.log2(slots))));
}

/** A hash's first 48 bits, exact in a double: a key for maps of nodes (checked against the whole hash). */
export function hashTop48(h: Uint8Array): number {
  return (h[0]! * 0x10000000000) + (h[1]! * 0x100000000) + ((h[2]! << 24) >>> 0) + (h[3]! << 16) + (h[4]! << 8) + h[5]!;
}

/**
 * A node the ledger made, as a read of it from the store returns it: kept at `at`, and a child
 * made in the same batch (no `at` in the node the ledger returns) where `made` says it is kept.
 */
function storedStateNode(node: StateNode, at: number, made: (child: Uint8Array) => number): StateNode {
  if (node.kind === 'leaf') return { kind: 'leaf', key: node.key, valueHash: node.valueHash, at };
  return { kind: 'internal', left: node.left, right: node.right, leftAt: node.leftAt ?? made(node.left), rightAt: node.rightAt ?? made(node.right), at };
}

/** A node kept node by node (legacyNodeValue) at `height`, with its children's places. */
function decodeLegacyNode(raw: Uint8Array, height: number): StateNode {
  const at = nodeAt(height, LEGACY_PAGE);
  if (raw.length === STATE_NODE_LENGTH + 8) {
    const node = decodeStateNode(raw.subarray(0, STATE_NODE_LENGTH));
    if (node.kind !== 'internal') throw new CreditChainError('NODE_TAMPERED', 'A stored state tree leaf carries child heights.', { height });
    return { kind: 'internal', left: node.left, right: node.right, leftAt: nodeAt(readU32(raw, STATE_NODE_LENGTH), LEGACY_PAGE), rightAt: nodeAt(readU32(raw, STATE_NODE_LENGTH + 4), LEGACY_PAGE), at };
  }
  const node = decodeStateNode(raw);
  if (node.kind !== 'leaf') throw new CreditChainError('NODE_TAMPERED', 'A stored internal state tree node lacks its children\'s heights.', { height });
  return { kind: 'leaf', key: node.key, valueHash: node.valueHash, at };
}

function stateRootOf(headerBytes: Uint8Array): Uint8Array {
  return decodeHeader(headerBytes).stateRoot;
}

export class Storage implements StateReader {
  private readonly env: RootDatabase;
  private readonly meta: Database<any, string>;
  private readonly headers: Bin;
  private readonly blockTxs: Bin;
  /**
   * log index (logIndexKey) → the signed bytes of the transaction that first committed there.
   * Keyed by where it is, not by id, so a block's transactions are appended side by side: keyed
   * by id, each one landed on a random page of a growing B-tree, and a commit's writes (and its
   * fsync) grew with the store: a block of ≈ 700 took 30 ms to commit at first and 77 ms after
   * 56,000 transactions at 3,500 tx/s, 44 ms kept by log index. Only `tx-locations` is still
   * keyed by id.
   */
  private readonly txBytes: Bin;
  /** transaction id → where it first committed (encodeTxLocation). */
  private readonly txLocations: Bin;
  /** log index (logIndexKey) → the encoded result of the transaction that first committed there. */
  private readonly txResults: Bin;
  private readonly entries: Bin;
  /** The node's index of anchored hashes (anchor-index.ts), in sorted runs of its own beside this store. */
  private readonly anchorIndex: AnchorIndex;
  private readonly logNodes: Bin;
  /** u32 height ‖ u32 page → a page of the state tree nodes that block made (encodePage). */
  private readonly statePages: Bin;
  /** u32 height ‖ u32 (page / FOLD_PAGES) → the nodes left of pages pruned below FOLD_BELOW, entries in hash order as in a page. */
  private readonly stateFolds: Bin;
  /** Before pages: u32 height ‖ hash → one node (legacyNodeValue); still read, no longer written. */
  private readonly stateNodes: Bin;
  /** root hash → where the root node is kept: u32 height ‖ u32 page (u32 height alone: node by node). */
  private readonly stateRoots: Bin;
  /** u32 height ‖ u32 chunk → stored nodes that block's root no longer reaches (STALE_CHUNK_ENTRIES a chunk), until pruned. */
  private readonly stateStale: Bin;
  /** How many heights below the head keep their state trees; undefined: all (nothing pruned). */
  private readonly keepHeights: number | undefined;
  private readonly settleHeights: number;
  private readonly state: Bin;
  private readonly checkpoints: Database<string, number>;
  /** commitment → height of the block that stored its sidecar; only live sidecars are listed. */
  private readonly sidecarIndex: Database<number, Uint8Array>;
  /** commitment → height of the block that last erased it. */
  private readonly sidecarErased: Database<number, Uint8Array>;
  /** commitment → height of the block that committed to it, for sidecars this member node lacks. */
  private readonly sidecarMissing: Database<number, Uint8Array>;
  private readonly sidecarFiles: SidecarStore;
  /** Erased sidecars whose file could not be shredded yet; retried after each block and at open. */
  private readonly unshredded = new Map<string, Uint8Array>();
  /** The block write under way (commitBlockSteps), if one is: its writes being gathered, then written on lmdb-js's write thread. */
  private writing: Promise<void> | undefined;
  /** What the start-up sweep of the sidecar files found. */
  readonly sidecarSweep: SweepResult;

  private readonly unlock: () => void;

  constructor(
    readonly path: string,
    opts: {
      readonly stateCacheMiB?: number;
      readonly stateKeepHeights?: number | 'all';
      /** For tests: heights a page settles before it is pruned (PRUNE_SETTLE_HEIGHTS). */
      readonly pruneSettleHeights?: number;
    } = {},
  ) {
    const keep = opts.stateKeepHeights ?? DEFAULT_STATE_KEEP_HEIGHTS;
    this.keepHeights = keep === 'all' ? undefined : keep;
    this.settleHeights = opts.pruneSettleHeights ?? PRUNE_SETTLE_HEIGHTS;
    const slots = stateCacheSlots(opts.stateCacheMiB ?? DEFAULT_STATE_CACHE_MIB);
    this.cacheEntries = new Uint8Array(slots * ENTRY_LENGTH);
    this.cacheAt = new Float64Array(slots).fill(Number.NaN);
    this.cacheMask = slots - 1;
    mkdirSync(path, { recursive: true });
    this.unlock = lockStore(path);
    try {
      this.env = open({ path, compression: false, overlappingSync: false, maxDbs: 24, mapSize: MAP_SIZE });
    } catch (e) {
      this.unlock();
      throw e;
    }
    const bin = (name: string, keyEncoding: 'binary' | 'ordered-binary' | 'uint32' = 'ordered-binary'): Bin =>
      this.env.openDB({ name, encoding: 'binary', keyEncoding });
    this.meta = this.env.openDB({ name: 'meta', encoding: 'json' });
    this.headers = bin('headers');
    this.blockTxs = bin('block-txs');
    this.txBytes = bin('tx-bytes', 'binary');
    this.txLocations = bin('tx-locations', 'binary');
    this.txResults = bin('tx-results', 'binary');
    this.entries = bin('log-entries');
    this.logNodes = bin('log-nodes');
    this.statePages = bin('state-pages', 'binary');
    this.stateFolds = bin('state-folds', 'binary');
    this.stateNodes = bin('state-tree', 'binary');
    this.stateRoots = bin('state-roots', 'binary');
    this.stateStale = bin('state-stale', 'binary');
    this.state = bin('state', 'binary');
    this.checkpoints = this.env.openDB({ name: 'checkpoints', encoding: 'string' });
    this.sidecarIndex = this.env.openDB({ name: 'sidecar-index', encoding: 'ordered-binary', keyEncoding: 'binary' });
    this.sidecarErased = this.env.openDB({ name: 'sidecar-erased', encoding: 'ordered-binary', keyEncoding: 'binary' });
    this.sidecarMissing = this.env.openDB({ name: 'sidecar-missing', encoding: 'ordered-binary', keyEncoding: 'binary' });
    this.sidecarFiles = new SidecarStore(path);
    this.migrateLegacySidecars();
    this.migrateLegacyStateNodes();
    this.migrateLegacyTxIndex();
    this.migrateLegacyTxs();
    this.anchorIndex = new AnchorIndex(join(path, 'anchor-index'));
    this.anchorIndex.catchUp((from) => this.anchoredFrom(from), () => this.logSize());
    // Finish what a crash interrupted: files written for a block that never committed, and
    // files of erased sidecars not yet shredded. Only indexed, unerased sidecars keep a file.
    this.sidecarSweep = this.sidecarFiles.sweep((hex) => this.isLiveSidecar(fromHex(hex)));
  }

  async close(): Promise<void> {
    await this.settled();
    await this.anchorIndex.close();
    await this.env.close();
    this.unlock();
  }

  // --- meta -------------------------------------------------------------------------------
  getMeta<T>(key: string): T | undefined {
    return this.meta.get(key) as T | undefined;
  }

  /** Height of the latest committed block, or undefined for an empty store. */
  latestHeight(): number | undefined {
    return this.getMeta<number>('height');
  }

  // --- reads for the ledger ---------------------------------------------------------------
  getState(key: Uint8Array): Uint8Array | undefined {
    return bytes(this.state.get(key));
  }

  readonly stateNodeReader: StateNodeReader = {
    getNode: (hash: Uint8Array, at?: number): StateNode | undefined => {
      if (!(hash instanceof Uint8Array) || hash.length !== 32) return undefined;
      // The cache answers for the copy asked for: a hash made again (a key set back to a value it
      // had) has a new copy, and the old one, with its children's old places, may be pruned.
      let where = at;
      if (where === undefined) {
        const v = this.stateRoots.getBinaryFast(hash);
        if (v === undefined || v === null) return undefined;
        where = v.length === 4 ? nodeAt(readU32(v), LEGACY_PAGE) : readAt(v, 0);
      }
      const slot = cacheIndex(hash, this.cacheMask);
      if (this.cacheAt[slot] === where && compareBytes(hash, this.cacheEntries, slot * ENTRY_LENGTH) === 0) return entryNode(this.cacheEntries, slot * ENTRY_LENGTH, where);
      const height = Math.floor(where / PAGE_SPAN);
      const page = where % PAGE_SPAN;
      // getBinaryFast's buffer is reused by the next read, and only its `length` is the value's:
      // decoding copies out of a Uint8Array view of it (a Buffer's slice would not copy).
      let fast = page === LEGACY_PAGE ? this.stateNodes.getBinaryFast(stateNodeKey(height, hash)) : this.statePages.getBinaryFast(pageKey(height, page));
      // A page pruned small has gone into its fold, which is searched the same way.
      if ((fast === undefined || fast === null) && page !== LEGACY_PAGE) fast = this.stateFolds.getBinaryFast(foldKey(foldOf(where)));
      if (fast === undefined || fast === null) return undefined;
      const raw = new Uint8Array(fast.buffer, fast.byteOffset, fast.length);
      const node = page === LEGACY_PAGE ? decodeLegacyNode(raw, height) : findInPage(raw, hash, where);
      if (node === undefined) return undefined;
      this.cacheNode(hash, node);
      return node;
    },
  };

  /**
   * State tree nodes, one per slot, a new one taking its slot's place (direct-mapped: a Map with
   * eviction cost ≈ 3.6 % of a records fill, this an array store). A node never changes, and
   * every stored copy of one hash is the same node (its children kept where they are), so a hit
   * is always right. What each block reads again is mostly what the blocks just before it wrote
   * (the upper levels change every block), so each committed block's nodes go in.
   *
   * The slots are page entries in one flat buffer (≈ 15 MB), not decoded nodes: 131,072 decoded
   * nodes were ≈ 650,000 objects (a node, its two byte arrays and their buffers) living in the old
   * generation, which every major collection had to mark — 110 ms of marking in a `solo-tx` run,
   * the pause that pushed its p99 past 500 ms — and each block replaced thousands of them. A hit
   * now copies the node out, short-lived garbage the young generation clears.
   */
  private readonly cacheEntries: Uint8Array;
  /** Where each slot's node is kept (its `at`); NaN for an empty slot. */
  private readonly cacheAt: Float64Array;
  private readonly cacheMask: number;

  private cacheNode(hash: Uint8Array, node: StateNode): void {
    if (node.at === undefined) return;
    const slot = cacheIndex(hash, this.cacheMask);
    writeEntry(this.cacheEntries, slot * ENTRY_LENGTH, hash, node);
    this.cacheAt[slot] = node.at;
  }

  readonly logNodeReader: LogNodeReader = {
    getNode: (level: number, index: number): Uint8Array | undefined => bytes(this.logNodes.get([level, index] as never)),
  };

  /** Number of entries in the flat state index. */
  stateEntryCount(): number {
    return this.state.getCount();
  }

  // --- reads for queries ------------------------------------------------------------------
  getHeaderBytes(height: number): Uint8Array | undefined {
    return bytes(this.headers.get(height as never));
  }

  getBlockTxIds(height: number): Uint8Array[] | undefined {
    const raw = bytes(this.blockTxs.get(height as never));
    if (raw === undefined) return undefined;
    const ids: Uint8Array[] = [];
    for (let i = 0; i < raw.length; i += 32) ids.push(raw.subarray(i, i + 32));
    return ids;
  }

  getTxBytes(id: Uint8Array): Uint8Array | undefined {
    const loc = this.txLocations.getBinaryFast(id);
    return loc === undefined || loc === null ? undefined : bytes(this.txBytes.get(loc.slice(8, 16)));
  }

  getTxLocation(id: Uint8Array): TxLocation | undefined {
    const b = this.txLocations.getBinaryFast(id);
    return b === undefined || b === null ? undefined : decodeTxLocation(b);
  }

  getResultBytes(id: Uint8Array): Uint8Array | undefined {
    const loc = this.txLocations.getBinaryFast(id);
    return loc === undefined || loc === null ? undefined : bytes(this.txResults.get(loc.slice(8, 16)));
  }

  /** Where a document hash was first anchored, if it was (once the blocks committed before are indexed). */
  anchorRef(hash: Uint8Array): Promise<AnchorRef | undefined> {
    return this.anchorIndex.first(hash);
  }

  /** anchorRef for many hashes, in their order. */
  anchorRefs(hashes: readonly Uint8Array[]): Promise<Array<AnchorRef | undefined>> {
    return this.anchorIndex.firstOf(hashes);
  }

  getEntryBytes(index: number): Uint8Array | undefined {
    return bytes(this.entries.get(index as never));
  }

  getCheckpoint(height: number): string | undefined {
    return this.checkpoints.get(height);
  }

  /** The sidecar stored under a commitment: delivered with a transaction that committed "ok", and not erased since. */
  getSidecar(commitment: Uint8Array): Sidecar | undefined {
    if (!this.isLiveSidecar(commitment)) return undefined;
    const raw = this.sidecarFiles.read(commitment);
    return raw === undefined ? undefined : decodeSidecar(raw);
  }

  /** The stored bytes canon({salt, payload}) of a live sidecar, as its file holds them. */
  getSidecarBytes(commitment: Uint8Array): Uint8Array | undefined {
    return this.isLiveSidecar(commitment) ? this.sidecarFiles.read(commitment) : undefined;
  }

  /** The sidecars this node lacks (queued by commitBlock with `trackMissing`), with the height of the block that committed to each. */
  missingSidecars(): Array<{ commitment: Uint8Array; height: number }> {
    const out: Array<{ commitment: Uint8Array; height: number }> = [];
    for (const { key, value } of this.sidecarMissing.getRange()) out.push({ commitment: bytes(key as Uint8Array)!.slice(), height: value });
    return out;
  }

  /** Height of the block that committed to a sidecar this node lacks; undefined once it is stored, erased or given up. */
  missingSidecarHeight(commitment: Uint8Array): number | undefined {
    return this.sidecarMissing.get(commitment);
  }

  /** Height of the block that last erased this commitment's sidecar, if one did. */
  sidecarErasedAt(commitment: Uint8Array): number | undefined {
    return this.sidecarErased.get(commitment);
  }

  /** Number of erased sidecars whose file is still waiting to be shredded (normally 0). */
  get sidecarsAwaitingShred(): number {
    return this.unshredded.size;
  }

  /** Height of the snapshot this store was restored from (state sync); 0 for a store that holds every block. */
  get base(): number {
    return this.getMeta<number>('base') ?? 0;
  }

  // --- reads for snapshots (snapshot/store.ts) ---------------------------------------------
  /**
   * A read-only view of the store as it is now — the latest committed block — that later blocks
   * do not change (an LMDB read transaction), so a snapshot can be copied in the background while
   * the chain goes on. Call `done()` when finished: until then LMDB cannot reuse the pages later
   * blocks free, and the file grows.
   */
  readView(): StoreView {
    const transaction = this.env.useReadTransaction();
    const o = { transaction };
    const view = this; // the generators below are not arrows: they read the dbs through it
    const height = this.meta.get('height', o) as number;
    return {
      height,
      headerBytes: bytes(this.headers.get(height as never, o))!,
      entryBytes: (i) => bytes(this.entries.get(i as never, o)),
      txBytes: (id) => {
        const loc = bytes(this.txLocations.get(id, o));
        return loc === undefined ? undefined : bytes(this.txBytes.get(loc.subarray(8, 16), o));
      },
      *stateEntries() {
        for (const { key, value } of view.state.getRange(o)) yield { key: bytes(key as Uint8Array)!, value: bytes(value)! };
      },
      // Live: stored here, or still to fetch from the members.
      *liveSidecars() {
        for (const { key, value } of view.sidecarIndex.getRange(o)) {
          const c = bytes(key as Uint8Array)!;
          if (view.sidecarErased.get(c, o) === undefined) yield { commitment: c, height: value };
        }
        for (const { key, value } of view.sidecarMissing.getRange(o)) yield { commitment: bytes(key as Uint8Array)!, height: value };
      },
      *erasedSidecars() {
        for (const { key, value } of view.sidecarErased.getRange(o)) yield { commitment: bytes(key as Uint8Array)!, height: value };
      },
      done: () => transaction.done(),
    };
  }

  private isLiveSidecar(commitment: Uint8Array): boolean {
    return this.sidecarIndex.doesExist(commitment) && !this.sidecarErased.doesExist(commitment);
  }

  // --- writes -----------------------------------------------------------------------------
  /** Writes the genesis document once, before block 0. */
  initGenesis(genesisJson: unknown): void {
    this.write(() => {
      void this.meta.put('genesis', genesisJson);
    });
  }

  /**
   * Commits one block and everything it produced in one synced transaction: its writes are
   * gathered here and queued, and `written` resolves once they are durable (or rejects with
   * NODE_STORAGE_FULL, nothing committed, when the disk refused them). One block at a time: the
   * next is committed only once this one is written, though it may be executed meanwhile on top
   * of this one (pending-block.ts, from `made`). With it, the
   * sidecars delivered with its transactions (by transaction id, hex) for those whose result is
   * "ok" are stored, and every sidecar the block erases is erased; a sidecar stored and erased by
   * the same block is never written. In order:
   *   1. the new sidecar files are written and synced (a crash here leaves orphans, shredded at
   *      the next open);
   *   2. the LMDB write: the block, the index entries of the new sidecars, and for each erasure
   *      an `erased` entry in place of its index entry — the one synced write of the block, on
   *      lmdb-js's write thread (on this one with `now`);
   *   3. the erased sidecars' files are shredded (a crash here is finished at the next open).
   * If 1 or 2 fails, nothing is committed and the files written in 1 are shredded.
   */
  commitBlock(...args: Parameters<Storage['commitBlockSteps']>): BlockWrite {
    return runSteps(this.commitBlockSteps(...args));
  }

  /**
   * commitBlock in steps: the writes are gathered in steps (a block's take ≈ 0.3 s at half a
   * million records), which the solo sequencer runs in turns of the event loop. Meanwhile the
   * store is marked as being written (settled() waits, write() refuses), as nothing may write
   * between the reads the gathering makes and the block's batch.
   */
  *commitBlockSteps(
    outcome: BlockOutcome,
    encodedResults: readonly Uint8Array[],
    checkpoint: string,
    sidecars: ReadonlyMap<string, readonly DeliveredSidecar[]> = new Map(),
    /** A network's certificate of an earlier checkpoint, carried by this block: that checkpoint with every signature. */
    certified?: { readonly height: number; readonly note: string },
    /**
     * trackMissing: queue the sidecars this node lacks, to fetch them from other members (a
     * network member does). now: write on this thread before returning (block 0, made at open).
     */
    opts: { readonly trackMissing?: boolean; readonly now?: boolean } = {},
  ): Steps<BlockWrite> {
    if (this.writing !== undefined) throw new CreditChainError('INTERNAL', `Block ${outcome.header.height} was committed while the write of the block before was still under way.`);
    const { header } = outcome;
    const erasing = new Set(outcome.erasures.map(toHex));
    const storing = new Map<string, DeliveredSidecar>();
    if (sidecars.size > 0) {
      outcome.txs.forEach((tx, i) => {
        if (outcome.results[i]!.code !== RESULT_OK) return;
        for (const s of sidecars.get(toHex(tx.id)) ?? []) {
          const hex = toHex(s.commitment);
          if (!erasing.has(hex)) storing.set(hex, s);
        }
      });
    }
    // The block's writes, gathered before the first reaches LMDB (WriteSet). The reads made here
    // see the store as committed before this block, never its own writes: the places where a
    // block could meet its own write — a transaction carried twice, a root made again — are
    // checked against what it gathered (`indexed`, pruneState's `newRoot`).
    const w = new WriteSet();
    let storedNodes: ReadonlyArray<{ hash: Uint8Array; node: StateNode }> = [];
    let gathered!: () => void;
    this.writing = new Promise<void>((r) => (gathered = r));
    try {
      const pruning = this.dueForPruning(header.height);
      const ids = new Uint8Array(outcome.txs.length * 32);
      const indexed = new Set<string>();
      for (let i = 0; i < outcome.txs.length; i++) {
        const tx = outcome.txs[i]!;
        if (i % 512 === 511) yield;
        ids.set(tx.id, i * 32);
        // A transaction is indexed, with its result, where it first committed: a copy a block
        // carries again (refused by the ledger as a replay) must not take its place.
        const hex = toHex(tx.id);
        if (indexed.has(hex) || this.txLocations.doesExist(tx.id)) continue;
        indexed.add(hex);
        const logIndex = outcome.entries[i]!.index;
        w.put(this.txBytes, logIndexKey(logIndex), tx.bytes);
        w.put(this.txLocations, tx.id, encodeTxLocation({ height: header.height, position: i, logIndex }));
        w.put(this.txResults, logIndexKey(logIndex), encodedResults[i]!);
      }
      for (const s of storing.values()) {
        w.remove(this.sidecarMissing, s.commitment);
        if (this.isLiveSidecar(s.commitment)) continue; // delivered again: stored at its first height
        w.put(this.sidecarIndex, s.commitment, header.height);
        w.remove(this.sidecarErased, s.commitment);
      }
      if (opts.trackMissing === true) this.queueMissing(w, outcome, storing, erasing);
      for (const c of outcome.erasures) {
        w.remove(this.sidecarIndex, c);
        w.put(this.sidecarErased, c, header.height);
        w.remove(this.sidecarMissing, c);
      }
      outcome.entryBytes.forEach((b, i) => w.put(this.entries, outcome.entries[i]!.index as never, b));
      for (const n of outcome.logNodes) w.put(this.logNodes, [n.level, n.index] as never, n.hash);
      yield;
      storedNodes = yield* this.putStateNodes(w, header.height, header.stateRoot, outcome.stateNodes, outcome.stateRootAt);
      this.recordStale(w, header.height, outcome.staleStateNodes);
      yield;
      yield* this.pruneState(w, pruning, header.height, header.stateRoot);
      for (const sw of outcome.stateWrites) {
        if (sw.value === null) w.remove(this.state, sw.key);
        else w.put(this.state, sw.key, sw.value);
      }
      w.put(this.blockTxs, header.height as never, ids);
      w.put(this.headers, header.height as never, outcome.headerBytes);
      w.put(this.checkpoints, header.height, checkpoint);
      if (certified !== undefined) {
        w.put(this.checkpoints, certified.height, certified.note);
        w.put(this.meta, 'certified', certified.height);
      }
      w.put(this.meta, 'height', header.height);
    } finally {
      this.writing = undefined;
      gathered();
    }
    // Committed: from here on nothing may throw, or the caller would take a durable block for a
    // failed one. A file that cannot be shredded now is retried after the next block and at open.
    const committed = (): void => {
      for (const n of storedNodes) this.cacheNode(n.hash, n.node);
      for (const c of outcome.erasures) this.unshredded.set(toHex(c), c);
      this.shredPending();
      // After the block's write, in commit order; see anchor-index.ts.
      const anchored: AnchoredBatch[] = [];
      outcome.txs.forEach((tx, i) => {
        if (outcome.results[i]!.code === RESULT_OK && isAnchorAction(tx.body.module, tx.body.action)) anchored.push({ logIndex: outcome.entries[i]!.index, hashes: anchoredHashes(tx.body.payload) });
      });
      this.anchorIndex.add(anchored, header.logSize);
    };
    let created: Uint8Array[];
    try {
      created = this.sidecarFiles.writeAll([...storing.values()]);
    } catch (e) {
      throw storageFull(e, this.path);
    }
    const failed = (e: unknown): never => {
      this.sidecarFiles.shredAll(created);
      throw storageFull(e, this.path);
    };
    // lmdb-js rejects a failed batch with "Commit failed" and the cause (ENOSPC, EIO) in a promise
    // of its own (kriszyp/lmdb-js#368): the cause is what the error names.
    const cause = async (e: unknown): Promise<unknown> => {
      ignoreOrphanedCommitRejections();
      const inner = (e as { commitError?: Promise<unknown> } | undefined)?.commitError;
      if (inner === undefined) return e;
      let timer: NodeJS.Timeout | undefined;
      const found = await Promise.race([inner.then(() => e, (x: unknown) => x), new Promise<unknown>((r) => (timer = setTimeout(() => r(e), 1000)))]);
      clearTimeout(timer);
      return found;
    };
    if (opts.now === true) {
      try {
        this.write(() => w.apply());
      } catch (e) {
        failed(e);
      }
      committed();
      return { written: Promise.resolve(), made: storedNodes };
    }
    // LMDB applies the writes and syncs on lmdb-js's write thread (one batch, one transaction),
    // while this thread answers requests: they read the store as committed before this block,
    // and the head is the block before until the caller moves it.
    const writing = this.env.batch(() => w.apply()).then(committed, async (e: unknown) => failed(await cause(e))).finally(() => {
      this.writing = undefined;
    });
    this.writing = writing;
    return { written: writing, made: storedNodes };
  }

  /**
   * Replaces this store's chain with a state-sync snapshot (already verified by
   * snapshot/restore.ts), in one synced write: the head block's header and its checkpoint signed
   * by this node, the state and log with their tree nodes, and the sidecar commitments — every
   * live one queued as missing (the contents come from the members over the peer API), every
   * erased one marked erased. Only a store that holds nothing but block 0 is restored into.
   */
  restoreSnapshot(r: RestoredSnapshot): void {
    this.cacheAt.fill(Number.NaN);
    if ((this.latestHeight() ?? 0) !== 0) {
      throw new CreditChainError('INTERNAL', `A snapshot is restored only into a new store; this one holds ${this.latestHeight()} blocks.`);
    }
    this.write(() => {
      for (const db of [this.headers, this.blockTxs, this.txBytes, this.txLocations, this.txResults, this.entries, this.logNodes, this.statePages, this.stateFolds, this.stateNodes, this.stateRoots, this.stateStale, this.state]) {
        for (const key of db.getKeys()) void db.remove(key);
      }
      for (const key of this.checkpoints.getKeys()) void this.checkpoints.remove(key);
      void this.headers.put(r.height as never, r.headerBytes);
      void this.checkpoints.put(r.height, r.checkpoint);
      for (const { key, value } of r.state) void this.state.put(key, value);
      const w = new WriteSet();
      runSteps(this.putStateNodes(w, r.height, stateRootOf(r.headerBytes), r.stateNodes, undefined));
      w.apply();
      r.entries.forEach((b, i) => void this.entries.put(i as never, b));
      for (const t of r.txs) {
        if (this.txLocations.doesExist(t.id)) continue; // indexed where it first committed, as commitBlock does
        void this.txBytes.put(logIndexKey(t.logIndex), t.bytes);
        void this.txLocations.put(t.id, encodeTxLocation(t));
      }
      for (const n of r.logNodes) void this.logNodes.put([n.level, n.index] as never, n.hash);
      for (const s of r.live) if (!this.sidecarIndex.doesExist(s.commitment)) void this.sidecarMissing.put(s.commitment, s.height);
      for (const s of r.erased) {
        void this.sidecarErased.put(s.commitment, s.height);
        void this.sidecarMissing.remove(s.commitment);
      }
      void this.meta.remove('certified');
      void this.meta.put('base', r.height);
      void this.meta.put('snapshot', { height: r.height, appHash: toHex(r.appHash) });
      void this.meta.put('height', r.height);
    });
    // The snapshot carries the whole log and its transactions: the index is built from them.
    this.anchorIndex.reset();
    this.anchorIndex.catchUp((from) => this.anchoredFrom(from), () => this.logSize());
  }

  /**
   * Stores a sidecar fetched from another member node, already checked against its commitment,
   * at the height of the block that committed to it: its file written and synced, then one
   * synced LMDB write that indexes it and takes it off the missing queue (a crash between the
   * two leaves an orphan file, shredded at the next open, and the queue entry). Stores nothing
   * unless the commitment is still queued — not erased (an erasure committed while it was being
   * fetched takes it off the queue), not stored since, not given up. Returns what happened.
   */
  async storeFetchedSidecar(s: DeliveredSidecar): Promise<'stored' | 'erased' | 'not-missing'> {
    // After the block under way: it may erase this very sidecar.
    await this.settled();
    const height = this.sidecarMissing.get(s.commitment);
    if (this.sidecarErased.doesExist(s.commitment)) {
      if (height !== undefined) this.write(() => void this.sidecarMissing.remove(s.commitment));
      return 'erased';
    }
    if (height === undefined) return 'not-missing';
    let created: Uint8Array[] = [];
    try {
      created = this.sidecarFiles.writeAll([s]);
      this.write(() => {
        void this.sidecarIndex.put(s.commitment, height);
        void this.sidecarMissing.remove(s.commitment);
      });
    } catch (e) {
      this.sidecarFiles.shredAll(created);
      throw storageFull(e, this.path);
    }
    return 'stored';
  }

  /** Takes a sidecar off the missing queue without storing it (no member node holds it). */
  async dropMissingSidecar(commitment: Uint8Array): Promise<void> {
    await this.settled();
    if (this.sidecarMissing.doesExist(commitment)) this.write(() => void this.sidecarMissing.remove(commitment));
  }

  /**
   * In a block's write: queues each commitment of its "ok" transactions whose sidecar this node
   * neither stores with the block nor holds, and that was never erased (an erased sidecar is
   * never fetched again) — nor is erased by this very block.
   */
  private queueMissing(w: WriteSet, outcome: BlockOutcome, storing: ReadonlyMap<string, DeliveredSidecar>, erasing: ReadonlySet<string>): void {
    const queued = new Set<string>();
    outcome.txs.forEach((tx, i) => {
      if (outcome.results[i]!.code !== RESULT_OK) return;
      for (const c of tx.body.sidecars) {
        const hex = toHex(c);
        if (storing.has(hex) || erasing.has(hex) || queued.has(hex)) continue;
        if (this.isLiveSidecar(c) || this.sidecarErased.doesExist(c) || this.sidecarMissing.doesExist(c)) continue;
        queued.add(hex);
        w.put(this.sidecarMissing, c, outcome.header.height);
      }
    });
  }

  private shredPending(): void {
    if (this.unshredded.size === 0) return;
    const failed = new Set(this.sidecarFiles.shredAll([...this.unshredded.values()]).map(toHex));
    for (const hex of [...this.unshredded.keys()]) if (!failed.has(hex)) this.unshredded.delete(hex);
  }

  /**
   * A store written before sidecar files kept sidecar contents in LMDB db `sidecars`: they are
   * written to files, indexed at the current height, and the db dropped, in one synced write.
   * The freed LMDB pages may still hold those bytes (and any erased before): see
   * docs/reliability.md for compacting such a store once.
   */
  private migrateLegacySidecars(): void {
    if (![...this.env.getKeys()].includes(LEGACY_SIDECARS)) return;
    const legacy: Bin = this.env.openDB({ name: LEGACY_SIDECARS, encoding: 'binary', keyEncoding: 'binary' });
    const moved: DeliveredSidecar[] = [];
    for (const { key, value } of legacy.getRange()) moved.push({ commitment: bytes(key as Uint8Array)!.slice(), bytes: bytes(value)!.slice() });
    const height = this.latestHeight() ?? 0;
    const created = this.sidecarFiles.writeAll(moved);
    try {
      this.write(() => {
        for (const s of moved) if (!this.sidecarErased.doesExist(s.commitment)) void this.sidecarIndex.put(s.commitment, height);
        legacy.dropSync();
      });
    } catch (e) {
      this.sidecarFiles.shredAll(created);
      throw storageFull(e, this.path);
    }
  }

  /**
   * In a write: the nodes a block made, in pages under its height, and its root if it was not a
   * root before — at `rootAt` when the block did not make it (a kept leaf lifted to the top).
   * A page holds nodes made one after the other (children before parents, so mostly a subtree):
   * one put per PAGE_NODES nodes, where a put per node was a sixth of a block's commit.
   */
  private *putStateNodes(w: WriteSet, height: number, root: Uint8Array, nodes: readonly { hash: Uint8Array; node: StateNode }[], rootAt: number | undefined): Steps<Array<{ hash: Uint8Array; node: StateNode }>> {
    // Pages stay below LEGACY_PAGE however many nodes (a snapshot's whole tree) one height holds.
    const perPage = Math.max(PAGE_NODES, Math.ceil(nodes.length / (LEGACY_PAGE - 1)));
    const index = new Map<number, number>(); // hashTop48 → position, checked against the hash
    nodes.forEach((n, i) => index.set(hashTop48(n.hash), i));
    const made = (child: Uint8Array): number => {
      // An empty child (all zeros) is never read: any place will do.
      if (equalBytes(child, EMPTY_STATE_ROOT)) return nodeAt(height, 0);
      let i = index.get(hashTop48(child));
      // Two hashes sharing a slot: rare enough (48 bits) to look the other one up in full.
      if (i === undefined || !equalBytes(nodes[i]!.hash, child)) i = nodes.findIndex((n) => equalBytes(n.hash, child));
      if (i < 0) throw new CreditChainError('INTERNAL', `The state tree node ${toHex(child)} is neither stored nor made by this block.`, { height });
      return nodeAt(height, Math.floor(i / perPage));
    };
    yield;
    const stored: Array<{ hash: Uint8Array; node: StateNode }> = [];
    for (let page = 0; page * perPage < nodes.length; page++) {
      const from = stored.length;
      for (let i = from; i < Math.min(nodes.length, from + perPage); i++) stored.push({ hash: nodes[i]!.hash, node: storedStateNode(nodes[i]!.node, nodeAt(height, page), made) });
      w.put(this.statePages, pageKey(height, page), encodePage(stored.slice(from)));
      if (page % 128 === 127) yield;
    }
    // A root made again (the state went back to what it was) is found at its new copy: the old
    // one may be pruned. An unchanged root (nothing made) is indexed already.
    if (rootAt !== undefined || nodes.length > 0) this.indexRoot(w, root, rootAt ?? made(root));
    else if (!equalBytes(root, EMPTY_STATE_ROOT) && !this.stateRoots.doesExist(root)) throw new CreditChainError('INTERNAL', `The state root ${toHex(root)} is neither stored nor made by this block.`, { height });
    return stored;
  }

  /** In a write: where a root is kept. */
  private indexRoot(w: WriteSet, root: Uint8Array, at: number): void {
    if (equalBytes(root, EMPTY_STATE_ROOT)) return;
    const v = new Uint8Array(8);
    writeAt(v, 0, at);
    w.put(this.stateRoots, root, v);
  }

  /**
   * In a write: the nodes block `height` left behind (applyBatch's `stale`), kept until the block
   * leaves the window. The old root among them is named in the list's head, so that its entry in
   * `state-roots` goes with it.
   */
  private recordStale(w: WriteSet, height: number, stale: ReadonlyArray<{ hash: Uint8Array; at: number }>): void {
    // An archive node ('all') never prunes: lists would only take space (≈ 40 bytes a node).
    if (stale.length === 0 || this.keepHeights === undefined) return;
    const prevRoot = height > 0 ? this.getHeaderBytes(height - 1) : undefined;
    const root = prevRoot === undefined ? undefined : stateRootOf(prevRoot);
    const old = root === undefined ? undefined : stale.find((n) => equalBytes(n.hash, root));
    this.putStaleChunks(w, height, 0, stale.length, (i, chunk, o) => {
      writeAt(chunk, o, stale[i]!.at);
      chunk.set(stale[i]!.hash, o + 8);
    }, old);
  }

  /**
   * In a write: `count` stale entries as the chunks of the list of `height`, numbered from
   * `first`; `entry` writes entry i at offset o of its chunk. `oldRoot` goes in the first chunk's head.
   */
  private putStaleChunks(w: WriteSet, height: number, first: number, count: number, entry: (i: number, chunk: Uint8Array, o: number) => void, oldRoot?: { hash: Uint8Array; at: number }): void {
    for (let c = 0; c * STALE_CHUNK_ENTRIES < count; c++) {
      const from = c * STALE_CHUNK_ENTRIES;
      const n = Math.min(STALE_CHUNK_ENTRIES, count - from);
      const chunk = new Uint8Array(STALE_HEAD_LENGTH + n * STALE_ENTRY_LENGTH);
      for (let i = 0; i < n; i++) entry(from + i, chunk, STALE_HEAD_LENGTH + i * STALE_ENTRY_LENGTH);
      if (c === 0 && oldRoot !== undefined) {
        chunk.set(oldRoot.hash, 0);
        writeAt(chunk, 32, oldRoot.at);
      }
      w.put(this.stateStale, staleKey(height, first + c), chunk);
    }
  }

  /**
   * Before block `height`'s write: the stale lists it is to prune — of the blocks more than
   * `keepHeights` below it, a few at most (PRUNE_LISTS_PER_BLOCK). Read outside the write: a
   * cursor inside a write that the disk then refused (ENOSPC) crashed lmdb-js on abort
   * ("free(): invalid pointer", test/full-disk.test.ts).
   */
  private dueForPruning(height: number): Array<{ key: Uint8Array; chunk: Uint8Array }> {
    // The list of height h holds what the tree of h - 1 had and h's lacks: once h - 1 leaves the
    // window (h ≤ height - keepHeights), nothing kept needs it.
    if (this.keepHeights === undefined || height - this.keepHeights < 1) return [];
    const due: Array<{ key: Uint8Array; chunk: Uint8Array }> = [];
    let lists = 0;
    let last = -1;
    for (const { key, value } of this.stateStale.getRange({ end: staleKey(height - this.keepHeights + 1, 0) })) {
      const k = bytes(key as Uint8Array)!;
      if (readU32(k, 0) !== last) {
        last = readU32(k, 0);
        if (++lists > PRUNE_LISTS_PER_BLOCK) break;
      }
      due.push({ key: k.slice(), chunk: bytes(value)!.slice() });
    }
    return due;
  }

  /**
   * In a write: prunes the stale lists dueForPruning read. Each node is taken out of its page,
   * which keeps the rest in hash order under the same key (so no parent's record of where a
   * child is kept changes), or is deleted when nothing is left in it.
   */
  private *pruneState(w: WriteSet, due: ReadonlyArray<{ key: Uint8Array; chunk: Uint8Array }>, height: number, newRoot: Uint8Array): Steps<void> {
    // Grouped by page over all the lists due: a page is read and written once.
    const byPage = new Map<number, Uint8Array[]>();
    // Nodes of pages still settling, by the height whose list takes them back.
    const settling = new Map<number, Uint8Array[]>();
    for (const { key, chunk } of due) {
      const staled = readU32(key, 0);
      for (let o = STALE_HEAD_LENGTH; o < chunk.length; o += STALE_ENTRY_LENGTH) {
        const at = readAt(chunk, o);
        const made = Math.floor(at / PAGE_SPAN);
        const entry = chunk.subarray(o, o + STALE_ENTRY_LENGTH);
        // Staled before its page settled: with the rest of that page's nodes, in the list of then.
        if (made + this.settleHeights > staled) {
          const back = settling.get(made + this.settleHeights);
          if (back === undefined) settling.set(made + this.settleHeights, [entry]);
          else back.push(entry);
          continue;
        }
        const hashes = byPage.get(at);
        const hash = chunk.subarray(o + 8, o + STALE_ENTRY_LENGTH);
        if (hashes === undefined) byPage.set(at, [hash]);
        else hashes.push(hash);
      }
      if (!equalBytes(chunk.subarray(0, 32), EMPTY_STATE_ROOT)) {
        const root = chunk.subarray(0, 32);
        const where = this.stateRoots.getBinaryFast(root);
        // A root this very block made again is indexed at its new place by a put this read
        // does not see: its entry stays.
        if (where !== undefined && where !== null && where.length === 8 && readAt(where, 0) === readAt(chunk, 32) && !equalBytes(root, newRoot)) w.remove(this.stateRoots, root);
      }
      w.remove(this.stateStale, key);
    }
    // The folds this pruning changes, each read once and written once.
    const folds = new Map<number, FoldEdit>();
    let pages = 0;
    for (const [at, hashes] of byPage) {
      this.pruneNodes(w, at, hashes, folds);
      if (++pages % 512 === 0) yield;
    }
    for (const [id, edit] of folds) {
      this.writeFold(w, id, edit);
      if (++pages % 512 === 0) yield;
    }
    // Back in the list of the height when their page will have settled: above the one they were
    // in, so past the window then too. Numbered by this height, so that chunks put back by
    // different blocks differ.
    for (const [target, entries] of settling) {
      this.putStaleChunks(w, target, SETTLING_CHUNK + (height % 2 ** 15) * 2 ** 16, entries.length, (i, chunk, o) => chunk.set(entries[i]!, o));
    }
  }

  /**
   * In a write: takes the nodes with these hashes out of the page (or legacy height) `at` names.
   * A page left with fewer than FOLD_BELOW nodes is deleted and they go into its fold; a page
   * already gone had its nodes folded, and they are taken out of the fold (both in `folds`,
   * written by writeFold once every page is done).
   */
  private pruneNodes(w: WriteSet, at: number, hashes: readonly Uint8Array[], folds: Map<number, FoldEdit>): void {
    const height = Math.floor(at / PAGE_SPAN);
    const page = at % PAGE_SPAN;
    if (page === LEGACY_PAGE) {
      for (const h of hashes) w.remove(this.stateNodes, stateNodeKey(height, h));
      return;
    }
    const fold = (): FoldEdit => {
      const id = foldOf(at);
      let edit = folds.get(id);
      if (edit === undefined) folds.set(id, (edit = { added: [], removed: [] }));
      return edit;
    };
    const key = pageKey(height, page);
    const raw = bytes(this.statePages.get(key));
    if (raw === undefined) {
      fold().removed.push(...hashes);
      return;
    }
    const kept: Uint8Array[] = [];
    for (let o = 0; o < raw.length; o += ENTRY_LENGTH) {
      if (!hashes.some((h) => compareBytes(h, raw, o) === 0)) kept.push(raw.subarray(o, o + ENTRY_LENGTH));
    }
    if (kept.length === raw.length / ENTRY_LENGTH) return;
    if (kept.length < FOLD_BELOW) {
      w.remove(this.statePages, key);
      fold().added.push(...kept);
    } else w.put(this.statePages, key, concatEntries(kept));
  }

  /** In a write: fold `id` (foldOf) as pruning leaves it, or deleted if nothing is left in it. */
  private writeFold(w: WriteSet, id: number, edit: FoldEdit): void {
    const key = foldKey(id);
    const raw = bytes(this.stateFolds.get(key));
    const entries = [...edit.added];
    // A height's nodes all differ (a node's hash covers its whole subtree), so a hash names one entry.
    for (let o = 0; raw !== undefined && o < raw.length; o += ENTRY_LENGTH) {
      if (!edit.removed.some((h) => compareBytes(h, raw, o) === 0)) entries.push(raw.subarray(o, o + ENTRY_LENGTH));
    }
    // A page pruned empty adds nothing, and may leave its fold as it was.
    if (edit.added.length === 0 && entries.length * ENTRY_LENGTH === (raw?.length ?? 0)) return;
    if (entries.length === 0) {
      w.remove(this.stateFolds, key);
      return;
    }
    entries.sort((a, b) => compareBytes(a.subarray(0, 32), b));
    w.put(this.stateFolds, key, concatEntries(entries));
  }

  /** Nodes waiting in stale lists to be pruned: where each is kept, the height of the list it waits in, and whether it was put back to settle. For tests. */
  *pendingStale(): Generator<{ at: number; hash: Uint8Array; list: number; putBack: boolean }> {
    for (const { key, value } of this.stateStale.getRange()) {
      const chunk = bytes(value)!;
      const k = bytes(key as Uint8Array)!;
      const list = readU32(k, 0);
      const putBack = readU32(k, 4) >= SETTLING_CHUNK;
      for (let o = STALE_HEAD_LENGTH; o < chunk.length; o += STALE_ENTRY_LENGTH) yield { at: readAt(chunk, o), hash: chunk.slice(o + 8, o + STALE_ENTRY_LENGTH), list, putBack };
    }
  }

  /** The hashes of the nodes held in folds (pages pruned small). For tests. */
  *foldedHashes(): Generator<string> {
    for (const { value } of this.stateFolds.getRange()) {
      const raw = value as Uint8Array;
      for (let o = 0; o < raw.length; o += ENTRY_LENGTH) yield toHex(raw.subarray(o, o + 32));
    }
  }

  /**
   * The state tree as stored: pages, nodes in them and in folds (`nodes` counts both, `foldedNodes`
   * the latter), nodes kept one by one (legacy) and stale lists not yet pruned. A full scan of the tree's dbs, for tests.
   */
  stateTreeStats(): { pages: number; nodes: number; foldedNodes: number; legacyNodes: number; staleLists: number; roots: number } {
    let pages = 0;
    let nodes = 0;
    for (const { value } of this.statePages.getRange()) {
      pages++;
      nodes += (value as Uint8Array).length / ENTRY_LENGTH;
    }
    let foldedNodes = 0;
    for (const { value } of this.stateFolds.getRange()) {
      foldedNodes += (value as Uint8Array).length / ENTRY_LENGTH;
    }
    return { pages, nodes: nodes + foldedNodes, foldedNodes, legacyNodes: this.stateNodes.getCount(), staleLists: new Set([...this.stateStale.getKeys()].map((k) => readU32(k as Uint8Array, 0))).size, roots: this.stateRoots.getCount() };
  }

  /**
   * A store written before nodes were kept by height had them in db `state-nodes`, by hash: they
   * are moved under height 0 (a (height, hash) key is unique whatever the height) and every root
   * of a stored block indexed there, in one synced write.
   */
  private migrateLegacyStateNodes(): void {
    if (![...this.env.getKeys()].includes(LEGACY_STATE_NODES)) return;
    const legacy: Bin = this.env.openDB({ name: LEGACY_STATE_NODES, encoding: 'binary', keyEncoding: 'binary' });
    this.write(() => {
      for (const { key, value } of legacy.getRange()) {
        const hash = bytes(key as Uint8Array)!;
        void this.stateNodes.put(stateNodeKey(0, hash), legacyNodeValue(storedStateNode(decodeStateNode(bytes(value)!), nodeAt(0, LEGACY_PAGE), () => nodeAt(0, LEGACY_PAGE))));
      }
      const height = this.latestHeight() ?? -1;
      for (let h = this.base; h <= height; h++) {
        const header = this.getHeaderBytes(h);
        if (header === undefined) continue;
        const w = new WriteSet();
        this.indexRoot(w, stateRootOf(header), nodeAt(0, LEGACY_PAGE));
        w.apply();
      }
      legacy.dropSync();
    });
  }

  /** A store written before locations were binary kept them as JSON in db `tx-index`: moved to `tx-locations` in one synced write. */
  private migrateLegacyTxIndex(): void {
    if (![...this.env.getKeys()].includes(LEGACY_TX_INDEX)) return;
    const legacy: Database<TxLocation, Uint8Array> = this.env.openDB({ name: LEGACY_TX_INDEX, encoding: 'json', keyEncoding: 'binary' });
    this.write(() => {
      for (const { key, value } of legacy.getRange()) void this.txLocations.put(key, encodeTxLocation(value));
      legacy.dropSync();
    });
  }

  /**
   * A store written before transactions were kept by log index held them, and their results, by
   * id in dbs `txs` and `results`: moved to `tx-bytes` and `tx-results`, found through
   * `tx-locations`, in one synced write.
   */
  private migrateLegacyTxs(): void {
    const names = [...this.env.getKeys()];
    for (const [name, db] of [[LEGACY_TXS, this.txBytes], [LEGACY_RESULTS, this.txResults]] as const) {
      if (!names.includes(name)) continue;
      const legacy = this.env.openDB({ name, encoding: 'binary', keyEncoding: 'binary' });
      this.write(() => {
        for (const { key, value } of legacy.getRange()) {
          const loc = bytes(this.txLocations.get(key as Uint8Array));
          // Without a location it was never reachable: a transaction is looked up through it.
          if (loc !== undefined) void db.put(loc.subarray(8, 16), value);
        }
        legacy.dropSync();
      });
    }
  }

  /** The log size: the head's, 0 before block 0. */
  private logSize(): number {
    const height = this.latestHeight();
    const header = height === undefined ? undefined : this.getHeaderBytes(height);
    return header === undefined ? 0 : decodeHeader(header).logSize;
  }

  /**
   * The anchors that committed "ok" in the log from entry `from` on, their payloads read from
   * `tx-bytes`: what the anchor index catches up with at open and after a state-sync restore.
   */
  private *anchoredFrom(from: number): Iterable<AnchoredBatch> {
    for (const { key, value } of this.entries.getRange({ start: from as never })) {
      const entry = decodeLogEntry(bytes(value)!);
      if (entry.code !== RESULT_OK || !isAnchorAction(entry.module, entry.action)) continue;
      const txBytes = bytes(this.txBytes.get(logIndexKey(key as number)));
      if (txBytes === undefined) throw new CreditChainError('NODE_TAMPERED', `The store lacks the transaction of log entry ${entry.index}, an anchor that committed.`, { path: this.path, logIndex: entry.index });
      const body = (decodeCanonical(txBytes, txBytes.length) as CborMap).body as CborMap;
      yield { logIndex: entry.index, hashes: anchoredHashes(body.payload as CborMap) };
    }
  }

  /** Resolves once no block write is under way (its outcome is commitBlock's caller's to handle). */
  async settled(): Promise<void> {
    while (this.writing !== undefined) await this.writing.catch(() => undefined);
  }

  /**
   * One synced write on this thread. Never while a block's write is under way: its reads would
   * not see that block, and LMDB would split the block's batch around it (see settled()).
   */
  private write(fn: () => void): void {
    if (this.writing !== undefined) throw new CreditChainError('INTERNAL', 'A write was started on the store while a block was being written.');
    try {
      this.env.transactionSync(fn);
    } catch (e) {
      throw storageFull(e, this.path);
    }
  }
}
