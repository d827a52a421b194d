// A full disk loses nothing: a node whose data directory is on a small tmpfs is loaded until a
// block cannot be written. It then refuses new work with 507 NODE_STORAGE_FULL and a sentence;
// every transaction it acknowledged before is there; when space is freed it takes work again;
// and after a restart the stored chain replays block for block.
// Mounting a tmpfs needs root (the CI machine runs as root); elsewhere the test says it is skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256, toHex, utf8 } from '@creditchain/core';
import { Chain, initDevDataDir, loadConfig, loadGenesis, loadNodeKey, paths, replayChain } from '@creditchain/node';
import { anchorTx, nonceOf, submit } from './support/chain-client.js';
import { startNodeProcess as startNode } from './support/node-process.js';

const root = mkdtempSync(join(tmpdir(), 'cc-full-disk-'));
const mountPoint = join(root, 'disk');
mkdirSync(mountPoint);
const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]).status === 0;

afterAll(() => {
  if (mounted) spawnSync('umount', ['-l', mountPoint]);
  rmSync(root, { recursive: true, force: true });
});


describe.skipIf(!mounted)('a full disk (a 24 MB tmpfs; needs root to mount it)', () => {
  it('refuses new work with 507 NODE_STORAGE_FULL, loses nothing acknowledged, and takes work again when space is freed', async () => {
    const dir = join(mountPoint, 'node');
    const [k] = initDevDataDir(dir);
    const { proc, url } = await startNode(dir);
    const acknowledged: string[] = [];
    const inFlight: string[] = []; // accepted, not yet committed when the disk filled
    const firstHashes = new Map<string, string>(); // transaction id → the first hash it anchors
    const anchoredAt = async (id: string, at = url) => (await fetch(`${at}/v1/evidence/${firstHashes.get(id)}`)).json() as Promise<{ tx?: string; code?: string }>;
    const status = async (id: string, at = url) => ((await (await fetch(`${at}/v1/txs/${id}`)).json()) as { status: string }).status;
    let nonce = await nonceOf(url, k!.account!);
    let refusal: { status: number; body: Record<string, unknown> } | undefined;
    // Batches of 1,000 hashes (≈ 40 KB a transaction, with its log entry and index keys) until the disk is full.
    for (let i = 0; i < 2000 && refusal === undefined; i++) {
      const hashes = Array.from({ length: 1000 }, (_, j) => sha256(utf8(`doc ${i} ${j}`)));
      const tx = anchorTx('creditchain-dev', k!.account!, k!.seed, nonce, hashes);
      const r = await submit(url, tx, false);
      if (r.status !== 200) {
        refusal = r;
        break;
      }
      nonce++;
      const id = toHex(tx.id);
      firstHashes.set(id, toHex(hashes[0]!));
      const deadline = Date.now() + 3000;
      while ((await status(id)) !== 'committed' && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      if ((await status(id)) === 'committed') acknowledged.push(id);
      else inFlight.push(id);
    }
    expect(refusal, 'the disk never filled').toBeDefined();
    // Refused at once with its code and a sentence, as is every later submission until space is freed.
    const again = await submit(url, anchorTx('creditchain-dev', k!.account!, k!.seed, nonce, [sha256(utf8('while full'))]), false);
    for (const r of [refusal!, again]) {
      expect(r.status).toBe(507);
      expect(r.body).toMatchObject({ code: 'NODE_STORAGE_FULL', message: expect.stringMatching(/disk is full/) });
    }
    expect(acknowledged.length).toBeGreaterThan(5);
    for (const id of acknowledged) expect(await status(id)).toBe('committed');

    // Space freed: what was accepted commits, and new work is taken again.
    expect(spawnSync('mount', ['-o', 'remount,size=256m', mountPoint]).status).toBe(0);
    let after: { status: number; body: Record<string, unknown> } | undefined;
    for (let tries = 0; tries < 50; tries++) {
      after = await submit(url, anchorTx('creditchain-dev', k!.account!, k!.seed, nonce, [sha256(utf8('after'))]));
      if (after.status === 200) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(after).toMatchObject({ status: 200, body: { status: 'committed', code: 'ok' } });
    for (const id of inFlight) expect(await status(id)).toBe('committed');
    acknowledged.push(...inFlight);
    // Every anchored hash is found: an index write that failed while the disk was full was mended.
    for (const id of acknowledged) expect(await anchoredAt(id)).toMatchObject({ tx: id });

    // Nothing lost across a restart, and the chain replays block for block.
    const exited = new Promise((r) => proc.on('exit', r));
    proc.kill('SIGKILL');
    await exited;
    const restarted = await startNode(dir);
    for (const id of acknowledged) expect(((await (await fetch(`${restarted.url}/v1/txs/${id}`)).json()) as { status: string }).status).toBe('committed');
    for (const id of acknowledged) expect(await anchoredAt(id, restarted.url)).toMatchObject({ tx: id });
    const stopped = new Promise((r) => restarted.proc.on('exit', r));
    restarted.proc.kill('SIGTERM');
    await stopped;
    const chain = Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, loadConfig(dir).nodeName));
    const replayed = await replayChain(chain).finally(() => chain.close());
    expect(replayed.transactions).toBeGreaterThanOrEqual(acknowledged.length + 1);
    console.log(`full disk: ${acknowledged.length} transactions acknowledged (${inFlight.length} waiting when the disk filled, committed after space was freed), refused with 507 while full, ${replayed.blocks} blocks replayed equal`);
  }, 300_000);
});
