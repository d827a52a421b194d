// Every state entry lives in one sparse Merkle tree under a 256-bit key H(module ‖ 0x00 ‖ key),
// so modules can never collide and a proof names exactly one (module, key) pair.
import { concatBytes, utf8, type CryptoSuite } from '@creditchain/core';

export function stateKey(suite: CryptoSuite, module: string, key: Uint8Array | string): Uint8Array {
  const k = typeof key === 'string' ? utf8(key) : key;
  return suite.hash(concatBytes(utf8(module), Uint8Array.of(0), k));
}
