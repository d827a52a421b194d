// CreditChain as a CometBFT application (ABCI 2.0). CometBFT orders transactions and decides
// blocks; this application executes each decided block with the same deterministic ledger the
// solo node runs, and answers CometBFT's questions about it:
//
//   Info          the last committed height and app hash, so CometBFT replays what the app lacks
//   InitChain     once: the chain ids must agree; the app hash of block 0 is returned
//   CheckTx       cheap checks before a transaction enters CometBFT's mempool (check-state.ts)
//   Prepare/ProcessProposal  a block holds only transactions that decode, within the size limit,
//                 after the certificate of the previous checkpoint (certificates.ts); every
//                 validator executes a proposal as it accepts it, so it can sign its checkpoint
//   ExtendVote    this validator's signature of the checkpoint of the block it precommits
//   VerifyVoteExtension  another validator's signature, checked where the block is known here
//   FinalizeBlock executes the block (signatures verified: a block comes from anywhere); its app
//                 hash commits to the block's state, log and results roots (app-hash.ts)
//   Commit        writes the block durably (one synced store write) with this node's checkpoint
//                 and the certificate the block carried
//   Query         /state: a state entry with its proof to the committed state root
//
// Every method is synchronous: the server serialises calls (server.ts), and a block executed and
// committed within one turn of the event loop is never seen half done by the HTTP API either.
import { CreditChainError, decodeSignedTx, equalBytes, encodeStateProof, proveKey, toHex, type DecodedTx } from '@creditchain/core';
import { GOVERNANCE_MODULE, readValidators, stateKey, type BlockOutcome } from '@creditchain/ledger';
import {
  CheckTxType,
  ResponseApplySnapshotChunk_Result,
  ResponseOfferSnapshot_Result,
  ResponseProcessProposal_ProposalStatus,
  ResponseVerifyVoteExtension_VerifyStatus,
  type RequestApplySnapshotChunk,
  type RequestCheckTx,
  type RequestExtendVote,
  type RequestFinalizeBlock,
  type RequestVerifyVoteExtension,
  type RequestInfo,
  type RequestInitChain,
  type RequestLoadSnapshotChunk,
  type RequestOfferSnapshot,
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
  type ValidatorUpdate,
} from 'cosmjs-types/tendermint/abci/types';
import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import type { Chain, Head } from '../chain.js';
import type { VerifyPool } from '../verify-pool.js';
import { networkAppHash } from '../app-hash.js';
import type { DeliveredSidecar } from '../sidecars.js';
import type { AbciApplication } from './application.js';
import { decodeCertificateTx, encodeCertificateTx, isCertificateTx, lineVerifies, mergeSignatures, signatureLine, tally, validatorTable, type Certificate, type ValidatorEntry } from './certificates.js';
import { CheckState } from './check-state.js';
import { inTurns } from '../turns.js';
import { SNAPSHOT_FORMAT } from '../snapshot/format.js';
import { SnapshotRestore } from '../snapshot/restore.js';
import type { SnapshotStore } from '../snapshot/store.js';

/** ABCI's code for a refused transaction or query; the CreditChain error code travels in `data`/`info`. */
export const REFUSED = 1;
export const CODESPACE = 'creditchain';
const utf8 = new TextEncoder();

export interface AppHooks {
  /** The sidecars this node holds for transactions of a block about to be committed. */
  sidecarsOf(txs: readonly DecodedTx[]): ReadonlyMap<string, readonly DeliveredSidecar[]>;
  /** Called once a block is durable: waiters, event streams. */
  committed(head: Head, txs: readonly DecodedTx[]): void;
  /** Called once the chain was replaced by a state-sync snapshot: the sidecars to fetch. */
  restored?(head: Head): void;
  log(line: string): void;
}

/** State-sync snapshots this node takes and offers (none when undefined). */
/** Blocks after a snapshot's height that CometBFT's light client needs before it can verify it. */
const SNAPSHOT_LIGHT_BLOCKS = 2;

export interface SnapshotOptions {
  readonly store: SnapshotStore;
  /** A snapshot after every `interval` blocks; 0: none taken, though a snapshot may still be restored. */
  readonly interval: number;
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
  /** The block FinalizeBlock executed, waiting for Commit, and the certificate it carried. */
  private pending: { outcome: BlockOutcome; txs: DecodedTx[]; certificate: Certificate | undefined } | undefined;
  /** Proposals executed at this height, by block hash (hex): for ExtendVote and FinalizeBlock. */
  private proposals = new Map<string, BlockOutcome>();
  private validatorCache: { height: number; list: ValidatorEntry[] } | undefined;
  /** The snapshot being restored, between OfferSnapshot and its last chunk. */
  private restoring: SnapshotRestore | undefined;
  /** Whether a snapshot is being copied in the background. */
  private snapshotting = false;
  readonly check: CheckState;

  constructor(
    private readonly chain: Chain,
    private readonly hooks: AppHooks,
    private readonly version: string,
    private readonly snapshots?: SnapshotOptions,
    /** The node's signature verification threads; without them, signatures are verified inline. */
    private readonly verifier?: VerifyPool,
  ) {
    this.check = new CheckState(chain);
  }

  /**
   * Called as each request arrives, before its turn (the server answers requests one at a time):
   * the signatures of a new CheckTx's transaction, and of a proposed or decided block's
   * transactions this node has not verified, go to the verification threads at once — requests
   * that arrive together go together — and the request waits for the returned promise before its
   * turn. The verdicts are taken by the check-state, so CheckTx and block execution find those
   * transactions verified; a bad signature is verified again in its turn, for its exact error.
   * Nothing here touches the chain's state, so running ahead of earlier requests is safe.
   */
  arrived(kind: string, request: unknown): Promise<void> | undefined {
    if (kind === 'checkTx') {
      const req = request as RequestCheckTx;
      return req.type === CheckTxType.RECHECK ? undefined : this.check.verifyAhead(this.verifier, [req.tx]);
    }
    if (kind === 'processProposal' || kind === 'finalizeBlock') return this.check.verifyAhead(this.verifier, (request as RequestProcessProposal).txs);
    return undefined;
  }

  info(_req: RequestInfo): ResponseInfo {
    const head = this.chain.head;
    return { data: 'creditchain', version: this.version, appVersion: 1n, lastBlockHeight: BigInt(head.header.height), lastBlockAppHash: networkAppHash(this.chain.suite, head.header) };
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
    this.checkGenesisValidators(req);
    const time = timestampMs(req.time);
    if (time !== genesisTime) this.hooks.log(`warning: CometBFT's genesis_time ${new Date(time).toISOString()} differs from genesis.json's ${new Date(genesisTime).toISOString()}`);
    // The validators stay those of CometBFT's genesis; governance changes them later.
    return { validators: [], appHash: networkAppHash(this.chain.suite, this.chain.head.header) };
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
    // First the certificate of the last block's checkpoint, from the vote extensions CometBFT
    // gathered; then CometBFT's transactions in its order, cut at the byte limit (a transaction
    // that no longer decodes is left out).
    const txs: Uint8Array[] = [];
    let bytes = 0;
    const certificate = this.certificateFrom(req);
    if (certificate !== undefined && certificate.length <= Number(req.maxTxBytes)) {
      txs.push(certificate);
      bytes += certificate.length;
    }
    const seen = new Set<string>();
    for (const tx of req.txs) {
      if (bytes + tx.length > Number(req.maxTxBytes)) break;
      if (!this.fresh(tx, seen)) continue;
      txs.push(tx);
      bytes += tx.length;
    }
    return { txs };
  }

  async processProposal(req: RequestProcessProposal): Promise<ResponseProcessProposal> {
    // A block whose transactions all decode can be executed by every node alike (a transaction
    // that fails its checks is recorded with its failure, as in a solo block); a certificate may
    // come first and must hold a quorum of valid signatures of the last checkpoint.
    const reject = { status: ResponseProcessProposal_ProposalStatus.REJECT };
    const [first, ...rest] = req.txs;
    const hasCert = first !== undefined && isCertificateTx(first);
    if (hasCert && !this.certificateValid(first)) return reject;
    const txs = hasCert ? rest : req.txs;
    const seen = new Set<string>();
    if (!txs.every((tx) => this.fresh(tx, seen)) || timestampMs(req.time) < this.chain.head.header.time) return reject;
    await this.executeProposal(req.hash, req.height, req);
    return { status: ResponseProcessProposal_ProposalStatus.ACCEPT };
  }

  async extendVote(req: RequestExtendVote): Promise<ResponseExtendVote> {
    // This validator signs the checkpoint of the block it precommits; the next proposer gathers
    // the signatures into that checkpoint's certificate.
    const self = this.validators().find((v) => v.verifierKey === this.chain.verifierKey);
    if (self === undefined) return { voteExtension: new Uint8Array(0) };
    const outcome = await this.executeProposal(req.hash, req.height, req);
    return { voteExtension: utf8.encode(signatureLine(this.chain.checkpointText(outcome.header), self.name, this.chain.nodeKey.seed)) };
  }

  verifyVoteExtension(req: RequestVerifyVoteExtension): ResponseVerifyVoteExtension {
    const accept = { status: ResponseVerifyVoteExtension_VerifyStatus.ACCEPT };
    const reject = { status: ResponseVerifyVoteExtension_VerifyStatus.REJECT };
    if (req.voteExtension.length === 0) return accept; // a validator may abstain; the quorum decides
    // CometBFT asks only about its own validators. One not in the state's set is in the two
    // blocks before a governance change reaches CometBFT: its signature is not counted (the
    // proposer tallies against the state's set), but its vote must not be refused.
    const v = this.validators().find((x) => x.address === toHex(req.validatorAddress));
    if (v === undefined) return accept;
    let line: string;
    try {
      line = new TextDecoder('utf-8', { fatal: true }).decode(req.voteExtension);
    } catch {
      return reject;
    }
    if (!/^\u2014 \S+ \S+\n$/.test(line) || !line.startsWith(`\u2014 ${v.name} `)) return reject;
    // Where this node executed the block, the signature is checked now; elsewhere the proposer
    // and every node check it against the committed checkpoint before it counts.
    const outcome = this.proposals.get(toHex(req.hash));
    if (outcome === undefined) return accept;
    return lineVerifies(this.chain.checkpointText(outcome.header), line, v) ? accept : reject;
  }

  async finalizeBlock(req: RequestFinalizeBlock): Promise<ResponseFinalizeBlock> {
    const head = this.chain.head.header;
    if (req.height !== BigInt(head.height + 1)) {
      throw new CreditChainError('INTERNAL', `CometBFT finalises block ${req.height}, but this node's next block is ${head.height + 1}.`);
    }
    const first = req.txs[0];
    const certificate = first !== undefined && isCertificateTx(first) ? decodeCertificateTx(first) : undefined;
    const outcome = await this.executeProposal(req.hash, req.height, req);
    const txs = [...outcome.txs];
    this.pending = { outcome, txs, certificate };
    const certResult = certificate === undefined ? [] : [{ code: 0, codespace: '', data: new Uint8Array(0), log: `certificate of checkpoint ${certificate.height}`, info: 'ok', gasWanted: 0n, gasUsed: 0n, events: [] }];
    return {
      events: [],
      txResults: [...certResult, ...outcome.results.map((r) => ({
        code: r.code === 'ok' ? 0 : REFUSED,
        codespace: r.code === 'ok' ? '' : CODESPACE,
        data: utf8.encode(r.code),
        log: r.message,
        info: r.code,
        gasWanted: 0n,
        gasUsed: 0n,
        events: [],
      }))],
      validatorUpdates: this.validatorUpdates(outcome),
      appHash: networkAppHash(this.chain.suite, outcome.header),
    };
  }

  async commit(): Promise<ResponseCommit> {
    const pending = this.pending;
    if (pending === undefined) throw new CreditChainError('INTERNAL', 'CometBFT asked to commit, but no block was finalised.');
    const cert = pending.certificate;
    const certified = cert === undefined ? undefined : { height: cert.height, note: this.certifiedNote(cert) };
    const head = await (await inTurns(this.chain.beginCommitSteps(pending.outcome, this.hooks.sidecarsOf(pending.txs), certified))).written;
    this.pending = undefined;
    this.proposals.clear();
    this.check.committed(pending.txs);
    this.hooks.committed(head, pending.txs);
    this.takeSnapshot(head.header.height);
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

  // State sync (snapshot/): this node offers the snapshots it took, and a new node restores one,
  // chunk by chunk in order, checking it against the app hash CometBFT's light client trusts.
  listSnapshots(): ResponseListSnapshots {
    // A snapshot of height H is offered once block H+2 is committed: CometBFT's light client
    // verifies it with the headers of H+1 (its app hash) and H+2, and refuses for good a snapshot
    // offered before they exist.
    const head = this.chain.head.header.height;
    const held = (this.snapshots?.store.list() ?? []).filter((s) => s.height + SNAPSHOT_LIGHT_BLOCKS <= head);
    return { snapshots: held.map((s) => ({ height: BigInt(s.height), format: s.format, chunks: s.chunks, hash: s.hash, metadata: s.metadata })) };
  }

  offerSnapshot(req: RequestOfferSnapshot): ResponseOfferSnapshot {
    const s = req.snapshot;
    if (s === undefined) return { result: ResponseOfferSnapshot_Result.REJECT };
    if (this.chain.head.header.height !== 0) {
      // CometBFT state-syncs only a node with no blocks; a node that has some replays instead.
      this.hooks.log(`state sync: refused the snapshot of height ${s.height}: this node already holds ${this.chain.head.header.height} blocks; empty its store too (creditchain network state-sync empties both), or turn CometBFT's state sync off to replay`);
      return { result: ResponseOfferSnapshot_Result.ABORT };
    }
    if (s.format !== SNAPSHOT_FORMAT) return { result: ResponseOfferSnapshot_Result.REJECT_FORMAT };
    try {
      const offered = { height: Number(s.height), format: s.format, chunks: s.chunks, hash: s.hash, metadata: s.metadata };
      this.restoring = SnapshotRestore.offer(this.chain.suite, this.chain.genesis.chainId, offered, req.appHash, (h) => networkAppHash(this.chain.suite, h));
    } catch (e) {
      this.hooks.log(`state sync: refused the snapshot of height ${s.height}: ${(e as Error).message}`);
      return { result: ResponseOfferSnapshot_Result.REJECT };
    }
    this.hooks.log(`state sync: restoring the snapshot of height ${s.height} (${s.chunks} chunks)`);
    return { result: ResponseOfferSnapshot_Result.ACCEPT };
  }

  loadSnapshotChunk(req: RequestLoadSnapshotChunk): ResponseLoadSnapshotChunk {
    // An empty chunk tells CometBFT this node does not have it (a pruned or damaged snapshot).
    return { chunk: this.snapshots?.store.loadChunk(Number(req.height), req.format, req.chunk) ?? new Uint8Array(0) };
  }

  applySnapshotChunk(req: RequestApplySnapshotChunk): ResponseApplySnapshotChunk {
    const answer = (result: ResponseApplySnapshotChunk_Result, refetch: number[] = [], reject: string[] = []) => ({ result, refetchChunks: refetch, rejectSenders: reject });
    const r = this.restoring;
    if (r === undefined) return answer(ResponseApplySnapshotChunk_Result.ABORT);
    try {
      if (r.apply(req.index, req.chunk) === 'retry') {
        this.hooks.log(`state sync: chunk ${req.index} from peer ${req.sender} does not hash to the snapshot's; fetching it from another peer`);
        return answer(ResponseApplySnapshotChunk_Result.RETRY, [req.index], [req.sender]);
      }
      if (!r.done) return answer(ResponseApplySnapshotChunk_Result.ACCEPT);
      const verified = r.finish();
      this.restoring = undefined;
      const head = this.chain.restore(verified);
      this.validatorCache = undefined;
      this.check.committed();
      this.hooks.log(`state sync: restored block ${head.header.height} (${verified.state.length} state entries, ${verified.entries.length} log entries, ${verified.live.length} sidecars to fetch from the members)`);
      this.hooks.restored?.(head);
      return answer(ResponseApplySnapshotChunk_Result.ACCEPT);
    } catch (e) {
      this.restoring = undefined;
      if (!(e instanceof CreditChainError) || e.code !== 'SNAPSHOT_INVALID') throw e;
      this.hooks.log(`state sync: refused the snapshot of height ${r.height}: ${e.message}`);
      return answer(ResponseApplySnapshotChunk_Result.REJECT_SNAPSHOT, [], [req.sender]);
    }
  }

  /**
   * After the commit of every `interval`-th block, the snapshot of it, copied in the background
   * from a read view opened now (one at a time: a height due while one is copied is skipped). A
   * failure is logged, never fatal.
   */
  private takeSnapshot(height: number): void {
    const s = this.snapshots;
    if (s === undefined || s.interval === 0 || height % s.interval !== 0) return;
    if (this.snapshotting) {
      this.hooks.log(`state sync: skipped the snapshot of height ${height}: the previous one is still being written`);
      return;
    }
    this.snapshotting = true;
    const started = Date.now();
    s.store
      .take(this.chain.storage.readView())
      .then((taken) => this.hooks.log(`state sync: took the snapshot of height ${taken.height} (${taken.chunks} chunks, ${Date.now() - started} ms)`))
      .catch((e: unknown) => this.hooks.log(`state sync: could not take the snapshot of height ${height}: ${(e as Error).message}`))
      .finally(() => (this.snapshotting = false));
  }

  /** CometBFT's genesis validators must be those genesis.json names (keys and powers). */
  private checkGenesisValidators(req: RequestInitChain): void {
    const ours = this.chain.genesis.validators ?? [];
    if (ours.length === 0) {
      this.hooks.log('warning: genesis.json names no validators, so this network certifies no checkpoints (creditchain network init writes them).');
      return;
    }
    const theirs = new Map(req.validators.map((v) => [toHex(v.pubKey?.ed25519 ?? new Uint8Array(0)), Number(v.power)]));
    const same = theirs.size === ours.length && ours.every((v) => theirs.get(toHex(v.key)) === v.power);
    if (!same) {
      throw new CreditChainError('NODE_BAD_CONFIG', `CometBFT's genesis validators differ from genesis.json's (${ours.map((v) => `${v.name} ${v.power}`).join(', ')}): give both the same keys and powers.`);
    }
  }

  /**
   * Executes a proposed block once per block hash: ProcessProposal, ExtendVote and FinalizeBlock
   * of the same block share the outcome (nothing is written until Commit).
   */
  private async executeProposal(hash: Uint8Array, height: bigint, req: { txs: Uint8Array[]; time?: RequestFinalizeBlock['time']; proposerAddress: Uint8Array; nextValidatorsHash: Uint8Array }): Promise<BlockOutcome> {
    const head = this.chain.head.header;
    if (height !== BigInt(head.height + 1)) {
      throw new CreditChainError('INTERNAL', `CometBFT finalises block ${height}, but this node's next block is ${head.height + 1}.`);
    }
    const key = toHex(hash);
    const known = this.proposals.get(key);
    if (known !== undefined) return known;
    const [first, ...rest] = req.txs;
    const txs = (first !== undefined && isCertificateTx(first) ? rest : req.txs).map((bytes) => this.check.decode(bytes));
    // Signatures this process verified in CheckTx (the exact signed bytes) are not verified again.
    // In turns of the event loop (turns.ts): the node's HTTP API answers meanwhile. ABCI calls
    // still run one at a time (server.ts), so none sees the block half executed.
    const outcome = await inTurns(this.chain.executeSteps(txs, timestampMs(req.time), (tx) => !this.check.hasVerified(tx), { proposer: req.proposerAddress, validators: req.nextValidatorsHash }));
    this.proposals.set(key, outcome);
    return outcome;
  }

  /**
   * The changes to CometBFT's validator set a block makes: when a governance proposal replaced
   * the set, every validator that left gets power 0 and every new or changed one its power.
   * CometBFT applies them two blocks later; until then the votes of the old set still decide.
   */
  private validatorUpdates(outcome: BlockOutcome): ValidatorUpdate[] {
    const key = stateKey(this.chain.suite, GOVERNANCE_MODULE, 'validators');
    const write = outcome.stateWrites.find((w) => equalBytes(w.key, key));
    if (write === undefined) return [];
    const before = readValidators(this.chain.suite, this.chain.storage);
    const after = write.value === null ? [] : readValidators(this.chain.suite, { getState: (k: Uint8Array) => (equalBytes(k, key) ? write.value! : undefined) });
    const power = new Map(after.map((v) => [toHex(v.key), v.power]));
    const updates: ValidatorUpdate[] = [];
    for (const v of before) if (!power.has(toHex(v.key))) updates.push({ pubKey: { ed25519: v.key }, power: 0n });
    for (const v of after) {
      const old = before.find((b) => equalBytes(b.key, v.key));
      if (old === undefined || old.power !== v.power) updates.push({ pubKey: { ed25519: v.key }, power: BigInt(v.power) });
    }
    return updates;
  }

  /** The validator set of the committed state (it changes only by governance, in a block). */
  private validators(): ValidatorEntry[] {
    const height = this.chain.head.header.height;
    if (this.validatorCache?.height !== height) this.validatorCache = { height, list: validatorTable(this.chain.suite, this.chain.storage) };
    return this.validatorCache.list;
  }

  /** The certificate of the head's checkpoint from the vote extensions of its precommits, if they make a quorum. */
  private certificateFrom(req: RequestPrepareProposal): Uint8Array | undefined {
    const votes = req.localLastCommit?.votes ?? [];
    const lines = votes.filter((v) => v.blockIdFlag === BlockIDFlag.BLOCK_ID_FLAG_COMMIT && v.voteExtension.length > 0).map((v) => new TextDecoder().decode(v.voteExtension));
    if (lines.length === 0) return undefined;
    const head = this.chain.head.header;
    const t = tally(this.chain.checkpointText(head), lines, this.validators());
    return t.quorum ? encodeCertificateTx({ height: head.height, lines: t.lines }) : undefined;
  }

  /** A proposed certificate must certify the head's checkpoint with a quorum of valid, distinct signatures. */
  private certificateValid(bytes: Uint8Array): boolean {
    let c: Certificate;
    try {
      c = decodeCertificateTx(bytes);
    } catch {
      return false;
    }
    const head = this.chain.head.header;
    if (c.height !== head.height) return false;
    const t = tally(this.chain.checkpointText(head), c.lines, this.validators());
    return t.quorum && t.lines.length === c.lines.length;
  }

  /** The certified checkpoint: this node's own note of it with the certificate's signatures added. */
  private certifiedNote(c: Certificate): string {
    const header = this.chain.header(c.height)!;
    const text = this.chain.checkpointText(header);
    return mergeSignatures(text, this.chain.storage.getCheckpoint(c.height)!, c.lines);
  }

  /**
   * A transaction a block may carry: it decodes, and it is neither committed before nor already
   * in this block (`seen`, ids in hex) — a replayed copy is refused by the ledger anyway, but a
   * block that carries one is not a block an honest proposer makes.
   */
  private fresh(bytes: Uint8Array, seen: Set<string>): boolean {
    let tx: DecodedTx;
    try {
      tx = decodeSignedTx(this.chain.suite, bytes);
    } catch {
      return false;
    }
    const id = toHex(tx.id);
    if (seen.has(id) || this.chain.storage.getTxLocation(tx.id) !== undefined) return false;
    seen.add(id);
    return true;
  }
}
