// The CometBFT RPC calls CreditChain makes (JSON-RPC over HTTP, CometBFT v0.38): a member node
// broadcasts the transactions it takes into its CometBFT's mempool (broadcast_tx_sync, POSTed as
// one JSON-RPC batch per request);
// the network tools read /status, /net_info and /block. Heights and counts come as decimal
// strings and hashes as uppercase hex; they are given back as numbers and lowercase hex.
import { CreditChainError } from '@creditchain/core';

export interface CometbftStatus {
  readonly nodeId: string;
  readonly moniker: string;
  readonly network: string;
  readonly height: number;
  /** The app hash after the latest block (hex, lowercase). */
  readonly appHash: string;
  readonly blockHash: string;
  readonly catchingUp: boolean;
}

export interface CometbftBlock {
  readonly height: number;
  readonly hash: string;
  /** The header's app hash: the state after the block before it. */
  readonly appHash: string;
  readonly txs: number;
}

export interface CometbftTxResult {
  readonly height: number;
  readonly hash: string;
  readonly checkCode: number;
  readonly code: number;
  readonly log: string;
}

const TIMEOUT_MS = 2000;

function unreachable(url: string, why: string): CreditChainError {
  return new CreditChainError('CLIENT_UNREACHABLE', `CometBFT's RPC at ${url} did not answer: ${why}.`, { url });
}

/** GET rpc/path?query and gives the JSON-RPC `result`. */
export async function rpcCall(rpc: string, path: string, query: Record<string, string> = {}, timeoutMs = TIMEOUT_MS): Promise<unknown> {
  const qs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const url = `${rpc.replace(/\/$/, '')}/${path}${qs === '' ? '' : `?${qs}`}`;
  let reply: Response;
  try {
    reply = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw unreachable(rpc, cause ?? (e as Error).message);
  }
  let body: { result?: unknown; error?: { message?: string; data?: string } };
  try {
    body = (await reply.json()) as typeof body;
  } catch {
    throw new CreditChainError('CLIENT_BAD_REPLY', `CometBFT's RPC at ${rpc} answered /${path} with something that is not JSON (HTTP ${reply.status}).`, { url });
  }
  if (body.error !== undefined || body.result === undefined) {
    throw new CreditChainError('CLIENT_BAD_REPLY', `CometBFT's RPC at ${rpc} refused /${path}: ${body.error?.data ?? body.error?.message ?? 'no result'}.`, { url });
  }
  return body.result;
}

const hex = (s: unknown): string => (typeof s === 'string' ? s.toLowerCase() : '');
const int = (s: unknown): number => (typeof s === 'string' || typeof s === 'number' ? Number(s) : NaN);

export async function rpcStatus(rpc: string): Promise<CometbftStatus> {
  const r = (await rpcCall(rpc, 'status')) as {
    node_info: { id: string; moniker: string; network: string };
    sync_info: { latest_block_hash: string; latest_app_hash: string; latest_block_height: string; catching_up: boolean };
  };
  return {
    nodeId: r.node_info.id,
    moniker: r.node_info.moniker,
    network: r.node_info.network,
    height: int(r.sync_info.latest_block_height),
    appHash: hex(r.sync_info.latest_app_hash),
    blockHash: hex(r.sync_info.latest_block_hash),
    catchingUp: r.sync_info.catching_up,
  };
}

/** How many peers the node is connected to. */
export async function rpcPeers(rpc: string): Promise<number> {
  const r = (await rpcCall(rpc, 'net_info')) as { n_peers: string };
  return int(r.n_peers);
}

export async function rpcBlock(rpc: string, height: number): Promise<CometbftBlock> {
  const r = (await rpcCall(rpc, 'block', { height: String(height) })) as {
    block_id: { hash: string };
    block: { header: { height: string; app_hash: string }; data: { txs: string[] | null } };
  };
  return { height: int(r.block.header.height), hash: hex(r.block_id.hash), appHash: hex(r.block.header.app_hash), txs: r.block.data.txs?.length ?? 0 };
}

/** Sends a transaction and waits until it is in a block (CometBFT's timeout_broadcast_tx_commit). */
export async function rpcBroadcastTxCommit(rpc: string, tx: Uint8Array, timeoutMs = 15_000): Promise<CometbftTxResult> {
  const r = (await rpcCall(rpc, 'broadcast_tx_commit', { tx: `0x${Buffer.from(tx).toString('hex')}` }, timeoutMs)) as {
    // CometBFT leaves out zero and empty fields (code 0: accepted).
    check_tx: { code?: number; log?: string };
    tx_result: { code?: number; log?: string };
    hash: string;
    height: string;
  };
  return { height: int(r.height), hash: hex(r.hash), checkCode: r.check_tx.code ?? 0, code: r.tx_result.code ?? 0, log: r.tx_result.log ?? r.check_tx.log ?? '' };
}

export interface BroadcastResult {
  readonly code: number;
  /** Our CheckTx puts the CreditChain error code here (abci/app.ts). */
  readonly data: Uint8Array;
  readonly log: string;
}

type BroadcastReply = { id?: number; result?: { code: number; data?: string; log?: string }; error?: { message?: string; data?: string } };

/**
 * Puts transactions into CometBFT's mempool and gives CheckTx's answers (POST: a transaction may
 * be far longer than a URL should be): broadcast_tx_sync for each, in JSON-RPC batches of ten (one
 * HTTP request each, as the kvstore side of `bench network` sends them): CometBFT answers a batch's calls one after the
 * other, in order, so one sender's transactions reach CheckTx in nonce order. For each, CheckTx's
 * answer or the CreditChain error CometBFT refused it with before CheckTx (already in its cache,
 * mempool full, too large). Throws only when the
 * RPC did not answer at all (nothing was accepted then).
 */
export async function rpcBroadcastTxSyncMany(rpc: string, txs: readonly Uint8Array[], timeoutMs = 10_000): Promise<Array<BroadcastResult | CreditChainError>> {
  const out: Array<BroadcastResult | CreditChainError> = [];
  // One batch after the other: the order holds across batches too.
  for (let i = 0; i < txs.length; i += RPC_BATCH) out.push(...(await broadcastBatch(rpc, txs.slice(i, i + RPC_BATCH), timeoutMs)));
  return out;
}

/** CometBFT's default rpc.max_request_batch_size: batches no larger work with any member's config. */
const RPC_BATCH = 10;

async function broadcastBatch(rpc: string, txs: readonly Uint8Array[], timeoutMs: number): Promise<Array<BroadcastResult | CreditChainError>> {
  let reply: Response;
  try {
    reply = await fetch(rpc, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(txs.map((tx, i) => ({ jsonrpc: '2.0', id: i + 1, method: 'broadcast_tx_sync', params: { tx: Buffer.from(tx).toString('base64') } }))),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new CreditChainError('NODE_OVERLOADED', `This node's CometBFT did not answer at ${rpc} (${(e as Error).message}); nothing was accepted. Retry shortly.`, { url: rpc });
  }
  const body = (await reply.json().catch(() => undefined)) as BroadcastReply[] | BroadcastReply | undefined;
  const replies = new Map<number, BroadcastReply>();
  if (Array.isArray(body)) for (const b of body) if (typeof b?.id === 'number') replies.set(b.id, b);
  return txs.map((_, i) => {
    const b = replies.get(i + 1) ?? (Array.isArray(body) ? undefined : body);
    if (b?.error !== undefined) return broadcastRefusal(`${b.error.message ?? ''}${b.error.data === undefined ? '' : `: ${b.error.data}`}`);
    if (b?.result === undefined) return new CreditChainError('CLIENT_BAD_REPLY', `CometBFT's RPC at ${rpc} answered broadcast_tx_sync with HTTP ${reply.status} and no result.`, { url: rpc });
    const r = b.result;
    // CometBFT writes `data` (HexBytes) as hex.
    return { code: r.code, data: new Uint8Array(Buffer.from(r.data ?? '', 'hex')), log: r.log ?? '' };
  });
}

function broadcastRefusal(text: string): CreditChainError {
  if (/tx already exists in cache/i.test(text)) return new CreditChainError('TX_DUPLICATE', 'This transaction was already received by the network.');
  if (/mempool is full/i.test(text)) return new CreditChainError('NODE_OVERLOADED', 'The network is busy: its mempool is full. Retry shortly; nothing was accepted.');
  if (/too large/i.test(text)) return new CreditChainError('ENCODING_TOO_LARGE', `CometBFT refused the transaction: ${text}.`);
  return new CreditChainError('INTERNAL', `CometBFT refused the transaction: ${text}.`);
}
