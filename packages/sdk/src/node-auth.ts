// Node-authenticated requests: a member node of a network signs each request it makes to another
// member's API (GET /v1/peer/sidecars/:commitment) with its node key — in a network, its
// validator key — so the serving node can answer members only (docs/protocol.md,
// "Requests between member nodes"). The scheme is the one of authenticated reads (read-auth.ts)
// under another domain, so a read signature can never pass for a node's, nor the reverse:
//
//   CreditChain-Node:      <the node's validator name>
//   CreditChain-Time:      <unix ms>
//   CreditChain-Signature: ed25519:<public key hex>:<signature hex>
//
// The signature is over the UTF-8 bytes of
//   "CreditChain node v1\n" + chainId + "\n" + METHOD + "\n" + pathWithQuery + "\n" + time
import { CreditChainError, NAME_PATTERN } from '@creditchain/core';
import { signRequestHeaders, signedRequestMessage } from './read-auth.js';

export const NODE_AUTH_DOMAIN = 'CreditChain node v1';
export const NODE_HEADER = 'CreditChain-Node';
/** Validator keys are CometBFT's Ed25519 keys, and so are node keys. */
export const NODE_AUTH_ALG = 'ed25519';

/** A node's signing key: its name (the validator's name in the genesis) and its Ed25519 seed. */
export interface NodeSigner {
  readonly name: string;
  readonly seed: Uint8Array;
}

/** The bytes a node signs for one request (see signedRequestMessage in read-auth.ts). */
export function nodeAuthMessage(chainId: string, method: string, pathWithQuery: string, timeMs: number): Uint8Array {
  return signedRequestMessage(NODE_AUTH_DOMAIN, chainId, method, pathWithQuery, timeMs);
}

/** The three headers that authenticate one request by node `node` at `nowMs`. */
export function signNodeHeaders(node: NodeSigner, chainId: string, method: string, pathWithQuery: string, nowMs: number): Record<string, string> {
  if (typeof node.name !== 'string' || !NAME_PATTERN.test(node.name)) {
    throw new CreditChainError('API_BAD_REQUEST', `The node name "${String(node.name).slice(0, 80)}" is not a validator name.`);
  }
  return signRequestHeaders(NODE_AUTH_DOMAIN, NODE_HEADER, node.name, { alg: NODE_AUTH_ALG, secret: node.seed }, { chainId, method, pathWithQuery, nowMs });
}
