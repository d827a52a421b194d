// The envelope of a transaction with its sidecars: made, encoded, told apart from a plain
// signed transaction, and decoded strictly.
import { describe, expect, it } from 'vitest';
import { MAX_SIDECARS, MAX_TX_SIZE, concatBytes, encodeCanonical, getSuite, sha256, signTx, utf8 } from '@creditchain/core';
import { MAX_SIDECAR_BYTES, sidecarCommitment } from '@creditchain/ledger';
import { MAX_TX_WITH_SIDECARS_SIZE, checkSidecar, decodeSidecar, decodeTxWithSidecars, encodeSidecar, encodeTxWithSidecars, isTxWithSidecars, makeSidecar } from './sidecars.js';

const suite = getSuite('intl');
const seed = new Uint8Array(32).fill(7);
const tx = (sidecars: Uint8Array[]) =>
  signTx(suite, { chain: 'c', module: 'identity', action: 'bind-subject', sender: 'a', nonce: 0, expires: 10, payload: { name: 'x' }, sidecars }, [seed]);

describe('sidecars', () => {
  it('makeSidecar draws a 16-byte salt and commits to H(salt ‖ canonical payload)', () => {
    const a = makeSidecar(suite, { name: 'Zhang San', amount: 1200 });
    const b = makeSidecar(suite, { name: 'Zhang San', amount: 1200 });
    expect(a.salt.length).toBe(16);
    expect(a.salt).not.toEqual(b.salt);
    expect(a.commitment).toEqual(sha256(concatBytes(a.salt, encodeCanonical(a.payload))));
    expect(a.commitment).toEqual(sidecarCommitment(suite, a.salt, a.payload));
    expect(decodeSidecar(encodeSidecar(a))).toEqual({ salt: a.salt, payload: a.payload });
  });

  it('encodes a transaction with its sidecars, and tells the envelope from a plain transaction', () => {
    const s = makeSidecar(suite, { doc: sha256(utf8('d')) });
    const t = tx([s.commitment]);
    const env = encodeTxWithSidecars(t.bytes, [s]);
    expect(isTxWithSidecars(env)).toBe(true);
    expect(isTxWithSidecars(t.bytes)).toBe(false);
    expect(isTxWithSidecars(encodeTxWithSidecars(t.bytes, []))).toBe(true);
    expect(isTxWithSidecars(new Uint8Array([1, 2, 3]))).toBe(false);
    const d = decodeTxWithSidecars(env);
    expect(d.tx).toEqual(t.bytes);
    expect(d.sidecars).toEqual([{ salt: s.salt, payload: s.payload }]);
  });

  it('rule: a sidecar with a bad salt, a payload not a map or over the size limit is SIDECAR_BAD', () => {
    const payload = { a: 1 };
    expect(() => checkSidecar({ salt: new Uint8Array(15), payload }, 3)).toThrow(expect.objectContaining({ code: 'SIDECAR_BAD', message: 'Sidecar 3: the salt is 15 bytes; it must be 16 to 64 bytes.' }));
    expect(() => checkSidecar({ salt: new Uint8Array(65), payload })).toThrow(expect.objectContaining({ code: 'SIDECAR_BAD' }));
    expect(() => checkSidecar({ salt: new Uint8Array(64), payload: [1] as never })).toThrow(expect.objectContaining({ code: 'SIDECAR_BAD', message: expect.stringContaining('must be a map') }));
    expect(() => checkSidecar({ salt: new Uint8Array(16), payload: { b: new Uint8Array(MAX_SIDECAR_BYTES) } })).toThrow(expect.objectContaining({ code: 'SIDECAR_BAD', message: expect.stringContaining(`at most ${MAX_SIDECAR_BYTES}`) }));
    expect(checkSidecar({ salt: new Uint8Array(64), payload: { b: new Uint8Array(MAX_SIDECAR_BYTES - 100) } }).length).toBeLessThanOrEqual(MAX_SIDECAR_BYTES);
  });

  it('decodes strictly: canonical, exactly {tx, sidecars}, within the limits', () => {
    const t = tx([]).bytes;
    expect(() => decodeTxWithSidecars(encodeCanonical({ tx: t, sidecars: [], more: 1 }))).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
    expect(() => decodeTxWithSidecars(encodeCanonical({ tx: new Uint8Array(MAX_TX_SIZE + 1), sidecars: [] }))).toThrow(expect.objectContaining({ code: 'ENCODING_TOO_LARGE' }));
    expect(() => decodeTxWithSidecars(encodeCanonical({ tx: t, sidecars: Array.from({ length: MAX_SIDECARS + 1 }, () => ({})) }))).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
    expect(() => decodeTxWithSidecars(encodeCanonical({ tx: t, sidecars: [{ salt: new Uint8Array(16) }] }))).toThrow(expect.objectContaining({ code: 'SIDECAR_BAD' }));
    expect(() => decodeTxWithSidecars(encodeCanonical({ tx: t, sidecars: [7] }))).toThrow(expect.objectContaining({ code: 'SIDECAR_BAD' }));
    expect(() => decodeTxWithSidecars(new Uint8Array(MAX_TX_WITH_SIDECARS_SIZE + 1))).toThrow(expect.objectContaining({ code: 'ENCODING_TOO_LARGE' }));
    // Non-canonical: the keys out of order.
    const env = encodeTxWithSidecars(t, []);
    expect(() => decodeTxWithSidecars(Uint8Array.from([0xa2, ...encodeCanonical('sidecars'), 0x80, ...encodeCanonical('tx'), ...encodeCanonical(t)]))).toThrow(expect.objectContaining({ code: 'ENCODING_NON_CANONICAL' }));
    expect(decodeTxWithSidecars(env).sidecars).toEqual([]);
  });
});
