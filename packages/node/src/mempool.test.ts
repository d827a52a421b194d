// The mempool's rules: bounded with back-pressure, duplicates refused, nonces counted across
// pending transactions, and nothing admitted is ever dropped.
import { describe, expect, it } from 'vitest';
import { getSuite, sha256, signTx, toHex, utf8, type DecodedTx } from '@creditchain/core';
import { sidecarCommitment } from '@creditchain/ledger';
import { DEFAULT_PARAMS, MemoryLedger, STANDARD_CREDIT, type Genesis } from '@creditchain/ledger';
import { Mempool } from './mempool.js';

const suite = getSuite('intl');
const seed = new Uint8Array(32).fill(4);
const genesis: Genesis = {
  chainId: 'mp',
  cryptoSuite: 'intl',
  genesisTime: 0,
  credit: STANDARD_CREDIT,
  params: DEFAULT_PARAMS,
  orgs: [{ id: 'reg', name: 'Regulator', type: 'regulator', weight: 1, roles: ['admin', 'submitter'], categories: [] }],
  accounts: [{ name: 'bank', org: 'reg', subject: null, roles: ['submitter'], keys: [{ alg: 'ed25519', key: suite.publicKeyOf(seed) }], threshold: 1 }],
};
const ledger = new MemoryLedger(suite, genesis);
const tx = (nonce: number, sidecars: Uint8Array[] = []): DecodedTx =>
  signTx(suite, { chain: 'mp', module: 'evidence', action: 'anchor', sender: 'bank', nonce, expires: 100, payload: { items: [{ hash: sha256(utf8(`m${nonce}`)) }] }, sidecars }, [seed]);
const sidecar = (n: number, size = 10) => {
  const s = { salt: new Uint8Array(16).fill(n), payload: { note: 'x'.repeat(size) } };
  return { ...s, commitment: sidecarCommitment(suite, s.salt, s.payload) };
};
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

  it('takes a block by count and by bytes: oldest first, within both limits, never less than one', () => {
    const pool = new Mempool(suite, genesis, 10);
    const sizes = [0, 1, 2, 3, 4].map((n) => pool.admit(tx(n).bytes, ledger.readers.state, 1, never).bytes.length);
    const all = sizes.reduce((a, b) => a + b, 0);
    expect(pool.bytes).toBe(all);
    // Two fit in the bytes of two and a half; the third waits.
    const two = pool.take(10, sizes[0]! + sizes[1]! + Math.floor(sizes[2]! / 2));
    expect(two.map((t) => t.body.nonce)).toEqual([0, 1]);
    expect(pool.bytes).toBe(all - sizes[0]! - sizes[1]!);
    // A limit below one transaction still takes that one, alone.
    expect(pool.take(10, 1).map((t) => t.body.nonce)).toEqual([2]);
    // Put back, they count again, and come first.
    pool.putBack(two);
    expect(pool.bytes).toBe(all - sizes[2]!);
    expect(pool.take(2, all).map((t) => t.body.nonce)).toEqual([0, 1]);
    expect(pool.take(10).map((t) => t.body.nonce)).toEqual([3, 4]);
    expect(pool.bytes).toBe(0);
  });

  it('forgets committed transactions and their senders', () => {
    const pool = new Mempool(suite, genesis, 10);
    const t = pool.admit(tx(0).bytes, ledger.readers.state, 1, never);
    pool.committed(pool.take(1));
    expect(pool.has(Buffer.from(t.id).toString('hex'))).toBe(false);
    expect(pool.size).toBe(0);
  });

  it('keeps the sidecars delivered with a transaction until its block is committed, within a byte budget', () => {
    const pool = new Mempool(suite, genesis, 10, 3000);
    const a = sidecar(1, 1000);
    const b = sidecar(2, 1000);
    const c = sidecar(3, 1000);
    const t0 = pool.admit(tx(0, [a.commitment, b.commitment]).bytes, ledger.readers.state, 1, never, [a, b]);
    const t1 = pool.admit(tx(1).bytes, ledger.readers.state, 1, never);
    // Over the budget: back-pressure, and the transaction is not admitted.
    expect(refusal(() => pool.admit(tx(2, [c.commitment]).bytes, ledger.readers.state, 1, never, [c]))).toBe('NODE_OVERLOADED');
    expect(pool.size).toBe(2);
    const block = pool.take(10);
    const held = pool.sidecarsOf(block);
    expect([...held.keys()]).toEqual([toHex(t0.id)]);
    expect(held.get(toHex(t0.id))!.map((s) => toHex(s.commitment))).toEqual([toHex(a.commitment), toHex(b.commitment)]);
    expect(pool.sidecarsOf([t1]).size).toBe(0);
    pool.committed(block);
    expect(pool.sidecarsOf(block).size).toBe(0);
    // Their bytes are freed (the committed state here is still at nonce 0).
    pool.admit(tx(0, [c.commitment, a.commitment]).bytes, ledger.readers.state, 1, never, [c, a]);
  });

  it('rule: a sidecar not committed to by its transaction is refused, and the transaction with it', () => {
    const pool = new Mempool(suite, genesis, 10);
    const a = sidecar(1);
    expect(refusal(() => pool.admit(tx(0).bytes, ledger.readers.state, 1, never, [a]))).toBe('SIDECAR_NOT_COMMITTED');
    expect(pool.size).toBe(0);
    pool.admit(tx(0).bytes, ledger.readers.state, 1, never);
  });
});
