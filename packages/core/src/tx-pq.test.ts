// Transactions signed with post-quantum account keys: each signature names its algorithm, so
// decoding reads the key and signature lengths from it and verification dispatches on it.
import { describe, expect, it } from 'vitest';
import { utf8 } from './bytes.js';
import { decodeCanonical, encodeCanonical, type CborValue } from './canonical.js';
import { intlSuite, sha256 } from './crypto-suite.js';
import { mlDsa65, slhDsa } from './post-quantum.js';
import { decodeSignedTx, encodeSignedTx, MAX_TX_SIZE, signTx, verifyTxSignatures, type DecodedTx, type TxBody } from './tx.js';

const body = (nonce: number): TxBody => ({
  chain: 'pq-test',
  module: 'evidence',
  action: 'anchor',
  sender: 'bank-a',
  nonce,
  expires: 100,
  payload: { items: [{ hash: sha256(utf8(`document ${nonce}`)) }] },
  sidecars: [],
});

const ML_SEED = sha256(utf8('ml-dsa-65 account key'));
const SLH_SEED = Uint8Array.of(...sha256(utf8('slh-dsa account key')), ...sha256(utf8('slh-dsa account key, prf')).subarray(0, 16));
const ED_SEED = sha256(utf8('ed25519 account key'));

function expectBadSignature(tx: DecodedTx, index: number): void {
  expect(() => verifyTxSignatures(tx)).toThrow(expect.objectContaining({ code: 'TX_BAD_SIGNATURE', details: { index } }));
}

/** Re-encodes signed bytes after changing the decoded CBOR map (a tampering on the wire). */
function tamper(bytes: Uint8Array, change: (tx: { body: Record<string, CborValue>; sigs: Array<Record<string, CborValue>> }) => void): Uint8Array {
  const tx = decodeCanonical(bytes) as unknown as { body: Record<string, CborValue>; sigs: Array<Record<string, CborValue>> };
  change(tx);
  return encodeCanonical(tx as unknown as CborValue);
}

describe('transactions signed with post-quantum keys', () => {
  const cases = [
    { alg: mlDsa65, seed: ML_SEED },
    { alg: slhDsa, seed: SLH_SEED },
  ];

  for (const { alg, seed } of cases) {
    it(`${alg.name}: signs, encodes, decodes and verifies; a tampered copy fails`, () => {
      const signed = signTx(intlSuite, body(1), [{ alg: alg.id, secret: seed }]);
      expect(signed.sigs).toHaveLength(1);
      expect(signed.sigs[0]).toMatchObject({ alg: alg.id });
      expect(signed.sigs[0]!.key).toEqual(alg.publicKeyOf(seed));
      expect(signed.sigs[0]!.sig.length).toBe(alg.signatureLength);
      expect(signed.bytes.length).toBeGreaterThan(alg.signatureLength + alg.publicKeyLength);
      expect(signed.bytes.length).toBeLessThan(MAX_TX_SIZE);

      const decoded = decodeSignedTx(intlSuite, signed.bytes);
      expect(decoded.sigs).toEqual(signed.sigs);
      expect(decoded.id).toEqual(signed.id);
      expect(encodeSignedTx(decoded)).toEqual(signed.bytes);
      expect(() => verifyTxSignatures(decoded)).not.toThrow();

      // The body changed after signing (same signature, same key): the id moves and the signature fails.
      const otherBody = decodeSignedTx(intlSuite, tamper(signed.bytes, (tx) => { tx.body.nonce = 2; }));
      expect(otherBody.id).not.toEqual(signed.id);
      expectBadSignature(otherBody, 0);

      // One bit of the signature flipped.
      const flipped = decodeSignedTx(intlSuite, tamper(signed.bytes, (tx) => {
        const sig = (tx.sigs[0]!.sig as Uint8Array).slice();
        sig[sig.length >> 1] = sig[sig.length >> 1]! ^ 0x01;
        tx.sigs[0]!.sig = sig;
      }));
      expectBadSignature(flipped, 0);

      // Another key of the same algorithm put in place of the signer's.
      const otherKey = decodeSignedTx(intlSuite, tamper(signed.bytes, (tx) => { tx.sigs[0]!.key = alg.publicKeyOf(seed.map((b) => b ^ 1)); }));
      expectBadSignature(otherKey, 0);
    });
  }

  it('mixes algorithms in one transaction, and names the bad signature', () => {
    const signed = signTx(intlSuite, body(3), [ED_SEED, { alg: mlDsa65.id, secret: ML_SEED }]);
    expect(signed.sigs.map((s) => s.alg)).toEqual(['ed25519', 'ml-dsa-65']);
    const decoded = decodeSignedTx(intlSuite, signed.bytes);
    expect(() => verifyTxSignatures(decoded)).not.toThrow();
    const bad = decodeSignedTx(intlSuite, tamper(signed.bytes, (tx) => {
      const sig = (tx.sigs[1]!.sig as Uint8Array).slice();
      sig[0] = sig[0]! ^ 0x80;
      tx.sigs[1]!.sig = sig;
    }));
    expectBadSignature(bad, 1);
  });

  it('refuses on decoding a key or signature of the wrong length for the named algorithm', () => {
    const signed = signTx(intlSuite, body(4), [{ alg: mlDsa65.id, secret: ML_SEED }]);
    const shapes: Array<(tx: { sigs: Array<Record<string, CborValue>> }) => void> = [
      (tx) => { tx.sigs[0]!.key = (tx.sigs[0]!.key as Uint8Array).subarray(1); },
      (tx) => { tx.sigs[0]!.sig = Uint8Array.of(...(tx.sigs[0]!.sig as Uint8Array), 0); },
      // An ML-DSA-65 key and signature labelled SLH-DSA: the SLH-DSA key is 32 bytes.
      (tx) => { tx.sigs[0]!.alg = slhDsa.id; },
    ];
    for (const change of shapes) {
      expect(() => decodeSignedTx(intlSuite, tamper(signed.bytes, change))).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
    }
    // A signature shorter than the algorithm's passes the length limit but not verification.
    const short = decodeSignedTx(intlSuite, tamper(signed.bytes, (tx) => { tx.sigs[0]!.sig = (tx.sigs[0]!.sig as Uint8Array).subarray(0, 3000); }));
    expectBadSignature(short, 0);
  });
});
