// What the ABCI server asks of the application: one method for each ABCI 2.0 request except echo
// and flush, which the server answers itself. Each takes the request message and returns the
// response message, or a promise of it. The server calls them one at a time across all four of
// CometBFT's connections (server.ts says why), so a method never runs while another is running —
// and so a method must never wait for another ABCI call to finish (for example, Commit waiting on
// a transaction submitted through CometBFT's mempool), or it waits forever.
//
// A method throws only for a failure CometBFT should stop on (a bug, a broken store, state that
// cannot be trusted): the server answers with an exception, and CometBFT halts on one. An expected
// refusal — a transaction that fails its checks, a query for a missing key — is a response with a
// non-zero code.
import type {
  Request,
  RequestApplySnapshotChunk,
  RequestCheckTx,
  RequestCommit,
  RequestExtendVote,
  RequestFinalizeBlock,
  RequestInfo,
  RequestInitChain,
  RequestListSnapshots,
  RequestLoadSnapshotChunk,
  RequestOfferSnapshot,
  RequestPrepareProposal,
  RequestProcessProposal,
  RequestQuery,
  RequestVerifyVoteExtension,
  Response,
  ResponseApplySnapshotChunk,
  ResponseCheckTx,
  ResponseCommit,
  ResponseExtendVote,
  ResponseFinalizeBlock,
  ResponseInfo,
  ResponseInitChain,
  ResponseListSnapshots,
  ResponseLoadSnapshotChunk,
  ResponseOfferSnapshot,
  ResponsePrepareProposal,
  ResponseProcessProposal,
  ResponseQuery,
  ResponseVerifyVoteExtension,
} from 'cosmjs-types/tendermint/abci/types';
import type { RequestKind } from './codec.js';

type Answer<T> = T | Promise<T>;

export interface AbciApplication {
  // info/query connection
  /** At start-up and handshake: the last committed height and app hash, so CometBFT can replay. */
  info(request: RequestInfo): Answer<ResponseInfo>;
  /** State reads, with proofs when `prove` is set. */
  query(request: RequestQuery): Answer<ResponseQuery>;

  // mempool connection
  /** Pre-checks a transaction before it enters the mempool (also re-checks after each Commit). */
  checkTx(request: RequestCheckTx): Answer<ResponseCheckTx>;

  // consensus connection
  /** Once, at genesis: validators, consensus parameters and the app's genesis state. */
  initChain(request: RequestInitChain): Answer<ResponseInitChain>;
  /** The proposer may reorder, drop or add transactions of its block. */
  prepareProposal(request: RequestPrepareProposal): Answer<ResponsePrepareProposal>;
  /** Every validator accepts or rejects a proposed block. */
  processProposal(request: RequestProcessProposal): Answer<ResponseProcessProposal>;
  /** This validator's vote extension for the block it precommits. */
  extendVote(request: RequestExtendVote): Answer<ResponseExtendVote>;
  /** Checks another validator's vote extension. */
  verifyVoteExtension(request: RequestVerifyVoteExtension): Answer<ResponseVerifyVoteExtension>;
  /** Executes a decided block; nothing is persisted yet. */
  finalizeBlock(request: RequestFinalizeBlock): Answer<ResponseFinalizeBlock>;
  /** Persists the state FinalizeBlock produced. */
  commit(request: RequestCommit): Answer<ResponseCommit>;

  // snapshot connection (state sync)
  listSnapshots(request: RequestListSnapshots): Answer<ResponseListSnapshots>;
  offerSnapshot(request: RequestOfferSnapshot): Answer<ResponseOfferSnapshot>;
  loadSnapshotChunk(request: RequestLoadSnapshotChunk): Answer<ResponseLoadSnapshotChunk>;
  applySnapshotChunk(request: RequestApplySnapshotChunk): Answer<ResponseApplySnapshotChunk>;

  /**
   * Optional: called with each request as it arrives, before its turn; the request waits for the
   * promise returned, if any, before it is answered. For work that reads no state (verifying
   * signatures), so it can run alongside the requests ahead of it.
   */
  arrived?(kind: AppRequestKind, request: unknown): Promise<void> | undefined;
}

/** The request kinds the application answers. */
export type AppRequestKind = Exclude<RequestKind, 'echo' | 'flush'>;

/**
 * The same interface written as a map from request kind to handler, so the server can call
 * `app[kind](request)` with types that follow the kind. The server assigns an AbciApplication to
 * it, which fails to compile if the interface misses a kind or types one differently from the
 * Request and Response oneofs.
 */
export type AbciHandlers = {
  [K in AppRequestKind]: (request: NonNullable<Request[K]>) => Answer<NonNullable<Response[K]>>;
};
