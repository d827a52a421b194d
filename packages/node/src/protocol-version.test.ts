// A node on a chain of protocol version 1 (its genesis names none) runs it by version 1's rules —
// an anchored hash is a state entry — finds anchored hashes through its index as any node does,
// and says at start how the chain moves on; a chain at the current version says nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256, toHex, utf8 } from '@creditchain/core';
import { anchoringKey, readParams } from '@creditchain/ledger';
import { buildAnchorTx, CreditChainClient } from '@creditchain/sdk';
import { paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startAt(version: 1 | 2): Promise<{ service: NodeService; lines: string[]; key: { account: string; seed: Uint8Array } }> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-protocol-'));
  dirs.push(dir);
  const [k] = initDevDataDir(dir);
  if (version === 1) {
    // A genesis from before versions existed: no params at all.
    const file = paths(dir).genesis;
    const { params, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(params).toEqual({ protocolVersion: 2 });
    writeFileSync(file, JSON.stringify(rest));
  }
  const lines: string[] = [];
  const service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: (l) => lines.push(l) });
  return { service, lines, key: { account: k!.account!, seed: k!.seed } };
}

describe('protocol versions on a running node', () => {
  for (const version of [1, 2] as const) {
    it(`version ${version}: ${version === 1 ? 'says how to move on, keeps each anchored hash in state,' : 'says nothing of versions, keeps no anchored hash in state,'} and finds anchored hashes`, async () => {
      const { service, lines, key } = await startAt(version);
      try {
        const chain = service.chain;
        expect(readParams(chain.suite, chain.storage).protocolVersion).toBe(version);
        const note = lines.filter((l) => l.includes('protocol version'));
        if (version === 1) expect(note).toEqual([expect.stringContaining('creditchain propose set-param protocolVersion 2')]);
        else expect(note).toEqual([]);
        const client = new CreditChainClient(service.url);
        const hash = sha256(utf8(`document at version ${version}`));
        const { nonce } = await client.account(key.account);
        const tx = buildAnchorTx({ suite: chain.suite, chainId: chain.genesis.chainId, sender: key.account, nonce, expires: chain.head.header.height + 100, seed: key.seed, items: [{ hash }] });
        const reply = await client.submitTx(tx.bytes, { wait: 'commit' });
        expect(reply.data).toEqual(version === 1 ? { anchored: 1, alreadyAnchored: 0 } : undefined);
        expect(chain.storage.getState(anchoringKey(chain.suite, hash)) !== undefined).toBe(version === 1);
        expect(await client.evidence(toHex(hash))).toMatchObject({ tx: toHex(tx.id), sender: key.account, position: 0 });
      } finally {
        await service.stop();
      }
    });
  }
});
