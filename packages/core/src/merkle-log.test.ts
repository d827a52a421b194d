import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { equalBytes, fromHex, toHex, utf8 } from './bytes.js';
import { intlSuite, sha256 } from './crypto-suite.js';
import { gmSuite } from './gm-suite.js';
import { CreditChainError, type ErrorCode } from './errors.js';
import {
  appendLeaves,
  buildMerkleTree,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  inclusionProofOf,
  leafHash,
  MemoryLogStore,
  merkleRoot,
  nodeHash,
  packedMerkleRoot,
  rootAt,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
  withNodes,
  type LogNode,
  type LogNodeReader,
} from './merkle-log.js';

// --- vectors (test/vectors/rfc9162, from transparency-dev/merkle; see the README there) ----------

function vector<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../test/vectors/rfc9162/${name}`, import.meta.url), 'utf8')) as T;
}
interface Roots {
  golden: { leafInputs: string[]; nodeHashes: string[][]; roots: string[] };
  generated: { leafInputsUtf8: string[]; roots: string[] };
}
interface InclusionVectors {
  golden: { index: number; size: number; proof: string[] }[];
  generated: { index: number; size: number; proof: string[] }[];
  probes: { file: string; desc: string; index: number; size: number; leafHash: string; root: string; proof: string[]; wantErr: boolean }[];
}
interface ConsistencyVectors {
  golden: { size1: number; size2: number; proof: string[] }[];
  generated: { size1: number; size2: number; proof: string[] }[];
  probes: { file: string; desc: string; size1: number; size2: number; root1: string; root2: string; proof: string[]; wantErr: boolean }[];
}
const roots = vector<Roots>('roots.json');
const inclusionVectors = vector<InclusionVectors>('inclusion.json');
const consistencyVectors = vector<ConsistencyVectors>('consistency.json');

const hx = (s: string): Uint8Array => fromHex(s);
const hexes = (ps: readonly Uint8Array[]): string[] => ps.map(toHex);

function storeOf(leafHashes: readonly Uint8Array[]): MemoryLogStore {
  const store = new MemoryLogStore();
  store.putAll(appendLeaves(sha256, store, 0, leafHashes).nodes);
  return store;
}

function expectCode(f: () => unknown, code: ErrorCode): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CreditChainError);
    expect((e as CreditChainError).code).toBe(code);
    expect((e as CreditChainError).message.length).toBeGreaterThan(10);
    return;
  }
  throw new Error(`expected a CreditChainError ${code}`);
}

// --- a naive RFC 9162 §2.1 implementation, written from the RFC's recursive definitions -----------

function naiveSplit(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256(new Uint8Array(0));
  if (d.length === 1) return d[0]!;
  const k = naiveSplit(d.length);
  return nodeHash(sha256, mth(d.slice(0, k)), mth(d.slice(k)));
}

function path(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = naiveSplit(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = naiveSplit(d.length);
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** The sides of PATH(m, D[n])'s siblings, bottom up: all a verifier learns from (m, n). */
function pathSides(m: number, n: number): string {
  if (n <= 1) return '';
  const k = naiveSplit(n);
  return m < k ? `${pathSides(m, k)}R` : `${pathSides(m - k, n - k)}L`;
}

function flipBit(proof: readonly Uint8Array[], element: number, bit: number): Uint8Array[] {
  const out = proof.slice();
  const e = out[element]!.slice();
  e[bit >> 3]! ^= 1 << (bit & 7);
  out[element] = e;
  return out;
}

const MAX_LEAVES = 3000;
const leaves = Array.from({ length: MAX_LEAVES }, (_, i) => leafHash(sha256, utf8(`leaf ${i}`)));
const other = leafHash(sha256, utf8('not in the log'));

// =================================================================================================

describe('hashing (RFC 9162 §2.1.1)', () => {
  it('hashes leaves with 0x00, nodes with 0x01, and the empty tree as H("")', () => {
    const g = roots.golden;
    expect(toHex(emptyRoot(sha256))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(emptyRoot(sha256))).toBe(g.roots[0]);
    expect(g.leafInputs.map((x) => toHex(leafHash(sha256, hx(x))))).toEqual(g.nodeHashes[0]);
    expect(toHex(nodeHash(sha256, hx(g.nodeHashes[0]![0]!), hx(g.nodeHashes[0]![1]!)))).toBe(g.nodeHashes[1]![0]);
  });

  it('hands out a fresh copy of the empty root', () => {
    const a = emptyRoot(sha256);
    a.fill(0);
    expect(toHex(emptyRoot(sha256))).toBe(roots.golden.roots[0]);
  });
});

describe('vectors: roots', () => {
  const goldenLeaves = roots.golden.leafInputs.map((x) => leafHash(sha256, hx(x)));
  const genLeaves = roots.generated.leafInputsUtf8.map((s) => leafHash(sha256, utf8(s)));

  it('merkleRoot gives every golden and generated root', () => {
    roots.golden.roots.forEach((r, size) => expect(toHex(merkleRoot(sha256, goldenLeaves.slice(0, size)))).toBe(r));
    roots.generated.roots.forEach((r, size) => expect(toHex(merkleRoot(sha256, genLeaves.slice(0, size)))).toBe(r));
  });

  it('packedMerkleRoot gives every golden and generated root, and leaves its input as it was', () => {
    const packed = (hs: Uint8Array[]) => Uint8Array.from(hs.flatMap((h) => [...h]));
    for (const [vectors, leavesOf] of [[roots.golden.roots, goldenLeaves], [roots.generated.roots, genLeaves]] as const) {
      vectors.forEach((r, size) => {
        const input = packed(leavesOf.slice(0, size));
        const before = toHex(input);
        expect(toHex(packedMerkleRoot(sha256, intlSuite.hashInto, input))).toBe(r);
        expect(toHex(input)).toBe(before);
      });
    }
  });

  it('appending one leaf at a time stores exactly the reference perfect nodes, with every root', () => {
    const store = new MemoryLogStore();
    let count = 0;
    for (let i = 0; i < goldenLeaves.length; i++) {
      const r = appendLeaves(sha256, store, i, [goldenLeaves[i]!]);
      store.putAll(r.nodes);
      count += r.nodes.length;
      expect(r.size).toBe(i + 1);
      expect(toHex(r.root)).toBe(roots.golden.roots[i + 1]);
    }
    roots.golden.nodeHashes.forEach((level, l) => level.forEach((h, i) => expect(toHex(store.getNode(l, i)!)).toBe(h)));
    expect(count).toBe(roots.golden.nodeHashes.flat().length);
    roots.golden.roots.forEach((r, size) => expect(toHex(rootAt(sha256, store, size))).toBe(r));
  });

  it('rootAt gives every generated root from one stored log of 100', () => {
    const store = storeOf(genLeaves);
    roots.generated.roots.forEach((r, size) => expect(toHex(rootAt(sha256, store, size))).toBe(r));
  });
});

describe('vectors: inclusion proofs', () => {
  const goldenLeaves = roots.golden.leafInputs.map((x) => leafHash(sha256, hx(x)));
  const genLeaves = roots.generated.leafInputsUtf8.map((s) => leafHash(sha256, utf8(s)));
  const sets = [
    { name: 'golden', leaves: goldenLeaves, cases: inclusionVectors.golden, roots: roots.golden.roots },
    { name: 'generated', leaves: genLeaves, cases: inclusionVectors.generated, roots: roots.generated.roots },
  ];

  for (const set of sets) {
    it(`${set.name}: stored and in-memory proofs equal the reference, and verify (${set.cases.length} proofs)`, () => {
      const store = storeOf(set.leaves);
      const trees = new Map<number, ReturnType<typeof buildMerkleTree>>();
      for (const c of set.cases) {
        expect(hexes(inclusionProof(sha256, store, c.index, c.size))).toEqual(c.proof);
        let tree = trees.get(c.size);
        if (tree === undefined) trees.set(c.size, (tree = buildMerkleTree(sha256, set.leaves.slice(0, c.size))));
        expect(hexes(tree.inclusionProof(c.index))).toEqual(c.proof);
        expect(hexes(inclusionProofOf(sha256, set.leaves.slice(0, c.size), c.index))).toEqual(c.proof);
        const root = hx(set.roots[c.size]!);
        expect(verifyInclusion(sha256, set.leaves[c.index]!, c.index, c.size, c.proof.map(hx), root)).toBe(true);
      }
    });
  }

  it.each(inclusionVectors.probes.map((p) => [p.file, p] as const))('%s', (_file, p) => {
    const ok = verifyInclusion(sha256, hx(p.leafHash), p.index, p.size, p.proof.map(hx), hx(p.root));
    expect(ok).toBe(!p.wantErr);
    const r = rootFromInclusionProof(sha256, hx(p.leafHash), p.index, p.size, p.proof.map(hx));
    expect(r !== undefined && toHex(r) === p.root).toBe(!p.wantErr);
  });
});

describe('vectors: consistency proofs', () => {
  const goldenLeaves = roots.golden.leafInputs.map((x) => leafHash(sha256, hx(x)));
  const genLeaves = roots.generated.leafInputsUtf8.map((s) => leafHash(sha256, utf8(s)));
  const sets = [
    { name: 'golden', leaves: goldenLeaves, cases: consistencyVectors.golden, roots: roots.golden.roots },
    { name: 'generated', leaves: genLeaves, cases: consistencyVectors.generated, roots: roots.generated.roots },
  ];

  for (const set of sets) {
    it(`${set.name}: stored proofs equal the reference, and verify (${set.cases.length} proofs)`, () => {
      const store = storeOf(set.leaves);
      for (const c of set.cases) {
        expect(hexes(consistencyProof(sha256, store, c.size1, c.size2))).toEqual(c.proof);
        const ok = verifyConsistency(sha256, c.size1, c.size2, c.proof.map(hx), hx(set.roots[c.size1]!), hx(set.roots[c.size2]!));
        expect(ok).toBe(true);
      }
    });
  }

  it.each(consistencyVectors.probes.map((p) => [p.file, p] as const))('%s', (_file, p) => {
    expect(verifyConsistency(sha256, p.size1, p.size2, p.proof.map(hx), hx(p.root1), hx(p.root2))).toBe(!p.wantErr);
  });
});

// =================================================================================================

describe('the stored log', () => {
  it('creates 1 + (trailing 1 bits of the index) nodes per leaf, 2n − popcount(n) in all', () => {
    const store = new MemoryLogStore();
    let total = 0;
    for (let i = 0; i < 300; i++) {
      const { nodes } = appendLeaves(sha256, store, i, [leaves[i]!]);
      store.putAll(nodes);
      let ones = 0;
      for (let x = i; x % 2 === 1; x = (x - 1) / 2) ones++;
      expect(nodes.length).toBe(1 + ones);
      total += nodes.length;
    }
    expect(total).toBe(2 * 300 - 4); // popcount(300) = 4
    expect(storeOf(leaves.slice(0, 300)).getNode(8, 0)).toEqual(store.getNode(8, 0));
  });

  it('reads nodes of the batch from the batch, not from the reader', () => {
    const base = storeOf(leaves.slice(0, 5));
    const asked: string[] = [];
    const reader: LogNodeReader = {
      getNode(level, index) {
        asked.push(`${level}/${index}`);
        return base.getNode(level, index);
      },
    };
    const r = appendLeaves(sha256, reader, 5, leaves.slice(5, 21));
    const created = new Set(r.nodes.map((n) => `${n.level}/${n.index}`));
    expect(asked.filter((k) => k !== '0/5' && created.has(k))).toEqual([]);
    expect(asked.length).toBeLessThan(10);
    expect(r.root).toEqual(mth(leaves.slice(0, 21)));
    // The caller can read the new nodes before it stores them.
    const view = withNodes(base, r.nodes);
    expect(rootAt(sha256, view, 21)).toEqual(r.root);
    expect(verifyInclusion(sha256, leaves[17]!, 17, 21, inclusionProof(sha256, view, 17, 21), r.root)).toBe(true);
  });

  it('an empty batch adds nothing and gives the current root', () => {
    const store = storeOf(leaves.slice(0, 7));
    const r = appendLeaves(sha256, store, 7, []);
    expect(r).toEqual({ nodes: [], size: 7, root: mth(leaves.slice(0, 7)) });
    expect(appendLeaves(sha256, new MemoryLogStore(), 0, []).root).toEqual(emptyRoot(sha256));
  });

  it('refuses bad sizes, ranges and leaf hashes with a typed error', () => {
    const store = storeOf(leaves.slice(0, 10));
    expectCode(() => inclusionProof(sha256, store, 10, 10), 'LOG_INDEX_OUT_OF_RANGE');
    expectCode(() => inclusionProof(sha256, store, 3, 11), 'LOG_INDEX_OUT_OF_RANGE');
    expectCode(() => inclusionProof(sha256, store, 0, 1.5), 'LOG_BAD_RANGE');
    expectCode(() => inclusionProof(sha256, store, -1, 5), 'LOG_BAD_RANGE');
    expectCode(() => rootAt(sha256, store, 11), 'LOG_INDEX_OUT_OF_RANGE');
    expectCode(() => rootAt(sha256, store, -1), 'LOG_BAD_RANGE');
    expectCode(() => rootAt(sha256, store, 2 ** 53), 'LOG_BAD_RANGE');
    expectCode(() => consistencyProof(sha256, store, 5, 4), 'LOG_BAD_RANGE');
    expectCode(() => consistencyProof(sha256, store, 0, 4), 'LOG_BAD_RANGE');
    expectCode(() => consistencyProof(sha256, store, 0, 0), 'LOG_BAD_RANGE');
    expectCode(() => consistencyProof(sha256, store, 4, 11), 'LOG_INDEX_OUT_OF_RANGE');
    expectCode(() => consistencyProof(sha256, store, Number.NaN, 4), 'LOG_BAD_RANGE');
    expectCode(() => appendLeaves(sha256, store, 11, [other]), 'LOG_INDEX_OUT_OF_RANGE');
    expectCode(() => appendLeaves(sha256, store, 9, [other]), 'LOG_BAD_RANGE'); // stale size: would overwrite leaf 9
    expectCode(() => appendLeaves(sha256, store, 10, [other.subarray(1)]), 'LOG_BAD_INPUT');
    expectCode(() => appendLeaves(sha256, store, 10, ['x' as unknown as Uint8Array]), 'LOG_BAD_INPUT');
    expectCode(() => appendLeaves(sha256, store, 2 ** 53 - 1, [other]), 'LOG_BAD_RANGE');
    expectCode(() => merkleRoot(sha256, [other, new Uint8Array(31)]), 'LOG_BAD_INPUT');
    expectCode(() => buildMerkleTree(sha256, leaves.slice(0, 3)).inclusionProof(3), 'LOG_INDEX_OUT_OF_RANGE');
    expectCode(() => inclusionProofOf(sha256, [], 0), 'LOG_INDEX_OUT_OF_RANGE');
    expectCode(() => leafHash(sha256, 'abc' as unknown as Uint8Array), 'LOG_BAD_INPUT');
    expectCode(() => new MemoryLogStore().put(0, -1, other), 'LOG_BAD_RANGE');
  });

  it('reports a store missing an inner node as damaged, not as a bad request', () => {
    const six = storeOf(leaves.slice(0, 6));
    const holed: LogNodeReader = { getNode: (l, i) => (l === 2 && i === 0 ? undefined : six.getNode(l, i)) };
    expectCode(() => rootAt(sha256, holed, 6), 'NODE_TAMPERED');
    expectCode(() => inclusionProof(sha256, holed, 5, 6), 'NODE_TAMPERED');
    expectCode(() => appendLeaves(sha256, holed, 6, [other]), 'NODE_TAMPERED');
  });

  it('in-memory trees: empty root, single leaf, and proofs of every leaf from one build', () => {
    expect(merkleRoot(sha256, [])).toEqual(emptyRoot(sha256));
    expect(merkleRoot(sha256, [other])).toEqual(other);
    expect(buildMerkleTree(sha256, [other]).inclusionProof(0)).toEqual([]);
    const batch = leaves.slice(0, 1000);
    const tree = buildMerkleTree(sha256, batch);
    expect(tree.root).toEqual(mth(batch));
    for (let i = 0; i < batch.length; i++) expect(verifyInclusion(sha256, batch[i]!, i, 1000, tree.inclusionProof(i), tree.root)).toBe(true);
  });
});

// =================================================================================================

describe('sizes past 2^32, up to 2^53 − 1', () => {
  // A consistent log of 2^53 − 1 leaves, all equal to `fill` but a few: perfect subtrees without
  // a special leaf share one hash per level, the rest are computed (and remembered) on demand.
  class SparseLog implements LogNodeReader {
    static readonly SIZE = Number.MAX_SAFE_INTEGER;
    private readonly plain: Uint8Array[] = [];
    private readonly memo = new Map<string, Uint8Array>();
    reads = 0;

    constructor(private readonly special: ReadonlyMap<number, Uint8Array>) {
      this.plain.push(leafHash(sha256, utf8('fill')));
      for (let l = 1; l <= 53; l++) this.plain.push(nodeHash(sha256, this.plain[l - 1]!, this.plain[l - 1]!));
    }

    getNode(level: number, index: number): Uint8Array | undefined {
      this.reads++;
      if (level > 53 || (index + 1) * 2 ** level > SparseLog.SIZE) return undefined;
      return this.node(level, index);
    }

    private node(level: number, index: number): Uint8Array {
      const start = index * 2 ** level;
      const end = start + 2 ** level;
      if (![...this.special.keys()].some((k) => k >= start && k < end)) return this.plain[level]!;
      if (level === 0) return this.special.get(index)!;
      const key = `${level}/${index}`;
      let h = this.memo.get(key);
      if (h === undefined) {
        h = nodeHash(sha256, this.node(level - 1, 2 * index), this.node(level - 1, 2 * index + 1));
        this.memo.set(key, h);
      }
      return h;
    }
  }

  const big = [
    2 ** 53 - 1, 2 ** 53 - 2, 2 ** 52 + 1, 2 ** 52, 2 ** 40 + 12_345, 2 ** 33 + 7, 2 ** 32 + 1, 2 ** 32, 2 ** 32 - 1,
    2 ** 31 + 3, 2 ** 31, 3_000_000_019,
  ];
  const special = new Map<number, Uint8Array>();
  const indexes = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 40 + 12_000, 2 ** 52 - 3, 2 ** 53 - 3, 2 ** 53 - 2];
  for (const i of indexes) special.set(i, leafHash(sha256, utf8(`special ${i}`)));
  const log = new SparseLog(special);

  // transparency-dev's decomposition, in BigInt: inner = bitlen(index ^ (size − 1)), border = popcount(index >> inner).
  function expectedInclusionLength(index: number, size: number): number {
    const x = BigInt(index) ^ BigInt(size - 1);
    const inner = x === 0n ? 0 : x.toString(2).length;
    return inner + [...(BigInt(index) >> BigInt(inner)).toString(2)].filter((c) => c === '1').length;
  }

  it('inclusion proofs have the RFC length, verify, and fail for a neighbouring index or size', () => {
    let checked = 0;
    for (const size of big) {
      const root = rootAt(sha256, log, size);
      for (const index of indexes) {
        if (index >= size) continue;
        const leaf = log.getNode(0, index)!;
        const proof = inclusionProof(sha256, log, index, size);
        expect(proof.length).toBe(expectedInclusionLength(index, size));
        expect(verifyInclusion(sha256, leaf, index, size, proof, root)).toBe(true);
        if (index + 1 < size) expect(verifyInclusion(sha256, leaf, index + 1, size, proof, root)).toBe(false);
        if (index > 0) expect(verifyInclusion(sha256, leaf, index - 1, size, proof, root)).toBe(false);
        expect(verifyInclusion(sha256, leaf, index, size, flipBit(proof, proof.length - 1, 0), root)).toBe(false);
        if (size < Number.MAX_SAFE_INTEGER) expect(verifyInclusion(sha256, leaf, index, size + 1, proof, rootAt(sha256, log, size + 1))).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe(80);
  });

  it('consistency proofs between big sizes verify, and fail when a size moves', () => {
    const sizes = [...big, 2, 3, 1000, 2 ** 31 - 1].sort((a, b) => a - b);
    const rootOf = new Map(sizes.map((s) => [s, rootAt(sha256, log, s)]));
    for (let a = 0; a < sizes.length; a++) {
      for (let b = a; b < sizes.length; b++) {
        const s1 = sizes[a]!;
        const s2 = sizes[b]!;
        const proof = consistencyProof(sha256, log, s1, s2);
        expect(proof.length).toBeLessThanOrEqual(2 * 53);
        expect(verifyConsistency(sha256, s1, s2, proof, rootOf.get(s1)!, rootOf.get(s2)!)).toBe(true);
        if (s1 < s2) {
          expect(verifyConsistency(sha256, s1 + 1, s2, proof, rootAt(sha256, log, s1 + 1), rootOf.get(s2)!)).toBe(false);
          expect(verifyConsistency(sha256, s1, s2 - 1, proof, rootOf.get(s1)!, rootAt(sha256, log, s2 - 1))).toBe(false);
          expect(verifyConsistency(sha256, s1, s2, flipBit(proof, 0, 7), rootOf.get(s1)!, rootOf.get(s2)!)).toBe(false);
        }
      }
    }
  });

  it('appending to a log of 2^40 − 1 leaves reads and writes O(log n) nodes', () => {
    const size = 2 ** 40 - 1;
    // The sparse log goes on to 2^53 − 1 leaves; this view of it ends at `size`.
    const ending: LogNodeReader = { getNode: (l, i) => ((i + 1) * 2 ** l > size ? undefined : log.getNode(l, i)) };
    log.reads = 0;
    const r = appendLeaves(sha256, ending, size, [other]);
    expect(r.nodes.length).toBe(41); // the leaf and the 40 perfect nodes it completes
    expect(r.nodes.at(-1)).toMatchObject({ level: 40, index: 0 });
    expect(log.reads).toBeLessThanOrEqual(2 * 41);
    const view = withNodes(ending, r.nodes);
    expect(rootAt(sha256, view, size + 1)).toEqual(r.root);
    expect(verifyInclusion(sha256, other, size, size + 1, inclusionProof(sha256, view, size, size + 1), r.root)).toBe(true);
    expect(verifyConsistency(sha256, size, size + 1, consistencyProof(sha256, view, size, size + 1), rootAt(sha256, ending, size), r.root)).toBe(true);
  });

  it('verifiers refuse numbers that are not safe integers', () => {
    const leaf = special.get(2 ** 53 - 2)!;
    const size = 2 ** 53 - 1;
    const proof = inclusionProof(sha256, log, 2 ** 53 - 2, size);
    const root = rootAt(sha256, log, size);
    expect(verifyInclusion(sha256, leaf, 2 ** 53 - 2, size, proof, root)).toBe(true);
    expect(verifyInclusion(sha256, leaf, 2 ** 53 - 2, 2 ** 53, proof, root)).toBe(false);
    expect(verifyInclusion(sha256, leaf, 2 ** 64 - 1, size, proof, root)).toBe(false);
    expect(verifyConsistency(sha256, 2 ** 53, 2 ** 53, [], root, root)).toBe(false);
  });
});

// =================================================================================================

describe('properties against the naive RFC recursion', () => {
  let full: MemoryLogStore;
  beforeAll(() => {
    full = storeOf(leaves);
  });

  it('appending in any batches gives MTH at every batch end, and rootAt any past size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_LEAVES }), fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 6 }), (n, cuts) => {
        const store = new MemoryLogStore();
        const ends = [...new Set([...cuts.filter((c) => c <= n), n])].sort((a, b) => a - b);
        let size = 0;
        for (const end of ends) {
          const r = appendLeaves(sha256, store, size, leaves.slice(size, end));
          store.putAll(r.nodes);
          size = r.size;
          expect(size).toBe(end);
          expect(r.root).toEqual(mth(leaves.slice(0, end)));
        }
        const past = cuts.length > 0 ? Math.min(cuts[0]!, n) : Math.floor(n / 2);
        expect(rootAt(sha256, store, past)).toEqual(mth(leaves.slice(0, past)));
        expect(merkleRoot(sha256, leaves.slice(0, past))).toEqual(mth(leaves.slice(0, past)));
      }),
      { numRuns: 60 },
    );
  });

  it('packedMerkleRoot equals merkleRoot for any leaf hashes, in both suites', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 300 }), fc.constantFrom(intlSuite, gmSuite), (hs, suite) => {
        const packed = new Uint8Array(hs.length * 32);
        hs.forEach((h, i) => packed.set(h, i * 32));
        expect(toHex(packedMerkleRoot(suite.hash, suite.hashInto, packed))).toBe(toHex(merkleRoot(suite.hash, hs)));
      }),
      { numRuns: 100 },
    );
  });

  it('packedMerkleRoot refuses bytes that are not whole hashes with LOG_BAD_INPUT', () => {
    for (const bad of [new Uint8Array(31), new Uint8Array(65), [new Uint8Array(32)] as unknown as Uint8Array]) {
      expect(() => packedMerkleRoot(sha256, intlSuite.hashInto, bad)).toThrow(expect.objectContaining({ code: 'LOG_BAD_INPUT' }));
    }
  });

  it('inclusion proofs (stored and in-memory) equal PATH and verify', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_LEAVES }), fc.nat(), (size, seed) => {
        const index = seed % size;
        const d = leaves.slice(0, size);
        const want = path(index, d);
        const proof = inclusionProof(sha256, full, index, size);
        expect(proof).toEqual(want);
        expect(inclusionProofOf(sha256, d, index)).toEqual(want);
        expect(verifyInclusion(sha256, leaves[index]!, index, size, proof, mth(d))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('consistency proofs equal PROOF and verify', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_LEAVES }), fc.nat(), (size2, seed) => {
        const size1 = 1 + (seed % size2);
        const d = leaves.slice(0, size2);
        const proof = consistencyProof(sha256, full, size1, size2);
        expect(proof).toEqual(subproof(size1, d, true));
        expect(verifyConsistency(sha256, size1, size2, proof, mth(leaves.slice(0, size1)), mth(d))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('a changed inclusion proof, leaf, index, size or root fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_LEAVES }), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (size, seedIndex, seedOther, seedElement, bit) => {
        const index = seedIndex % size;
        const leaf = leaves[index]!;
        const proof = inclusionProof(sha256, full, index, size);
        const root = rootAt(sha256, full, size);
        const verify = (l: Uint8Array, i: number, s: number, p: Uint8Array[], r: Uint8Array) => verifyInclusion(sha256, l, i, s, p, r);
        expect(verify(leaf, index, size, proof, root)).toBe(true);
        if (proof.length > 0) {
          expect(verify(leaf, index, size, flipBit(proof, seedElement % proof.length, bit), root)).toBe(false);
          expect(verify(leaf, index, size, proof.slice(1), root)).toBe(false);
          expect(verify(leaf, index, size, proof.slice(0, -1), root)).toBe(false);
        }
        expect(verify(leaf, index, size, [...proof, root], root)).toBe(false);
        expect(verify(leaf, index, size, [other, ...proof], root)).toBe(false);
        expect(verify(other, index, size, proof, root)).toBe(false);
        expect(verify(leaf, index, size, proof, flipBit([root], 0, bit)[0]!)).toBe(false);
        expect(verify(leaf, size, size, proof, root)).toBe(false);
        if (size > 1) expect(verify(leaf, (index + 1 + (seedOther % (size - 1))) % size, size, proof, root)).toBe(false);
        // Another size: never valid against that size's own root. Against the same root, the
        // verifier only sees the sides of the path, so it accepts exactly when they are the same:
        // RFC 9162 proofs do not encode the size, the signed checkpoint (size, root) binds it.
        const size2 = index + 1 + (seedOther % MAX_LEAVES);
        if (size2 !== size && size2 <= MAX_LEAVES) {
          expect(verify(leaf, index, size2, proof, rootAt(sha256, full, size2))).toBe(false);
          expect(verify(leaf, index, size2, proof, root)).toBe(pathSides(index, size2) === pathSides(index, size));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a changed consistency proof, size or root fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: MAX_LEAVES }), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (size2, seed1, seedOther, seedElement, bit) => {
        const size1 = 1 + (seed1 % (size2 - 1)); // size1 < size2: the proof is not empty
        const proof = consistencyProof(sha256, full, size1, size2);
        const root1 = rootAt(sha256, full, size1);
        const root2 = rootAt(sha256, full, size2);
        const verify = (s1: number, s2: number, p: Uint8Array[], r1: Uint8Array, r2: Uint8Array) => verifyConsistency(sha256, s1, s2, p, r1, r2);
        expect(verify(size1, size2, proof, root1, root2)).toBe(true);
        expect(verify(size1, size2, flipBit(proof, seedElement % proof.length, bit), root1, root2)).toBe(false);
        expect(verify(size1, size2, proof.slice(0, -1), root1, root2)).toBe(false);
        expect(verify(size1, size2, proof.slice(1), root1, root2)).toBe(false);
        expect(verify(size1, size2, [...proof, root2], root1, root2)).toBe(false);
        expect(verify(size1, size2, [root1, ...proof], root1, root2)).toBe(false);
        expect(verify(size1, size2, proof, root2, root1)).toBe(false);
        expect(verify(size1, size2, proof, flipBit([root1], 0, bit)[0]!, root2)).toBe(false);
        expect(verify(size1, size2, proof, root1, flipBit([root2], 0, bit)[0]!)).toBe(false);
        expect(verify(size2, size1, proof, root2, root1)).toBe(false);
        expect(verify(0, size2, proof, emptyRoot(sha256), root2)).toBe(false);
        // Another first or second size, with that tree's own root.
        const other1 = 1 + (seedOther % size2);
        if (other1 !== size1) expect(verify(other1, size2, proof, rootAt(sha256, full, other1), root2)).toBe(false);
        const other2 = size1 + (seedOther % (MAX_LEAVES - size1 + 1));
        if (other2 !== size2) expect(verify(size1, other2, proof, root1, rootAt(sha256, full, other2))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('verifiers never throw, whatever they are given', () => {
    const good = inclusionProof(sha256, full, 5, 11);
    const root = rootAt(sha256, full, 11);
    const hostile = fc.oneof(
      fc.anything(),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 0.5, 2 ** 53, 2 ** 64, -0, 5n, '5', null, undefined),
      fc.constant(new Proxy([], { get: () => { throw new Error('boom'); } })),
      fc.constant([new Uint8Array(32), 'x', null]),
      fc.constant(good),
      fc.constant(root),
      fc.uint8Array({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, hostile, (a, b, c, d, e) => {
        const any = (x: unknown) => x as never;
        expect(typeof verifyInclusion(sha256, any(a), any(b), any(c), any(d), any(e))).toBe('boolean');
        const r = rootFromInclusionProof(sha256, any(a), any(b), any(c), any(d));
        expect(r === undefined || r instanceof Uint8Array).toBe(true);
        expect(typeof verifyConsistency(sha256, any(a), any(b), any(c), any(d), any(e))).toBe('boolean');
        expect(verifyInclusion(sha256, leaves[5]!, 5, 11, any(d), root)).toBe(d === good);
      }),
      { numRuns: 500 },
    );
    const throwing = () => {
      throw new Error('hash failed');
    };
    expect(verifyInclusion(throwing, leaves[5]!, 5, 11, good, root)).toBe(false);
    expect(verifyConsistency(throwing, 5, 11, good, root, root)).toBe(false);
  });

  it('the stored nodes are exactly the perfect subtrees', () => {
    const store = storeOf(leaves.slice(0, 13));
    const nodes: LogNode[] = appendLeaves(sha256, new MemoryLogStore(), 0, leaves.slice(0, 13)).nodes;
    for (const n of nodes) {
      const width = 2 ** n.level;
      expect((n.index + 1) * width).toBeLessThanOrEqual(13);
      expect(equalBytes(n.hash, mth(leaves.slice(n.index * width, (n.index + 1) * width)))).toBe(true);
      expect(store.getNode(n.level, n.index)).toEqual(n.hash);
    }
    expect(nodes.length).toBe(2 * 13 - 3);
  });
});
