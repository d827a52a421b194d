// The explorer's list of latest blocks: blocks read at start and blocks announced live, merged
// by height (the same block from both sources counts once), newest first, at most `limit`.
export interface BlockSummary {
  readonly height: number;
  readonly hash: string;
  readonly time: string;
  readonly txCount: number;
}

export function mergeBlocks(current: readonly BlockSummary[], incoming: readonly BlockSummary[], limit: number): BlockSummary[] {
  const byHeight = new Map<number, BlockSummary>();
  for (const b of [...current, ...incoming]) byHeight.set(b.height, b);
  return [...byHeight.values()].sort((a, b) => b.height - a.height).slice(0, limit);
}

/** The `block` event's data, checked: the node's JSON is not trusted to have the right shape. */
export function blockFromEvent(data: unknown): BlockSummary | undefined {
  const d = data as Partial<BlockSummary> | null;
  if (d === null || typeof d !== 'object') return undefined;
  if (!Number.isSafeInteger(d.height) || typeof d.hash !== 'string' || typeof d.time !== 'string' || !Number.isSafeInteger(d.txCount)) return undefined;
  return { height: d.height!, hash: d.hash, time: d.time, txCount: d.txCount! };
}
