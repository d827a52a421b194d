// Writes docs/permissions.md from the permission table in
// packages/ledger/src/modules/identity/permissions.ts. Run from the root: npm run docs:permissions
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { permissionsMarkdown, ROLE_ORG_TYPES } from '@creditchain/ledger';

const out = fileURLToPath(new URL('../docs/permissions.md', import.meta.url));
writeFileSync(out, permissionsMarkdown(ROLE_ORG_TYPES));
console.log(`wrote ${out}`);
