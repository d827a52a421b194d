// The sidecar files: atomic, durable writes; shredding overwrites a file in place before it is
// unlinked; a failed write leaves nothing behind; the start-up sweep keeps only live files.
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSuite, toHex } from '@creditchain/core';
import { encodeSidecar, makeSidecar } from '@creditchain/sdk';
import { shredFile, SidecarStore } from './sidecar-store.js';
import type { DeliveredSidecar } from './sidecars.js';

const suite = getSuite('intl');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cc-sidecar-store-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function sidecar(text: string): DeliveredSidecar {
  const s = makeSidecar(suite, { name: text });
  return { commitment: s.commitment, bytes: encodeSidecar(s) };
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('SidecarStore', () => {
  it('writes one file per sidecar under sidecars/<first two hex digits>/<commitment hex>, mode 0600, and reads it back', () => {
    const store = new SidecarStore(join(root, 'db'));
    const a = sidecar('a');
    const b = sidecar('b');
    expect(store.writeAll([a, b]).map(toHex)).toEqual([a, b].map((s) => toHex(s.commitment)));
    const hex = toHex(a.commitment);
    expect(store.fileOf(a.commitment)).toBe(join(root, 'db', 'sidecars', hex.slice(0, 2), hex));
    expect(store.read(a.commitment)).toEqual(a.bytes);
    expect(store.read(b.commitment)).toEqual(b.bytes);
    expect(store.read(sidecar('never written').commitment)).toBeUndefined();
    expect(filesUnder(store.dir)).toHaveLength(2); // no temp file left
    if (process.platform !== 'win32') expect(statSync(store.fileOf(a.commitment)).mode & 0o777).toBe(0o600);
  });

  it('leaves a file that already holds the same bytes alone (same inode), and replaces a damaged one', () => {
    const store = new SidecarStore(root);
    const a = sidecar('a');
    store.writeAll([a]);
    const ino = statSync(store.fileOf(a.commitment)).ino;
    expect(store.writeAll([a])).toEqual([]);
    expect(statSync(store.fileOf(a.commitment)).ino).toBe(ino);
    writeFileSync(store.fileOf(a.commitment), 'damaged');
    expect(store.writeAll([a])).toHaveLength(1);
    expect(store.read(a.commitment)).toEqual(a.bytes);
  });

  it('shreds a file in place: the same inode holds only zeros of its length, then the name is gone', () => {
    const store = new SidecarStore(root);
    const a = sidecar(`SHRED-ME ${'x'.repeat(65_518)}`); // a payload at its 64 KiB limit: a file longer than one block of zeros
    expect(a.bytes.length).toBeGreaterThan(65_536);
    store.writeAll([a]);
    const file = store.fileOf(a.commitment);
    const witness = join(root, 'witness'); // a second name for the inode, to look at it afterwards
    linkSync(file, witness);
    expect(store.shredAll([a.commitment])).toEqual([]);
    expect(existsSync(file)).toBe(false);
    const after = readFileSync(witness);
    expect(after.length).toBe(a.bytes.length);
    expect(after.every((b) => b === 0)).toBe(true);
    expect(shredFile(file)).toBe(false);
    expect(store.shredAll([a.commitment])).toEqual([]); // shredding twice is harmless
  });

  it('shreds the files it created when a write fails, and keeps none', () => {
    const store = new SidecarStore(root);
    const ok = sidecar('first');
    let bad = sidecar('second');
    while (toHex(bad.commitment).slice(0, 2) === toHex(ok.commitment).slice(0, 2)) bad = sidecar('second');
    writeFileSync(dirname(store.fileOf(bad.commitment)), 'not a directory'); // its fan-out directory cannot be made
    expect(() => store.writeAll([ok, bad])).toThrow();
    expect(existsSync(store.fileOf(ok.commitment))).toBe(false);
  });

  it('sweeps: keeps the live files, shreds the others, leftover temp files and stray files', () => {
    const store = new SidecarStore(root);
    const live = sidecar('live');
    const orphan = sidecar('orphan');
    store.writeAll([live, orphan]);
    writeFileSync(store.fileOf(live.commitment) + '.tmp', 'half a write');
    writeFileSync(join(store.dir, 'stray'), 'stray');
    mkdirSync(join(store.dir, 'zz'));
    writeFileSync(join(store.dir, 'zz', 'not-hex'), 'x');
    const result = store.sweep((hex) => hex === toHex(live.commitment));
    expect(result).toEqual({ kept: 1, shredded: 4 });
    const hex = toHex(live.commitment);
    expect(filesUnder(store.dir)).toEqual([join(hex.slice(0, 2), hex)]);
    expect(store.read(live.commitment)).toEqual(live.bytes);
    expect(readFileSync(store.fileOf(live.commitment)).includes('live')).toBe(true);
  });
});
