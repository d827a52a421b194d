// Erasing a record's details: every version's sidecar is erased on every node when the block
// commits (BlockOutcome.erasures), and the commitment is marked `credit/erased/<commitment>` with
// the height and the reason, so a reader is told the details were erased rather than missing.
// The record, its commitments and every hash and proof stay as they were.
import { decodeCanonical, encodeCanonical, readMap, readString, readUint, toHex, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { CREDIT_MODULE } from './categories.js';
import { readVersion, type CreditRecord } from './records.js';

export const ERASURE_REASONS = ['retention-ended', 'repaired', 'objection-upheld', 'court-order'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

export const erasedKey = (suite: CryptoSuite, commitment: Uint8Array) => stateKey(suite, CREDIT_MODULE, `erased/${toHex(commitment)}`);

export function readErasure(suite: CryptoSuite, state: StateReader, commitment: Uint8Array): { height: number; reason: string } | undefined {
  const b = state.getState(erasedKey(suite, commitment));
  if (b === undefined) return undefined;
  const m = readMap(decodeCanonical(b), 'erasure', ['height', 'reason']);
  return { height: readUint(m.height, 'erasure.height'), reason: readString(m.reason, 'erasure.reason', 32) };
}

/** Erases the details of every version of `r` (but `keep`, a commitment the record goes on using). */
export function eraseDetails(suite: CryptoSuite, state: StateOverlay, r: CreditRecord, height: number, reason: ErasureReason, keep: Uint8Array | null = null): number {
  const commitments: Uint8Array[] = [];
  for (let v = 1; v < r.version; v++) {
    const old = readVersion(suite, state, r.id, v);
    if (old?.details != null) commitments.push(old.details);
  }
  if (r.details !== null) commitments.push(r.details);
  let erased = 0;
  const seen = new Set<string>(keep === null ? [] : [toHex(keep)]);
  for (const c of commitments) {
    if (seen.has(toHex(c))) continue;
    seen.add(toHex(c));
    state.eraseSidecar(c);
    state.put(erasedKey(suite, c), encodeCanonical({ height, reason }));
    erased++;
  }
  return erased;
}
