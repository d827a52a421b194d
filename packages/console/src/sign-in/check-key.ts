// Signing in checks the key file against the chain: its account must exist and hold the key as a
// live key (not rotated out, not revoked). The key itself is only read here, never sent.
import { CreditChainError, toHex } from '@creditchain/core';
import { keyPairFromJson, type AccountReply, type KeyPair } from '@creditchain/sdk';

export function readKeyFile(text: string): KeyPair {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'This is not JSON: a key file is the JSON that creditchain keys new (or dev) writes.');
  }
  return keyPairFromJson(json);
}

/** Whether `account` lists the key as live at `height`. */
export function isLiveKey(account: AccountReply, publicKey: Uint8Array, height: number): boolean {
  const hex = toHex(publicKey);
  return account.keys.some((k) => k.key === hex && (k.until === null || k.until >= height));
}
