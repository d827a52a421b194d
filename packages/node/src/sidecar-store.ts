// The files that hold sidecars: one file per sidecar, `<store dir>/sidecars/<ab>/<hex>`, where
// <hex> is the commitment in hex and <ab> its first two digits. The contents are canon({salt,
// payload}) and nothing else; the LMDB store holds only which commitments are stored or erased.
//
// Why files and not LMDB: LMDB is copy-on-write, so a deleted value stays in freed pages of
// data.mdb until they are reused, and every copy of data.mdb carries it. A file can be erased
// for real: it is overwritten in place with zeros of its length, synced, and only then unlinked
// (`shred`). What the filesystem or the disk may still keep below that — copy-on-write
// filesystems, SSD wear levelling — is stated in docs/reliability.md.
//
// Writes are atomic and durable: a temp file (created exclusively, mode 0600), fdatasync, rename,
// then one fsync of each directory touched. This class decides nothing about which sidecars
// are live — Storage does, from its index — and `sweep` shreds whatever it is told is not.
import { closeSync, fdatasyncSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { equalBytes, toHex } from '@creditchain/core';
import type { DeliveredSidecar } from './sidecars.js';

const TMP = '.tmp';
const HEX = /^(?:[0-9a-f]{2})+$/;
const ZEROS = new Uint8Array(64 * 1024);

function code(e: unknown): string | undefined {
  return (e as { code?: string })?.code;
}

/** Makes a directory's entries (a created, renamed or unlinked file) durable. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Overwrites a file in place with zeros of its length, syncs it, and unlinks it. Returns false
 * if there was no such file. The directory entry's removal is not synced: if it is lost in a
 * crash, the zeroed file comes back and is shredded again at the next start.
 */
export function shredFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if (code(e) === 'ENOENT') return false;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    for (let at = 0; at < size; ) at += writeSync(fd, ZEROS, 0, Math.min(ZEROS.length, size - at), at);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  return true;
}

function writeFully(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function readIfExists(path: string): Uint8Array | undefined {
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw e;
  }
}

export interface SweepResult {
  /** Files kept: live sidecars. */
  readonly kept: number;
  /** Files shredded: erased or orphaned sidecars and leftover temp files. */
  readonly shredded: number;
}

export class SidecarStore {
  /** `<store dir>/sidecars`. */
  readonly dir: string;

  constructor(storeDir: string) {
    this.dir = join(storeDir, 'sidecars');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fsyncDir(storeDir);
  }

  /** The file that holds (or would hold) the sidecar with this commitment. */
  fileOf(commitment: Uint8Array): string {
    const hex = toHex(commitment);
    return join(this.dir, hex.slice(0, 2), hex);
  }

  /** The stored bytes canon({salt, payload}), or undefined if there is no file. */
  read(commitment: Uint8Array): Uint8Array | undefined {
    return readIfExists(this.fileOf(commitment));
  }

  /**
   * Writes each sidecar to its file, durably: when this returns, every file and its directory
   * entry is on disk. A file already holding the same bytes is left alone (rewriting it would
   * free its old blocks without zeroing them). Returns the commitments of the files it created.
   * If a write fails, the files it created are shredded and the error is thrown.
   */
  writeAll(sidecars: readonly DeliveredSidecar[]): Uint8Array[] {
    const created: Uint8Array[] = [];
    const dirs = new Set<string>();
    let newDir = false;
    try {
      for (const s of sidecars) {
        const file = this.fileOf(s.commitment);
        const existing = readIfExists(file);
        if (existing !== undefined && equalBytes(existing, s.bytes)) continue;
        if (existing !== undefined) shredFile(file); // damaged: replace it, erasing the old bytes
        const dir = dirname(file);
        if (!dirs.has(dir)) {
          dirs.add(dir);
          newDir = mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined || newDir;
        }
        created.push(s.commitment);
        this.writeAtomically(file, s.bytes);
      }
      for (const dir of dirs) fsyncDir(dir);
      if (newDir) fsyncDir(this.dir);
    } catch (e) {
      this.shredAll(created);
      throw e;
    }
    return created;
  }

  /** Shreds the file of each commitment (and any temp file beside it). Returns the commitments whose shredding failed. */
  shredAll(commitments: readonly Uint8Array[]): Uint8Array[] {
    const failed: Uint8Array[] = [];
    for (const c of commitments) {
      try {
        const file = this.fileOf(c);
        shredFile(file + TMP);
        shredFile(file);
      } catch {
        failed.push(c);
      }
    }
    return failed;
  }

  /**
   * Walks every file under the store's directory and shreds each one that is not a sidecar
   * file `isLive` accepts — erased or orphaned sidecars, temp files left by a crash, anything
   * else put there. Run at start-up, before the store serves a read.
   */
  sweep(isLive: (hex: string) => boolean): SweepResult {
    let kept = 0;
    let shredded = 0;
    for (const fan of readdirSync(this.dir, { withFileTypes: true })) {
      const path = join(this.dir, fan.name);
      if (fan.isFile()) {
        if (shredFile(path)) shredded++;
        continue;
      }
      if (!fan.isDirectory()) continue;
      for (const f of readdirSync(path, { withFileTypes: true })) {
        if (!f.isFile()) continue;
        const live = HEX.test(f.name) && f.name.startsWith(fan.name) && isLive(f.name);
        if (live) kept++;
        else if (shredFile(join(path, f.name))) shredded++;
      }
    }
    return { kept, shredded };
  }

  private writeAtomically(file: string, bytes: Uint8Array): void {
    const tmp = file + TMP;
    let fd: number;
    try {
      fd = openSync(tmp, 'wx', 0o600);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
      shredFile(tmp); // left by a failed write: truncating it would free its blocks unerased
      fd = openSync(tmp, 'wx', 0o600);
    }
    try {
      writeFully(fd, bytes);
      fdatasyncSync(fd); // the data and the file's size; its name is made durable by the directory's fsync
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  }
}
