// The subjects'-rights transactions as the ledger reads them: every payload parses with its
// action's own parser, and every evidence sidecar's commitment is both in the payload and in the
// transaction's sidecar commitments (the ledger refuses one without the other).
import { describe, expect, it } from 'vitest';
import { decodeSignedTx, equalBytes, getSuite, verifyTxSignatures, type TxBody } from '@creditchain/core';
import { getAction, sidecarCommitment } from '@creditchain/ledger';
import { keyPairFromSeed } from './keys.js';
import {
  answerObjectionTx,
  appealTx,
  applyRepairTx,
  complainTx,
  decideObjectionTx,
  decideRepairTx,
  eraseTx,
  grantConsentTx,
  objectTx,
  queryTx,
  revokeConsentTx,
  ruleComplaintTx,
} from './rights-tx.js';

const suite = getSuite('intl');
const key = keyPairFromSeed('intl', new Uint8Array(32).fill(5), 'demo-person');
const signer = { suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-person', nonce: 2, expires: 50, seed: key.seed };
const subject = new Uint8Array(32).fill(9);
const doc = { document: new Uint8Array(32).fill(7), name: 'statement.pdf' };

/** The body as the node decodes it, its signature checked, and its payload through the action's parser. */
function read(bytes: Uint8Array): { body: TxBody; parsed: Record<string, unknown> } {
  const tx = decodeSignedTx(suite, bytes);
  verifyTxSignatures(tx);
  return { body: tx.body, parsed: getAction(tx.body.module, tx.body.action).parse(tx.body.payload) as Record<string, unknown> };
}

describe("subjects'-rights transactions", () => {
  it("grants a consent from the subject's own account: all categories unless scoped, no sidecar", () => {
    const { tx, sidecars } = grantConsentTx({ ...signer, org: 'bank-a', purpose: 'loan-application', days: 30 });
    expect(sidecars).toEqual([]);
    const { body, parsed } = read(tx.bytes);
    expect(body).toMatchObject({ module: 'consent', action: 'grant', sender: 'demo-person', nonce: 2, sidecars: [] });
    expect(parsed).toEqual({ org: 'bank-a', purpose: 'loan-application', scope: null, days: 30, singleUse: false, subject: null, evidence: null });
    const scoped = read(grantConsentTx({ ...signer, org: 'bank-a', purpose: 'lease', days: 1, singleUse: true, scope: ['loan-overdue', 'loan-default'] }).tx.bytes).parsed;
    expect(scoped).toMatchObject({ scope: ['loan-default', 'loan-overdue'], singleUse: true });
    expect(() => grantConsentTx({ ...signer, org: 'bank-a', purpose: 'lease', days: 1, scope: [] })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }));
  });

  it('a member records a consent with the authorisation as a sidecar, committed in the payload and the transaction', () => {
    const { tx, sidecars } = grantConsentTx({ ...signer, sender: 'demo-bank', org: 'bank-a', purpose: 'loan-application', days: 10, onBehalf: { subject, authorisation: doc } });
    expect(sidecars).toHaveLength(1);
    const s = sidecars[0]!;
    expect(equalBytes(s.commitment, sidecarCommitment(suite, s.salt, s.payload))).toBe(true);
    expect(s.payload).toEqual(doc);
    const { body, parsed } = read(tx.bytes);
    expect(body.sidecars).toEqual([s.commitment]);
    expect(parsed).toMatchObject({ subject, evidence: s.commitment });
  });

  it('queries on a consent or on a legal basis, never both or neither', () => {
    expect(read(queryTx({ ...signer, subject, purpose: 'loan-application', consent: 3 }).bytes).parsed).toEqual({ subject, purpose: 'loan-application', basis: 'consent', consent: 3, scope: null });
    expect(read(queryTx({ ...signer, subject, purpose: 'contract', basis: 'public-information', scope: ['dishonest-judgement-debtor'] }).bytes).parsed).toEqual({ subject, purpose: 'contract', basis: 'public-information', consent: null, scope: ['dishonest-judgement-debtor'] });
    expect(() => queryTx({ ...signer, subject, purpose: 'lease' })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }));
    expect(() => queryTx({ ...signer, subject, purpose: 'lease', consent: 1, basis: 'supervision' })).toThrow(/one of the two/);
    expect(read(revokeConsentTx({ ...signer, consent: 3 }).bytes).parsed).toEqual({ consent: 3 });
  });

  it('objections: evidence optional, answers, appeals and decisions as the ledger reads them', () => {
    const plain = objectTx({ ...signer, record: 4, reason: 'Paid on time' });
    expect(plain.sidecars).toEqual([]);
    expect(read(plain.tx.bytes).parsed).toEqual({ record: 4, reason: 'Paid on time', evidence: null });
    const withEvidence = objectTx({ ...signer, record: 4, reason: 'Paid on time', evidence: doc });
    const r = read(withEvidence.tx.bytes);
    expect(r.body.sidecars).toEqual([withEvidence.sidecars[0]!.commitment]);
    expect(r.parsed).toMatchObject({ evidence: withEvidence.sidecars[0]!.commitment });

    expect(read(answerObjectionTx({ ...signer, objection: 1, decision: 'rejected', reason: 'It stands' }).bytes).parsed).toEqual({ objection: 1, decision: 'rejected', settlement: null, reason: 'It stands' });
    expect(read(answerObjectionTx({ ...signer, objection: 1, decision: 'upheld', settlement: { outcome: 'correct', changes: { amountBand: 1, ended: '2025-01-01' } }, reason: 'Amount wrong' }).bytes).parsed).toEqual({
      objection: 1,
      decision: 'upheld',
      settlement: { outcome: 'correct', changes: { amountBand: 1, ended: '2025-01-01' } },
      reason: 'Amount wrong',
    });
    expect(read(appealTx({ ...signer, objection: 1, reason: 'Wrong' }).bytes).parsed).toEqual({ objection: 1, reason: 'Wrong' });
    expect(read(decideObjectionTx({ ...signer, objection: 1, settlement: { outcome: 'confirm' }, reason: 'Correct as recorded' }).bytes).parsed).toEqual({ objection: 1, settlement: { outcome: 'confirm' }, reason: 'Correct as recorded' });
  });

  it('complaints, repair and erasure carry their evidence, application or order as the ledger reads them', () => {
    const c = complainTx({ ...signer, org: 'bank-b', about: 'unauthorised-query', reason: 'No consent', evidence: doc });
    expect(read(c.tx.bytes).parsed).toEqual({ org: 'bank-b', about: 'unauthorised-query', reason: 'No consent', evidence: c.sidecars[0]!.commitment });
    expect(read(ruleComplaintTx({ ...signer, complaint: 2, decision: 'dismissed', reason: 'Consent on record' }).bytes).parsed).toEqual({ complaint: 2, upheld: false, reason: 'Consent on record' });
    const a = applyRepairTx({ ...signer, record: 8, reason: 'Fine paid', evidence: doc });
    expect(read(a.tx.bytes).parsed).toEqual({ record: 8, reason: 'Fine paid', evidence: a.sidecars[0]!.commitment });
    expect(read(decideRepairTx({ ...signer, application: 1, approve: true, reason: 'Paid' }).bytes).parsed).toEqual({ application: 1, approve: true, reason: 'Paid' });
    const e = eraseTx({ ...signer, record: 8, reason: 'Court order (2026) 7', order: { document: doc.document, name: 'order.pdf' } });
    const er = read(e.tx.bytes);
    expect(er.body).toMatchObject({ module: 'repair', action: 'erase', sidecars: [e.sidecars[0]!.commitment] });
    expect(er.parsed).toEqual({ record: 8, reason: 'Court order (2026) 7', order: e.sidecars[0]!.commitment });
  });
});
