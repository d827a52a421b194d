import { describe, expect, it } from 'vitest';
import { filedRepairs, rememberRepair } from './filed-repairs.js';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('repair applications filed from this browser', () => {
  const a = 'aa'.repeat(32);
  const b = 'bb'.repeat(32);

  it('are kept per subject, newest first, each once', () => {
    const s = memoryStore();
    expect(filedRepairs(a, s)).toEqual([]);
    rememberRepair(a, 3, s);
    rememberRepair(a, 5, s);
    expect(rememberRepair(a, 3, s)).toEqual([3, 5]);
    expect(filedRepairs(b, s)).toEqual([]);
  });

  it('survive a damaged or missing store', () => {
    const s = memoryStore();
    s.m.set(`creditchain.repairs.${a}`, '{not json');
    expect(filedRepairs(a, s)).toEqual([]);
    s.m.set(`creditchain.repairs.${a}`, '[1, -2, "x", 4]');
    expect(filedRepairs(a, s)).toEqual([1, 4]);
    expect(rememberRepair(a, 7, undefined)).toEqual([7]);
  });
});
