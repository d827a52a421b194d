// The node's index of anchored hashes on its own: the first anchoring of a hash is the one found
// (by log order, past 2^32 entries too), in memory, in runs and across merges; a catch-up starts
// from the log size the manifest holds and never moves it backwards; a reset empties it; a
// failed write is said, not hidden; and what a crash leaves half-written is dropped.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { concatBytes, sha256, toHex, utf8 } from '@creditchain/core';
import { AnchorIndex, type AnchoredBatch, type AnchorRef } from './anchor-index.js';
import { RECORD, recordsOf, sortRecords } from './anchor-records.js';
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
    // An earlier entry written later, and an index past 2^32 against one below it.
    index.add([{ logIndex: 3, hashes: packed([h('b')]) }, { logIndex: 2 ** 32, hashes: packed([h('d')]) }], 2 ** 32 + 9);
    // A block the index already holds the log past (a catch-up read it) is not kept twice.
    index.add([{ logIndex: 2 ** 32 + 2, hashes: packed([h('e')]) }], 2 ** 32 + 3);
    expect(await index.first(h('e'))).toBeUndefined();
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

describe('AnchorIndex in runs', () => {
  /** The earliest anchoring of each hash in `log`, as a reader of the log alone would find it. */
  const model = (log: readonly AnchoredBatch[]) => {
    const first = new Map<string, AnchorRef>();
    for (const { logIndex, hashes } of [...log].sort((a, b) => a.logIndex - b.logIndex)) {
      for (let position = 0; position * 32 < hashes.length; position++) {
        const key = toHex(hashes.subarray(position * 32, position * 32 + 32));
        if (!first.has(key)) first.set(key, { logIndex, position });
      }
    }
    return first;
  };

  it('property: whatever runs, merges, pages and reopens hold them, each hash is found at its first anchoring', async () => {
    // Hashes drawn from a small pool, so many are anchored again; runs of 5 records, pages of 3.
    const pool = Array.from({ length: 40 }, (_, i) => h(`pool ${i}`));
    // Some hashes share their first 30 bytes, so equal prefixes meet at the pages' edges.
    for (let i = 0; i < 8; i++) pool.push(Uint8Array.of(...pool[0]!.subarray(0, 30), i, 7 - i));
    const block = fc.array(fc.array(fc.nat(pool.length - 1), { minLength: 1, maxLength: 9 }), { maxLength: 3 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ block, reopen: fc.boolean() }), { minLength: 1, maxLength: 40 }), async (steps) => {
        const path = join(root, `property-${run++}`);
        const log: AnchoredBatch[] = [];
        const read = (from: number) => log.filter((b) => b.logIndex >= from);
        const options = { flushRecords: 5, pageRecords: 3 };
        let index = new AnchorIndex(path, options);
        index.catchUp(read, () => log.length);
        for (const { block: txs, reopen } of steps) {
          const batches = txs.map((picks) => ({ logIndex: log.length, hashes: packed(picks.map((p) => pool[p]!)) }));
          for (const b of batches) log.push({ ...b, logIndex: log.length });
          index.add(log.slice(log.length - batches.length), log.length);
          if (reopen) {
            await index.close();
            index = new AnchorIndex(path, options);
            index.catchUp(read, () => log.length);
          }
        }
        const expected = model(log);
        const found = await index.firstOf(pool);
        pool.forEach((hash, i) => expect(found[i]).toEqual(expected.get(toHex(hash))));
        await index.close();
        rmSync(path, { recursive: true, force: true });
      }),
      { numRuns: 40 },
    );
  });

  it('merges eight runs of a tier into one, keeps the manifest naming only live runs, and reads no log again after a close', async () => {
    const path = join(root, 'merges');
    const log: AnchoredBatch[] = Array.from({ length: 64 }, (_, i) => ({ logIndex: i, hashes: packed([h(`m ${i} a`), h(`m ${i} b`), h(`m ${i} c`)]) }));
    const asked: number[] = [];
    let size = 0; // the log grows as the blocks are added
    const read = (from: number) => (asked.push(from), log.filter((b) => b.logIndex >= from && b.logIndex < size));
    const index = new AnchorIndex(path, { flushRecords: 6, pageRecords: 4 });
    index.catchUp(read, () => size);
    for (const b of log) index.add([b], (size = b.logIndex + 1));
    await index.close();
    const manifest = JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8')) as { indexedTo: number; runs: { id: number; count: number }[] };
    expect(manifest.indexedTo).toBe(64);
    expect(manifest.runs.reduce((n, r) => n + r.count, 0)).toBe(192);
    // 192 records in runs of 6 make 32 flushes; merged eight at a time, far fewer runs are left.
    expect(manifest.runs.length).toBeLessThan(8);
    expect(readdirSync(path).sort()).toEqual(['manifest.json', ...manifest.runs.flatMap(({ id }) => [`run-${id}.dat`, `run-${id}.idx`])].sort());
    const again = new AnchorIndex(path, { flushRecords: 6, pageRecords: 4 });
    again.catchUp(read, () => 64);
    for (const b of log) expect(await again.first(b.hashes.subarray(32, 64))).toEqual({ logIndex: b.logIndex, position: 1 });
    expect(asked).toEqual([0, 64]);
    await again.close();
  });

  it('drops a manifest that names a run the disk lost, and files no manifest names, and builds the index again from the log', async () => {
    const path = join(root, 'torn');
    const log: AnchoredBatch[] = [{ logIndex: 0, hashes: packed([h('t0'), h('t1')]) }];
    const first = new AnchorIndex(path, { flushRecords: 1 });
    first.catchUp((from) => log.filter((b) => b.logIndex >= from), () => 1);
    await first.close();
    const run = readdirSync(path).find((f) => f.endsWith('.dat'))!;
    rmSync(join(path, run));
    writeFileSync(join(path, 'run-99.dat.merging'), 'half a merge');
    const asked: number[] = [];
    const second = new AnchorIndex(path, { flushRecords: 1 });
    second.catchUp((from) => (asked.push(from), log.filter((b) => b.logIndex >= from)), () => 1);
    expect(await second.first(h('t1'))).toEqual({ logIndex: 0, position: 1 });
    expect(asked).toEqual([0]);
    expect(existsSync(join(path, 'run-99.dat.merging'))).toBe(false);
    await second.close();
  });

  it('drops an index in LevelDB (the layouts of sessions 19–28) and builds it again from the log', async () => {
    for (const layout of ['CURRENT', 'shard-0']) {
      const path = join(root, `leveldb-${layout}`);
      mkdirSync(join(path, 'shard-f'), { recursive: true });
      writeFileSync(join(path, layout), 'MANIFEST-000001\n');
      const index = new AnchorIndex(path);
      const asked: number[] = [];
      index.catchUp((from) => (asked.push(from), [{ logIndex: 0, hashes: packed([h('kept')]) }]), () => 1);
      expect(await index.first(h('kept'))).toEqual({ logIndex: 0, position: 0 });
      expect(asked).toEqual([0]);
      expect(readdirSync(path).some((f) => f === 'CURRENT' || f.startsWith('shard-'))).toBe(false);
      expect(existsSync(`${path}.leveldb`)).toBe(false);
      await index.close();
    }
  });
});

describe('sortRecords', () => {
  const hex = (records: Uint8Array) => Array.from({ length: records.length / RECORD }, (_, i) => toHex(records.subarray(i * RECORD, (i + 1) * RECORD)));

  it('property: gives every anchoring its record once, hash ‖ u64 log index ‖ u32 position, in byte order', () => {
    const hash = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 30, maxLength: 30 }).map((tail) => Uint8Array.of(7, 7, ...tail)));
    const batch = fc.record({ logIndex: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), hashes: fc.array(hash, { maxLength: 40 }) });
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 6 }), (batches) => {
        // In chunks as the index keeps them, one per block, one of them not on a word boundary.
        const chunks = batches.map((b) => recordsOf([{ logIndex: b.logIndex, hashes: packed(b.hashes) }]));
        if (chunks.length > 0) chunks[0] = concatBytes(new Uint8Array(1), chunks[0]!).subarray(1);
        const records = sortRecords(chunks);
        const expected = batches.flatMap((b) => b.hashes.map((x, position) => toHex(Uint8Array.of(...x, ...u64(b.logIndex), ...u32(position)))));
        expect(hex(records)).toEqual([...expected].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('sorts 20,000 records that share their first 16 bits in O(n log n)', () => {
    const records = new Uint8Array(20_000 * RECORD);
    for (let i = 0; i < 20_000; i++) records.set(Uint8Array.of(0xab, 0xcd, ...h(`same prefix ${i}`).subarray(2), ...u64(i), ...u32(0)), i * RECORD);
    const sorted = hex(sortRecords([records.subarray(0, 7_000 * RECORD), records.subarray(7_000 * RECORD)]));
    expect(sorted).toEqual([...hex(records)].sort());
  });
});

