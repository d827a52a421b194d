// The mempool's rules: bounded with back-pressure, duplicates refused, nonces counted across
// pending transactions, and nothing admitted is ever dropped.
import { describe, expect, it } from 'vitest';
import { getSuite, sha256, signTx, utf8, type DecodedTx } from '@creditchain/core';
import { DEFAULT_PARAMS, MemoryLedger, type Genesis } from '@creditchain/ledger';
import { Mempool } from './mempool.js';

const suite = getSuite('intl');
const seed = new Uint8Array(32).fill(4);
const genesis: Genesis = {
  chainId: 'mp',
  cryptoSuite: 'intl',
  genesisTime: 0,
  params: DEFAULT_PARAMS,
  orgs: [{ id: 'reg', name: 'Regulator', type: 'regulator', weight: 1, roles: ['admin', 'submitter'], categories: [] }],
  accounts: [{ name: 'bank', org: 'reg', subject: null, roles: ['submitter'], keys: [{ alg: 'ed25519', key: suite.publicKeyOf(seed) }], threshold: 1 }],
};
const ledger = new MemoryLedger(suite, genesis);
const tx = (nonce: number): DecodedTx =>
  signTx(suite, { chain: 'mp', module: 'evidence', action: 'anchor', sender: 'bank', nonce, expires: 100, payload: { items: [{ hash: sha256(utf8(`m${nonce}`)) }] }, sidecars: [] }, [seed]);
const never = () => false;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'accepted';
}

describe('mempool', () => {
  it('rule: a full pool refuses with NODE_OVERLOADED (503) and keeps what it admitted', () => {
    const pool = new Mempool(suite, genesis, 2);
    pool.admit(tx(0).bytes, ledger.readers.state, 1, never);
    pool.admit(tx(1).bytes, ledger.readers.state, 1, never);
    expect(refusal(() => pool.admit(tx(2).bytes, ledger.readers.state, 1, never))).toBe('NODE_OVERLOADED');
    expect(pool.take(10).map((t) => t.body.nonce)).toEqual([0, 1]);
  });

  it('rule: nonces count pending transactions; a gap or a replay is refused', () => {
    const pool = new Mempool(suite, genesis, 10);
    pool.admit(tx(0).bytes, ledger.readers.state, 1, never);
    expect(refusal(() => pool.admit(tx(2).bytes, ledger.readers.state, 1, never))).toBe('TX_BAD_NONCE');
    expect(refusal(() => pool.admit(tx(0).bytes, ledger.readers.state, 1, never))).toBe('TX_DUPLICATE');
    pool.admit(tx(1).bytes, ledger.readers.state, 1, never);
  });

  it('rule: a transaction already on the chain is refused (TX_DUPLICATE)', () => {
    const pool = new Mempool(suite, genesis, 10);
    expect(refusal(() => pool.admit(tx(0).bytes, ledger.readers.state, 1, () => true))).toBe('TX_DUPLICATE');
  });

  it('returns a block that could not be committed to the front, in order', () => {
    const pool = new Mempool(suite, genesis, 10);
    for (let n = 0; n < 4; n++) pool.admit(tx(n).bytes, ledger.readers.state, 1, never);
    const block = pool.take(2);
    pool.putBack(block);
    expect(pool.take(10).map((t) => t.body.nonce)).toEqual([0, 1, 2, 3]);
  });

  it('forgets committed transactions and their senders', () => {
    const pool = new Mempool(suite, genesis, 10);
    const t = pool.admit(tx(0).bytes, ledger.readers.state, 1, never);
    pool.committed(pool.take(1));
    expect(pool.has(Buffer.from(t.id).toString('hex'))).toBe(false);
    expect(pool.size).toBe(0);
  });
});
