// The node's clock (clock.ts): a dev node's moves ahead, never back, survives a restart, and the
// first block of a later day is cut at once; a member node's cannot move. Bad input changes nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditChainClient } from '@creditchain/sdk';
import { describeDuration, parseDuration } from './cli/clock.js';
import { DAY_MS } from '@creditchain/ledger';
import { NodeClock } from './clock.js';
import { loadConfig, paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';

const dirs: string[] = [];
function devDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-clock-'));
  dirs.push(dir);
  initDevDataDir(dir);
  return dir;
}
const start = (dir: string, overrides = {}) => NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20, ...overrides }, log: () => {} });

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('NodeClock', () => {
  it('moves ahead by what it is told, saving the new offset first', () => {
    const saved: number[] = [];
    const c = new NodeClock(0, true, (o) => saved.push(o));
    c.advance(DAY_MS);
    c.advance(1);
    expect(saved).toEqual([DAY_MS, DAY_MS + 1]);
    expect(c.offsetMs).toBe(DAY_MS + 1);
    expect(c.now() - Date.now()).toBeGreaterThanOrEqual(DAY_MS);
  });

  it('refuses to move on a member node, or by nothing, backwards or more than ten years, and stays where it was', () => {
    const fixed = new NodeClock(0, false);
    expect(() => fixed.advance(DAY_MS)).toThrow(expect.objectContaining({ code: 'NODE_CLOCK_FIXED' }));
    const c = new NodeClock(5, true, () => {});
    for (const bad of [0, -DAY_MS, 1.5, 3654 * DAY_MS, Number.NaN]) expect(() => c.advance(bad)).toThrow(expect.objectContaining({ code: 'NODE_CLOCK_BAD_ADVANCE' }));
    expect(c.offsetMs).toBe(5);
  });

  it('keeps its offset if saving it fails', () => {
    const c = new NodeClock(0, true, () => {
      throw new Error('disk full');
    });
    expect(() => c.advance(DAY_MS)).toThrow('disk full');
    expect(c.offsetMs).toBe(0);
  });
});

describe('creditchain clock durations', () => {
  it('reads 21d, 36h, 1d12h, 90m, 30s and says them back in words', () => {
    expect(parseDuration('21d')).toBe(21 * DAY_MS);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(describeDuration(21 * DAY_MS)).toBe('21 days');
    expect(describeDuration(5_400_000)).toBe('1 hour 30 minutes');
    expect(describeDuration(1000)).toBe('1 second');
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', '21', 'd', '-1d', '1.5d', '0d', '1w', '4000d', '1d 2h']) expect(() => parseDuration(bad)).toThrow(/duration|at most/);
  });
});

describe("a dev node's clock over the API", () => {
  it('cuts the first block of the later day at once, and keeps the offset across a restart', async () => {
    const dir = devDir();
    let service = await start(dir);
    const client = new CreditChainClient(service.url);
    const before = await client.clock();
    expect(before).toMatchObject({ offsetMs: 0, movable: true });

    const moved = await client.advanceClock(2 * DAY_MS);
    expect(moved.offsetMs).toBe(2 * DAY_MS);
    expect(moved.height).toBe(before.height + 1); // a quiet chain: the day turned, so a block was due
    expect(Date.parse(moved.headTime)).toBeGreaterThanOrEqual(Date.parse(before.time) + 2 * DAY_MS);
    expect(loadConfig(dir).clockOffsetMs).toBe(2 * DAY_MS);

    // Within the same day no block is due (unless this second happens to end the day).
    const again = await client.advanceClock(1000);
    const sameDay = Math.floor(Date.parse(again.time) / DAY_MS) === Math.floor(Date.parse(moved.headTime) / DAY_MS);
    expect(again.height).toBe(sameDay ? moved.height : moved.height + 1);

    await service.stop();
    service = await start(dir);
    const after = await new CreditChainClient(service.url).clock();
    expect(after.offsetMs).toBe(2 * DAY_MS + 1000);
    expect(Date.parse(after.time) - Date.now()).toBeGreaterThanOrEqual(2 * DAY_MS);
    await service.stop();
  });

  it('a member node refuses to move its clock with NODE_CLOCK_FIXED and cuts nothing; bad input is refused by the schema', async () => {
    const dir = devDir();
    const service = await start(dir, { devClock: false });
    const client = new CreditChainClient(service.url);
    const { height } = await client.clock();
    await expect(client.advanceClock(DAY_MS)).rejects.toMatchObject({ code: 'NODE_CLOCK_FIXED', status: 409 });
    const res = await fetch(`${service.url}/v1/dev/clock?advanceMs=-5`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('API_BAD_REQUEST');
    expect(await client.clock()).toMatchObject({ height, offsetMs: 0, movable: false });
    await service.stop();
  });

  it('a configuration with an offset but no dev clock is refused at start', () => {
    const dir = devDir();
    const file = paths(dir).config;
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), devClock: false, clockOffsetMs: DAY_MS }));
    expect(() => loadConfig(dir)).toThrow(expect.objectContaining({ code: 'NODE_BAD_CONFIG' }));
  });
});
