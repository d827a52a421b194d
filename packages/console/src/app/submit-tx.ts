// A transaction from the console: built by the SDK's builders, signed here with the signed-in key
// (its seed never leaves the page), submitted with its sidecars, and waited for until its block.
// The nonce and expiry are read from the node just before, as the CLI does (cli/target.ts).
import type { DecodedTx } from '@creditchain/core';
import type { CreditChainClient, TxReply, TxSigner, TxWithSidecars } from '@creditchain/sdk';
import type { SessionKey } from './session.js';

/** How many blocks a transaction stays valid for, at most (and at most the chain's maxExpiryWindow). */
export const EXPIRY_BLOCKS = 1000;

export type TxBuilder = (signer: TxSigner) => DecodedTx | TxWithSidecars;

/** Signs what `build` makes as the session's account, submits it and resolves once committed; a refused action throws its code. */
export async function signAndSubmit(client: CreditChainClient, key: SessionKey, build: TxBuilder): Promise<TxReply> {
  const [status, account, params] = await Promise.all([client.status(), client.account(key.account), client.params()]);
  const signer: TxSigner = {
    suite: key.suite,
    chainId: status.chainId,
    sender: key.account,
    nonce: account.nonce,
    expires: status.height + Math.min(EXPIRY_BLOCKS, params.maxExpiryWindow),
    seed: key.seed,
  };
  const built = build(signer);
  const { tx, sidecars } = 'sidecars' in built ? built : { tx: built, sidecars: [] };
  return client.submitTx(tx.bytes, { wait: 'commit', sidecars });
}

/** A number the action's result data names (`{objection: 7}` → 7), or undefined. */
export function resultId(reply: TxReply, field: string): number | undefined {
  const v = (reply.data as Record<string, unknown> | undefined)?.[field];
  return typeof v === 'number' ? v : undefined;
}
