// evidence.anchor: record a batch of document hashes — the seed's "keyless signature".
import { CreditChainError, equalBytes, readArray, readBytes, readMap, readString, toHex, type CborMap } from '@creditchain/core';
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
    // Duplicates are looked for by each hash's first 32 bits, and by its hex only where those
    // collide: the hex of every hash was a twentieth of the node's time while anchoring. A batch
    // made to collide costs no more than the hex of every hash.
    const byPrefix = new Map<number, Uint8Array>();
    const collided = new Set<string>();
    const items = list.map((raw, i): AnchorItem => {
      const it = readMap(raw, `payload.items[${i}]`, ['hash'], ['label']);
      const hash = readBytes(it.hash, `payload.items[${i}].hash`, 32);
      const prefix = ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
      const first = byPrefix.get(prefix);
      if (first === undefined) byPrefix.set(prefix, hash);
      else {
        const hex = toHex(hash);
        if (equalBytes(first, hash) || collided.has(hex)) {
          throw new CreditChainError('EVIDENCE_DUPLICATE_IN_BATCH', `The hash ${hex} appears more than once in the batch (again at item ${i}).`, { hash: hex, index: i });
        }
        collided.add(hex);
      }
      return it.label === undefined ? { hash } : { hash, label: readString(it.label, `payload.items[${i}].label`, MAX_LABEL_LENGTH) };
    });
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
