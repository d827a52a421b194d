// Signing in checks the key file against the chain: its account must exist and hold the key as a
// live key (not rotated out, not revoked). The key itself is only read here, never sent.
import { CreditChainError, toHex } from '@creditchain/core';
import { isEncryptedKeyFile, keyPairFromJson, type AccountReply, type KeyPair } from '@creditchain/sdk';

function parseKeyFile(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'This is not JSON: a key file is the JSON that creditchain keys new (or dev) writes.');
  }
}

/** Whether the text is an encrypted key file (the page then asks for its passphrase). */
export function isEncryptedKeyText(text: string): boolean {
  try {
    return isEncryptedKeyFile(JSON.parse(text));
  } catch {
    return false;
  }
}

/** The key of a key file; an encrypted one is opened with `passphrase`, in this page. */
export function readKeyFile(text: string, passphrase?: string): KeyPair {
  return keyPairFromJson(parseKeyFile(text), passphrase);
}

/** Whether `account` lists the key as live at `height`. */
export function isLiveKey(account: AccountReply, publicKey: Uint8Array, height: number): boolean {
  const hex = toHex(publicKey);
  return account.keys.some((k) => k.key === hex && (k.until === null || k.until >= height));
}
