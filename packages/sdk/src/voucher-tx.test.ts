// The vouchers transactions as the ledger reads them: each builder's payload parses with its
// action's own parser after signing, and a payload the ledger would refuse is refused here first,
// in the ledger's words.
import { describe, expect, it } from 'vitest';
import { decodeSignedTx, getSuite, verifyTxSignatures } from '@creditchain/core';
import { getAction } from '@creditchain/ledger';
import { keyPairFromSeed } from './keys.js';
import {
  approveVoucherClassTx,
  createPointsClassTx,
  createVoucherClassTx,
  freezeVoucherTx,
  issueVouchersTx,
  mergeVouchersTx,
  pointsEntryTx,
  redeemVoucherTx,
  registerMerchantTx,
  spendVoucherTx,
  splitVoucherTx,
  transferVoucherTx,
  usePointsTx,
  type VoucherClassInput,
} from './voucher-tx.js';

const suite = getSuite('intl');
const key = keyPairFromSeed('intl', new Uint8Array(32).fill(5), 'demo-market');
const signer = { suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-market', nonce: 0, expires: 50, seed: key.seed };
const household = new Uint8Array(32).fill(9);
const draft: VoucherClassInput = {
  name: 'Draft',
  unit: 'CNY-fen',
  cap: 1_000_000,
  divisible: true,
  minUnit: 100,
  expires: 1_900_000_000_000,
  holders: { anySubject: true, orgTypes: ['bank'] },
  transfer: [{ anySubject: true }, { orgTypes: ['bank'] }],
  redeem: { orgTypes: ['bank'] },
  supervisor: 'regulator',
  onExpiry: 'burn',
};

function parsed(tx: { bytes: Uint8Array }): { action: string; payload: unknown } {
  const d = decodeSignedTx(suite, tx.bytes);
  verifyTxSignatures(d);
  return { action: d.body.action, payload: getAction(d.body.module, d.body.action).parse(d.body.payload, undefined as never) };
}

describe('voucher transactions', () => {
  it('every builder signs a payload its action parses', () => {
    const txs = [
      createVoucherClassTx({ ...signer, voucherClass: draft }),
      approveVoucherClassTx({ ...signer, class: 1 }),
      registerMerchantTx({ ...signer, class: 1, merchant: 'demo-enterprise', category: 'retail' }),
      issueVouchersTx({ ...signer, class: 1, to: [{ holder: 'demo-person', amount: 500 }] }),
      transferVoucherTx({ ...signer, voucher: 1, to: 'demo-enterprise' }),
      splitVoucherTx({ ...signer, voucher: 1, amounts: [200, 300] }),
      mergeVouchersTx({ ...signer, vouchers: [2, 3] }),
      spendVoucherTx({ ...signer, voucher: 4, merchant: 'demo-enterprise' }),
      redeemVoucherTx({ ...signer, voucher: 4 }),
      freezeVoucherTx({ ...signer, freeze: true, voucher: 4 }),
      freezeVoucherTx({ ...signer, freeze: false, class: 1 }),
      createPointsClassTx({ ...signer, pointsClass: { name: 'Points', recorders: { accounts: ['demo-market'] }, supervisor: 'regulator', rules: [{ code: 'tree', points: 5, label: 'A tree' }], benefits: [{ code: 'check', cost: 10, label: 'Check' }] } }),
      pointsEntryTx({ ...signer, kind: 'deduct', class: 1, household, rule: 'parking' }),
      usePointsTx({ ...signer, class: 1, household, benefit: 'check' }),
    ];
    expect(txs.map((t) => parsed(t).action)).toEqual(['create-class', 'approve-class', 'register-merchant', 'issue', 'transfer', 'split', 'merge', 'spend', 'redeem', 'freeze', 'unfreeze', 'create-points', 'deduct', 'use-points']);
    expect(parsed(txs[0]!).payload).toMatchObject({ minUnit: 100, transfer: [{ anySubject: true, accounts: [] }, { orgTypes: ['bank'] }], merchants: null, categories: [] });
  });

  it('evidence for points travels as a sidecar commitment too', () => {
    const evidence = new Uint8Array(32).fill(3);
    const d = decodeSignedTx(suite, pointsEntryTx({ ...signer, kind: 'award', class: 1, household, rule: 'tree', evidence }).bytes);
    expect(d.body.sidecars).toEqual([evidence]);
  });

  it('a payload the ledger refuses is refused before signing, in its words', () => {
    expect(() => createVoucherClassTx({ ...signer, voucherClass: { ...draft, divisible: false } })).toThrow(/minUnit goes only with a divisible class/);
    expect(() => createVoucherClassTx({ ...signer, voucherClass: { ...draft, holders: {} } })).toThrow(/names no one/);
    expect(() => issueVouchersTx({ ...signer, class: 1, to: [] })).toThrow(/at least one holder/);
    expect(() => splitVoucherTx({ ...signer, voucher: 1, amounts: [5] })).toThrow(/at least two pieces/);
  });
});
