// The node's clock: where block time comes from (the ledger itself reads block time only).
// A member node's clock is the machine's clock. A dev node's clock may be moved ahead
// (`creditchain clock advance 21d`, POST /v1/dev/clock) so that a person trying the chain sees
// what time does — a record expiring, an objection's deadline passing — without waiting weeks,
// as Hardhat's evm_increaseTime does for Ethereum developers. It only ever moves forward, and the
// offset is kept in config.json so that a restart does not put it back.
import { CreditChainError } from '@creditchain/core';
import { DAY_MS } from '@creditchain/ledger';
import { MAX_CLOCK_ADVANCE_MS } from '@creditchain/sdk';

/** The most one move may add (ten years; the API's limit too). */
export const MAX_ADVANCE_MS = MAX_CLOCK_ADVANCE_MS;

export class NodeClock {
  private offset: number;

  /**
   * `movable` is true on dev nodes only; `save` persists a new offset before it takes effect.
   */
  constructor(
    offsetMs: number,
    readonly movable: boolean,
    private readonly save: (offsetMs: number) => void = () => {},
  ) {
    this.offset = offsetMs;
  }

  /** The time block time is taken from, in ms since the epoch. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** How far ahead of the machine's clock this clock runs, in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  /** Moves the clock `ms` ahead (dev nodes only); bad input changes nothing. */
  advance(ms: number): void {
    if (!this.movable) {
      throw new CreditChainError('NODE_CLOCK_FIXED', "This node's block time is the machine's clock and cannot be moved; only a dev node (creditchain dev) can move its clock ahead.");
    }
    if (!Number.isSafeInteger(ms) || ms < 1 || ms > MAX_ADVANCE_MS) {
      throw new CreditChainError('NODE_CLOCK_BAD_ADVANCE', `A dev node's clock moves ahead by 1 ms to ${MAX_ADVANCE_MS / DAY_MS} days at a time, not ${ms} ms.`, { ms });
    }
    this.save(this.offset + ms);
    this.offset += ms;
  }
}
