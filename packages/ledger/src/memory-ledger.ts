// A ledger held in memory: the readers block execution needs, and `apply` to commit an outcome.
// For tests, replays and offline tools; the node keeps the same data in LMDB.
import { MemoryLogStore, MemoryStateStore, toHex, type BlockHeader, type CryptoSuite } from '@creditchain/core';
import { executeBlock, executeGenesis, type BlockInput, type BlockOutcome, type LedgerReaders } from './execute-block.js';
import type { Genesis } from './genesis.js';
import type { ContractVm } from './modules/contracts/vm.js';

export class MemoryLedger {
  private readonly values = new Map<string, Uint8Array>();
  readonly stateNodes = new MemoryStateStore();
  readonly logNodes = new MemoryLogStore();
  readonly readers: LedgerReaders;
  readonly blocks: BlockOutcome[] = [];
  /** The contract runtime its blocks execute with (tests load it: contracts/test-vm.ts). */
  contracts: ContractVm | undefined;

  constructor(
    readonly suite: CryptoSuite,
    readonly genesis: Genesis,
    readonly proposer: Uint8Array = new Uint8Array(32),
  ) {
    this.readers = { state: { getState: (k) => this.values.get(toHex(k)) }, stateNodes: this.stateNodes, logNodes: this.logNodes };
    this.apply(executeGenesis(suite, genesis, this.readers, proposer, new Uint8Array(32)));
  }

  get head(): { header: BlockHeader; hash: Uint8Array } {
    const last = this.blocks[this.blocks.length - 1]!;
    return { header: last.header, hash: last.hash };
  }

  apply(outcome: BlockOutcome): void {
    this.stateNodes.putAll(outcome.stateNodes);
    this.logNodes.putAll(outcome.logNodes);
    for (const w of outcome.stateWrites) {
      if (w.value === null) this.values.delete(toHex(w.key));
      else this.values.set(toHex(w.key), w.value);
    }
    this.blocks.push(outcome);
  }

  /** Executes and applies the next block. */
  next(input: Omit<BlockInput, 'prev' | 'proposer' | 'validators'>): BlockOutcome {
    const outcome = executeBlock(this.suite, this.genesis, this.readers, { contracts: this.contracts, ...input, prev: this.head, proposer: this.proposer, validators: new Uint8Array(32) });
    this.apply(outcome);
    return outcome;
  }
}
