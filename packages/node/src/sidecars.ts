// Admitting the sidecars delivered with a transaction: each must be well formed, open one of the
// transaction's commitments, and come once; the action's sidecar rule then checks each payload
// against the committed state, and every sidecar the action requires must be there. What passes
// is kept with the transaction in the mempool and stored when it commits with "ok".
import { CreditChainError, toHex, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import { checkSidecarsDelivered, getAction, sidecarCommitment, type Sidecar, type StateReader } from '@creditchain/ledger';
import { checkSidecar, encodeSidecar } from '@creditchain/sdk';

/** A sidecar admitted with its transaction: its commitment and its stored form, canon({salt, payload}). */
export interface DeliveredSidecar {
  readonly commitment: Uint8Array;
  readonly bytes: Uint8Array;
}

/**
 * Checks the sidecars delivered with `tx` (possibly none) and returns them ready to store.
 * Throws SIDECAR_BAD, SIDECAR_NOT_COMMITTED, SIDECAR_MISSING or the action's own code.
 */
export function admitSidecars(suite: CryptoSuite, state: StateReader, tx: DecodedTx, delivered: readonly Sidecar[]): DeliveredSidecar[] {
  const committed = new Set(tx.body.sidecars.map(toHex));
  const seen = new Set<string>();
  const rule = getAction(tx.body.module, tx.body.action).sidecars;
  const out = delivered.map((s, i): DeliveredSidecar => {
    checkSidecar(s, i);
    const commitment = sidecarCommitment(suite, s.salt, s.payload);
    const hex = toHex(commitment);
    if (!committed.has(hex)) {
      throw new CreditChainError('SIDECAR_NOT_COMMITTED', `Sidecar ${i} opens the commitment ${hex}, which transaction ${toHex(tx.id)} does not carry in its sidecars.`, { index: i, commitment: hex });
    }
    if (seen.has(hex)) throw new CreditChainError('SIDECAR_BAD', `Sidecar ${i}: the sidecar with commitment ${hex} was delivered twice.`, { index: i, commitment: hex });
    seen.add(hex);
    rule?.check?.(suite, state, tx, commitment, s.payload);
    return { commitment, bytes: encodeSidecar(s) };
  });
  checkSidecarsDelivered(tx, seen, toHex);
  return out;
}
