// Writes test/vectors/protocol/vectors.json. Run from the repository root:
//   npm run vectors:protocol
//   (= npx vite-node --config vitest.config.ts test/vectors/protocol/generate.ts)
// The config maps @creditchain/* to the TypeScript sources, as the tests do, so no build is needed.
// Review the diff before committing: any change in the file is a change of the wire format.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderProtocolVectors } from './build.js';

const out = fileURLToPath(new URL('./vectors.json', import.meta.url));
writeFileSync(out, renderProtocolVectors());
console.log(`wrote ${out}`);
