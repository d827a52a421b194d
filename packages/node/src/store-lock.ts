// One node per store. Two processes writing one data directory would corrupt nothing in LMDB
// (it has its own lock) but the sidecar sweep at open shreds files another node has written and
// not yet committed. The lock file holds the owner's pid; a lock whose process is gone (a crash,
// kill -9) is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CreditChainError } from '@creditchain/core';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

// Stores this process holds. A lock naming our own pid but not in this set was left by an earlier
// process that had the same pid — in a container the node is often always pid 1.
const held = new Set<string>();

/** Takes the store's lock, or throws NODE_BAD_CONFIG naming the process that holds it. Returns the release. */
export function lockStore(dir: string): () => void {
  const file = join(dir, 'node.lock');
  if (held.has(file)) {
    throw new CreditChainError('NODE_BAD_CONFIG', `The store ${dir} is already open in this process; close it before opening it again.`, { path: dir });
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(file);
      return () => {
        held.delete(file);
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isSafeInteger(pid) && pid !== process.pid && alive(pid)) {
        throw new CreditChainError('NODE_BAD_CONFIG', `Another node (process ${pid}) is using the store ${dir}; stop it first, or start this one on another data directory.`, { pid, path: dir });
      }
      rmSync(file, { force: true }); // left by a process that is gone (or an earlier one with our pid)
    }
  }
  throw new CreditChainError('NODE_BAD_CONFIG', `Could not take the lock of the store ${dir}.`, { path: dir });
}
