// An evidence file of a subject's request — a bank statement, a payment receipt: hashed in this
// browser under the chain's suite; its hash and name become the sidecar payload, exactly as the
// CLI makes it (packages/node/src/cli/evidence.ts, documentEvidence), and the file is never sent.
import type { CborMap } from '@creditchain/core';
import { hashDocument } from '../verifier/hash-document.js';

export interface Evidence {
  /** The sidecar payload: {document: hash, name}. */
  readonly payload: CborMap;
  readonly hash: Uint8Array;
  readonly name: string;
}

export async function documentEvidence(file: File, suite: string): Promise<Evidence> {
  const hash = await hashDocument(file, suite);
  return { payload: { document: hash, name: file.name }, hash, name: file.name };
}
