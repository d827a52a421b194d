// A dev data directory on protocol version 1, whose anchors keep a state entry per hash: a block
// of anchors writes many state keys, for tests of the state tree's storage (pruning, pipelining).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initDevDataDir, paths } from '@creditchain/node';

export function v1DataDir(root: string, name: string): { dir: string; account: string; seed: Uint8Array } {
  const dir = join(root, name);
  const k = initDevDataDir(dir)[0]!;
  const genesisFile = paths(dir).genesis;
  writeFileSync(genesisFile, JSON.stringify({ ...JSON.parse(readFileSync(genesisFile, 'utf8')), params: { protocolVersion: 1 } }));
  return { dir, account: k.account!, seed: k.seed };
}
