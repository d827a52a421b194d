// Genesis: the document every node of a chain starts from. Its hash is the `prev` of block 0,
// so two nodes with different genesis documents can never agree on a block.
import {
  CHAIN_ID_PATTERN,
  CreditChainError,
  NAME_PATTERN,
  encodeCanonical,
  fromHex,
  getSuite,
  toHex,
  type CryptoSuite,
} from '@creditchain/core';

export interface GenesisAccount {
  readonly name: string;
  readonly publicKey: Uint8Array;
}

export interface ChainParams {
  /** Most hashes one evidence.anchor transaction may carry. */
  readonly maxAnchorBatch: number;
  /** Most blocks ahead a transaction's expiry height may be set. */
  readonly maxExpiryWindow: number;
}

export const DEFAULT_PARAMS: ChainParams = Object.freeze({ maxAnchorBatch: 10_000, maxExpiryWindow: 100_000 });

export interface Genesis {
  readonly chainId: string;
  readonly cryptoSuite: string;
  /** Milliseconds since the Unix epoch: the time of block 0. */
  readonly genesisTime: number;
  readonly accounts: readonly GenesisAccount[];
  readonly params: ChainParams;
}

/** The JSON form of genesis.json, as operators write it. */
export interface GenesisJson {
  chainId: string;
  cryptoSuite: string;
  genesisTime: string;
  accounts: { name: string; publicKey: string }[];
  params?: Partial<ChainParams>;
}

const ISO_UTC_OR_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

function bad(message: string): never {
  throw new CreditChainError('NODE_BAD_CONFIG', `genesis: ${message}`);
}

export function parseGenesis(json: unknown): Genesis {
  if (json === null || typeof json !== 'object') bad('expected a JSON object');
  const g = json as Partial<GenesisJson>;
  if (typeof g.chainId !== 'string' || !CHAIN_ID_PATTERN.test(g.chainId)) bad('chainId must be lowercase letters, digits, ".", "_" or "-", at most 64 characters');
  if (typeof g.cryptoSuite !== 'string') bad('cryptoSuite is missing');
  const suite = getSuite(g.cryptoSuite);
  // A zone is required: without one, Date.parse reads local time and nodes in different time
  // zones would compute different genesis hashes from the same file.
  const time = typeof g.genesisTime === 'string' && ISO_UTC_OR_OFFSET.test(g.genesisTime) ? Date.parse(g.genesisTime) : NaN;
  if (!Number.isSafeInteger(time) || time < 0) bad('genesisTime must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z');
  if (!Array.isArray(g.accounts) || g.accounts.length === 0) bad('at least one account is needed');
  const seen = new Set<string>();
  const accounts = g.accounts.map((a, i) => {
    if (typeof a?.name !== 'string' || !NAME_PATTERN.test(a.name)) bad(`accounts[${i}].name must be lowercase letters, digits, ".", "_" or "-"`);
    if (seen.has(a.name)) bad(`account "${a.name}" appears twice`);
    seen.add(a.name);
    let publicKey: Uint8Array;
    try {
      publicKey = fromHex(String(a.publicKey), suite.publicKeyLength);
    } catch {
      bad(`accounts[${i}].publicKey must be ${suite.publicKeyLength} bytes of lowercase hex`);
    }
    return { name: a.name, publicKey };
  });
  const params: ChainParams = { ...DEFAULT_PARAMS, ...(g.params ?? {}) };
  for (const [k, v] of Object.entries(params)) {
    if (!Number.isSafeInteger(v) || (v as number) <= 0) bad(`params.${k} must be a positive integer`);
  }
  return { chainId: g.chainId, cryptoSuite: suite.id, genesisTime: time, accounts, params };
}

export function genesisToJson(g: Genesis): GenesisJson {
  return {
    chainId: g.chainId,
    cryptoSuite: g.cryptoSuite,
    genesisTime: new Date(g.genesisTime).toISOString(),
    accounts: g.accounts.map((a) => ({ name: a.name, publicKey: toHex(a.publicKey) })),
    params: { ...g.params },
  };
}

/** H(canonical genesis): the `prev` of block 0. */
export function genesisHash(suite: CryptoSuite, g: Genesis): Uint8Array {
  return suite.hash(
    encodeCanonical({
      chainId: g.chainId,
      cryptoSuite: g.cryptoSuite,
      genesisTime: g.genesisTime,
      accounts: g.accounts.map((a) => ({ name: a.name, publicKey: a.publicKey })),
      params: { maxAnchorBatch: g.params.maxAnchorBatch, maxExpiryWindow: g.params.maxExpiryWindow },
    }),
  );
}
