// The latest blocks, live: the node's server-sent events (GET /v1/events) through the SDK. The
// stream's first event, `ready`, names the height when the subscription began; the blocks up to
// it are read then, so no block falls between the read and the stream. A dropped stream is
// opened again after a pause, and the read repeated (app/follow-events.ts).
import { useEffect, useState } from 'react';
import { followEvents, type FeedState } from '../app/follow-events.js';
import { client } from '../app/node-client.js';
import { blockFromEvent, mergeBlocks, type BlockSummary } from './block-feed.js';

export type { FeedState } from '../app/follow-events.js';

async function readRecent(height: number, count: number): Promise<BlockSummary[]> {
  const heights = Array.from({ length: Math.min(count, height) }, (_, i) => height - i);
  const blocks = await Promise.all(heights.map((h) => client.getBlock(h).catch(() => undefined)));
  return blocks.flatMap((b) => (b === undefined ? [] : [{ height: b.header.height, hash: b.hash, time: b.header.time, txCount: b.header.txCount }]));
}

export function useLatestBlocks(limit: number): { blocks: BlockSummary[]; feed: FeedState } {
  const [blocks, setBlocks] = useState<BlockSummary[]>([]);
  const [feed, setFeed] = useState<FeedState>('connecting');
  useEffect(() => {
    const abort = new AbortController();
    const add = (incoming: BlockSummary[]) => setBlocks((prev) => mergeBlocks(prev, incoming, limit));
    void followEvents(
      (signal) => client.blockEvents({ signal }),
      {
        state: setFeed,
        event: async (ev) => {
          if (ev.event === 'ready') {
            const height = (ev.data as { height?: unknown }).height;
            if (typeof height === 'number') add(await readRecent(height, limit));
          } else if (ev.event === 'block') {
            const block = blockFromEvent(ev.data);
            if (block !== undefined) add([block]);
          }
        },
      },
      abort.signal,
    );
    return () => abort.abort();
  }, [limit]);
  return { blocks, feed };
}
