// A typed HTTP client for a CreditChain node, over the global `fetch`. Every path comes from the
// shared route table (routes.ts), so the client and the server cannot disagree on a URL. A
// refusal becomes a CreditChainError carrying the node's code, message and details.
//
// The client only talks to the node; checking what it answers is the job of the offline
// verifiers (receipt.ts, consistency.ts), which take data and never fetch.
import { CreditChainError, ERROR_CODES, NAME_PATTERN, encodeCanonical, fromHex, getSuite, isBytes, type ErrorCode } from '@creditchain/core';
import type { Sidecar } from '@creditchain/ledger';
import type { KeyPair } from './keys.js';
import { signReadHeaders, type ReadSigner } from './read-auth.js';
import { parseReceipt, type EvidenceReceipt } from './receipt.js';
import type {
  AccountReply,
  BlockReply,
  ConsistencyProofReply,
  EvidenceReply,
  InclusionProofReply,
  OrgReply,
  OrgsReply,
  ParamsReply,
  ProposalReply,
  ProposalsReply,
  StateReply,
  StatusReply,
  TxReply,
  BatchReply,
} from './replies.js';
import { MAX_EVIDENCE_LOOKUP, routes, type RouteName } from './routes.js';
import type { ReportFile } from './credit-report.js';
import type { CategoriesReply, ClockReply, ValidatorsReply, RecordDetailsReply, RecordReply, ScoringModelsReply, SubjectRecordsReply } from './replies.js';
import type {
  ComplaintJson,
  ComplaintsReply,
  ConsentJson,
  ObjectionJson,
  ObjectionsReply,
  RepairJson,
  SubjectRepairsReply,
  ServerEvent,
  StandingReply,
  SubjectComplaintsReply,
  SubjectConsentsReply,
  SubjectObjectionsReply,
  SubjectQueriesReply,
} from './replies.js';
import type { OBJECTION_FILTERS } from './rights-routes.js';
import type { DevKeysReply, OrgObjectionsReply, OrgRecordsReply, RepairsReply, StatsReply } from './supervision-replies.js';
import { encodeTxWithSidecars } from './sidecars.js';
import type { ContractReply, ContractsReply, ContractStorageReply, ContractViewReply } from './contract-routes.js';
import type { AccountVouchersReply, HouseholdPointsReply, PointsClassReply, PointsRankingReply, VoucherClassesReply, VoucherMovementsReply, VoucherTraceFile } from './voucher-routes.js';
import type { VoucherClassJson } from '@creditchain/ledger';

/**
 * Who the client reads as: an account and one of its live keys. `alg` defaults to the chain's
 * suite algorithm; a key pair must name its account.
 */
export type ReaderOption = { readonly account: string; readonly alg?: string; readonly secret: Uint8Array } | KeyPair;

export interface ClientOptions {
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof globalThis.fetch;
  /** Give up on a request after this long (ms). Default 60 s: a wait=commit submit can take 30 s. */
  readonly timeoutMs?: number;
  /** Sign every GET request as this reader (authenticated reads, docs/protocol.md). */
  readonly reader?: ReaderOption;
}

/** A transaction to submit: its signed bytes (or an envelope), or its bytes with the sidecars to deliver beside it. */
export type TxSubmission = Uint8Array | { readonly tx: Uint8Array; readonly sidecars: readonly Sidecar[] };

type PathParams = Readonly<Record<string, string | number>>;
type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** The path of a route with its `:params` filled in and the query appended. */
export function routePath(name: RouteName, params: PathParams = {}, query: Query = {}): string {
  const path = routes[name].url.replace(/:([A-Za-z]+)/g, (_m, key: string) => {
    const v = params[key];
    if (v === undefined) throw new CreditChainError('API_BAD_REQUEST', `The route ${name} needs the parameter "${key}".`, { route: name, param: key });
    return encodeURIComponent(String(v));
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
  const qs = q.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

/** For a code this SDK does not know (a newer node): the known code closest in meaning, by HTTP status. */
function closestCode(status: number): ErrorCode {
  switch (status) {
    case 404:
      return 'API_NOT_FOUND';
    case 413:
      return 'ENCODING_TOO_LARGE';
    case 415:
      return 'API_UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'API_RATE_LIMITED';
    case 503:
      return 'NODE_OVERLOADED';
    case 504:
      return 'NODE_TIMEOUT';
    default:
      return status >= 500 ? 'INTERNAL' : 'API_BAD_REQUEST';
  }
}

/**
 * A CreditChainError from a code the node sent. An unknown code keeps its text in
 * `details.code` and takes the closest known code.
 */
export function errorFromCode(code: string, message: string, status: number, details?: Record<string, unknown>): CreditChainError {
  if (Object.hasOwn(ERROR_CODES, code)) return new CreditChainError(code as ErrorCode, message, details);
  return new CreditChainError(closestCode(status), message, { ...(details ?? {}), code, status });
}

function isErrorBody(v: unknown): v is { code: string; message: string; details?: Record<string, unknown> } {
  const b = v as { code?: unknown; message?: unknown; details?: unknown } | null;
  return typeof b === 'object' && b !== null && typeof b.code === 'string' && typeof b.message === 'string' && (b.details === undefined || (typeof b.details === 'object' && b.details !== null));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const HEX32 = /^[0-9a-f]{64}$/;

function checkHex32(v: string, what: string): string {
  if (typeof v !== 'string' || !HEX32.test(v)) throw new CreditChainError('ENCODING_BAD_HEX', `The ${what} must be 32 bytes of lowercase hex (64 digits).`, { value: String(v).slice(0, 80) });
  return v;
}

function checkUint(v: number, what: string): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new CreditChainError('API_BAD_REQUEST', `The ${what} must be a non-negative integer.`, { value: v });
  return v;
}

function checkName(v: string, what: string): string {
  if (typeof v !== 'string' || !NAME_PATTERN.test(v)) throw new CreditChainError('API_BAD_REQUEST', `The ${what} "${String(v).slice(0, 80)}" must be lowercase letters, digits, ".", "_" or "-" (at most 64).`, { value: String(v).slice(0, 80) });
  return v;
}

function submissionBytes(t: TxSubmission): Uint8Array {
  if (isBytes(t)) return t;
  if (typeof t === 'object' && t !== null && isBytes(t.tx) && Array.isArray(t.sidecars)) return encodeTxWithSidecars(t.tx, t.sidecars);
  throw new CreditChainError('API_BAD_REQUEST', 'A transaction is submitted as its signed bytes (Uint8Array), or as {tx, sidecars}.');
}

const proveQuery = (opts: { prove?: boolean }): Query => (opts.prove === true ? { prove: true } : {});

/** Did the request fail because its connection was reset or closed under it (not a timeout, not a refusal)? */
function wasReset(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string } } | null)?.cause?.code;
  return cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET' || cause === 'EPIPE';
}

export class CreditChainClient {
  /** The node's base URL, without a trailing slash. */
  readonly baseUrl: string;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly timeoutMs: number;
  private readonly reader: ReaderOption | undefined;
  /** The chain id and default algorithm, read once from /v1/status when a read is first signed. */
  private chainInfo: Promise<{ chainId: string; alg: string }> | undefined;

  constructor(baseUrl: string, opts: ClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new CreditChainError('CLIENT_BAD_URL', `"${baseUrl}" is not a URL; give the node's address, e.g. http://127.0.0.1:7700.`, { url: baseUrl });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CreditChainError('CLIENT_BAD_URL', `The node URL must start with http:// or https://, not ${url.protocol}//.`, { url: baseUrl });
    }
    this.baseUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    // Bound: a browser's fetch throws "Illegal invocation" when called as another object's method.
    this.fetchFn = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    if (opts.reader !== undefined) {
      const r = opts.reader;
      const account = r.account;
      if (typeof account !== 'string' || !NAME_PATTERN.test(account)) {
        throw new CreditChainError('CRYPTO_BAD_KEY', 'The reader must name its account: give {account, secret, alg?} or a key pair with its account.');
      }
      if (!('seed' in r) && !isBytes(r.secret)) throw new CreditChainError('CRYPTO_BAD_KEY', "The reader's secret must be bytes (Uint8Array).");
    }
    this.reader = opts.reader;
  }

  private chain(): Promise<{ chainId: string; alg: string }> {
    if (this.chainInfo === undefined) {
      const info = (async () => {
        const s = await this.json<{ chainId: string; cryptoSuite: string }>(await this.request('status', { accept: 'application/json', unsigned: true }), 'status');
        return { chainId: s.chainId, alg: getSuite(s.cryptoSuite).signature.id };
      })();
      // A failed lookup is not kept: the next read tries again.
      info.catch(() => {
        if (this.chainInfo === info) this.chainInfo = undefined;
      });
      this.chainInfo = info;
    }
    return this.chainInfo;
  }

  private async readHeaders(method: string, pathWithQuery: string): Promise<Record<string, string>> {
    const r = this.reader!;
    const { chainId, alg } = await this.chain();
    const signer: ReadSigner = 'seed' in r ? r : { account: r.account, alg: r.alg ?? alg, secret: r.secret };
    return signReadHeaders(signer, chainId, method, pathWithQuery, Date.now());
  }

  private async request(name: RouteName, init: { params?: PathParams; query?: Query; body?: Uint8Array; accept: string; unsigned?: boolean }): Promise<Response> {
    const route = routes[name];
    const path = routePath(name, init.params, init.query);
    const url = this.baseUrl + path;
    const headers: Record<string, string> = { accept: `${init.accept}, application/json;q=0.5` };
    if (init.body !== undefined) headers['content-type'] = 'application/cbor';
    if (this.reader !== undefined && route.method === 'GET' && init.unsigned !== true) Object.assign(headers, await this.readHeaders(route.method, path));
    let res: Response;
    try {
      res = await this.fetchFn(url, { method: route.method, headers, body: init.body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      // A read is asked once more when its connection was reset: a kept-alive connection that the
      // node closed as the request went out (RFC 9110 §9.2.2 lets a client retry what is
      // idempotent). A transaction is never sent twice here.
      if (route.method !== 'GET' || !wasReset(e)) throw this.unreachable(e);
      try {
        res = await this.fetchFn(url, { method: route.method, headers, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (again) {
        throw this.unreachable(again);
      }
    }
    if (!res.ok) throw await this.refusal(res, `${route.method} ${route.url}`);
    return res;
  }

  private unreachable(e: unknown): CreditChainError {
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
      return new CreditChainError('CLIENT_UNREACHABLE', `The node did not answer at ${this.baseUrl} within ${this.timeoutMs} ms.`, { url: this.baseUrl, timeoutMs: this.timeoutMs });
    }
    const cause = err?.cause?.code;
    const why =
      cause === 'ECONNREFUSED' ? 'connection refused: is the node running?' :
      cause === 'ENOTFOUND' || cause === 'EAI_AGAIN' ? 'unknown host' :
      cause === 'ECONNRESET' ? 'the connection was reset' :
      (err?.cause?.message ?? err?.message ?? String(e));
    return new CreditChainError('CLIENT_UNREACHABLE', `The node did not answer at ${this.baseUrl} (${why}).`, cause === undefined ? { url: this.baseUrl } : { url: this.baseUrl, cause });
  }

  private async refusal(res: Response, what: string): Promise<CreditChainError> {
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (isErrorBody(body)) return errorFromCode(body.code, body.message, res.status, body.details);
    return new CreditChainError('CLIENT_BAD_REPLY', `The node at ${this.baseUrl} answered ${what} with HTTP ${res.status} but no CreditChain error; is this a CreditChain node?`, {
      status: res.status,
      body: text.slice(0, 200),
    });
  }

  private async json<T>(res: Response, name: RouteName): Promise<T> {
    const text = await res.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CreditChainError('CLIENT_BAD_REPLY', `The node at ${this.baseUrl} answered ${routes[name].url} with something that is not JSON.`, { body: text.slice(0, 200) });
    }
  }

  private async getJson<T>(name: RouteName, params?: PathParams, query?: Query): Promise<T> {
    const init: { params?: PathParams; query?: Query; accept: string } = { accept: 'application/json' };
    if (params !== undefined) init.params = params;
    if (query !== undefined) init.query = query;
    return this.json<T>(await this.request(name, init), name);
  }

  /** Chain id, height, time, log and state roots, crypto suite. */
  async status(): Promise<StatusReply> {
    return this.getJson('status');
  }

  /** The node's clock: what the next block's time is taken from (moved ahead on a dev node). */
  async clock(): Promise<ClockReply> {
    return this.getJson('clock');
  }

  /**
   * Moves a dev node's clock `ms` ahead and resolves once the block then due (if any) is cut;
   * a member node refuses with NODE_CLOCK_FIXED.
   */
  async advanceClock(ms: number): Promise<ClockReply> {
    return this.json<ClockReply>(await this.request('advanceClock', { query: { advanceMs: ms }, accept: 'application/json' }), 'advanceClock');
  }

  /** A dev node's demo accounts and their key files; any other node refuses with NODE_NOT_DEV. */
  async devKeys(): Promise<DevKeysReply> {
    return this.getJson('devKeys');
  }

  /**
   * Submits signed transaction bytes (or an envelope from encodeTxWithSidecars); with
   * `sidecars`, delivers them beside it. With wait 'commit' it resolves once the transaction is
   * in a block, and throws a CreditChainError with the action's code if it failed there.
   */
  async submitTx(bytes: Uint8Array, opts: { wait?: 'commit' | 'none'; sidecars?: readonly Sidecar[] } = {}): Promise<TxReply> {
    const body = submissionBytes(opts.sidecars === undefined || opts.sidecars.length === 0 ? bytes : { tx: bytes, sidecars: opts.sidecars });
    const res = await this.request('submitTx', { body, query: { wait: opts.wait ?? 'none' }, accept: 'application/json' });
    return this.json<TxReply>(res, 'submitTx');
  }

  /**
   * Submits up to MAX_BATCH_TXS transactions in one request, each its signed bytes, an envelope,
   * or {tx, sidecars}. Each is admitted (or refused) on its own, in order; the reply lists each
   * outcome. Nothing throws for one refused item.
   */
  async submitTxs(txs: readonly TxSubmission[], opts: { wait?: 'commit' | 'none' } = {}): Promise<BatchReply> {
    const res = await this.request('submitTxs', { body: encodeCanonical(txs.map(submissionBytes)), query: { wait: opts.wait ?? 'none' }, accept: 'application/json' });
    return this.json<BatchReply>(res, 'submitTxs');
  }

  /** A transaction by id: pending, or committed with its height, log index and result. */
  async getTx(idHex: string): Promise<TxReply> {
    return this.getJson('getTx', { id: checkHex32(idHex, 'transaction id') });
  }

  /**
   * Polls a transaction until it is committed. Resolves with it when its action succeeded;
   * throws its code when the action failed, TX_NOT_FOUND when the node does not know it, and
   * NODE_TIMEOUT when it is still pending after `timeoutMs` (30 s by default).
   */
  async waitForTx(idHex: string, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<TxReply> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const intervalMs = opts.intervalMs ?? 200;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const tx = await this.getTx(idHex);
      if (tx.status === 'committed') {
        if (tx.code !== undefined && tx.code !== 'ok') {
          throw errorFromCode(tx.code, tx.message ?? `Transaction ${idHex} failed with ${tx.code}.`, 400, { id: idHex, height: tx.height, logIndex: tx.logIndex });
        }
        return tx;
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new CreditChainError('NODE_TIMEOUT', `Transaction ${idHex} is still pending after ${timeoutMs} ms.`, { id: idHex });
      }
      await sleep(Math.min(intervalMs, left));
    }
  }

  async getBlock(height: number): Promise<BlockReply> {
    return this.getJson('getBlock', { height: checkUint(height, 'block height') });
  }

  /** The latest checkpoint: a C2SP signed note. */
  async latestCheckpoint(): Promise<string> {
    return (await this.request('latestCheckpoint', { accept: 'text/plain' })).text();
  }

  /** The node's note verifier key, name+keyid+base64key. */
  async checkpointKey(): Promise<string> {
    return (await (await this.request('checkpointKey', { accept: 'text/plain' })).text()).trim();
  }

  /** The bytes of one log leaf. */
  async logEntry(index: number): Promise<Uint8Array> {
    const res = await this.request('logEntry', { params: { index: checkUint(index, 'log index') }, accept: 'application/cbor' });
    return new Uint8Array(await res.arrayBuffer());
  }

  async inclusionProof(index: number, size: number): Promise<InclusionProofReply> {
    return this.getJson('inclusionProof', undefined, { index: checkUint(index, 'log index'), size: checkUint(size, 'tree size') });
  }

  async consistencyProof(from: number, to: number): Promise<ConsistencyProofReply> {
    return this.getJson('consistencyProof', undefined, { from: checkUint(from, 'tree size'), to: checkUint(to, 'tree size') });
  }

  /** The first anchoring of a document hash. */
  async evidence(hashHex: string): Promise<EvidenceReply> {
    return this.getJson('evidence', { hash: checkHex32(hashHex, 'document hash') });
  }

  /**
   * The first anchorings of many document hashes in one request (at most MAX_EVIDENCE_LOOKUP):
   * result i answers hash i, null where it has not been anchored.
   */
  async evidenceLookup(hashHexes: readonly string[]): Promise<Array<EvidenceReply | null>> {
    if (!Array.isArray(hashHexes) || hashHexes.length === 0 || hashHexes.length > MAX_EVIDENCE_LOOKUP) {
      throw new CreditChainError('API_BAD_REQUEST', `Look up 1 to ${MAX_EVIDENCE_LOOKUP} document hashes at a time.`, { count: Array.isArray(hashHexes) ? hashHexes.length : undefined });
    }
    const body = encodeCanonical(hashHexes.map((h) => fromHex(checkHex32(h, 'document hash'), 32)));
    const reply = await this.json<{ results: Array<EvidenceReply | null> }>(await this.request('evidenceLookup', { body, accept: 'application/json' }), 'evidenceLookup');
    return reply.results;
  }

  /** A receipt proving the anchoring of a hash; check it with verifyReceipt. */
  async evidenceReceipt(hashHex: string): Promise<EvidenceReceipt> {
    return parseReceipt(await this.getJson('evidenceReceipt', { hash: checkHex32(hashHex, 'document hash') }));
  }

  /** A state entry by key; with prove, a proof to the state root of the latest checkpoint. */
  async state(keyHex: string, opts: { prove?: boolean } = {}): Promise<StateReply> {
    return this.getJson('state', { key: checkHex32(keyHex, 'state key') }, proveQuery(opts));
  }

  /** An account: organisation, roles, keys, threshold and next nonce; with prove, its state entry and proof. */
  async account(name: string, opts: { prove?: boolean } = {}): Promise<AccountReply> {
    return this.getJson('account', { name: checkName(name, 'account name') }, proveQuery(opts));
  }

  /** Every organisation; with prove, each one's state entry and the list's, with proofs. */
  async orgs(opts: { prove?: boolean } = {}): Promise<OrgsReply> {
    return this.getJson('orgs', undefined, proveQuery(opts));
  }

  async org(id: string, opts: { prove?: boolean } = {}): Promise<OrgReply> {
    return this.getJson('org', { id: checkName(id, 'organisation id') }, proveQuery(opts));
  }

  /** Every governance proposal, newest first. */
  async proposals(opts: { prove?: boolean } = {}): Promise<ProposalsReply> {
    return this.getJson('proposals', undefined, proveQuery(opts));
  }

  async proposal(id: number, opts: { prove?: boolean } = {}): Promise<ProposalReply> {
    return this.getJson('proposal', { id: checkUint(id, 'proposal id') }, proveQuery(opts));
  }

  /** The chain parameters in force. */
  async params(opts: { prove?: boolean } = {}): Promise<ParamsReply> {
    return this.getJson('params', undefined, proveQuery(opts));
  }

  /** A network's validator set (empty on a solo chain): what `verifyReceipt(…, {validators})` takes. */
  async validators(opts: { prove?: boolean } = {}): Promise<ValidatorsReply> {
    return this.getJson('validators', undefined, proveQuery(opts));
  }

  /** The record categories. */
  async categories(): Promise<CategoriesReply> {
    return this.getJson('categories');
  }

  /** Every scoring model version, and the active one. */
  async scoringModels(): Promise<ScoringModelsReply> {
    return this.getJson('scoringModels');
  }

  /** A record with its earlier versions (a signed read: give the client a `reader`). */
  async record(id: number): Promise<RecordReply> {
    return this.getJson('record', { id: checkUint(id, 'record id') });
  }

  /** A record's details sidecar (a signed read). */
  async recordDetails(id: number, opts: { version?: number } = {}): Promise<RecordDetailsReply> {
    return this.getJson('recordDetails', { id: checkUint(id, 'record id') }, opts.version === undefined ? {} : { version: opts.version });
  }

  /** Every record about a subject the reader may see (a signed read). */
  async subjectRecords(refHex: string): Promise<SubjectRecordsReply> {
    return this.getJson('subjectRecords', { ref: refHex });
  }

  /**
   * A subject's credit report; with prove, a file `verifyReport` checks offline (a signed read).
   * With query, the report a recorded query may see (a member reads it for one hour after its query).
   */
  async report(refHex: string, opts: { prove?: boolean; query?: number } = {}): Promise<ReportFile> {
    return this.getJson('report', { ref: refHex }, { ...proveQuery(opts), ...(opts.query === undefined ? {} : { query: checkUint(opts.query, 'query id') }) });
  }

  /** A subject's consents, newest first (a signed read: the subject or a regulator). */
  async subjectConsents(refHex: string): Promise<SubjectConsentsReply> {
    return this.getJson('subjectConsents', { ref: checkHex32(refHex, 'subject reference') });
  }

  /** One consent (a signed read: its subject, the organisation it was given to, regulators). */
  async consent(id: number): Promise<ConsentJson> {
    return this.getJson('consent', { id: checkUint(id, 'consent id') });
  }

  /** Every report query about a subject: who, when, why (a signed read: the subject or a regulator). */
  async subjectQueries(refHex: string): Promise<SubjectQueriesReply> {
    return this.getJson('subjectQueries', { ref: checkHex32(refHex, 'subject reference') });
  }

  /** Objections by status, newest first (a signed read: regulators and arbiters). */
  async objections(opts: { status?: (typeof OBJECTION_FILTERS)[number]; limit?: number } = {}): Promise<ObjectionsReply> {
    return this.getJson('objections', undefined, { status: opts.status, limit: opts.limit });
  }

  /** One objection (a signed read: its subject, the record's source, regulators and arbiters). */
  async objection(id: number): Promise<ObjectionJson> {
    return this.getJson('objection', { id: checkUint(id, 'objection id') });
  }

  /** A subject's objections (a signed read). */
  async subjectObjections(refHex: string): Promise<SubjectObjectionsReply> {
    return this.getJson('subjectObjections', { ref: checkHex32(refHex, 'subject reference') });
  }

  /** Complaints by status, newest first (a signed read: regulators and arbiters). */
  async complaints(opts: { status?: 'open' | 'upheld' | 'dismissed'; limit?: number } = {}): Promise<ComplaintsReply> {
    return this.getJson('complaints', undefined, { status: opts.status, limit: opts.limit });
  }

  /** One complaint (a signed read: its subject, the member complained about, regulators and arbiters). */
  async complaint(id: number): Promise<ComplaintJson> {
    return this.getJson('complaint', { id: checkUint(id, 'complaint id') });
  }

  /** A subject's complaints (a signed read: the subject, regulators and arbiters). */
  async subjectComplaints(refHex: string): Promise<SubjectComplaintsReply> {
    return this.getJson('subjectComplaints', { ref: checkHex32(refHex, 'subject reference') });
  }

  /** A member's standing: objections, upheld ones, missed deadlines, complaints (public). */
  async orgStanding(id: string): Promise<StandingReply> {
    return this.getJson('orgStanding', { id: checkName(id, 'organisation id') });
  }

  /** A repair application (a signed read: its subject, the record's source, regulators). */
  async repair(id: number): Promise<RepairJson> {
    return this.getJson('repair', { id: checkUint(id, 'repair application id') });
  }

  /** A subject's repair applications, newest first (signed read: the subject, regulators; a member those about its records). */
  async subjectRepairs(refHex: string): Promise<SubjectRepairsReply> {
    return this.getJson('subjectRepairs', { ref: checkHex32(refHex, 'subject reference') });
  }

  /** Every contract (public). */
  async contracts(): Promise<ContractsReply> {
    return this.getJson('contracts');
  }

  /** One contract: versions, code, records filed, last alarm; with prove, its state entries and their proofs. */
  async contract(name: string, opts: { prove?: boolean } = {}): Promise<ContractReply> {
    return this.getJson('contract', { name: checkName(name, 'contract name') }, proveQuery(opts));
  }

  /** A value a contract stored (null if none); with prove, its entry (or its absence) proven. */
  async contractStorage(name: string, key: string, opts: { prove?: boolean } = {}): Promise<ContractStorageReply> {
    return this.getJson('contractStorage', { name: checkName(name, 'contract name'), key }, proveQuery(opts));
  }

  /** Runs a contract method on the head state without a transaction (its writes are thrown away), as account `as`. */
  async contractView(name: string, method: string, args: unknown = null, opts: { as?: string } = {}): Promise<ContractViewReply> {
    return this.getJson('contractView', { name: checkName(name, 'contract name'), method }, { args: JSON.stringify(args), as: opts.as });
  }

  /** Every voucher class with its rules and supply (public). */
  async voucherClasses(): Promise<VoucherClassesReply> {
    return this.getJson('voucherClasses');
  }

  /** One voucher class (public). */
  async voucherClass(id: number): Promise<VoucherClassJson> {
    return this.getJson('voucherClass', { id: checkUint(id, 'voucher class id') });
  }

  /** Every movement of a class, oldest first (a signed read: its supervisor, its issuer, regulators). */
  async voucherMovements(id: number, opts: { after?: number; limit?: number } = {}): Promise<VoucherMovementsReply> {
    return this.getJson('voucherMovements', { id: checkUint(id, 'voucher class id') }, { after: opts.after, limit: opts.limit });
  }

  /** The vouchers an account holds and held (a signed read: the account, its organisation, regulators). */
  async accountVouchers(name: string): Promise<AccountVouchersReply> {
    return this.getJson('accountVouchers', { name: checkName(name, 'account name') });
  }

  /** The full trace of one voucher with its proofs: `verifyVoucherTrace` checks it offline (a signed read). */
  async voucherTrace(id: number): Promise<VoucherTraceFile> {
    return this.getJson('voucherTrace', { id: checkUint(id, 'voucher id') });
  }

  /** A points class: its rules and benefits (public). */
  async pointsClass(id: number): Promise<PointsClassReply> {
    return this.getJson('pointsClass', { id: checkUint(id, 'points class id') });
  }

  /** A household's points and history (a signed read: the household, the recorders, the supervisor, regulators). */
  async householdPoints(id: number, refHex: string): Promise<HouseholdPointsReply> {
    return this.getJson('householdPoints', { id: checkUint(id, 'points class id'), ref: checkHex32(refHex, 'household reference') });
  }

  /** The published ranking of a points class, by pseudonym (public). */
  async pointsRanking(id: number): Promise<PointsRankingReply> {
    return this.getJson('pointsRanking', { id: checkUint(id, 'points class id') });
  }

  /** The supervision figures over the last `days` days (a signed read: regulators). */
  async stats(opts: { days?: number } = {}): Promise<StatsReply> {
    return this.getJson('stats', undefined, { days: opts.days });
  }

  /** Repair applications by status, newest first (a signed read: regulators). */
  async repairs(opts: { status?: 'open' | 'approved' | 'refused'; limit?: number } = {}): Promise<RepairsReply> {
    return this.getJson('repairs', undefined, { status: opts.status, limit: opts.limit });
  }

  /** An organisation's records awaiting review, newest first (a signed read: its accounts, regulators). */
  async orgRecords(id: string, opts: { status?: 'pending'; limit?: number } = {}): Promise<OrgRecordsReply> {
    return this.getJson('orgRecords', { id: checkName(id, 'organisation id') }, { status: opts.status, limit: opts.limit });
  }

  /** The open objections to an organisation's records, newest first (a signed read: its accounts, regulators and arbiters). */
  async orgObjections(id: string, opts: { status?: 'open'; limit?: number } = {}): Promise<OrgObjectionsReply> {
    return this.getJson('orgObjections', { id: checkName(id, 'organisation id') }, { status: opts.status, limit: opts.limit });
  }

  /**
   * A subject's changes, block by block, as server-sent events: record, query, objection,
   * consent, complaint, repair, points (a signed read: the subject or a regulator). Runs until `signal`
   * aborts or the node closes the stream.
   */
  subjectEvents(refHex: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<ServerEvent> {
    return this.stream('subjectEvents', { ref: checkHex32(refHex, 'subject reference') }, opts.signal);
  }

  /** Every new block as a server-sent event `block` {height, hash, time, txCount} (public). */
  blockEvents(opts: { signal?: AbortSignal } = {}): AsyncGenerator<ServerEvent> {
    return this.stream('events', undefined, opts.signal);
  }

  private async *stream(name: RouteName, params: PathParams | undefined, signal: AbortSignal | undefined): AsyncGenerator<ServerEvent> {
    const path = routePath(name, params);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.reader !== undefined) Object.assign(headers, await this.readHeaders('GET', path));
    let res: Response;
    try {
      res = await this.fetchFn(this.baseUrl + path, { method: 'GET', headers, ...(signal === undefined ? {} : { signal }) });
    } catch (e) {
      if (signal?.aborted === true) return;
      throw this.unreachable(e);
    }
    if (!res.ok) throw await this.refusal(res, `GET ${routes[name].url}`);
    if (res.body === null) throw new CreditChainError('CLIENT_BAD_REPLY', `The node at ${this.baseUrl} answered ${routes[name].url} with no stream.`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (e) {
          if (signal?.aborted === true) return;
          throw this.unreachable(e);
        }
        if (chunk.done) return;
        buffer = (buffer + chunk.value).replace(/\r\n?/g, '\n');
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = parseServerEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event !== undefined) yield event;
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }
}

/** One event block of a text/event-stream (lines `event:`, `id:`, `data:`; `:` comments), or undefined for a comment only. */
export function parseServerEvent(block: string): ServerEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.join('\n'));
  } catch {
    parsed = { text: data.join('\n') };
  }
  return { event, ...(id === undefined ? {} : { id }), data: parsed as Record<string, unknown> };
}
