// Encrypted key files: the seed opens only with its passphrase, under its own public key; a file
// changed anywhere in its sealing is refused; an unencrypted file reads as before.
import { describe, expect, it } from 'vitest';
import { encryptedKeyPairToJson, isEncryptedKeyFile, keyPairFromJson, keyPairToJson, newKeyPair } from './index.js';
import { KEY_SCRYPT } from './key-encryption.js';
import { toHex } from '@creditchain/core';

// Tests lower scrypt's cost (2^10); files written by the CLI use KEY_SCRYPT.n = 2^17.
const cheap = { n: 2 ** 10 };

describe('encrypted key files', () => {
  it('round-trips with its passphrase and holds no private key in the clear', () => {
    for (const suite of ['intl', 'gm']) {
      const kp = newKeyPair(suite, 'demo-bank');
      const json = encryptedKeyPairToJson(kp, 'correct horse battery', cheap);
      expect(isEncryptedKeyFile(json)).toBe(true);
      expect(json.privateKey).toBeUndefined();
      expect(JSON.stringify(json)).not.toContain(toHex(kp.seed));
      const back = keyPairFromJson(JSON.parse(JSON.stringify(json)), 'correct horse battery');
      expect(toHex(back.seed)).toBe(toHex(kp.seed));
      expect(back.account).toBe('demo-bank');
    }
  });

  it('refuses without a passphrase, with a wrong one, and a sealing moved under another key', () => {
    const kp = newKeyPair('intl', 'a');
    const json = encryptedKeyPairToJson(kp, 'passphrase one', cheap);
    expect(() => keyPairFromJson(json)).toThrow(expect.objectContaining({ code: 'KEY_PASSPHRASE_REQUIRED' }));
    expect(() => keyPairFromJson(json, 'passphrase two')).toThrow(expect.objectContaining({ code: 'KEY_BAD_PASSPHRASE' }));
    const other = newKeyPair('intl', 'a');
    expect(() => keyPairFromJson({ ...json, publicKey: toHex(other.publicKey) }, 'passphrase one')).toThrow(expect.objectContaining({ code: 'KEY_BAD_PASSPHRASE' }));
    const flipped = { ...json, encrypted: { ...json.encrypted!, ciphertext: json.encrypted!.ciphertext.replace(/^./, (c) => (c === '0' ? '1' : '0')) } };
    expect(() => keyPairFromJson(flipped, 'passphrase one')).toThrow(expect.objectContaining({ code: 'KEY_BAD_PASSPHRASE' }));
  });

  it('refuses a weak passphrase, and a file asking for an absurd scrypt cost', () => {
    const kp = newKeyPair('intl');
    expect(() => encryptedKeyPairToJson(kp, 'short', cheap)).toThrow(expect.objectContaining({ code: 'KEY_PASSPHRASE_WEAK' }));
    const json = encryptedKeyPairToJson(kp, 'long enough passphrase', cheap);
    expect(() => keyPairFromJson({ ...json, encrypted: { ...json.encrypted!, n: 2 ** 30 } }, 'long enough passphrase')).toThrow(expect.objectContaining({ code: 'CRYPTO_BAD_KEY' }));
    expect(KEY_SCRYPT.n).toBe(2 ** 17);
  });

  it('reads a plain key file as before', () => {
    const kp = newKeyPair('intl', 'x');
    expect(toHex(keyPairFromJson(keyPairToJson(kp)).seed)).toBe(toHex(kp.seed));
  });
});
