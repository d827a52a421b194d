// A contract's storage value read with its proof (GET /v1/contracts/:name/storage/:key?prove=true),
// checked here like every proven read of the console: the checkpoint signed by the node's key (or
// a network's validators), for this chain; the entry proven against the state root it names; the
// entry's key the one the ledger keeps that contract's key under (storageKey), so a proof of some
// other entry does not pass; and the value the node answered the one proven. Nothing the node
// said is trusted beyond the signed checkpoint.
import { CreditChainError, decodeCanonical, getSuite } from '@creditchain/core';
import { storageKey } from '@creditchain/ledger';
import { openProvenEntries, sameJson, type ContractStorageReply, type ValidatorKey } from '@creditchain/sdk';

export interface ProvenStorage {
  /** The value proven, or null when the key is proven absent. */
  readonly value: unknown;
  readonly height: number;
  readonly signedBy: readonly string[];
}

export interface ChainFacts {
  readonly chainId: string;
  readonly suite: string;
  readonly verifierKey: string;
}

function fail(message: string): never {
  throw new CreditChainError('PROOF_INVALID', message);
}

/** Verifies a proven storage reply; throws PROOF_INVALID saying which link failed. */
export function verifyContractStorage(reply: ContractStorageReply, chain: ChainFacts, trust: { trustedKeys?: readonly string[]; validators?: readonly ValidatorKey[] }): ProvenStorage {
  const opened = openProvenEntries({ ...chain, proof: reply.proof }, trust, 'storage value', fail);
  let bytes: Uint8Array | undefined;
  try {
    bytes = opened.state.getState(storageKey(getSuite(chain.suite), reply.name, reply.key));
  } catch {
    return fail(`The proof does not cover the entry of key "${reply.key}" of contract ${reply.name}.`);
  }
  const value = bytes === undefined ? null : (decodeCanonical(bytes) as unknown);
  if (!sameJson(value, reply.value)) fail(`The value the node answered for key "${reply.key}" is not the value proven.`);
  return { value, height: opened.height, signedBy: opened.signedBy };
}
