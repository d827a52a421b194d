// The proof part of a reply built from state entries — a credit report, a voucher trace, a
// contract's storage: the entries at the head, and one state multiproof of them all, which the
// SDK's openProvenEntries checks offline against the head's signed checkpoint.
import { proveStateKeys, toBase64, toHex } from '@creditchain/core';
import type { ProvenEntries } from '@creditchain/sdk';
import type { Chain } from './chain.js';

/** The entries of `keys` (in that order) at `head`, proven by one multiproof (none for no keys). */
export function provenEntries(chain: Chain, keys: readonly Uint8Array[], head = chain.head): ProvenEntries {
  const root = head.header.stateRoot;
  const entries = keys.map((key) => {
    const value = chain.storage.getState(key);
    return { key: toHex(key), value: value === undefined ? null : toHex(value) };
  });
  const proof = { height: head.header.height, stateRoot: toHex(root), checkpoint: head.checkpoint, entries };
  return keys.length === 0 ? proof : { ...proof, multiproof: toBase64(proveStateKeys(chain.storage.stateNodeReader, root, keys)) };
}
