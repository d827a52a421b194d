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

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('API_AUTH_INVALID', message, details);
}

function header(req: ReadRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  if (Array.isArray(v)) invalid(`The ${name} header was sent ${v.length} times; send it once.`);
  return v;
}

const SIGNATURE_RE = /^([a-z0-9-]{1,32}):([0-9a-f]+):([0-9a-f]+)$/;

/**
 * The account a read request is signed by, or undefined when it carries none of the reader
 * headers. Throws API_AUTH_INVALID, saying what is wrong, when the headers are there but do
 * not prove the account: one missing, malformed, a time more than 300 s from this node's
 * clock, an unknown account, a key that is not the account's or no longer live, or a
 * signature that does not verify over this request.
 */
export function authenticateRead(source: Chain | NodeService, req: ReadRequest, nowMs: number = Date.now()): Account | undefined {
  const chain = 'chain' in source ? source.chain : source;
  const name = header(req, READER_HEADER);
  const time = header(req, READ_TIME_HEADER);
  const signature = header(req, READ_SIGNATURE_HEADER);
  if (name === undefined && time === undefined && signature === undefined) return undefined;
  const missing = [[READER_HEADER, name], [READ_TIME_HEADER, time], [READ_SIGNATURE_HEADER, signature]].filter(([, v]) => v === undefined).map(([h]) => h);
  if (missing.length > 0) invalid(`A signed read needs the headers ${READER_HEADER}, ${READ_TIME_HEADER} and ${READ_SIGNATURE_HEADER}; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing.`, { missing });

  if (!NAME_PATTERN.test(name!)) invalid(`The ${READER_HEADER} header "${name!.slice(0, 80)}" is not an account name.`);
  if (!/^[0-9]{1,16}$/.test(time!)) invalid(`The ${READ_TIME_HEADER} header must be the time of the request in milliseconds since the Unix epoch, e.g. ${Math.trunc(nowMs)}.`);
  const t = Number(time);
  const skew = t - nowMs;
  if (Math.abs(skew) > READ_AUTH_MAX_SKEW_MS) {
    invalid(`The signed read time ${t} is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'behind' : 'ahead of'} this node's clock; a signed read is accepted within ±${READ_AUTH_MAX_SKEW_MS / 1000} s. Sign each request afresh, and check the reader's clock.`, { time: t, nodeTime: Math.trunc(nowMs) });
  }
  const m = SIGNATURE_RE.exec(signature!);
  if (m === null) invalid(`The ${READ_SIGNATURE_HEADER} header must be <alg>:<public key hex>:<signature hex>, in lowercase.`);
  const [, algId, keyHex, sigHex] = m as unknown as [string, string, string, string];
  if (!hasAlg(algId)) invalid(`The ${READ_SIGNATURE_HEADER} header names the algorithm "${algId}", which this node does not implement.`, { alg: algId });
  let key: Uint8Array;
  let sig: Uint8Array;
  try {
    key = fromHex(keyHex);
    sig = fromHex(sigHex);
  } catch {
    return invalid(`The ${READ_SIGNATURE_HEADER} header's key and signature must be lowercase hex with an even number of digits.`);
  }

  const account = readAccount(chain.suite, chain.storage, name!);
  if (account === undefined) invalid(`The reader "${name}" is not an account on chain ${chain.genesis.chainId}.`, { reader: name });
  const held = account.keys.find((k) => k.alg === algId && equalBytes(k.key, key));
  if (held === undefined) invalid(`The ${algId} key ${toHex(key).slice(0, 16)}… is not a key of account "${name}".`, { reader: name, key: toHex(key) });
  const height = chain.head.header.height + 1;
  if (!liveKeys(account, height).includes(held)) {
    invalid(`The key ${toHex(key).slice(0, 16)}… of account "${name}" is no longer live: it was rotated out after height ${held.until}. Sign with a live key.`, { reader: name, key: toHex(key), until: held.until });
  }
  let message: Uint8Array;
  try {
    message = readAuthMessage(chain.genesis.chainId, req.method, req.url, t);
  } catch {
    return invalid(`A read of ${req.url.slice(0, 200)} cannot be signed: the request target must be a path from the API root.`);
  }
  if (!getAlg(algId).verify(key, message, sig)) {
    invalid(`The read signature of "${name}" does not verify: it must sign chain ${chain.genesis.chainId}, ${req.method.toUpperCase()}, exactly the path and query sent (${req.url.slice(0, 200)}) and the time ${t}.`, { reader: name });
  }
  return account;
}

/** The account a read request is signed by; API_AUTH_REQUIRED when it is not signed, API_AUTH_INVALID when wrongly. */
export function requireReader(source: Chain | NodeService, req: ReadRequest, nowMs: number = Date.now()): Account {
  const account = authenticateRead(source, req, nowMs);
  if (account === undefined) {
    throw new CreditChainError('API_AUTH_REQUIRED', `This read is served only to entitled readers: sign it with the ${READER_HEADER}, ${READ_TIME_HEADER} and ${READ_SIGNATURE_HEADER} headers (docs/protocol.md, "Authenticated reads").`);
  }
  return account;
}
