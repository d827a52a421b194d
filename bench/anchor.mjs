// anchor: document hashes anchored per second in batches of 10,000 (one transaction each, from
// several accounts, each waiting for its durable commit); the size of a receipt for one hash
// among 2^20 and 2^30 anchored hashes, and in a log of 2^20 and 2^30 entries (computed from a
// real receipt: its entry and checkpoint, and Merkle paths of the length those sizes give); and
// the time to verify a receipt offline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64, getSuite, sha256, signTx, toHex, utf8 } from '@creditchain/core';
import { initDevDataDir } from '@creditchain/node';
import { receiptProofSize, verifyReceipt } from '@creditchain/sdk';
import { startNodeProcess, withoutRateLimit } from './lib.mjs';

const BATCH = 10_000;
// 96 batches (960,000 hashes) from 24 senders, 4 each: at ≈ 100,000 hashes/s and more, 24
// batches were over in two seconds, too short to measure against the node's start, and with 8
// senders (one batch in flight each) the node's main thread waited a third of the time for the
// next batches. --quick: one batch per sender.
const BATCHES = Number(process.env.BENCH_ANCHOR_BATCHES ?? 96);

export async function run({ reference, quick = false } = {}) {
  const suite = getSuite('intl');
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-anchor-'));
  try {
    const senders = initDevDataDir(dir, { extraAccounts: 24 }).filter((k) => k.account.startsWith('load-'));
    const perSender = quick ? 1 : Math.ceil(BATCHES / senders.length);
    const signed = senders.map((k, a) =>
      Array.from({ length: perSender }, (_, nonce) => {
        const items = Array.from({ length: BATCH }, (_, i) => ({ hash: sha256(utf8(`anchor ${a} ${nonce} ${i}`)) }));
        return { bytes: signTx(suite, { chain: 'creditchain-dev', module: 'evidence', action: 'anchor', sender: k.account, nonce, expires: 50_000, payload: { items }, sidecars: [] }, [k.seed]).bytes, first: items[BATCH - 1].hash };
      }),
    );
    withoutRateLimit(dir);
    const { proc, url } = await startNodeProcess(dir);
    try {
    const t0 = performance.now();
    let committed = 0;
    await Promise.all(signed.map(async (txs) => {
      for (const tx of txs) {
        const r = await fetch(`${url}/v1/txs?wait=commit`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: tx.bytes });
        if (r.status === 200) committed++;
        else throw new Error(`anchor refused: ${await r.text()}`);
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    const hash = signed[0][0].first;
    const receipt = await (await fetch(`${url}/v1/evidence/${toHex(hash)}/receipt`)).json();

    // A receipt's proof is its entry and checkpoint (fixed) and two Merkle paths: the item's in
    // its batch and the entry's in the log. An RFC 9162 path in a tree of n leaves has at most
    // ceil(log2 n) hashes. Counted two ways: by anchored hashes (the receipt's own leaves: 2^k
    // hashes in full batches make 2^k / 10,000 log entries), and by log entries (2^k entries,
    // each a full batch: 10,000 × 2^k hashes).
    const fixed = fromBase64(receipt.entry).length + utf8(receipt.checkpoint).length;
    const pathHashes = (n) => Math.ceil(Math.log2(n));
    const batchPath = pathHashes(BATCH) * 32;
    const atHashes = (bits) => batchPath + pathHashes(Math.ceil(2 ** bits / BATCH)) * 32 + fixed;
    const atEntries = (bits) => batchPath + bits * 32 + fixed;
    const runs = 2000;
    const v0 = performance.now();
    for (let i = 0; i < runs; i++) verifyReceipt(receipt, { documentHash: hash });
    const verifyUs = ((performance.now() - v0) / runs) * 1000;
    const figure = (committed * BATCH) / seconds;
    return {
      scenario: 'anchor',
      figure,
      unit: 'hashes anchored/s (batches of 10,000, durable)',
      reference: reference ? { name: 'verify-limit', figure: reference.figure, unit: reference.unit } : undefined,
      figures: {
        'anchor transactions/s': committed / seconds,
        'receipt proof bytes, this log': receiptProofSize(receipt),
        'receipt proof bytes at 2^20 anchored hashes': atHashes(20),
        'receipt proof bytes at 2^30 anchored hashes': atHashes(30),
        'receipt proof bytes at 2^20 log entries (10,000 hashes each)': atEntries(20),
        'receipt proof bytes at 2^30 log entries (10,000 hashes each)': atEntries(30),
        'receipt verification µs': verifyUs,
      },
      parameters: { batches: committed, batchSize: BATCH, senders: senders.length },
    };
    } finally {
      proc.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
