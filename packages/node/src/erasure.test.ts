// Lawful erasure, end to end on a running node: after a court-ordered erasure the details are gone
// from the API, from every file of the node's data directory (so from any backup taken after it),
// and from a restarted node — while an evidence receipt and a credit report issued before it still
// verify offline, and the record and its commitment stay on chain.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, parseSubjectId, sha256, subjectRef, toHex, utf8 } from '@creditchain/core';
import {
  CreditChainClient,
  buildAnchorTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  eraseTx,
  verifyReceipt,
  verifyReport,
  type KeyPair,
  type TxSigner,
} from '@creditchain/sdk';
import { paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';

const MARKER = 'ERASE-ME-7f3a9c contract of Zhang San';
let dir: string;
let service: NodeService;
let keys: Map<string, KeyPair>;
let person: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-erasure-'));
  keys = new Map(initDevDataDir(join(dir, 'node')).map((k) => [k.account!, k]));
  service = await NodeService.start(join(dir, 'node'), { overrides: { port: 0 }, log: () => {} });
  const secret = fromHex(JSON.parse(readFileSync(paths(join(dir, 'node')).config, 'utf8')).subjectSecret, 32);
  person = subjectRef(secret, parseSubjectId('person', '11010519491231002X'));
});

afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

const client = (reader?: string) => new CreditChainClient(service.url, reader === undefined ? {} : { reader: keys.get(reader)! });
async function signer(account: string): Promise<TxSigner> {
  return { suite: 'intl', chainId: 'creditchain-dev', sender: account, nonce: (await client().account(account)).nonce, expires: service.chain.head.header.height + 100, seed: keys.get(account)!.seed };
}

/** Every file under `root` whose bytes contain `needle`. */
function filesHolding(root: string, needle: string): string[] {
  const want = Buffer.from(needle, 'utf8');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (readFileSync(p).includes(want)) out.push(p);
    }
  };
  walk(root);
  return out;
}

describe('lawful erasure on a running node', () => {
  it('erases the details everywhere; old receipts and reports still verify', async () => {
    // Before: a document anchored (its receipt), a record with details, published, and its report.
    const doc = sha256(utf8('loan contract L-1'));
    await client().submitTx(buildAnchorTx({ ...(await signer('demo-bank')), items: [{ hash: doc }] }).bytes, { wait: 'commit' });
    const receipt = await client().evidenceReceipt(toHex(doc));
    const { tx, sidecars } = buildSubmitRecordsTx(await signer('demo-bank'), [
      { subject: person, subjectKind: 'person', category: 'loan-overdue', occurred: '2025-01-10', ended: '2025-10-31', amountBand: 2, publicityDays: null, details: { contractNumber: 'L-1', name: MARKER } },
    ]);
    await client().submitTx(tx.bytes, { wait: 'commit', sidecars });
    await client().submitTx(buildReviewTx(await signer('demo-bank-reviewer'), [1], 'publish').bytes, { wait: 'commit' });
    const report = await client('demo-person').report(toHex(person), { prove: true });
    expect((await client('demo-person').recordDetails(1)).payload).toMatchObject({ name: MARKER });
    expect(filesHolding(join(dir, 'node'), MARKER)).toHaveLength(1); // the sidecar's own file

    // The court order.
    const order = eraseTx({ ...(await signer('demo-court')), record: 1, reason: 'order (2026) No. 12', order: { document: toHex(sha256(utf8('court order 12'))), name: 'order-12.pdf' } });
    expect(await client().submitTx(order.tx.bytes, { wait: 'commit', sidecars: order.sidecars })).toMatchObject({ code: 'ok' });

    // Gone from the API (and the reader is told why), from every file of the data directory…
    await expect(client('demo-person').recordDetails(1)).rejects.toMatchObject({ code: 'SIDECAR_NOT_FOUND', message: expect.stringMatching(/were erased at height \d+/), details: expect.objectContaining({ reason: 'court-order' }) });
    await expect(client('demo-regulator').recordDetails(1)).rejects.toMatchObject({ code: 'SIDECAR_NOT_FOUND' });
    expect(filesHolding(join(dir, 'node'), MARKER)).toEqual([]);
    // … so from a backup taken now, and from the node after a restart.
    cpSync(join(dir, 'node'), join(dir, 'backup'), { recursive: true });
    expect(filesHolding(join(dir, 'backup'), MARKER)).toEqual([]);
    expect(service.chain.storage.getSidecar(sidecars[0]!.commitment)).toBeUndefined();

    // The record and its commitment stay; what was issued before still verifies offline.
    expect(await client('demo-person').record(1)).toMatchObject({ status: 'published', details: toHex(sidecars[0]!.commitment) });
    expect(verifyReceipt(receipt, { documentHash: doc, trustedKeys: [service.chain.verifierKey] }).hash).toBe(toHex(doc));
    expect(verifyReport(report, { trustedKeys: [service.chain.verifierKey] }).report.categories[0]!.records[0]!.details).toBe(toHex(sidecars[0]!.commitment));
    // And the current report and a new receipt verify too.
    expect(verifyReport(await client('demo-person').report(toHex(person), { prove: true }), { trustedKeys: [service.chain.verifierKey] }).entries).toBeGreaterThan(0);
    expect(verifyReceipt(await client().evidenceReceipt(toHex(doc)), { documentHash: doc, trustedKeys: [service.chain.verifierKey] }).hash).toBe(toHex(doc));
  });
});
