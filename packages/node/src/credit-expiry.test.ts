// Expiry in block time, on the node's real store and across restarts: a person's overdue record
// counts the day before its period ends and not the day after; then it is deleted, and its
// details sidecar is gone from the store — and stays gone after the node reopens and re-checks
// the whole chain.
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '@creditchain/core';
import { readStoredRecord, reportFromState } from '@creditchain/ledger';
import { buildReviewTx, buildSubmitRecordsTx, type TxSigner } from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';
import { Chain } from './chain.js';
import { loadGenesis, loadNodeKey, paths } from './config.js';
import { admitSidecars } from './sidecars.js';

// A dev data directory only: this test opens the chain itself, without a service.
const node = devNode({ prefix: 'cc-expiry-' });
const { dir, keys, person } = node;
afterAll(() => node.stop());

const DAY = 86_400_000;
const EXPIRY = Date.UTC(2030, 9, 31); // the overdue ended 2025-10-31: it counts until 2030-10-31 00:00 UTC

function open(): Chain {
  return Chain.open(paths(dir).db, loadGenesis(dir), loadNodeKey(dir, 'dev-node'));
}

describe('credit expiry on the node, across restarts', () => {
  const signer = (chain: Chain, account: string, nonce: number): TxSigner => ({ suite: chain.suite, chainId: chain.genesis.chainId, sender: account, nonce, expires: chain.head.header.height + 10, seed: keys.get(account)!.seed });
  let commitment = '';

  it('publishes a record about a person, with its details stored', async () => {
    const chain = open();
    const { tx, sidecars } = buildSubmitRecordsTx(signer(chain, 'demo-bank', 0), [
      { subject: person, subjectKind: 'person', category: 'loan-overdue', occurred: '2025-06-01', ended: '2025-10-31', amountBand: 2, publicityDays: null, details: { contractNumber: 'L-9', name: 'Zhang San' } },
    ]);
    const delivered = admitSidecars(chain.suite, chain.storage, tx, sidecars);
    await chain.commit(chain.execute([tx], Date.now(), true), new Map([[toHex(tx.id), delivered]]));
    await chain.commit(chain.execute([buildReviewTx(signer(chain, 'demo-bank-reviewer', 0), [1], 'publish')], Date.now(), true));
    commitment = toHex(sidecars[0]!.commitment);
    expect(chain.storage.getSidecar(sidecars[0]!.commitment)?.payload).toEqual({ contractNumber: 'L-9', name: 'Zhang San' });
    expect(reportFromState(chain.suite, chain.storage, person).summary.negative).toBe(1);
    await chain.close();
  });

  it('counts it the day before its expiry, and still a millisecond before (after a restart each time)', async () => {
    for (const t of [EXPIRY - DAY, EXPIRY - 1]) {
      const chain = open();
      await chain.commit(chain.execute([], t, true));
      const report = reportFromState(chain.suite, chain.storage, person);
      expect(report.summary.negative).toBe(1);
      expect(report.categories[0]!.records[0]!.expires).toBe('2030-10-31');
      await chain.close();
    }
  });

  it('on its expiry day deletes it and erases its details on the node, and a restart keeps it so', async () => {
    let chain = open();
    const outcome = chain.execute([], EXPIRY + DAY / 2, true);
    expect(outcome.erasures.map(toHex)).toEqual([commitment]);
    await chain.commit(outcome);
    expect(reportFromState(chain.suite, chain.storage, person).summary.negative).toBe(0);
    expect(readStoredRecord(chain.suite, chain.storage, 1)).toMatchObject({ status: 'erased' });
    expect(chain.storage.getSidecar(fromHex(commitment, 32))).toBeUndefined();
    await chain.close();
    chain = open(); // the start-up check re-verifies every stored block
    expect(chain.storage.getSidecar(fromHex(commitment, 32))).toBeUndefined();
    expect(readStoredRecord(chain.suite, chain.storage, 1)).toMatchObject({ status: 'erased' });
    expect(reportFromState(chain.suite, chain.storage, person).date).toBe('2030-10-31');
    await chain.close();
  });
});
