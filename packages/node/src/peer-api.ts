// The API member nodes use between themselves: a node that lacks a sidecar whose commitment its
// chain holds fetches it from the others (comet/sidecar-sync.ts). Served only to requests signed
// by a node key of the current validator set (node-auth.ts). It gives the stored bytes as they
// are, canon({salt, payload}); the fetching node checks them against the commitment itself.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreditChainError, fromHex, toHex } from '@creditchain/core';
import { requirePeer } from './node-auth.js';
import type { NodeService } from './service.js';

export function peerHandlers(service: NodeService) {
  const chain = service.chain;
  return {
    peerSidecar: (req: FastifyRequest, reply: FastifyReply) => {
      requirePeer(chain, req);
      const commitment = fromHex((req.params as { commitment: string }).commitment, 32);
      const erasedAt = chain.storage.sidecarErasedAt(commitment);
      if (erasedAt !== undefined) {
        throw new CreditChainError('SIDECAR_ERASED', `The sidecar with commitment ${toHex(commitment)} was erased at height ${erasedAt}; no node serves it again.`, { commitment: toHex(commitment), erasedAt });
      }
      const bytes = chain.storage.getSidecarBytes(commitment);
      if (bytes === undefined) {
        throw new CreditChainError('SIDECAR_NOT_FOUND', `This node holds no sidecar with commitment ${toHex(commitment)}.`, { commitment: toHex(commitment) });
      }
      return reply.type('application/cbor').send(Buffer.from(bytes));
    },
  };
}
