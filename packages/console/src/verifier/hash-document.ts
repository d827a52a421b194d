// A document's hash, computed in the browser: the content is never uploaded. The hash is the
// receipt's suite's: SHA-256 (intl) with WebCrypto where the page has it — WebCrypto exists only
// in secure contexts (https, or http on localhost), so over plain http to another address noble's
// SHA-256 does it — and SM3 (gm) with the console's own SM3, fed the file in chunks.
import { sha256 } from '@noble/hashes/sha2.js';
import { sm3 } from '../platform/sm3.js';

async function streamed(file: Blob, hasher: { update(b: Uint8Array): unknown; digest(): Uint8Array }): Promise<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return hasher.digest();
    hasher.update(value);
  }
}

export async function hashDocument(file: Blob, suite: string): Promise<Uint8Array> {
  if (suite === 'gm') return streamed(file, sm3.create());
  if (suite !== 'intl') throw new Error(`The crypto suite "${suite}" is not known to this console.`);
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined) return new Uint8Array(await subtle.digest('SHA-256', await file.arrayBuffer()));
  return streamed(file, sha256.create());
}
