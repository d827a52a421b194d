// Who is signed in: an account's key pair, held in React state only — never in storage, never
// sent anywhere. The node sees signatures made with it (signed reads, transactions), not the key.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AccountReply, CreditChainClient, KeyPair } from '@creditchain/sdk';
import { signedClient } from './node-client.js';

export type SessionKey = KeyPair & { readonly account: string };

export interface Session {
  readonly key: SessionKey;
  readonly account: AccountReply;
  /** The node's client, signing its reads with the key. */
  readonly client: CreditChainClient;
}

interface SessionState {
  readonly session: Session | undefined;
  signIn(signedIn: { readonly key: SessionKey; readonly account: AccountReply }): void;
  signOut(): void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(undefined);
  const value = useMemo<SessionState>(
    () => ({
      session,
      signIn: ({ key, account }) => setSession({ key, account, client: signedClient(key) }),
      signOut: () => setSession(undefined),
    }),
    [session],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(SessionContext);
  if (v === undefined) throw new Error('useSession outside SessionProvider');
  return v;
}
