// Hostile contracts: each fails cleanly with the code naming what it hit, its writes discarded,
// the gas it used reported — and the ledger goes on: the next call of a good contract works.
import { beforeAll, describe, expect, it } from 'vitest';
import { storageKey } from './state.js';
import { call, contractsConsortium, deploy, loadTestVm } from './test-fixture.js';
import type { ContractVm } from './vm.js';
import { suite } from '../../test-support.js';

let vm: ContractVm;
beforeAll(async () => {
  vm = await loadTestVm();
});

const HOSTILE = `
exports.now = function () { host.set('x', 1); return Date.now(); };
exports.newDate = function () { return String(new Date()); };
exports.random = function () { host.set('x', 1); return Math.random(); };
exports.evil = function () { return eval('1 + 1'); };
exports.fn = function () { return Function('return 1')(); };
exports.fnCtor = function () { return (function () {}).constructor('return 1')(); };
exports.asyncCtor = function () { return (async function () {}).constructor('return 1'); };
exports.timers = function () { return [typeof setTimeout, typeof WebAssembly, typeof WeakRef, typeof FinalizationRegistry, typeof require, typeof process]; };
exports.loop = function () { host.set('x', 1); for (;;) {} };
exports.catchLoop = function () { for (;;) { try { for (;;) {} } catch (e) {} } };
exports.memory = function () { host.set('x', 1); const a = []; for (;;) a.push(new Array(100000).fill(7)); };
exports.smallBomb = function () { host.set('x', 1); const a = []; for (;;) a.push({ i: a.length, s: 'item ' + a.length }); };
exports.nest = function (args) { if (args.n > 0) return host.call('hostile', 'nest', { n: args.n - 1 }); const f = (n) => f(n + 1) + 1; return f(0); };
exports.recurse = function () { host.set('x', 1); const f = (n) => f(n + 1) + 1; return f(0); };
exports.bigWrite = function () { host.set('x', 'y'.repeat(70000)); };
exports.manyWrites = function () { for (let i = 0; ; i++) host.set('k' + i, 'y'.repeat(60000)); };
exports.promise = async function () { return 1; };
exports.ok = function () { host.set('ok', (host.get('ok') || 0) + 1); return 'fine'; };
`;

function hostile(params: Record<string, number> = {}) {
  const c = contractsConsortium(vm, params);
  expect(deploy(c, 'hostile', HOSTILE).code).toBe('ok');
  return c;
}

const x = (c: ReturnType<typeof hostile>) => c.ledger.readers.state.getState(storageKey(suite, 'hostile', 'x'));

describe('hostile contracts fail cleanly', () => {
  it.each([
    ['now', /Date is not available in a contract; use host.block.time/],
    ['newDate', /Date is not available/],
    ['random', /Math.random is not available in a contract; use host.seed/],
    ['evil', /'eval' is not defined/],
    ['fn', /Making functions from strings/],
    ['fnCtor', /Making functions from strings/],
    ['asyncCtor', /Making functions from strings/],
    ['promise', /must be synchronous/],
  ])('%s() fails with CONTRACT_FAILED', (method, message) => {
    const c = hostile();
    const r = call(c, 'clerk', 'hostile', method);
    expect(r.code).toBe('CONTRACT_FAILED');
    expect(r.message).toMatch(message);
    expect(x(c)).toBeUndefined();
    expect(call(c, 'clerk', 'hostile', 'ok').data?.result).toBe('fine');
  });

  it('no timers, WebAssembly, weak references, require or process exist', () => {
    const c = hostile();
    expect(call(c, 'clerk', 'hostile', 'timers').data?.result).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('an infinite loop runs out of gas at the limit, even if it catches errors', () => {
    const c = hostile();
    for (const method of ['loop', 'catchLoop']) {
      const r = call(c, 'clerk', 'hostile', method, null, 2_000_000);
      expect(r.code).toBe('CONTRACT_OUT_OF_GAS');
      expect(r.message).toMatch(/used all of its 2,000,000 gas.*Gas used: 2000000\.$/);
    }
    expect(x(c)).toBeUndefined();
    expect(call(c, 'clerk', 'hostile', 'ok').data?.result).toBe('fine');
  });

  it.each(['memory', 'smallBomb'])('a memory bomb (%s) fails with CONTRACT_OUT_OF_MEMORY', (method) => {
    // The most gas governance may allow: a big heap costs gas at every tick, so the memory limit is met first.
    const c = hostile({ contractGasLimit: 1_000_000_000 });
    const r = call(c, 'clerk', 'hostile', method, null, 1_000_000_000);
    expect(r.code).toBe('CONTRACT_OUT_OF_MEMORY');
    expect(r.message).toMatch(/memory limit of 32 MiB/);
    expect(x(c)).toBeUndefined();
    expect(call(c, 'clerk', 'hostile', 'ok').data?.result).toBe('fine');
  });

  it('deep recursion fails with CONTRACT_STACK_OVERFLOW', () => {
    const c = hostile();
    const r = call(c, 'clerk', 'hostile', 'recurse');
    expect(r.code).toBe('CONTRACT_STACK_OVERFLOW');
    expect(x(c)).toBeUndefined();
    expect(call(c, 'clerk', 'hostile', 'ok').data?.result).toBe('fine');
  });

  it('deep recursion at the deepest nested call fails the same way, and the node stack is untouched', () => {
    const c = hostile();
    const r = call(c, 'clerk', 'hostile', 'nest', { n: 3 });
    expect(r.code).toBe('CONTRACT_STACK_OVERFLOW');
    expect(call(c, 'clerk', 'hostile', 'ok').data?.result).toBe('fine');
  });

  it('huge storage writes hit the value limit, or run out of gas', () => {
    const c = hostile();
    expect(call(c, 'clerk', 'hostile', 'bigWrite').code).toBe('CONTRACT_LIMIT');
    expect(call(c, 'clerk', 'hostile', 'manyWrites').code).toBe('CONTRACT_OUT_OF_GAS');
    expect(c.ledger.readers.state.getState(storageKey(suite, 'hostile', 'k0'))).toBeUndefined();
    expect(call(c, 'clerk', 'hostile', 'ok').data?.result).toBe('fine');
  });
});
