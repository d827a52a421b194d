// Offline verification of a voucher trace (GET /v1/vouchers/:id/trace): the checkpoint's
// signature, every state entry's proof, and then the trace rebuilt from the proven entries with
// the ledger's own buildVoucherTrace, which must be the very trace in the file. Nothing the node
// said is trusted beyond the checkpoint signature.
import { CreditChainError, getSuite } from '@creditchain/core';
import { buildVoucherTrace, type VoucherTrace } from '@creditchain/ledger';
import { openProvenEntries, sameJson } from './proven-entries.js';
import type { ValidatorKey } from './quorum.js';
import { VOUCHER_TRACE_FILE_TYPE, type VoucherTraceFile } from './voucher-routes.js';

export interface VerifiedVoucherTrace {
  readonly trace: VoucherTrace;
  readonly chainId: string;
  readonly height: number;
  readonly signedBy: readonly string[];
  readonly entries: number;
}

function fail(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('VOUCHER_TRACE_INVALID', message, details);
}

/**
 * Verifies a voucher trace file offline. `trustedKeys` are note verifier keys (by default the
 * key the file names, which proves the trace intact and consistent, not who signed it);
 * `validators` a network's validator keys. Throws VOUCHER_TRACE_INVALID (or PROOF_INVALID from
 * the signature check) saying which link failed.
 */
export function verifyVoucherTrace(json: unknown, opts: { trustedKeys?: readonly string[]; validators?: readonly ValidatorKey[] } = {}): VerifiedVoucherTrace {
  const f = json as Partial<VoucherTraceFile> | null;
  if (f === null || typeof f !== 'object' || f.type !== VOUCHER_TRACE_FILE_TYPE) fail(`This is not a CreditChain voucher trace (its "type" should be "${VOUCHER_TRACE_FILE_TYPE}").`);
  if (typeof f.chainId !== 'string' || typeof f.suite !== 'string' || typeof f.verifierKey !== 'string' || f.trace === undefined) fail('The trace file lacks chainId, suite, verifierKey or trace.');
  const opened = openProvenEntries(f as VoucherTraceFile, opts, 'trace', fail);
  const id = (f.trace as { voucher?: unknown }).voucher;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) fail('The trace names no voucher.');
  let rebuilt: VoucherTrace;
  try {
    rebuilt = buildVoucherTrace(getSuite(f.suite), opened.state, id);
  } catch (e) {
    return fail(`The trace cannot be rebuilt from its proof: ${(e as Error).message}.`);
  }
  if (!sameJson(rebuilt, f.trace)) fail('The trace does not match the proven state: a voucher, a movement or the class differs from what the chain holds.');
  return { trace: rebuilt, chainId: f.chainId, height: opened.height, signedBy: opened.signedBy, entries: opened.entries };
}
