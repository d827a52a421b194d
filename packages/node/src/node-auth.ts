// Requests between member nodes, on the serving side: which member node sends a request, proven
// by a signature over it with its node key, which must be the key of a validator of the current
// set (docs/protocol.md, "Requests between member nodes"; the signing side is @creditchain/sdk
// node-auth.ts). The form and time checks are those of signed reads (read-auth.ts).
import { CreditChainError, equalBytes, toHex } from '@creditchain/core';
import { NODE_AUTH_ALG, NODE_HEADER, nodeAuthMessage } from '@creditchain/sdk';
import { validatorTable } from './abci/certificates.js';
import type { Chain } from './chain.js';
import { readSignedHeaders, verifiesOver, type ReadRequest, type SignedScheme } from './read-auth.js';

const NODE_SCHEME: SignedScheme = { whoHeader: NODE_HEADER, who: 'a validator name', request: 'node request', code: 'PEER_AUTH_INVALID' };

/** A validator as node authentication needs it: its name and Ed25519 key. */
export interface PeerValidator {
  readonly name: string;
  readonly key: Uint8Array;
}

/**
 * The validator a request is signed by. Throws PEER_AUTH_REQUIRED (401) when it carries none
 * of the node headers; PEER_AUTH_INVALID (401) when they are malformed, the time is more than
 * 300 s from this node's clock, or the signature does not verify over this request with the key
 * it names; PEER_NOT_VALIDATOR (403) when that key is not the key of the named validator in
 * `validators` — an unknown name, another key, or a validator no longer in the set.
 */
export function authenticateNode(chainId: string, validators: readonly PeerValidator[], req: ReadRequest, nowMs: number = Date.now()): PeerValidator {
  const signed = readSignedHeaders(NODE_SCHEME, req, nowMs);
  if (signed === undefined) {
    throw new CreditChainError('PEER_AUTH_REQUIRED', `This route serves member nodes only: sign the request with the node's validator key in the ${NODE_HEADER}, CreditChain-Time and CreditChain-Signature headers (docs/protocol.md, "Requests between member nodes").`);
  }
  const { signer: name, alg, key } = signed;
  if (alg !== NODE_AUTH_ALG) {
    throw new CreditChainError('PEER_AUTH_INVALID', `A node signs its requests with its ${NODE_AUTH_ALG} validator key, not ${alg}.`, { node: name, alg });
  }
  if (!verifiesOver(nodeAuthMessage, chainId, req, signed)) {
    throw new CreditChainError('PEER_AUTH_INVALID', `The signature of node "${name}" does not verify: it must sign chain ${chainId}, ${req.method.toUpperCase()}, exactly the path sent (${req.url.slice(0, 200)}) and the time ${signed.time}.`, { node: name });
  }
  const v = validators.find((x) => x.name === name);
  if (v === undefined || !equalBytes(v.key, key)) {
    throw new CreditChainError(
      'PEER_NOT_VALIDATOR',
      v === undefined
        ? `"${name}" is not a validator of chain ${chainId}: only member nodes of the current validator set may use this route.`
        : `The key ${toHex(key).slice(0, 16)}… is not the key of validator "${name}" in the current validator set.`,
      { node: name, key: toHex(key) },
    );
  }
  return v;
}

/** The current validator this request is signed by (authenticateNode against the chain's validator set at its head). */
export function requirePeer(chain: Chain, req: ReadRequest, nowMs: number = Date.now()): PeerValidator {
  return authenticateNode(chain.genesis.chainId, validatorTable(chain.suite, chain.storage), req, nowMs);
}
