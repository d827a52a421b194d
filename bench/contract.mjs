// contract: contract calls per second, executed in blocks on an in-memory ledger with the node's
// own runtime (QuickJS, a fresh runtime and context per call) — an empty call, and the loan
// template's `propose` (reads two accounts, writes the loan, emits an event). Reference: the
// same ledger executing native evidence.anchor transactions (one hash each) in the same blocks,
// measured in the same run; the ratio says what running a contract costs against a built-in
// action. Signatures are checked at admission, not here (as the solo node does), so the figures
// are execution alone.
import { readFileSync } from 'node:fs';
import { getSuite, sha256, utf8 } from '@creditchain/core';
import { readAccount } from '@creditchain/ledger';
import { ContractSandbox, contractVm } from '@creditchain/node';

const BLOCK = 200;
const DAY = 86_400_000;

function measure(sb, makeTx, txs) {
  const built = [];
  for (let i = 0; i < txs; i += BLOCK) built.push(Array.from({ length: Math.min(BLOCK, txs - i) }, (_, j) => makeTx(i + j)));
  const t0 = performance.now();
  let ok = 0;
  let gas = 0;
  for (const block of built) {
    for (const r of sb.block(block)) {
      if (r.code !== 'ok') throw new Error(`${r.code}: ${r.message}`);
      ok++;
      gas += r.data?.gas ?? 0;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: ok / seconds, gas: ok > 0 ? Math.round(gas / ok) : 0 };
}

export async function run({ reference, quick } = {}) {
  const txs = quick ? 200 : Number(process.env.BENCH_CONTRACT_CALLS ?? 4000);
  const sb = new ContractSandbox(contractVm, { params: { contractApproval: 0 } });
  sb.deploy('empty', 'export function noop() { return null; }');
  sb.deploy('loan', readFileSync(new URL('../packages/node/templates/contracts/loan.ts', import.meta.url), 'utf8'), ['loan-overdue', 'on-time-repayment']);
  // Each measured block is built ahead with the senders' nonces, as a sequencer would.
  let next = readAccount(getSuite('intl'), sb.ledger.readers.state, 'bank-clerk').nonce;
  const take = () => next++;
  const native = measure(sb, (i) => sb.tx('bank-clerk', 'evidence.anchor', { items: [{ hash: sha256(utf8(`bench ${i}`)) }] }, take()), txs);
  const empty = measure(sb, () => sb.tx('bank-clerk', 'contracts.call', { name: 'empty', method: 'noop', args: null }, take()), txs);
  const schedule = [{ due: sb.now + 400 * DAY, amount: 10_000 }, { due: sb.now + 430 * DAY, amount: 10_000 }];
  const loan = measure(sb, (i) => sb.tx('bank-clerk', 'contracts.call', { name: 'loan', method: 'propose', args: { borrower: 'enterprise', schedule, graceDays: 5, amountBand: 2, reference: `L-${i}` } }, take()), txs);
  return {
    scenario: 'contract',
    figure: loan.perSecond,
    unit: 'loan-template calls/s (executed in blocks, one core)',
    reference: { name: 'native evidence.anchor tx/s (same ledger, same run)', figure: native.perSecond, unit: 'tx/s' },
    figures: {
      'empty call/s': empty.perSecond,
      'loan propose call/s': loan.perSecond,
      'native anchor tx/s': native.perSecond,
      'empty call / native': Number((empty.perSecond / native.perSecond).toFixed(4)),
      'gas per empty call': empty.gas,
      'gas per loan propose': loan.gas,
      ...(reference ? { 'verify-limit (Ed25519 verifies/s, all cores)': reference.figure } : {}),
    },
    parameters: { calls: txs, txsPerBlock: BLOCK, runtime: 'quickjs-emscripten 0.32.0, @jitl/quickjs-wasmfile-release-sync', freshRuntimePerCall: true },
  };
}
