// Clients waiting for their transactions to commit (POST /v1/txs?wait=commit). Whatever cuts
// blocks — the solo sequencer or the CometBFT application — tells the waiters of each committed
// block, once the block is durable; a waiter that waits too long gets NODE_TIMEOUT (the
// transaction may still commit later: GET /v1/txs/:id says).
import { CreditChainError, toHex, type DecodedTx } from '@creditchain/core';
import type { Chain, Head } from './chain.js';
import { decodeResultBytes, type ResultView } from './results.js';

export interface Committed {
  readonly height: number;
  readonly logIndex: number;
  readonly code: string;
  readonly message: string;
  readonly data?: unknown;
}

type Waiter = { resolve: (c: Committed) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class CommitWaiters {
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(
    private readonly chain: Chain,
    readonly timeoutMs: number,
  ) {}

  /** Resolves when the transaction is committed (its block is durable). */
  wait(id: Uint8Array): Promise<Committed> {
    // Already in a block (a network may commit before the submitter asks to wait).
    const done = this.chain.txResult(id);
    if (done !== undefined) return Promise.resolve({ height: done.height, logIndex: done.logIndex, ...done.result });
    const hex = toHex(id);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(hex)?.filter((w) => w.timer !== timer);
        if (list === undefined || list.length === 0) this.waiters.delete(hex);
        else this.waiters.set(hex, list);
        reject(new CreditChainError('NODE_TIMEOUT', `Transaction ${hex} was accepted but is not committed after ${this.timeoutMs} ms; ask GET /v1/txs/${hex} later.`, { id: hex }));
      }, this.timeoutMs);
      const list = this.waiters.get(hex) ?? [];
      list.push({ resolve, reject, timer });
      this.waiters.set(hex, list);
    });
  }

  /**
   * Tells the waiters of `txs`, the transactions of the committed block `head`, their results:
   * `results` when the caller has them at hand, else as stored.
   */
  committed(head: Head, txs: readonly DecodedTx[], results?: readonly ResultView[]): void {
    if (this.waiters.size === 0) return;
    const firstIndex = head.header.logSize - txs.length;
    txs.forEach((tx, i) => {
      const hex = toHex(tx.id);
      const list = this.waiters.get(hex);
      if (list === undefined) return;
      this.waiters.delete(hex);
      const r = results?.[i] ?? decodeResultBytes(this.chain.storage.getResultBytes(tx.id)!);
      for (const w of list) {
        clearTimeout(w.timer);
        w.resolve({ height: head.header.height, logIndex: firstIndex + i, ...r });
      }
    });
  }

  /** Stops every timer (the node is stopping; its clients' connections close). */
  clear(): void {
    for (const [, list] of this.waiters) for (const w of list) clearTimeout(w.timer);
    this.waiters.clear();
  }
}
