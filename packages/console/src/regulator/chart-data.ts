// The regulator dashboard's figures (GET /v1/stats) as the charts draw them. Pure, so it is
// tested without a browser: which series a day-by-day chart stacks (the keys seen in the
// window, largest total first), the totals per key over the window, and the scale's top.
import type { DayCounts, MemberStats } from '@creditchain/sdk';

/** One group of bars (a day, a member) with a value per series. */
export interface Group {
  readonly label: string;
  readonly values: readonly number[];
}

/** Every key counted on some day of the window, largest total first (then by name): the stacked series. */
export function seriesOf(days: readonly DayCounts[]): string[] {
  const totals = totalsOf(days);
  return Object.keys(totals).sort((a, b) => totals[b]! - totals[a]! || (a < b ? -1 : 1));
}

/** Each key's total over the window. */
export function totalsOf(days: readonly DayCounts[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const d of days) for (const [k, n] of Object.entries(d.counts)) totals[k] = (totals[k] ?? 0) + n;
  return totals;
}

/** A day-by-day chart's groups: one a day, its counts in the order of `series`. */
export function dayGroups(days: readonly DayCounts[], series: readonly string[]): Group[] {
  return days.map((d) => ({ label: d.day, values: series.map((s) => d.counts[s] ?? 0) }));
}

/** A member chart's groups: one per member, `pick` giving its values. */
export function memberGroups(members: readonly MemberStats[], pick: (m: MemberStats) => readonly number[]): Group[] {
  return members.map((m) => ({ label: m.org, values: pick(m) }));
}

/** The top of a scale: the largest stacked (or single) value, at least 1, rounded up to a whole step of `ticks`. */
export function scaleTop(groups: readonly Group[], stacked: boolean, ticks = 4): number {
  let max = 1;
  for (const g of groups) max = Math.max(max, stacked ? g.values.reduce((a, b) => a + b, 0) : Math.max(0, ...g.values));
  return Math.ceil(max / ticks) * ticks;
}
