// config.json's checks for the state tree's node cache and window and the solo block's byte
// limit: each within its bounds, or the node does not start.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TX_SIZE } from '@creditchain/core';
import { MAX_STATE_CACHE_MIB, loadConfig, paths } from './config.js';
import { initDevDataDir } from './dev.js';

const dir = mkdtempSync(join(tmpdir(), 'cc-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
initDevDataDir(dir);
const base = JSON.parse(readFileSync(paths(dir).config, 'utf8')) as Record<string, unknown>;
const withCache = (stateCacheMiB: unknown) => writeFileSync(paths(dir).config, JSON.stringify({ ...base, stateCacheMiB }));

describe('config.json: stateCacheMiB', () => {
  it('is unset by default, and takes a whole number of MiB from 1 to the most', () => {
    expect(loadConfig(dir).stateCacheMiB).toBeUndefined();
    for (const ok of [1, 512, MAX_STATE_CACHE_MIB]) {
      withCache(ok);
      expect(loadConfig(dir).stateCacheMiB).toBe(ok);
    }
  });

  it('refuses anything else with NODE_BAD_CONFIG and a sentence', () => {
    for (const bad of [0, -1, 1.5, MAX_STATE_CACHE_MIB + 1, '64']) {
      withCache(bad);
      expect(() => loadConfig(dir), String(bad)).toThrow(expect.objectContaining({ code: 'NODE_BAD_CONFIG', message: expect.stringContaining('stateCacheMiB must be a whole number of MiB from 1 to 2048') }));
    }
  });
});

describe('config.json: stateKeepHeights', () => {
  const withKeep = (stateKeepHeights: unknown) => writeFileSync(paths(dir).config, JSON.stringify({ ...base, stateKeepHeights }));

  it('is unset by default (100 heights), and takes a whole number of heights, 1 or more, or "all"', () => {
    writeFileSync(paths(dir).config, JSON.stringify(base));
    expect(loadConfig(dir).stateKeepHeights).toBeUndefined();
    for (const ok of [1, 100, 1_000_000, 'all']) {
      withKeep(ok);
      expect(loadConfig(dir).stateKeepHeights).toBe(ok);
    }
  });

  it('refuses anything else with NODE_BAD_CONFIG and a sentence', () => {
    for (const bad of [0, -1, 2.5, '100', 'none', null]) {
      withKeep(bad);
      expect(() => loadConfig(dir), String(bad)).toThrow(expect.objectContaining({ code: 'NODE_BAD_CONFIG', message: expect.stringContaining('stateKeepHeights must be a whole number of heights, 1 or more, or "all"') }));
    }
  });
});

describe('config.json: maxBlockBytes', () => {
  const withMax = (maxBlockBytes: unknown) => writeFileSync(paths(dir).config, JSON.stringify({ ...base, maxBlockBytes }));

  it('is 21 MiB by default (as CometBFT\'s blocks), and takes a whole number of bytes from the largest transaction up', () => {
    writeFileSync(paths(dir).config, JSON.stringify(base));
    expect(loadConfig(dir).maxBlockBytes).toBe(21 * 1024 * 1024);
    for (const ok of [MAX_TX_SIZE, 4 * 1024 * 1024]) {
      withMax(ok);
      expect(loadConfig(dir).maxBlockBytes).toBe(ok);
    }
  });

  it('refuses anything else with NODE_BAD_CONFIG and a sentence', () => {
    for (const bad of [0, MAX_TX_SIZE - 1, 1.5e6 + 0.5, '1048576', null]) {
      withMax(bad);
      expect(() => loadConfig(dir), String(bad)).toThrow(expect.objectContaining({ code: 'NODE_BAD_CONFIG', message: expect.stringContaining(`maxBlockBytes must be a whole number of bytes, at least ${MAX_TX_SIZE}`) }));
    }
  });
});
