// One action a person starts (a form sent, a button pressed): working, its result, or its failure
// with the SDK's code. A form shows it with <ActionStatus>: a polite status while it works and
// when it succeeds, an alert when it fails.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote, failureOf, type Failure } from './errors.js';

export type ActionState<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'working' }
  | { readonly state: 'done'; readonly value: T }
  | { readonly state: 'failed'; readonly failure: Failure };

export interface Action<T> {
  readonly status: ActionState<T>;
  readonly working: boolean;
  /** Runs `work` unless one is under way; its result or failure becomes the status. */
  run(work: () => Promise<T>): Promise<void>;
  reset(): void;
}

export function useAction<T>(): Action<T> {
  const [status, setStatus] = useState<ActionState<T>>({ state: 'idle' });
  const busy = useRef(false);
  const run = useCallback(async (work: () => Promise<T>) => {
    if (busy.current) return;
    busy.current = true;
    setStatus({ state: 'working' });
    try {
      setStatus({ state: 'done', value: await work() });
    } catch (e) {
      setStatus({ state: 'failed', failure: failureOf(e) });
    } finally {
      busy.current = false;
    }
  }, []);
  const reset = useCallback(() => setStatus({ state: 'idle' }), []);
  return { status, working: status.state === 'working', run, reset };
}

/** What became of an action: `done` says it in words (nothing is said without it), a failure shows its code. */
export function ActionStatus<T>({ status, done, testId }: { status: ActionState<T>; done?: (value: T) => ReactNode; testId?: string }) {
  const { t } = useI18n();
  return (
    <div aria-live="polite" data-testid={testId}>
      {status.state === 'working' && <p role="status">{t.portal.sending}</p>}
      {status.state === 'done' && done !== undefined && (
        <p className="note note-ok" role="status">
          {done(status.value)}
        </p>
      )}
      {status.state === 'failed' && <ErrorNote failure={status.failure} />}
    </div>
  );
}

/** What the last action on a page did, said politely (or nothing yet): for a case that left its list with its form. */
export function DoneNote({ message, testId }: { message: string | undefined; testId: string }) {
  return (
    <div aria-live="polite">
      {message !== undefined && (
        <p className="note note-ok" role="status" data-testid={testId}>
          {message}
        </p>
      )}
    </div>
  );
}
