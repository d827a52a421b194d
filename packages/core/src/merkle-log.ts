// The transaction log: one append-only Merkle tree exactly as RFC 9162 §2.1 defines it, so any
// RFC 9162 (or RFC 6962) verifier checks our proofs. The hash is a parameter; the chain passes
// its suite's hash.
//
//   empty tree   H("")                 leaf   H(0x00 ‖ leaf)          node   H(0x01 ‖ left ‖ right)
//
// Storage. Node (level, index) is the PERFECT subtree over leaves [index·2^level, (index+1)·2^level);
// level 0 holds the leaf hashes. A perfect node never changes once its last leaf is in, so the
// store keeps only those, and appending a leaf writes it and the perfect nodes it completes
// (1 + the trailing 1 bits of its index: under two on average, never a rehash). Every range
// [start, end) the RFC recursion meets starts at a multiple of a power of two at least its
// length, so it splits, along the bits of end − start from the highest, into stored perfect
// nodes, and its RFC hash is those nodes folded from the right. So the root, inclusion and
// consistency proofs of any past size are read from the store in O(log n).
//
// Numbers. Sizes and indexes are JS numbers up to 2^53 − 1. `>>`, `<<`, `&` and `^` work on 32
// bits, so they never touch a size here: halving is Math.floor(x / 2) and a power of two is
// 2 ** k, both exact on safe integers.
import { equalBytes } from './bytes.js';
import { CreditChainError } from './errors.js';

// Same shape as the HashFn of state-tree.ts (exported from this package there); declared, not
// exported, so the two files do not export one name twice from index.ts.
type HashFn = (data: Uint8Array) => Uint8Array;

/** A perfect node of the log, to persist under (level, index). */
export interface LogNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Uint8Array;
}

/** Read access to the stored perfect nodes; undefined when the store has no such node. */
export interface LogNodeReader {
  getNode(level: number, index: number): Uint8Array | undefined;
}

export interface AppendResult {
  /** The nodes the new leaves completed, in creation order: the caller stores them. */
  readonly nodes: LogNode[];
  /** The tree size after the append. */
  readonly size: number;
  /** The root of the tree of that size. */
  readonly root: Uint8Array;
}

// --- hashing -----------------------------------------------------------------------------------

export function leafHash(hash: HashFn, leaf: Uint8Array): Uint8Array {
  if (!(leaf instanceof Uint8Array)) throw new CreditChainError('LOG_BAD_INPUT', 'A log leaf must be bytes.');
  const buf = new Uint8Array(1 + leaf.length);
  buf.set(leaf, 1);
  return hash(buf);
}

// The 65-byte input of a node of 32-byte hashes, written afresh for each node: the hash does not
// keep its input, and a new 65-byte array each time (too large for V8's heap) cost a malloc and
// a free, as much as the hash itself.
const nodeInput = new Uint8Array(65);

export function nodeHash(hash: HashFn, left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = left.length + right.length === 64 ? nodeInput : new Uint8Array(1 + left.length + right.length);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return hash(buf);
}

// H("") per hash function: it is the empty root, and its length is the length every leaf hash,
// node and proof element must have.
const emptyRoots = new WeakMap<HashFn, Uint8Array>();

function emptyHash(hash: HashFn): Uint8Array {
  let h = emptyRoots.get(hash);
  if (h === undefined) {
    h = hash(new Uint8Array(0));
    emptyRoots.set(hash, h);
  }
  return h;
}

/** The root of the empty tree, H(""). */
export function emptyRoot(hash: HashFn): Uint8Array {
  return emptyHash(hash).slice();
}

// --- integer helpers (exact up to 2^53) ----------------------------------------------------------

const TWO_32 = 0x1_0000_0000;

/** Bits needed to write x ≥ 0: 0 → 0, 1 → 1, 2^k → k + 1. */
function bitLength(x: number): number {
  return x < TWO_32 ? 32 - Math.clz32(x) : 64 - Math.clz32(Math.floor(x / TWO_32));
}

/** The RFC's split point for n > 1: the largest power of two smaller than n. */
function splitPoint(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}

function isPowerOfTwo(x: number): boolean {
  return x > 0 && 2 ** (bitLength(x) - 1) === x;
}

function isCount(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

// --- argument checks (generation side: they throw) ----------------------------------------------

function checkSize(size: unknown, name = 'tree size'): asserts size is number {
  if (!isCount(size)) {
    throw new CreditChainError('LOG_BAD_RANGE', `The ${name} must be a whole number from 0 to 2^53 − 1, not ${String(size)}.`, { [name]: String(size) });
  }
}

function checkLeafHashes(hash: HashFn, leafHashes: readonly Uint8Array[]): void {
  if (!Array.isArray(leafHashes)) throw new CreditChainError('LOG_BAD_INPUT', 'Leaf hashes must be given as an array.');
  const length = emptyHash(hash).length;
  for (let i = 0; i < leafHashes.length; i++) {
    const h: unknown = leafHashes[i];
    if (!(h instanceof Uint8Array) || h.length !== length) {
      throw new CreditChainError('LOG_BAD_INPUT', `Leaf hash ${i} is not ${length} bytes; pass leafHash(…) of each leaf.`, { position: i });
    }
  }
}

// --- in-memory trees (batches, block roots) -----------------------------------------------------

/** An RFC 9162 tree held in memory, for lists that fit there (an anchor batch, a block's txs). */
export interface MerkleTree {
  readonly size: number;
  readonly root: Uint8Array;
  /** RFC 9162 §2.1.3.1 PATH of a leaf, O(log n): the levels are built once. */
  inclusionProof(index: number): Uint8Array[];
}

// Levels bottom up, an unpaired last node carried up unchanged. That is the RFC tree: at level L
// entry i stands for leaves [i·2^L, min((i+1)·2^L, n)); when that range is longer than 2^(L−1)
// the RFC splits it at 2^(L−1), which is the pair below; otherwise it is the carried node itself.
function buildLevels(hash: HashFn, leafHashes: readonly Uint8Array[]): Uint8Array[][] {
  const levels: Uint8Array[][] = [leafHashes.slice()];
  let below = levels[0]!;
  while (below.length > 1) {
    const level: Uint8Array[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) level.push(nodeHash(hash, below[i]!, below[i + 1]!));
    if (below.length % 2 === 1) level.push(below[below.length - 1]!);
    levels.push(level);
    below = level;
  }
  return levels;
}

export function buildMerkleTree(hash: HashFn, leafHashes: readonly Uint8Array[]): MerkleTree {
  checkLeafHashes(hash, leafHashes);
  const levels = buildLevels(hash, leafHashes);
  const size = leafHashes.length;
  const root = size === 0 ? emptyRoot(hash) : levels[levels.length - 1]![0]!;
  return {
    size,
    root,
    inclusionProof(index: number): Uint8Array[] {
      if (!isCount(index) || index >= size) {
        throw new CreditChainError('LOG_INDEX_OUT_OF_RANGE', `Leaf ${String(index)} is not in a tree of ${size} leaves.`, { index: String(index), size });
      }
      const path: Uint8Array[] = [];
      let i = index;
      for (let l = 0; l < levels.length - 1; l++) {
        const sibling = i % 2 === 0 ? i + 1 : i - 1;
        const level = levels[l]!;
        if (sibling < level.length) path.push(level[sibling]!); // else i was carried up: no sibling
        i = Math.floor(i / 2);
      }
      return path;
    },
  };
}

/** MTH of a list of leaf hashes (RFC 9162 §2.1.1), n − 1 hashes. */
export function merkleRoot(hash: HashFn, leafHashes: readonly Uint8Array[]): Uint8Array {
  return buildMerkleTree(hash, leafHashes).root;
}

/** Writes the digest of `data` into `out` at `offset` (CryptoSuite.hashInto). */
export type HashIntoFn = (data: Uint8Array, out: Uint8Array, offset: number) => void;

/**
 * MTH (RFC 9162 §2.1.1) of leaf hashes packed one after another, each as long as `hash`'s: the
 * same root as merkleRoot over them, computed level by level in one copy of the buffer, each
 * node written over the first of its pair's place (an unpaired last node moved up unchanged).
 * Why: an anchor batch's 10,000 leaves made 20,000 arrays and 20,000 node inputs with
 * merkleRoot, a third of the batch's hashing and the collector's work in every thread that
 * hashes. `hashInto` must be `hash` written into a buffer (a suite's hash and hashInto).
 */
export function packedMerkleRoot(hash: HashFn, hashInto: HashIntoFn, leafHashes: Uint8Array): Uint8Array {
  const hashLength = emptyHash(hash).length;
  if (!(leafHashes instanceof Uint8Array) || leafHashes.length % hashLength !== 0) {
    throw new CreditChainError('LOG_BAD_INPUT', `Packed leaf hashes must be bytes, a whole number of ${hashLength}-byte hashes.`);
  }
  let m = leafHashes.length / hashLength;
  if (m === 0) return emptyRoot(hash);
  const tree = leafHashes.slice();
  const input = new Uint8Array(1 + 2 * hashLength);
  input[0] = 1;
  while (m > 1) {
    const pairs = Math.floor(m / 2);
    for (let i = 0; i < pairs; i++) {
      // A byte loop: a subarray for set() or copyWithin() was a new object per node.
      for (let b = 0, at = 2 * i * hashLength; b < 2 * hashLength; b++) input[1 + b] = tree[at + b]!;
      hashInto(input, tree, i * hashLength);
    }
    if (m % 2 === 1) tree.copyWithin(pairs * hashLength, (m - 1) * hashLength, m * hashLength);
    m = pairs + (m % 2);
  }
  return tree.slice(0, hashLength);
}

/** PATH of one leaf of a list of leaf hashes. For several leaves, build the tree once. */
export function inclusionProofOf(hash: HashFn, leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  return buildMerkleTree(hash, leafHashes).inclusionProof(index);
}

// --- the stored log ------------------------------------------------------------------------------

/** Perfect nodes in memory: tests, the SDK, and the overlay of a batch being appended. */
export class MemoryLogStore implements LogNodeReader {
  private readonly levels: Map<number, Uint8Array>[] = [];

  getNode(level: number, index: number): Uint8Array | undefined {
    return this.levels[level]?.get(index);
  }

  put(level: number, index: number, hash: Uint8Array): void {
    if (!Number.isInteger(level) || level < 0 || level > 63 || !isCount(index)) {
      throw new CreditChainError('LOG_BAD_RANGE', `There is no log node at level ${level}, index ${index}.`, { level, index });
    }
    if (!(hash instanceof Uint8Array)) throw new CreditChainError('LOG_BAD_INPUT', 'A log node hash must be bytes.');
    let byIndex = this.levels[level];
    if (byIndex === undefined) {
      byIndex = new Map();
      this.levels[level] = byIndex;
    }
    byIndex.set(index, hash);
  }

  putAll(nodes: Iterable<LogNode>): void {
    for (const n of nodes) this.put(n.level, n.index, n.hash);
  }
}

/** A reader that sees `nodes` (say, the output of appendLeaves, not yet stored) over `reader`. */
export function withNodes(reader: LogNodeReader, nodes: Iterable<LogNode>): LogNodeReader {
  const overlay = new MemoryLogStore();
  overlay.putAll(nodes);
  return { getNode: (level, index) => overlay.getNode(level, index) ?? reader.getNode(level, index) };
}

function need(reader: LogNodeReader, level: number, index: number): Uint8Array {
  const h = reader.getNode(level, index);
  if (h === undefined) {
    throw new CreditChainError('NODE_TAMPERED', `The log store has no node at level ${level}, index ${index}, which the log must hold at this size.`, { level, index });
  }
  return h;
}

// The reader does not know its log's size; the last leaf tells. Every other missing node is damage.
function checkStoredSize(reader: LogNodeReader, size: number): void {
  if (size > 0 && reader.getNode(0, size - 1) === undefined) {
    throw new CreditChainError('LOG_INDEX_OUT_OF_RANGE', `Tree size ${size} is beyond the log: the store has no leaf ${size - 1}.`, { size });
  }
}

/** MTH(D[start:end]) for a non-empty range the RFC recursion can meet (start aligned, see top). */
function rangeHash(hash: HashFn, reader: LogNodeReader, start: number, end: number): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (let pos = start; pos < end; ) {
    const width = 2 ** (bitLength(end - pos) - 1);
    if (pos % width !== 0) throw new CreditChainError('INTERNAL', `Log range [${start}, ${end}) is not made of aligned subtrees.`);
    pieces.push(need(reader, bitLength(width) - 1, pos / width));
    pos += width;
  }
  let h = pieces[pieces.length - 1]!;
  for (let i = pieces.length - 2; i >= 0; i--) h = nodeHash(hash, pieces[i]!, h);
  return h;
}

/**
 * Append leaf hashes to a stored log of `size` leaves. Returns the perfect nodes they complete,
 * for the caller to store (nodes of this batch are read back from the returned set, not from
 * `reader`), the new size and the new root. Reads O(log n) nodes; never rehashes the tree.
 */
export function appendLeaves(hash: HashFn, reader: LogNodeReader, size: number, leafHashes: readonly Uint8Array[]): AppendResult {
  checkSize(size);
  checkLeafHashes(hash, leafHashes);
  const newSize = size + leafHashes.length;
  if (!isCount(newSize)) throw new CreditChainError('LOG_BAD_RANGE', `A log of ${size} leaves cannot take ${leafHashes.length} more.`, { size });
  checkStoredSize(reader, size);
  if (leafHashes.length > 0 && reader.getNode(0, size) !== undefined) {
    // A stale size would silently overwrite committed leaves; refuse instead.
    throw new CreditChainError('LOG_BAD_RANGE', `The log already holds leaf ${size}: it has more than ${size} leaves.`, { size });
  }
  const batch = new MemoryLogStore();
  const view: LogNodeReader = { getNode: (l, i) => batch.getNode(l, i) ?? reader.getNode(l, i) };
  const nodes: LogNode[] = [];
  for (let j = 0; j < leafHashes.length; j++) {
    let level = 0;
    let index = size + j;
    let h = leafHashes[j]!;
    for (;;) {
      batch.put(level, index, h);
      nodes.push({ level, index, hash: h });
      if (index % 2 === 0) break; // a left child: its parent waits for the right one
      h = nodeHash(hash, need(view, level, index - 1), h);
      index = (index - 1) / 2;
      level++;
    }
  }
  return { nodes, size: newSize, root: newSize === 0 ? emptyRoot(hash) : rangeHash(hash, view, 0, newSize) };
}

/** The root of the log when it had `size` leaves. */
export function rootAt(hash: HashFn, reader: LogNodeReader, size: number): Uint8Array {
  checkSize(size);
  if (size === 0) return emptyRoot(hash);
  checkStoredSize(reader, size);
  return rangeHash(hash, reader, 0, size);
}

/** RFC 9162 §2.1.3.1 PATH(index, D[size]), from stored nodes. */
export function inclusionProof(hash: HashFn, reader: LogNodeReader, index: number, size: number): Uint8Array[] {
  checkSize(size);
  checkSize(index, 'leaf index');
  if (index >= size) {
    throw new CreditChainError('LOG_INDEX_OUT_OF_RANGE', `Leaf ${index} is not in a tree of ${size} leaves.`, { index, size });
  }
  checkStoredSize(reader, size);
  // The recursion, unrolled top-down; PATH lists the siblings bottom-up, hence the reverse.
  const path: Uint8Array[] = [];
  let start = 0;
  let n = size;
  while (n > 1) {
    const k = splitPoint(n);
    if (index < start + k) {
      path.push(rangeHash(hash, reader, start + k, start + n));
      n = k;
    } else {
      path.push(rangeHash(hash, reader, start, start + k));
      start += k;
      n -= k;
    }
  }
  return path.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(size1, D[size2]), from stored nodes; requires 0 < size1 ≤ size2. */
export function consistencyProof(hash: HashFn, reader: LogNodeReader, size1: number, size2: number): Uint8Array[] {
  checkSize(size1, 'first tree size');
  checkSize(size2, 'second tree size');
  if (size1 > size2) {
    throw new CreditChainError('LOG_BAD_RANGE', `No consistency proof goes from ${size1} leaves back to ${size2}: the first size must not exceed the second.`, { size1, size2 });
  }
  if (size1 === 0) {
    // Every tree extends the empty one, so such a proof would prove nothing; verifiers refuse it.
    throw new CreditChainError('LOG_BAD_RANGE', 'A consistency proof from the empty tree proves nothing; the first size must be at least 1.', { size1, size2 });
  }
  checkStoredSize(reader, size2);
  // SUBPROOF(m, D[start:start+n], known), unrolled top-down and reversed like PATH.
  const proof: Uint8Array[] = [];
  let start = 0;
  let n = size2;
  let m = size1;
  let known = true; // is MTH(D[start:start+m]) the verifier's own first root?
  while (m < n) {
    const k = splitPoint(n);
    if (m <= k) {
      proof.push(rangeHash(hash, reader, start + k, start + n));
      n = k;
    } else {
      proof.push(rangeHash(hash, reader, start, start + k));
      start += k;
      n -= k;
      m -= k;
      known = false;
    }
  }
  if (!known) proof.push(rangeHash(hash, reader, start, start + n));
  return proof.reverse();
}

// --- verification: RFC 9162 §2.1.3.2 and §2.1.4.2; never throws, false on anything malformed ----

function isHashOf(x: unknown, length: number): x is Uint8Array {
  return x instanceof Uint8Array && x.length === length;
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or undefined when the proof cannot
 * be one for (index, size): bad numbers, wrong lengths, too few or too many elements.
 */
export function rootFromInclusionProof(hash: HashFn, leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[]): Uint8Array | undefined {
  try {
    if (!isCount(index) || !isCount(size) || index >= size || !Array.isArray(proof)) return undefined;
    const length = emptyHash(hash).length;
    if (!isHashOf(leafHash, length)) return undefined;
    let fn = index;
    let sn = size - 1;
    let r = leafHash;
    for (const p of proof) {
      if (sn === 0 || !isHashOf(p, length)) return undefined;
      if (fn % 2 === 1 || fn === sn) {
        r = nodeHash(hash, p, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      } else {
        r = nodeHash(hash, r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : undefined;
  } catch {
    return undefined;
  }
}

/** True only if `proof` shows the leaf with hash `leafHash` at `index` in the tree (size, root). */
export function verifyInclusion(hash: HashFn, leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  try {
    const r = rootFromInclusionProof(hash, leafHash, index, size, proof);
    return r !== undefined && root instanceof Uint8Array && equalBytes(r, root);
  } catch {
    return false;
  }
}

/**
 * True only if `proof` shows the tree (size2, root2) extends the tree (size1, root1).
 * Edge cases as transparency-dev/merkle: size1 = size2 needs an empty proof and equal roots;
 * size1 = 0 is always false (a proof from the empty tree proves nothing), as is size1 > size2.
 */
export function verifyConsistency(hash: HashFn, size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  try {
    if (!isCount(size1) || !isCount(size2) || size1 === 0 || size1 > size2) return false;
    if (!Array.isArray(proof) || !(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array)) return false;
    if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
    if (proof.length === 0) return false;
    const length = emptyHash(hash).length;
    // When size1 is a power of two its root is a node of the second tree and the proof omits it:
    // the RFC prepends first_hash; we start reading the proof one element later instead.
    const prepend = isPowerOfTwo(size1);
    const first: unknown = prepend ? root1 : proof[0];
    if (!isHashOf(first, length)) return false;
    let fn = size1 - 1;
    let sn = size2 - 1;
    while (fn % 2 === 1) {
      fn = (fn - 1) / 2;
      sn = Math.floor(sn / 2);
    }
    let fr = first;
    let sr = first;
    for (let i = prepend ? 0 : 1; i < proof.length; i++) {
      const c: unknown = proof[i];
      if (sn === 0 || !isHashOf(c, length)) return false;
      if (fn % 2 === 1 || fn === sn) {
        fr = nodeHash(hash, c, fr);
        sr = nodeHash(hash, c, sr);
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      } else {
        sr = nodeHash(hash, sr, c);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
  } catch {
    return false;
  }
}
