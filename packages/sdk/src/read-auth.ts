// Authenticated reads: a reader signs each read request with a live key of its account, so a
// node can serve data only to those entitled to it (docs/protocol.md, "Authenticated reads").
//
//   CreditChain-Reader:    <account name>
//   CreditChain-Time:      <unix ms>
//   CreditChain-Signature: <alg>:<public key hex>:<signature hex>
//
// The signature is over the UTF-8 bytes of
//   "CreditChain read v1\n" + chainId + "\n" + METHOD + "\n" + pathWithQuery + "\n" + time
import { CHAIN_ID_PATTERN, CreditChainError, NAME_PATTERN, getAlg, toHex, utf8 } from '@creditchain/core';
import type { KeyPair } from './keys.js';

export const READ_AUTH_DOMAIN = 'CreditChain read v1';
/** How far the signed time may be from the node's clock, either way. */
export const READ_AUTH_MAX_SKEW_MS = 300_000;
export const READER_HEADER = 'CreditChain-Reader';
export const READ_TIME_HEADER = 'CreditChain-Time';
export const READ_SIGNATURE_HEADER = 'CreditChain-Signature';

/** A reader's signing key: its account, the key's algorithm id and its private secret; or a key pair naming its account. */
export type ReadSigner = { readonly account: string; readonly alg: string; readonly secret: Uint8Array } | KeyPair;

function badInput(message: string): never {
  throw new CreditChainError('API_BAD_REQUEST', message);
}

/**
 * The bytes signed for one request under `domain` (a read, or a member node's request:
 * node-auth.ts). `pathWithQuery` is the request target as sent, from the API root: the path
 * and, if any, "?" and the query (e.g. "/v1/accounts/x?prove=true").
 */
export function signedRequestMessage(domain: string, chainId: string, method: string, pathWithQuery: string, timeMs: number): Uint8Array {
  if (typeof chainId !== 'string' || !CHAIN_ID_PATTERN.test(chainId)) badInput(`"${String(chainId).slice(0, 80)}" is not a chain id.`);
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) badInput(`"${String(method).slice(0, 20)}" is not an HTTP method.`);
  if (typeof pathWithQuery !== 'string' || !pathWithQuery.startsWith('/') || /[\s]/.test(pathWithQuery)) {
    badInput(`The path to sign must start with "/" and hold no white space, as in the request line; got "${String(pathWithQuery).slice(0, 80)}".`);
  }
  if (!Number.isSafeInteger(timeMs) || timeMs < 0) badInput('The request time must be a whole number of milliseconds since the Unix epoch.');
  return utf8(`${domain}\n${chainId}\n${method.toUpperCase()}\n${pathWithQuery}\n${timeMs}`);
}

/** The bytes a reader signs for one request (see signedRequestMessage). */
export function readAuthMessage(chainId: string, method: string, pathWithQuery: string, timeMs: number): Uint8Array {
  return signedRequestMessage(READ_AUTH_DOMAIN, chainId, method, pathWithQuery, timeMs);
}

/**
 * The three headers of one request signed under `domain`: who signs (in `whoHeader`), the time,
 * and `<alg>:<public key hex>:<signature hex>`.
 */
export function signRequestHeaders(
  domain: string,
  whoHeader: string,
  who: string,
  signer: { readonly alg: string; readonly secret: Uint8Array },
  request: { readonly chainId: string; readonly method: string; readonly pathWithQuery: string; readonly nowMs: number },
): Record<string, string> {
  const alg = getAlg(signer.alg);
  const time = Math.trunc(request.nowMs);
  const sig = alg.sign(signer.secret, signedRequestMessage(domain, request.chainId, request.method, request.pathWithQuery, time));
  return {
    [whoHeader]: who,
    [READ_TIME_HEADER]: String(time),
    [READ_SIGNATURE_HEADER]: `${alg.id}:${toHex(alg.publicKeyOf(signer.secret))}:${toHex(sig)}`,
  };
}

function signerParts(signer: ReadSigner): { account: string; alg: string; secret: Uint8Array } {
  if ('seed' in signer) {
    if (signer.account === undefined) throw new CreditChainError('CRYPTO_BAD_KEY', 'The reader key pair names no account; give {account, alg, secret} or a key pair with its account.');
    return { account: signer.account, alg: signer.suite.signature.id, secret: signer.seed };
  }
  return signer;
}

/** The three headers that authenticate one read by `signer` at `nowMs`. */
export function signReadHeaders(signer: ReadSigner, chainId: string, method: string, pathWithQuery: string, nowMs: number): Record<string, string> {
  const { account, alg, secret } = signerParts(signer);
  if (typeof account !== 'string' || !NAME_PATTERN.test(account)) badInput(`The reader "${String(account).slice(0, 80)}" is not an account name.`);
  return signRequestHeaders(READ_AUTH_DOMAIN, READER_HEADER, account, { alg, secret }, { chainId, method, pathWithQuery, nowMs });
}
