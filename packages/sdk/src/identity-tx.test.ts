import { describe, expect, it } from 'vitest';
import { decodeSignedTx, getSuite, verifyTxSignatures } from '@creditchain/core';
import { addKeyTx, accountKeyOf, createAccountTx, proposeTx, revokeKeyTx, rotateKeyTx, setRolesTx, voteTx } from './identity-tx.js';
import { keyPairFromSeed } from './keys.js';

const suite = getSuite('intl');
const admin = keyPairFromSeed('intl', new Uint8Array(32).fill(1), 'demo-regulator');
const other = keyPairFromSeed('intl', new Uint8Array(32).fill(2), 'bank-c-admin');
const third = keyPairFromSeed('intl', new Uint8Array(32).fill(3));
const signer = { suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-regulator', nonce: 4, expires: 100, seed: admin.seed };

const decode = (bytes: Uint8Array) => {
  const tx = decodeSignedTx(suite, bytes);
  verifyTxSignatures(tx);
  return tx.body;
};

describe('governance transactions', () => {
  it('proposes admitting an organisation with its admin key, as the ledger reads it', () => {
    const tx = proposeTx({
      ...signer,
      proposal: { kind: 'admit-org', org: { id: 'bank-c', name: 'Bank C', type: 'bank', weight: 1, roles: ['admin', 'submitter'] }, admin: { name: 'bank-c-admin', keys: [accountKeyOf(other)] } },
    });
    const body = decode(tx.bytes);
    expect(body).toMatchObject({ module: 'governance', action: 'propose', sender: 'demo-regulator', nonce: 4, expires: 100 });
    expect(body.payload).toEqual({
      kind: 'admit-org',
      proposal: {
        org: { id: 'bank-c', name: 'Bank C', type: 'bank', weight: 1, roles: ['admin', 'submitter'], categories: [] },
        admin: { name: 'bank-c-admin', keys: [{ alg: 'ed25519', key: other.publicKey }] },
      },
    });
  });

  it('leaves out the fields an update does not change, and checks every kind before signing', () => {
    expect(decode(proposeTx({ ...signer, proposal: { kind: 'update-org', id: 'bank-a', weight: 2 } }).bytes).payload).toEqual({ kind: 'update-org', proposal: { id: 'bank-a', weight: 2 } });
    expect(decode(proposeTx({ ...signer, proposal: { kind: 'suspend-org', id: 'bank-a' } }).bytes).payload).toEqual({ kind: 'suspend-org', proposal: { id: 'bank-a' } });
    expect(() => proposeTx({ ...signer, proposal: { kind: 'set-param', name: 'govApproval', value: 10 } })).toThrow(expect.objectContaining({ code: 'GOV_BAD_PROPOSAL' }));
    expect(() => proposeTx({ ...signer, proposal: { kind: 'set-param', name: 'nothing', value: 10 } })).toThrow(expect.objectContaining({ code: 'GOV_BAD_PROPOSAL' }));
    expect(() => proposeTx({ ...signer, proposal: { kind: 'dissolve' } as never })).toThrow(expect.objectContaining({ code: 'GOV_BAD_PROPOSAL' }));
    expect(() =>
      proposeTx({ ...signer, proposal: { kind: 'admit-org', org: { id: 'Bank C', name: 'x', type: 'bank', weight: 1, roles: ['admin'] }, admin: { name: 'a', keys: [accountKeyOf(other)] } } }),
    ).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
    expect(() => proposeTx({ ...signer, proposal: { kind: 'admit-org', org: { id: 'c', name: 'x', type: 'bank', weight: 1, roles: ['admin'] }, admin: { name: 'a', keys: [] } } })).toThrow(
      expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }),
    );
  });

  it('votes yes or no, and nothing else', () => {
    expect(decode(voteTx({ ...signer, proposal: 3, vote: 'no' }).bytes)).toMatchObject({ action: 'vote', payload: { proposal: 3, vote: 'no' } });
    expect(() => voteTx({ ...signer, proposal: 3, vote: 'maybe' as never })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }));
    expect(() => voteTx({ ...signer, proposal: -1, vote: 'yes' })).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
  });
});

describe('account and key transactions', () => {
  it('creates an account and sets its roles', () => {
    const body = decode(createAccountTx({ ...signer, name: 'bank-c-sub', roles: ['submitter'], keys: [accountKeyOf(third)] }).bytes);
    expect(body).toMatchObject({ module: 'identity', action: 'create-account' });
    expect(body.payload).toEqual({ name: 'bank-c-sub', roles: ['submitter'], keys: [{ alg: 'ed25519', key: third.publicKey }] });
    expect(decode(createAccountTx({ ...signer, name: 'm', roles: [], keys: [accountKeyOf(third), accountKeyOf(other)], threshold: 2 }).bytes).payload).toMatchObject({ threshold: 2 });
    expect(decode(setRolesTx({ ...signer, account: 'bank-c-sub', roles: ['submitter', 'reviewer'] }).bytes).payload).toEqual({ account: 'bank-c-sub', roles: ['submitter', 'reviewer'] });
    expect(() => createAccountTx({ ...signer, name: 'x', roles: ['boss'], keys: [accountKeyOf(third)] })).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
    expect(() => createAccountTx({ ...signer, name: 'x', roles: [], keys: [] })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }));
    expect(() => createAccountTx({ ...signer, name: 'x', roles: [], keys: [accountKeyOf(third)], threshold: 2 })).toThrow(expect.objectContaining({ code: 'TX_BAD_PAYLOAD' }));
    expect(() => createAccountTx({ ...signer, name: 'x', roles: [], keys: [{ alg: 'ed25519', key: new Uint8Array(31) }] })).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
  });

  it('adds, rotates and revokes keys', () => {
    expect(decode(addKeyTx({ ...signer, account: 'a', key: accountKeyOf(third) }).bytes)).toMatchObject({ action: 'add-key', payload: { account: 'a', key: { alg: 'ed25519', key: third.publicKey } } });
    expect(decode(rotateKeyTx({ ...signer, account: 'a', old: other.publicKey, key: accountKeyOf(third), until: 50 }).bytes)).toMatchObject({
      action: 'rotate-key',
      payload: { account: 'a', old: other.publicKey, key: { alg: 'ed25519', key: third.publicKey }, until: 50 },
    });
    expect(decode(revokeKeyTx({ ...signer, account: 'a', key: other.publicKey }).bytes)).toMatchObject({ action: 'revoke-key', payload: { account: 'a', key: other.publicKey } });
    expect(() => rotateKeyTx({ ...signer, account: 'a', old: other.publicKey, key: { alg: 'rsa', key: third.publicKey }, until: 5 })).toThrow(expect.objectContaining({ code: 'CRYPTO_UNKNOWN_ALG' }));
    expect(() => revokeKeyTx({ ...signer, account: 'A', key: other.publicKey })).toThrow(expect.objectContaining({ code: 'ENCODING_BAD_SHAPE' }));
  });
});
