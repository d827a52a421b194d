// CreditChain as a CometBFT application (ABCI 2.0). CometBFT orders transactions and decides
// blocks; this application executes each decided block with the same deterministic ledger the
// solo node runs, and answers CometBFT's questions about it:
//
//   Info          the last committed height and app hash, so CometBFT replays what the app lacks
//   InitChain     once: the chain ids must agree; the app hash of block 0 is returned
//   CheckTx       cheap checks before a transaction enters CometBFT's mempool (check-state.ts)
//   Prepare/ProcessProposal  a block holds only transactions that decode, within the size limit
//   FinalizeBlock executes the block (signatures verified: a block comes from anywhere); its app
//                 hash is our block hash, which commits to the state, log and results roots
//   Commit        writes the block durably (one synced store write) with this node's checkpoint
//   Query         /state: a state entry with its proof to the committed state root
//
// Every method is synchronous: the server serialises calls (server.ts), and a block executed and
// committed within one turn of the event loop is never seen half done by the HTTP API either.
import { CreditChainError, decodeSignedTx, encodeStateProof, proveKey, type DecodedTx } from '@creditchain/core';
import type { BlockOutcome } from '@creditchain/ledger';
import {
  CheckTxType,
  ResponseApplySnapshotChunk_Result,
  ResponseOfferSnapshot_Result,
  ResponseProcessProposal_ProposalStatus,
  ResponseVerifyVoteExtension_VerifyStatus,
  type RequestCheckTx,
  type RequestFinalizeBlock,
  type RequestInfo,
  type RequestInitChain,
  type RequestPrepareProposal,
  type RequestProcessProposal,
  type RequestQuery,
  type ResponseApplySnapshotChunk,
  type ResponseCheckTx,
  type ResponseCommit,
  type ResponseExtendVote,
  type ResponseFinalizeBlock,
  type ResponseInfo,
  type ResponseInitChain,
  type ResponseListSnapshots,
  type ResponseLoadSnapshotChunk,
  type ResponseOfferSnapshot,
  type ResponsePrepareProposal,
  type ResponseProcessProposal,
  type ResponseQuery,
  type ResponseVerifyVoteExtension,
} from 'cosmjs-types/tendermint/abci/types';
import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import type { Chain, Head } from '../chain.js';
import type { DeliveredSidecar } from '../sidecars.js';
import type { AbciApplication } from './application.js';
import { CheckState } from './check-state.js';

/** ABCI's code for a refused transaction or query; the CreditChain error code travels in `data`/`info`. */
export const REFUSED = 1;
export const CODESPACE = 'creditchain';
const utf8 = new TextEncoder();

export interface AppHooks {
  /** The sidecars this node holds for transactions of a block about to be committed. */
  sidecarsOf(txs: readonly DecodedTx[]): ReadonlyMap<string, readonly DeliveredSidecar[]>;
  /** Called once a block is durable: waiters, event streams. */
  committed(head: Head, txs: readonly DecodedTx[]): void;
  log(line: string): void;
}

/** Block time from a CometBFT timestamp: whole milliseconds, as the ledger counts them. */
export function timestampMs(t: Timestamp | undefined): number {
  if (t === undefined) throw new CreditChainError('INTERNAL', 'CometBFT sent a block without a time.');
  return Number(t.seconds) * 1000 + Math.floor(t.nanos / 1_000_000);
}

function refusal(e: unknown): { code: number; codespace: string; data: Uint8Array; log: string; info: string } {
  const err = e instanceof CreditChainError ? e : new CreditChainError('INTERNAL', 'The transaction could not be checked.');
  return { code: REFUSED, codespace: CODESPACE, data: utf8.encode(err.code), log: err.message, info: err.code };
}

export class CreditChainApp implements AbciApplication {
  /** The block FinalizeBlock executed, waiting for Commit. */
  private pending: { outcome: BlockOutcome; txs: DecodedTx[] } | undefined;
  readonly check: CheckState;

  constructor(
    private readonly chain: Chain,
    private readonly hooks: AppHooks,
    private readonly version: string,
  ) {
    this.check = new CheckState(chain);
  }

  info(_req: RequestInfo): ResponseInfo {
    const head = this.chain.head;
    return { data: 'creditchain', version: this.version, appVersion: 1n, lastBlockHeight: BigInt(head.header.height), lastBlockAppHash: head.hash };
  }

  initChain(req: RequestInitChain): ResponseInitChain {
    const { chainId, genesisTime } = this.chain.genesis;
    if (req.chainId !== chainId) {
      throw new CreditChainError('NODE_BAD_CONFIG', `CometBFT's genesis is for chain "${req.chainId}", but this node's genesis.json is for "${chainId}"; give both the same chain id.`);
    }
    if (req.initialHeight !== 1n) throw new CreditChainError('NODE_BAD_CONFIG', `CometBFT's genesis starts at height ${req.initialHeight}; a CreditChain network starts at height 1 (initial_height "1").`);
    if (this.chain.head.header.height !== 0) {
      throw new CreditChainError('NODE_BAD_CONFIG', `CometBFT starts the chain from its genesis, but this node already holds ${this.chain.head.header.height} blocks; start CometBFT with its own data of this chain, or this node from an empty store.`);
    }
    const time = timestampMs(req.time);
    if (time !== genesisTime) this.hooks.log(`warning: CometBFT's genesis_time ${new Date(time).toISOString()} differs from genesis.json's ${new Date(genesisTime).toISOString()}`);
    // The validators stay those of CometBFT's genesis; governance changes them later.
    return { validators: [], appHash: this.chain.head.hash };
  }

  checkTx(req: RequestCheckTx): ResponseCheckTx {
    try {
      const tx = this.check.admit(req.tx, { recheck: req.type === CheckTxType.RECHECK });
      return { code: 0, data: tx.id, log: '', info: '', gasWanted: 0n, gasUsed: 0n, events: [], codespace: '' };
    } catch (e) {
      return { gasWanted: 0n, gasUsed: 0n, events: [], ...refusal(e) };
    }
  }

  prepareProposal(req: RequestPrepareProposal): ResponsePrepareProposal {
    // CometBFT's order, cut at the byte limit; a transaction that no longer decodes is left out.
    const txs: Uint8Array[] = [];
    let bytes = 0;
    for (const tx of req.txs) {
      if (bytes + tx.length > Number(req.maxTxBytes)) break;
      if (!this.decodes(tx)) continue;
      txs.push(tx);
      bytes += tx.length;
    }
    return { txs };
  }

  processProposal(req: RequestProcessProposal): ResponseProcessProposal {
    // A block whose transactions all decode can be executed by every node alike; a transaction
    // that fails its checks is then recorded with its failure, as in a solo block.
    const ok = req.txs.every((tx) => this.decodes(tx)) && timestampMs(req.time) >= this.chain.head.header.time;
    return { status: ok ? ResponseProcessProposal_ProposalStatus.ACCEPT : ResponseProcessProposal_ProposalStatus.REJECT };
  }

  extendVote(): ResponseExtendVote {
    return { voteExtension: new Uint8Array(0) };
  }

  verifyVoteExtension(): ResponseVerifyVoteExtension {
    return { status: ResponseVerifyVoteExtension_VerifyStatus.ACCEPT };
  }

  finalizeBlock(req: RequestFinalizeBlock): ResponseFinalizeBlock {
    const head = this.chain.head.header;
    if (req.height !== BigInt(head.height + 1)) {
      throw new CreditChainError('INTERNAL', `CometBFT finalises block ${req.height}, but this node's next block is ${head.height + 1}.`);
    }
    const txs = req.txs.map((bytes) => decodeSignedTx(this.chain.suite, bytes));
    const outcome = this.chain.execute(txs, timestampMs(req.time), true, { proposer: req.proposerAddress, validators: req.nextValidatorsHash });
    this.pending = { outcome, txs };
    return {
      events: [],
      txResults: outcome.results.map((r) => ({
        code: r.code === 'ok' ? 0 : REFUSED,
        codespace: r.code === 'ok' ? '' : CODESPACE,
        data: utf8.encode(r.code),
        log: r.message,
        info: r.code,
        gasWanted: 0n,
        gasUsed: 0n,
        events: [],
      })),
      validatorUpdates: [],
      appHash: outcome.hash,
    };
  }

  commit(): ResponseCommit {
    const pending = this.pending;
    if (pending === undefined) throw new CreditChainError('INTERNAL', 'CometBFT asked to commit, but no block was finalised.');
    const head = this.chain.commit(pending.outcome, this.hooks.sidecarsOf(pending.txs));
    this.pending = undefined;
    this.check.reset();
    this.hooks.committed(head, pending.txs);
    return { retainHeight: 0n };
  }

  query(req: RequestQuery): ResponseQuery {
    const head = this.chain.head.header;
    const base = { index: 0n, key: req.data, value: new Uint8Array(0), height: BigInt(head.height), codespace: '', code: 0, log: '', info: '' };
    if (req.path !== '/state') return { ...base, code: REFUSED, codespace: CODESPACE, log: `There is no query path "${req.path}"; ask /state with a 32-byte state key (the HTTP API has everything else).` };
    if (req.data.length !== 32) return { ...base, code: REFUSED, codespace: CODESPACE, log: 'A state key is 32 bytes.' };
    if (req.height !== 0n && req.height !== BigInt(head.height)) return { ...base, code: REFUSED, codespace: CODESPACE, log: `This node answers at its latest height, ${head.height}.` };
    const value = this.chain.storage.getState(req.data) ?? new Uint8Array(0);
    const proof = req.prove ? { ops: [{ type: 'creditchain/state', key: req.data, data: encodeStateProof(proveKey(this.chain.suite.hash, this.chain.storage.stateNodeReader, head.stateRoot, req.data)) }] } : undefined;
    return { ...base, value, ...(proof === undefined ? {} : { proofOps: proof }) };
  }

  // State sync is not offered yet: a new node replays the chain from genesis (block sync).
  listSnapshots(): ResponseListSnapshots {
    return { snapshots: [] };
  }

  offerSnapshot(): ResponseOfferSnapshot {
    return { result: ResponseOfferSnapshot_Result.REJECT };
  }

  loadSnapshotChunk(): ResponseLoadSnapshotChunk {
    return { chunk: new Uint8Array(0) };
  }

  applySnapshotChunk(): ResponseApplySnapshotChunk {
    return { result: ResponseApplySnapshotChunk_Result.ABORT, refetchChunks: [], rejectSenders: [] };
  }

  private decodes(bytes: Uint8Array): boolean {
    try {
      decodeSignedTx(this.chain.suite, bytes);
      return true;
    } catch {
      return false;
    }
  }
}
