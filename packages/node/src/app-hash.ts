// The app hash a CometBFT network agrees on for a block: H(state root ‖ log root ‖ results root).
// Not the block hash, which changes with every block's height and time: CometBFT makes the next
// block at once whenever the app hash changed, so a chain with nothing to do would never rest.
// With this hash an empty block (no state written, nothing logged) changes it only once, after
// which the chain waits for transactions or the empty-block interval (docs/adr/004).
import { concatBytes, type BlockHeader, type CryptoSuite } from '@creditchain/core';

export function networkAppHash(suite: CryptoSuite, header: BlockHeader): Uint8Array {
  return suite.hash(concatBytes(header.stateRoot, header.logRoot, header.resultsRoot));
}
