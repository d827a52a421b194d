// What the pages need to know about the node once: its chain id and crypto suite, its checkpoint
// verifier key, the validator set of a network, and whether it is a development node (its clock
// is movable: `creditchain dev`), where the sign-in page points to the demo key files.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ValidatorKey } from '@creditchain/sdk';
import { failureOf, type Failure } from '../ui/errors.js';
import { client } from './node-client.js';

export interface NodeInfo {
  readonly chainId: string;
  readonly suite: string;
  readonly verifierKey: string;
  /** A network's validators ({key, power}); empty on a solo node. */
  readonly validators: readonly ValidatorKey[];
  readonly dev: boolean;
}

/** Whose checkpoint signatures a proof this node serves is checked against: a network's validators, else the node's checkpoint key. */
export function nodeTrust(info: NodeInfo): { readonly trustedKeys?: readonly string[]; readonly validators?: readonly ValidatorKey[] } {
  return info.validators.length > 0 ? { validators: info.validators } : { trustedKeys: [info.verifierKey] };
}

type NodeInfoState = { readonly info?: NodeInfo; readonly error?: Failure };

const NodeInfoContext = createContext<NodeInfoState>({});

export async function loadNodeInfo(): Promise<NodeInfo> {
  const [status, verifierKey, validators, clock] = await Promise.all([
    client.status(),
    client.checkpointKey(),
    client.validators().catch(() => ({ validators: [] })),
    client.clock().catch(() => undefined),
  ]);
  return {
    chainId: status.chainId,
    suite: status.cryptoSuite,
    verifierKey: verifierKey.trim(),
    validators: validators.validators.map((v) => ({ key: v.key, power: v.power })),
    dev: clock?.movable === true,
  };
}

export function NodeInfoProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<NodeInfoState>({});
  useEffect(() => {
    loadNodeInfo().then(
      (info) => setState({ info }),
      (e: unknown) => setState({ error: failureOf(e) }),
    );
  }, []);
  return <NodeInfoContext.Provider value={state}>{children}</NodeInfoContext.Provider>;
}

export function useNodeInfo(): NodeInfoState {
  return useContext(NodeInfoContext);
}
