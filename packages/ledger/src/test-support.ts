// Helpers for the ledger's rule tests: a small consortium in memory and a way to send one
// transaction as a block. Not exported from the package.
import { getSuite, sha256, signTx, utf8, type CborMap, type DecodedTx, type TxSigner } from '@creditchain/core';
import { DEFAULT_PARAMS, type Genesis, type GenesisAccount, type GenesisOrg } from './genesis.js';
import { MemoryLedger } from './memory-ledger.js';
import { STANDARD_CREDIT } from './modules/credit/standard.js';
import { readAccount } from './modules/identity/state.js';
import type { TxResult } from './execute-block.js';

export const suite = getSuite('intl');
export const seed = (n: number): Uint8Array => new Uint8Array(32).fill(n);
export const pub = (n: number): Uint8Array => suite.publicKeyOf(seed(n));
export const T0 = 1_700_000_000_000;

export function org(id: string, type: GenesisOrg['type'], roles: GenesisOrg['roles'], weight = 1): GenesisOrg {
  return { id, name: id, type, weight, roles, categories: [] };
}

export function account(name: string, orgId: string | null, roles: GenesisAccount['roles'], keySeeds: number[], threshold = 1): GenesisAccount {
  return { name, org: orgId, subject: orgId === null ? sha256(utf8(name)) : null, roles, keys: keySeeds.map((n) => ({ alg: 'ed25519', key: pub(n) })), threshold };
}

export function genesisOf(orgs: GenesisOrg[], accounts: GenesisAccount[], params: Partial<Genesis['params']> = {}): Genesis {
  return { chainId: 'rules', cryptoSuite: 'intl', genesisTime: T0, params: { ...DEFAULT_PARAMS, ...params }, orgs, accounts, credit: STANDARD_CREDIT };
}

export class Consortium {
  readonly ledger: MemoryLedger;
  private time = T0;
  constructor(readonly genesis: Genesis) {
    this.ledger = new MemoryLedger(suite, genesis);
  }

  get height(): number {
    return this.ledger.head.header.height;
  }

  tx(sender: string, action: string, payload: CborMap, signers: TxSigner[], opts: { sidecars?: Uint8Array[]; nonce?: number } = {}): DecodedTx {
    const [module, act] = action.split('.') as [string, string];
    const nonce = opts.nonce ?? readAccount(suite, this.ledger.readers.state, sender)?.nonce ?? 0;
    return signTx(suite, { chain: this.genesis.chainId, module, action: act, sender, nonce, expires: this.height + 100, payload, sidecars: opts.sidecars ?? [] }, signers);
  }

  /** Sends one transaction in a block of its own; returns its result. */
  send(sender: string, action: string, payload: CborMap, signers: TxSigner[], opts: { sidecars?: Uint8Array[] } = {}): TxResult {
    return this.block([this.tx(sender, action, payload, signers, opts)])[0]!;
  }

  block(txs: DecodedTx[]): readonly TxResult[] {
    this.time += 1000;
    return this.ledger.next({ time: this.time, txs, verifySignatures: true }).results;
  }

  /** The time of the last block (ms). */
  get now(): number {
    return this.time;
  }

  /** Makes the next block (of these transactions, or empty) carry exactly this time. */
  blockAt(time: number, txs: DecodedTx[] = []): readonly TxResult[] {
    if (time < this.time) throw new Error('block time cannot go back');
    this.time = time - 1000;
    return this.block(txs);
  }

  /** Blocks with no transactions, to move the height on. */
  emptyBlocks(n: number): void {
    for (let i = 0; i < n; i++) this.block([]);
  }
}
