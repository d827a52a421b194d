// When the dashboard reads again: the explorer's live block stream (useLatestBlocks, server-sent
// events), counting the blocks that may have changed a figure or a queue — a block with
// transactions, or a jump in height (blocks passed while the stream was down). Empty blocks
// change nothing, so a chain that makes one a second does not make the page read once a second.
import { useEffect, useRef, useState } from 'react';
import { useLatestBlocks, type FeedState } from '../explorer/use-latest-blocks.js';

export function useChainChanges(): { changes: number; feed: FeedState } {
  const { blocks, feed } = useLatestBlocks(1);
  const [changes, setChanges] = useState(0);
  const seen = useRef<number | undefined>(undefined);
  const latest = blocks[0];
  useEffect(() => {
    if (latest === undefined) return;
    const before = seen.current;
    if (before !== undefined && latest.height > before && (latest.txCount > 0 || latest.height > before + 1)) setChanges((n) => n + 1);
    if (before === undefined || latest.height > before) seen.current = latest.height;
  }, [latest]);
  return { changes, feed };
}
