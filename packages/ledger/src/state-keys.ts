// Every state entry lives in one sparse Merkle tree under a 256-bit key H(module ‖ 0x00 ‖ key),
// so modules can never collide and a proof names exactly one (module, key) pair.
import { concatBytes, utf8, type CryptoSuite } from '@creditchain/core';

/**
 * Keys named by text are hashed again and again (an account's, the parameters'), so the last
 * few thousand are kept: a hash is a pure function of its input. Callers never change a key's bytes.
 */
const named = new Map<string, Uint8Array>();
const NAMED_LIMIT = 16_384;

export function stateKey(suite: CryptoSuite, module: string, key: Uint8Array | string): Uint8Array {
  if (typeof key !== 'string') return suite.hash(concatBytes(utf8(module), Uint8Array.of(0), key));
  const id = `${suite.id}\u0000${module}\u0000${key}`;
  let k = named.get(id);
  if (k === undefined) {
    k = suite.hash(concatBytes(utf8(module), Uint8Array.of(0), utf8(key)));
    if (named.size >= NAMED_LIMIT) named.clear();
    named.set(id, k);
  }
  return k;
}
