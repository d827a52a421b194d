// Two charts in plain SVG, drawn from the dashboard's figures (chart-data.ts): columns day by day,
// stacked by series, and bars per member, grouped by series. Each is an image with a title and a
// description in words (role="img", <title>, <desc>), every bar has its own <title> naming its
// value, and the legend is text — so a screen reader gets the figures, not just a picture. The
// drawing scales with its box (viewBox), down to a phone's width.
import type { ReactNode } from 'react';
import { scaleTop, type Group } from './chart-data.js';

const TICKS = 4;

interface ChartProps {
  /** The id the chart's title and description are named by. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in words: read with the title. */
  readonly desc: string;
  readonly groups: readonly Group[];
  /** The series' names, in the order of each group's values. */
  readonly series: readonly string[];
}

function Legend({ series, totals }: { series: readonly string[]; totals?: readonly number[] }) {
  return (
    <ul className="legend">
      {series.map((s, i) => (
        <li key={s}>
          <span className={`swatch series-${i % 8}`} aria-hidden="true" />
          {s}
          {totals !== undefined && <> ({totals[i]})</>}
        </li>
      ))}
    </ul>
  );
}

function Frame({ id, title, desc, width, height, children, legend }: { id: string; title: string; desc: string; width: number; height: number; children: ReactNode; legend: ReactNode }) {
  return (
    <figure className="chart" data-testid={id}>
      <h3 aria-hidden="true">{title}</h3>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {children}
      </svg>
      <figcaption>{legend}</figcaption>
    </figure>
  );
}

/** Columns, one a group (a day), its series stacked; the labels of the first, middle and last day below. */
export function ColumnChart({ id, title, desc, groups, series }: ChartProps) {
  const W = 640;
  const H = 220;
  const left = 32;
  const bottom = 24;
  const plotH = H - bottom - 8;
  const top = scaleTop(groups, true, TICKS);
  const slot = (W - left) / Math.max(1, groups.length);
  const y = (v: number) => 8 + plotH - (v / top) * plotH;
  const labelled = new Set([0, Math.floor((groups.length - 1) / 2), groups.length - 1]);
  const totals = series.map((_, i) => groups.reduce((a, g) => a + (g.values[i] ?? 0), 0));
  return (
    <Frame id={id} title={title} desc={desc} width={W} height={H} legend={<Legend series={series} totals={totals} />}>
      {Array.from({ length: TICKS + 1 }, (_, i) => (top / TICKS) * i).map((v) => (
        <g key={v} className="grid">
          <line x1={left} x2={W} y1={y(v)} y2={y(v)} />
          <text x={left - 4} y={y(v) + 4} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      {groups.map((g, gi) => {
        let base = 0;
        return (
          <g key={g.label}>
            {g.values.map((v, si) => {
              if (v === 0) return null;
              const rect = (
                <rect key={si} className={`series-${si % 8}`} x={left + gi * slot + slot * 0.15} width={slot * 0.7} y={y(base + v)} height={y(base) - y(base + v)}>
                  <title>{`${g.label} · ${series[si]}: ${v}`}</title>
                </rect>
              );
              base += v;
              return rect;
            })}
            {labelled.has(gi) && (
              <text className="axis-label" x={left + gi * slot + slot / 2} y={H - 6} textAnchor={gi === 0 ? 'start' : gi === groups.length - 1 ? 'end' : 'middle'}>
                {g.label.slice(5)}
              </text>
            )}
          </g>
        );
      })}
    </Frame>
  );
}

/** Horizontal bars, one row a group (a member), one bar a series beside each other. */
export function BarChart({ id, title, desc, groups, series }: ChartProps) {
  const W = 640;
  const left = 120;
  const bar = 10;
  const row = series.length * bar + 10;
  const H = groups.length * row + 24;
  const top = scaleTop(groups, false, TICKS);
  const x = (v: number) => left + (v / top) * (W - left - 30);
  return (
    <Frame id={id} title={title} desc={desc} width={W} height={H} legend={<Legend series={series} />}>
      {Array.from({ length: TICKS + 1 }, (_, i) => (top / TICKS) * i).map((v) => (
        <g key={v} className="grid">
          <line x1={x(v)} x2={x(v)} y1={0} y2={H - 18} />
          <text x={x(v)} y={H - 4} textAnchor="middle">
            {v}
          </text>
        </g>
      ))}
      {groups.map((g, gi) => (
        <g key={g.label}>
          <text className="axis-label" x={left - 6} y={gi * row + row / 2 + 4} textAnchor="end">
            {g.label}
          </text>
          {g.values.map((v, si) => (
            <rect key={si} className={`series-${si % 8}`} x={left} y={gi * row + 5 + si * bar} width={Math.max(v === 0 ? 0 : 2, x(v) - left)} height={bar - 1}>
              <title>{`${g.label} · ${series[si]}: ${v}`}</title>
            </rect>
          ))}
        </g>
      ))}
    </Frame>
  );
}
