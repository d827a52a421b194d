// Contracts over the HTTP API of a dev node: deployed, approved and called with the SDK's
// builders; the list, one contract and a storage value are public, and with prove=true every
// entry they were read from is proven to the signed checkpoint — checked here offline with the
// SDK's openProvenEntries, a stored value and the absence of one alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditChainError, decodeCanonical, fromHex, getSuite } from '@creditchain/core';
import { contractKey, decodeMeta, storageKey } from '@creditchain/ledger';
import { approveContractTx, callContractTx, deployContractTx, openProvenEntries } from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';
import { compileContract } from './contract-compile.js';

const node = devNode({ prefix: 'cc-contracts-', overrides: { blockIntervalMs: 20 } });
const { as, signer, send } = node;
const suite = getSuite('intl');
const SOURCE = `export function add(args: { by: number }) { const n = (host.get<number>('n') ?? 0) + args.by; host.set('n', n); host.emit('added', { n }); return n; }`;
const fail = (message: string): never => {
  throw new CreditChainError('PROOF_INVALID', message);
};

beforeAll(() => node.start());
afterAll(() => node.stop());

describe('contracts over the API', () => {
  beforeAll(async () => {
    const { code, sourceHash } = compileContract(suite, SOURCE);
    expect((await send(deployContractTx({ ...(await signer('demo-bank')), name: 'counter', code, sourceHash }))).data).toMatchObject({ name: 'counter', version: 1, status: 'awaiting-approval', methods: ['add'] });
    await send(approveContractTx({ ...(await signer('demo-regulator')), name: 'counter', version: 1 }));
    const called = await send(callContractTx({ ...(await signer('demo-enterprise')), name: 'counter', method: 'add', args: { by: 7 } }));
    expect(called.data).toMatchObject({ result: 7, events: [{ contract: 'counter', name: 'added', data: { n: 7 } }] });
  });

  it('lists the contracts, and shows one with its versions and code', async () => {
    expect((await as().contracts()).contracts).toEqual([{ name: 'counter', org: 'bank-a', deployer: 'demo-bank', created: expect.any(Number), active: 1, latest: 1, categories: [], alarms: 0 }]);
    const c = await as().contract('counter');
    expect(c.versions).toMatchObject([{ version: 1, deployer: 'demo-bank', approvedBy: 'demo-regulator', sourceHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(c.code).toMatch(/exports\.add = add/);
    expect(c.proof).toBeUndefined();
    await expect(as().contract('nothing')).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
  });

  it('a view runs a method on the head state and writes nothing', async () => {
    const v = await as().contractView('counter', 'add', { by: 5 }, { as: 'demo-person' });
    expect(v).toMatchObject({ result: 12, events: [{ contract: 'counter', name: 'added', data: { n: 12 } }] });
    expect((await as().contractStorage('counter', 'n')).value).toBe(7);
    await expect(as().contractView('counter', 'onAlarm')).rejects.toMatchObject({ code: 'CONTRACT_NO_METHOD' });
    await expect(as().contractView('counter', 'add', { by: 1 }, { as: 'nobody' })).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('with prove, the contract and a storage value verify offline against the signed checkpoint', async () => {
    const f = { chainId: 'creditchain-dev', suite: 'intl', verifierKey: node.service.chain.verifierKey };
    const c = await as().contract('counter', { prove: true });
    const opened = openProvenEntries({ ...f, proof: c.proof! }, {}, 'contract', fail);
    expect(decodeMeta(decodeCanonical(opened.state.getState(contractKey(suite, 'counter'))!))).toMatchObject({ name: 'counter', active: 1 });

    const s = await as().contractStorage('counter', 'n', { prove: true });
    expect(s.value).toBe(7);
    const stored = openProvenEntries({ ...f, proof: s.proof! }, {}, 'storage value', fail).state.getState(storageKey(suite, 'counter', 'n'));
    expect(decodeCanonical(stored!)).toBe(7);

    const none = await as().contractStorage('counter', 'missing', { prove: true });
    expect(none.value).toBeNull();
    expect(openProvenEntries({ ...f, proof: none.proof! }, {}, 'storage value', fail).state.getState(storageKey(suite, 'counter', 'missing'))).toBeUndefined();

    const tampered = { ...s.proof!, entries: s.proof!.entries.map((e) => ({ ...e, value: e.value!.replace(/07$/, '08') })) };
    expect(() => openProvenEntries({ ...f, proof: tampered }, {}, 'storage value', fail)).toThrow(/not proven/);
    expect(fromHex(s.proof!.entries[0]!.key)).toEqual(storageKey(suite, 'counter', 'n'));
  });
});
