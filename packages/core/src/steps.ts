// Work that can pause between its steps: a generator that yields nothing and returns its result.
// A block's execution at hundreds of thousands of records runs for a second or more; written as
// steps, the node can give its event loop a turn between them (node/src/turns.ts) and answer
// requests meanwhile, while a replay or a test runs the same steps straight through. Where the
// work pauses cannot change what it computes: the steps are the same code either way, and the
// pure core still decides nothing by time.

/** A computation of T in steps: `next()` runs one step; the last returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs all the steps at once and returns their result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}
