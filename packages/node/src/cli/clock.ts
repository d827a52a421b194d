// `creditchain clock show|advance DURATION`: a dev node's clock, which block time is taken from.
// Moving it ahead lets a new user see the ledger's time-based rules at work — an objection whose
// deadline passes goes to the regulators, a record whose period ends stops counting (and a
// person's negative record is erased) — without waiting days. A member node refuses to move.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { MAX_CLOCK_ADVANCE_MS, type ClockReply } from '@creditchain/sdk';
import { out } from './output.js';
import { addNodeOptions, connect, type NodeOptions } from './target.js';

const UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** "21d", "36h", "1d12h", "90m", "30s" → milliseconds. */
export function parseDuration(value: string): number {
  const parts = /^(?:\d+[dhms])+$/.test(value) ? [...value.matchAll(/(\d+)([dhms])/g)] : [];
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit!]!, 0);
  if (parts.length === 0 || ms < 1) throw new InvalidArgumentError('Give a duration such as 21d, 36h, 1d12h, 90m or 30s.');
  if (ms > MAX_CLOCK_ADVANCE_MS) throw new InvalidArgumentError(`A dev node's clock moves ahead by at most ${MAX_CLOCK_ADVANCE_MS / UNITS.d!} days at a time.`);
  return ms;
}

/** 1,814,400,000 → "21 days"; 5,400,000 → "1 hour 30 minutes". */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, name] of [['d', 'day'], ['h', 'hour'], ['m', 'minute'], ['s', 'second']] as const) {
    const n = Math.floor(rest / UNITS[unit]!);
    rest -= n * UNITS[unit]!;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? 'less than a second' : parts.join(' ');
}

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function describeClock(c: ClockReply): string {
  return c.offsetMs === 0 ? `It is ${utc(c.time)} by the node's clock, the machine's.` : `It is ${utc(c.time)} by the node's clock, ${describeDuration(c.offsetMs)} ahead of the machine's.`;
}

export function register(program: Command): void {
  const clock = program.command('clock').description("a dev node's clock, which block time is taken from: show it, or move it ahead to see deadlines and expiries at work");
  addNodeOptions(clock.command('show').description("the node's clock and its head block's time")).action(async (opts: NodeOptions) => {
    const c = await connect(opts).clock();
    out(describeClock(c));
    out(`The head block is ${c.height}, at ${utc(c.headTime)}.${c.movable ? '' : ' This node is not a dev node: its clock cannot be moved.'}`);
  });
  addNodeOptions(
    clock
      .command('advance')
      .description("move a dev node's clock ahead (never back); the first block of a later day runs that day's expiries and objection deadlines")
      .argument('<duration>', 'how far: 21d, 36h, 1d12h, 90m, 30s', parseDuration),
  ).action(async (ms: number, opts: NodeOptions) => {
    const client = connect(opts);
    const before = (await client.status()).height;
    const c = await client.advanceClock(ms);
    out(`Moved the node's clock ${describeDuration(ms)} ahead. ${describeClock(c)}`);
    out(
      c.height > before
        ? `Block ${c.height} was cut at ${utc(c.headTime)}: the expiries and objection deadlines due by then have run.`
        : 'No block was due yet (the day has not turned since the last one); the next block takes the new time.',
    );
  });
}
