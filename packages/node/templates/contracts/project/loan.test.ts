import assert from 'node:assert/strict';
import type { Tests } from '../src/sandbox';

const DAY = 86_400_000;

export default function (test: Tests) {
  test('a missed instalment files an overdue record when its grace period ends', (sb) => {
    const schedule = [1, 2].map((i) => ({ due: sb.now + i * 30 * DAY, amount: 5000 }));
    const { result } = sb.call('bank-clerk', 'propose', { borrower: 'enterprise', schedule, graceDays: 5, amountBand: 1, reference: 'L-1' });
    assert.deepEqual(result, { id: 1 });
    assert.equal(sb.call('enterprise', 'accept', { id: 1 }).code, 'ok');
    sb.advanceDays(34);
    assert.equal(sb.record(1), undefined); // within the grace period
    sb.advanceDays(2);
    assert.equal(sb.record(1)?.category, 'loan-overdue');
    assert.equal(sb.record(1)?.status, 'pending');
    assert.equal(sb.review([1]).code, 'ok');
    assert.equal(sb.record(1)?.status, 'published');
  });

  test('only the lender confirms repayments', (sb) => {
    sb.call('bank-clerk', 'propose', { borrower: 'enterprise', schedule: [{ due: sb.now + 30 * DAY, amount: 5000 }], amountBand: 1, reference: 'L-2' });
    sb.call('enterprise', 'accept', { id: 1 });
    assert.equal(sb.call('enterprise', 'repay', { id: 1, instalment: 1 }).code, 'CONTRACT_FAILED');
    assert.equal(sb.call('bank-clerk', 'repay', { id: 1, instalment: 1 }).code, 'ok');
    assert.equal(sb.record(1)?.category, 'on-time-repayment');
  });
}
