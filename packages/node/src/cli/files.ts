// Reading the user's files: streaming document hashes, JSON files, small text files. Errors
// come back as sentences naming the file (CLI_FILE_ERROR).
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CryptoSuite } from '@creditchain/core';
import { fileError } from './output.js';

/** The node:crypto name of each suite's hash, for hashing files of any size in a stream. */
const STREAMING_HASH: Readonly<Record<string, string>> = { intl: 'sha256' };

/** The document hash of a file under the chain's suite, read in a stream (any size). */
export async function hashFile(path: string, suite: CryptoSuite): Promise<Uint8Array> {
  const algorithm = STREAMING_HASH[suite.id];
  try {
    if (algorithm === undefined) return suite.hash(new Uint8Array(await readFile(path)));
    const h = createHash(algorithm);
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
    return new Uint8Array(h.digest());
  } catch (e) {
    throw fileError(e, path, 'read');
  }
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw fileError(e, path, 'read');
  }
}

export function readJsonFile(path: string, what: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch {
    throw fileError(new Error(`it is not JSON, so not ${what}`), path, 'read');
  }
}

export function writeJsonFile(path: string, json: unknown, mode?: number): void {
  try {
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`, mode === undefined ? {} : { mode });
  } catch (e) {
    throw fileError(e, path, 'write');
  }
}
