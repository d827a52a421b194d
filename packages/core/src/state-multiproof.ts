// A state multiproof: one proof that many keys of the state tree (state-tree.ts) hold their values,
// or none, under one root. A file that proves the entries it was built from (a credit report
// proves about 31) carried one StateProof per entry, each repeating the top of the tree the others
// share: 71 KB of a 92 KB report at 2 M records. A multiproof walks the union of the keys' paths
// once and writes a sibling hash only where no proven key's path gives it.
//
// The proof is a byte string: the walk, in pre-order from the root. At each node it meets, for
// the keys whose paths pass through it (a sorted, non-empty set S of keys sharing their first d
// bits, at depth d), one of:
//
//   0x00                        an empty subtree: no key of S holds a value
//   0x01 key(32) valueHash(32)  a leaf, whose key shares bits 0 … d − 1 with the keys of S: the
//                               key equal to `key` holds a value hashing to valueHash, any other
//                               key of S holds none
//   0x02                        an internal node with keys of S on both sides: the proof of its
//                               left subtree, then of its right
//   0x03 hash(32)               an internal node with every key of S on its left; hash is its right
//                               child's (not empty): then the proof of its left subtree
//   0x04 hash(32)               the same, every key of S on its right; hash is its left child's
//   0x05                        an internal node with every key of S on its left, its right empty
//   0x06                        every key of S on its right, its left empty
//
// An internal node is at most 256 levels down. One tree and one set of keys have exactly one
// proof: a verifier refuses any other bytes, and bytes left over.
import { compareBytes, equalBytes } from './bytes.js';
import { CreditChainError } from './errors.js';
import {
  checkStateKey,
  EMPTY_STATE_ROOT,
  readStateNode,
  sameStateKeyPrefix,
  splitAtKeyBit,
  stateLeafHash,
  stateNodeHash,
  stateTreeTooDeep,
  STATE_MAX_DEPTH,
  type HashFn,
  type StateNodeReader,
} from './state-tree.js';

const EMPTY = 0x00;
const LEAF = 0x01;
const BOTH = 0x02;
const LEFT = 0x03;
const RIGHT = 0x04;
const LEFT_EMPTY_RIGHT = 0x05;
const RIGHT_EMPTY_LEFT = 0x06;
const HASH_LENGTH = 32;

const isEmpty = (h: Uint8Array) => equalBytes(h, EMPTY_STATE_ROOT);

/** The keys sorted bytewise, each once. */
function sortedKeys(keys: readonly Uint8Array[]): Uint8Array[] {
  const sorted = [...keys].sort(compareBytes);
  return sorted.filter((k, i) => i === 0 || !equalBytes(k, sorted[i - 1]!));
}

/** A multiproof of `keys` (any order; repeats count once) in the tree at `root`. */
export function proveStateKeys(reader: StateNodeReader, root: Uint8Array, keys: readonly Uint8Array[]): Uint8Array {
  if (!(root instanceof Uint8Array) || root.length !== HASH_LENGTH) throw new CreditChainError('ENCODING_BAD_SHAPE', `A state root must be ${HASH_LENGTH} bytes.`);
  if (!Array.isArray(keys) || keys.length === 0) throw new CreditChainError('ENCODING_BAD_SHAPE', 'A multiproof needs at least one key.');
  keys.forEach((k) => checkStateKey(k, 'A state key'));
  const sorted = sortedKeys(keys).map((key) => ({ key }));
  // Written into one buffer that doubles as it fills: a proof of many keys has many pieces.
  let out = new Uint8Array(1024);
  let size = 0;
  const put = (op: number, ...hashes: Uint8Array[]) => {
    const need = size + 1 + HASH_LENGTH * hashes.length;
    if (need > out.length) {
      const grown = new Uint8Array(Math.max(need, 2 * out.length));
      grown.set(out.subarray(0, size));
      out = grown;
    }
    out[size++] = op;
    for (const h of hashes) {
      out.set(h, size);
      size += HASH_LENGTH;
    }
  };
  const walk = (hash: Uint8Array, at: number | undefined, lo: number, hi: number, depth: number): void => {
    if (isEmpty(hash)) return put(EMPTY);
    const node = readStateNode(reader, hash, at, depth);
    if (node.kind === 'leaf') return put(LEAF, node.key, node.valueHash);
    if (depth >= STATE_MAX_DEPTH) stateTreeTooDeep();
    const mid = splitAtKeyBit(sorted, lo, hi, depth);
    if (lo < mid && mid < hi) {
      put(BOTH);
      walk(node.left, node.leftAt, lo, mid, depth + 1);
      walk(node.right, node.rightAt, mid, hi, depth + 1);
    } else if (mid === hi) {
      if (isEmpty(node.right)) put(LEFT_EMPTY_RIGHT);
      else put(LEFT, node.right);
      walk(node.left, node.leftAt, lo, hi, depth + 1);
    } else {
      if (isEmpty(node.left)) put(RIGHT_EMPTY_LEFT);
      else put(RIGHT, node.left);
      walk(node.right, node.rightAt, lo, hi, depth + 1);
    }
  };
  walk(root, undefined, 0, sorted.length, 0);
  return out.slice(0, size);
}

/** An entry a multiproof shows: the hash of the key's value, or null for none. */
export interface ProvenValueHash {
  readonly key: Uint8Array;
  readonly valueHash: Uint8Array | null;
}

class Refused extends Error {}
const refuse = (): never => {
  throw new Refused();
};

/**
 * True only when `proof` is the multiproof of exactly these keys in the tree at `root` and shows
 * each holding the value hash given (null: none). False for anything else — a key repeated, a key
 * the proof does not reach, bytes that are not the one proof — and never throws.
 */
export function verifyStateMultiproof(hash: HashFn, root: Uint8Array, entries: readonly ProvenValueHash[], proof: Uint8Array): boolean {
  try {
    if (!(root instanceof Uint8Array) || root.length !== HASH_LENGTH || !(proof instanceof Uint8Array)) return false;
    if (!Array.isArray(entries) || entries.length === 0) return false;
    for (const e of entries) {
      if (typeof e !== 'object' || e === null || !(e.key instanceof Uint8Array) || e.key.length !== HASH_LENGTH) return false;
      if (e.valueHash !== null && !(e.valueHash instanceof Uint8Array && e.valueHash.length === HASH_LENGTH)) return false;
    }
    const sorted = [...entries].sort((a, b) => compareBytes(a.key, b.key));
    for (let i = 1; i < sorted.length; i++) if (equalBytes(sorted[i]!.key, sorted[i - 1]!.key)) return false;
    let pos = 0;
    const take = (): Uint8Array => {
      if (pos + HASH_LENGTH > proof.length) refuse();
      return proof.subarray(pos, (pos += HASH_LENGTH));
    };
    const sibling = (): Uint8Array => {
      const h = take();
      return isEmpty(h) ? refuse() : h; // an empty sibling has its own code: one proof, one encoding
    };
    const walk = (lo: number, hi: number, depth: number): Uint8Array => {
      if (pos >= proof.length) refuse();
      const op = proof[pos++];
      if (op === EMPTY) {
        for (let i = lo; i < hi; i++) if (sorted[i]!.valueHash !== null) refuse();
        return EMPTY_STATE_ROOT;
      }
      if (op === LEAF) {
        const key = take();
        const valueHash = take();
        for (let i = lo; i < hi; i++) {
          const e = sorted[i]!;
          if (!sameStateKeyPrefix(key, e.key, depth)) refuse();
          const own = equalBytes(key, e.key);
          if (own ? e.valueHash === null || !equalBytes(e.valueHash, valueHash) : e.valueHash !== null) refuse();
        }
        return stateLeafHash(hash, key, valueHash);
      }
      if (depth >= STATE_MAX_DEPTH) refuse();
      const mid = splitAtKeyBit(sorted, lo, hi, depth);
      let left: Uint8Array;
      let right: Uint8Array;
      if (op === BOTH) {
        if (!(lo < mid && mid < hi)) refuse();
        left = walk(lo, mid, depth + 1);
        right = walk(mid, hi, depth + 1);
      } else if (op === LEFT || op === LEFT_EMPTY_RIGHT) {
        if (mid !== hi) refuse();
        right = op === LEFT ? sibling() : EMPTY_STATE_ROOT;
        left = walk(lo, hi, depth + 1);
      } else if (op === RIGHT || op === RIGHT_EMPTY_LEFT) {
        if (mid !== lo) refuse();
        left = op === RIGHT ? sibling() : EMPTY_STATE_ROOT;
        right = walk(lo, hi, depth + 1);
      } else {
        return refuse();
      }
      // Two empty children make no node: such bytes would prove nothing a tree can hold.
      if (isEmpty(left) && isEmpty(right)) refuse();
      return stateNodeHash(hash, { kind: 'internal', left, right });
    };
    const top = walk(0, sorted.length, 0);
    return pos === proof.length && equalBytes(top, root);
  } catch {
    return false;
  }
}

/** verifyStateMultiproof for raw values (null: the key holds none): hashes each value first. */
export function verifyStateMultiproofValues(hash: HashFn, root: Uint8Array, entries: ReadonlyArray<{ readonly key: Uint8Array; readonly value: Uint8Array | null }>, proof: Uint8Array): boolean {
  try {
    if (!Array.isArray(entries)) return false;
    return verifyStateMultiproof(
      hash,
      root,
      entries.map((e) => {
        if (e.value !== null && !(e.value instanceof Uint8Array)) refuse();
        return { key: e.key, valueHash: e.value === null ? null : hash(e.value) };
      }),
      proof,
    );
  } catch {
    return false;
  }
}
