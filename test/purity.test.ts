// core and ledger are pure: no I/O, no clock, no randomness (DESIGN.md, principle 1). A file
// that imports an I/O module or reads the wall clock or a random source fails this test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN: Array<[RegExp, string]> = [
  [/from ['"](node:)?(fs|fs\/promises|net|http|https|http2|dgram|child_process|worker_threads|timers|os|dns|tls|cluster|readline)['"]/, 'an I/O module'],
  [/\bDate\.now\s*\(/, 'the wall clock (Date.now)'],
  [/new Date\(\s*\)/, 'the wall clock (new Date())'],
  [/\bperformance\.now\s*\(/, 'the wall clock (performance.now)'],
  [/\bMath\.random\s*\(/, 'randomness (Math.random)'],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'timers'],
  [/\bprocess\.(env|argv|hrtime|stdout|stderr)/, 'the process environment'],
  [/\bgetRandomValues\s*\(|randomBytes\s*\(/, 'randomness'],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('pure packages', () => {
  for (const pkg of ['core', 'ledger']) {
    it(`packages/${pkg} has no I/O, clock or randomness`, () => {
      const found: string[] = [];
      for (const file of sources(join('packages', pkg, 'src'))) {
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (/^\s*(\/\/|\*)/.test(line)) return;
          for (const [re, what] of FORBIDDEN) if (re.test(line)) found.push(`${file}:${i + 1} uses ${what}: ${line.trim()}`);
        });
      }
      expect(found).toEqual([]);
    });
  }
});
