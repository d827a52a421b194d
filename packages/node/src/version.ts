// The version of the node package, as its package.json says (src/ and dist/ are one level below it).
import { readFileSync } from 'node:fs';

export function nodeVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
