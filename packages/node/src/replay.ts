// Replaying a stored chain: every stored block is executed again, from genesis, into a scratch
// store, and each recomputed block must be the stored one byte for byte (same header hash: same
// transactions, log, state and results roots, time and proposer). Opening the store has already
// checked that it is intact (Chain.open's start-up check); replay checks what that cannot —
// that the state the blocks hold is the state their transactions make. A node whose state came
// from a bug, a hand edit with recomputed hashes, or another version's rules fails here.
//
// A store restored from a state-sync snapshot holds no blocks before its base, so it cannot be
// replayed: its state was checked against the app hash the network's validators signed instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreditChainError, decodeSignedTx, equalBytes, toHex } from '@creditchain/core';
import { encodeResult } from '@creditchain/ledger';
import { Chain } from './chain.js';

export interface ReplayResult {
  /** Blocks executed again and found equal (block 0 included). */
  readonly blocks: number;
  readonly transactions: number;
  readonly seconds: number;
}

/**
 * Replays `chain` (opened on its store, not being written) block by block into a scratch store;
 * throws NODE_TAMPERED naming the first block whose recomputation differs.
 */
export async function replayChain(chain: Chain, onProgress?: (done: number, total: number) => void): Promise<ReplayResult> {
  const base = chain.storage.base;
  if (base > 0) {
    throw new CreditChainError('BLOCK_NOT_HELD', `This store was restored from a state-sync snapshot of block ${base} and holds no blocks before it, so it cannot be replayed; its state was checked against the app hash the validators signed.`, { base });
  }
  const started = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'creditchain-replay-'));
  const again = Chain.open(join(scratch, 'db'), chain.genesis, chain.nodeKey, { consensus: chain.consensus });
  let transactions = 0;
  try {
    const height = chain.head.header.height;
    if (!equalBytes(again.head.hash, chain.suite.hash(chain.storage.getHeaderBytes(0)!))) {
      throw differs(0, 'block 0 made from genesis.json');
    }
    for (let h = 1; h <= height; h++) {
      const stored = chain.header(h)!;
      const txs = (chain.storage.getBlockTxIds(h) ?? []).map((id) => decodeSignedTx(chain.suite, chain.storage.getTxBytes(id)!));
      const outcome = again.execute(txs, stored.time, true, { proposer: stored.proposer, validators: stored.validators });
      if (!equalBytes(outcome.hash, chain.suite.hash(chain.storage.getHeaderBytes(h)!))) {
        const what = !equalBytes(outcome.header.stateRoot, stored.stateRoot) ? 'state root' : !equalBytes(outcome.header.resultsRoot, stored.resultsRoot) ? 'results root' : !equalBytes(outcome.header.logRoot, stored.logRoot) ? 'log root' : 'header';
        throw differs(h, `its ${what} (${toHex(outcome.header.stateRoot).slice(0, 16)}… recomputed)`);
      }
      // The results are stored apart from the header, which commits to them through its root.
      outcome.results.forEach((r, i) => {
        // A transaction id is indexed at its first inclusion; a later copy (refused as a replay) is not.
        const at = chain.storage.getTxLocation(outcome.txs[i]!.id);
        if (at === undefined || at.height !== h || at.position !== i) return;
        const storedResult = chain.storage.getResultBytes(outcome.txs[i]!.id);
        if (storedResult === undefined || !equalBytes(storedResult, encodeResult(outcome.txs[i]!.id, r))) throw differs(h, `the stored result of its transaction ${i}`);
      });
      await again.commit(outcome);
      transactions += txs.length;
      if (onProgress !== undefined && (h % 1000 === 0 || h === height)) onProgress(h, height);
    }
    return { blocks: height + 1, transactions, seconds: (performance.now() - started) / 1000 };
  } finally {
    await again.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function differs(height: number, what: string): CreditChainError {
  return new CreditChainError('NODE_TAMPERED', `Replaying the stored chain gives another block ${height} than the one stored: ${what} differs. The stored state is not what its transactions make.`, { height });
}
