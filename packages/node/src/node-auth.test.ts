// Requests between member nodes: signed with a validator's key they name the validator; unsigned
// they are refused with PEER_AUTH_REQUIRED; signed wrongly — a stale time, a forged signature, a
// path other than the one signed, a reader's signature — with PEER_AUTH_INVALID; signed by a
// key that is not a current validator's — an unknown key, an account's, a former validator's —
// with PEER_NOT_VALIDATOR.
import { describe, expect, it } from 'vitest';
import { toHex } from '@creditchain/core';
import { READ_AUTH_MAX_SKEW_MS, newKeyPair, signNodeHeaders, signReadHeaders } from '@creditchain/sdk';
import { authenticateNode, type PeerValidator } from './node-auth.js';
import type { ReadRequest } from './read-auth.js';

const CHAIN = 'creditchain-network';
const PATH = `/v1/peer/sidecars/${'ab'.repeat(32)}`;
const node1 = newKeyPair('intl');
const node2 = newKeyPair('intl');
const validators: PeerValidator[] = [
  { name: 'node1', key: node1.publicKey },
  { name: 'node2', key: node2.publicKey },
];

/** A request as the node sees it: lowercase header names, the target as sent. */
function request(headers: Record<string, string>, url = PATH, method = 'GET'): ReadRequest {
  return { method, url, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) };
}

const signed = (name: string, seed: Uint8Array, now: number, path = PATH, chain = CHAIN) => signNodeHeaders({ name, seed }, chain, 'GET', path, now);
const refused = (code: string, message: RegExp) => expect.objectContaining({ code, message: expect.stringMatching(message) });

describe('requests between member nodes', () => {
  it('names the validator whose key signed the request, within ±300 s of the clock', () => {
    const now = Date.now();
    const headers = signed('node1', node1.seed, now);
    expect(Object.keys(headers)).toEqual(['CreditChain-Node', 'CreditChain-Time', 'CreditChain-Signature']);
    expect(headers['CreditChain-Signature']).toMatch(new RegExp(`^ed25519:${toHex(node1.publicKey)}:[0-9a-f]{128}$`));
    expect(authenticateNode(CHAIN, validators, request(headers), now).name).toBe('node1');
    expect(authenticateNode(CHAIN, validators, request(headers), now + READ_AUTH_MAX_SKEW_MS).name).toBe('node1');
    expect(authenticateNode(CHAIN, validators, request(signed('node2', node2.seed, now)), now - READ_AUTH_MAX_SKEW_MS).name).toBe('node2');
  });

  it('rule: an unsigned request is refused with PEER_AUTH_REQUIRED', () => {
    expect(() => authenticateNode(CHAIN, validators, request({}))).toThrow(refused('PEER_AUTH_REQUIRED', /serves member nodes only/));
  });

  it('rule: a stale time is refused with PEER_AUTH_INVALID', () => {
    const now = Date.now();
    expect(() => authenticateNode(CHAIN, validators, request(signed('node1', node1.seed, now - READ_AUTH_MAX_SKEW_MS - 1000)), now)).toThrow(refused('PEER_AUTH_INVALID', /301 s behind this node's clock/));
    expect(() => authenticateNode(CHAIN, validators, request(signed('node1', node1.seed, now + READ_AUTH_MAX_SKEW_MS + 1000)), now)).toThrow(refused('PEER_AUTH_INVALID', /ahead of this node's clock/));
  });

  it('rule: a forged signature, or one over another path, chain or method, is refused with PEER_AUTH_INVALID', () => {
    const now = Date.now();
    const good = signed('node1', node1.seed, now);
    const sig = good['CreditChain-Signature']!;
    const forged = { ...good, 'CreditChain-Signature': sig.slice(0, -2) + (sig.endsWith('00') ? '01' : '00') };
    expect(() => authenticateNode(CHAIN, validators, request(forged), now)).toThrow(refused('PEER_AUTH_INVALID', /signature of node "node1" does not verify/));
    // node1's name and key, signed by another key: the signature does not verify under the key named.
    const impostor = newKeyPair('intl');
    const borrowed = { ...signed('node1', impostor.seed, now), 'CreditChain-Signature': `ed25519:${toHex(node1.publicKey)}:${signed('node1', impostor.seed, now)['CreditChain-Signature']!.split(':')[2]}` };
    expect(() => authenticateNode(CHAIN, validators, request(borrowed), now)).toThrow(refused('PEER_AUTH_INVALID', /does not verify/));
    expect(() => authenticateNode(CHAIN, validators, request(good, `/v1/peer/sidecars/${'cd'.repeat(32)}`), now)).toThrow(refused('PEER_AUTH_INVALID', /does not verify/));
    expect(() => authenticateNode(CHAIN, validators, request(good, PATH, 'POST'), now)).toThrow(refused('PEER_AUTH_INVALID', /does not verify/));
    expect(() => authenticateNode(CHAIN, validators, request(signed('node1', node1.seed, now, PATH, 'other-chain')), now)).toThrow(refused('PEER_AUTH_INVALID', /does not verify/));
    // A reader's signature over the same request, by the same key, is not a node's: another domain.
    const read = signReadHeaders({ account: 'node1', alg: 'ed25519', secret: node1.seed }, CHAIN, 'GET', PATH, now);
    const asNode = { 'CreditChain-Node': 'node1', 'CreditChain-Time': read['CreditChain-Time']!, 'CreditChain-Signature': read['CreditChain-Signature']! };
    expect(() => authenticateNode(CHAIN, validators, request(asNode), now)).toThrow(refused('PEER_AUTH_INVALID', /does not verify/));
  });

  it('rule: missing or malformed headers are refused with PEER_AUTH_INVALID', () => {
    const now = Date.now();
    const good = signed('node1', node1.seed, now);
    const { 'CreditChain-Time': _t, ...noTime } = good;
    expect(() => authenticateNode(CHAIN, validators, request(noTime), now)).toThrow(refused('PEER_AUTH_INVALID', /CreditChain-Time is missing/));
    expect(() => authenticateNode(CHAIN, validators, request({ ...good, 'CreditChain-Node': 'Node One' }), now)).toThrow(refused('PEER_AUTH_INVALID', /is not a validator name/));
    expect(() => authenticateNode(CHAIN, validators, request({ ...good, 'CreditChain-Signature': 'ed25519:zz' }), now)).toThrow(refused('PEER_AUTH_INVALID', /<alg>:<public key hex>:<signature hex>/));
    const sm2 = { ...good, 'CreditChain-Signature': good['CreditChain-Signature']!.replace(/^ed25519/, 'sm2') };
    expect(() => authenticateNode(CHAIN, validators, request(sm2), now)).toThrow(refused('PEER_AUTH_INVALID', /validator key, not sm2/));
  });

  it('rule: a key that is not a current validator\'s is refused with PEER_NOT_VALIDATOR', () => {
    const now = Date.now();
    const stranger = newKeyPair('intl');
    // An unknown key under a validator's name.
    expect(() => authenticateNode(CHAIN, validators, request(signed('node1', stranger.seed, now)), now)).toThrow(refused('PEER_NOT_VALIDATOR', /is not the key of validator "node1"/));
    // A key that signs validly but belongs to no validator (an account's key, say).
    expect(() => authenticateNode(CHAIN, validators, request(signed('demo-bank', stranger.seed, now)), now)).toThrow(refused('PEER_NOT_VALIDATOR', /"demo-bank" is not a validator/));
    // A validator taken out of the set by governance.
    expect(() => authenticateNode(CHAIN, validators.slice(1), request(signed('node1', node1.seed, now)), now)).toThrow(refused('PEER_NOT_VALIDATOR', /"node1" is not a validator/));
    // Another validator's key under this one's name.
    expect(() => authenticateNode(CHAIN, validators, request(signed('node1', node2.seed, now)), now)).toThrow(refused('PEER_NOT_VALIDATOR', /not the key of validator "node1"/));
  });
});
