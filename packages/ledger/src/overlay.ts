// The writes of a block in progress, over the committed state. A transaction writes into its
// own layer; the layer is merged on success and dropped on failure, so a failed transaction
// changes nothing.
import { toHex } from '@creditchain/core';

export interface StateReader {
  /** The committed value of a 32-byte state key, or undefined. */
  getState(key: Uint8Array): Uint8Array | undefined;
}

export interface StateWrite {
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

export class StateOverlay implements StateReader {
  private readonly writes = new Map<string, StateWrite>();
  // Sidecars to erase when the block commits (the law's deletion of a person's expired
  // negative information): kept with the writes, so a failed transaction erases nothing.
  private readonly erased = new Map<string, Uint8Array>();

  constructor(private readonly base: StateReader) {}

  getState(key: Uint8Array): Uint8Array | undefined {
    const w = this.writes.get(toHex(key));
    if (w !== undefined) return w.value ?? undefined;
    return this.base.getState(key);
  }

  put(key: Uint8Array, value: Uint8Array | null): void {
    this.writes.set(toHex(key), { key, value });
  }

  /** A child layer for one transaction. */
  child(): StateOverlay {
    return new StateOverlay(this);
  }

  /** Marks the sidecar with this commitment for erasure on every node when the block commits. */
  eraseSidecar(commitment: Uint8Array): void {
    this.erased.set(toHex(commitment), commitment);
  }

  /** Moves this layer's writes (and erasures) into its parent overlay. */
  mergeInto(parent: StateOverlay): void {
    for (const w of this.writes.values()) parent.put(w.key, w.value);
    for (const c of this.erased.values()) parent.eraseSidecar(c);
  }

  /** Commitments of the sidecars to erase, in the order first marked. */
  erasures(): Uint8Array[] {
    return [...this.erased.values()];
  }

  /** The writes in insertion order; the state tree sorts them by key itself. */
  list(): StateWrite[] {
    return [...this.writes.values()];
  }
}
