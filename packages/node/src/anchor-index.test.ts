// The node's index of anchored hashes on its own: the first anchoring of a hash is the one found
// (by log order, past 2^32 entries too), a catch-up starts from the log size the index holds and
// never moves it backwards, a reset empties it, and a failed write is said, not hidden.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { concatBytes, sha256, toHex, utf8 } from '@creditchain/core';
import { AnchorIndex, encodeKeys, type AnchoredBatch } from './anchor-index.js';
import { u32, writeU64 } from './big-endian.js';

const u64 = (n: number) => {
  const b = new Uint8Array(8);
  writeU64(b, 0, n);
  return b;
};

const root = mkdtempSync(join(tmpdir(), 'cc-anchor-index-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const h = (s: string) => sha256(utf8(s));
/** A batch's hashes as the index takes them: packed, 32 bytes each. */
const packed = (hashes: Uint8Array[]) => concatBytes(...hashes);
let n = 0;
const fresh = () => new AnchorIndex(join(root, `index-${n++}`));

describe('AnchorIndex', () => {
  it('finds the first anchoring of each hash, in log order (u64), whatever order the writes came in', async () => {
    const index = fresh();
    index.add([{ logIndex: 2 ** 32 + 5, hashes: packed([h('a'), h('b')]) }], 2 ** 32 + 6);
    index.add([{ logIndex: 2 ** 32 + 7, hashes: packed([h('c'), h('a')]) }], 2 ** 32 + 8);
    // An earlier entry written later (a catch-up's), and an index past 2^32 against one below it.
    index.add([{ logIndex: 3, hashes: packed([h('b')]) }, { logIndex: 2 ** 32, hashes: packed([h('d')]) }], 2 ** 32 + 1);
    expect(await index.first(h('a'))).toEqual({ logIndex: 2 ** 32 + 5, position: 0 });
    expect(await index.first(h('b'))).toEqual({ logIndex: 3, position: 0 });
    expect(await index.first(h('c'))).toEqual({ logIndex: 2 ** 32 + 7, position: 0 });
    expect(await index.first(h('d'))).toEqual({ logIndex: 2 ** 32, position: 0 });
    expect(await index.first(h('never'))).toBeUndefined();
    await index.close();
  });

  it('looks up many hashes at once, in their order, each as first() finds it', async () => {
    const index = fresh();
    const hashes = Array.from({ length: 300 }, (_, i) => h(`many ${i}`));
    // Every third hash anchored, some twice: the first anchoring is the one found.
    index.add([{ logIndex: 10, hashes: packed(hashes.filter((_, i) => i % 3 === 0)) }], 11);
    index.add([{ logIndex: 4, hashes: packed(hashes.filter((_, i) => i % 6 === 0)) }], 12);
    const found = await index.firstOf(hashes);
    expect(found).toHaveLength(300);
    for (const [i, ref] of found.entries()) expect(ref).toEqual(await index.first(hashes[i]!));
    expect(found[6]).toEqual({ logIndex: 4, position: 1 });
    expect(found[3]).toEqual({ logIndex: 10, position: 1 });
    expect(found[1]).toBeUndefined();
    await index.close();
  });

  it('catches up from the log size it holds, and keeps it across a reopen; a reset empties it', async () => {
    const path = join(root, 'catch-up');
    const log: AnchoredBatch[] = [0, 1, 2, 3].map((i) => ({ logIndex: i * 2, hashes: packed([h(`doc ${i}`), h(`doc ${i} b`)]) }));
    const asked: number[] = [];
    const read = (from: number) => {
      asked.push(from);
      return log.filter((b) => b.logIndex >= from);
    };
    const first = new AnchorIndex(path);
    first.catchUp(read, () => 4);
    expect(await first.first(h('doc 1 b'))).toEqual({ logIndex: 2, position: 1 });
    await first.close();
    const again = new AnchorIndex(path);
    again.catchUp(read, () => 8);
    expect(await again.first(h('doc 3'))).toEqual({ logIndex: 6, position: 0 });
    expect(asked).toEqual([0, 4]);
    // A block queued with a smaller size than a catch-up reached does not move the size back.
    again.add([{ logIndex: 7, hashes: packed([h('late')]) }], 5);
    again.reset();
    expect(await again.first(h('doc 0'))).toBeUndefined();
    again.catchUp(read, () => 8);
    expect(await again.first(h('doc 0'))).toEqual({ logIndex: 0, position: 0 });
    expect(asked).toEqual([0, 4, 0]);
    await again.close();
  });

  it('says NODE_INDEX_FAILED once a write fails, and mends itself from the log with the next write', async () => {
    const index = fresh();
    let broken = true;
    const log: AnchoredBatch[] = [{ logIndex: 0, hashes: packed([h('before')]) }];
    index.catchUp((from) => {
      if (broken) throw new Error('the disk went away');
      return log.filter((b) => b.logIndex >= from);
    }, () => log.length);
    await expect(index.first(h('before'))).rejects.toMatchObject({ code: 'NODE_INDEX_FAILED', message: expect.stringMatching(/the disk went away.*rebuilt from the log/) });
    broken = false;
    log.push({ logIndex: 1, hashes: packed([h('after')]) });
    index.add([log[1]!], 2);
    expect(await index.first(h('before'))).toEqual({ logIndex: 0, position: 0 });
    expect(await index.first(h('after'))).toEqual({ logIndex: 1, position: 0 });
    await index.close();
  });
});

describe('AnchorIndex in sixteen stores', () => {
  /** A hash whose first 4 bits are `shard`. */
  const inShard = (shard: number, name: string) => {
    for (let i = 0; ; i++) if (h(`${name} ${i}`)[0]! >> 4 === shard) return h(`${name} ${i}`);
  };

  it('keeps each hash in the store of its first 4 bits, and catches up from the smallest size a store holds (one store lost its last write)', async () => {
    const path = join(root, 'shards');
    const a = inShard(3, 'a');
    const b = inShard(12, 'b');
    const log: AnchoredBatch[] = [{ logIndex: 0, hashes: packed([a, b]) }];
    const read = (from: number) => log.filter((x) => x.logIndex >= from);
    const first = new AnchorIndex(path);
    first.catchUp(read, () => 1);
    expect(await first.first(b)).toEqual({ logIndex: 0, position: 1 });
    await first.close();
    expect(readdirSync(path).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `shard-${i.toString(16)}`));
    // Store c as it was at log size 1, then a block in which c and 3 both got a hash.
    cpSync(join(path, 'shard-c'), join(root, 'shard-c-at-1'), { recursive: true });
    const c = inShard(12, 'c');
    const d = inShard(3, 'd');
    log.push({ logIndex: 1, hashes: packed([c, d]) });
    const second = new AnchorIndex(path);
    second.add([log[1]!], 2);
    expect(await second.first(c)).toEqual({ logIndex: 1, position: 0 });
    await second.close();
    // The crash: store c lost that write (its keys and its size with them), store 3 kept it.
    rmSync(join(path, 'shard-c'), { recursive: true });
    cpSync(join(root, 'shard-c-at-1'), join(path, 'shard-c'), { recursive: true });
    const asked: number[] = [];
    const third = new AnchorIndex(path);
    third.catchUp((from) => (asked.push(from), read(from)), () => 2);
    expect(await third.first(c)).toEqual({ logIndex: 1, position: 0 });
    expect(await third.first(d)).toEqual({ logIndex: 1, position: 1 });
    expect(await third.first(a)).toEqual({ logIndex: 0, position: 0 });
    expect(asked).toEqual([1]);
    await third.close();
  });

  it('drops an index of one store (before the stores) and builds it again from the log', async () => {
    const path = join(root, 'one-store');
    const old = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
    await old.put(Uint8Array.of(0x01, ...utf8('indexed')), new Uint8Array(8).fill(0xff)); // a size no log has
    await old.close();
    const index = new AnchorIndex(path);
    const asked: number[] = [];
    index.catchUp((from) => (asked.push(from), [{ logIndex: 0, hashes: packed([h('kept')]) }]), () => 1);
    expect(await index.first(h('kept'))).toEqual({ logIndex: 0, position: 0 });
    expect(asked).toEqual([0]);
    expect(existsSync(join(path, 'CURRENT'))).toBe(false);
    expect(existsSync(`${path}.one-store`)).toBe(false);
    await index.close();
  });
});

describe('encodeKeys', () => {
  it('gives every anchoring its key once, in the order of the hashes\u2019 first 16 bits', () => {
    const batch = fc.record({ logIndex: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), hashes: fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 40 }) });
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 6 }), (batches) => {
        const keys = encodeKeys(batches.map((b) => ({ logIndex: b.logIndex, hashes: packed(b.hashes) })));
        const expected = batches.flatMap((b) => b.hashes.map((hash, position) => toHex(Uint8Array.of(0, ...hash, ...u64(b.logIndex), ...u32(position)))));
        const got = Array.from({ length: keys.length / 45 }, (_, i) => toHex(keys.subarray(i * 45, i * 45 + 45)));
        expect([...got].sort()).toEqual([...expected].sort());
        // Hash order by the first 2 bytes (hex chars 2..6, after the 0x00 tag).
        for (let i = 1; i < got.length; i++) expect(got[i - 1]!.slice(2, 6) <= got[i]!.slice(2, 6)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
