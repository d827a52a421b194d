// What a module action is: a stateless payload check (run at admission, so bad input is refused
// before it reaches a block) and a deterministic handler over the state overlay.
import type { CborMap, CborValue, CryptoSuite } from '@creditchain/core';
import type { Genesis } from './genesis.js';
import type { ContractVm } from './modules/contracts/vm.js';
import type { StateOverlay } from './overlay.js';
import type { SidecarRule } from './sidecar.js';

export interface ActionContext {
  readonly suite: CryptoSuite;
  readonly genesis: Genesis;
  readonly height: number;
  /** Block time in milliseconds: the ledger's only clock. */
  readonly time: number;
  readonly sender: string;
  readonly txId: Uint8Array;
  /** This transaction's index in the global log. */
  readonly logIndex: number;
  readonly state: StateOverlay;
  /** The transaction's sidecar commitments. */
  readonly sidecars: readonly Uint8Array[];
  /** The contract runtime (QuickJS, loaded by the node), if the block was given one. */
  readonly contracts?: ContractVm;
  /** The action's `digest` of this payload, for an action that has one (see ActionDef.digest). */
  readonly digest?: Uint8Array;
}

export interface ActionOutcome {
  /** What the log entry commits to for this transaction (32 bytes), if anything. */
  readonly commitment?: Uint8Array;
  /** The result data returned to the client and committed in the results root. */
  readonly data?: CborValue;
}

export interface ActionDef<P = unknown> {
  readonly module: string;
  readonly action: string;
  /**
   * The protocol version (params.protocolVersion) the payload's form needs, for an action a later
   * version gave a new form. Checked before parse (check-tx.ts), so a chain at an older version
   * refuses the new form with the error its own rules gave it, whatever else is wrong with it.
   */
  formVersion?(payload: CborMap): number;
  /** Checks and converts the payload; throws a CreditChainError on bad input. Pure, stateless. */
  parse(payload: CborMap, genesis: Genesis): P;
  execute(ctx: ActionContext, payload: P): ActionOutcome;
  /**
   * A costly pure function of the parsed payload that execute needs (the anchor batch's Merkle
   * root), given to execute as `ctx.digest`. Being stateless, it may be computed at admission,
   * off the main thread, and handed to the block (BlockInput.digests); otherwise the block
   * computes it.
   */
  digest?(suite: CryptoSuite, payload: P): Uint8Array;
  /** How the node treats the sidecars delivered with this action, if it has rules for them. */
  readonly sidecars?: SidecarRule;
}
