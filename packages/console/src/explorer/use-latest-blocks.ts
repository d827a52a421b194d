// The latest blocks, live: the node's server-sent events (GET /v1/events) through the SDK. The
// stream's first event, `ready`, names the height when the subscription began; the blocks up to
// it are read then, so no block falls between the read and the stream. A dropped stream is
// opened again after a pause, and the read repeated.
import { useEffect, useState } from 'react';
import { client } from '../app/node-client.js';
import { blockFromEvent, mergeBlocks, type BlockSummary } from './block-feed.js';

export type FeedState = 'connecting' | 'live' | 'offline';

const RECONNECT_MS = 2_000;

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
    const follow = async () => {
      while (!abort.signal.aborted) {
        try {
          for await (const ev of client.blockEvents({ signal: abort.signal })) {
            if (ev.event === 'ready') {
              setFeed('live');
              const height = (ev.data as { height?: unknown }).height;
              if (typeof height === 'number') add(await readRecent(height, limit));
            } else if (ev.event === 'block') {
              const block = blockFromEvent(ev.data);
              if (block !== undefined) add([block]);
            }
          }
        } catch {
          // The node went away or the connection broke: say so, and try again below.
        }
        if (abort.signal.aborted) return;
        setFeed('offline');
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    };
    void follow();
    return () => abort.abort();
  }, [limit]);
  return { blocks, feed };
}
