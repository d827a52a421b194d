// The checks every transaction passes before its action runs. The stateless part runs once at
// admission (mempool, CheckTx); the stateful part runs against the check-state at admission and
// again, deterministically, when the block executes.
import { CreditChainError, equalBytes, verifyTxSignatures, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import type { Genesis } from './genesis.js';
import type { StateReader } from './overlay.js';
import { readAccount, type Account } from './modules/accounts/state.js';
import { getAction } from './registry.js';

/** Stateless: chain id, known action, payload shape, signatures. Returns the parsed payload. */
export function checkTxStateless(suite: CryptoSuite, genesis: Genesis, tx: DecodedTx, opts: { verifySignatures: boolean }): unknown {
  if (tx.body.chain !== genesis.chainId) {
    throw new CreditChainError('TX_WRONG_CHAIN', `The transaction is for chain "${tx.body.chain}", but this is chain "${genesis.chainId}".`, { chain: tx.body.chain });
  }
  const def = getAction(tx.body.module, tx.body.action);
  const payload = def.parse(tx.body.payload, genesis);
  if (opts.verifySignatures) verifyTxSignatures(tx);
  return payload;
}

/**
 * Stateful: the sender exists, signed with its keys, carries its next nonce, and is not expired.
 * `pendingNonce` is the mempool's next nonce for the sender when it holds earlier transactions.
 */
export function checkTxStateful(suite: CryptoSuite, genesis: Genesis, state: StateReader, tx: DecodedTx, height: number, pendingNonce?: number): Account {
  const { sender, nonce, expires } = tx.body;
  const account = readAccount(suite, state, sender);
  if (account === undefined) {
    throw new CreditChainError('TX_UNKNOWN_SENDER', `There is no account named "${sender}" on this chain.`, { sender });
  }
  for (const s of tx.sigs) {
    if (!account.keys.some((k) => equalBytes(k, s.key))) {
      throw new CreditChainError('TX_BAD_SIGNATURE', `The transaction is signed with a key that does not belong to account "${sender}".`, { sender });
    }
  }
  const expected = pendingNonce ?? account.nonce;
  if (nonce !== expected) {
    const why = nonce < expected ? 'it was already used (a replay?)' : 'earlier nonces have not been used yet';
    throw new CreditChainError('TX_BAD_NONCE', `Account "${sender}" must use nonce ${expected} next, not ${nonce}: ${why}.`, { expected, got: nonce });
  }
  if (expires < height) {
    throw new CreditChainError('TX_EXPIRED', `The transaction expired at height ${expires}; the chain is at height ${height}.`, { expires, height });
  }
  if (expires > height + genesis.params.maxExpiryWindow) {
    throw new CreditChainError('TX_BAD_EXPIRY', `The expiry height ${expires} is more than ${genesis.params.maxExpiryWindow} blocks ahead of height ${height}.`, { expires, height });
  }
  return account;
}
