import { describe, expect, it } from 'vitest';
import { MAX_TX_SIZE, concatBytes, decodeSignedTx, getSuite, toHex, verifyTxSignatures } from '@creditchain/core';
import { anchorAction } from '@creditchain/ledger';
import { buildAnchorTx, planAnchorBatches } from './anchor-tx.js';
import { keyPairFromSeed } from './keys.js';

const suite = getSuite('intl');
const key = keyPairFromSeed('intl', new Uint8Array(32).fill(1), 'demo-bank');
const hashOf = (i: number) => suite.hash(new TextEncoder().encode(`doc ${i}`));

describe('buildAnchorTx', () => {
  it('signs an evidence.anchor transaction the node can decode and verify', () => {
    const items = [{ hash: hashOf(1), label: 'a.pdf' }, { hash: hashOf(2) }];
    const tx = buildAnchorTx({ suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-bank', nonce: 3, expires: 100, seed: key.seed, items });
    const decoded = decodeSignedTx(suite, tx.bytes);
    verifyTxSignatures(decoded);
    expect(decoded.id).toEqual(tx.id);
    expect(decoded.body).toMatchObject({ chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: 'demo-bank', nonce: 3, expires: 100 });
    expect(decoded.body.payload).toEqual({ items: [{ hash: hashOf(1), label: 'a.pdf' }, { hash: hashOf(2) }] });
    expect(decoded.sigs[0]!.key).toEqual(key.publicKey);
  });

  it('refuses an empty batch, a short hash and a repeated hash before signing', () => {
    const base = { suite: 'intl', chainId: 'c', sender: 's', nonce: 0, expires: 1, seed: key.seed };
    expect(() => buildAnchorTx({ ...base, items: [] })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }));
    expect(() => buildAnchorTx({ ...base, items: [{ hash: new Uint8Array(31) }] })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }));
    expect(() => buildAnchorTx({ ...base, items: [{ hash: hashOf(1) }, { hash: hashOf(1) }] })).toThrow(expect.objectContaining({ code: 'EVIDENCE_DUPLICATE_IN_BATCH' }));
  });
});

describe('buildAnchorTx({packed: true})', () => {
  it('sends the hashes as one byte string, which the ledger reads as the same batch; a label is refused', () => {
    const base = { suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-bank', nonce: 0, expires: 100, seed: key.seed };
    const items = [{ hash: hashOf(1) }, { hash: hashOf(2) }, { hash: hashOf(3) }];
    const tx = decodeSignedTx(suite, buildAnchorTx({ ...base, items, packed: true }).bytes);
    expect(tx.body.payload).toEqual({ hashes: concatBytes(hashOf(1), hashOf(2), hashOf(3)) });
    const unpacked = decodeSignedTx(suite, buildAnchorTx({ ...base, items }).bytes);
    expect(tx.bytes.length).toBeLessThan(unpacked.bytes.length);
    expect(toHex(anchorAction.digest!(suite, anchorAction.parse(tx.body.payload, undefined as never)))).toBe(toHex(anchorAction.digest!(suite, anchorAction.parse(unpacked.body.payload, undefined as never))));
    expect(() => buildAnchorTx({ ...base, items: [{ hash: hashOf(1) }, { hash: hashOf(2), label: 'b.pdf' }], packed: true })).toThrow(
      expect.objectContaining({ code: 'TX_BAD_PAYLOAD', details: { index: 1 }, message: expect.stringContaining('a packed batch cannot carry') }),
    );
    expect(() => buildAnchorTx({ ...base, items: [{ hash: hashOf(1) }, { hash: hashOf(1) }], packed: true })).toThrow(expect.objectContaining({ code: 'EVIDENCE_DUPLICATE_IN_BATCH' }));
  });
});

describe('planAnchorBatches', () => {
  it('keeps order and splits at the item limit', () => {
    const items = Array.from({ length: 25_001 }, (_, i) => ({ hash: hashOf(i) }));
    const batches = planAnchorBatches(items);
    expect(batches.map((b) => b.length)).toEqual([10_000, 10_000, 5_001]);
    expect(batches.flat()).toEqual(items);
  });

  it('splits by size so that every transaction fits the node limit, long labels included', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ hash: hashOf(i), label: `${'contract-'.repeat(20)}${i}.pdf` }));
    const batches = planAnchorBatches(items);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) {
      const tx = buildAnchorTx({ suite, chainId: 'creditchain-dev', sender: 'demo-bank', nonce: 0, expires: 1, seed: key.seed, items: b });
      expect(tx.bytes.length).toBeLessThanOrEqual(MAX_TX_SIZE);
    }
  });
});
