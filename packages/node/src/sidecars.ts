// Admitting the sidecars delivered with a transaction: each must be well formed, open one of the
// transaction's commitments, and come once; the action's sidecar rule then checks each payload
// against the committed state, and every sidecar the action requires must be there. What passes
// is kept with the transaction in the mempool and stored when it commits with "ok".
import { CreditChainError, equalBytes, toHex, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import { checkSidecarsDelivered, getAction, sidecarCommitment, type Sidecar, type StateReader } from '@creditchain/ledger';
import { checkSidecar, decodeSidecar, encodeSidecar } from '@creditchain/sdk';

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

/**
 * Checks the bytes of a sidecar fetched from another member node: canonical {salt, payload},
 * well formed, and opening `commitment` under the chain's suite. Returns it ready to store, or
 * throws SIDECAR_BAD (malformed) or SIDECAR_NOT_COMMITTED (another sidecar's bytes).
 */
export function checkFetchedSidecar(suite: CryptoSuite, commitment: Uint8Array, bytes: Uint8Array): DeliveredSidecar {
  let s: Sidecar;
  try {
    s = decodeSidecar(bytes);
  } catch (e) {
    throw new CreditChainError('SIDECAR_BAD', `The bytes are not a canonical sidecar {salt, payload}: ${(e as Error).message}`, { commitment: toHex(commitment) });
  }
  checkSidecar(s);
  const opened = sidecarCommitment(suite, s.salt, s.payload);
  if (!equalBytes(opened, commitment)) {
    throw new CreditChainError('SIDECAR_NOT_COMMITTED', `The sidecar opens the commitment ${toHex(opened)}, not ${toHex(commitment)}.`, { commitment: toHex(commitment), opened: toHex(opened) });
  }
  return { commitment, bytes: encodeSidecar(s) };
}
