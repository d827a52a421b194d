// Counters and append-only lists in the state tree. The tree has no range scans, so a list is a
// count under `name` and one small entry per item under `name/<i>`: appending is O(1) however
// long it grows, and reading it is one read per item (each provable on its own).
import { decodeCanonical, encodeCanonical, readUint, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay, StateReader } from './overlay.js';
import { stateKey } from './state-keys.js';

/** A counter: the next id, from 1. */
export function takeId(suite: CryptoSuite, state: StateOverlay, module: string, name: string): number {
  const key = stateKey(suite, module, name);
  const b = state.getState(key);
  const id = b === undefined ? 1 : readUint(decodeCanonical(b), name);
  state.put(key, encodeCanonical(id + 1));
  return id;
}

export function countOf(suite: CryptoSuite, state: StateReader, module: string, name: string): number {
  const b = state.getState(stateKey(suite, module, name));
  return b === undefined ? 0 : readUint(decodeCanonical(b), name) - 1;
}

/** An append-only list: `name` holds its length, `name/<i>` its items. */
export function appendToList(suite: CryptoSuite, state: StateOverlay, module: string, name: string, id: number): void {
  const key = stateKey(suite, module, name);
  const b = state.getState(key);
  const n = b === undefined ? 0 : readUint(decodeCanonical(b), name);
  state.put(stateKey(suite, module, `${name}/${n}`), encodeCanonical(id));
  state.put(key, encodeCanonical(n + 1));
}

export function readList(suite: CryptoSuite, state: StateReader, module: string, name: string): number[] {
  const b = state.getState(stateKey(suite, module, name));
  const n = b === undefined ? 0 : readUint(decodeCanonical(b), name);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = state.getState(stateKey(suite, module, `${name}/${i}`));
    if (e !== undefined) out.push(readUint(decodeCanonical(e), `${name}/${i}`));
  }
  return out;
}


// A set of ids that grows and shrinks: `name` holds its size, `name/<i>` its items and
// `name/at/<id>` where each one is, so adding and removing are O(1) whatever its size — a removed
// item's place is taken by the last one. Its order is not kept: readers sort what they read.
const setItem = (name: string, i: number) => `${name}/${i}`;
const setPlace = (name: string, id: number) => `${name}/at/${id}`;

export function addToSet(suite: CryptoSuite, state: StateOverlay, module: string, name: string, id: number): void {
  if (state.getState(stateKey(suite, module, setPlace(name, id))) !== undefined) return;
  const key = stateKey(suite, module, name);
  const b = state.getState(key);
  const n = b === undefined ? 0 : readUint(decodeCanonical(b), name);
  state.put(stateKey(suite, module, setItem(name, n)), encodeCanonical(id));
  state.put(stateKey(suite, module, setPlace(name, id)), encodeCanonical(n));
  state.put(key, encodeCanonical(n + 1));
}

export function removeFromSet(suite: CryptoSuite, state: StateOverlay, module: string, name: string, id: number): void {
  const placeKey = stateKey(suite, module, setPlace(name, id));
  const p = state.getState(placeKey);
  if (p === undefined) return;
  const i = readUint(decodeCanonical(p), setPlace(name, id));
  const key = stateKey(suite, module, name);
  const n = readUint(decodeCanonical(state.getState(key)!), name);
  const lastKey = stateKey(suite, module, setItem(name, n - 1));
  if (i !== n - 1) {
    const last = readUint(decodeCanonical(state.getState(lastKey)!), setItem(name, n - 1));
    state.put(stateKey(suite, module, setItem(name, i)), encodeCanonical(last));
    state.put(stateKey(suite, module, setPlace(name, last)), encodeCanonical(i));
  }
  state.put(lastKey, null);
  state.put(placeKey, null);
  state.put(key, n === 1 ? null : encodeCanonical(n - 1));
}

/** The ids in a set (addToSet), in no particular order; `readList` reads the same layout. */
export const readSet = readList;

export function setSize(suite: CryptoSuite, state: StateReader, module: string, name: string): number {
  const b = state.getState(stateKey(suite, module, name));
  return b === undefined ? 0 : readUint(decodeCanonical(b), name);
}

// A tally: counts by key under one name, one small map (key → count) — e.g. a day's records
// published by category. For few keys (tens), read and written whole.
export function addToTally(suite: CryptoSuite, state: StateOverlay, module: string, name: string, what: string, n = 1): void {
  const counts = readTally(suite, state, module, name);
  counts[what] = (counts[what] ?? 0) + n;
  state.put(stateKey(suite, module, name), encodeCanonical(counts));
}

export function readTally(suite: CryptoSuite, state: StateReader, module: string, name: string): Record<string, number> {
  const b = state.getState(stateKey(suite, module, name));
  if (b === undefined) return {};
  const m = decodeCanonical(b);
  if (m === null || typeof m !== 'object' || Array.isArray(m) || m instanceof Uint8Array) throw new Error(`${name} is not a tally`);
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, readUint(v, `${name}.${k}`)]));
}
