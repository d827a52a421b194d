// Moving a trusted checkpoint forward: fetch the node's latest checkpoint and the consistency
// proof from the one we trust, and accept the new one only if it extends it. The fetching is
// here; the checking is consistency.ts, which is pure.
import type { CreditChainClient } from './client.js';
import { openCheckpoint, verifyCheckpointConsistency, type VerifiedCheckpoint } from './consistency.js';

/**
 * Returns the node's latest checkpoint, verified to extend `trusted` (a signed note the caller
 * accepted before). Throws PROOF_INVALID if the node's log does not extend it.
 */
export async function updateCheckpoint(
  client: CreditChainClient,
  trusted: string,
  opts: { trustedKeys: readonly string[]; suite?: string },
): Promise<VerifiedCheckpoint> {
  const older = openCheckpoint(trusted, opts.trustedKeys).checkpoint;
  const newer = await client.latestCheckpoint();
  const size = openCheckpoint(newer, opts.trustedKeys).checkpoint.size;
  const proof = older.size === 0 || size < older.size ? [] : (await client.consistencyProof(older.size, size)).proof;
  const input = { older: trusted, newer, proof, trustedKeys: opts.trustedKeys };
  return verifyCheckpointConsistency(opts.suite === undefined ? input : { ...input, suite: opts.suite }).newer;
}
