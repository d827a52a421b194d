import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashDocument } from './hash-document.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('hashDocument', () => {
  const content = new Uint8Array(200_000).map((_, i) => (i * 31) % 251);
  const file = new Blob([content]);

  it('SHA-256 for intl, SM3 for gm, as OpenSSL computes them', async () => {
    expect(hex(await hashDocument(file, 'intl'))).toBe(hash('sha256', content));
    expect(hex(await hashDocument(file, 'gm'))).toBe(hash('sm3', content));
  });

  it('refuses a suite it does not know', async () => {
    await expect(hashDocument(file, 'xyz')).rejects.toThrow(/not known/);
  });
});
