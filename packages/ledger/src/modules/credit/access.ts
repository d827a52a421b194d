// Who may read what of the credit module (the API enforces it on signed reads):
//   the subject itself (its own account) — all its records, details and its report;
//   regulators (any account of a regulator organisation) — everything;
//   a record's source organisation — its own records and their details, nothing else.
// Queriers with the subject's consent come with the consent module.
import { equalBytes, type CryptoSuite } from '@creditchain/core';
import type { StateReader } from '../../overlay.js';
import { readOrg, type Account } from '../identity/state.js';

export type ReaderRelation = 'subject' | 'regulator' | 'member' | 'other-subject';

export function readerRelation(suite: CryptoSuite, state: StateReader, reader: Account, subject: Uint8Array): ReaderRelation {
  if (reader.subject !== null) return equalBytes(reader.subject, subject) ? 'subject' : 'other-subject';
  const org = reader.org === null ? undefined : readOrg(suite, state, reader.org);
  return org?.type === 'regulator' && org.status === 'active' ? 'regulator' : 'member';
}

/** May `reader` read a record (and its details) about `subject` sourced by `source`? */
export function mayReadRecord(suite: CryptoSuite, state: StateReader, reader: Account, subject: Uint8Array, source: string): boolean {
  const relation = readerRelation(suite, state, reader, subject);
  return relation === 'subject' || relation === 'regulator' || (relation === 'member' && reader.org === source);
}

/** May `reader` read the whole report of `subject`? */
export function mayReadReport(suite: CryptoSuite, state: StateReader, reader: Account, subject: Uint8Array): boolean {
  const relation = readerRelation(suite, state, reader, subject);
  return relation === 'subject' || relation === 'regulator';
}
