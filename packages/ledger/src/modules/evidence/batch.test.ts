// The batch leaves written by hand for unlabelled items are the RFC 9162 leaves of their
// canonical encoding, whatever the hash and wherever labelled items fall; a packed payload
// ({hashes}) is the same batch as its unlabelled items, with the same checks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, getSuite, leafHash, merkleRoot, toHex } from '@creditchain/core';
import { anchorAction } from './anchor.js';
import { anchorItemAt, anchorItemLeafHash, batchLeafHashes, batchOfItems, batchRoot, batchSize, encodeAnchorItem, type AnchorItem } from './batch.js';

const item = fc.record({ hash: fc.uint8Array({ minLength: 32, maxLength: 32 }), label: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) }).map(
  (r): AnchorItem => (r.label === undefined ? { hash: r.hash } : { hash: r.hash, label: r.label }),
);

describe('evidence batches', () => {
  for (const id of ['intl', 'gm'] as const) {
    const suite = getSuite(id);
    it(`property (${id}): each leaf is H(0x00 ‖ canon(item)), and the root is their RFC 9162 root`, () => {
      fc.assert(
        fc.property(fc.array(item, { minLength: 1, maxLength: 40 }), (items) => {
          const batch = batchOfItems(items);
          const byHand = batchLeafHashes(suite, batch).map(toHex);
          expect(byHand).toEqual(items.map((it) => toHex(leafHash(suite.hash, encodeAnchorItem(it)))));
          expect(byHand).toEqual(items.map((it) => toHex(anchorItemLeafHash(suite, it))));
          expect(toHex(batchRoot(suite, batch))).toBe(toHex(merkleRoot(suite.hash, items.map((it) => leafHash(suite.hash, encodeAnchorItem(it))))));
        }),
        { numRuns: 200 },
      );
    });
  }

  it('property: a batch is refused as EVIDENCE_DUPLICATE_IN_BATCH exactly when a hash repeats, also among hashes sharing their first bytes', () => {
    // Hashes from a few 33-byte patterns: most share their first 4 bytes, some repeat.
    const hash = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 5 })).map(([p, t]) => {
      const h = new Uint8Array(32).fill(p);
      h[31] = t;
      return h;
    });
    fc.assert(
      fc.property(fc.array(hash, { minLength: 1, maxLength: 12 }), (hashes) => {
        const distinct = new Set(hashes.map(toHex)).size === hashes.length;
        const again = hashes.findIndex((h, i) => hashes.slice(0, i).some((e) => toHex(e) === toHex(h)));
        const forms = [{ items: hashes.map((h) => ({ hash: h })) }, { hashes: concatBytes(...hashes) }];
        for (const payload of forms) {
          const parse = () => anchorAction.parse(payload, undefined as never);
          if (distinct) expect(batchSize(parse())).toBe(hashes.length);
          else expect(parse).toThrow(expect.objectContaining({ code: 'EVIDENCE_DUPLICATE_IN_BATCH', details: { hash: toHex(hashes[again]!), index: again } }));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('says the first fault in batch order: a repeat before a malformed item, the malformed item before a repeat', () => {
    const a = { hash: new Uint8Array(32).fill(1) };
    const b = { hash: new Uint8Array(32).fill(2) };
    const short = { hash: new Uint8Array(31) };
    const parse = (items: unknown[]) => () => anchorAction.parse({ items } as never, undefined as never);
    expect(parse([a, b, a, short])).toThrow(expect.objectContaining({ code: 'EVIDENCE_DUPLICATE_IN_BATCH', details: { hash: toHex(a.hash), index: 2 } }));
    expect(parse([a, short, a])).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE', message: 'payload.items[1].hash: expected 32 bytes, got 31' }));
    expect(parse([a, { hash: b.hash, note: 'x' }])).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE', message: 'payload.items[1].note: is not a known field' }));
    expect(parse([a, { hash: b.hash, label: 'x'.repeat(257) }])).toThrow(expect.objectContaining({ message: 'payload.items[1].label: must be at most 256 characters' }));
    expect(parse([a, { hash: b.hash, label: 7 }])).toThrow(expect.objectContaining({ message: 'payload.items[1].label: expected text' }));
    expect(parse([a, { label: 'x' }])).toThrow(expect.objectContaining({ message: 'payload.items[1].hash: is missing' }));
    expect(parse([a, [b.hash]])).toThrow(expect.objectContaining({ message: 'payload.items[1]: expected a map' }));
    // Items that pass are kept in order, with their labels.
    const labelled = { hash: b.hash, label: 'contract 7' };
    const batch = anchorAction.parse({ items: [a, labelled] } as never, undefined as never);
    expect([0, 1].map((i) => anchorItemAt(batch, i))).toEqual([a, labelled]);
  });

  for (const id of ['intl', 'gm'] as const) {
    const suite = getSuite(id);
    it(`property (${id}): a packed payload is the batch of its hashes as unlabelled items: the same items, leaves and root`, () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 40, selector: toHex }), (hashes) => {
          const packed = anchorAction.parse({ hashes: concatBytes(...hashes) }, undefined as never);
          const items = anchorAction.parse({ items: hashes.map((hash) => ({ hash })) }, undefined as never);
          expect(toHex(packed.hashes)).toBe(toHex(items.hashes));
          expect(packed.labels).toBeUndefined();
          expect(hashes.map((_, i) => anchorItemAt(packed, i))).toEqual(hashes.map((hash) => ({ hash })));
          expect(toHex(anchorAction.digest!(suite, packed))).toBe(toHex(merkleRoot(suite.hash, hashes.map((hash) => anchorItemLeafHash(suite, { hash })))));
        }),
        { numRuns: 100 },
      );
    });
  }

  it('refuses a packed payload that is empty, too long, not whole hashes, of the wrong type or mixed with items', () => {
    const parse = (payload: unknown) => () => anchorAction.parse(payload as never, undefined as never);
    expect(parse({ hashes: new Uint8Array(0) })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD', message: 'An anchor batch needs at least one hash.' }));
    expect(parse({ hashes: new Uint8Array(33) })).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE', message: 'payload.hashes: expected 32-byte hashes one after another, got 33 bytes (not a multiple of 32)' }));
    expect(parse({ hashes: new Uint8Array(32 * 10_001) })).toThrow(expect.objectContaining({ code: 'EVIDENCE_BATCH_TOO_LARGE', details: { count: 10_001, max: 10_000 } }));
    expect(parse({ hashes: 'ab'.repeat(32) })).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE', message: 'payload.hashes: expected bytes' }));
    expect(parse({ hashes: new Uint8Array(32), items: [] })).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE', message: 'payload.items: is not a known field' }));
    // The first form's errors are unchanged when neither field is there.
    expect(parse({})).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE', message: 'payload.items: is missing' }));
    // Distinct hashes sharing their first 4 bytes pass; 10,000 of them, the most a batch holds.
    const many = new Uint8Array(32 * 10_000);
    for (let i = 0; i < 10_000; i++) {
      many[i * 32 + 30] = i >> 8;
      many[i * 32 + 31] = i & 0xff;
    }
    expect(batchSize(anchorAction.parse({ hashes: many }, undefined as never))).toBe(10_000);
  });
});
