// Files dropped on the verifier together: the JSON that is a receipt or a report is the proof,
// any other file the document. Reading a large document as text to find out would be slow and
// pointless, so only .json files of a plausible size are opened.
import { proofKind } from './check-proof.js';

const MAX_PROOF_BYTES = 50 * 1024 * 1024;

export async function sortDropped(files: readonly File[]): Promise<{ proof?: File; document?: File }> {
  const out: { proof?: File; document?: File } = {};
  for (const file of files) {
    let isProof = false;
    if (file.name.toLowerCase().endsWith('.json') && file.size <= MAX_PROOF_BYTES) {
      try {
        isProof = proofKind(JSON.parse(await file.text())) !== undefined;
      } catch {
        // Not JSON: a document like any other.
      }
    }
    if (isProof) out.proof ??= file;
    else out.document ??= file;
  }
  return out;
}
