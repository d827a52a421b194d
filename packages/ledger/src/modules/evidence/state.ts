// Per anchored hash, the first anchoring: where and when it was committed, and by whom. A later
// anchoring of the same hash changes nothing: the first one is the proof of earliest existence.
import { decodeCanonical, encodeCanonical, readBytes, readMap, readString, readUint, type CryptoSuite } from '@creditchain/core';
import type { StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';

export const EVIDENCE_MODULE = 'evidence';

export interface Anchoring {
  readonly height: number;
  readonly time: number;
  readonly sender: string;
  readonly tx: Uint8Array;
  /** Log index of the anchoring transaction. */
  readonly logIndex: number;
  /** Position of the hash in its batch. */
  readonly position: number;
}

export function anchoringKey(suite: CryptoSuite, hash: Uint8Array): Uint8Array {
  return stateKey(suite, EVIDENCE_MODULE, hash);
}

export function encodeAnchoring(a: Anchoring): Uint8Array {
  return encodeCanonical({ height: a.height, time: a.time, sender: a.sender, tx: a.tx, logIndex: a.logIndex, position: a.position });
}

export function decodeAnchoring(bytes: Uint8Array): Anchoring {
  const m = readMap(decodeCanonical(bytes), 'anchoring', ['height', 'time', 'sender', 'tx', 'logIndex', 'position']);
  return {
    height: readUint(m.height, 'anchoring.height'),
    time: readUint(m.time, 'anchoring.time'),
    sender: readString(m.sender, 'anchoring.sender', 64),
    tx: readBytes(m.tx, 'anchoring.tx', 32),
    logIndex: readUint(m.logIndex, 'anchoring.logIndex'),
    position: readUint(m.position, 'anchoring.position'),
  };
}

export function readAnchoring(suite: CryptoSuite, state: StateReader, hash: Uint8Array): Anchoring | undefined {
  const bytes = state.getState(anchoringKey(suite, hash));
  return bytes === undefined ? undefined : decodeAnchoring(bytes);
}
