// Fuzzing the offline verifier: a real receipt, credit report and proven state reply from a dev
// node, and a real sidecar, each changed at random — one character of a string, a value replaced
// by another of any type, a key removed, or (for sidecars) a byte flipped or the tail cut. The
// verifier must refuse every change that alters what is proven, with a CreditChainError of a
// known code (never another exception), and may accept only a change that proves exactly what the
// original proved. The same file runs 10,000 cases in the test command and 1,000,000 in
// `npm run soak` (FUZZ_CASES).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditChainError, ERROR_CODES, encodeCanonical, formatVerifierKey, getSuite, parseVerifierKey, sha256, toHex, utf8 } from '@creditchain/core';
import { sidecarCommitment } from '@creditchain/ledger';
import {
  buildAnchorTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  decodeSidecar,
  verifyReceipt,
  verifyReport,
  verifyStateReply,
  type EvidenceReceipt,
  type ReportFile,
  type StateReply,
} from '@creditchain/sdk';
import { devNode } from './support/dev-node.js';
import { recordSoak } from './support/soak.js';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const BATCH = 5000;
const node = devNode({ prefix: 'cc-verifier-fuzz-' });
const document = sha256(utf8('a contract, anchored to be verified'));
let receipt: EvidenceReceipt;
let report: ReportFile;
let state: StateReply;
let sidecarBytes: Uint8Array;
let trustedKeys: string[];

beforeAll(async () => {
  await node.start();
  trustedKeys = [node.service.chain.verifierKey];
  await node.send(buildAnchorTx({ ...(await node.signer('demo-bank')), items: [{ hash: document }, { hash: sha256(utf8('another')) }, { hash: sha256(utf8('a third')) }] }));
  const submitted = buildSubmitRecordsTx(await node.signer('demo-bank'), [
    { subject: node.person, subjectKind: 'person', category: 'loan-overdue', occurred: '2025-01-10', ended: '2025-10-31', amountBand: 2, publicityDays: null, details: { contractNumber: 'L-1', name: 'Li Si' } },
  ]);
  const id = ((await node.send(submitted)).data as { first: number }).first;
  await node.send(buildReviewTx(await node.signer('demo-bank-reviewer'), [id], 'publish'));
  receipt = await node.as().evidenceReceipt(toHex(document));
  report = await node.as('demo-person').report(node.personRef, { prove: true });
  state = (await node.as().account('demo-bank', { prove: true })).state!;
  sidecarBytes = encodeCanonical({ salt: submitted.sidecars[0]!.salt, payload: submitted.sidecars[0]!.payload });
});

afterAll(() => node.stop());

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in `v`, leaves and containers alike. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(v)) return here.concat(...v.map((x, i) => paths(x, [...at, i])));
  if (v !== null && typeof v === 'object') return here.concat(...Object.entries(v).map(([k, x]) => paths(x, [...at, k])));
  return here;
}

const anyJson: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.constant([]), fc.constant({}));

/** A change to one place of `original`: a character of a string, a value replaced, or a key or element removed. */
function mutation(original: Json): fc.Arbitrary<Json> {
  const all = paths(original);
  return fc.tuple(fc.nat({ max: all.length - 1 }), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), anyJson, fc.constantFrom('char', 'replace', 'remove')).map(([p, pos, ch, value, how]) => {
    const copy = structuredClone(original);
    const path = all[p]!;
    if (path.length === 0) return how === 'replace' ? value : copy;
    const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], copy);
    const key = path[path.length - 1]!;
    const old = parent[key] as Json;
    if (how === 'remove') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (how === 'char' && typeof old === 'string' && old.length > 0) {
      const i = pos % old.length;
      parent[key] = old.slice(0, i) + (old[i] === ch ? String.fromCharCode(ch.charCodeAt(0) ^ 1) : ch) + old.slice(i + 1);
    } else {
      parent[key] = value;
    }
    return copy;
  });
}

/** Refused with a known code — or accepted proving the same as the original. */
function refusedOrSame<T>(verify: (v: unknown) => T, original: T, changed: Json): 'refused' | 'same' {
  let proven: T;
  try {
    proven = verify(changed);
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(CreditChainError);
    expect(Object.hasOwn(ERROR_CODES, (e as CreditChainError).code)).toBe(true);
    return 'refused';
  }
  expect(JSON.stringify(proven)).toBe(JSON.stringify(original));
  return 'same';
}

describe(`the offline verifier under fuzzing (${CASES} cases in all)`, () => {
  it('refuses every receipt, report and proven state reply changed in what it proves, with a stable code', async () => {
    const started = performance.now();
    const cases = { receipt: Math.ceil(CASES * 0.4), report: Math.ceil(CASES * 0.3), state: Math.ceil(CASES * 0.3) };
    const counts = { refused: 0, same: 0 };
    const kinds: Array<[keyof typeof cases, Json, (v: unknown) => unknown]> = [
      ['receipt', receipt as unknown as Json, (v) => verifyReceipt(v, { trustedKeys, documentHash: document })],
      ['report', report as unknown as Json, (v) => verifyReport(v, { trustedKeys })],
      ['state', state as unknown as Json, (v) => verifyStateReply(v as StateReply, { trustedKeys })],
    ];
    for (const [kind, original, verify] of kinds) {
      const truth = verify(original);
      // In batches, yielding between them: a million cases take minutes, and the test runner's
      // worker must stay able to answer its runner meanwhile.
      for (let done = 0; done < cases[kind]; done += BATCH) {
        fc.assert(
          fc.property(mutation(original), (changed) => {
            counts[refusedOrSame(verify, truth, changed)]++;
          }),
          { numRuns: Math.min(BATCH, cases[kind] - done) },
        );
        await new Promise((r) => setImmediate(r));
      }
    }
    // A change almost always alters what is proven; the few accepted ones proved the same thing.
    expect(counts.refused).toBeGreaterThan(counts.same * 10);
    recordSoak({ suite: 'verifier-fuzz', cases: counts.refused + counts.same, lost: 0, seconds: Math.round((performance.now() - started) / 1000), refused: counts.refused, acceptedUnchanged: counts.same });
  });

  it('refuses a receipt that names a key other than the one that signed, whichever key is trusted', () => {
    // Same name, another key: a key id of its own, and no signature of the checkpoint.
    const other = formatVerifierKey(parseVerifierKey(receipt.verifierKey).name, getSuite('intl').publicKeyOf(sha256(utf8('another node key'))));
    const renamed = { ...receipt, verifierKey: other };
    expect(() => verifyReceipt(renamed, { trustedKeys: [other], documentHash: document })).toThrow(expect.objectContaining({ code: 'CHECKPOINT_BAD_SIGNATURE' }));
    expect(() => verifyReceipt(renamed, { trustedKeys, documentHash: document })).toThrow(expect.objectContaining({ code: 'PROOF_INVALID', message: expect.stringMatching(/which did not sign its checkpoint/) }));
    expect(() => verifyReceipt(renamed, { trustedKeys: [...trustedKeys, other], documentHash: document })).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }));
    expect(verifyReceipt(receipt, { trustedKeys: [...trustedKeys, other], documentHash: document }).hash).toBe(receipt.hash);
  });

  it('a sidecar changed by a byte or cut short is refused or no longer opens its commitment', () => {
    const commitment = (b: Uint8Array) => {
      const s = decodeSidecar(b);
      return toHex(sidecarCommitment(getSuite('intl'), s.salt, s.payload));
    };
    const original = commitment(sidecarBytes);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat({ max: 8 }), (at, value, cut) => {
        const bytes = Uint8Array.from(sidecarBytes.subarray(0, sidecarBytes.length - cut));
        const i = at % bytes.length;
        bytes[i] = bytes[i] === value ? value ^ 0xff : value;
        let changed: string;
        try {
          changed = commitment(bytes);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(CreditChainError);
          return;
        }
        // It decodes (a changed character, say): then it is another sidecar, whose commitment differs.
        expect(changed).not.toBe(original);
      }),
      { numRuns: Math.ceil(CASES / 10) },
    );
  });
});
