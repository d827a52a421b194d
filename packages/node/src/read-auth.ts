// Authenticated reads on the node side: who sends a read request, proven by a signature over
// the request with a live key of its account (docs/protocol.md, "Authenticated reads"; the
// signing side is @creditchain/sdk read-auth.ts). Routes that serve data to entitled readers
// only call `requireReader`; routes open to all never look at the headers.
import { CreditChainError, NAME_PATTERN, equalBytes, fromHex, getAlg, hasAlg, toHex } from '@creditchain/core';
import { liveKeys, readAccount, type Account } from '@creditchain/ledger';
import { READER_HEADER, READ_AUTH_MAX_SKEW_MS, READ_SIGNATURE_HEADER, READ_TIME_HEADER, readAuthMessage } from '@creditchain/sdk';
import type { Chain } from './chain.js';
import type { NodeService } from './service.js';

/** What authentication needs of a request (a FastifyRequest is one). */
export interface ReadRequest {
  readonly method: string;
  /** The request target as received: path and query. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** How one scheme of signed requests names its parts in its errors: reads, or member nodes' requests (node-auth.ts). */
export interface SignedScheme {
  /** The header naming the signer: CreditChain-Reader or CreditChain-Node. */
  readonly whoHeader: string;
  /** What that header holds, e.g. "an account name". */
  readonly who: string;
  /** The request, in a sentence: "signed read" or "node's request". */
  readonly request: string;
  readonly code: 'API_AUTH_INVALID' | 'PEER_AUTH_INVALID';
}

/** A signed request's headers, checked for form and time but not yet for the signer or the signature. */
export interface SignedHeaders {
  readonly signer: string;
  readonly time: number;
  readonly alg: string;
  readonly key: Uint8Array;
  readonly signature: Uint8Array;
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('API_AUTH_INVALID', message, details);
}

const READ_SCHEME: SignedScheme = { whoHeader: READER_HEADER, who: 'an account name', request: 'signed read', code: 'API_AUTH_INVALID' };

const SIGNATURE_RE = /^([a-z0-9-]{1,32}):([0-9a-f]+):([0-9a-f]+)$/;

/**
 * The signer, time, key and signature of a signed request, or undefined when it carries none of
 * the three headers. Throws the scheme's code, saying what is wrong, when one is missing or
 * malformed, or the time is more than READ_AUTH_MAX_SKEW_MS from this node's clock.
 */
export function readSignedHeaders(scheme: SignedScheme, req: ReadRequest, nowMs: number): SignedHeaders | undefined {
  const invalid = (message: string, details?: Record<string, unknown>): never => {
    throw new CreditChainError(scheme.code, message, details);
  };
  const header = (name: string): string | undefined => {
    const v = req.headers[name.toLowerCase()];
    if (Array.isArray(v)) invalid(`The ${name} header was sent ${v.length} times; send it once.`);
    return v as string | undefined;
  };
  const name = header(scheme.whoHeader);
  const time = header(READ_TIME_HEADER);
  const signature = header(READ_SIGNATURE_HEADER);
  if (name === undefined && time === undefined && signature === undefined) return undefined;
  const missing = [[scheme.whoHeader, name], [READ_TIME_HEADER, time], [READ_SIGNATURE_HEADER, signature]].filter(([, v]) => v === undefined).map(([h]) => h);
  const article = /^[aeiou]/.test(scheme.request) ? 'An' : 'A';
  if (missing.length > 0) invalid(`${article} ${scheme.request} needs the headers ${scheme.whoHeader}, ${READ_TIME_HEADER} and ${READ_SIGNATURE_HEADER}; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing.`, { missing });

  if (!NAME_PATTERN.test(name!)) invalid(`The ${scheme.whoHeader} header "${name!.slice(0, 80)}" is not ${scheme.who}.`);
  if (!/^[0-9]{1,16}$/.test(time!)) invalid(`The ${READ_TIME_HEADER} header must be the time of the request in milliseconds since the Unix epoch, e.g. ${Math.trunc(nowMs)}.`);
  const t = Number(time);
  const skew = t - nowMs;
  if (Math.abs(skew) > READ_AUTH_MAX_SKEW_MS) {
    invalid(`The ${scheme.request} time ${t} is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'behind' : 'ahead of'} this node's clock; ${article.toLowerCase()} ${scheme.request} is accepted within ±${READ_AUTH_MAX_SKEW_MS / 1000} s. Sign each request afresh, and check the signer's clock.`, { time: t, nodeTime: Math.trunc(nowMs) });
  }
  const m = SIGNATURE_RE.exec(signature!);
  if (m === null) invalid(`The ${READ_SIGNATURE_HEADER} header must be <alg>:<public key hex>:<signature hex>, in lowercase.`);
  const [, alg, keyHex, sigHex] = m as unknown as [string, string, string, string];
  if (!hasAlg(alg)) invalid(`The ${READ_SIGNATURE_HEADER} header names the algorithm "${alg}", which this node does not implement.`, { alg });
  try {
    return { signer: name!, time: t, alg, key: fromHex(keyHex), signature: fromHex(sigHex) };
  } catch {
    return invalid(`The ${READ_SIGNATURE_HEADER} header's key and signature must be lowercase hex with an even number of digits.`);
  }
}

/**
 * The account a read request is signed by, or undefined when it carries none of the reader
 * headers. Throws API_AUTH_INVALID, saying what is wrong, when the headers are there but do
 * not prove the account: one missing, malformed, a time more than 300 s from this node's
 * clock, an unknown account, a key that is not the account's or no longer live, or a
 * signature that does not verify over this request.
 */
export function authenticateRead(source: Chain | NodeService, req: ReadRequest, nowMs: number = Date.now()): Account | undefined {
  const chain = 'chain' in source ? source.chain : source;
  const signed = readSignedHeaders(READ_SCHEME, req, nowMs);
  if (signed === undefined) return undefined;
  const { signer: name, time: t, alg: algId, key } = signed;

  const account = readAccount(chain.suite, chain.storage, name);
  if (account === undefined) invalid(`The reader "${name}" is not an account on chain ${chain.genesis.chainId}.`, { reader: name });
  const held = account.keys.find((k) => k.alg === algId && equalBytes(k.key, key));
  if (held === undefined) invalid(`The ${algId} key ${toHex(key).slice(0, 16)}… is not a key of account "${name}".`, { reader: name, key: toHex(key) });
  const height = chain.head.header.height + 1;
  if (!liveKeys(account, height).includes(held)) {
    invalid(`The key ${toHex(key).slice(0, 16)}… of account "${name}" is no longer live: it was rotated out after height ${held.until}. Sign with a live key.`, { reader: name, key: toHex(key), until: held.until });
  }
  if (!verifiesOver(readAuthMessage, chain.genesis.chainId, req, signed)) {
    invalid(`The read signature of "${name}" does not verify: it must sign chain ${chain.genesis.chainId}, ${req.method.toUpperCase()}, exactly the path and query sent (${req.url.slice(0, 200)}) and the time ${t}.`, { reader: name });
  }
  return account;
}

/**
 * Whether the signature verifies over the request's message as `message` builds it — false
 * also when the request target cannot be signed (not a path from the API root).
 */
export function verifiesOver(
  message: (chainId: string, method: string, pathWithQuery: string, timeMs: number) => Uint8Array,
  chainId: string,
  req: ReadRequest,
  signed: SignedHeaders,
): boolean {
  let bytes: Uint8Array;
  try {
    bytes = message(chainId, req.method, req.url, signed.time);
  } catch {
    return false;
  }
  return getAlg(signed.alg).verify(signed.key, bytes, signed.signature);
}

/** The account a read request is signed by; API_AUTH_REQUIRED when it is not signed, API_AUTH_INVALID when wrongly. */
export function requireReader(source: Chain | NodeService, req: ReadRequest, nowMs: number = Date.now()): Account {
  const account = authenticateRead(source, req, nowMs);
  if (account === undefined) {
    throw new CreditChainError('API_AUTH_REQUIRED', `This read is served only to entitled readers: sign it with the ${READER_HEADER}, ${READ_TIME_HEADER} and ${READ_SIGNATURE_HEADER} headers (docs/protocol.md, "Authenticated reads").`);
  }
  return account;
}
