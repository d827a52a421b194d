// Routes between the member nodes of a network, part of the one route table (routes.ts). They
// answer only requests signed by a node key of the current validator set (node-auth.ts;
// docs/protocol.md, "Requests between member nodes"); clients and the SDK client never call them.

const hex32 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: '32 bytes, lowercase hex' } as const;

export const peerRoutes = {
  peerSidecar: {
    method: 'GET',
    url: '/v1/peer/sidecars/:commitment',
    summary:
      'For member nodes only (signed with a validator key: CreditChain-Node headers): the sidecar this node stores under a commitment, as its stored bytes canon({salt, payload}) (application/cbor). SIDECAR_NOT_FOUND if it holds none, SIDECAR_ERASED if an erasure removed it',
    params: { type: 'object', required: ['commitment'], properties: { commitment: { ...hex32, description: 'the sidecar commitment H(salt ‖ canonical payload)' } } },
  },
} as const;
