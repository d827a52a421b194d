// Offline checks of checkpoints: that a note is signed by a trusted key, and that a newer
// checkpoint extends an older one (RFC 9162 consistency), i.e. the log was only appended to.
// A client that keeps the last checkpoint it trusted and checks each new one against it
// detects a node that rewrites history. Pure: data in, verdict out; nothing is fetched.
import {
  CreditChainError,
  equalBytes,
  fromHex,
  getSuite,
  openNote,
  parseCheckpoint,
  verifyConsistency,
  type Checkpoint,
} from '@creditchain/core';

export interface VerifiedCheckpoint {
  /** The signed note as given. */
  readonly note: string;
  readonly checkpoint: Checkpoint;
  /** Names of the trusted keys whose signatures verified. */
  readonly signedBy: readonly string[];
}

/** Opens a checkpoint note with trusted verifier keys; throws CHECKPOINT_* errors. */
export function openCheckpoint(note: string, trustedKeys: readonly string[]): VerifiedCheckpoint {
  const opened = openNote(note, trustedKeys);
  return { note, checkpoint: parseCheckpoint(opened.text), signedBy: opened.verifiedBy };
}

export interface ConsistencyInput {
  /** The checkpoint trusted so far. */
  readonly older: string;
  /** The checkpoint to accept if it extends the older one. */
  readonly newer: string;
  /** RFC 9162 consistency proof from older.size to newer.size, as hex or bytes. */
  readonly proof: readonly (string | Uint8Array)[];
  readonly trustedKeys: readonly string[];
  /** The chain's crypto suite id; "intl" by default. */
  readonly suite?: string;
}

/**
 * Checks that `newer` extends `older`: both signed by trusted keys, same log, and the proof
 * shows the older tree is a prefix of the newer one. Returns both, opened; throws PROOF_INVALID
 * (or a checkpoint error) naming what failed.
 */
export function verifyCheckpointConsistency(input: ConsistencyInput): { older: VerifiedCheckpoint; newer: VerifiedCheckpoint } {
  const suite = getSuite(input.suite ?? 'intl');
  const older = openCheckpoint(input.older, input.trustedKeys);
  const newer = openCheckpoint(input.newer, input.trustedKeys);
  const a = older.checkpoint;
  const b = newer.checkpoint;
  if (a.origin !== b.origin) {
    throw new CreditChainError('PROOF_INVALID', `The checkpoints are of different logs: "${a.origin}" and "${b.origin}".`, { older: a.origin, newer: b.origin });
  }
  if (b.size < a.size) {
    throw new CreditChainError('PROOF_INVALID', `The newer checkpoint is for a smaller log (${b.size} entries) than the older one (${a.size}): the log was rolled back or forked.`, { older: a.size, newer: b.size });
  }
  const proof = input.proof.map((p) => (typeof p === 'string' ? fromHex(p, suite.hashLength) : p));
  // Every tree extends the empty tree; RFC 9162 gives no proof for it.
  const ok = a.size === 0 ? proof.length === 0 : verifyConsistency(suite.hash, a.size, b.size, proof, a.rootHash, b.rootHash);
  if (!ok) {
    const why = a.size === b.size && !equalBytes(a.rootHash, b.rootHash) ? 'two different roots for the same size: the log forked' : 'the consistency proof does not show the older log is a prefix of the newer one';
    throw new CreditChainError('PROOF_INVALID', `The checkpoint at size ${b.size} does not extend the one at size ${a.size} (${why}).`, { older: a.size, newer: b.size });
  }
  return { older, newer };
}
