// Command-line values of the member and governance commands: role lists, public keys (a key
// file or hex), whole numbers. Each is checked here, so a wrong one is a sentence, not a refusal
// from the node.
import { existsSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { fromHex, getSuite, toHex } from '@creditchain/core';
import { ROLES, isRole } from '@creditchain/ledger';
import { keyFileInfo, type PublicKeyInput } from '@creditchain/sdk';
import { readJsonFile } from './files.js';
import { badArgument } from './output.js';

/** "admin,submitter" → ['admin', 'submitter'], each a known role. */
export function parseRoles(value: string, option = '--roles'): string[] {
  const roles = value.split(',').map((r) => r.trim()).filter((r) => r !== '');
  for (const r of roles) if (!isRole(r)) throw badArgument(`${option}: "${r}" is not a role; the roles are ${ROLES.join(', ')}.`);
  return roles;
}

/** "a,b" → ['a', 'b'] (no check). */
export function parseList(value: string): string[] {
  return value.split(',').map((r) => r.trim()).filter((r) => r !== '');
}

/** Commander option parser for a whole number. */
export function parseWhole(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('It must be a whole number.');
  return n;
}

/**
 * A public key given as a key file (from "creditchain keys new"; only its public half is used)
 * or as hex, for a chain of `suiteId`. Hex keys take the suite's signature algorithm.
 */
export function readPublicKey(value: string, suiteId: string, option: string): PublicKeyInput {
  const suite = getSuite(suiteId);
  if (/^[0-9a-f]+$/.test(value) && !existsSync(value)) {
    if (value.length !== suite.publicKeyLength * 2) {
      throw badArgument(`${option}: a public key in hex is ${suite.publicKeyLength} bytes (${suite.publicKeyLength * 2} hex digits); this one has ${value.length} digits.`);
    }
    return { alg: suite.signature.id, key: fromHex(value, suite.publicKeyLength) };
  }
  // Only the public key is needed: an encrypted key file is not opened.
  const kp = keyFileInfo(readJsonFile(value, 'a key file'));
  if (kp.suite.id !== suite.id) throw badArgument(`${option}: the key in ${value} is a ${kp.suite.id} key, but the chain uses the ${suite.id} suite.`);
  return { alg: kp.suite.signature.id, key: kp.publicKey };
}

/** The first 16 hex digits of a key, for sentences. */
export function shortKey(key: Uint8Array | string): string {
  const hex = typeof key === 'string' ? key : toHex(key);
  return `${hex.slice(0, 16)}…`;
}
