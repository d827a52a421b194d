// The chain as this node holds it: the store, the genesis, the node's checkpoint key and the
// head. It executes blocks through the ledger (pure) and commits them (one synced write each),
// signs a checkpoint per block, and answers every query with data that carries its proof.
import {
  CreditChainError,
  decodeHeader,
  decodeLogEntry,
  storedTxId,
  equalBytes,
  formatCheckpoint,
  formatVerifierKey,
  getSuite,
  leafHash,
  nodeHash,
  stateNodeHash,
  openNote,
  parseCheckpoint,
  rootAt,
  runSteps,
  signNote,
  toHex,
  type BlockHeader,
  type CryptoSuite,
  type DecodedTx,
  type LogEntry,
  type Steps,
} from '@creditchain/core';
import {
  encodeResult,
  executeBlockSteps,
  executeGenesis,
  genesisHash,
  genesisToJson,
  type BlockOutcome,
  type Genesis,
  type LedgerReaders,
} from '@creditchain/ledger';
import { checkpointOrigin } from '@creditchain/sdk';
import type { DeliveredSidecar } from './sidecars.js';
import { decodeResultBytes, type ResultView } from './results.js';
import { Storage, type BlockWrite, type TxLocation } from './storage.js';
import { networkAppHash } from './app-hash.js';
import { readersAfter } from './pending-block.js';
import { contractVm } from './contract-vm.js';
import type { VerifiedSnapshot } from './snapshot/restore.js';

export interface NodeKey {
  /** The note key name that signs checkpoints, e.g. "demo-node". */
  readonly name: string;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface Head {
  readonly header: BlockHeader;
  readonly hash: Uint8Array;
  readonly checkpoint: string;
}


/** State entries between two progress reports of the start-up walk of the state tree. */
const STATE_PROGRESS_EVERY = 250_000;

/** A block whose write is under way (Chain.beginCommit). */
export interface Pending {
  /** The head the block will be once written. */
  readonly head: Head;
  /** The state as the block leaves it, for executing the next block on top of it. */
  readonly readers: LedgerReaders;
  /** Resolves with the head once the block is durable; rejects with NODE_STORAGE_FULL when the disk refused it. */
  readonly written: Promise<Head>;
}

export interface OpenOptions {
  /**
   * Called with progress while the stored chain is checked at start: the blocks, then the state
   * entries of the head's tree (a walk of every node: minutes on a chain of millions of records).
   */
  readonly onProgress?: (done: number, total: number, what: 'blocks' | 'state entries') => void;
  /** Memory for the state tree's node cache (config.json `stateCacheMiB`). */
  readonly stateCacheMiB?: number;
  /** Heights below the head that keep their state trees, or 'all' (config.json `stateKeepHeights`). */
  readonly stateKeepHeights?: number | 'all';
  /** For tests: heights a page settles before it is pruned (storage.ts PRUNE_SETTLE_HEIGHTS). */
  readonly pruneSettleHeights?: number;
  /**
   * Who made the blocks: the solo node itself (its key proposes every block), or a CometBFT
   * network, whose blocks name the proposer's address and the validator set's hash, the same on
   * every member node — so every node computes the same block hashes, the network's app hash.
   */
  readonly consensus?: 'solo' | 'cometbft';
}

/** The proposer and validator-set hash a block header records. */
export interface BlockMaker {
  readonly proposer: Uint8Array;
  readonly validators: Uint8Array;
}

export class Chain {
  readonly suite: CryptoSuite;
  readonly readers: LedgerReaders;
  readonly origin: string;
  readonly verifierKey: string;
  private _head!: Head;

  private constructor(
    readonly storage: Storage,
    readonly genesis: Genesis,
    readonly nodeKey: NodeKey,
    readonly consensus: 'solo' | 'cometbft',
  ) {
    this.suite = getSuite(genesis.cryptoSuite);
    this.readers = { state: storage, stateNodes: storage.stateNodeReader, logNodes: storage.logNodeReader };
    this.origin = checkpointOrigin(genesis.chainId);
    this.verifierKey = formatVerifierKey(nodeKey.name, nodeKey.publicKey);
  }

  /** Opens (or creates, from genesis) the chain in `dbPath`, checking what is stored. */
  static open(dbPath: string, genesis: Genesis, nodeKey: NodeKey, opts: OpenOptions = {}): Chain {
    const storage = new Storage(dbPath, {
      ...(opts.stateCacheMiB === undefined ? {} : { stateCacheMiB: opts.stateCacheMiB }),
      ...(opts.stateKeepHeights === undefined ? {} : { stateKeepHeights: opts.stateKeepHeights }),
      ...(opts.pruneSettleHeights === undefined ? {} : { pruneSettleHeights: opts.pruneSettleHeights }),
    });
    const chain = new Chain(storage, genesis, nodeKey, opts.consensus ?? 'solo');
    const height = storage.latestHeight();
    if (height === undefined) {
      storage.initGenesis(genesisToJson(genesis));
      // A network's block 0 is made by no one: no proposer, and no validator set yet (CometBFT's
      // genesis holds it), so it is the same block on every member node.
      const maker = chain.consensus === 'solo' ? chain.soloMaker() : { proposer: new Uint8Array(0), validators: new Uint8Array(32) };
      chain.commitGenesis(executeGenesis(chain.suite, genesis, chain.readers, maker.proposer, maker.validators));
    } else {
      chain.verifyStored(height, opts.onProgress);
    }
    return chain;
  }

  get head(): Head {
    return this._head;
  }

  /** In solo mode the node's own key proposes, and is the whole validator set. */
  soloMaker(): BlockMaker {
    return { proposer: this.nodeKey.publicKey, validators: this.suite.hash(this.nodeKey.publicKey) };
  }

  /**
   * Executes transactions as the next block (pure: nothing is written). `maker` is the solo
   * node by default; a CometBFT block names its own.
   */
  execute(...args: Parameters<Chain['executeSteps']>): BlockOutcome {
    return runSteps(this.executeSteps(...args));
  }

  /** execute in steps (core steps.ts): the sequencer and the ABCI application run them in turns of the event loop (turns.ts). */
  executeSteps(
    txs: readonly DecodedTx[],
    wallClockMs: number,
    verifySignatures: boolean | ((tx: DecodedTx) => boolean),
    maker: BlockMaker = this.soloMaker(),
    /** Action digests computed at admission (BlockInput.digests). */
    digests?: (tx: DecodedTx) => Uint8Array | undefined,
    /** A block whose write is still under way, to execute on top of (beginCommit); the head by default. */
    after?: Pending,
  ): Steps<BlockOutcome> {
    const prev = after?.head ?? this._head;
    // Block time never goes backwards, even if the wall clock does.
    const time = Math.max(Math.trunc(wallClockMs), prev.header.time);
    return executeBlockSteps(this.suite, this.genesis, after?.readers ?? this.readers, {
      prev: { header: prev.header, hash: prev.hash },
      time,
      txs,
      proposer: maker.proposer,
      validators: maker.validators,
      verifySignatures,
      ...(digests === undefined ? {} : { digests }),
      contracts: contractVm,
    });
  }

  /**
   * Signs the block's checkpoint and commits the block durably, with the sidecars delivered
   * with its transactions (by transaction id, hex; stored for those that succeed). A network
   * member also queues the sidecars it was not delivered, to fetch them from the other members.
   */
  commit(outcome: BlockOutcome, sidecars?: ReadonlyMap<string, readonly DeliveredSidecar[]>, certified?: { readonly height: number; readonly note: string }): Promise<Head> {
    return this.beginCommit(outcome, sidecars, certified).written;
  }

  /**
   * Starts committing a block (see commit) and returns at once with what executing the next
   * block on top of it needs; `written` resolves with the new head once the block is durable. The
   * head moves then, in the first turn after the write, before any request is read: a request
   * sees the head and the store of the same block. The next block is committed only after.
   */
  beginCommit(...args: Parameters<Chain['beginCommitSteps']>): Pending {
    return runSteps(this.beginCommitSteps(...args));
  }

  /** beginCommit in steps: the store gathers a block's writes in steps (Storage.commitBlockSteps). */
  *beginCommitSteps(outcome: BlockOutcome, sidecars?: ReadonlyMap<string, readonly DeliveredSidecar[]>, certified?: { readonly height: number; readonly note: string }): Steps<Pending> {
    const { head, write } = yield* this.writeBlock(outcome, sidecars, certified, { trackMissing: this.consensus === 'cometbft' });
    const written = write.written.then(() => {
      this._head = head;
      return head;
    });
    // Built on first use: only a block executed on top of this one reads through it.
    let readers: LedgerReaders | undefined;
    const base = this.readers;
    return {
      head,
      written,
      get readers() {
        return (readers ??= readersAfter(base, outcome, write.made));
      },
    };
  }

  /** Block 0, written on this thread at open: nothing else runs yet. */
  private commitGenesis(outcome: BlockOutcome): void {
    this._head = runSteps(this.writeBlock(outcome, undefined, undefined, { now: true })).head;
  }

  /** Signs the block's checkpoint and hands the block, with its encoded results, to the store. */
  private *writeBlock(outcome: BlockOutcome, sidecars: Parameters<Storage['commitBlock']>[3], certified: Parameters<Storage['commitBlock']>[4], opts: Parameters<Storage['commitBlock']>[5]): Steps<{ head: Head; write: BlockWrite }> {
    const checkpoint = this.signCheckpoint(outcome.header);
    const results = outcome.results.map((r, i) => encodeResult(outcome.txs[i]!.id, r));
    const write = yield* this.storage.commitBlockSteps(outcome, results, checkpoint, sidecars, certified, opts);
    return { head: { header: outcome.header, hash: outcome.hash, checkpoint }, write };
  }

  /** The checkpoint text of a block: the same on every node of the chain. */
  checkpointText(header: BlockHeader): string {
    return formatCheckpoint({ origin: this.origin, size: header.logSize, rootHash: header.logRoot, height: header.height, stateRoot: header.stateRoot });
  }

  signCheckpoint(header: BlockHeader): string {
    return signNote(this.checkpointText(header), [{ name: this.nodeKey.name, seed: this.nodeKey.seed }]);
  }

  /** The latest height whose checkpoint a network certified (a quorum of validators signed it). */
  get certifiedHeight(): number | undefined {
    return this.storage.getMeta<number>('certified');
  }

  header(height: number): BlockHeader | undefined {
    const b = this.storage.getHeaderBytes(height);
    return b === undefined ? undefined : decodeHeader(b);
  }

  /**
   * Checks the stored chain before serving it: every header links to the one before (block 0
   * to the genesis hash), every log leaf hashes to its stored node, the log root and size of
   * the head match the stored tree, the head's state root is in the store, and every stored
   * checkpoint is signed by this node over its block's roots. Refuses to run on tampered data.
   */
  private verifyStored(height: number, onProgress?: OpenOptions['onProgress']): void {
    const fail = (what: string): never => {
      throw new CreditChainError('NODE_TAMPERED', `The stored chain is damaged or was changed: ${what}. The node will not run on it.`, { path: this.storage.path });
    };
    const storedGenesis = this.storage.getMeta<unknown>('genesis');
    if (JSON.stringify(storedGenesis) !== JSON.stringify(genesisToJson(this.genesis))) {
      fail('the genesis in the store differs from the configured genesis.json (a store made by an earlier version of CreditChain, whose genesis had other parameters, is refused too: start a new chain — for a dev chain, remove its data directory)');
    }
    let prevHash = genesisHash(this.suite, this.genesis);
    let prevLogSize = 0;
    let head: Head | undefined;
    // A store restored from a snapshot starts at its base block: its history before is not held.
    const base = this.storage.base;
    if (base > 0) prevLogSize = this.verifySnapshotBase(base, fail);
    for (let h = base; h <= height; h++) {
      const bytes = this.storage.getHeaderBytes(h);
      if (bytes === undefined) fail(`block ${h} is missing`);
      let header: BlockHeader;
      try {
        header = decodeHeader(bytes!);
      } catch {
        return fail(`block ${h}'s header does not decode`);
      }
      if (header.height !== h) fail(`block ${h}'s header says height ${header.height}`);
      if (h === base && base > 0) {
        if (header.logSize !== prevLogSize) fail(`block ${h}'s log size does not match the log restored with it`);
      } else {
        if (!equalBytes(header.prev, prevHash)) fail(`block ${h} does not link to block ${h - 1} (previous hash differs)`);
        const ids = this.storage.getBlockTxIds(h) ?? fail(`block ${h}'s transaction list is missing`);
        if (ids.length !== header.txCount || header.logSize !== prevLogSize + header.txCount) fail(`block ${h}'s transaction count does not match its header`);
        this.checkBlockEntries(h, ids, prevLogSize, header.logSize, fail);
      }
      const checkpoint = this.storage.getCheckpoint(h) ?? fail(`block ${h}'s checkpoint is missing`);
      let signedBody: string;
      try {
        signedBody = openNote(checkpoint, [this.verifierKey]).text;
      } catch {
        return fail(`block ${h}'s checkpoint is not signed by this node's key ${this.verifierKey}`);
      }
      const cp = parseCheckpoint(signedBody);
      if (cp.size !== header.logSize || !equalBytes(cp.rootHash, header.logRoot) || cp.height !== h || cp.stateRoot === undefined || !equalBytes(cp.stateRoot, header.stateRoot)) {
        fail(`block ${h}'s checkpoint does not match its header`);
      }
      prevHash = this.suite.hash(bytes!);
      prevLogSize = header.logSize;
      head = { header, hash: prevHash, checkpoint };
      if (onProgress !== undefined && (h % 10_000 === 0 || h === height)) onProgress(h + 1, height + 1, 'blocks');
    }
    const last = head!;
    if (!equalBytes(rootAt(this.suite.hash, this.storage.logNodeReader, last.header.logSize), last.header.logRoot)) {
      fail('the stored log tree does not give the head block\'s log root');
    }
    this.verifyStateTree(last.header.stateRoot, fail, onProgress);
    this._head = last;
  }

  /** Every log entry of block `h` is in the log tree and names its block and transaction, which is stored. */
  private checkBlockEntries(h: number, ids: readonly Uint8Array[], from: number, to: number, fail: (what: string) => never): void {
    for (let i = from; i < to; i++) {
      const e = this.checkLogLeaf(i, fail);
      if (e.index !== i || e.height !== h || !equalBytes(e.tx, ids[i - from]!)) fail(`log entry ${i} does not belong to block ${h}`);
      this.checkStoredTx(e.tx, i, fail);
    }
  }

  /**
   * The transaction log entry `i` names is stored and its body is the one the entry's id is the
   * hash of (storedTxId: no full decode, which would cost about three times the rest of this
   * check). Its signatures are not verified here — a verification per transaction:
   * `creditchain check --replay` does that.
   */
  private checkStoredTx(id: Uint8Array, i: number, fail: (what: string) => never): void {
    const bytes = this.storage.getTxBytes(id) ?? fail(`transaction ${toHex(id)} of log entry ${i} is missing`);
    let stored: Uint8Array;
    try {
      stored = storedTxId(this.suite, bytes);
    } catch {
      return fail(`transaction ${toHex(id)} of log entry ${i} does not decode`);
    }
    if (!equalBytes(stored, id)) fail(`transaction ${toHex(id)} of log entry ${i} is not the one the entry names (its body was changed)`);
  }

  /** Log entry `i` hashes to its leaf in the stored log tree, and completes the nodes above it. */
  private checkLogLeaf(i: number, fail: (what: string) => never): LogEntry {
    const entry = this.storage.getEntryBytes(i) ?? fail(`log entry ${i} is missing`);
    const node = this.storage.logNodeReader.getNode(0, i);
    if (node === undefined || !equalBytes(node, leafHash(this.suite.hash, entry))) fail(`log entry ${i} does not match the log tree`);
    this.checkLogNodesCompletedBy(i, fail);
    return decodeLogEntry(entry);
  }

  /**
   * A restored store's base block: the app hash recorded at the restore (the one the light client
   * trusted) is still that of the stored header, and every log entry up to it is in the log tree
   * and no later than the base. Returns the base block's log size.
   */
  private verifySnapshotBase(base: number, fail: (what: string) => never): number {
    const recorded = this.storage.getMeta<{ height: number; appHash: string }>('snapshot');
    const header = this.header(base) ?? fail(`block ${base}, restored from a snapshot, is missing`);
    if (recorded?.height !== base || toHex(networkAppHash(this.suite, header)) !== recorded.appHash) fail(`block ${base}'s header no longer gives the app hash it was restored with`);
    for (let i = 0; i < header.logSize; i++) {
      const e = this.checkLogLeaf(i, fail);
      if (e.height > base) fail(`log entry ${i} is of a block after the restored block ${base}`);
      this.checkStoredTx(e.tx, i, fail);
    }
    return header.logSize;
  }

  /**
   * Makes a verified state-sync snapshot this node's chain (snapshot/restore.ts checked it against
   * the app hash the light client trusts): signs its block's checkpoint and writes it all at once.
   */
  restore(v: VerifiedSnapshot): Head {
    const checkpoint = this.signCheckpoint(v.header);
    this.storage.restoreSnapshot({ ...v, checkpoint });
    this._head = { header: v.header, hash: this.suite.hash(v.headerBytes), checkpoint };
    return this._head;
  }

  /**
   * Walks the state tree of the head once: every node must hash to the hash it is stored
   * under, and every leaf must match the value in the flat state index, entry for entry.
   */
  private verifyStateTree(root: Uint8Array, fail: (what: string) => never, onProgress?: OpenOptions['onProgress']): void {
    const reader = this.storage.stateNodeReader;
    const zero = new Uint8Array(32);
    const total = this.storage.stateEntryCount();
    let leaves = 0;
    // Each node with the height it is kept at, as its parent recorded it (a root's is looked up).
    const stack: Array<{ hash: Uint8Array; at?: number }> = equalBytes(root, zero) ? [] : [{ hash: root }];
    while (stack.length > 0) {
      const { hash, at } = stack.pop()!;
      const node = reader.getNode(hash, at);
      if (node === undefined) fail(`the state tree node ${toHex(hash)} is missing`);
      if (!equalBytes(stateNodeHash(this.suite.hash, node!), hash)) fail(`the state tree node ${toHex(hash)} does not hash to its key`);
      if (node!.kind === 'internal') {
        if (!equalBytes(node!.left, zero)) stack.push({ hash: node!.left, at: node!.leftAt });
        if (!equalBytes(node!.right, zero)) stack.push({ hash: node!.right, at: node!.rightAt });
        continue;
      }
      leaves++;
      if (onProgress !== undefined && leaves % STATE_PROGRESS_EVERY === 0 && leaves <= total) onProgress(leaves, total, 'state entries');
      const value = this.storage.getState(node!.key);
      if (value === undefined || !equalBytes(this.suite.hash(value), node!.valueHash)) fail(`the state entry ${toHex(node!.key)} does not match the state tree`);
    }
    onProgress?.(leaves, total, 'state entries');
    if (leaves !== total) fail(`the state index holds ${this.storage.stateEntryCount()} entries but the state tree ${leaves}`);
  }

  /** Every perfect log node that leaf `i` completes must be the hash of its two children. */
  private checkLogNodesCompletedBy(i: number, fail: (what: string) => never): void {
    const reader = this.storage.logNodeReader;
    for (let level = 1, width = 2; (i + 1) % width === 0; level++, width *= 2) {
      const index = (i + 1) / width - 1;
      const left = reader.getNode(level - 1, 2 * index);
      const right = reader.getNode(level - 1, 2 * index + 1);
      const node = reader.getNode(level, index);
      if (left === undefined || right === undefined || node === undefined || !equalBytes(node, nodeHash(this.suite.hash, left, right))) {
        fail(`the log tree node at level ${level}, index ${index} does not match the entries below it`);
      }
    }
  }

  /**
   * Where a committed transaction is, and its result. One committed before the block this node
   * was restored from (state sync) has its result's code, from its log entry, but not the
   * message and data, which stay with the blocks on members that hold the full history.
   */
  txResult(id: Uint8Array): (TxLocation & { result: ResultView }) | undefined {
    const loc = this.storage.getTxLocation(id);
    if (loc === undefined) return undefined;
    const bytes = this.storage.getResultBytes(id);
    if (bytes !== undefined) return { ...loc, result: decodeResultBytes(bytes) };
    const { code } = decodeLogEntry(this.storage.getEntryBytes(loc.logIndex)!);
    const message = `Committed in block ${loc.height}, before block ${this.storage.base}, which this node was restored from (state sync): the result's message and data are held by member nodes with the full history.`;
    return { ...loc, result: { code, message } };
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}

