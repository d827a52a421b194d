// Lawful erasure, end to end on a running node: after a court-ordered erasure the details are gone
// from the API, from every file of the node's data directory (so from any backup taken after it),
// and from a restarted node — while an evidence receipt and a credit report issued before it still
// verify offline, and the record and its commitment stay on chain.
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, toHex, utf8 } from '@creditchain/core';
import {
  buildAnchorTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  eraseTx,
  verifyReceipt,
  verifyReport,
} from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';

const MARKER = 'ERASE-ME-7f3a9c contract of Zhang San';
// The node's data directory is dir/node, so that a backup of it can be copied beside it.
const node = devNode({ prefix: 'cc-erasure-', subdir: 'node' });
const { dir, person, as: client, signer } = node;

beforeAll(() => node.start());

afterAll(() => node.stop());

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
    expect(node.service.chain.storage.getSidecar(sidecars[0]!.commitment)).toBeUndefined();

    // The record and its commitment stay; what was issued before still verifies offline.
    expect(await client('demo-person').record(1)).toMatchObject({ status: 'published', details: toHex(sidecars[0]!.commitment) });
    expect(verifyReceipt(receipt, { documentHash: doc, trustedKeys: [node.service.chain.verifierKey] }).hash).toBe(toHex(doc));
    expect(verifyReport(report, { trustedKeys: [node.service.chain.verifierKey] }).report.categories[0]!.records[0]!.details).toBe(toHex(sidecars[0]!.commitment));
    // And the current report and a new receipt verify too.
    expect(verifyReport(await client('demo-person').report(toHex(person), { prove: true }), { trustedKeys: [node.service.chain.verifierKey] }).entries).toBeGreaterThan(0);
    expect(verifyReceipt(await client().evidenceReceipt(toHex(doc)), { documentHash: doc, trustedKeys: [node.service.chain.verifierKey] }).hash).toBe(toHex(doc));
  });
});
