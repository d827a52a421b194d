import { describe, expect, it } from 'vitest';
import {
  MemoryLogStore,
  appendLeaves,
  consistencyProof,
  formatCheckpoint,
  formatVerifierKey,
  intlSuite,
  leafHash,
  signNote,
  toHex,
  utf8,
} from '@creditchain/core';
import { openCheckpoint, verifyCheckpointConsistency } from './consistency.js';

const hash = intlSuite.hash;
const seed = new Uint8Array(32).fill(7);
const vkey = formatVerifierKey('log', intlSuite.publicKeyOf(seed));

/** A log of `leaves`, and signed checkpoints of it at each size asked for. */
function log(leaves: string[], origin = 'creditchain/test') {
  const store = new MemoryLogStore();
  const roots: Uint8Array[] = [];
  leaves.forEach((l, i) => {
    const r = appendLeaves(hash, store, i, [leafHash(hash, utf8(l))]);
    store.putAll(r.nodes);
    roots.push(r.root);
  });
  const checkpoint = (size: number) => signNote(formatCheckpoint({ origin, size, rootHash: roots[size - 1]! }), [{ name: 'log', seed }]);
  const proof = (from: number, to: number) => consistencyProof(hash, store, from, to).map(toHex);
  return { checkpoint, proof };
}

const letters = 'abcdefg'.split('');

describe('verifyCheckpointConsistency', () => {
  it('accepts a newer checkpoint that extends the older one', () => {
    const l = log(letters);
    for (const [from, to] of [[1, 7], [3, 7], [4, 7], [7, 7], [2, 5]] as const) {
      const { older, newer } = verifyCheckpointConsistency({ older: l.checkpoint(from), newer: l.checkpoint(to), proof: l.proof(from, to), trustedKeys: [vkey] });
      expect(older.checkpoint.size).toBe(from);
      expect(newer.checkpoint.size).toBe(to);
      expect(newer.signedBy).toEqual(['log']);
    }
  });

  it('refuses a fork: a log whose history was rewritten', () => {
    const honest = log(letters);
    const forked = log(['a', 'b', 'X', 'd', 'e', 'f', 'g']);
    expect(() => verifyCheckpointConsistency({ older: honest.checkpoint(3), newer: forked.checkpoint(7), proof: forked.proof(3, 7), trustedKeys: [vkey] })).toThrow(
      expect.objectContaining({ code: 'PROOF_INVALID' }),
    );
    expect(() => verifyCheckpointConsistency({ older: honest.checkpoint(3), newer: forked.checkpoint(3), proof: [], trustedKeys: [vkey] })).toThrow(/the log forked/);
  });

  it('refuses a rollback, another log, and an untrusted signer', () => {
    const l = log(letters);
    expect(() => verifyCheckpointConsistency({ older: l.checkpoint(5), newer: l.checkpoint(3), proof: [], trustedKeys: [vkey] })).toThrow(/rolled back/);
    const other = log(letters, 'creditchain/other');
    expect(() => verifyCheckpointConsistency({ older: l.checkpoint(3), newer: other.checkpoint(7), proof: other.proof(3, 7), trustedKeys: [vkey] })).toThrow(/different logs/);
    const stranger = formatVerifierKey('log', intlSuite.publicKeyOf(new Uint8Array(32).fill(8)));
    expect(() => openCheckpoint(l.checkpoint(3), [stranger])).toThrow(expect.objectContaining({ code: 'CHECKPOINT_BAD_SIGNATURE' }));
  });
});
