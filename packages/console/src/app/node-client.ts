// The console talks to the node that serves it, through the SDK's client: the same origin, so
// no address to configure and no cross-origin requests.
import { CreditChainClient, type KeyPair } from '@creditchain/sdk';

// The client keeps the fetch it is given as a property and calls it as a method; a browser's
// fetch called with the client as `this` throws "Illegal invocation". Bound, it works anywhere.
const fetchInPage: typeof fetch = (input, init) => globalThis.fetch(input, init);

export const client = new CreditChainClient(window.location.origin, { fetch: fetchInPage });

/** A client that signs every read with the signed-in key (authenticated reads); the key signs here, it is never sent. */
export function signedClient(key: KeyPair & { readonly account: string }): CreditChainClient {
  return new CreditChainClient(window.location.origin, { fetch: fetchInPage, reader: key });
}
