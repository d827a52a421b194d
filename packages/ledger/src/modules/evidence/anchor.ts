// evidence.anchor: record a batch of document hashes — the seed's "keyless signature".
import { CreditChainError, readArray, readBytes, readMap, readString, toHex, type CborMap, type CborValue } from '@creditchain/core';
import type { ActionDef } from '../../action.js';
import { readParams } from '../governance/params.js';
import { anchorItemAt, batchOfItems, batchRoot, batchSize, HASH_LENGTH, type AnchorBatch, type AnchorItem } from './batch.js';
import { anchoringKey, encodeAnchoring, EVIDENCE_MODULE } from './state.js';

export const MAX_LABEL_LENGTH = 256;
/** The most hashes any anchor transaction may carry, whatever the chain parameter says. */
export const MAX_ANCHOR_BATCH = 10_000;

/** The protocol version from which a payload may carry its hashes packed (`{hashes}`). */
export const PACKED_ANCHOR_VERSION = 3;

/** A parsed payload: the batch, in either of the payload's forms. */
export type AnchorPayload = AnchorBatch;

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
function refuseDuplicates(hashes: Uint8Array): void {
  const count = hashes.length / HASH_LENGTH;
  const prefixOf = (i: number) => {
    const at = i * HASH_LENGTH;
    return ((hashes[at]! << 24) | (hashes[at + 1]! << 16) | (hashes[at + 2]! << 8) | hashes[at + 3]!) >>> 0;
  };
  const prefixes = new Uint32Array(count);
  for (let i = 0; i < count; i++) prefixes[i] = prefixOf(i);
  prefixes.sort();
  const shared = new Set<number>();
  for (let i = 1; i < count; i++) if (prefixes[i] === prefixes[i - 1]) shared.add(prefixes[i]!);
  if (shared.size === 0) return;
  // Only hashes that share their prefix can repeat (about one batch of 10,000 random hashes in 86
  // holds such a pair).
  const seen = new Set<string>();
  for (let index = 0; index < count; index++) {
    if (!shared.has(prefixOf(index))) continue;
    const hex = toHex(hashes.subarray(index * HASH_LENGTH, (index + 1) * HASH_LENGTH));
    if (seen.has(hex)) {
      throw new CreditChainError('EVIDENCE_DUPLICATE_IN_BATCH', `The hash ${hex} appears more than once in the batch (again at item ${index}).`, { hash: hex, index });
    }
    seen.add(hex);
  }
}

/** A batch's count of hashes: at least one, at most the protocol's hard limit. */
function checkCount(count: number): void {
  if (count === 0) {
    throw new CreditChainError('TX_BAD_PAYLOAD', 'An anchor batch needs at least one hash.');
  }
  // The protocol's hard limit here; the chain parameter (possibly lower) is checked in execute.
  if (count > MAX_ANCHOR_BATCH) {
    throw new CreditChainError('EVIDENCE_BATCH_TOO_LARGE', `The batch holds ${count} hashes; at most ${MAX_ANCHOR_BATCH} are allowed in one transaction.`, { count, max: MAX_ANCHOR_BATCH });
  }
}

/** A payload naming `hashes` is the packed form; anything else is read as the first. */
function isPacked(payload: CborMap): boolean {
  return payload !== null && typeof payload === 'object' && Object.hasOwn(payload, 'hashes');
}

/** `{items: [{hash, label?}, …]}`: the first form, the only one that carries labels. */
function parseItems(payload: CborMap): AnchorBatch {
  const m = readMap(payload, 'payload', ['items']);
  const list = readArray(m.items, 'payload.items', Number.MAX_SAFE_INTEGER);
  checkCount(list.length);
  const items: AnchorItem[] = [];
  try {
    list.forEach((raw, i) => items.push(readItem(raw, i)));
  } catch (e) {
    // The first fault in batch order is the one said, as when each item was checked for both
    // in turn: a repeat before the malformed item wins.
    refuseDuplicates(batchOfItems(items).hashes);
    throw e;
  }
  const batch = batchOfItems(items);
  refuseDuplicates(batch.hashes);
  return batch;
}

/**
 * `{hashes: bytes}`, the hashes one after another (protocol version 3): one byte string to
 * decode and keep, where 10,000 item maps were most of a batch's decoding and of the young
 * generation's garbage on both threads (docs/performance.md, session 28).
 */
function parsePacked(payload: CborMap): AnchorBatch {
  const m = readMap(payload, 'payload', ['hashes']);
  const hashes = readBytes(m.hashes, 'payload.hashes');
  if (hashes.length % HASH_LENGTH !== 0) {
    throw new CreditChainError('ENCODING_BAD_SHAPE', `payload.hashes: expected ${HASH_LENGTH}-byte hashes one after another, got ${hashes.length} bytes (not a multiple of ${HASH_LENGTH})`);
  }
  checkCount(hashes.length / HASH_LENGTH);
  refuseDuplicates(hashes);
  return { hashes };
}

export const anchorAction: ActionDef<AnchorPayload> = {
  module: EVIDENCE_MODULE,
  action: 'anchor',

  // Chains before version 3 refuse the packed form as their rules did: `hashes` was no field of theirs.
  formVersion(payload: CborMap): number {
    return isPacked(payload) ? PACKED_ANCHOR_VERSION : 1;
  },

  parse(payload: CborMap): AnchorPayload {
    return isPacked(payload) ? parsePacked(payload) : parseItems(payload);
  },

  execute(ctx, payload) {
    const params = readParams(ctx.suite, ctx.state);
    const count = batchSize(payload);
    if (count > params.maxAnchorBatch) {
      throw new CreditChainError('EVIDENCE_BATCH_TOO_LARGE', `The batch holds ${count} hashes; the chain allows at most ${params.maxAnchorBatch} in one transaction.`, { count, max: params.maxAnchorBatch });
    }
    const commitment = ctx.digest ?? batchRoot(ctx.suite, payload);
    // From version 2 the log entry's commitment is the whole record of a batch: the state keeps
    // nothing per hash, and the nodes index the hashes from the log (first anchoring first).
    if (params.protocolVersion >= 2) return { commitment };
    let anchored = 0;
    for (let position = 0; position < count; position++) {
      const key = anchoringKey(ctx.suite, anchorItemAt(payload, position).hash);
      if (ctx.state.getState(key) !== undefined) continue; // the first anchoring stands
      ctx.state.put(key, encodeAnchoring({ height: ctx.height, time: ctx.time, sender: ctx.sender, tx: ctx.txId, logIndex: ctx.logIndex, position }));
      anchored++;
    }
    return { commitment, data: { anchored, alreadyAnchored: count - anchored } };
  },

  // The batch root: ≈ 20,000 hashes for 10,000 items, a third of the main thread while anchoring.
  digest(suite, payload) {
    return batchRoot(suite, payload);
  },
};
