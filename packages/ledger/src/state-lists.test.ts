// The state's lists, sets and tallies: a set stays exact through any mix of adds and removes
// (checked against a plain Set), and a tally counts by key.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StateOverlay } from './overlay.js';
import { addToSet, addToTally, readSet, readTally, removeFromSet, setSize } from './state-lists.js';
import { suite } from './test-support.js';

const empty = { getState: () => undefined };

describe('state sets', () => {
  it('hold exactly the ids added and not removed since, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 12 })), { maxLength: 60 }), (ops) => {
        const state = new StateOverlay(empty);
        const model = new Set<number>();
        for (const [add, id] of ops) {
          if (add) {
            addToSet(suite, state, 'm', 'queue', id);
            model.add(id);
          } else {
            removeFromSet(suite, state, 'm', 'queue', id);
            model.delete(id);
          }
        }
        expect(readSet(suite, state, 'm', 'queue').sort((a, b) => a - b)).toEqual([...model].sort((a, b) => a - b));
        expect(setSize(suite, state, 'm', 'queue')).toBe(model.size);
        // An emptied set leaves no entry behind.
        if (model.size === 0) expect(state.list().every((w) => w.value === null)).toBe(true);
      }),
    );
  });
});

describe('state tallies', () => {
  it('count by key, from nothing', () => {
    const state = new StateOverlay(empty);
    expect(readTally(suite, state, 'm', 'day/1')).toEqual({});
    addToTally(suite, state, 'm', 'day/1', 'loan-overdue');
    addToTally(suite, state, 'm', 'day/1', 'loan-overdue');
    addToTally(suite, state, 'm', 'day/1', 'honour', 3);
    expect(readTally(suite, state, 'm', 'day/1')).toEqual({ 'loan-overdue': 2, honour: 3 });
    expect(readTally(suite, state, 'm', 'day/2')).toEqual({});
  });
});
