import { describe, expect, it } from 'vitest';
import { formatCheckpoint, formatVerifierKey, getSuite, signNote } from '@creditchain/core';
import { openQuorumNote, parseValidatorKeys } from './quorum.js';

const suite = getSuite('intl');
const seeds = [1, 2, 3, 4].map((n) => new Uint8Array(32).fill(n));
const validators = seeds.map((seed, i) => ({ key: formatVerifierKey(`node${i}`, suite.publicKeyOf(seed)), power: i === 3 ? 30 : 10 }));
const text = formatCheckpoint({ origin: 'creditchain/net', size: 5, rootHash: new Uint8Array(32).fill(7), height: 3, stateRoot: new Uint8Array(32).fill(8) });
const signedBy = (...who: number[]) => signNote(text, who.map((i) => ({ name: `node${i}`, seed: seeds[i]! })));

describe('checkpoints certified by a quorum of validators', () => {
  it('passes with more than 2/3 of the power, counting each validator by its power', () => {
    // Total power 60: node3 (30) with node0 and node1 (20) make 50 > 40.
    expect(openQuorumNote(signedBy(0, 1, 3), validators)).toMatchObject({ signedPower: 50, totalPower: 60, verifiedBy: ['node0', 'node1', 'node3'] });
    expect(openQuorumNote(signedBy(0, 1, 2, 3), validators).signedPower).toBe(60);
  });

  it('refuses exactly 2/3, less, and signatures by keys outside the set, with CHECKPOINT_NO_QUORUM', () => {
    // node3 and node0: 40 of 60 is not more than 2/3.
    expect(() => openQuorumNote(signedBy(0, 3), validators)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_NO_QUORUM', message: expect.stringMatching(/40 of 60/) }));
    expect(() => openQuorumNote(signedBy(0, 1, 2), validators)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_NO_QUORUM' }));
    const outsider = signNote(text, [{ name: 'node0', seed: new Uint8Array(32).fill(9) }]);
    expect(() => openQuorumNote(outsider, validators)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_NO_QUORUM' }));
  });

  it('refuses a note whose text was changed, whoever signed it', () => {
    const note = signedBy(0, 1, 2, 3).replace('creditchain/net\n5\n', 'creditchain/net\n6\n');
    expect(() => openQuorumNote(note, validators)).toThrow(expect.objectContaining({ code: expect.stringMatching(/CHECKPOINT_BAD_SIGNATURE|CHECKPOINT_NO_QUORUM/) }));
  });

  it('reads validators.json or a bare list, and refuses a set without keys or powers', () => {
    expect(parseValidatorKeys({ validators })).toHaveLength(4);
    expect(parseValidatorKeys(validators)).toHaveLength(4);
    expect(() => parseValidatorKeys([])).toThrow(/non-empty/);
    expect(() => parseValidatorKeys([{ key: validators[0]!.key, power: 0 }])).toThrow(/power/);
    expect(() => parseValidatorKeys([{ key: 'nope', power: 1 }])).toThrow();
  });
});
