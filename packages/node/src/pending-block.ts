// The state a block leaves while its write is still under way (Storage.commitBlock queues it
// for lmdb-js's write thread), for executing the next block on top of it: the solo sequencer
// executes block N + 1 while block N's pages are written and synced, which on two cores takes
// the write (a third of a block's time at half a million records) out of the block's cycle.
// Only execution reads through it; requests read the store as committed, with the head of the
// last durable block.
import { compareBytes, withNodes, type StateNode } from '@creditchain/core';
import type { BlockOutcome, LedgerReaders } from '@creditchain/ledger';
import { hashTop48 } from './storage.js';

/**
 * Readers that answer as the store will once `outcome` is written: its state values (a deleted
 * key has none), the state tree nodes it made where the store will keep them (`made`, from
 * commitBlock), its root, and its log tree nodes; anything else from `base`.
 */
export function readersAfter(base: LedgerReaders, outcome: BlockOutcome, made: ReadonlyArray<{ hash: Uint8Array; node: StateNode }>): LedgerReaders {
  const values = new ByHash<Uint8Array | null>();
  for (const w of outcome.stateWrites) values.set(w.key, w.value);
  const nodes = new ByHash<StateNode>();
  for (const n of made) nodes.set(n.hash, n.node);
  const root = outcome.header.stateRoot;
  return {
    state: {
      getState: (key) => {
        const v = values.get(key);
        return v === undefined ? base.state.getState(key) : v ?? undefined;
      },
    },
    stateNodes: {
      getNode: (hash, at) => {
        const mine = nodes.get(hash);
        const isRoot = at === undefined && compareBytes(hash, root) === 0;
        // A root is asked for by its hash alone; any other node by where its parent recorded it
        // (a hash made again by this block has a new copy, the old one another place).
        if (mine !== undefined && (isRoot || (at !== undefined && mine.at === at))) return mine;
        // A root this block did not make but lifted (a kept leaf now at the top) is indexed by
        // the pending write: it is found where the block says it is kept.
        if (isRoot && outcome.stateRootAt !== undefined) return base.stateNodes.getNode(hash, outcome.stateRootAt);
        return base.stateNodes.getNode(hash, at);
      },
    },
    logNodes: withNodes(base.logNodes, outcome.logNodes),
  };
}

/**
 * A map keyed by 32-byte hashes (state keys, node hashes), looked up by their first 48 bits (the
 * store's hashTop48) and then compared whole: every node read of the next block's execution asks
 * it first, and a hex key (≈ 1 µs) would cost more than the read it stands in front of.
 */
class ByHash<V> {
  private readonly map = new Map<number, Array<{ hash: Uint8Array; value: V }>>();

  set(hash: Uint8Array, value: V): void {
    const k = hashTop48(hash);
    const list = this.map.get(k);
    if (list === undefined) {
      this.map.set(k, [{ hash, value }]);
      return;
    }
    const same = list.find((e) => compareBytes(e.hash, hash) === 0);
    if (same !== undefined) same.value = value;
    else list.push({ hash, value });
  }

  get(hash: Uint8Array): V | undefined {
    const list = this.map.get(hashTop48(hash));
    if (list === undefined) return undefined;
    for (const e of list) if (compareBytes(e.hash, hash) === 0) return e.value;
    return undefined;
  }
}
