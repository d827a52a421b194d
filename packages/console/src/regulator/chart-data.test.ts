import { describe, expect, it } from 'vitest';
import { dayGroups, scaleTop, seriesOf, totalsOf } from './chart-data.js';

const days = [
  { day: '2026-12-01', counts: { 'loan-overdue': 2, honour: 1 } },
  { day: '2026-12-02', counts: {} },
  { day: '2026-12-03', counts: { honour: 4, 'tax-arrears': 1 } },
];

describe('the dashboard chart data', () => {
  it('stacks the keys seen in the window, largest total first, one group a day', () => {
    expect(totalsOf(days)).toEqual({ 'loan-overdue': 2, honour: 5, 'tax-arrears': 1 });
    const series = seriesOf(days);
    expect(series).toEqual(['honour', 'loan-overdue', 'tax-arrears']);
    expect(dayGroups(days, series)).toEqual([
      { label: '2026-12-01', values: [1, 2, 0] },
      { label: '2026-12-02', values: [0, 0, 0] },
      { label: '2026-12-03', values: [4, 0, 1] },
    ]);
  });

  it('tops the scale at a whole number of ticks above the largest bar', () => {
    const groups = dayGroups(days, seriesOf(days));
    expect(scaleTop(groups, true)).toBe(8);
    expect(scaleTop(groups, false)).toBe(4);
    expect(scaleTop([], true)).toBe(4);
  });
});
