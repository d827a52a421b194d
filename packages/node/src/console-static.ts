// Serves the web console (packages/console, built by the root `npm run build` into
// packages/console/dist) at /: its files, and index.html for every other GET path that is not
// the API's, so the console's own URLs (/blocks/7, /verify) load it — a single-page app's
// fallback. /v1, /docs and /openapi.json stay the API's: an unknown /v1 path still answers the
// API's JSON 404. Registered by api.ts as an encapsulated plugin: @fastify/static's `sendFile`
// stays inside it. @fastify/static is pinned to 9.x: 10.x needs Node 22 (content-disposition 3).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CreditChainError } from '@creditchain/core';

/** The console's build in this checkout: packages/console/dist, beside this package. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

// Paths that belong to the API and its documentation, never to the console.
const API_PATH = /^\/(v1|docs|openapi\.json)(\/|$)/;
// A path whose last segment has an extension asks for a file: a missing one is a 404, not the page.
const FILE_PATH = /\/[^/]*\.[A-Za-z0-9]+$/;

export default async function consoleStatic(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? CONSOLE_DIST;
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, () => {
      throw new CreditChainError('API_NOT_FOUND', 'The web console is not built in this checkout: run npm run build at the repository root, then start the node again.');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    // Only reply.sendFile: the route below decides what each path gets, so a console rebuilt
    // while the node runs is served at once.
    serve: false,
    // Vite names assets by content hash, so they never change: cached for good. index.html
    // names the current assets, so it is checked every time.
    setHeaders: (res, path) => res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    cacheControl: false,
  });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (API_PATH.test(path)) return reply.callNotFound();
    // A missing file gets the API's JSON 404 (@fastify/static calls the not-found handler).
    return reply.sendFile(FILE_PATH.test(path) ? path : 'index.html'); // send decodes it, and refuses to leave root
  });
}
