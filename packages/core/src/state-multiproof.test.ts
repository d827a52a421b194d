import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATE_KEY_BASES, arbStateKey } from '../../../test/support/state-key-arb.js';
import { concatBytes, equalBytes, toHex, utf8 } from './bytes.js';
import { sha256 } from './crypto-suite.js';
import { CreditChainError } from './errors.js';
import { proveStateKeys, verifyStateMultiproof, verifyStateMultiproofValues } from './state-multiproof.js';
import { EMPTY_STATE_ROOT, MemoryStateStore, applyBatch, getValueHash, proveKey, stateLeafHash, stateNodeHash } from './state-tree.js';

const H = sha256;
// The hashes themselves are checked by hand in state-tree.test.ts.
const leaf = (key: Uint8Array, value: Uint8Array) => stateLeafHash(H, key, H(value));
const inner = (left: Uint8Array, right: Uint8Array) => stateNodeHash(H, { kind: 'internal', left, right });
/** A key of zeros but its first and last bytes. */
const keyWith = (first: number, last = 0) => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? first : i === 31 ? last : 0));

function build(entries: Array<{ key: Uint8Array; value: Uint8Array }>) {
  const store = new MemoryStateStore();
  const r = applyBatch(H, store, EMPTY_STATE_ROOT, entries);
  store.putAll(r.nodes);
  return { store, root: r.root };
}

describe('state multiproof: layout', () => {
  it('three keys, written out by hand from the layout in the file header', () => {
    // 0x00… and 0x40… under the left child of the root, 0x80… alone on the right.
    const [a, b, c] = [keyWith(0x00), keyWith(0x40), keyWith(0x80)];
    const [va, vb, vc] = [utf8('a'), utf8('b'), utf8('c')];
    const { store, root } = build([
      { key: a, value: va },
      { key: b, value: vb },
      { key: c, value: vc },
    ]);
    expect(root).toEqual(inner(inner(leaf(a, va), leaf(b, vb)), leaf(c, vc)));
    // a and c: both sides of the root; under the left child, a goes left and b's leaf is its sibling.
    const proof = proveStateKeys(store, root, [c, a]);
    expect(toHex(proof)).toBe(
      toHex(concatBytes(Uint8Array.of(0x02, 0x03), leaf(b, vb), Uint8Array.of(0x01), a, H(va), Uint8Array.of(0x01), c, H(vc))),
    );
    expect(verifyStateMultiproofValues(H, root, [{ key: a, value: va }, { key: c, value: vc }], proof)).toBe(true);
    // A key absent beside c (0xC0…): c's leaf proves it holds nothing, in the same walk.
    const d = keyWith(0xc0);
    const withAbsent = proveStateKeys(store, root, [a, d, c]);
    expect(verifyStateMultiproofValues(H, root, [{ key: a, value: va }, { key: c, value: vc }, { key: d, value: null }], withAbsent)).toBe(true);
    expect(verifyStateMultiproofValues(H, root, [{ key: a, value: va }, { key: c, value: vc }, { key: d, value: utf8('x') }], withAbsent)).toBe(false);
  });

  it('an empty sibling has its own code, and written as 32 zero bytes the proof is refused', () => {
    // Two keys differing only in the last bit: 255 internal nodes with an empty right side.
    const [a, b] = [keyWith(0, 0), keyWith(0, 1)];
    const { store, root } = build([
      { key: a, value: utf8('a') },
      { key: b, value: utf8('b') },
    ]);
    const proof = proveStateKeys(store, root, [a]);
    expect(proof.length).toBe(255 + 65 + 1 + 32); // 255 × 0x05, the last level 0x03 b's leaf, a's leaf
    expect(verifyStateMultiproofValues(H, root, [{ key: a, value: utf8('a') }], proof)).toBe(true);
    const spelled = concatBytes(Uint8Array.of(0x03), new Uint8Array(32), proof.subarray(1));
    expect(verifyStateMultiproofValues(H, root, [{ key: a, value: utf8('a') }], spelled)).toBe(false);
  });

  it('the empty tree proves every key absent with one byte', () => {
    const proof = proveStateKeys(new MemoryStateStore(), EMPTY_STATE_ROOT, [keyWith(1), keyWith(2)]);
    expect(proof).toEqual(Uint8Array.of(0x00));
    expect(verifyStateMultiproof(H, EMPTY_STATE_ROOT, [{ key: keyWith(1), valueHash: null }, { key: keyWith(2), valueHash: null }], proof)).toBe(true);
    expect(verifyStateMultiproof(H, EMPTY_STATE_ROOT, [{ key: keyWith(1), valueHash: H(utf8('x')) }], proof)).toBe(false);
  });

  it('refuses bad input with typed errors when proving, and never throws when verifying', () => {
    const { store, root } = build([{ key: keyWith(1), value: utf8('a') }]);
    expect(() => proveStateKeys(store, root, [])).toThrow(CreditChainError);
    expect(() => proveStateKeys(store, root, [new Uint8Array(31)])).toThrow(CreditChainError);
    expect(() => proveStateKeys(store, new Uint8Array(5), [keyWith(1)])).toThrow(CreditChainError);
    expect(() => proveStateKeys(store, H(utf8('no such root')), [keyWith(1)])).toThrow(expect.objectContaining({ code: 'STATE_UNKNOWN_ROOT' }));
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (r, e, p) => {
        expect(verifyStateMultiproof(H, r as Uint8Array, e as never, p as Uint8Array)).toBe(false);
        expect(verifyStateMultiproofValues(H, r as Uint8Array, e as never, p as Uint8Array)).toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(verifyStateMultiproof(H, root, [{ key: keyWith(1), valueHash: H(utf8('a')) }], Uint8Array.of(0x07))).toBe(false);
  });
});

const BASES = STATE_KEY_BASES;
const arbKey = arbStateKey;
const arbCase = fc
  .record({
    stored: fc.uniqueArray(arbKey, { maxLength: 40, selector: toHex }),
    strangers: fc.uniqueArray(arbKey, { maxLength: 6, selector: toHex }),
    picks: fc.array(fc.nat(), { maxLength: 12 }),
  })
  .filter(({ stored, strangers }) => strangers.length > 0 || stored.length > 0);

/** The 32-byte hashes a multiproof carries: two a leaf, one a written sibling. */
function hashesIn(proof: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < proof.length; ) {
    const op = proof[i++];
    const k = op === 0x01 ? 2 : op === 0x03 || op === 0x04 ? 1 : 0;
    n += k;
    i += 32 * k;
  }
  return n;
}

/** A tree of the stored keys, and the keys asked for: some stored, some not, each once. */
function caseOf({ stored, strangers, picks }: { stored: Uint8Array[]; strangers: Uint8Array[]; picks: number[] }) {
  const values = new Map(stored.map((k, i) => [toHex(k), utf8(`v${i}`)]));
  const { store, root } = build(stored.map((key) => ({ key, value: values.get(toHex(key))! })));
  const asked = new Map<string, Uint8Array>();
  for (const p of picks) if (stored.length > 0) asked.set(toHex(stored[p % stored.length]!), stored[p % stored.length]!);
  for (const k of strangers) asked.set(toHex(k), k);
  if (asked.size === 0) asked.set(toHex(stored[0]!), stored[0]!);
  const keys = [...asked.values()];
  const entries = keys.map((key) => ({ key, value: values.get(toHex(key)) ?? null }));
  return { store, root, keys, entries };
}

describe('state multiproof: properties', () => {
  it('proves what single proofs prove, with no more hashes, and nothing else', () => {
    fc.assert(
      fc.property(arbCase, fc.nat(), fc.nat(255), (c, at, flip) => {
        const { store, root, keys, entries } = caseOf(c);
        const proof = proveStateKeys(store, root, keys);
        // Order and repeats of the keys asked for do not change the proof.
        expect(proveStateKeys(store, root, [...keys].reverse().concat(keys))).toEqual(proof);
        expect(verifyStateMultiproofValues(H, root, entries, proof)).toBe(true);
        expect(verifyStateMultiproofValues(H, root, [...entries].reverse(), proof)).toBe(true);
        // What it shows is what the tree holds, key by key.
        for (const e of entries) expect(getValueHash(H, store, root, e.key)).toEqual(e.value === null ? undefined : H(e.value));
        // Never more hashes than the single proofs' siblings and leaves together.
        const singles = keys.reduce((n, k) => {
          const single = proveKey(H, store, root, k);
          return n + single.siblings.filter((h) => !equalBytes(h, EMPTY_STATE_ROOT)).length + (single.terminal.kind === 'leaf' ? 2 : 0);
        }, 0);
        expect(hashesIn(proof)).toBeLessThanOrEqual(singles);

        // Another value, a value claimed for an absent key, or an absent claim for a present one.
        const i = at % entries.length;
        const e = entries[i]!;
        const changed = entries.map((x, j) => (j === i ? { key: x.key, value: x.value === null ? utf8('x') : null } : x));
        expect(verifyStateMultiproofValues(H, root, changed, proof)).toBe(false);
        if (e.value !== null) {
          const other = entries.map((x, j) => (j === i ? { key: x.key, value: concatBytes(x.value!, utf8('!')) } : x));
          expect(verifyStateMultiproofValues(H, root, other, proof)).toBe(false);
        }
        // A key repeated; a key left out verifies only where its walk was the others' too.
        expect(verifyStateMultiproofValues(H, root, [...entries, e], proof)).toBe(false);
        if (entries.length > 1) {
          const rest = entries.filter((_, j) => j !== i);
          const same = equalBytes(proveStateKeys(store, root, rest.map((x) => x.key)), proof);
          expect(verifyStateMultiproofValues(H, root, rest, proof)).toBe(same);
        }
        // Any byte changed, a byte cut off or one added, and another root.
        const pos = at % proof.length;
        const tampered = proof.slice();
        tampered[pos]! ^= (flip % 255) + 1;
        expect(verifyStateMultiproofValues(H, root, entries, tampered)).toBe(false);
        expect(verifyStateMultiproofValues(H, root, entries, proof.subarray(0, proof.length - 1))).toBe(false);
        expect(verifyStateMultiproofValues(H, root, entries, concatBytes(proof, Uint8Array.of(0)))).toBe(false);
        const otherRoot = root.slice();
        otherRoot[at % 32]! ^= 1;
        expect(verifyStateMultiproofValues(H, otherRoot, entries, proof)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('a key added to the set verifies only where the proof already walks its path, and only with its true value', () => {
    fc.assert(
      fc.property(arbCase, arbKey, (c, extra) => {
        const { store, root, keys, entries } = caseOf(c);
        if (keys.some((k) => equalBytes(k, extra))) return;
        const proof = proveStateKeys(store, root, keys);
        const hashed = entries.map((e) => ({ key: e.key, valueHash: e.value === null ? null : H(e.value) }));
        const truth = getValueHash(H, store, root, extra) ?? null;
        const same = equalBytes(proveStateKeys(store, root, [...keys, extra]), proof);
        expect(verifyStateMultiproof(H, root, [...hashed, { key: extra, valueHash: truth }], proof)).toBe(same);
        expect(verifyStateMultiproof(H, root, [...hashed, { key: extra, valueHash: truth === null ? H(utf8('x')) : null }], proof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
