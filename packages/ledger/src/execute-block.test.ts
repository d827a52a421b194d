// The rules of block execution, each named: who may send, nonces, expiry, chain id, signatures,
// the evidence rules, and determinism (same inputs, byte-identical roots).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSuite, sha256, signTx, toHex, utf8, type DecodedTx, type TxBody } from '@creditchain/core';
import { DEFAULT_PARAMS, type Genesis } from './genesis.js';
import { FIRST_PROTOCOL_VERSION } from './modules/governance/params.js';
import { batchOfItems, batchRoot } from './modules/evidence/batch.js';
import { STANDARD_CREDIT } from './modules/credit/standard.js';
import { MemoryLedger } from './memory-ledger.js';
import { accountKey, readAccount } from './modules/identity/state.js';
import { ROLES } from './modules/identity/roles.js';
import { readAnchoring } from './modules/evidence/state.js';

const suite = getSuite('intl');
const seeds = [1, 2, 3].map((b) => new Uint8Array(32).fill(b));
const names = ['bank', 'court', 'utility'];
const genesis: Genesis = {
  chainId: 'test-chain',
  cryptoSuite: 'intl',
  genesisTime: 1_700_000_000_000,
  credit: STANDARD_CREDIT,
  params: { ...DEFAULT_PARAMS, maxAnchorBatch: 100 },
  orgs: [
    { id: 'reg', name: 'Regulator', type: 'regulator', weight: 3, roles: [...ROLES], categories: [] },
    { id: 'bank-a', name: 'Bank A', type: 'bank', weight: 1, roles: ['admin', 'submitter', 'reviewer', 'querier'], categories: [] },
  ],
  accounts: names.map((name, i) => ({ name, org: i === 0 ? 'bank-a' : 'reg', subject: null, roles: ['admin', 'submitter'], keys: [{ alg: 'ed25519', key: suite.publicKeyOf(seeds[i]!) }], threshold: 1 })),
};
const T0 = genesis.genesisTime;
/** The same chain under the first rules (params.ts protocolVersion). */
const version1: Genesis = { ...genesis, params: { ...genesis.params, protocolVersion: FIRST_PROTOCOL_VERSION } };

function doc(s: string): Uint8Array {
  return sha256(utf8(s));
}

function tx(sender: number, nonce: number, over: Partial<TxBody> = {}, seed = seeds[sender]!): DecodedTx {
  return signTx(suite, {
    chain: 'test-chain', module: 'evidence', action: 'anchor', sender: names[sender]!, nonce, expires: 10,
    payload: { items: [{ hash: doc(`${sender}/${nonce}`) }] }, sidecars: [], ...over,
  }, [seed]);
}

function run(txs: DecodedTx[], ledger = new MemoryLedger(suite, genesis)) {
  const out = ledger.next({ time: T0 + 1000, txs, verifySignatures: true });
  return { ledger, out, codes: out.results.map((r) => r.code) };
}

describe('transaction admission rules', () => {
  it('accepts a genesis account with its next nonce', () => {
    const { codes, ledger } = run([tx(0, 0), tx(0, 1), tx(1, 0)]);
    expect(codes).toEqual(['ok', 'ok', 'ok']);
    expect(readAccount(suite, ledger.readers.state, 'bank')!.nonce).toBe(2);
  });

  it('rule: only genesis accounts may send (TX_UNKNOWN_SENDER)', () => {
    expect(run([tx(0, 0, { sender: 'stranger' })]).codes).toEqual(['TX_UNKNOWN_SENDER']);
  });

  it('rule: a replayed nonce is refused (TX_BAD_NONCE) and changes nothing', () => {
    const { ledger } = run([tx(0, 0)]);
    const again = ledger.next({ time: T0 + 2000, txs: [tx(0, 0, { payload: { items: [{ hash: doc('other') }] } })], verifySignatures: true });
    expect(again.results[0]!.code).toBe('TX_BAD_NONCE');
    // Nothing is written: not even the credit expiry clock, which moves only with its queue.
    expect(again.stateWrites).toEqual([]);
  });

  it('rule: a nonce gap is refused (TX_BAD_NONCE)', () => {
    expect(run([tx(0, 1)]).codes).toEqual(['TX_BAD_NONCE']);
  });

  it('rule: another chain id is refused (TX_WRONG_CHAIN)', () => {
    expect(run([tx(0, 0, { chain: 'other-chain' })]).codes).toEqual(['TX_WRONG_CHAIN']);
  });

  it('rule: an expired transaction is refused (TX_EXPIRED)', () => {
    expect(run([tx(0, 0, { expires: 0 })]).codes).toEqual(['TX_EXPIRED']);
  });

  it('rule: an expiry too far ahead is refused (TX_BAD_EXPIRY)', () => {
    expect(run([tx(0, 0, { expires: 1 + DEFAULT_PARAMS.maxExpiryWindow + 1 })]).codes).toEqual(['TX_BAD_EXPIRY']);
  });

  it('rule: a signature by a key of another account is refused (TX_BAD_SIGNATURE)', () => {
    expect(run([tx(0, 0, {}, seeds[1])]).codes).toEqual(['TX_BAD_SIGNATURE']);
  });

  it('rule: a forged signature is refused (TX_BAD_SIGNATURE)', () => {
    const good = tx(0, 0);
    const sig = Uint8Array.from(good.sigs[0]!.sig);
    sig[5]! ^= 1;
    expect(run([{ ...good, sigs: [{ alg: "ed25519", key: good.sigs[0]!.key, sig }] }]).codes).toEqual(['TX_BAD_SIGNATURE']);
  });

  it('rule: an unknown action is refused (TX_UNKNOWN_ACTION)', () => {
    expect(run([tx(0, 0, { action: 'erase' })]).codes).toEqual(['TX_UNKNOWN_ACTION']);
  });
});

describe('evidence rules', () => {
  it('rule (from version 2): a batch is committed by its log entry alone, and the state keeps nothing per hash', () => {
    const items = [{ hash: doc('a') }, { hash: doc('b'), label: 'contract 7' }];
    const { ledger, out } = run([tx(0, 0, { payload: { items } })]);
    expect(out.results[0]).toEqual({ code: 'ok', message: expect.any(String) });
    expect(out.entries[0]!.commitment).toEqual(batchRoot(suite, batchOfItems(items)));
    // Only the sender's account (its nonce) changed: no anchoring entry.
    expect(out.stateWrites.map((w) => toHex(w.key))).toEqual([toHex(accountKey(suite, 'bank'))]);
    expect(readAnchoring(suite, ledger.readers.state, doc('a'))).toBeUndefined();
    // Anchored again: another entry commits to it; the nodes' index keeps the first (node tests).
    const again = ledger.next({ time: T0 + 5000, txs: [tx(1, 0, { payload: { items: [items[0]!] } })], verifySignatures: true });
    expect(again.results[0]!.code).toBe('ok');
    expect(again.entries[0]!.commitment).toEqual(batchRoot(suite, batchOfItems([items[0]!])));
  });

  it('takes an action digest computed at admission (BlockInput.digests) for that very transaction object, and computes the others', () => {
    const items = [{ hash: doc('x') }];
    const [t0, t1] = [tx(0, 0, { payload: { items } }), tx(0, 1, { payload: { items } })];
    const given = new Uint8Array(32).fill(7); // the caller's word: why only the node's own threads give digests
    const out = new MemoryLedger(suite, genesis).next({ time: T0 + 1000, txs: [t0, t1], verifySignatures: true, digests: (t) => (t === t0 ? given : undefined) });
    expect(out.entries.map((e) => toHex(e.commitment))).toEqual([toHex(given), toHex(batchRoot(suite, batchOfItems(items)))]);
  });

  it('records the first anchoring of a hash, with height, time and sender (version 1)', () => {
    const { ledger } = run([tx(0, 0)], new MemoryLedger(suite, version1));
    const a = readAnchoring(suite, ledger.readers.state, doc('0/0'))!;
    expect(a).toMatchObject({ height: 1, time: T0 + 1000, sender: 'bank', logIndex: 0, position: 0 });
  });

  it('rule (version 1): the first anchoring stands when a hash is anchored again', () => {
    const { ledger } = run([tx(0, 0)], new MemoryLedger(suite, version1));
    const out = ledger.next({ time: T0 + 5000, txs: [tx(1, 0, { payload: { items: [{ hash: doc('0/0') }, { hash: doc('new') }] } })], verifySignatures: true });
    expect(out.results[0]).toMatchObject({ code: 'ok', data: { anchored: 1, alreadyAnchored: 1 } });
    expect(readAnchoring(suite, ledger.readers.state, doc('0/0'))!.sender).toBe('bank');
    expect(readAnchoring(suite, ledger.readers.state, doc('new'))!.sender).toBe('court');
  });

  it('rule: a batch over the limit is refused (EVIDENCE_BATCH_TOO_LARGE)', () => {
    const items = Array.from({ length: 101 }, (_, i) => ({ hash: doc(`big ${i}`) }));
    const { codes, ledger } = run([tx(0, 0, { payload: { items } })]);
    expect(codes).toEqual(['EVIDENCE_BATCH_TOO_LARGE']);
    expect(readAnchoring(suite, ledger.readers.state, doc('big 0'))).toBeUndefined();
    // The chain parameter (100) is checked when the action runs: the nonce is used.
    expect(readAccount(suite, ledger.readers.state, 'bank')!.nonce).toBe(1);
  });

  it('rule: a hash twice in one batch is refused (EVIDENCE_DUPLICATE_IN_BATCH)', () => {
    expect(run([tx(0, 0, { payload: { items: [{ hash: doc('x') }, { hash: doc('x') }] } })]).codes).toEqual(['EVIDENCE_DUPLICATE_IN_BATCH']);
  });

  it('rule: an empty batch, a short hash or an unknown field is refused', () => {
    expect(run([tx(0, 0, { payload: { items: [] } })]).codes).toEqual(['TX_BAD_PAYLOAD']);
    expect(run([tx(0, 0, { payload: { items: [{ hash: new Uint8Array(31) }] } })]).codes).toEqual(['ENCODING_BAD_SHAPE']);
    expect(run([tx(0, 0, { payload: { items: [{ hash: doc('a'), colour: 'red' }] } })]).codes).toEqual(['ENCODING_BAD_SHAPE']);
  });

  it('commits the batch root in the log entry', () => {
    const { out } = run([tx(0, 0)]);
    expect(out.entries[0]!.commitment.length).toBe(32);
    expect(out.entries[0]!.code).toBe('ok');
  });
});

describe('block execution', () => {
  it('advances height, log size and links to the previous block', () => {
    const { ledger, out } = run([tx(0, 0), tx(1, 0)]);
    expect(out.header.height).toBe(1);
    expect(out.header.logSize).toBe(2);
    expect(toHex(out.header.prev)).toBe(toHex(ledger.blocks[0]!.hash));
  });

  // Property: the state machine is deterministic and a failed transaction changes no state but
  // its sender's nonce. Random mixes of good and bad transactions, executed twice on fresh
  // ledgers, give byte-identical headers; executing only the good ones gives the same anchors.
  it('is deterministic over random transaction mixes (property)', () => {
    const txArb = fc.record({ sender: fc.integer({ min: 0, max: 2 }), fault: fc.constantFrom('none', 'none', 'none', 'nonce', 'chain', 'dup', 'sig'), doc: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(fc.array(txArb, { maxLength: 6 }), { minLength: 1, maxLength: 4 }), (blocks) => {
        const build = () => {
          const nonces = [0, 0, 0];
          return blocks.map((b) =>
            b.map(({ sender, fault, doc: d }) => {
              const items = fault === 'dup' ? [{ hash: doc(`d${d}`) }, { hash: doc(`d${d}`) }] : [{ hash: doc(`d${d}`) }];
              const nonce = fault === 'nonce' ? nonces[sender]! + 5 : nonces[sender]!;
              if (fault === 'none' || fault === 'dup') nonces[sender]!++;
              return tx(sender, nonce, { chain: fault === 'chain' ? 'elsewhere' : 'test-chain', payload: { items } }, fault === 'sig' ? seeds[(sender + 1) % 3] : seeds[sender]);
            }),
          );
        };
        const a = new MemoryLedger(suite, genesis);
        const b = new MemoryLedger(suite, genesis);
        const [ta, tb] = [build(), build()];
        ta.forEach((txs, i) => a.next({ time: T0 + i, txs, verifySignatures: true }));
        tb.forEach((txs, i) => b.next({ time: T0 + i, txs, verifySignatures: true }));
        expect(a.blocks.map((o) => toHex(o.hash))).toEqual(b.blocks.map((o) => toHex(o.hash)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('consensus data', () => {
  it('rule: a result message is not part of the results root (only code and data are)', async () => {
    const { encodeResultLeaf } = await import('./execute-block.js');
    const id = new Uint8Array(32);
    expect(toHex(encodeResultLeaf(id, { code: 'TX_BAD_NONCE', message: 'one wording' }))).toBe(toHex(encodeResultLeaf(id, { code: 'TX_BAD_NONCE', message: 'another wording' })));
  });
});
