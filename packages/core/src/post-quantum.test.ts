import { readFileSync } from 'node:fs';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { slh_dsa_sha2_128s } from '@noble/post-quantum/slh-dsa.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from './bytes.js';
import { sha256 } from './crypto-suite.js';
import { ed25519 } from './ed25519.js';
import { CreditChainError } from './errors.js';
import { mlDsa65, slhDsa } from './post-quantum.js';
import { getAlg, hasAlg, listAlgs } from './signature-algs.js';

interface MlDsaVectors {
  keyGen: { tests: Array<{ tcId: number; seed: string; pk: string; sk?: string }> };
  sigGen: { group: Record<string, unknown>; tests: Array<{ tcId: number; sk: string; message: string; context: string; signature: string }> };
  sigVer: { group: Record<string, unknown>; tests: Array<{ tcId: number; testPassed: boolean; reason: string; pk: string; message: string; context: string; signature: string }> };
}
interface SlhDsaVectors {
  keyGen: { group: Record<string, unknown>; tests: Array<{ tcId: number; release: string; skSeed: string; skPrf: string; pkSeed: string; pk: string; sk: string }> };
  sigGen: {
    groups: Array<Record<string, unknown>>;
    tests: Array<{ tgId: number; tcId: number; deterministic: boolean; sk: string; message: string; context: string; additionalRandomness?: string; signature: string }>;
  };
}

const load = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../../test/vectors/${path}`, import.meta.url), 'utf8')) as T;
const MLDSA = load<MlDsaVectors>('fips204/ml-dsa-65.json');
const SLHDSA = load<SlhDsaVectors>('fips205/slh-dsa-sha2-128s.json');

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] = out[bit >> 3]! ^ (1 << (bit & 7));
  return out;
}

describe('ML-DSA-65: NIST ACVP FIPS 204 vectors', () => {
  it('has the cases the README names, of the pure external interface', () => {
    expect(MLDSA.keyGen.tests.map((t) => t.tcId)).toEqual([26, 27]);
    expect(MLDSA.sigGen.group).toMatchObject({ parameterSet: 'ML-DSA-65', deterministic: true, signatureInterface: 'external', preHash: 'pure' });
    expect(MLDSA.sigGen.tests.map((t) => t.tcId)).toEqual([44, 41]);
    expect(MLDSA.sigVer.group).toMatchObject({ parameterSet: 'ML-DSA-65', signatureInterface: 'external', preHash: 'pure', externalMu: false });
    expect(MLDSA.sigVer.tests.map((t) => [t.tcId, t.testPassed])).toEqual([[43, true], [39, false], [38, false], [34, false], [31, false]]);
  });

  for (const v of MLDSA.keyGen.tests) {
    it(`keyGen tcId ${v.tcId}: the seed gives the public key`, () => {
      expect(toHex(mlDsa65.publicKeyOf(fromHex(v.seed)))).toBe(v.pk);
      // The expanded secret key that mlDsa65.sign signs with, from the same seed.
      if (v.sk !== undefined) expect(toHex(ml_dsa65.keygen(fromHex(v.seed)).secretKey)).toBe(v.sk);
    });
  }

  for (const v of MLDSA.sigGen.tests) {
    it(`sigGen tcId ${v.tcId} (context ${v.context.length / 2} bytes): deterministic signature byte for byte`, () => {
      const sk = fromHex(v.sk);
      const message = fromHex(v.message);
      // ACVP gives the expanded secret key, not a seed, so this is the library call mlDsa65.sign makes.
      const signature = ml_dsa65.sign(message, sk, { extraEntropy: false, context: fromHex(v.context) });
      expect(toHex(signature)).toBe(v.signature);
      // mlDsa65 signs and verifies with the empty context: it accepts exactly the empty-context case.
      expect(mlDsa65.verify(ml_dsa65.getPublicKey(sk), message, signature)).toBe(v.context === '');
    });
  }

  it('mlDsa65.sign is that same call on the key pair of its seed (keyGen tcId 26)', () => {
    const seed = fromHex(MLDSA.keyGen.tests[0]!.seed);
    const message = utf8('CreditChain ML-DSA-65');
    const expected = ml_dsa65.sign(message, ml_dsa65.keygen(seed).secretKey, { extraEntropy: false, context: new Uint8Array(0) });
    expect(toHex(mlDsa65.sign(seed, message))).toBe(toHex(expected));
  });

  for (const v of MLDSA.sigVer.tests) {
    it(`sigVer tcId ${v.tcId}: ${v.testPassed ? 'accepted' : `rejected (${v.reason})`}`, () => {
      const [pk, message, signature] = [fromHex(v.pk), fromHex(v.message), fromHex(v.signature)];
      expect(ml_dsa65.verify(signature, message, pk, { context: fromHex(v.context) })).toBe(v.testPassed);
      // mlDsa65.verify uses the empty context; where the case has one it must refuse regardless.
      expect(mlDsa65.verify(pk, message, signature)).toBe(v.context === '' ? v.testPassed : false);
    });
  }
});

describe('SLH-DSA-SHA2-128s: NIST ACVP FIPS 205 vectors', () => {
  it('has the cases the README names, of the pure external interface', () => {
    expect(SLHDSA.keyGen.group).toMatchObject({ parameterSet: 'SLH-DSA-SHA2-128s' });
    expect(SLHDSA.keyGen.tests.map((t) => t.tcId)).toEqual([1, 2, 3, 1, 2]);
    for (const g of SLHDSA.sigGen.groups) expect(g).toMatchObject({ parameterSet: 'SLH-DSA-SHA2-128s', signatureInterface: 'external', preHash: 'pure' });
    expect(SLHDSA.sigGen.tests.map((t) => [t.tgId, t.tcId, t.deterministic])).toEqual([[19, 157, true], [19, 161, true], [55, 473, false]]);
  });

  for (const v of SLHDSA.keyGen.tests) {
    it(`keyGen tcId ${v.tcId} (${v.release}): SK.seed ‖ SK.prf ‖ PK.seed gives pk and sk`, () => {
      const seed = fromHex(v.skSeed + v.skPrf + v.pkSeed);
      expect(toHex(slhDsa.publicKeyOf(seed))).toBe(v.pk);
      expect(toHex(slh_dsa_sha2_128s.keygen(seed).secretKey)).toBe(v.sk);
    });
  }

  for (const v of SLHDSA.sigGen.tests) {
    const kind = v.deterministic ? 'deterministic (opt_rand = PK.seed)' : 'hedged (opt_rand = additionalRandomness)';
    it(`sigGen tcId ${v.tcId}, ${kind}: signature byte for byte, and it verifies`, () => {
      const [sk, message, context] = [fromHex(v.sk), fromHex(v.message), fromHex(v.context)];
      const extraEntropy = v.additionalRandomness === undefined ? false : fromHex(v.additionalRandomness);
      const signature = slh_dsa_sha2_128s.sign(message, sk, { extraEntropy, context });
      expect(toHex(signature)).toBe(v.signature);
      const pk = slh_dsa_sha2_128s.getPublicKey(sk);
      expect(slh_dsa_sha2_128s.verify(signature, message, pk, { context })).toBe(true);
      // Every case has a context, and slhDsa verifies with the empty one.
      expect(v.context).not.toBe('');
      expect(slhDsa.verify(pk, message, signature)).toBe(false);
    });
  }
});

// The same properties of both algorithms; an SLH-DSA signature takes over a second, so each test
// reuses the signatures made once in beforeAll.
for (const alg of [mlDsa65, slhDsa]) {
  describe(`${alg.name} as a SignatureAlg`, () => {
    const seed = sha256(utf8(`${alg.id} seed`)).slice(0, 32);
    const fullSeed = alg.secretLength === 32 ? seed : Uint8Array.of(...seed, ...sha256(seed).subarray(0, alg.secretLength - 32));
    const otherSeed = fullSeed.map((b) => b ^ 0x5a);
    const message = utf8(`CreditChain transaction v1\n${alg.id}`);
    let publicKey: Uint8Array;
    let signature: Uint8Array;

    beforeAll(() => {
      publicKey = alg.publicKeyOf(fullSeed);
      signature = alg.sign(fullSeed, message);
    });

    it('is registered under its id, with the library\'s lengths', () => {
      expect(getAlg(alg.id)).toBe(alg);
      expect(hasAlg(alg.id)).toBe(true);
      expect(listAlgs()).toEqual(expect.arrayContaining(['ed25519', 'ml-dsa-65', 'slh-dsa-sha2-128s']));
      const lib = alg === mlDsa65 ? ml_dsa65 : slh_dsa_sha2_128s;
      expect([alg.secretLength, alg.publicKeyLength, alg.signatureLength]).toEqual([lib.lengths.seed, lib.lengths.publicKey, lib.lengths.signature]);
      expect(alg.secretLength).toBe(alg === mlDsa65 ? 32 : 48);
    });

    it('round trip: the signature verifies, has the full length, and signing again gives the same bytes', () => {
      expect(publicKey.length).toBe(alg.publicKeyLength);
      expect(signature.length).toBe(alg.signatureLength);
      expect(alg.verify(publicKey, message, signature)).toBe(true);
      // Deterministic, and the cached key pair is not worn by use.
      expect(toHex(alg.sign(fullSeed, message))).toBe(toHex(signature));
      expect(alg.verify(publicKey, message, signature)).toBe(true);
    });

    it('publicKeyOf is deterministic and returns a copy the caller may change', () => {
      const pk = alg.publicKeyOf(fullSeed);
      expect(toHex(pk)).toBe(toHex(publicKey));
      pk.fill(0);
      expect(toHex(alg.publicKeyOf(fullSeed))).toBe(toHex(publicKey));
      expect(toHex(alg.publicKeyOf(otherSeed))).not.toBe(toHex(publicKey));
    });

    it('a flipped bit in the signature, the message or the key fails', () => {
      const bits = alg.signatureLength * 8;
      for (const bit of [0, 9, bits >> 1, bits - 200, bits - 1]) expect(alg.verify(publicKey, message, flipBit(signature, bit)), `signature bit ${bit}`).toBe(false);
      for (const bit of [0, 100, message.length * 8 - 1]) expect(alg.verify(publicKey, flipBit(message, bit), signature), `message bit ${bit}`).toBe(false);
      expect(alg.verify(publicKey, Uint8Array.of(...message, 0), signature)).toBe(false);
      expect(alg.verify(publicKey, new Uint8Array(0), signature)).toBe(false);
      for (const bit of [0, 100, alg.publicKeyLength * 8 - 1]) expect(alg.verify(flipBit(publicKey, bit), message, signature), `key bit ${bit}`).toBe(false);
      expect(alg.verify(alg.publicKeyOf(otherSeed), message, signature)).toBe(false);
    });

    it('answers false, never throws, for wrong lengths and wrong types', () => {
      const keys: unknown[] = [new Uint8Array(0), publicKey.subarray(1), Uint8Array.of(...publicKey, 0), new Uint8Array(32), toHex(publicKey), null, undefined, [...publicKey]];
      const sigs: unknown[] = [new Uint8Array(0), signature.subarray(1), Uint8Array.of(...signature, 0), new Uint8Array(64), new Uint8Array(alg.signatureLength * 2), toHex(signature), null, [...signature]];
      for (const k of keys) expect(alg.verify(k as Uint8Array, message, signature)).toBe(false);
      for (const s of sigs) expect(alg.verify(publicKey, message, s as Uint8Array)).toBe(false);
      for (const m of [null, undefined, 'text', [1, 2]]) expect(alg.verify(publicKey, m as unknown as Uint8Array, signature)).toBe(false);
      // Well-formed lengths, nonsense content: all zeros, all ones.
      for (const fill of [0x00, 0xff]) {
        expect(alg.verify(publicKey, message, new Uint8Array(alg.signatureLength).fill(fill))).toBe(false);
        expect(alg.verify(new Uint8Array(alg.publicKeyLength).fill(fill), message, signature)).toBe(false);
      }
      // Another algorithm's signature and key.
      const edSeed = new Uint8Array(32).fill(1);
      expect(alg.verify(ed25519.publicKeyOf(edSeed), message, ed25519.sign(edSeed, message))).toBe(false);
      expect(ed25519.verify(publicKey, message, signature)).toBe(false);
    });

    it(`refuses secrets that are not ${alg.secretLength} bytes with CRYPTO_BAD_KEY`, () => {
      for (const bad of [new Uint8Array(alg.secretLength - 1), new Uint8Array(alg.secretLength + 1), new Uint8Array(0), 'x'.repeat(alg.secretLength), null]) {
        expect(() => alg.publicKeyOf(bad as Uint8Array)).toThrow(CreditChainError);
        expect(() => alg.sign(bad as Uint8Array, message)).toThrow(expect.objectContaining({ code: 'CRYPTO_BAD_KEY' }));
      }
    });
  });
}
