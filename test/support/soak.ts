// What a reliability suite ran, for `npm run soak`'s summary (scripts/soak.mjs): when SOAK_OUT
// names a file, each suite appends one JSON line to it — its cases, crashes, recoveries and what
// was lost (which must be zero; the suite's own assertions fail first if it is not).
import { appendFileSync } from 'node:fs';

export interface SoakEntry {
  readonly suite: string;
  readonly cases: number;
  readonly crashes?: number;
  readonly recoveries?: number;
  readonly lost: number;
  readonly seconds: number;
  readonly [detail: string]: unknown;
}

export function recordSoak(entry: SoakEntry): void {
  const file = process.env.SOAK_OUT;
  if (file !== undefined && file !== '') appendFileSync(file, `${JSON.stringify(entry)}\n`);
}
