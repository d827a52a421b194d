// Writes docs/errors.md from ERROR_CODES in packages/core/src/errors.ts. Run from the root:
//   npm run docs:errors
//   (= npx vite-node --config vitest.config.ts scripts/gen-errors-doc.ts)
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERRORS_DOC_PATH, renderErrorsDoc } from './errors-doc.js';

const out = fileURLToPath(new URL(`../${ERRORS_DOC_PATH}`, import.meta.url));
mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
writeFileSync(out, renderErrorsDoc());
console.log(`wrote ${out}`);
