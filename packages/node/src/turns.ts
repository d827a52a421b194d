// Runs stepwise work (core steps.ts) on the event loop's thread a slice at a time. A block at
// half a million records takes ≈ 0.6 s to execute and ≈ 0.3 s to gather its writes; run at once,
// every request that arrived meanwhile waited for all of it (up to 2 s a read during a bulk
// load, session 23). Between slices the loop reads requests, answers reads, and admits
// transactions to the mempool. The slice is measured on the clock, as the steps are of any size:
// a transaction's execution, a subtree of the state tree, a run of pages.
import type { Steps } from '@creditchain/core';

/** The event loop's turn comes at least this often while a block is worked on, in milliseconds. */
export const DEFAULT_TURN_MS = 10;

/**
 * Runs the steps, letting the event loop take a turn once `turnMs` has passed since the last. A
 * turn may take longer than that (a burst of admissions): the steps then run as long as the turn
 * took, so the block keeps at least half of the thread and its clients do not wait for all the
 * intake before it.
 */
export async function inTurns<T>(steps: Steps<T>, turnMs: number = DEFAULT_TURN_MS): Promise<T> {
  let since = performance.now();
  let slice = turnMs;
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    const now = performance.now();
    if (now - since >= slice) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
      slice = Math.max(turnMs, since - now);
    }
  }
}
