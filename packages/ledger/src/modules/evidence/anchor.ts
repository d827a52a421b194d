// evidence.anchor: record a batch of document hashes — the seed's "keyless signature".
import { CreditChainError, readArray, readBytes, readMap, readString, toHex, type CborMap, type CborValue } from '@creditchain/core';
import type { ActionDef } from '../../action.js';
import { readParams } from '../governance/params.js';
import { batchRoot, type AnchorItem } from './batch.js';
import { anchoringKey, encodeAnchoring, EVIDENCE_MODULE } from './state.js';

export const MAX_LABEL_LENGTH = 256;
/** The most hashes any anchor transaction may carry, whatever the chain parameter says. */
export const MAX_ANCHOR_BATCH = 10_000;

export interface AnchorPayload {
  readonly items: readonly AnchorItem[];
}

/**
 * One batch item, checked: the decoded map itself when it is {hash} or {hash, label}, as it
 * almost always is, so a batch of 10,000 makes no new object an item and no field name (each a
 * new string) unless one is wrong; then the full checks name the field at fault.
 */
function readItem(raw: CborValue, i: number): AnchorItem {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array)) {
    const { hash, label } = raw as CborMap;
    const keys = Object.keys(raw).length;
    if (hash instanceof Uint8Array && hash.length === 32 && (label === undefined ? keys === 1 : keys === 2 && typeof label === 'string' && label.length <= MAX_LABEL_LENGTH)) {
      return raw as unknown as AnchorItem;
    }
  }
  const it = readMap(raw, `payload.items[${i}]`, ['hash'], ['label']);
  const hash = readBytes(it.hash, `payload.items[${i}].hash`, 32);
  return it.label === undefined ? { hash } : { hash, label: readString(it.label, `payload.items[${i}].label`, MAX_LABEL_LENGTH) };
}

/**
 * Refuses a batch that holds a hash twice, naming its first repeat in batch order. The hashes'
 * first 32 bits are sorted (natively, as a Uint32Array) and compared neighbour to neighbour;
 * only where two share them are the hashes themselves compared. A Map of prefixes, before, cost
 * its growth and lookups on every batch; a batch made to collide costs at most the hex of its
 * hashes, no more than every batch once cost.
 */
function refuseDuplicates(items: readonly AnchorItem[]): void {
  const prefixOf = (hash: Uint8Array) => ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
  const prefixes = new Uint32Array(items.length);
  items.forEach(({ hash }, i) => (prefixes[i] = prefixOf(hash)));
  prefixes.sort();
  const shared = new Set<number>();
  for (let i = 1; i < prefixes.length; i++) if (prefixes[i] === prefixes[i - 1]) shared.add(prefixes[i]!);
  if (shared.size === 0) return;
  // Only hashes that share their prefix can repeat (about one batch of 10,000 random hashes in 86
  // holds such a pair).
  const seen = new Set<string>();
  items.forEach(({ hash }, index) => {
    if (!shared.has(prefixOf(hash))) return;
    const hex = toHex(hash);
    if (seen.has(hex)) {
      throw new CreditChainError('EVIDENCE_DUPLICATE_IN_BATCH', `The hash ${hex} appears more than once in the batch (again at item ${index}).`, { hash: hex, index });
    }
    seen.add(hex);
  });
}

export const anchorAction: ActionDef<AnchorPayload> = {
  module: EVIDENCE_MODULE,
  action: 'anchor',

  parse(payload: CborMap): AnchorPayload {
    const m = readMap(payload, 'payload', ['items']);
    // The protocol's hard limit here; the chain parameter (possibly lower) is checked in execute.
    const max = MAX_ANCHOR_BATCH;
    const list = readArray(m.items, 'payload.items', Number.MAX_SAFE_INTEGER);
    if (list.length === 0) {
      throw new CreditChainError('TX_BAD_PAYLOAD', 'An anchor batch needs at least one hash.');
    }
    if (list.length > max) {
      throw new CreditChainError('EVIDENCE_BATCH_TOO_LARGE', `The batch holds ${list.length} hashes; at most ${max} are allowed in one transaction.`, { count: list.length, max });
    }
    const items: AnchorItem[] = [];
    try {
      list.forEach((raw, i) => items.push(readItem(raw, i)));
    } catch (e) {
      // The first fault in batch order is the one said, as when each item was checked for both
      // in turn: a repeat before the malformed item wins.
      refuseDuplicates(items);
      throw e;
    }
    refuseDuplicates(items);
    return { items };
  },

  execute(ctx, payload) {
    const params = readParams(ctx.suite, ctx.state);
    if (payload.items.length > params.maxAnchorBatch) {
      throw new CreditChainError('EVIDENCE_BATCH_TOO_LARGE', `The batch holds ${payload.items.length} hashes; the chain allows at most ${params.maxAnchorBatch} in one transaction.`, { count: payload.items.length, max: params.maxAnchorBatch });
    }
    const commitment = ctx.digest ?? batchRoot(ctx.suite, payload.items);
    // From version 2 the log entry's commitment is the whole record of a batch: the state keeps
    // nothing per hash, and the nodes index the hashes from the log (first anchoring first).
    if (params.protocolVersion >= 2) return { commitment };
    let anchored = 0;
    payload.items.forEach((item, position) => {
      const key = anchoringKey(ctx.suite, item.hash);
      if (ctx.state.getState(key) !== undefined) return; // the first anchoring stands
      ctx.state.put(key, encodeAnchoring({ height: ctx.height, time: ctx.time, sender: ctx.sender, tx: ctx.txId, logIndex: ctx.logIndex, position }));
      anchored++;
    });
    return { commitment, data: { anchored, alreadyAnchored: payload.items.length - anchored } };
  },

  // The batch root: ≈ 20,000 hashes for 10,000 items, a third of the main thread while anchoring.
  digest(suite, payload) {
    return batchRoot(suite, payload.items);
  },
};
