// Builds the console into dist/, which the node serves at / (packages/node/src/console-static.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // @creditchain/core hashes and verifies Ed25519 with node:crypto; in the page, the same calls
    // go to a stand-in on @noble (src/platform/node-crypto.ts), so the SDK's own verifiers run.
    alias: [{ find: /^node:crypto$/, replacement: here('src/platform/node-crypto.ts') }],
  },
  // React's automatic JSX runtime through esbuild: no React plugin needed (the current
  // @vitejs/plugin-react wants Vite 8, which this Node 20 machine's npm does not install).
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The SDK brings every signature algorithm of core (ML-DSA and SLH-DSA among them).
    chunkSizeWarningLimit: 1500,
  },
  // `npm run dev -w @creditchain/console` serves the page with the API of a running node:
  // CREDITCHAIN_URL, or `creditchain dev`'s default address.
  server: { proxy: { '/v1': process.env.CREDITCHAIN_URL ?? 'http://127.0.0.1:7700' } },
});
