// The few calls a member node makes to its own CometBFT over CometBFT's JSON-RPC (loopback):
// broadcast a transaction into the mempool (CheckTx's answer comes back), and read its status.
import { CreditChainError } from '@creditchain/core';

export interface BroadcastResult {
  readonly code: number;
  /** Our CheckTx puts the CreditChain error code here (app.ts). */
  readonly data: Uint8Array;
  readonly log: string;
  readonly codespace: string;
}

export interface CometStatus {
  readonly height: number;
  readonly appHash: string;
  readonly catchingUp: boolean;
  readonly nodeId: string;
}

export class CometRpc {
  private id = 0;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call<T>(method: string, params: Record<string, unknown>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new CreditChainError('NODE_OVERLOADED', `This node's CometBFT did not answer at ${this.url} (${(e as Error).message}); is it running?`, { url: this.url });
    }
    const body = (await res.json().catch(() => undefined)) as { result?: T; error?: { code: number; message: string; data?: string } } | undefined;
    if (body?.error !== undefined) throw rpcError(body.error);
    if (body?.result === undefined) throw new CreditChainError('INTERNAL', `CometBFT answered ${method} with HTTP ${res.status} and no result.`);
    return body.result;
  }

  /** Puts a transaction into CometBFT's mempool and returns CheckTx's answer. */
  async broadcastTxSync(tx: Uint8Array): Promise<BroadcastResult> {
    const r = await this.call<{ code: number; data: string; log: string; codespace: string }>('broadcast_tx_sync', { tx: Buffer.from(tx).toString('base64') });
    return { code: r.code, data: new Uint8Array(Buffer.from(r.data ?? '', 'base64')), log: r.log ?? '', codespace: r.codespace ?? '' };
  }

  async status(): Promise<CometStatus> {
    const r = await this.call<{ node_info: { id: string }; sync_info: { latest_block_height: string; latest_app_hash: string; catching_up: boolean } }>('status', {});
    return { height: Number(r.sync_info.latest_block_height), appHash: r.sync_info.latest_app_hash, catchingUp: r.sync_info.catching_up, nodeId: r.node_info.id };
  }
}

/** CometBFT's refusals before CheckTx (its mempool's own checks), as CreditChain errors. */
function rpcError(e: { code: number; message: string; data?: string }): CreditChainError {
  const text = `${e.message}${e.data === undefined ? '' : `: ${e.data}`}`;
  if (/tx already exists in cache/i.test(text)) return new CreditChainError('TX_DUPLICATE', 'This transaction was already received by the network.');
  if (/mempool is full/i.test(text)) return new CreditChainError('NODE_OVERLOADED', 'The network is busy: its mempool is full. Retry shortly; nothing was accepted.');
  if (/too large/i.test(text)) return new CreditChainError('ENCODING_TOO_LARGE', `CometBFT refused the transaction: ${text}.`);
  return new CreditChainError('INTERNAL', `CometBFT refused the request: ${text}.`);
}
