import { describe, expect, it } from 'vitest';
import { blockFromEvent, mergeBlocks } from './block-feed.js';

const b = (height: number, txCount = 0) => ({ height, hash: `h${height}`, time: '2026-01-01T00:00:00.000Z', txCount });

describe('block feed', () => {
  it('merges by height, newest first, keeping the limit', () => {
    expect(mergeBlocks([b(3), b(2)], [b(4), b(3, 5), b(1)], 3)).toEqual([b(4), b(3, 5), b(2)]);
    expect(mergeBlocks([], [], 5)).toEqual([]);
  });

  it('takes only well-formed block events', () => {
    expect(blockFromEvent(b(7))).toEqual(b(7));
    expect(blockFromEvent({ height: '7', hash: 'x', time: 't', txCount: 0 })).toBeUndefined();
    expect(blockFromEvent(null)).toBeUndefined();
  });
});
