// A node on a chain of protocol version 1 (its genesis names none) runs it by version 1's rules —
// an anchored hash is a state entry — and one at version 2 refuses packed anchor batches; each
// finds anchored hashes through its index as any node does, and says at start how the chain
// moves on; a chain at the current version says nothing.
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

async function startAt(version: 1 | 2 | 3): Promise<{ service: NodeService; lines: string[]; key: { account: string; seed: Uint8Array } }> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-protocol-'));
  dirs.push(dir);
  const [k] = initDevDataDir(dir);
  const file = paths(dir).genesis;
  const { params, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  expect(params).toEqual({ protocolVersion: 3 });
  // Version 1: a genesis from before versions existed, no params at all.
  if (version < 3) writeFileSync(file, JSON.stringify(version === 1 ? rest : { ...rest, params: { protocolVersion: version } }));
  const lines: string[] = [];
  const service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: (l) => lines.push(l) });
  return { service, lines, key: { account: k!.account!, seed: k!.seed } };
}

describe('protocol versions on a running node', () => {
  for (const version of [1, 2, 3] as const) {
    it(`version ${version}: ${version < 3 ? 'says how to move on' : 'says nothing of versions'}, ${version === 1 ? 'keeps each anchored hash in state' : 'keeps no anchored hash in state'}, ${version === 3 ? 'takes' : 'refuses'} packed batches, and finds anchored hashes`, async () => {
      const { service, lines, key } = await startAt(version);
      try {
        const chain = service.chain;
        expect(readParams(chain.suite, chain.storage).protocolVersion).toBe(version);
        const note = lines.filter((l) => l.includes('protocol version'));
        if (version === 1) expect(note).toEqual([expect.stringMatching(/version 1 of 3 \(it began before the later rules — 2: an anchored hash is no longer a state entry; 3: .*packed.*creditchain propose set-param protocolVersion 3/)]);
        else if (version === 2) expect(note).toEqual([expect.stringMatching(/version 2 of 3 \(it began before the later rules — 3: an anchor batch's hashes may come packed into one byte string\)/)]);
        else expect(note).toEqual([]);
        const client = new CreditChainClient(service.url);
        const hash = sha256(utf8(`document at version ${version}`));
        const { nonce } = await client.account(key.account);
        const signer = { suite: chain.suite, chainId: chain.genesis.chainId, sender: key.account, expires: chain.head.header.height + 100, seed: key.seed };
        // Packed: refused at admission before version 3, with the older rules' code.
        const packedHash = sha256(utf8(`packed document at version ${version}`));
        const packed = buildAnchorTx({ ...signer, nonce, items: [{ hash: packedHash }], packed: true });
        if (version < 3) {
          await expect(client.submitTx(packed.bytes, { wait: 'commit' })).rejects.toMatchObject({ code: 'ENCODING_BAD_SHAPE', message: expect.stringContaining(`needs protocol version 3; the chain runs version ${version}`) });
        } else {
          expect(await client.submitTx(packed.bytes, { wait: 'commit' })).toMatchObject({ code: 'ok' });
          const receipt = await client.evidenceReceipt(toHex(packedHash));
          expect(receipt).toMatchObject({ hash: toHex(packedHash), batch: { position: 0, size: 1 } });
          expect(receipt).not.toHaveProperty('label');
        }
        const tx = buildAnchorTx({ ...signer, nonce: version < 3 ? nonce : nonce + 1, items: [{ hash }] });
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
