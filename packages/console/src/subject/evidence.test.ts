import { describe, expect, it } from 'vitest';
import { getSuite } from '@creditchain/core';
import { documentEvidence } from './evidence.js';

describe('evidence from a file chosen in the page', () => {
  it('is the payload the CLI makes of the same file (cli/evidence.ts): its hash under the suite, and its name', async () => {
    const content = new TextEncoder().encode('Paid in full on 2026-11-30.\n');
    const file = new File([content], 'statement.pdf');
    for (const suite of ['intl', 'gm']) {
      const e = await documentEvidence(file, suite);
      expect(e.payload).toEqual({ document: getSuite(suite).hash(content), name: 'statement.pdf' });
      expect(e.hash).toEqual(getSuite(suite).hash(content));
    }
  });
});
