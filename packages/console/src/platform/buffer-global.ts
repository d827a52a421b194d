// @creditchain/core converts bytes with Node's global `Buffer` (hex, base64, latin1 map keys,
// UTF-8 comparison in canonical.ts). A browser has none; the `buffer` package is the same API.
// Imported first by main.tsx, before anything of core runs.
import { Buffer } from 'buffer';

const g = globalThis as { Buffer?: unknown };
g.Buffer ??= Buffer;
