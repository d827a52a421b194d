// The verifier's decision, apart from the page: which kind of proof file it was given, whose
// signatures to trust, and the SDK's verdict — verifyReceipt for an evidence receipt,
// verifyReport for a credit report. Nothing here fetches; the page gathers the keys first.
import { CreditChainError, getSuite, parseVerifierKey } from '@creditchain/core';
import { RECEIPT_TYPE, REPORT_FILE_TYPE, verifyReceipt, verifyReport, type ReceiptProof, type ValidatorKey, type VerifiedReport } from '@creditchain/sdk';

export type ProofKind = 'receipt' | 'report';

export function proofKind(json: unknown): ProofKind | undefined {
  const type = (json as { type?: unknown } | null)?.type;
  if (type === RECEIPT_TYPE) return 'receipt';
  if (type === REPORT_FILE_TYPE) return 'report';
  return undefined;
}

export type TrustChoice = 'node' | 'validators' | 'pasted' | 'embedded';

/** Whose signatures the verdict rests on. */
export type Trust =
  | { readonly kind: 'node' | 'pasted'; readonly keys: readonly string[] }
  | { readonly kind: 'validators'; readonly validators: readonly ValidatorKey[] }
  | { readonly kind: 'embedded' };

export function trustFrom(choice: TrustChoice, sources: { nodeKey?: string; validators?: readonly ValidatorKey[]; pasted?: string }): Trust {
  switch (choice) {
    case 'node':
      if (sources.nodeKey === undefined) throw new CreditChainError('CRYPTO_BAD_KEY', 'The node’s checkpoint key could not be read; paste a verifier key instead.');
      return { kind: 'node', keys: [sources.nodeKey] };
    case 'validators':
      if (sources.validators === undefined || sources.validators.length === 0) throw new CreditChainError('CRYPTO_BAD_KEY', 'This node names no validators (it is a solo node): trust its checkpoint key, or paste one.');
      return { kind: 'validators', validators: sources.validators };
    case 'pasted': {
      const key = (sources.pasted ?? '').trim();
      parseVerifierKey(key); // a bad key is refused here, with its own message
      return { kind: 'pasted', keys: [key] };
    }
    case 'embedded':
      return { kind: 'embedded' };
  }
}

function sdkTrust(trust: Trust): { trustedKeys?: readonly string[]; validators?: readonly ValidatorKey[] } {
  if (trust.kind === 'validators') return { validators: trust.validators };
  if (trust.kind === 'embedded') return {};
  return { trustedKeys: trust.keys };
}

export type Verdict =
  | { readonly kind: 'receipt'; readonly proof: ReceiptProof; readonly documentChecked: boolean; readonly hashName: string }
  | { readonly kind: 'report'; readonly report: VerifiedReport };

/** Verifies a parsed proof file; throws the SDK's CreditChainError saying which link failed. */
export function checkProof(json: unknown, trust: Trust, documentHash?: Uint8Array): Verdict {
  const kind = proofKind(json);
  if (kind === 'report') return { kind, report: verifyReport(json, sdkTrust(trust)) };
  if (kind === undefined) throw new CreditChainError('RECEIPT_MALFORMED', 'This JSON is neither a CreditChain evidence receipt nor a credit report.');
  const proof = verifyReceipt(json, { ...sdkTrust(trust), ...(documentHash === undefined ? {} : { documentHash }) });
  return { kind, proof, documentChecked: documentHash !== undefined, hashName: getSuite((json as { suite: string }).suite).hashName };
}
