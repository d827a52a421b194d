// Looking for personal data in a node's data directory: the erasure tests check that an erased
// sidecar's marker is in no byte of any file — the store, the sidecar files, the logs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `root`, recursively, whose bytes hold `needle` (UTF-8); a file removed during the walk is passed over. */
export function filesHolding(root: string, needle: string): string[] {
  const want = Buffer.from(needle, 'utf8');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => {
      try {
        return readFileSync(file).includes(want);
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return false; // a running node's own files come and go
        throw e;
      }
    });
}
