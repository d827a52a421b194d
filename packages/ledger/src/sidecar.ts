// Sidecars: the details of a transaction (names, case numbers, amounts, documents) that stay off
// the chain. The transaction carries only their commitments H(salt ‖ canonical payload); the
// sidecar {salt, payload} travels beside it, is checked against the commitment at admission,
// stored apart by each node, and erased by rule (DESIGN.md, "Sidecars"). Erasing one never
// breaks a hash: the commitment stays in the transaction.
import { CreditChainError, concatBytes, encodeCanonical, type CborMap, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import type { StateReader } from './overlay.js';
import { getAction } from './registry.js';

export const SIDECAR_SALT_MIN = 16;
export const SIDECAR_SALT_MAX = 64;
/** Largest canonical payload of one sidecar: details, not documents (documents are anchored by hash). */
export const MAX_SIDECAR_BYTES = 64 * 1024;

export interface Sidecar {
  readonly salt: Uint8Array;
  readonly payload: CborMap;
}

export function sidecarCommitment(suite: CryptoSuite, salt: Uint8Array, payload: CborMap): Uint8Array {
  return suite.hash(concatBytes(salt, encodeCanonical(payload)));
}

/**
 * What an action says about its sidecars (ActionDef.sidecars): whether every committed sidecar
 * must be delivered with the transaction, and a check of each delivered payload against the
 * transaction and the committed state (e.g. the fields the law forbids collecting).
 */
export interface SidecarRule {
  /** Every commitment in tx.sidecars must arrive with the transaction. */
  readonly required: boolean;
  /** Throws a CreditChainError if the payload may not be accepted. */
  check?(suite: CryptoSuite, state: StateReader, tx: DecodedTx, commitment: Uint8Array, payload: CborMap): void;
}

/** Throws unless every sidecar a transaction's action requires was delivered. */
export function checkSidecarsDelivered(tx: DecodedTx, delivered: ReadonlySet<string>, hex: (b: Uint8Array) => string): void {
  const rule = getAction(tx.body.module, tx.body.action).sidecars;
  if (rule?.required !== true) return;
  tx.body.sidecars.forEach((c, i) => {
    if (!delivered.has(hex(c))) {
      throw new CreditChainError('SIDECAR_MISSING', `${tx.body.module}.${tx.body.action} needs its details delivered with it: sidecar ${i} (commitment ${hex(c)}) is missing.`, { index: i, commitment: hex(c) });
    }
  });
}
