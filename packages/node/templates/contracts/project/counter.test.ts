import assert from 'node:assert/strict';
import type { Tests } from '../src/sandbox';

export default function (test: Tests) {
  test('adds and reads back', (sb) => {
    assert.equal(sb.call('bank-clerk', 'add', { by: 2 }).result, 2);
    assert.equal(sb.call('enterprise', 'add', { by: 3 }).result, 5);
    assert.equal(sb.storage('count'), 5);
  });

  test('refuses a bad amount, and writes nothing', (sb) => {
    const r = sb.call('bank-clerk', 'add', { by: -1 });
    assert.equal(r.code, 'CONTRACT_FAILED');
    assert.equal(sb.storage('count'), undefined);
  });
}
