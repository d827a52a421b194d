// CheckTx's view of the chain: the committed state, plus the next nonce of each sender whose
// transactions CometBFT's mempool took since the last commit — so a sender's second transaction
// in a block is checked against the nonce after its first. It is cleared at each Commit, and
// CometBFT then re-checks what is left in its mempool, in order, against the new state (the
// "recheck"); signatures were verified on the first check and are not verified again.
import { CreditChainError, decodeSignedTx, toHex, type DecodedTx } from '@creditchain/core';
import { checkTxStateful, checkTxStateless } from '@creditchain/ledger';
import type { Chain } from '../chain.js';

export class CheckState {
  private readonly next = new Map<string, number>();

  constructor(private readonly chain: Chain) {}

  /** Checks a transaction for the next block and counts its nonce, or throws why not. */
  admit(bytes: Uint8Array, opts: { recheck: boolean }): DecodedTx {
    const tx = this.peek(bytes, { verifySignatures: !opts.recheck });
    this.next.set(tx.body.sender, tx.body.nonce + 1);
    return tx;
  }

  /** The same checks without counting the nonce: the HTTP API's early answer before broadcasting. */
  peek(bytes: Uint8Array, opts: { verifySignatures: boolean } = { verifySignatures: true }): DecodedTx {
    const { suite, genesis, storage } = this.chain;
    const tx = decodeSignedTx(suite, bytes);
    if (storage.getTxLocation(tx.id) !== undefined) {
      throw new CreditChainError('TX_DUPLICATE', `Transaction ${toHex(tx.id)} is already on the chain.`, { id: toHex(tx.id) });
    }
    checkTxStateless(suite, genesis, tx, opts);
    checkTxStateful(suite, genesis, storage, tx, this.chain.head.header.height + 1, this.next.get(tx.body.sender));
    return tx;
  }

  /** After a commit: the mempool is re-checked from the committed state. */
  reset(): void {
    this.next.clear();
  }
}
