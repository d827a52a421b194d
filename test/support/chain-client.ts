// Small helpers for tests that drive a running node over HTTP.
import { signTx, getSuite, toHex, type DecodedTx } from '@creditchain/core';
import { accountKey, decodeAccount } from '@creditchain/ledger';

export const suite = getSuite('intl');

export async function nonceOf(url: string, account: string): Promise<number> {
  const r = await fetch(`${url}/v1/state/${toHex(accountKey(suite, account))}`);
  if (!r.ok) throw new Error(`account ${account}: HTTP ${r.status}`);
  const { value } = (await r.json()) as { value: string };
  return decodeAccount(Buffer.from(value, 'hex')).nonce;
}

export function anchorTx(chain: string, sender: string, seed: Uint8Array, nonce: number, hashes: Uint8Array[], expires = 50_000): DecodedTx {
  return signTx(suite, { chain, module: 'evidence', action: 'anchor', sender, nonce, expires, payload: { items: hashes.map((hash) => ({ hash })) }, sidecars: [] }, [seed]);
}

export async function submit(url: string, tx: DecodedTx, wait = true): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}/v1/txs${wait ? '?wait=commit' : ''}`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: tx.bytes });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
