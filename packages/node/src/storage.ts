// The node's store: one LMDB environment, one synchronous, synced write transaction per block.
// LMDB is copy-on-write with a single writer: a commit either lands whole or not at all, and a
// kill -9 at any moment leaves the last committed block intact. `overlappingSync: false` makes a
// commit return only after the data is on disk, so "committed" in a reply means durable.
// Sidecars are stored apart from the chain (db `sidecars`, commitment → canon({salt, payload}))
// but in the same write as the block that commits their transaction, and deleted in the same
// write as the block that erases them: a crash never leaves one stored without its block, or
// an erased one still there after its block.
import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import { CreditChainError, decodeStateNode, encodeStateNode, toHex, type LogNodeReader, type StateNode, type StateNodeReader } from '@creditchain/core';
import { RESULT_OK, type BlockOutcome, type Sidecar, type StateReader } from '@creditchain/ledger';
import { decodeSidecar } from '@creditchain/sdk';
import type { DeliveredSidecar } from './sidecars.js';

export interface TxLocation {
  readonly height: number;
  readonly position: number;
  readonly logIndex: number;
}

type Bin = Database<Uint8Array, any>;

/** Largest map LMDB may grow to; space is only used as written. */
const MAP_SIZE = 64 * 1024 ** 3;

function bytes(b: Uint8Array | undefined | null): Uint8Array | undefined {
  if (b === undefined || b === null) return undefined;
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function isNoSpace(e: unknown): boolean {
  const msg = String((e as Error)?.message ?? e);
  return /ENOSPC|MDB_MAP_FULL|No space left/i.test(msg) || (e as { code?: string })?.code === 'ENOSPC';
}

export class Storage implements StateReader {
  private readonly env: RootDatabase;
  private readonly meta: Database<any, string>;
  private readonly headers: Bin;
  private readonly blockTxs: Bin;
  private readonly txs: Bin;
  private readonly txIndex: Database<TxLocation, Uint8Array>;
  private readonly results: Bin;
  private readonly entries: Bin;
  private readonly logNodes: Bin;
  private readonly stateNodes: Bin;
  private readonly state: Bin;
  private readonly checkpoints: Database<string, number>;
  private readonly sidecars: Bin;

  constructor(readonly path: string) {
    mkdirSync(path, { recursive: true });
    this.env = open({ path, compression: false, overlappingSync: false, maxDbs: 16, mapSize: MAP_SIZE });
    const bin = (name: string, keyEncoding: 'binary' | 'ordered-binary' | 'uint32' = 'ordered-binary'): Bin =>
      this.env.openDB({ name, encoding: 'binary', keyEncoding });
    this.meta = this.env.openDB({ name: 'meta', encoding: 'json' });
    this.headers = bin('headers');
    this.blockTxs = bin('block-txs');
    this.txs = bin('txs', 'binary');
    this.txIndex = this.env.openDB({ name: 'tx-index', encoding: 'json', keyEncoding: 'binary' });
    this.results = bin('results', 'binary');
    this.entries = bin('log-entries');
    this.logNodes = bin('log-nodes');
    this.stateNodes = bin('state-nodes', 'binary');
    this.state = bin('state', 'binary');
    this.checkpoints = this.env.openDB({ name: 'checkpoints', encoding: 'string' });
    this.sidecars = bin('sidecars', 'binary');
  }

  close(): Promise<void> {
    return this.env.close();
  }

  // --- meta -------------------------------------------------------------------------------
  getMeta<T>(key: string): T | undefined {
    return this.meta.get(key) as T | undefined;
  }

  /** Height of the latest committed block, or undefined for an empty store. */
  latestHeight(): number | undefined {
    return this.getMeta<number>('height');
  }

  // --- reads for the ledger ---------------------------------------------------------------
  getState(key: Uint8Array): Uint8Array | undefined {
    return bytes(this.state.get(key));
  }

  readonly stateNodeReader: StateNodeReader = {
    getNode: (hash: Uint8Array): StateNode | undefined => {
      const raw = bytes(this.stateNodes.get(hash));
      return raw === undefined ? undefined : decodeStateNode(raw);
    },
  };

  readonly logNodeReader: LogNodeReader = {
    getNode: (level: number, index: number): Uint8Array | undefined => bytes(this.logNodes.get([level, index] as never)),
  };

  /** Number of entries in the flat state index. */
  stateEntryCount(): number {
    return this.state.getCount();
  }

  // --- reads for queries ------------------------------------------------------------------
  getHeaderBytes(height: number): Uint8Array | undefined {
    return bytes(this.headers.get(height as never));
  }

  getBlockTxIds(height: number): Uint8Array[] | undefined {
    const raw = bytes(this.blockTxs.get(height as never));
    if (raw === undefined) return undefined;
    const ids: Uint8Array[] = [];
    for (let i = 0; i < raw.length; i += 32) ids.push(raw.subarray(i, i + 32));
    return ids;
  }

  getTxBytes(id: Uint8Array): Uint8Array | undefined {
    return bytes(this.txs.get(id));
  }

  getTxLocation(id: Uint8Array): TxLocation | undefined {
    return this.txIndex.get(id);
  }

  getResultBytes(id: Uint8Array): Uint8Array | undefined {
    return bytes(this.results.get(id));
  }

  getEntryBytes(index: number): Uint8Array | undefined {
    return bytes(this.entries.get(index as never));
  }

  getCheckpoint(height: number): string | undefined {
    return this.checkpoints.get(height);
  }

  /** The sidecar stored under a commitment: delivered with a transaction that committed "ok", and not erased since. */
  getSidecar(commitment: Uint8Array): Sidecar | undefined {
    const raw = bytes(this.sidecars.get(commitment));
    return raw === undefined ? undefined : decodeSidecar(raw);
  }

  // --- writes -----------------------------------------------------------------------------
  /** Writes the genesis document once, before block 0. */
  initGenesis(genesisJson: unknown): void {
    this.write(() => {
      void this.meta.put('genesis', genesisJson);
    });
  }

  /**
   * Commits one block and everything it produced in one synced transaction: with it, the
   * sidecars delivered with its transactions (by transaction id, hex) for those whose result
   * is "ok", and the deletion of every sidecar the block erases. Erasures are applied last, so
   * a sidecar stored and erased by the same block is gone.
   */
  commitBlock(outcome: BlockOutcome, encodedResults: readonly Uint8Array[], checkpoint: string, sidecars: ReadonlyMap<string, readonly DeliveredSidecar[]> = new Map()): void {
    const { header } = outcome;
    this.write(() => {
      const ids = new Uint8Array(outcome.txs.length * 32);
      outcome.txs.forEach((tx, i) => {
        ids.set(tx.id, i * 32);
        void this.txs.put(tx.id, tx.bytes);
        void this.txIndex.put(tx.id, { height: header.height, position: i, logIndex: outcome.entries[i]!.index });
        void this.results.put(tx.id, encodedResults[i]!);
        if (sidecars.size > 0 && outcome.results[i]!.code === RESULT_OK) {
          for (const s of sidecars.get(toHex(tx.id)) ?? []) void this.sidecars.put(s.commitment, s.bytes);
        }
      });
      for (const c of outcome.erasures) void this.sidecars.remove(c);
      outcome.entryBytes.forEach((b, i) => void this.entries.put(outcome.entries[i]!.index as never, b));
      for (const n of outcome.logNodes) void this.logNodes.put([n.level, n.index] as never, n.hash);
      for (const n of outcome.stateNodes) void this.stateNodes.put(n.hash, encodeStateNode(n.node));
      for (const w of outcome.stateWrites) {
        if (w.value === null) void this.state.remove(w.key);
        else void this.state.put(w.key, w.value);
      }
      void this.blockTxs.put(header.height as never, ids);
      void this.headers.put(header.height as never, outcome.headerBytes);
      void this.checkpoints.put(header.height, checkpoint);
      void this.meta.put('height', header.height);
    });
  }

  private write(fn: () => void): void {
    try {
      this.env.transactionSync(fn);
    } catch (e) {
      if (isNoSpace(e)) {
        throw new CreditChainError('NODE_STORAGE_FULL', 'The node could not write the block: the disk is full. Nothing was committed; free space and retry.', { path: this.path });
      }
      throw e;
    }
  }
}
