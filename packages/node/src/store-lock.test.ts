// One node per store: a second open is refused with a sentence; a lock left by a dead process is taken over.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Storage } from './storage.js';

const dir = mkdtempSync(join(tmpdir(), 'cc-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the store lock', () => {
  it('refuses a second open of the same store, and allows it once the first is closed', async () => {
    const first = new Storage(join(dir, 'a'));
    expect(() => new Storage(join(dir, 'a'))).toThrow(expect.objectContaining({ code: 'NODE_BAD_CONFIG', message: expect.stringContaining('already open in this process') }));
    await first.close();
    const again = new Storage(join(dir, 'a'));
    await again.close();
  });

  it('takes over a lock whose process is gone (a crash)', async () => {
    const path = join(dir, 'b');
    await new Storage(path).close();
    writeFileSync(join(path, 'node.lock'), '2147483646\n'); // no such process
    await new Storage(path).close();
    writeFileSync(join(path, 'node.lock'), `${process.pid}\n`); // an earlier process with our pid (a container's pid 1)
    await new Storage(path).close();
  });
});
