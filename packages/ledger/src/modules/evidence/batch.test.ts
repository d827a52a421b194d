// The batch leaves written by hand for unlabelled items are the RFC 9162 leaves of their
// canonical encoding, whatever the hash and wherever labelled items fall.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSuite, leafHash, merkleRoot, toHex } from '@creditchain/core';
import { anchorAction } from './anchor.js';
import { anchorItemLeafHash, batchLeafHashes, batchRoot, encodeAnchorItem, type AnchorItem } from './batch.js';

const item = fc.record({ hash: fc.uint8Array({ minLength: 32, maxLength: 32 }), label: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) }).map(
  (r): AnchorItem => (r.label === undefined ? { hash: r.hash } : { hash: r.hash, label: r.label }),
);

describe('evidence batches', () => {
  for (const id of ['intl', 'gm'] as const) {
    const suite = getSuite(id);
    it(`property (${id}): each leaf is H(0x00 ‖ canon(item)), and the root is their RFC 9162 root`, () => {
      fc.assert(
        fc.property(fc.array(item, { minLength: 1, maxLength: 40 }), (items) => {
          const byHand = batchLeafHashes(suite, items).map(toHex);
          expect(byHand).toEqual(items.map((it) => toHex(leafHash(suite.hash, encodeAnchorItem(it)))));
          expect(byHand).toEqual(items.map((it) => toHex(anchorItemLeafHash(suite, it))));
          expect(toHex(batchRoot(suite, items))).toBe(toHex(merkleRoot(suite.hash, items.map((it) => leafHash(suite.hash, encodeAnchorItem(it))))));
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
        const parse = () => anchorAction.parse({ items: hashes.map((h) => ({ hash: h })) }, undefined as never);
        const again = hashes.findIndex((h, i) => hashes.slice(0, i).some((e) => toHex(e) === toHex(h)));
        if (distinct) expect(parse().items).toHaveLength(hashes.length);
        else expect(parse).toThrow(expect.objectContaining({ code: 'EVIDENCE_DUPLICATE_IN_BATCH', details: { hash: toHex(hashes[again]!), index: again } }));
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
    // Items that pass are the decoded maps themselves, labels kept.
    const labelled = { hash: b.hash, label: 'contract 7' };
    const { items } = anchorAction.parse({ items: [a, labelled] } as never, undefined as never);
    expect(items).toEqual([a, labelled]);
  });
});
