// The checks every transaction passes before its action runs. The stateless part runs once at
// admission (mempool, CheckTx); the stateful part runs against the check-state at admission and
// again, deterministically, when the block executes.
import { CreditChainError, equalBytes, verifyTxSignatures, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import type { Genesis } from './genesis.js';
import type { StateReader } from './overlay.js';
import { readParams } from './modules/governance/params.js';
import { authorize } from './modules/identity/permissions.js';
import { liveKeys, readAccount, type Account } from './modules/identity/state.js';
import { getAction } from './registry.js';

// The payload each transaction object parsed to, under which genesis: a block that executes the
// very objects its own process admitted (the solo sequencer's) does not parse them again. Parsing
// is a pure function of the payload and the genesis, so reusing its result cannot change an
// outcome — as a signature checked once is valid whoever checks it (BlockInput.verifySignatures).
// An anchor batch of 10,000 hashes took ≈ 10 ms to parse.
const parsed = new WeakMap<DecodedTx, { readonly genesis: Genesis; readonly payload: unknown }>();

/**
 * Stateless but for the chain's protocol version: chain id, known action, payload form and
 * shape, signatures. Returns the parsed payload. `protocolVersion` gives params.protocolVersion
 * of the state the transaction is checked against; it is read only for an action with forms
 * of later versions (ActionDef.formVersion).
 */
export function checkTxStateless(suite: CryptoSuite, genesis: Genesis, tx: DecodedTx, opts: { verifySignatures: boolean; protocolVersion: () => number }): unknown {
  if (tx.body.chain !== genesis.chainId) {
    throw new CreditChainError('TX_WRONG_CHAIN', `The transaction is for chain "${tx.body.chain}", but this is chain "${genesis.chainId}".`, { chain: tx.body.chain });
  }
  const def = getAction(tx.body.module, tx.body.action);
  const needs = def.formVersion?.(tx.body.payload);
  if (needs !== undefined && needs > 1) {
    const version = opts.protocolVersion();
    // ENCODING_BAD_SHAPE: the code a chain's older rules gave a field they did not know, so the
    // result (and whether the nonce advances) is the same whichever binary executes the block.
    if (version < needs) {
      throw new CreditChainError('ENCODING_BAD_SHAPE', `This form of the ${tx.body.module}.${tx.body.action} payload needs protocol version ${needs}; the chain runs version ${version} (docs/protocol.md, "Protocol versions").`, { needs, version });
    }
  }
  const known = parsed.get(tx);
  const payload = known !== undefined && known.genesis === genesis ? known.payload : def.parse(tx.body.payload, genesis);
  if (known === undefined) parsed.set(tx, { genesis, payload });
  if (opts.verifySignatures) verifyTxSignatures(tx);
  void suite;
  return payload;
}

/**
 * Stateful: the sender exists; every signature is by one of its keys valid at this height (a
 * revoked key is gone, a rotated one valid until its height) and there are at least its
 * threshold of them; it carries its next nonce; it is not expired; and the permission table
 * allows it. `pendingNonce` is the mempool's next nonce for the sender when it holds earlier
 * transactions.
 */
export function checkTxStateful(suite: CryptoSuite, genesis: Genesis, state: StateReader, tx: DecodedTx, height: number, pendingNonce?: number): Account {
  void genesis;
  const { sender, nonce, expires } = tx.body;
  const account = readAccount(suite, state, sender);
  if (account === undefined) {
    throw new CreditChainError('TX_UNKNOWN_SENDER', `There is no account named "${sender}" on this chain.`, { sender });
  }
  const live = liveKeys(account, height);
  const signers = new Set<number>();
  for (const s of tx.sigs) {
    const i = live.findIndex((k) => k.alg === s.alg && equalBytes(k.key, s.key));
    if (i < 0) {
      const known = account.keys.some((k) => equalBytes(k.key, s.key));
      throw new CreditChainError(
        'TX_BAD_SIGNATURE',
        known
          ? `The transaction is signed with a key of "${sender}" that was rotated out and is no longer valid at height ${height}.`
          : `The transaction is signed with a key that does not belong to account "${sender}" (it may have been revoked).`,
        { sender },
      );
    }
    signers.add(i);
  }
  if (signers.size < account.threshold) {
    throw new CreditChainError('TX_TOO_FEW_SIGNATURES', `Account "${sender}" requires ${account.threshold} of its keys to sign; the transaction carries ${signers.size}.`, { required: account.threshold, got: signers.size });
  }
  const expected = pendingNonce ?? account.nonce;
  if (nonce !== expected) throw badNonce(sender, expected, nonce);
  checkNotExpired(expires, height);
  const window = readParams(suite, state).maxExpiryWindow;
  if (expires > height + window) {
    throw new CreditChainError('TX_BAD_EXPIRY', `The expiry height ${expires} is more than ${window} blocks ahead of height ${height}.`, { expires, height });
  }
  authorize(suite, state, account, `${tx.body.module}.${tx.body.action}`);
  return account;
}

/** TX_BAD_NONCE: `sender` must use nonce `expected` next, not `got`. */
export function badNonce(sender: string, expected: number, got: number): CreditChainError {
  const why = got < expected ? 'it was already used (a replay?)' : 'earlier nonces have not been used yet';
  return new CreditChainError('TX_BAD_NONCE', `Account "${sender}" must use nonce ${expected} next, not ${got}: ${why}.`, { expected, got });
}

/** TX_EXPIRED unless a transaction expiring at `expires` may still go in block `height`. */
export function checkNotExpired(expires: number, height: number): void {
  if (expires < height) {
    throw new CreditChainError('TX_EXPIRED', `The transaction expired at height ${expires}; the chain is at height ${height}.`, { expires, height });
  }
}
