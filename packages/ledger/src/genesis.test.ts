import { describe, expect, it } from 'vitest';
import { decodeCanonical, getSuite, toHex } from '@creditchain/core';
import { genesisHash, genesisToJson, parseGenesis } from './genesis.js';
import { encodeParams, FIRST_PROTOCOL_VERSION, PROTOCOL_VERSION } from './modules/governance/params.js';

const suite = getSuite('intl');
const pub = toHex(suite.publicKeyOf(new Uint8Array(32).fill(1)));
const base = {
  chainId: 'c1',
  cryptoSuite: 'intl',
  genesisTime: '2026-01-01T00:00:00Z',
  orgs: [{ id: 'reg', name: 'Regulator', type: 'regulator', weight: 1, roles: ['admin', 'regulator'] }],
  accounts: [{ name: 'bank', org: 'reg', roles: ['admin'], keys: [{ publicKey: pub }] }],
};

describe('genesis', () => {
  it('round-trips through its JSON form with the same hash', () => {
    const g = parseGenesis(base);
    expect(toHex(genesisHash(suite, parseGenesis(genesisToJson(g))))).toBe(toHex(genesisHash(suite, g)));
  });

  it('rule: genesisTime needs a zone, so every node reads the same instant', () => {
    expect(() => parseGenesis({ ...base, genesisTime: '2026-01-01T00:00:00' })).toThrow(/zone/);
    expect(parseGenesis({ ...base, genesisTime: '2026-01-01T08:00:00+08:00' }).genesisTime).toBe(parseGenesis(base).genesisTime);
  });

  it('refuses bad chain ids, duplicate accounts, bad keys and unknown suites with NODE_BAD_CONFIG or CRYPTO_UNKNOWN_SUITE', () => {
    expect(() => parseGenesis({ ...base, chainId: 'Bad Id' })).toThrow(/chainId/);
    expect(() => parseGenesis({ ...base, accounts: [base.accounts[0], base.accounts[0]] })).toThrow(/twice/);
    expect(() => parseGenesis({ ...base, accounts: [{ name: 'x', org: 'reg', keys: [{ publicKey: 'zz' }] }] })).toThrow(/publicKey/);
    expect(() => parseGenesis({ ...base, accounts: [{ name: 'x', org: 'reg', roles: ['querier'], keys: [{ publicKey: pub }] }] })).toThrow(/does not hold the role querier/);
    expect(() => parseGenesis({ ...base, orgs: [{ ...base.orgs[0], type: 'bank' }] })).toThrow(/regulator/);
    expect(() => parseGenesis({ ...base, accounts: [{ name: 'x', org: 'nowhere', keys: [{ publicKey: pub }] }] })).toThrow(/founding organisation/);
    expect(() => parseGenesis({ ...base, cryptoSuite: 'rot13' })).toThrow(/rot13/);
    expect(() => parseGenesis({ ...base, params: { maxAnchorBatch: -1 } })).toThrow(/maxAnchorBatch/);
  });

  it("a network's genesis names its validators; they enter the hash, and a solo genesis's hash is as before", () => {
    const v = (name: string, fill: number, power = 10) => ({ name, publicKey: toHex(suite.publicKeyOf(new Uint8Array(32).fill(fill))), power });
    const net = parseGenesis({ ...base, validators: [v('node0', 2), v('node1', 3)] });
    expect(net.validators!.map((x) => [x.name, x.power])).toEqual([['node0', 10], ['node1', 10]]);
    expect(toHex(genesisHash(suite, net))).not.toBe(toHex(genesisHash(suite, parseGenesis(base))));
    expect(toHex(genesisHash(suite, parseGenesis(genesisToJson(net))))).toBe(toHex(genesisHash(suite, net)));
    expect(genesisToJson(parseGenesis(base))).not.toHaveProperty('validators');
    expect(() => parseGenesis({ ...base, validators: [v('node0', 2), v('node0', 3)] })).toThrow(/"node0" appears twice/);
    expect(() => parseGenesis({ ...base, validators: [v('node0', 2), v('node1', 2)] })).toThrow(/key appears twice/);
    expect(() => parseGenesis({ ...base, validators: [v('node0', 2, 0)] })).toThrow(/power of at least 1/);
    expect(() => parseGenesis({ ...base, validators: [{ name: 'node0', publicKey: 'zz', power: 1 }] })).toThrow(/32-byte Ed25519/);
    expect(() => parseGenesis({ ...base, validators: [] })).toThrow(/1 to 300/);
  });

  it('a genesis that names no protocol version is version 1, with the hash and stored parameters it had before versions existed', () => {
    const v1 = parseGenesis(base);
    expect(v1.params.protocolVersion).toBe(FIRST_PROTOCOL_VERSION);
    expect(genesisToJson(v1).params).not.toHaveProperty('protocolVersion');
    expect(decodeCanonical(encodeParams(v1.params))).not.toHaveProperty('protocolVersion');
    // Named explicitly as 1: the same chain.
    expect(toHex(genesisHash(suite, parseGenesis({ ...base, params: { protocolVersion: 1 } })))).toBe(toHex(genesisHash(suite, v1)));
    const current = parseGenesis({ ...base, params: { protocolVersion: PROTOCOL_VERSION } });
    expect(current.params.protocolVersion).toBe(3);
    expect(toHex(genesisHash(suite, current))).not.toBe(toHex(genesisHash(suite, v1)));
    expect(genesisToJson(current).params).toMatchObject({ protocolVersion: 3 });
    expect(decodeCanonical(encodeParams(current.params))).toMatchObject({ protocolVersion: 3 });
    expect(() => parseGenesis({ ...base, params: { protocolVersion: 4 } })).toThrow(/protocolVersion must be an integer from 1 to 3/);
  });
});
