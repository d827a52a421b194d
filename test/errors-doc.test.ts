// docs/errors.md is generated from ERROR_CODES; this fails when it is stale, and when the source
// raises a code that ERROR_CODES does not list.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@creditchain/core';
import { ERRORS_DOC_COMMAND, ERRORS_DOC_PATH, ERRORS_SOURCE_PATH, renderErrorsDoc } from '../scripts/errors-doc.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

describe('docs/errors.md', () => {
  it('is up to date with ERROR_CODES', () => {
    let doc = '';
    try {
      doc = readFileSync(join(root, ERRORS_DOC_PATH), 'utf8');
    } catch {
      // compared below, so the message says what to do
    }
    expect(doc === renderErrorsDoc(), `${ERRORS_DOC_PATH} is out of date with ERROR_CODES in ${ERRORS_SOURCE_PATH}. Regenerate it with \`${ERRORS_DOC_COMMAND}\` and commit the result.`).toBe(true);
  });

  it('lists every code, once', () => {
    const doc = renderErrorsDoc();
    for (const code of Object.keys(ERROR_CODES)) expect(doc.split(`\`${code}\` |`).length - 1, code).toBe(1);
  });
});

describe('error codes used in the source', () => {
  const packagesDir = join(root, 'packages');
  const files = readdirSync(packagesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      try {
        return sourceFiles(join(packagesDir, d.name, 'src'));
      } catch {
        return [];
      }
    });
  // `new CreditChainError('X', …)`, and error bodies or results built by hand: `{ code: 'X', message: … }`.
  const patterns = [/new\s+CreditChainError\(\s*['"`]([A-Za-z0-9_]+)['"`]/g, /\{\s*code:\s*['"`]([A-Za-z0-9_]+)['"`],\s*message:/g];
  const uses: Array<{ code: string; where: string }> = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) {
      for (const m of text.matchAll(re)) {
        const line = text.slice(0, m.index).split('\n').length;
        uses.push({ code: m[1]!, where: `${file.slice(root.length)}:${line}` });
      }
    }
  }

  it('are found (the scan works)', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(uses.length).toBeGreaterThan(50);
  });

  it('are all listed in ERROR_CODES', () => {
    const unknown = uses.filter((u) => !Object.hasOwn(ERROR_CODES, u.code)).map((u) => `${u.code} at ${u.where}`);
    expect(unknown, `add these codes to ERROR_CODES in ${ERRORS_SOURCE_PATH}, then run \`${ERRORS_DOC_COMMAND}\``).toEqual([]);
  });
});
