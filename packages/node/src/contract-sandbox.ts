// An in-memory chain to try contracts on, with the node's own runtime: `creditchain contract
// test` runs a project's tests on it, the templates' tests and the contract benchmark too. Its
// consortium: a regulator (account "regulator"), a bank ("bank-admin" deploys, "bank-clerk"
// lends and confirms repayments, "bank-reviewer" publishes records), a second bank
// ("other-bank"), an enterprise and a person as subjects ("enterprise", "person").
import { decodeCanonical, getSuite, sha256, signTx, toHex, utf8, type CborMap, type CborValue, type DecodedTx } from '@creditchain/core';
import {
  DEFAULT_PARAMS,
  MemoryLedger,
  readAccount,
  readMeta,
  readStoredRecord,
  STANDARD_CREDIT,
  storageKey,
  type ContractVm,
  type Genesis,
  type GenesisAccount,
  type StoredRecord,
  type TxResult,
} from '@creditchain/ledger';
import { compileContract } from './contract-compile.js';
import { contractVm } from './contract-vm.js';

const suite = getSuite('intl');
const DAY_MS = 86_400_000;
const SANDBOX_ACCOUNTS = ['regulator', 'bank-admin', 'bank-clerk', 'bank-reviewer', 'other-bank', 'enterprise', 'person'] as const;
export type SandboxAccount = (typeof SANDBOX_ACCOUNTS)[number];

const seedOf = (name: string) => sha256(utf8(`creditchain contract sandbox ${name}`));

export interface SandboxCall extends TxResult {
  /** The method's return value, on success. */
  readonly result?: unknown;
  readonly gas?: number;
  readonly events?: ReadonlyArray<{ contract: string; name: string; data: unknown }>;
}

export class ContractSandbox {
  readonly ledger: MemoryLedger;
  private time: number;
  /** The subject references of "enterprise" and "person" (hex). */
  readonly subjects: { readonly enterprise: string; readonly person: string };

  constructor(vm: ContractVm = contractVm, opts: { readonly genesisTime?: number; readonly params?: Partial<Genesis['params']> } = {}) {
    this.time = opts.genesisTime ?? Date.UTC(2026, 0, 1);
    const enterprise = sha256(utf8('enterprise:sandbox'));
    const person = sha256(utf8('person:sandbox'));
    const acct = (name: string, org: string | null, roles: GenesisAccount['roles'], subject: Uint8Array | null = null): GenesisAccount => ({
      name,
      org,
      subject,
      roles,
      keys: [{ alg: 'ed25519', key: suite.publicKeyOf(seedOf(name)) }],
      threshold: 1,
    });
    const genesis: Genesis = {
      chainId: 'contract-sandbox',
      cryptoSuite: 'intl',
      genesisTime: this.time,
      params: { ...DEFAULT_PARAMS, ...(opts.params ?? {}) },
      orgs: [
        { id: 'regulator', name: 'Regulator', type: 'regulator', weight: 3, roles: ['admin', 'regulator', 'reviewer', 'arbiter'], categories: [] },
        { id: 'bank', name: 'Bank', type: 'bank', weight: 1, roles: ['admin', 'submitter', 'reviewer', 'querier'], categories: ['loan-overdue', 'loan-default', 'on-time-repayment'] },
        { id: 'other-bank', name: 'Other bank', type: 'bank', weight: 1, roles: ['admin', 'submitter', 'reviewer'], categories: ['loan-overdue'] },
      ],
      accounts: [
        acct('regulator', 'regulator', ['admin', 'regulator', 'reviewer']),
        acct('bank-admin', 'bank', ['admin']),
        acct('bank-clerk', 'bank', ['submitter']),
        acct('bank-reviewer', 'bank', ['reviewer']),
        acct('other-bank', 'other-bank', ['admin', 'submitter']),
        acct('enterprise', null, [], enterprise),
        acct('person', null, [], person),
      ],
      credit: STANDARD_CREDIT,
    };
    this.ledger = new MemoryLedger(suite, genesis);
    this.ledger.contracts = vm;
    this.subjects = { enterprise: toHex(enterprise), person: toHex(person) };
  }

  /** The time of the last block (ms). */
  get now(): number {
    return this.time;
  }

  get height(): number {
    return this.ledger.head.header.height;
  }

  /** A signed transaction; `nonce` defaults to the sender's next. */
  tx(sender: SandboxAccount, action: string, payload: CborMap, nonce = readAccount(suite, this.ledger.readers.state, sender)?.nonce ?? 0): DecodedTx {
    const [module, act] = action.split('.') as [string, string];
    return signTx(suite, { chain: this.ledger.genesis.chainId, module, action: act, sender, nonce, expires: this.height + 100, payload, sidecars: [] }, [seedOf(sender)]);
  }

  /** Executes signed transactions as one block, one second after the last (signatures not checked again). */
  block(txs: readonly DecodedTx[]): readonly TxResult[] {
    this.time += 1000;
    return this.ledger.next({ time: this.time, txs, verifySignatures: false }).results;
  }

  /** Sends one transaction in a block of its own, one second after the last. */
  send(sender: SandboxAccount, action: string, payload: CborMap): TxResult {
    return this.block([this.tx(sender, action, payload)])[0]!;
  }

  /** An empty block `ms` later: due alarms run at its end. */
  advance(ms: number): void {
    this.time += ms;
    this.ledger.next({ time: this.time, txs: [], verifySignatures: false });
  }

  advanceDays(days: number): void {
    this.advance(days * DAY_MS);
  }

  /** Compiles and deploys TypeScript as the bank's contract; a regulator approves it for `categories`. */
  deploy(name: string, source: string, categories: readonly string[] = []): TxResult {
    const { code, sourceHash } = compileContract(suite, source);
    const r = this.send('bank-admin', 'contracts.deploy', { name, code, sourceHash });
    if (r.code !== 'ok') return r;
    return this.send('regulator', 'contracts.approve', { name, version: readMeta(suite, this.ledger.readers.state, name)!.latest, categories: [...categories] });
  }

  call(sender: SandboxAccount, name: string, method: string, args: unknown = null, gas?: number): SandboxCall {
    const r = this.send(sender, 'contracts.call', { name, method, args: args as CborValue, ...(gas === undefined ? {} : { gas }) });
    if (r.code !== 'ok') return r;
    const d = r.data as { result: unknown; gas: number; events: SandboxCall['events'] };
    return { ...r, result: d.result, gas: d.gas, events: d.events };
  }

  /** A value the contract stored, or undefined. */
  storage(name: string, key: string): unknown {
    const b = this.ledger.readers.state.getState(storageKey(suite, name, key));
    return b === undefined ? undefined : decodeCanonical(b);
  }

  record(id: number): StoredRecord | undefined {
    return readStoredRecord(suite, this.ledger.readers.state, id);
  }

  /** The bank's reviewer publishes (or rejects) records. */
  review(ids: readonly number[], decision: 'publish' | 'reject' = 'publish'): TxResult {
    return this.send('bank-reviewer', 'credit.review', { ids: [...ids], decision, ...(decision === 'reject' ? { reason: 'rejected in the sandbox' } : {}) });
  }
}
