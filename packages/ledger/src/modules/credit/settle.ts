// What an upheld objection, an arbiter's decision or an approved repair does to a record: a new
// version (the old one kept as history), the disputed flag cleared, and the details the law says
// must go erased on every node.
import { CreditChainError } from '@creditchain/core';
import type { ActionContext } from '../../action.js';
import { expiryOf } from './actions.js';
import { requireCategory } from './categories.js';
import { dayOf } from './dates.js';
import { eraseDetails, type ErasureReason } from './erasure.js';
import { enqueueExpiry, writeRecord, writeVersion, type CreditRecord } from './records.js';

export interface RecordChanges {
  readonly occurred?: string;
  readonly ended?: string | null;
  readonly amountBand?: number;
  readonly publicityDays?: number | null;
}

export type Settlement =
  | { readonly outcome: 'revoke' }
  | { readonly outcome: 'correct'; readonly changes: RecordChanges }
  | { readonly outcome: 'confirm' }
  | { readonly outcome: 'repair' };

/** Applies a settlement to the current version of `r`; returns the record as it now stands. */
export function settleRecord(ctx: ActionContext, r: CreditRecord, s: Settlement, reason: string, erasure: ErasureReason): CreditRecord {
  if (s.outcome === 'confirm') {
    const next = { ...r, disputed: false };
    writeRecord(ctx.suite, ctx.state, next);
    return next;
  }
  const base = { ...r, version: r.version + 1, submitter: ctx.sender, submitted: ctx.height, reason, disputed: false, tx: ctx.txId, logIndex: ctx.logIndex };
  let next: CreditRecord;
  if (s.outcome === 'correct') {
    const merged = { ...base, ...s.changes };
    if (merged.ended !== null && merged.ended < merged.occurred) {
      throw new CreditChainError('RECORD_BAD_DATE', `The corrected record cannot end (${merged.ended}) before it occurred (${merged.occurred}).`);
    }
    const expiresAt = expiryOf(requireCategory(ctx.suite, ctx.state, r.category), merged);
    const expired = expiresAt !== null && expiresAt <= ctx.time;
    next = { ...merged, expiresAt, status: expired ? 'expired' : 'published', reviewer: ctx.sender, reviewed: ctx.height };
    if (!expired && expiresAt !== null) enqueueExpiry(ctx.suite, ctx.state, dayOf(expiresAt), r.id);
  } else {
    next = { ...base, status: s.outcome === 'revoke' ? 'revoked' : 'repaired' };
  }
  writeVersion(ctx.suite, ctx.state, r);
  writeRecord(ctx.suite, ctx.state, next);
  // A revoked or repaired record loses all its details; a corrected one those of its wrong versions.
  eraseDetails(ctx.suite, ctx.state, next, ctx.height, erasure, s.outcome === 'correct' ? next.details : null);
  return next;
}
