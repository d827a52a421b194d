// A credit report as a file: the report, and the state entries it was built from, each with a
// proof to the state root of a signed checkpoint. `verifyReport` checks it offline: the
// checkpoint's signature, every entry's proof, and then it rebuilds the report from the proven
// entries with the ledger's own report function and requires the very same report. Nothing the
// node said is trusted beyond the checkpoint signature.
//
//   {"type": "creditchain/credit-report", "chainId", "suite", "verifierKey",
//    "report": ReportBody,
//    "proof": {"height", "stateRoot", "checkpoint", "entries": [{"key", "value" | null, "proof"}]}}
import {
  CreditChainError,
  decodeStateProof,
  encodeCanonical,
  equalBytes,
  fromHex,
  getSuite,
  openNote,
  parseCheckpoint,
  toHex,
  verifyStateProofValue,
  type CborValue,
} from '@creditchain/core';
import { buildReport, type ReportBody } from '@creditchain/ledger';
import { openQuorumNote, type ValidatorKey } from './quorum.js';
import { checkpointOrigin } from './receipt.js';

export const REPORT_FILE_TYPE = 'creditchain/credit-report';

export interface ProvenEntry {
  readonly key: string;
  readonly value: string | null;
  readonly proof: string;
}

export interface ReportFile {
  readonly type: typeof REPORT_FILE_TYPE;
  readonly chainId: string;
  readonly suite: string;
  /** The note verifier key of the node that signed the checkpoint. */
  readonly verifierKey: string;
  readonly report: ReportBody;
  readonly proof?: {
    readonly height: number;
    readonly stateRoot: string;
    readonly checkpoint: string;
    readonly entries: readonly ProvenEntry[];
  };
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
  if (f.proof === undefined) fail('The report carries no proof; ask for it with prove=true (creditchain report … --out FILE does).');
  const suite = getSuite(f.suite);
  const p = f.proof;
  if (!Array.isArray(p.entries) || typeof p.checkpoint !== 'string') fail('The proof lacks its checkpoint or entries.');
  // 1. The checkpoint: signed by a trusted key, for this chain, naming this height and state root.
  const opened = opts.validators !== undefined ? openQuorumNote(p.checkpoint, opts.validators) : openNote(p.checkpoint, opts.trustedKeys ?? [f.verifierKey]);
  // The key the file names must have signed too, so no part of the file goes unchecked.
  if (opts.trustedKeys !== undefined || opts.validators !== undefined) {
    try {
      openNote(p.checkpoint, [f.verifierKey]);
    } catch {
      fail(`The report names the verifier key ${f.verifierKey.slice(0, 40)}…, which did not sign its checkpoint.`);
    }
  }
  const cp = parseCheckpoint(opened.text);
  if (cp.origin !== checkpointOrigin(f.chainId)) fail(`The checkpoint is for "${cp.origin}", not chain "${f.chainId}".`);
  if (cp.stateRoot === undefined || cp.height === undefined) fail('The checkpoint names no state root, so it cannot prove a report.');
  let root: Uint8Array;
  try {
    root = fromHex(String(p.stateRoot), 32);
  } catch {
    return fail('The proof state root is not 32 bytes of hex.');
  }
  if (!equalBytes(cp.stateRoot, root) || cp.height !== p.height) fail(`The proof claims the state of height ${String(p.height)}, but the signed checkpoint is for height ${cp.height} with another state root.`);
  // 2. Every entry: its value (or absence) proven against that root.
  const proven = new Map<string, Uint8Array | undefined>();
  p.entries.forEach((e, i) => {
    let key: Uint8Array;
    let value: Uint8Array | null;
    try {
      key = fromHex(String(e.key), 32);
      value = e.value === null ? null : fromHex(String(e.value));
      if (!verifyStateProofValue(suite.hash, root, key, value, decodeStateProof(fromHex(String(e.proof))))) throw new Error('no');
    } catch {
      return fail(`State entry ${i} (${String(e?.key)}) is not proven: its proof does not lead to the signed state root.`, { entry: i });
    }
    proven.set(toHex(key), value ?? undefined);
  });
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
      (k) => {
        const hex = toHex(k);
        if (!proven.has(hex)) throw new Error(`state entry ${hex} is not in the proof`);
        return proven.get(hex);
      },
      // The proof's height: the one its signed checkpoint names.
      typeof query === 'number' ? { query, height: p.height as number } : { height: p.height as number },
    );
  } catch (e) {
    return fail(`The report cannot be rebuilt from its proof: ${(e as Error).message}.`);
  }
  const canon = (v: unknown) => {
    try {
      return encodeCanonical(JSON.parse(JSON.stringify(v)) as CborValue);
    } catch {
      return new Uint8Array(0); // not even encodable: cannot equal the rebuilt report
    }
  };
  if (!equalBytes(canon(rebuilt), canon(f.report))) {
    fail('The report does not match the proven state: a record, the score or another field differs from what the chain holds.');
  }
  return { report: rebuilt, chainId: f.chainId, height: cp.height, signedBy: opened.verifiedBy, entries: p.entries.length };
}
