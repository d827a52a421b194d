// A credit report as a file: the report, and the state entries it was built from, each with a
// proof to the state root of a signed checkpoint. `verifyReport` checks it offline: the
// checkpoint's signature, every entry's proof, and then it rebuilds the report from the proven
// entries with the ledger's own report function and requires the very same report. Nothing the
// node said is trusted beyond the checkpoint signature.
//
//   {"type": "creditchain/credit-report", "chainId", "suite", "verifierKey",
//    "report": ReportBody,
//    "proof": {"height", "stateRoot", "checkpoint", "entries": [{"key", "value" | null}], "multiproof"}}
//
// (A file made before multiproofs has a "proof" in each entry instead, and still verifies.)
import { CreditChainError, fromHex, getSuite } from '@creditchain/core';
import { buildReport, type ReportBody } from '@creditchain/ledger';
import { openProvenEntries, sameJson, type ProvenEntries } from './proven-entries.js';
import type { ValidatorKey } from './quorum.js';

export const REPORT_FILE_TYPE = 'creditchain/credit-report';

export interface ProvenEntry {
  readonly key: string;
  readonly value: string | null;
  /** The entry's own state proof (hex): files made before multiproofs carry one per entry. */
  readonly proof?: string;
}

export interface ReportFile {
  readonly type: typeof REPORT_FILE_TYPE;
  readonly chainId: string;
  readonly suite: string;
  /** The note verifier key of the node that signed the checkpoint. */
  readonly verifierKey: string;
  readonly report: ReportBody;
  readonly proof?: ProvenEntries;
}

export interface VerifiedReport {
  readonly report: ReportBody;
  readonly chainId: string;
  readonly height: number;
  readonly signedBy: readonly string[];
  readonly entries: number;
}

function fail(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('REPORT_INVALID', message, details);
}

/**
 * Verifies a report file offline. `trustedKeys` are note verifier keys; by default the key the
 * file names is trusted — which proves the report is intact and consistent, not who signed it:
 * pass the network's keys to prove that too. Returns what is proven, or throws REPORT_INVALID
 * (or PROOF_INVALID from the signature check) saying which link failed.
 */
export function verifyReport(json: unknown, opts: { trustedKeys?: readonly string[]; validators?: readonly ValidatorKey[] } = {}): VerifiedReport {
  const f = json as Partial<ReportFile> | null;
  if (f === null || typeof f !== 'object' || f.type !== REPORT_FILE_TYPE) fail(`This is not a CreditChain credit report (its "type" should be "${REPORT_FILE_TYPE}").`);
  if (typeof f.chainId !== 'string' || typeof f.suite !== 'string' || typeof f.verifierKey !== 'string' || f.report === undefined) fail('The report file lacks chainId, suite, verifierKey or report.');
  if (f.proof === undefined || f.proof === null) fail('The report carries no proof; ask for it with prove=true (creditchain report … --out FILE does).');
  const suite = getSuite(f.suite);
  // 1–2. The checkpoint, and every entry proven against its state root.
  const opened = openProvenEntries(f as ReportFile, opts, 'report', fail);
  // 3. The report: rebuilt from the proven entries alone, it must be the report in the file.
  let subject: Uint8Array;
  try {
    subject = fromHex(String(f.report.subject), 32);
  } catch {
    return fail('The report subject is not a 32-byte reference in hex.');
  }
  let rebuilt: ReportBody;
  try {
    const query = (f.report as { query?: { id?: unknown } }).query?.id;
    rebuilt = buildReport(
      suite,
      subject,
      (k) => opened.state.getState(k),
      // The proof's height: the one its signed checkpoint names.
      typeof query === 'number' ? { query, height: opened.height } : { height: opened.height },
    );
  } catch (e) {
    return fail(`The report cannot be rebuilt from its proof: ${(e as Error).message}.`);
  }
  if (!sameJson(rebuilt, f.report)) {
    fail('The report does not match the proven state: a record, the score or another field differs from what the chain holds.');
  }
  return { report: rebuilt, chainId: f.chainId, height: opened.height, signedBy: opened.signedBy, entries: opened.entries };
}
