// The subject's changes, live: GET /v1/subjects/:ref/events (a signed read), which names each
// block's new records, queries, objections, consents, complaints and repairs about the subject.
// The portal reads its lists again whenever the number this returns grows — after each change,
// and after a dropped stream is back (a change may have come meanwhile).
import { useEffect, useState } from 'react';
import type { CreditChainClient } from '@creditchain/sdk';
import { followEvents } from '../app/follow-events.js';

export function useSubjectChanges(client: CreditChainClient, ref: string): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    let connected = false;
    void followEvents(
      (signal) => client.subjectEvents(ref, { signal }),
      {
        state: () => {},
        event: (ev) => {
          if (ev.event === 'ready' && !connected) {
            connected = true;
            return;
          }
          setChanges((n) => n + 1);
        },
      },
      abort.signal,
    );
    return () => abort.abort();
  }, [client, ref]);
  return changes;
}
