// The state tree: a sparse Merkle tree over 256-bit keys, in the compact form of Diem's
// Jellyfish Merkle tree, so that an update costs O(log n) hashes and not 256.
//
// Keys are 32 bytes (callers compute H(module ‖ 0x00 ‖ key)); bit i of a key is bit 7 - (i mod 8)
// of byte ⌊i / 8⌋, most significant first, and bit 0 picks the side at the root: 0 left, 1 right.
// A subtree is the set of entries whose keys start with its path. Its hash is, with H the
// chain's hash (32-byte output):
//
//   empty subtree                      32 zero bytes
//   exactly one entry (key, value)     H(0x00 ‖ key ‖ H(value))          a leaf: 1 + 32 + 32 bytes hashed
//   two or more entries                H(0x01 ‖ leftHash ‖ rightHash)     an internal node: 1 + 32 + 32 bytes
//
// So a single entry sits as high as it can — right below the first internal node whose other
// side is not empty — and a leaf's hash does not depend on its depth. The shape is a function of
// the set of entries alone: deleting a key gives back, byte for byte, the root the tree had
// without it (history independence). The 0x00 / 0x01 tags keep leaves and internal nodes apart;
// an empty subtree is never hashed.
//
// Nodes are immutable and shared between versions: a batch creates only the nodes on the paths
// it changes, and every past root stays provable for as long as its nodes are kept. A batch also
// names the stored nodes its new root no longer reaches (`stale`), so that a store can prune them
// once no reader needs the old root (the node's storage.ts does). A node's hash
// preimage is tag ‖ 64 bytes. Where a store keeps a node is its own affair: an internal node read
// from a store also says at which version (block height) each child was stored (`leftAt`,
// `rightAt`), so a store may key nodes by (version, hash) and append each block's nodes in one
// place, as Jellyfish Merkle and Trillian's storage do, rather than scatter them by hash; the hash
// of a node never covers those versions.
//
// A proof (StateProof) lists the siblings met walking from the root down the key's path, and what
// the walk ended on: the key's own leaf (membership), an empty subtree, or another leaf whose key
// shares the path so far (non-membership). Its canonical CBOR encoding is
//
//   { "bitmap": bytes, "depth": uint, "leaf": null / { "key": bytes32, "valueHash": bytes32 },
//     "siblings": [ bytes32, … ] }
//
// depth is the number of siblings (0…256); bit i of bitmap (same bit order as keys; ⌈depth/8⌉
// bytes, unused bits zero) is 1 when the sibling at depth i is not empty; siblings holds only
// those non-empty ones, root first, so a proof in a sparse tree costs a few hashes, not 256.
// leaf null means the walk ended on an empty subtree. A verifier rebuilds the root from the bottom:
// h = the terminal's hash; for i = depth - 1 down to 0, h = H(0x01 ‖ sibling ‖ h) if bit i of
// the key is 1, else H(0x01 ‖ h ‖ sibling); and compares h with the root.
import { compareBytes, equalBytes, toHex } from './bytes.js';
import { decodeCanonical, encodeCanonical, type CborValue } from './canonical.js';
import { CreditChainError } from './errors.js';
import { runSteps, type Steps } from './steps.js';

/** The tree's hash function; must return 32 new bytes and keep nothing of its input. */
export type HashFn = (data: Uint8Array) => Uint8Array;

export type StateNode = (
  | { readonly kind: 'leaf'; readonly key: Uint8Array; readonly valueHash: Uint8Array }
  | {
      readonly kind: 'internal';
      readonly left: Uint8Array;
      readonly right: Uint8Array;
      /**
       * The version a store keeps each child at. Undefined for a child created in the same batch
       * as this node (so at this node's own version), and for stores that do not version nodes.
       */
      readonly leftAt?: number;
      readonly rightAt?: number;
    }
) & {
  /** The version a versioning store keeps this node at, as it read it; a root's is known only so. */
  readonly at?: number;
};

export interface StateNodeReader {
  /**
   * The node with this hash. `at` is the version its parent recorded for it; it is undefined for
   * a root, which a store finds by its hash alone.
   */
  getNode(hash: Uint8Array, at?: number): StateNode | undefined;
}

export interface StateUpdate {
  readonly key: Uint8Array;
  /** The new value, or null to delete the key. */
  readonly value: Uint8Array | null;
}

export interface StateBatchResult {
  readonly root: Uint8Array;
  /** The nodes this batch created, children before parents, to store with the block. */
  readonly nodes: Array<{ hash: Uint8Array; node: StateNode }>;
  /**
   * When the root is a node this batch did not create — unchanged, or a kept leaf that a
   * deletion lifted to the top — the version a versioning store keeps it at (if it said).
   */
  readonly rootAt?: number;
  /**
   * The stored nodes of the tree at `root` that the new root no longer reaches — each read with
   * the version its store keeps it at, so a versioning store can prune them once no reader needs
   * the old root. Nodes of a store that does not version them (`at` unknown) are left out.
   */
  readonly stale: Array<{ hash: Uint8Array; at: number }>;
}

export type StateProofTerminal =
  | { readonly kind: 'empty' }
  | { readonly kind: 'leaf'; readonly key: Uint8Array; readonly valueHash: Uint8Array };

export interface StateProof {
  /** Sibling hashes from the root down, empty ones as 32 zero bytes; one per level walked. */
  readonly siblings: readonly Uint8Array[];
  readonly terminal: StateProofTerminal;
}

export const STATE_KEY_LENGTH = 32;
const HASH_LENGTH = 32;
/** Levels of internal nodes a 256-bit key allows at most. */
export const STATE_MAX_DEPTH = 256;
const TAG_LEAF = 0x00;
const TAG_INTERNAL = 0x01;
/** The bytes of a node's hash preimage: tag ‖ 32 ‖ 32. */
export const STATE_NODE_LENGTH = 1 + 2 * HASH_LENGTH;

/** The root of the empty tree, and the hash of every empty subtree: 32 zero bytes. */
export const EMPTY_STATE_ROOT: Uint8Array = new Uint8Array(HASH_LENGTH);

function isZero(h: Uint8Array): boolean {
  for (let i = 0; i < h.length; i++) if (h[i] !== 0) return false;
  return true;
}

function bitAt(key: Uint8Array, i: number): number {
  return (key[i >> 3]! >> (7 - (i & 7))) & 1;
}

function digest(hash: HashFn, data: Uint8Array): Uint8Array {
  const out = hash(data);
  if (!(out instanceof Uint8Array) || out.length !== HASH_LENGTH) {
    throw new CreditChainError('INTERNAL', `The state tree needs a ${HASH_LENGTH}-byte hash function.`);
  }
  return out;
}

export function checkStateKey(key: unknown, what: string): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== STATE_KEY_LENGTH) {
    throw new CreditChainError('STATE_BAD_KEY', `${what} must be ${STATE_KEY_LENGTH} bytes.`);
  }
}

function checkRoot(root: unknown): asserts root is Uint8Array {
  if (!(root instanceof Uint8Array) || root.length !== HASH_LENGTH) {
    throw new CreditChainError('ENCODING_BAD_SHAPE', `A state root must be ${HASH_LENGTH} bytes.`);
  }
}

/**
 * A node's hash preimage: tag ‖ 32 bytes ‖ 32 bytes — written into the first 65 bytes of `out`
 * when given (a store appends its own fields after them).
 */
export function encodeStateNode(node: StateNode, out: Uint8Array = new Uint8Array(STATE_NODE_LENGTH)): Uint8Array {
  if (node.kind === 'leaf') {
    out[0] = TAG_LEAF;
    out.set(node.key, 1);
    out.set(node.valueHash, 1 + HASH_LENGTH);
  } else {
    out[0] = TAG_INTERNAL;
    out.set(node.left, 1);
    out.set(node.right, 1 + HASH_LENGTH);
  }
  return out;
}

export function decodeStateNode(bytes: Uint8Array): StateNode {
  if (!(bytes instanceof Uint8Array) || bytes.length !== STATE_NODE_LENGTH) {
    throw new CreditChainError('ENCODING_MALFORMED', `A state tree node is ${STATE_NODE_LENGTH} bytes.`);
  }
  const a = bytes.slice(1, 1 + HASH_LENGTH);
  const b = bytes.slice(1 + HASH_LENGTH);
  if (bytes[0] === TAG_LEAF) return { kind: 'leaf', key: a, valueHash: b };
  // Two empty children would be an empty subtree, which is never stored.
  if (bytes[0] === TAG_INTERNAL && !(isZero(a) && isZero(b))) return { kind: 'internal', left: a, right: b };
  throw new CreditChainError('ENCODING_MALFORMED', 'The bytes are not a state tree node.', { tag: bytes[0] });
}

// One preimage buffer, reused: hashing is the tree's inner loop, and a fresh 65-byte array per
// node was a measurable share of it. Safe because a HashFn returns a new digest and keeps nothing.
const scratch = new Uint8Array(STATE_NODE_LENGTH);

export function stateLeafHash(hash: HashFn, key: Uint8Array, valueHash: Uint8Array): Uint8Array {
  return digest(hash, encodeStateNode({ kind: 'leaf', key, valueHash }, scratch));
}

export function stateNodeHash(hash: HashFn, node: StateNode): Uint8Array {
  return digest(hash, encodeStateNode(node, scratch));
}

/** Nodes in a Map keyed by hex hash: for tests, the SDK and small tools. */
export class MemoryStateStore implements StateNodeReader {
  readonly #nodes = new Map<string, StateNode>();

  getNode(hash: Uint8Array): StateNode | undefined {
    return this.#nodes.get(toHex(hash));
  }

  put(hash: Uint8Array, node: StateNode): void {
    this.#nodes.set(toHex(hash), node);
  }

  putAll(nodes: Iterable<{ hash: Uint8Array; node: StateNode }>): void {
    for (const { hash, node } of nodes) this.put(hash, node);
  }

  get size(): number {
    return this.#nodes.size;
  }
}

/** The node with this hash from `reader`, or STATE_UNKNOWN_ROOT (at depth 0) / STATE_NODE_MISSING. */
export function readStateNode(reader: StateNodeReader, hash: Uint8Array, at: number | undefined, depth: number): StateNode {
  const node = reader.getNode(hash, at);
  if (node === undefined) {
    // A missing root is a version we never had or have pruned; a missing inner node is a broken store.
    throw depth === 0
      ? new CreditChainError('STATE_UNKNOWN_ROOT', 'The store holds no state tree with that root.', { root: toHex(hash) })
      : new CreditChainError('STATE_NODE_MISSING', 'A node of the state tree is missing from the store.', { hash: toHex(hash), depth });
  }
  return node;
}

// 256 key bits allow 256 levels of internal nodes at most; more means a corrupt or forged store.
export function stateTreeTooDeep(): never {
  throw new CreditChainError('NODE_TAMPERED', 'The state tree is deeper than its 256-bit keys allow.');
}

// A subtree as the batch sees it. 'unknown' is an untouched subtree whose kind we only look up
// when a deletion beside it may make it collapse upwards. `at` is the version an already-stored
// subtree is kept at; undefined for one this batch creates.
type Sub = { hash: Uint8Array; kind: 'empty' | 'leaf' | 'internal' | 'unknown'; at?: number };
// An entry to build a fresh subtree from; `existing` is set when it is an already-stored leaf.
type Entry = { key: Uint8Array; valueHash: Uint8Array; existing?: Uint8Array; existingAt?: number };
type Pending = { key: Uint8Array; valueHash: Uint8Array | null };

const EMPTY_SUB: Sub = { hash: EMPTY_STATE_ROOT, kind: 'empty' };

/** First index in [lo, hi) whose key has bit `depth` set; the range is sorted and shares the bits above. */
export function splitAtKeyBit(items: ReadonlyArray<{ key: Uint8Array }>, lo: number, hi: number, depth: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bitAt(items[mid]!.key, depth) === 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Apply a batch of updates to the tree at `root`. The result does not depend on the order of
 * `updates`: they are applied sorted by key, and when a key appears more than once the LAST one
 * in the array wins. Returns the new root and the nodes created, which the caller stores (with
 * the block, in one write). Some may already be in the store from an older version — a key
 * deleted and set again to the same value — and storing them again changes nothing.
 */
export function applyBatch(hash: HashFn, reader: StateNodeReader, root: Uint8Array, updates: readonly StateUpdate[]): StateBatchResult {
  return runSteps(applyBatchSteps(hash, reader, root, updates));
}

/** Updates hashed between two steps of applyBatchSteps. */
const UPDATES_A_STEP = 1024;
/**
 * Levels walked as steps: each subtree below them is one step, so a batch of 20,000 keys (≈ 0.3
 * s at half a million records) pauses up to 2^6 times there.
 */
const STEP_DEPTH = 6;

/** applyBatch in steps (steps.ts): the same result, with pauses between subtrees. */
export function* applyBatchSteps(hash: HashFn, reader: StateNodeReader, root: Uint8Array, updates: readonly StateUpdate[]): Steps<StateBatchResult> {
  checkRoot(root);
  if (!Array.isArray(updates)) throw new CreditChainError('ENCODING_BAD_SHAPE', 'The updates must be an array.');
  const byKey = new Map<string, Pending>();
  let counted = 0;
  for (const u of updates) {
    checkStateKey(u?.key, 'A state key');
    if (u.value !== null && !(u.value instanceof Uint8Array)) {
      throw new CreditChainError('ENCODING_BAD_SHAPE', 'A state value must be bytes, or null to delete.');
    }
    const key = u.key.slice();
    byKey.set(toHex(key), { key, valueHash: u.value === null ? null : digest(hash, u.value) });
    if (++counted % UPDATES_A_STEP === 0) yield;
  }
  const pending = [...byKey.values()].sort((a, b) => compareBytes(a.key, b.key));
  const nodes: Array<{ hash: Uint8Array; node: StateNode }> = [];
  const stale: Array<{ hash: Uint8Array; at: number }> = [];
  // A stored node this batch replaced: the new tree no longer reaches it.
  const retire = (h: Uint8Array, at: number | undefined): void => {
    if (at !== undefined) stale.push({ hash: h, at });
  };

  const make = (node: StateNode): Sub => {
    const h = stateNodeHash(hash, node);
    nodes.push({ hash: h, node });
    return { hash: h, kind: node.kind };
  };

  // The canonical subtree of distinct, sorted entries.
  const build = (entries: Entry[], lo: number, hi: number, depth: number): Sub => {
    if (hi === lo) return EMPTY_SUB;
    if (hi - lo === 1) {
      const e = entries[lo]!;
      return e.existing !== undefined ? { hash: e.existing, kind: 'leaf', at: e.existingAt } : make({ kind: 'leaf', key: e.key, valueHash: e.valueHash });
    }
    const mid = splitAtKeyBit(entries, lo, hi, depth);
    return internal(build(entries, lo, mid, depth + 1), build(entries, mid, hi, depth + 1));
  };

  const internal = (l: Sub, r: Sub): Sub => make({ kind: 'internal', left: l.hash, right: r.hash, leftAt: l.at, rightAt: r.at });

  const kindOf = (s: Sub, depth: number): Sub['kind'] => (s.kind === 'unknown' ? readStateNode(reader, s.hash, s.at, depth).kind : s.kind);

  // Two sides into their parent, collapsing a lone leaf upwards so the shape stays canonical.
  const join = (l: Sub, r: Sub, depth: number): Sub => {
    if (l.kind === 'empty' && r.kind === 'empty') return EMPTY_SUB;
    if (l.kind === 'empty' && kindOf(r, depth + 1) === 'leaf') return { hash: r.hash, kind: 'leaf', at: r.at };
    if (r.kind === 'empty' && kindOf(l, depth + 1) === 'leaf') return { hash: l.hash, kind: 'leaf', at: l.at };
    return internal(l, r);
  };

  const side = (h: Uint8Array, at: number | undefined): Sub => (isZero(h) ? EMPTY_SUB : { hash: h, kind: 'unknown', at });

  // The subtree at `at` (stored at version `atVersion`) with updates [lo, hi): the new subtree
  // when it is empty or a leaf, else the internal node to descend into (update, updateSteps).
  const enter = (at: Uint8Array, atVersion: number | undefined, lo: number, hi: number, depth: number): Sub | { node: StateNode & { kind: 'internal' }; atVersion: number | undefined } => {
    if (isZero(at)) {
      const entries: Entry[] = [];
      for (let i = lo; i < hi; i++) {
        const p = pending[i]!;
        if (p.valueHash !== null) entries.push({ key: p.key, valueHash: p.valueHash });
      }
      return build(entries, 0, entries.length, depth);
    }
    const node = readStateNode(reader, at, atVersion, depth);
    atVersion ??= node.at; // a root: the store says where it found it
    if (node.kind === 'internal') {
      if (depth >= STATE_MAX_DEPTH) stateTreeTooDeep();
      return { node, atVersion };
    }
    // Merge the leaf already here into the updates and build this subtree afresh.
    const entries: Entry[] = [];
    let placed = false;
    const here: Entry = { key: node.key, valueHash: node.valueHash, existing: at, existingAt: atVersion };
    for (let i = lo; i < hi; i++) {
      const p = pending[i]!;
      const c = placed ? -1 : compareBytes(node.key, p.key);
      if (c < 0 && !placed) {
        entries.push(here);
        placed = true;
      }
      if (c === 0) {
        placed = true;
        if (p.valueHash !== null) entries.push(equalBytes(p.valueHash, node.valueHash) ? here : { key: p.key, valueHash: p.valueHash });
        continue;
      }
      if (p.valueHash !== null) entries.push({ key: p.key, valueHash: p.valueHash });
    }
    if (!placed) entries.push(here);
    // Deleted or given a new value: the leaf stored here is replaced; otherwise it stays, deeper.
    if (!entries.includes(here)) retire(at, atVersion);
    return build(entries, 0, entries.length, depth);
  };

  // An internal node's new subtree from its sides' (l, r).
  const leave = (at: Uint8Array, atVersion: number | undefined, node: StateNode & { kind: 'internal' }, l: Sub, r: Sub, depth: number): Sub => {
    if (equalBytes(l.hash, node.left) && equalBytes(r.hash, node.right)) return { hash: at, kind: 'internal', at: atVersion };
    retire(at, atVersion);
    return join(l, r, depth);
  };

  const update = (at: Uint8Array, atVersion: number | undefined, lo: number, hi: number, depth: number): Sub => {
    const e = enter(at, atVersion, lo, hi, depth);
    if (!('node' in e)) return e;
    const { node } = e;
    const mid = splitAtKeyBit(pending, lo, hi, depth);
    const l = mid > lo ? update(node.left, node.leftAt, lo, mid, depth + 1) : side(node.left, node.leftAt);
    const r = hi > mid ? update(node.right, node.rightAt, mid, hi, depth + 1) : side(node.right, node.rightAt);
    return leave(at, e.atVersion, node, l, r, depth);
  };

  // update, with the levels above STEP_DEPTH walked as steps: the same order of work, so the
  // same nodes and stale list in the same order.
  function* updateSteps(at: Uint8Array, atVersion: number | undefined, lo: number, hi: number, depth: number): Steps<Sub> {
    if (depth >= STEP_DEPTH) {
      const s = update(at, atVersion, lo, hi, depth);
      yield;
      return s;
    }
    const e = enter(at, atVersion, lo, hi, depth);
    if (!('node' in e)) return e;
    const { node } = e;
    const mid = splitAtKeyBit(pending, lo, hi, depth);
    const l = mid > lo ? yield* updateSteps(node.left, node.leftAt, lo, mid, depth + 1) : side(node.left, node.leftAt);
    const r = hi > mid ? yield* updateSteps(node.right, node.rightAt, mid, hi, depth + 1) : side(node.right, node.rightAt);
    return leave(at, e.atVersion, node, l, r, depth);
  }

  if (pending.length === 0) return { root, nodes, stale };
  yield;
  const top = yield* updateSteps(root, undefined, 0, pending.length, 0);
  return top.at === undefined ? { root: top.hash, nodes, stale } : { root: top.hash, nodes, rootAt: top.at, stale };
}

/** The hash of the value stored under `key` in the tree at `root`, or undefined if there is none. */
export function getValueHash(hash: HashFn, reader: StateNodeReader, root: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  const t = proveKey(hash, reader, root, key).terminal;
  return t.kind === 'leaf' && equalBytes(t.key, key) ? t.valueHash : undefined;
}

/** A proof that `key` holds its value, or holds none, in the tree at `root`. */
export function proveKey(_hash: HashFn, reader: StateNodeReader, root: Uint8Array, key: Uint8Array): StateProof {
  checkRoot(root);
  checkStateKey(key, 'A state key');
  const siblings: Uint8Array[] = [];
  let at = root;
  let version: number | undefined;
  for (let depth = 0; ; depth++) {
    if (isZero(at)) return { siblings, terminal: { kind: 'empty' } };
    const node = readStateNode(reader, at, version, depth);
    if (node.kind === 'internal' && depth >= STATE_MAX_DEPTH) stateTreeTooDeep();
    if (node.kind === 'leaf') return { siblings, terminal: { kind: 'leaf', key: node.key, valueHash: node.valueHash } };
    const right = bitAt(key, depth) === 1;
    siblings.push(right ? node.left : node.right);
    at = right ? node.right : node.left;
    version = right ? node.rightAt : node.leftAt;
  }
}

function isHash(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array && x.length === HASH_LENGTH;
}

/** Do two keys share their first `bits` bits (the path down to that depth)? */
export function sameStateKeyPrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) if (bitAt(a, i) !== bitAt(b, i)) return false;
  return true;
}

/**
 * True only when `proof` shows that `key` holds a value with hash `valueHash` in the tree at
 * `root` — or, with valueHash null, that it holds none. False for anything else, hostile or
 * malformed input included; never throws.
 */
export function verifyStateProof(hash: HashFn, root: Uint8Array, key: Uint8Array, valueHash: Uint8Array | null, proof: StateProof): boolean {
  try {
    if (!isHash(root) || !(key instanceof Uint8Array) || key.length !== STATE_KEY_LENGTH) return false;
    if (valueHash !== null && !isHash(valueHash)) return false;
    if (typeof proof !== 'object' || proof === null) return false;
    const { siblings, terminal } = proof;
    if (!Array.isArray(siblings) || siblings.length > STATE_MAX_DEPTH || typeof terminal !== 'object' || terminal === null) return false;
    const depth = siblings.length;
    let h: Uint8Array;
    if (terminal.kind === 'empty') {
      if (valueHash !== null) return false;
      h = EMPTY_STATE_ROOT;
    } else if (terminal.kind === 'leaf') {
      if (!isHash(terminal.key) || !isHash(terminal.valueHash)) return false;
      const own = equalBytes(terminal.key, key);
      if (valueHash !== null ? !own || !equalBytes(terminal.valueHash, valueHash) : own) return false;
      // The leaf sits on the key's path, so its key shares the path's bits.
      if (!sameStateKeyPrefix(terminal.key, key, depth)) return false;
      h = stateLeafHash(hash, terminal.key, terminal.valueHash);
    } else {
      return false;
    }
    for (let i = depth - 1; i >= 0; i--) {
      const s: unknown = siblings[i];
      if (!isHash(s)) return false;
      h = stateNodeHash(hash, bitAt(key, i) === 1 ? { kind: 'internal', left: s, right: h } : { kind: 'internal', left: h, right: s });
    }
    return equalBytes(h, root);
  } catch {
    return false;
  }
}

/** verifyStateProof for a raw value (null to prove absence): hashes the value first. */
export function verifyStateProofValue(hash: HashFn, root: Uint8Array, key: Uint8Array, value: Uint8Array | null, proof: StateProof): boolean {
  try {
    if (value !== null && !(value instanceof Uint8Array)) return false;
    return verifyStateProof(hash, root, key, value === null ? null : hash(value), proof);
  } catch {
    return false;
  }
}

function badProof(message: string): never {
  throw new CreditChainError('ENCODING_BAD_SHAPE', `State proof: ${message}`);
}

function checkProofHash(x: unknown, what: string): Uint8Array {
  if (!isHash(x)) badProof(`${what} must be ${HASH_LENGTH} bytes.`);
  return x;
}

/** The canonical CBOR of a proof, empty siblings left out (see the top of this file). */
export function encodeStateProof(proof: StateProof): Uint8Array {
  const { siblings, terminal } = proof;
  if (!Array.isArray(siblings) || siblings.length > STATE_MAX_DEPTH) badProof(`at most ${STATE_MAX_DEPTH} siblings.`);
  const bitmap = new Uint8Array(Math.ceil(siblings.length / 8));
  const present: Uint8Array[] = [];
  siblings.forEach((s, i) => {
    checkProofHash(s, 'a sibling');
    if (!isZero(s)) {
      bitmap[i >> 3]! |= 0x80 >> (i & 7);
      present.push(s);
    }
  });
  let leaf: CborValue;
  if (terminal?.kind === 'empty') leaf = null;
  else if (terminal?.kind === 'leaf') leaf = { key: checkProofHash(terminal.key, 'leaf.key'), valueHash: checkProofHash(terminal.valueHash, 'leaf.valueHash') };
  else badProof('the terminal must be a leaf or empty.');
  return encodeCanonical({ bitmap, depth: siblings.length, leaf, siblings: present });
}

function isMap(x: unknown): x is Record<string, CborValue> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

function hasExactly(m: Record<string, CborValue>, keys: readonly string[]): boolean {
  const own = Object.keys(m);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(m, k));
}

/** Decode a proof; anything but the one canonical encoding of a well-formed proof is refused. */
export function decodeStateProof(bytes: Uint8Array): StateProof {
  // 256 siblings of 35 bytes and the rest fit well within 16 KiB.
  const v = decodeCanonical(bytes, 16 * 1024);
  if (!isMap(v) || !hasExactly(v, ['bitmap', 'depth', 'leaf', 'siblings'])) badProof('expected a map of bitmap, depth, leaf and siblings.');
  const { bitmap, depth, leaf, siblings } = v;
  if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 0 || depth > STATE_MAX_DEPTH) badProof(`depth must be an integer from 0 to ${STATE_MAX_DEPTH}.`);
  if (!(bitmap instanceof Uint8Array) || bitmap.length !== Math.ceil(depth / 8)) badProof('bitmap must be ⌈depth / 8⌉ bytes.');
  if (depth % 8 !== 0 && (bitmap[bitmap.length - 1]! & (0xff >> (depth % 8))) !== 0) badProof('bitmap bits past depth must be zero.');
  if (!Array.isArray(siblings)) badProof('siblings must be an array.');
  const full: Uint8Array[] = [];
  let next = 0;
  for (let i = 0; i < depth; i++) {
    if ((bitmap[i >> 3]! & (0x80 >> (i & 7))) === 0) {
      full.push(EMPTY_STATE_ROOT.slice());
      continue;
    }
    if (next >= siblings.length) badProof('fewer siblings than the bitmap announces.');
    const s = checkProofHash(siblings[next++], 'a sibling');
    // An empty sibling is written as a 0 bit, never as 32 zero bytes: one proof, one encoding.
    if (isZero(s)) badProof('an empty sibling must be left out, not written.');
    full.push(s);
  }
  if (next !== siblings.length) badProof('more siblings than the bitmap announces.');
  let terminal: StateProofTerminal;
  if (leaf === null) terminal = { kind: 'empty' };
  else if (isMap(leaf) && hasExactly(leaf, ['key', 'valueHash'])) {
    terminal = { kind: 'leaf', key: checkProofHash(leaf.key, 'leaf.key'), valueHash: checkProofHash(leaf.valueHash, 'leaf.valueHash') };
  } else badProof('leaf must be null or a map of key and valueHash.');
  return { siblings: full, terminal };
}
