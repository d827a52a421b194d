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

