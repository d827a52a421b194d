import { describe, expect, it } from 'vitest';
import { isCreditChainError } from '@creditchain/core';
import { verifyContractStorage } from './proven-storage.js';

const chain = { chainId: 'creditchain-dev', suite: 'intl', verifierKey: 'dev-node+00000000+AQ' };

describe('a contract’s stored value, proven in the page', () => {
  it('is refused without its proof, or with a checkpoint no trusted key signed, with PROOF_INVALID or the note’s own code', () => {
    const reply = { name: 'counter', key: 'count', value: 2, height: 7 };
    expect(() => verifyContractStorage(reply, chain, { trustedKeys: [chain.verifierKey] })).toThrow(/carries no proof/);
    try {
      verifyContractStorage({ ...reply, proof: { height: 7, stateRoot: '00'.repeat(32), checkpoint: 'not a note', entries: [] } }, chain, { trustedKeys: [chain.verifierKey] });
      expect.unreachable();
    } catch (e) {
      expect(isCreditChainError(e)).toBe(true);
    }
  });
});
