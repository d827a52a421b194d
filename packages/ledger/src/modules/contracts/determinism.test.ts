// The same transactions on two fresh ledgers, each with its own instance of the runtime (as two
// nodes have), give identical state roots, results and gas — and the same call on fresh runtimes
// burns the same gas every time: each call starts from a fresh runtime and context, so QuickJS's
// interrupt counter counts the same ticks.
import { toHex } from '@creditchain/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME, call, contractsConsortium, DAY, deploy, loadFreshVm, send } from './test-fixture.js';
import { GasMeter, runInVm, type ContractVm } from './vm.js';

let vmA: ContractVm;
let vmB: ContractVm;
beforeAll(async () => {
  vmA = await loadFreshVm();
  vmB = await loadFreshVm();
});

const WORK = `
exports.work = function (args) {
  let h = 7;
  const xs = [];
  for (let i = 0; i < args.n; i++) { h = (h * 31 + i) % 1000003; if (i % 100 === 0) xs.push({ i: i, h: h, s: String(h) }); }
  xs.sort(function (a, b) { return a.h - b.h; });
  host.set('h', h);
  host.set('seed', host.seed);
  host.emit('done', { h: h, first: xs[0].i });
  if (args.alarm) host.scheduleAlarm(host.block.time + args.alarm, { h: h });
  return h;
};
exports.file = function () { return host.fileRecord({ subject: '${toHex(ACME)}', subjectKind: 'enterprise', category: 'loan-overdue', occurred: host.block.date, amountBand: 1 }); };
exports.onAlarm = function (a) { host.set('alarm', a.data.h + host.get('h')); };
exports.boom = function () { for (;;) {} };
`;

function scenario(vm: ContractVm) {
  const c = contractsConsortium(vm);
  deploy(c, 'work', WORK, ['loan-overdue']);
  const results = [
    call(c, 'clerk', 'work', 'work', { n: 50_000 }),
    call(c, 'acme', 'work', 'work', { n: 123_456, alarm: DAY }),
    call(c, 'clerk', 'work', 'file'),
    call(c, 'clerk', 'work', 'boom', null, 5_000_000),
  ];
  c.blockAt(c.now + 2 * DAY);
  results.push(send(c, 'reviewer', 'credit.review', { ids: [1], decision: 'publish' }));
  return { results, roots: c.ledger.blocks.map((b) => toHex(b.header.stateRoot)) };
}

describe('determinism', () => {
  it('the same call on fresh runtimes, of one engine and of two, burns the same gas', () => {
    const code = 'exports.f = function (a) { let s = 0; for (let i = 0; i < a.n; i++) s += i % 7; return s; };';
    const env = JSON.stringify({ contract: {}, caller: null, block: {}, seed: '', args: null });
    const gas = [vmA, vmA, vmB, vmB, vmA].map((vm) => {
      const meter = new GasMeter(100_000_000);
      expect(runInVm(vm, code, 'f', '{"n":300000}', env, {}, meter)).toBe('899997');
      return meter.used;
    });
    expect(new Set(gas).size).toBe(1);
    expect(gas[0]).toBeGreaterThan(20 * 10_000);
  });

  it('two fresh ledgers with two engines: identical state roots, results and gas', () => {
    const a = scenario(vmA);
    const b = scenario(vmB);
    expect(a.results.map((r) => r.code)).toEqual(['ok', 'ok', 'ok', 'CONTRACT_OUT_OF_GAS', 'ok']);
    expect(b.results).toEqual(a.results);
    expect(b.roots).toEqual(a.roots);
    const gas = a.results.slice(0, 3).map((r) => (r.data as { gas: number }).gas);
    expect(gas[1]).toBeGreaterThan(gas[0]!);
  });
});
