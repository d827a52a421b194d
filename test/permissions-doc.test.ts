// docs/permissions.md is generated from the permission table; it must match it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listActions, permissionOf, permissionsMarkdown, ROLE_ORG_TYPES } from '@creditchain/ledger';

describe('docs/permissions.md', () => {
  it('is up to date with the permission table', () => {
    const doc = readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8');
    expect(doc === permissionsMarkdown(ROLE_ORG_TYPES), 'docs/permissions.md is out of date: run `npm run docs:permissions` and commit it.').toBe(true);
  });

  it('covers every action the ledger executes', () => {
    for (const a of listActions()) expect(permissionOf(`${a.module}.${a.action}`), `${a.module}.${a.action}`).toBeDefined();
  });
});
