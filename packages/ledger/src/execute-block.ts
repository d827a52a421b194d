// Applying a block: a pure function of the committed state (read through the readers), the
// previous header, the transactions, the block time and the proposer. No clock, no randomness,
// no I/O, no unordered iteration: the same inputs give byte-identical outputs on every node.
import {
  CreditChainError,
  appendLeaves,
  applyBatchSteps,
  encodeCanonical,
  encodeHeader,
  encodeLogEntry,
  leafHash,
  merkleRoot,
  rootAt,
  runSteps,
  type BlockHeader,
  type CborValue,
  type CryptoSuite,
  type DecodedTx,
  type LogEntry,
  type LogNodeReader,
  type StateNode,
  type StateNodeReader,
  type Steps,
} from '@creditchain/core';
import type { ActionOutcome } from './action.js';
import { checkTxStateful, checkTxStateless } from './check-tx.js';
import { genesisHash, type Genesis } from './genesis.js';
import { writeCreditGenesis } from './modules/credit/genesis.js';
import { readParams, writeParams } from './modules/governance/params.js';
import { writeValidators } from './modules/governance/state.js';
import { newAccount } from './modules/identity/accounts.js';
import { writeAccount, writeOrg } from './modules/identity/state.js';
import { StateOverlay, type StateReader, type StateWrite } from './overlay.js';
import { END_BLOCK, getAction } from './registry.js';
import type { ContractVm } from './modules/contracts/vm.js';

export interface LedgerReaders {
  /** Latest committed value of a state key. */
  readonly state: StateReader;
  readonly stateNodes: StateNodeReader;
  readonly logNodes: LogNodeReader;
}

export interface TxResult {
  /** "ok", or the stable error code the transaction failed with. */
  readonly code: string;
  readonly message: string;
  readonly data?: CborValue;
}

export interface BlockOutcome {
  readonly header: BlockHeader;
  readonly headerBytes: Uint8Array;
  readonly hash: Uint8Array;
  readonly txs: readonly DecodedTx[];
  readonly results: readonly TxResult[];
  readonly entries: readonly LogEntry[];
  readonly entryBytes: readonly Uint8Array[];
  readonly stateWrites: readonly StateWrite[];
  /** Commitments of the sidecars this block erases: the node deletes them with the block. */
  readonly erasures: readonly Uint8Array[];
  readonly stateNodes: ReadonlyArray<{ hash: Uint8Array; node: StateNode }>;
  /** The version the state root is kept at when this block did not create it (see applyBatch). */
  readonly stateRootAt?: number;
  /** Stored state tree nodes the new root no longer reaches, with where they are kept: the node prunes them later. */
  readonly staleStateNodes: ReadonlyArray<{ hash: Uint8Array; at: number }>;
  readonly logNodes: ReadonlyArray<{ level: number; index: number; hash: Uint8Array }>;
}

export const RESULT_OK = 'ok';

/**
 * The leaf of the results root: {tx, code, data?}. The message is left out on purpose: it is a
 * sentence for people that may be reworded between versions, and a reworded sentence must
 * never change a root and split nodes. Only the code and the data are consensus.
 */
export function encodeResultLeaf(id: Uint8Array, r: TxResult): Uint8Array {
  const v: Record<string, CborValue> = { tx: id, code: r.code };
  if (r.data !== undefined) v.data = r.data;
  return encodeCanonical(v);
}

/** The stored form of a result, with its message, as the node keeps it for replies. */
export function encodeResult(id: Uint8Array, r: TxResult): Uint8Array {
  const v: Record<string, CborValue> = { tx: id, code: r.code, message: r.message };
  if (r.data !== undefined) v.data = r.data;
  return encodeCanonical(v);
}

function* finish(
  suite: CryptoSuite,
  readers: LedgerReaders,
  base: { chain: string; height: number; time: number; prev: Uint8Array; prevState: Uint8Array; prevLogSize: number; proposer: Uint8Array; validators: Uint8Array },
  txs: readonly DecodedTx[],
  results: readonly TxResult[],
  entries: readonly LogEntry[],
  overlay: StateOverlay,
): Steps<BlockOutcome> {
  const stateWrites = overlay.list();
  yield;
  const state = yield* applyBatchSteps(suite.hash, readers.stateNodes, base.prevState, stateWrites.map((w) => ({ key: w.key, value: w.value })));
  const entryBytes = entries.map(encodeLogEntry);
  const appended = appendLeaves(suite.hash, readers.logNodes, base.prevLogSize, entryBytes.map((b) => leafHash(suite.hash, b)));
  const logRoot = appended.root;
  const header: BlockHeader = {
    chain: base.chain,
    height: base.height,
    time: base.time,
    prev: base.prev,
    txCount: txs.length,
    txRoot: merkleRoot(suite.hash, txs.map((t) => leafHash(suite.hash, t.id))),
    logSize: appended.size,
    logRoot,
    stateRoot: state.root,
    resultsRoot: merkleRoot(suite.hash, results.map((r, i) => leafHash(suite.hash, encodeResultLeaf(txs[i]!.id, r)))),
    proposer: base.proposer,
    validators: base.validators,
  };
  const headerBytes = encodeHeader(header);
  return {
    header,
    headerBytes,
    hash: suite.hash(headerBytes),
    txs,
    results,
    entries,
    entryBytes,
    stateWrites,
    erasures: overlay.erasures(),
    stateNodes: state.nodes,
    staleStateNodes: state.stale,
    ...(state.rootAt === undefined ? {} : { stateRootAt: state.rootAt }),
    logNodes: appended.nodes,
  };
}

/** Block 0: the genesis accounts written to state; no transactions. */
export function executeGenesis(suite: CryptoSuite, genesis: Genesis, readers: LedgerReaders, proposer: Uint8Array, validators: Uint8Array): BlockOutcome {
  const overlay = new StateOverlay(readers.state);
  writeParams(suite, overlay, genesis.params);
  for (const o of genesis.orgs) writeOrg(suite, overlay, { ...o, status: 'active', since: 0 });
  for (const a of genesis.accounts) writeAccount(suite, overlay, newAccount(a.name, a.org, a.subject, a.roles, a.keys, a.threshold));
  writeCreditGenesis(suite, overlay, genesis);
  if (genesis.validators !== undefined && genesis.validators.length > 0) writeValidators(suite, overlay, genesis.validators);
  const empty = new Uint8Array(32);
  return runSteps(finish(
    suite,
    readers,
    { chain: genesis.chainId, height: 0, time: genesis.genesisTime, prev: genesisHash(suite, genesis), prevState: empty, prevLogSize: 0, proposer, validators },
    [],
    [],
    [],
    overlay,
  ));
}

export interface BlockInput {
  readonly prev: { readonly header: BlockHeader; readonly hash: Uint8Array };
  readonly time: number;
  readonly txs: readonly DecodedTx[];
  readonly proposer: Uint8Array;
  readonly validators: Uint8Array;
  /**
   * False only when every transaction's signatures were verified at admission by this same
   * process (the solo sequencer); a block from anywhere else is verified here — or, as a
   * function, per transaction: false for the exact signed bytes this process already verified
   * (a CometBFT member's CheckTx). A signature is valid or not whoever checks it, so skipping a
   * check already passed cannot change the outcome.
   */
  readonly verifySignatures: boolean | ((tx: DecodedTx) => boolean);
  /**
   * The actions' digests (ActionDef.digest) this process already computed for these exact
   * transaction objects — the solo node's verification threads compute them at admission —, or
   * undefined for one to compute here. A digest is a pure function of the payload, so taking
   * one computed before cannot change the outcome.
   */
  readonly digests?: (tx: DecodedTx) => Uint8Array | undefined;
  /**
   * The contract runtime (QuickJS from the pinned build), loaded once by the node and passed to
   * every block; a block that calls a contract or runs an alarm without one cannot execute.
   */
  readonly contracts?: ContractVm;
}

function failure(e: unknown): TxResult {
  if (e instanceof CreditChainError) return { code: e.code, message: e.message };
  // A handler bug must not split nodes on a message text; the code is what is committed.
  return { code: 'INTERNAL', message: 'The transaction failed with an internal error.' };
}

/** Executes a block of transactions on top of `prev`. */
export function executeBlock(suite: CryptoSuite, genesis: Genesis, readers: LedgerReaders, input: BlockInput): BlockOutcome {
  return runSteps(executeBlockSteps(suite, genesis, readers, input));
}

/**
 * executeBlock in steps (core steps.ts): a step a transaction, then the state tree's subtrees.
 * The node runs them giving its event loop turns between them; the outcome is the same.
 */
export function* executeBlockSteps(suite: CryptoSuite, genesis: Genesis, readers: LedgerReaders, input: BlockInput): Steps<BlockOutcome> {
  const { prev, time, txs } = input;
  const height = prev.header.height + 1;
  if (time < prev.header.time) {
    throw new CreditChainError('INTERNAL', `Block time ${time} is before the previous block's time ${prev.header.time}.`);
  }
  const overlay = new StateOverlay(readers.state);
  const results: TxResult[] = [];
  const entries: LogEntry[] = [];
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i]!;
    const logIndex = prev.header.logSize + i;
    let result: TxResult;
    let outcome: ActionOutcome = {};
    try {
      const verify = typeof input.verifySignatures === 'function' ? input.verifySignatures(tx) : input.verifySignatures;
      const payload = checkTxStateless(suite, genesis, tx, { verifySignatures: verify, protocolVersion: () => readParams(suite, overlay).protocolVersion });
      const account = checkTxStateful(suite, genesis, overlay, tx, height);
      // The nonce advances whether or not the action succeeds: the transaction is in the block.
      writeAccount(suite, overlay, { ...account, nonce: account.nonce + 1 });
      const layer = overlay.child();
      try {
        const def = getAction(tx.body.module, tx.body.action);
        const digest = def.digest === undefined ? undefined : (input.digests?.(tx) ?? def.digest(suite, payload));
        outcome = def.execute(
          { suite, genesis, height, time, sender: tx.body.sender, txId: tx.id, logIndex, state: layer, sidecars: tx.body.sidecars, contracts: input.contracts, digest },
          payload,
        );
        layer.mergeInto(overlay);
        result = outcome.data === undefined ? { code: RESULT_OK, message: 'Committed.' } : { code: RESULT_OK, message: 'Committed.', data: outcome.data };
      } catch (e) {
        outcome = {};
        result = failure(e);
      }
    } catch (e) {
      result = failure(e);
    }
    results.push(result);
    entries.push({
      chain: genesis.chainId,
      index: logIndex,
      height,
      time,
      tx: tx.id,
      sender: tx.body.sender,
      module: tx.body.module,
      action: tx.body.action,
      code: result.code,
      commitment: outcome.commitment ?? new Uint8Array(0),
    });
    yield;
  }
  for (const step of END_BLOCK) step({ suite, genesis, state: overlay, height, time, prev: prev.hash, contracts: input.contracts });
  return yield* finish(
    suite,
    readers,
    { chain: genesis.chainId, height, time, prev: prev.hash, prevState: prev.header.stateRoot, prevLogSize: prev.header.logSize, proposer: input.proposer, validators: input.validators },
    txs,
    results,
    entries,
    overlay,
  );
}
