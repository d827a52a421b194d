// Nothing acknowledged is lost: a node under a mixed load — anchors from several clients, and
// credit records with their details, reviews, consents and governance proposals from another —
// is killed with SIGKILL at random moments and restarted. After every restart, every transaction
// the node acknowledged as committed is there with its result, every anchored hash is found, and
// the log is consistent with every checkpoint the node signed before (RFC 9162 consistency proofs
// verify). At the end the whole stored chain is executed again from genesis (replay.ts): every
// block recomputed equals the stored one, so the state after all the crashes is exactly the
// state its transactions make.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, getSuite, openNote, parseCheckpoint, parseSubjectId, subjectRef, toHex, verifyConsistency, fromBase64, type DecodedTx } from '@creditchain/core';
import { Chain, initDevDataDir, loadConfig, loadGenesis, loadNodeKey, paths, replayChain } from '@creditchain/node';
import { CreditChainClient, buildReviewTx, buildSubmitRecordsTx, grantConsentTx, proposeTx, type TxSigner, type TxWithSidecars } from '@creditchain/sdk';
import { DEMO_PERSON_ID } from './support/dev-node.js';
import { recordSoak } from './support/soak.js';
import { anchorTx, nonceOf, submit } from './support/chain-client.js';
import { startNodeProcess as startNode } from './support/node-process.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 10);
const CLIENTS = 3;


// A tiny seeded generator so a failing run can be repeated (CRASH_SEED=n).
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

// The gm chain runs fewer cycles: the same code path, with SM3 trees and SM2 signatures.
describe.each([
  ['intl', ROUNDS],
  ['gm', Number(process.env.CRASH_ROUNDS_GM ?? Math.min(ROUNDS, 3))],
] as const)('crash recovery of a %s chain (kill -9 under load)', (suiteId, rounds) => {
  const suite = getSuite(suiteId);
  const docHash = (b: Uint8Array) => suite.hash(b);
  const dir = mkdtempSync(join(tmpdir(), 'cc-crash-'));
  const keys = initDevDataDir(dir, { suite: suiteId });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`loses no acknowledged transaction over ${rounds} kill -9 cycles`, async () => {
    const started = performance.now();
    const random = rng(Number(process.env.CRASH_SEED ?? 20261125));
    const acknowledged = new Map<string, Uint8Array>(); // tx id → one hash it anchored
    const checkpoints: { size: number; root: Uint8Array }[] = [];
    let docCounter = 0;

    for (let round = 0; round < rounds; round++) {
      const { proc, url } = await startNode(dir);
      const exited = new Promise((r) => proc.on('exit', r));

      // After each restart: all acknowledged work is there, and the log extends every checkpoint.
      for (const [id, hash] of acknowledged) {
        const tx = (await (await fetch(`${url}/v1/txs/${id}`)).json()) as { status: string; code: string };
        expect(tx.status, `acknowledged transaction ${id}`).toBe('committed');
        expect(tx.code).toBe('ok');
        expect((await fetch(`${url}/v1/evidence/${toHex(hash)}`)).status).toBe(200);
      }
      const head = parseCheckpoint(openNote(await (await fetch(`${url}/v1/checkpoints/latest`)).text(), [(await (await fetch(`${url}/v1/checkpoints/key`)).text()).trim()]).text);
      for (const cp of checkpoints.filter((c) => c.size > 0)) {
        const { proof } = (await (await fetch(`${url}/v1/log/proofs/consistency?from=${cp.size}&to=${head.size}`)).json()) as { proof: string[] };
        expect(verifyConsistency(suite.hash, cp.size, head.size, proof.map((p) => fromHex(p, 32)), cp.root, head.rootHash), `checkpoint of size ${cp.size}`).toBe(true);
      }

      // Load: several clients anchoring in a loop, each waiting for its commit.
      let stop = false;
      const mixed = mixedLoad(url, round, () => stop);
      const clients = keys.slice(0, CLIENTS).map(async (k) => {
        let nonce = await nonceOf(url, k.account!);
        while (!stop) {
          const hashes = Array.from({ length: 1 + Math.floor(random() * 50) }, () => docHash(new TextEncoder().encode(`doc ${round} ${docCounter++}`)));
          const tx = anchorTx('creditchain-dev', k.account!, k.seed, nonce++, hashes, 50_000, suite);
          try {
            const r = await submit(url, tx);
            if (r.status === 200 && r.body.status === 'committed') acknowledged.set(toHex(tx.id), hashes[0]!);
            else if (r.status !== 200) nonce = await nonceOf(url, k.account!).catch(() => nonce);
          } catch {
            return; // the node is gone
          }
        }
      });
      const sampler = (async () => {
        while (!stop) {
          try {
            const text = await (await fetch(`${url}/v1/checkpoints/latest`)).text();
            const lines = text.split('\n');
            checkpoints.push({ size: Number(lines[1]), root: fromBase64(lines[2]!) });
          } catch {
            return;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();

      await new Promise((r) => setTimeout(r, 300 + random() * 1200));
      proc.kill('SIGKILL');
      await exited;
      stop = true;
      await Promise.all([...clients, sampler, mixed]);
    }

    // A last start proves the final kill lost nothing either. One round of the mixed load runs to
    // its end first, so every kind of transaction is acknowledged at least once however short the
    // lives between kills were on a loaded machine.
    const { proc, url } = await startNode(dir);
    const exited = new Promise((r) => proc.on('exit', r));
    let finalRounds = 0;
    await mixedLoad(url, rounds, () => finalRounds++ > 0, { killed: false });
    for (const [id] of acknowledged) {
      const tx = (await (await fetch(`${url}/v1/txs/${id}`)).json()) as { status: string };
      expect(tx.status).toBe('committed');
    }
    for (const [id, code] of mixedAcknowledged) {
      const tx = (await (await fetch(`${url}/v1/txs/${id}`)).json()) as { status: string; code: string };
      expect([tx.status, tx.code], `acknowledged ${id}`).toEqual(['committed', code]);
    }
    proc.kill('SIGTERM');
    await exited;

    // The state after every crash is the state the stored transactions make.
    const chain = Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, loadConfig(dir).nodeName));
    const replayed = await replayChain(chain).finally(() => chain.close());
    console.log(`crash recovery (${suiteId}): ${rounds} kill -9 cycles, ${acknowledged.size} acknowledged anchors and ${mixedAcknowledged.size} acknowledged records, reviews, consents and proposals all present, ${checkpoints.length} earlier checkpoints consistent; replay of ${replayed.blocks} blocks equal`);
    recordSoak({ suite: `crash-recovery (${suiteId})`, cases: acknowledged.size + mixedAcknowledged.size, crashes: rounds, recoveries: rounds + 1, lost: 0, seconds: Math.round((performance.now() - started) / 1000), checkpointsConsistent: checkpoints.length, blocksReplayed: replayed.blocks });
    expect(acknowledged.size).toBeGreaterThan(rounds * 2);
    expect(mixedKinds.size, `kinds of mixed transactions acknowledged: ${[...mixedKinds].join(', ')}`).toBe(4);
  });

  // Records with details, their reviews, consents and governance proposals, in a loop until stopped
  // or the node is gone; each transaction acknowledged as committed is noted with its result code.
  const mixedAcknowledged = new Map<string, string>();
  const mixedKinds = new Set<string>();
  async function mixedLoad(url: string, round: number, stopped: () => boolean, opts: { killed: boolean } = { killed: true }): Promise<void> {
    const client = new CreditChainClient(url);
    const secret = fromHex(loadConfig(dir).subjectSecret!, 32);
    const person = subjectRef(secret, parseSubjectId('person', DEMO_PERSON_ID));
    const key = (name: string) => keys.find((k) => k.account === name)!;
    const nonces = new Map<string, number>();
    const signer = async (name: string): Promise<TxSigner> => {
      const nonce = nonces.get(name) ?? (await client.account(name)).nonce;
      nonces.set(name, nonce + 1);
      return { suite: suiteId, chainId: 'creditchain-dev', sender: name, nonce, expires: 50_000, seed: key(name).seed };
    };
    const send = async (kind: string, sender: string, made: { tx: DecodedTx; sidecars?: TxWithSidecars['sidecars'] }) => {
      try {
        const r = await client.submitTx(made.tx.bytes, { wait: 'commit', ...(made.sidecars === undefined ? {} : { sidecars: made.sidecars }) });
        if (r.status === 'committed') {
          mixedAcknowledged.set(toHex(made.tx.id), r.code);
          if (r.code === 'ok') mixedKinds.add(kind);
        }
        return r;
      } catch (e) {
        nonces.delete(sender); // refused or cut off: ask the node again
        throw e;
      }
    };
    try {
      for (let i = 0; !stopped(); i++) {
        const submitted = buildSubmitRecordsTx(await signer('demo-bank'), [
          { subject: person, subjectKind: 'person', category: 'loan-overdue', occurred: '2025-01-10', ended: '2025-10-31', amountBand: 2, publicityDays: null, details: { contractNumber: `L-${round}-${i}` } },
        ]);
        const r = await send('record', 'demo-bank', submitted);
        const id = (r.data as { first?: number } | undefined)?.first;
        if (id !== undefined) await send('review', 'demo-bank-reviewer', { tx: buildReviewTx(await signer('demo-bank-reviewer'), [id], 'publish') });
        await send('consent', 'demo-person', grantConsentTx({ ...(await signer('demo-person')), org: 'bank-a', purpose: 'loan-application', days: 30 }));
        await send('proposal', 'demo-regulator', { tx: proposeTx({ ...(await signer('demo-regulator')), proposal: { kind: 'set-param', name: 'govVotingPeriod', value: 500 + i } }) });
      }
    } catch (e) {
      if (!opts.killed) throw e; // else: the node was killed
    }
  }
});
