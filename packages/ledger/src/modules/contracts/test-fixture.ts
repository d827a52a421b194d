// The consortium the contract tests run on — a regulator, a bank (its admin deploys, its clerk
// lends, its reviewer publishes), a second bank, an enterprise and a person as subjects — and the
// contract runtime loaded as the node loads it (packages/node/src/contract-vm.ts), from the same
// pinned build. Not exported from the package: the ledger itself never loads QuickJS.
import { sha256, utf8, type CborMap, type CborValue } from '@creditchain/core';
import type { TxResult } from '../../execute-block.js';
import { ROLES } from '../identity/roles.js';
import { Consortium, account, genesisOf, org, seed } from '../../test-support.js';
import type { ContractVm } from './vm.js';

export const ACME = sha256(utf8('enterprise:acme'));
export const WANG = sha256(utf8('person:wang'));
export const DAY = 86_400_000;
export const KEY: Record<string, number> = { reg: 1, admin: 2, clerk: 3, reviewer: 4, acme: 5, wang: 6, other: 7 };

let loaded: Promise<ContractVm> | undefined;

/** A new instance of QuickJS from the pinned build: its own WebAssembly memory, as another node has. */
export async function loadFreshVm(): Promise<ContractVm> {
  const { newQuickJSWASMModuleFromVariant } = await import('quickjs-emscripten-core');
  // The package's types describe its CommonJS build; imported as ESM, its default is the variant.
  const variant = (await import('@jitl/quickjs-wasmfile-release-sync')).default as unknown as Parameters<typeof newQuickJSWASMModuleFromVariant>[0];
  return newQuickJSWASMModuleFromVariant(variant);
}

/** QuickJS from the pinned build, loaded once per test process. */
export function loadTestVm(): Promise<ContractVm> {
  loaded ??= loadFreshVm();
  return loaded;
}

/** TypeScript → the CommonJS the chain stores, as `creditchain contract deploy` compiles it. */
export async function compile(source: string): Promise<string> {
  const ts = (await import('typescript')).default;
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
}

export function contractsConsortium(vm: ContractVm, params: Record<string, number> = {}): Consortium {
  const orgs = [
    { ...org('regulator', 'regulator', [...ROLES], 10), categories: ['admin-penalty-minor'] },
    { ...org('bank', 'bank', ['admin', 'submitter', 'reviewer', 'querier']), categories: ['loan-overdue', 'on-time-repayment', 'loan-default'] },
    { ...org('other', 'bank', ['admin', 'submitter', 'reviewer']), categories: ['loan-overdue'] },
  ];
  const accounts = [
    account('reg', 'regulator', ['admin', 'regulator', 'reviewer'], [1]),
    account('admin', 'bank', ['admin'], [2]),
    account('clerk', 'bank', ['submitter'], [3]),
    account('reviewer', 'bank', ['reviewer'], [4]),
    { ...account('acme', null, [], [5]), subject: ACME },
    { ...account('wang', null, [], [6]), subject: WANG },
    account('other', 'other', ['admin', 'submitter'], [7]),
  ];
  const c = new Consortium(genesisOf(orgs, accounts, params));
  c.ledger.contracts = vm;
  return c;
}

export function send(c: Consortium, who: string, action: string, payload: CborMap): TxResult {
  return c.send(who, action, payload, [seed(KEY[who]!)]);
}

export const sourceHash = (code: string) => sha256(utf8(code));

/** Deploys `code` as `name` by the bank's admin and, unless told not to, approves it for `categories`. */
export function deploy(c: Consortium, name: string, code: string, categories: string[] = [], approve = true): TxResult {
  const r = send(c, 'admin', 'contracts.deploy', { name, code, sourceHash: sourceHash(code) });
  if (r.code !== 'ok') return r;
  return approve ? send(c, 'reg', 'contracts.approve', { name, version: 1, categories }) : r;
}

/** A call's result data: {result, gas, events}. */
export function call(c: Consortium, who: string, name: string, method: string, args: CborValue = null, gas?: number): TxResult & { data?: { result: CborValue; gas: number; events: CborValue[] } } {
  return send(c, who, 'contracts.call', { name, method, args, ...(gas === undefined ? {} : { gas }) }) as never;
}
