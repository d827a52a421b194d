// Following one of the node's server-sent event streams through the SDK until `signal` aborts:
// its first event, `ready`, says the stream is live; a dropped stream is opened again after a
// pause (and `ready` comes again, so a page reads afresh what it may have missed).
import type { ServerEvent } from '@creditchain/sdk';

export type FeedState = 'connecting' | 'live' | 'offline';

const RECONNECT_MS = 2_000;

export async function followEvents(
  open: (signal: AbortSignal) => AsyncGenerator<ServerEvent>,
  on: { readonly event: (ev: ServerEvent) => void | Promise<void>; readonly state: (s: FeedState) => void },
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      for await (const ev of open(signal)) {
        if (ev.event === 'ready') on.state('live');
        await on.event(ev);
      }
    } catch {
      // The node went away or the connection broke: say so, and try again below.
    }
    if (signal.aborted) return;
    on.state('offline');
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}
