// Credit records over the HTTP API of a dev node: records submitted with their details beside
// them, reviewed by another account, read by entitled readers only, and a report that verifies
// offline and fails when one byte changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeStateProof, fromHex, proveKey, toHex } from '@creditchain/core';
import {
  buildAllowCollectionTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  verifyReport,
  type NewRecord,
} from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';

const node = devNode({ prefix: 'cc-credit-' });
const { person, enterprise, as: clientAs, signer } = node;
const today = new Date().toISOString().slice(0, 10);

beforeAll(() => node.start());

afterAll(() => node.stop());

const overdue = (subject: Uint8Array, kind: 'person' | 'enterprise', details: Record<string, string> | null = { contractNumber: 'L-2024-001', overdueDays: '95', name: 'Zhang San' }): NewRecord => ({
  subject,
  subjectKind: kind,
  category: 'loan-overdue',
  occurred: '2024-01-10',
  ended: today,
  amountBand: 3,
  publicityDays: null,
  details,
});

describe('credit records over the API', () => {
  it('submits records with their details, a second account publishes them, and the subject reads its report', async () => {
    const { tx, sidecars } = buildSubmitRecordsTx(await signer('demo-bank'), [overdue(person, 'person'), overdue(enterprise, 'enterprise')]);
    const submitted = await clientAs().submitTx(tx.bytes, { wait: 'commit', sidecars });
    expect(submitted).toMatchObject({ status: 'committed', code: 'ok', data: { first: 1, count: 2 } });
    const reviewed = await clientAs().submitTx(buildReviewTx(await signer('demo-bank-reviewer'), [1, 2], 'publish').bytes, { wait: 'commit' });
    expect(reviewed).toMatchObject({ code: 'ok' });

    const file = await clientAs('demo-person').report(toHex(person), { prove: true });
    expect(file.report.score).toMatchObject({ value: 650, model: 1 });
    expect(file.report.score.lowered[0]).toMatchObject({ code: 'N01', text: 'Loan repayments were overdue', points: -50 });
    expect(file.report.categories[0]!.records.map((r) => r.id)).toEqual([1]);
    const verified = verifyReport(JSON.parse(JSON.stringify(file)), { trustedKeys: [node.service.chain.verifierKey] });
    expect(verified).toMatchObject({ height: file.proof!.height, signedBy: ['dev-node'] });
  });

  it('a report that differs from the proven state by one byte fails verification', async () => {
    const file = await clientAs('demo-regulator').report(toHex(person), { prove: true });
    const text = JSON.stringify(file);
    expect(() => verifyReport(JSON.parse(text.replace('"value":650', '"value":651')))).toThrow(expect.objectContaining({ code: 'REPORT_INVALID' }));
    expect(() => verifyReport(JSON.parse(text.replace('"occurred":"2024-01-10"', '"occurred":"2024-01-11"')))).toThrow(/does not match the proven state/);
    const entries = file.proof!.entries;
    const tampered = { ...file, proof: { ...file.proof!, entries: entries.map((e, i) => (i === 1 ? { ...e, value: e.value!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } : e)) } };
    expect(() => verifyReport(tampered)).toThrow(/are not proven/);
    // An entry left out, or one added that the report does not need: the multiproof is of other keys.
    // (The one added carries a value: the absence of a key whose path the proof's walk already
    // ends on — an empty subtree, another key's leaf — is proven by the very same bytes, so an
    // added absent key verifies or not depending on the state; state-multiproof.test.ts has it.)
    expect(() => verifyReport({ ...file, proof: { ...file.proof!, entries: entries.slice(1) } })).toThrow(/not proven|not in the proof/);
    expect(() => verifyReport({ ...file, proof: { ...file.proof!, entries: [...entries, { key: 'ab'.repeat(32), value: '00' }] } })).toThrow(/are not proven/);
  });

  it('proves its entries with one multiproof; a file with a proof for each entry, as files were made before, still verifies', async () => {
    const file = await clientAs('demo-regulator').report(toHex(person), { prove: true });
    const { entries, multiproof } = file.proof!;
    expect(entries.length).toBeGreaterThan(3);
    expect(entries.every((e) => e.proof === undefined)).toBe(true);
    expect(typeof multiproof).toBe('string');
    // The same entries, each with its own proof at the same root, and no multiproof.
    const chain = node.service.chain;
    const root = fromHex(file.proof!.stateRoot);
    const single = entries.map((e) => ({ ...e, proof: toHex(encodeStateProof(proveKey(chain.suite.hash, chain.storage.stateNodeReader, root, fromHex(e.key)))) }));
    const older = { ...file, proof: { height: file.proof!.height, stateRoot: file.proof!.stateRoot, checkpoint: file.proof!.checkpoint, entries: single } };
    expect(verifyReport(older).entries).toBe(entries.length);
    expect(JSON.stringify(older).length).toBeGreaterThan(JSON.stringify(file).length);
    // One or the other, not both.
    expect(() => verifyReport({ ...older, proof: { ...older.proof, multiproof } })).toThrow(/one or the other/);
  });

  it('a report file with any one character changed does not verify (400 positions sampled)', async () => {
    const text = JSON.stringify(await clientAs('demo-person').report(toHex(person), { prove: true }), null, 2);
    const trustedKeys = [node.service.chain.verifierKey];
    expect(verifyReport(JSON.parse(text), { trustedKeys }).entries).toBeGreaterThan(3);
    const positions = [...text].map((c, i) => (/\s/.test(c) ? -1 : i)).filter((i) => i >= 0);
    let seed = 7;
    for (let n = 0; n < 400; n++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const i = positions[seed % positions.length]!;
      const c = text[i]!;
      const swapped = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : /[a-f]/.test(c) ? (c === 'f' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)) : c === 'x' ? 'y' : 'x';
      const changed = text.slice(0, i) + swapped + text.slice(i + 1);
      expect(() => verifyReport(JSON.parse(changed), { trustedKeys }), `changed ${JSON.stringify(c)} at ${i}: ${text.slice(Math.max(0, i - 30), i + 10)}`).toThrow();
    }
  });

  it('serves records, details and reports only to entitled readers', async () => {
    const ref = toHex(person);
    await expect(clientAs().report(ref)).rejects.toMatchObject({ code: 'API_AUTH_REQUIRED' });
    await expect(clientAs('demo-bank-b').report(ref)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(clientAs('demo-bank').report(ref)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(clientAs('demo-enterprise').subjectRecords(ref)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    // The source sees its own records; another member sees none of them.
    expect((await clientAs('demo-bank').subjectRecords(ref)).records.map((r) => r.id)).toEqual([1]);
    expect((await clientAs('demo-bank-b').subjectRecords(ref)).records).toEqual([]);
    // Details: the subject, a regulator and the source; not another bank.
    expect((await clientAs('demo-person').recordDetails(1)).payload).toEqual({ contractNumber: 'L-2024-001', overdueDays: '95', name: 'Zhang San' });
    expect((await clientAs('demo-regulator').recordDetails(1)).payload).toMatchObject({ contractNumber: 'L-2024-001' });
    await expect(clientAs('demo-bank-b').recordDetails(1)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(clientAs('demo-bank-b').record(1)).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    expect(await clientAs('demo-bank').record(1)).toMatchObject({ id: 1, status: 'published', reviewer: 'demo-bank-reviewer', versions: [] });
  });

  it('refuses details the law forbids, or not defined for the category, at admission: nothing is admitted', async () => {
    const s = await signer('demo-bank');
    for (const [details, code] of [[{ bloodType: 'A' }, 'SIDECAR_FORBIDDEN_FIELD'], [{ shoeSize: '42' }, 'SIDECAR_FORBIDDEN_FIELD']] as const) {
      const { tx, sidecars } = buildSubmitRecordsTx(s, [overdue(enterprise, 'enterprise', details)]);
      await expect(clientAs().submitTx(tx.bytes, { sidecars })).rejects.toMatchObject({ code });
    }
    const { tx } = buildSubmitRecordsTx(s, [overdue(enterprise, 'enterprise')]);
    await expect(clientAs().submitTx(tx.bytes)).rejects.toMatchObject({ code: 'SIDECAR_MISSING' });
    expect((await clientAs().account('demo-bank')).nonce).toBe(s.nonce);
  });

  it("a person's income needs the person's consent first, given from its own account", async () => {
    const income: NewRecord = { subject: person, subjectKind: 'person', category: 'income-verified', occurred: today, ended: null, amountBand: 0, publicityDays: null, details: { income: '12000', period: '2025' } };
    const first = buildSubmitRecordsTx(await signer('demo-bank'), [income]);
    await expect(clientAs().submitTx(first.tx.bytes, { sidecars: first.sidecars })).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(await clientAs().submitTx(buildAllowCollectionTx(await signer('demo-person'), 'bank-a', true).bytes, { wait: 'commit' })).toMatchObject({ code: 'ok' });
    const again = buildSubmitRecordsTx(await signer('demo-bank'), [income]);
    expect(await clientAs().submitTx(again.tx.bytes, { wait: 'commit', sidecars: again.sidecars })).toMatchObject({ code: 'ok' });
  });

  it('lists categories and scoring models to anyone', async () => {
    const { categories } = await clientAs().categories();
    expect(categories.map((c) => c.code)).toContain('dishonest-judgement-debtor');
    expect(await clientAs().scoringModels()).toMatchObject({ active: 1, models: [{ version: 1, name: 'CreditChain standard v1' }] });
  });
});

