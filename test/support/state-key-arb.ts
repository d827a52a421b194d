// State keys for property tests of the state tree: random bytes, and keys close to a few bases
// (one or two bits flipped), so that trees meet long shared prefixes, deep paths, empty siblings
// and collapses, not only a shallow random tree.
import fc from 'fast-check';
import { sha256, utf8 } from '@creditchain/core';

export const STATE_KEY_BASES = [0, 1, 2].map((i) => sha256(utf8(`base${i}`)));

export const arbStateKey = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }),
  fc.tuple(fc.nat(STATE_KEY_BASES.length - 1), fc.nat(255), fc.nat(255)).map(([b, i, j]) => {
    const k = STATE_KEY_BASES[b]!.slice();
    k[i >> 3]! ^= 0x80 >> (i & 7);
    k[j >> 3]! ^= 0x80 >> (j & 7);
    return k;
  }),
);
