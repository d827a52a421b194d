// Small helpers for tests that drive a running node over HTTP.
import { signTx, getSuite, type CryptoSuite, type DecodedTx } from '@creditchain/core';

export const suite = getSuite('intl');

export async function nonceOf(url: string, account: string): Promise<number> {
  const r = await fetch(`${url}/v1/accounts/${account}`);
  if (!r.ok) throw new Error(`account ${account}: HTTP ${r.status}`);
  return ((await r.json()) as { nonce: number }).nonce;
}

export function anchorTx(chain: string, sender: string, seed: Uint8Array, nonce: number, hashes: Uint8Array[], expires = 50_000, by: CryptoSuite = suite): DecodedTx {
  return signTx(by, { chain, module: 'evidence', action: 'anchor', sender, nonce, expires, payload: { items: hashes.map((hash) => ({ hash })) }, sidecars: [] }, [seed]);
}

export async function submit(url: string, tx: DecodedTx, wait = true): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}/v1/txs${wait ? '?wait=commit' : ''}`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: tx.bytes });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
