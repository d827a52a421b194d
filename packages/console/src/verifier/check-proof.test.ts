import { describe, expect, it } from 'vitest';
import { RECEIPT_TYPE, REPORT_FILE_TYPE } from '@creditchain/sdk';
import { checkProof, proofKind, trustFrom } from './check-proof.js';

const NODE_KEY = 'dev-node+7a1ac0e0+Af9LI1tt2RR3wijz2NBSuIfuvbP75J2r8gbojDk0Zidm';

describe('verifier: proof kind and trust', () => {
  it('tells receipts from reports by their type', () => {
    expect(proofKind({ type: RECEIPT_TYPE })).toBe('receipt');
    expect(proofKind({ type: REPORT_FILE_TYPE })).toBe('report');
    expect(proofKind({ type: 'x' })).toBeUndefined();
    expect(proofKind(null)).toBeUndefined();
  });

  it('builds the trust the person chose, or says why it cannot', () => {
    expect(trustFrom('node', { nodeKey: NODE_KEY })).toEqual({ kind: 'node', keys: [NODE_KEY] });
    expect(trustFrom('pasted', { pasted: `  ${NODE_KEY}\n` })).toEqual({ kind: 'pasted', keys: [NODE_KEY] });
    expect(trustFrom('embedded', {})).toEqual({ kind: 'embedded' });
    expect(() => trustFrom('validators', { validators: [] })).toThrow(/solo node/);
    expect(() => trustFrom('pasted', { pasted: 'not a key' })).toThrow(expect.objectContaining({ code: 'CRYPTO_BAD_KEY' }));
  });

  it('refuses JSON that is neither, and a malformed receipt, with the SDK codes', () => {
    expect(() => checkProof({ hello: 1 }, { kind: 'embedded' })).toThrow(expect.objectContaining({ code: 'RECEIPT_MALFORMED' }));
    expect(() => checkProof({ type: RECEIPT_TYPE }, { kind: 'embedded' })).toThrow(expect.objectContaining({ code: 'RECEIPT_MALFORMED' }));
    expect(() => checkProof({ type: REPORT_FILE_TYPE }, { kind: 'embedded' })).toThrow(expect.objectContaining({ code: 'REPORT_INVALID' }));
  });
});
