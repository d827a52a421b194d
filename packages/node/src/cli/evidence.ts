// Evidence files of the subjects'-rights commands — a signed authorisation, a bank statement, a
// payment receipt, a court order: the file's hash and name become a sidecar (its commitment goes
// on chain, the sidecar to the node beside the transaction); the file itself stays here, as with
// `subject bind`. And the subject a command is about: named, or the reader's own.
import { basename } from 'node:path';
import type { CborMap, CryptoSuite } from '@creditchain/core';
import { fromHex } from '@creditchain/core';
import type { CreditChainClient } from '@creditchain/sdk';
import { hashFile } from './files.js';
import { badArgument } from './output.js';
import { subjectRefOf, type SubjectOptions } from './records.js';

/** The sidecar payload of an evidence file: {document: its hash under the chain's suite, name}. */
export async function documentEvidence(path: string, suite: CryptoSuite): Promise<CborMap> {
  return { document: await hashFile(path, suite), name: basename(path) };
}

/** The subject named by --subject/--ref (or `positional`), else the reader's own when it is a subject's account. */
export async function namedOrOwnSubject(opts: SubjectOptions, client: CreditChainClient, reader: string, positional?: string): Promise<Uint8Array> {
  if (positional !== undefined || opts.subject !== undefined || opts.ref !== undefined) return subjectRefOf(opts, positional);
  const own = (await client.account(reader)).subject;
  if (own === null) throw badArgument(`Name the subject with --subject ID or --ref HEX: "${reader}" is an organisation's account, not a subject's.`);
  return fromHex(own, 32);
}

/** "2026-12-16T00:00:00.000Z" → "2026-12-16 00:00 UTC" */
export function shownTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
