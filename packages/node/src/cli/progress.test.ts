import { describe, expect, it } from 'vitest';
import { createProgress, formatProgress, grouped, REDRAW_MS } from './progress.js';

/** A stream that records what is written, and a clock the test moves. */
function fake(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  let t = 0;
  return {
    writes,
    stream: { isTTY, columns, write: (s: string) => writes.push(s) },
    now: () => t,
    advance: (ms: number) => (t += ms),
  };
}

describe('formatProgress', () => {
  it('draws the bar, counts, percentage and rate', () => {
    expect(formatProgress('import', 420, 1000, 1234.4, 10)).toBe('import [####------] 420/1,000 42% 1,234/s');
    expect(formatProgress('import', 0, 1000, null, 10)).toBe('import [----------] 0/1,000 0%');
    expect(formatProgress('import', 1000, 1000, 50, 10)).toBe('import [##########] 1,000/1,000 100% 50/s');
  });

  it('clamps past the total and treats an empty job as complete', () => {
    expect(formatProgress('x', 1500, 1000, null, 4)).toBe('x [####] 1,500/1,000 100%');
    expect(formatProgress('x', 0, 0, null, 4)).toBe('x [####] 0/0 100%');
  });

  it('never rounds 99.9% up to 100%', () => {
    expect(formatProgress('x', 999, 1000, null, 10)).toBe('x [#########-] 999/1,000 99%');
  });

  it('groups thousands the same way everywhere', () => {
    expect([0, 999, 1000, 1234567, 1_000_000].map(grouped)).toEqual(['0', '999', '1,000', '1,234,567', '1,000,000']);
  });
});

describe('createProgress on a terminal', () => {
  it('redraws in place with \\r, at most ten times a second, and ends the line on done', () => {
    const f = fake(true);
    const p = createProgress('rows', 1000, { stream: f.stream, now: f.now, width: 10 });
    f.advance(1000);
    p.tick(100); // first tick draws
    expect(f.writes).toEqual(['\rrows [#---------] 100/1,000 10% 100/s']);
    for (let i = 0; i < 50; i++) {
      f.advance(1);
      p.tick();
    }
    expect(f.writes).toHaveLength(1); // 50 ms later: throttled
    f.advance(REDRAW_MS);
    p.tick(); // 151 done at 1.150 s
    expect(f.writes[1]).toBe('\rrows [#---------] 151/1,000 15% 131/s');
    p.tick(849);
    expect(f.writes).toHaveLength(2); // even the last tick waits for the throttle …
    p.done(); // … and done draws the final state
    expect(f.writes.slice(2)).toEqual(['\rrows [##########] 1,000/1,000 100% 870/s', '\n']);
    p.tick();
    p.done();
    expect(f.writes).toHaveLength(4);
  });

  it('draws no more than ten times in a second of constant ticking', () => {
    const f = fake(true);
    const p = createProgress('rows', 100_000, { stream: f.stream, now: f.now });
    for (let i = 0; i < 10_000; i++) {
      f.advance(0.1);
      p.tick();
    }
    expect(f.writes.length).toBeLessThanOrEqual(10);
    expect(f.writes.length).toBeGreaterThanOrEqual(9);
  });

  it('blanks what is left of a longer previous line', () => {
    const f = fake(true);
    const p = createProgress('x', 10, { stream: f.stream, now: f.now, width: 2 });
    f.advance(1);
    p.tick(5); // rate 5,000/s
    f.advance(10_000);
    p.done(); // rate 0/s: shorter
    expect(f.writes[0]).toBe('\rx [#-] 5/10 50% 5,000/s');
    expect(f.writes[1]).toBe(`\rx [#-] 5/10 50% 0/s${' '.repeat(4)}`);
  });

  it('shortens the label to fit a narrow terminal', () => {
    const f = fake(true, 40);
    const p = createProgress('importing records from a rather long file name.csv', 10, { stream: f.stream, now: f.now, width: 10 });
    p.tick();
    expect(f.writes[0]).toBe('\rimporting record… [#---------] 1/10 10%'); // 39 characters: the cursor stays on the line
  });
});

describe('createProgress off a terminal', () => {
  it('prints a line at each tenth of the way and none between', () => {
    const f = fake(false);
    const p = createProgress('rows', 1000, { stream: f.stream, now: f.now, width: 10 });
    for (let i = 0; i < 1000; i++) {
      f.advance(1);
      p.tick();
    }
    p.done();
    expect(f.writes).toHaveLength(10);
    expect(f.writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(f.writes[0]).toBe('rows [#---------] 100/1,000 10% 1,000/s\n');
    expect(f.writes[9]).toBe('rows [##########] 1,000/1,000 100% 1,000/s\n');
  });

  it('prints one line for a jump past several tenths', () => {
    const f = fake(false);
    const p = createProgress('rows', 1000, { stream: f.stream, now: f.now, width: 10 });
    f.advance(1000);
    p.tick(550);
    p.tick(10);
    expect(f.writes).toEqual(['rows [#####-----] 550/1,000 55% 550/s\n']);
  });

  it('on done, prints where it stopped if that was not printed yet', () => {
    const f = fake(false);
    const p = createProgress('rows', 1000, { stream: f.stream, now: f.now, width: 10 });
    p.tick(250);
    p.tick(5);
    p.done();
    expect(f.writes).toEqual(['rows [##--------] 250/1,000 25%\n', 'rows [##--------] 255/1,000 25%\n']);
    const g = fake(false);
    const q = createProgress('rows', 0, { stream: g.stream, now: g.now, width: 4 });
    q.done();
    expect(g.writes).toEqual(['rows [####] 0/0 100%\n']);
  });

  it('writes to stderr by default', () => {
    const p = createProgress('x', 1);
    expect(typeof p.tick).toBe('function');
  });
});

describe('createProgress with minTotal', () => {
  it('draws nothing for a smaller total, on a terminal or off it', () => {
    for (const tty of [true, false]) {
      const f = fake(tty);
      const p = createProgress('files', 99, { stream: f.stream, now: f.now, minTotal: 100 });
      for (let i = 0; i < 99; i++) {
        f.advance(REDRAW_MS);
        p.tick();
      }
      p.done();
      expect(f.writes).toEqual([]);
      expect(() => p.tick(-1)).toThrow(RangeError);
    }
  });

  it('draws as usual from minTotal on', () => {
    const f = fake(false);
    const p = createProgress('files', 100, { stream: f.stream, now: f.now, width: 10, minTotal: 100 });
    p.tick(100);
    p.done();
    expect(f.writes).toEqual(['files [##########] 100/100 100%\n']);
  });
});

it('refuses a bad total or tick', () => {
  expect(() => createProgress('x', -1)).toThrow(RangeError);
  expect(() => createProgress('x', 1.5)).toThrow(RangeError);
  const f = fake(false);
  const p = createProgress('x', 10, { stream: f.stream });
  expect(() => p.tick(-1)).toThrow(RangeError);
  expect(() => p.tick(Number.NaN)).toThrow(RangeError);
});
