// A progress bar on stderr for long CLI work (imports, hashing, replays), so stdout stays the
// command's result and can be piped. On a terminal one line is redrawn in place, at most ten
// times a second (drawing is slower than counting a row); elsewhere — CI logs, a file — a line
// is printed every tenth of the way, so a log of a million-row import has ten lines, not a
// million carriage returns.
import { grouped } from '@creditchain/sdk';

/** The part of a stream the bar uses: process.stderr, or a fake in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width; the label is shortened so the line never wraps (a wrapped line cannot be redrawn). */
  readonly columns?: number;
}

export interface ProgressOptions {
  readonly stream?: ProgressStream;
  /** Milliseconds on a monotonic clock; performance.now by default. */
  readonly now?: () => number;
  /** Characters between the brackets. */
  readonly width?: number;
  /** Draw nothing at all for a total below this (default 0): a job of a few items is over before a bar helps. */
  readonly minTotal?: number;
}

export interface Progress {
  /** Counts `n` more items done (default 1). */
  tick(n?: number): void;
  /** Draws the final state and ends the line; later ticks are ignored. */
  done(): void;
}

/** Fewest milliseconds between two redraws on a terminal: ten a second. */
export const REDRAW_MS = 100;

/** 1234567 → "1,234,567" on every machine: the SDK's, which its CSV reader's messages use too. */
export { grouped };

/** `label [#####-----] 420/1,000 42% 1,234/s`; no rate until time has passed. A total of 0 is complete. */
export function formatProgress(label: string, count: number, total: number, perSecond: number | null, width = 20): string {
  const fraction = total <= 0 ? 1 : Math.min(1, count / total);
  const filled = Math.floor(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const rate = perSecond === null || !Number.isFinite(perSecond) ? '' : ` ${grouped(Math.round(perSecond))}/s`;
  return `${label} ${bar} ${grouped(count)}/${grouped(total)} ${Math.floor(fraction * 100)}%${rate}`;
}

function checkTick(n = 1): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`A progress tick counts a whole number ≥ 0 of items, not ${n}.`);
}

export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`A progress total is a whole number ≥ 0, not ${total}.`);
  if (total < (opts.minTotal ?? 0)) return { tick: checkTick, done() {} };
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? (() => performance.now());
  const width = opts.width ?? 20;
  const tty = stream.isTTY === true;
  const started = now();
  let count = 0;
  let finished = false;
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let drawnLength = 0;
  let printed = -1; // the count of the last line printed off a terminal

  const line = (): string => {
    const elapsed = (now() - started) / 1000;
    const text = formatProgress(label, count, total, elapsed > 0 ? count / elapsed : null, width);
    const room = (stream.columns ?? Infinity) - 1;
    if (text.length <= room) return text;
    const rest = text.length - label.length;
    return rest + 2 <= room ? `${label.slice(0, room - rest - 1)}…${text.slice(label.length)}` : text.slice(0, room);
  };

  const draw = (): void => {
    const text = line();
    // Spaces over what is left of a longer previous line; no escape codes, which not every terminal reads.
    stream.write(`\r${text}${' '.repeat(Math.max(0, drawnLength - text.length))}`);
    drawnLength = text.length;
    lastDraw = now();
  };

  return {
    tick(n = 1) {
      checkTick(n);
      if (finished) return;
      count += n;
      if (tty) {
        if (now() - lastDraw >= REDRAW_MS) draw();
        return;
      }
      const tenth = total <= 0 ? 10 : Math.min(10, Math.floor((count * 10) / total));
      if (tenth > lastTenth) {
        lastTenth = tenth;
        printed = count;
        stream.write(`${line()}\n`);
      }
    },
    done() {
      if (finished) return;
      finished = true;
      if (tty) {
        draw();
        stream.write('\n');
      } else if (printed !== count) {
        // Stopped short (an error, or fewer items than expected): the log still shows where.
        stream.write(`${line()}\n`);
      }
    },
  };
}
