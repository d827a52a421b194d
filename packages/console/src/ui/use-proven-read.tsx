// A read whose answer is verified in this browser before it is shown (a voucher's trace, a
// contract's stored value): fetched, then checked; a failure to fetch is shown as the node's
// refusal, a failure to verify as "not proven" with the link that failed (the SDK's code).
import { useState, type ReactNode } from 'react';
import { ErrorNote, FailureText, failureOf, type Failure } from './errors.js';

export type ProvenRead<T> =
  | { readonly state: 'idle' | 'working' }
  | { readonly state: 'proven'; readonly value: T }
  | { readonly state: 'failed'; readonly failure: Failure; readonly fetched: boolean };

export function useProvenRead<T>(): { readonly read: ProvenRead<T>; run<R>(fetch: () => Promise<R>, verify: (reply: R) => T): Promise<void> } {
  const [read, setRead] = useState<ProvenRead<T>>({ state: 'idle' });
  const run = async <R,>(fetch: () => Promise<R>, verify: (reply: R) => T) => {
    setRead({ state: 'working' });
    let reply: R;
    try {
      reply = await fetch();
    } catch (e) {
      return setRead({ state: 'failed', failure: failureOf(e), fetched: false });
    }
    try {
      setRead({ state: 'proven', value: verify(reply) });
    } catch (e) {
      setRead({ state: 'failed', failure: failureOf(e), fetched: true });
    }
  };
  return { read, run };
}

/** What became of the read: working, the failure, or `proven(value)`. */
export function ProvenVerdict<T>({ read, testId, working, notProven, proven }: { read: ProvenRead<T>; testId: string; working: string; notProven: (sentence: string) => string; proven: (value: T) => ReactNode }) {
  return (
    <div aria-live="polite" data-testid={testId}>
      {read.state === 'working' && <p role="status">{working}</p>}
      {read.state === 'failed' &&
        (read.fetched ? (
          <p className="note note-error" role="alert">
            <FailureText failure={read.failure} say={notProven} />
          </p>
        ) : (
          <ErrorNote failure={read.failure} />
        ))}
      {read.state === 'proven' && proven(read.value)}
    </div>
  );
}
