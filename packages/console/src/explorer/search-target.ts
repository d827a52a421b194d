// What the explorer's search box was given: a block height or a transaction id.
import { paths } from '../app/router.js';

export function searchTarget(text: string): string | undefined {
  const q = text.trim().toLowerCase();
  if (/^\d{1,15}$/.test(q)) return paths.block(Number(q));
  if (/^[0-9a-f]{64}$/.test(q)) return paths.tx(q);
  return undefined;
}
