// The contract module's rules, each with the code it refuses with (README.md).
import { toHex } from '@creditchain/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readList } from '../../state-lists.js';
import { readStoredRecord } from '../credit/records.js';
import { readAlarms } from './alarms.js';
import { CONTRACTS_MODULE, readContractVersion, readMeta, storageKey } from './state.js';
import { ACME, call, contractsConsortium, DAY, deploy, loadTestVm, send, sourceHash } from './test-fixture.js';
import type { ContractVm } from './vm.js';
import { suite } from '../../test-support.js';

let vm: ContractVm;
beforeAll(async () => {
  vm = await loadTestVm();
});

const COUNTER = `
exports.add = function (args) {
  const n = (host.get('n') || 0) + args.by;
  host.set('n', n);
  host.emit('added', { by: args.by, n: n });
  return n;
};
exports.fail = function () { host.set('n', 999); throw new Error('no, thank you'); };
exports.whoami = function () { return host.caller; };
exports._private = function () { return 1; };
exports.onAlarm = function (a) { host.set('woken', a); };
exports.wake = function (args) { host.scheduleAlarm(args.at, { note: args.note }); };
exports.file = function (args) { return host.fileRecord(args); };
exports.callOther = function (args) { return host.call(args.name, args.method, args.args); };
`;

const stored = (c: ReturnType<typeof contractsConsortium>, name: string, key: string) => c.ledger.readers.state.getState(storageKey(suite, name, key));

describe('contracts: deploy, approve, upgrade', () => {
  it('an organisation admin deploys; the version waits for a regulator (contractApproval = 1)', () => {
    const c = contractsConsortium(vm);
    const r = send(c, 'admin', 'contracts.deploy', { name: 'counter', code: COUNTER, sourceHash: sourceHash(COUNTER) });
    expect(r.code).toBe('ok');
    expect(r.data).toMatchObject({ name: 'counter', version: 1, status: 'awaiting-approval' });
    expect((r.data as { methods: string[] }).methods).toEqual(['add', 'fail', 'whoami', '_private', 'onAlarm', 'wake', 'file', 'callOther']);
    expect(readMeta(suite, c.ledger.readers.state, 'counter')).toMatchObject({ org: 'bank', active: 0, latest: 1, categories: [] });
    expect(call(c, 'clerk', 'counter', 'add', { by: 1 }).code).toBe('CONTRACT_NOT_APPROVED');
    expect(send(c, 'admin', 'contracts.approve', { name: 'counter', version: 1 }).code).toBe('PERMISSION_DENIED');
    expect(send(c, 'reg', 'contracts.approve', { name: 'counter', version: 1 }).code).toBe('ok');
    expect(call(c, 'clerk', 'counter', 'add', { by: 1 }).code).toBe('ok');
    expect(readContractVersion(suite, c.ledger.readers.state, 'counter', 1)).toMatchObject({ approvedBy: 'reg', deployer: 'admin' });
  });

  it('with contractApproval = 0 a deployment is callable at once', () => {
    const c = contractsConsortium(vm, { contractApproval: 0 });
    expect(send(c, 'admin', 'contracts.deploy', { name: 'counter', code: COUNTER, sourceHash: sourceHash(COUNTER) }).data).toMatchObject({ status: 'active' });
    expect(call(c, 'clerk', 'counter', 'add', { by: 2 }).data?.result).toBe(2);
  });

  it('refuses: no admin role, a taken name, code that does not load or exports nothing', () => {
    const c = contractsConsortium(vm);
    expect(send(c, 'clerk', 'contracts.deploy', { name: 'x', code: COUNTER, sourceHash: sourceHash(COUNTER) }).code).toBe('PERMISSION_DENIED');
    expect(deploy(c, 'counter', COUNTER).code).toBe('ok');
    expect(send(c, 'other', 'contracts.deploy', { name: 'counter', code: COUNTER, sourceHash: sourceHash(COUNTER) }).code).toBe('CONTRACT_EXISTS');
    const syntax = send(c, 'admin', 'contracts.deploy', { name: 'bad', code: 'exports.f = function ( {', sourceHash: sourceHash('x') });
    expect(syntax.code).toBe('CONTRACT_BAD_CODE');
    expect(syntax.message).toMatch(/SyntaxError/);
    expect(send(c, 'admin', 'contracts.deploy', { name: 'empty', code: 'var x = 1;', sourceHash: sourceHash('x') }).code).toBe('CONTRACT_BAD_CODE');
    expect(send(c, 'admin', 'contracts.deploy', { name: 'Bad Name', code: COUNTER, sourceHash: sourceHash('x') }).code).toBe('ENCODING_BAD_SHAPE');
  });

  it('approval names only categories the deploying organisation may source', () => {
    const c = contractsConsortium(vm);
    expect(deploy(c, 'counter', COUNTER, [], false).code).toBe('ok');
    expect(send(c, 'reg', 'contracts.approve', { name: 'counter', version: 1, categories: ['admin-penalty-minor'] }).code).toBe('CATEGORY_NOT_ALLOWED');
    expect(send(c, 'reg', 'contracts.approve', { name: 'counter', version: 2, categories: [] }).code).toBe('CONTRACT_NOT_FOUND');
    expect(send(c, 'reg', 'contracts.approve', { name: 'nope', version: 1, categories: [] }).code).toBe('CONTRACT_NOT_FOUND');
    expect(send(c, 'reg', 'contracts.approve', { name: 'counter', version: 1, categories: ['loan-overdue'] }).code).toBe('ok');
    expect(readMeta(suite, c.ledger.readers.state, 'counter')!.categories).toEqual(['loan-overdue']);
  });

  it('an upgrade keeps the state and every version; the old code runs until the new one is approved', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER, ['loan-overdue']);
    expect(call(c, 'clerk', 'counter', 'add', { by: 5 }).data?.result).toBe(5);
    const v2 = COUNTER.replace("+ args.by", "+ args.by * 10");
    expect(send(c, 'other', 'contracts.upgrade', { name: 'counter', code: v2, sourceHash: sourceHash(v2) }).code).toBe('CONTRACT_NOT_OWNER');
    expect(send(c, 'admin', 'contracts.upgrade', { name: 'counter', code: v2, sourceHash: sourceHash(v2) }).data).toMatchObject({ version: 2, status: 'awaiting-approval' });
    expect(call(c, 'clerk', 'counter', 'add', { by: 1 }).data?.result).toBe(6);
    expect(send(c, 'reg', 'contracts.approve', { name: 'counter', version: 2, categories: [] }).code).toBe('ok');
    expect(call(c, 'clerk', 'counter', 'add', { by: 1 }).data?.result).toBe(16);
    expect(send(c, 'reg', 'contracts.approve', { name: 'counter', version: 1, categories: [] }).code).toBe('TX_BAD_PAYLOAD');
    const s = c.ledger.readers.state;
    expect(readMeta(suite, s, 'counter')).toMatchObject({ active: 2, latest: 2, categories: [] });
    expect(toHex(readContractVersion(suite, s, 'counter', 1)!.sourceHash)).toBe(toHex(sourceHash(COUNTER)));
    expect(toHex(readContractVersion(suite, s, 'counter', 2)!.sourceHash)).toBe(toHex(sourceHash(v2)));
  });
});

describe('contracts: calls', () => {
  it('a call returns its result, gas and events; its storage is in the state tree', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER);
    const r = call(c, 'clerk', 'counter', 'add', { by: 3 });
    expect(r.code).toBe('ok');
    expect(r.data).toMatchObject({ result: 3, events: [{ contract: 'counter', name: 'added', data: { by: 3, n: 3 } }] });
    expect(r.data!.gas).toBeGreaterThan(20_000);
    expect(stored(c, 'counter', 'n')).toEqual(new Uint8Array([3]));
  });

  it('a contract that throws fails with CONTRACT_FAILED and its message; its writes are discarded', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER);
    call(c, 'clerk', 'counter', 'add', { by: 1 });
    const r = call(c, 'clerk', 'counter', 'fail');
    expect(r.code).toBe('CONTRACT_FAILED');
    expect(r.message).toMatch(/^The contract failed: Error: no, thank you Gas used: \d+\.$/);
    expect(stored(c, 'counter', 'n')).toEqual(new Uint8Array([1]));
  });

  it('refuses methods that are missing, private or the ledger’s, and values that are not integer JSON', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER);
    expect(call(c, 'clerk', 'counter', 'nothing').code).toBe('CONTRACT_NO_METHOD');
    expect(call(c, 'clerk', 'counter', '_private').code).toBe('CONTRACT_NO_METHOD');
    expect(call(c, 'clerk', 'counter', 'onAlarm').code).toBe('CONTRACT_NO_METHOD');
    expect(call(c, 'clerk', 'counter', 'add', { by: new Uint8Array(2) }).code).toBe('CONTRACT_BAD_VALUE');
    expect(call(c, 'clerk', 'nobody', 'add').code).toBe('CONTRACT_NOT_FOUND');
    const c2 = contractsConsortium(vm);
    deploy(c2, 'f', 'exports.half = function () { host.set("x", 0.5); };');
    expect(call(c2, 'clerk', 'f', 'half').code).toBe('CONTRACT_BAD_VALUE');
  });

  it('the caller is the sender: its account, organisation, roles and subject reference', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER);
    expect(call(c, 'clerk', 'counter', 'whoami').data?.result).toEqual({ kind: 'account', account: 'clerk', org: 'bank', roles: ['submitter'], subject: null, contract: null });
    expect(call(c, 'acme', 'counter', 'whoami').data?.result).toMatchObject({ account: 'acme', org: null, subject: toHex(ACME) });
  });

  it('a contract calls another, at most 4 deep, sharing the gas; a failed inner call leaves no write', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER);
    deploy(c, 'proxy', COUNTER);
    const r = call(c, 'clerk', 'proxy', 'callOther', { name: 'counter', method: 'add', args: { by: 4 } });
    expect(r.data).toMatchObject({ result: 4, events: [{ contract: 'counter', name: 'added' }] });
    expect(call(c, 'clerk', 'proxy', 'callOther', { name: 'counter', method: 'whoami' }).data?.result).toMatchObject({ kind: 'contract', contract: 'proxy', org: 'bank' });
    expect(call(c, 'clerk', 'proxy', 'callOther', { name: 'counter', method: 'fail' }).code).toBe('CONTRACT_FAILED');
    expect(stored(c, 'counter', 'n')).toEqual(new Uint8Array([4]));
    const deep = (n: number): object => (n === 0 ? { name: 'counter', method: 'add', args: { by: 1 } } : { name: 'proxy', method: 'callOther', args: deep(n - 1) });
    expect(call(c, 'clerk', 'proxy', 'callOther', deep(2)).code).toBe('ok');
    expect(call(c, 'clerk', 'proxy', 'callOther', deep(3)).code).toBe('CONTRACT_LIMIT');
  });

  it('files a credit record only in an approved category, pending review as its organisation', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER, ['loan-overdue']);
    const rec = { subject: toHex(ACME), subjectKind: 'enterprise', category: 'loan-overdue', occurred: '2023-11-14', amountBand: 2 };
    expect(call(c, 'clerk', 'counter', 'file', { ...rec, category: 'loan-default' }).code).toBe('CONTRACT_CATEGORY_NOT_APPROVED');
    expect(call(c, 'clerk', 'counter', 'file', { ...rec, occurred: '2099-01-01' }).code).toBe('RECORD_BAD_DATE');
    const r = call(c, 'clerk', 'counter', 'file', rec);
    expect(r.data?.result).toEqual({ id: 1 });
    const record = readStoredRecord(suite, c.ledger.readers.state, 1);
    expect(record).toMatchObject({ source: 'bank', submitter: 'contract:counter', status: 'pending', category: 'loan-overdue' });
    expect(readList(suite, c.ledger.readers.state, CONTRACTS_MODULE, 'records/counter')).toEqual([1]);
    expect(send(c, 'reviewer', 'credit.review', { ids: [1], decision: 'publish' }).code).toBe('ok');
  });

  it('an alarm runs onAlarm at the end of the first block at or after its time, in order', () => {
    const c = contractsConsortium(vm);
    deploy(c, 'counter', COUNTER);
    const at = c.now + DAY;
    expect(call(c, 'clerk', 'counter', 'wake', { at: at + 5, note: 'second' }).code).toBe('ok');
    expect(call(c, 'clerk', 'counter', 'wake', { at, note: 'first' }).code).toBe('ok');
    expect(readAlarms(suite, c.ledger.readers.state).map((a) => a.time)).toEqual([at, at + 5]);
    expect(readMeta(suite, c.ledger.readers.state, 'counter')!.alarms).toBe(2);
    c.blockAt(at - 1);
    expect(stored(c, 'counter', 'woken')).toBeUndefined();
    c.blockAt(at);
    expect(readAlarms(suite, c.ledger.readers.state)).toHaveLength(1);
    c.blockAt(at + 10);
    expect(readAlarms(suite, c.ledger.readers.state)).toHaveLength(0);
    expect(readMeta(suite, c.ledger.readers.state, 'counter')!.alarms).toBe(0);
    expect(stored(c, 'counter', 'woken')).toBeDefined();
  });
});
