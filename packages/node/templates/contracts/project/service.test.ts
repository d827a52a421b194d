import assert from 'node:assert/strict';
import type { Tests } from '../src/sandbox';

const DAY = 86_400_000;
const WORK = 'ab'.repeat(32); // the delivered work's hash

export default function (test: Tests) {
  test('a milestone is delivered, confirmed and paid from escrow with an invoice', (sb) => {
    sb.call('bank-clerk', 'publish', { title: 'Portal', provider: 'enterprise', milestones: [{ name: 'design', amount: 3000, due: sb.now + 10 * DAY }] });
    assert.equal(sb.call('enterprise', 'accept', { id: 1 }).code, 'ok');
    sb.call('bank-clerk', 'fund', { id: 1, amount: 3000 });
    sb.call('enterprise', 'deliver', { id: 1, milestone: 1, evidence: WORK });
    assert.deepEqual(sb.call('bank-clerk', 'confirm', { id: 1, milestone: 1 }).result, { invoice: `${sb.contract}-1-1`, escrow: 0, paid: 3000, status: 'completed' });
  });

  test('the client that stays silent past the review period is paid out by the contract', (sb) => {
    sb.call('bank-clerk', 'publish', { title: 'Portal', milestones: [{ name: 'all', amount: 500, due: sb.now + 10 * DAY }], reviewDays: 3 });
    sb.call('person', 'accept', { id: 1 });
    sb.call('bank-clerk', 'fund', { id: 1, amount: 500 });
    sb.call('person', 'deliver', { id: 1, milestone: 1, evidence: WORK });
    sb.advanceDays(4);
    assert.equal((sb.storage('task/1') as { status: string }).status, 'completed');
  });
}
