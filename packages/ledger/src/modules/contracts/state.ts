// Contract state, all in the state tree (so every read can be proven):
//   contracts/contract/<name>          → ContractMeta: owner organisation, active and latest version, approved categories
//   contracts/version/<name>/<v>       → ContractVersion: code hash, TypeScript source hash, who deployed it, its approval
//   contracts/code/<hash>              → the JavaScript, as a CBOR text string, by its hash (shared by identical versions)
//   contracts/storage/<name>/<key>     → a value the contract stored (canonical CBOR of a JSON value)
//   contracts/index                    → [name, …] every contract, in order of deployment
//   contracts/records/<name>           → list (state-lists.ts) of the credit records the contract filed
//   contracts/alarms, contracts/alarms/next → the alarm queue (alarms.ts)
//   contracts/last-alarm/<name>        → {height, code, gas} of the contract's last alarm
import {
  CreditChainError,
  NAME_PATTERN,
  concatBytes,
  utf8,
  decodeCanonical,
  encodeCanonical,
  readArray,
  readBytes,
  readMap,
  readString,
  readUint,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { CATEGORY_CODE } from '../credit/categories.js';

export const CONTRACTS_MODULE = 'contracts';
export const CONTRACT_NAME_PATTERN = NAME_PATTERN;

export interface ContractMeta {
  readonly name: string;
  /** The organisation that deployed it: records it files are filed as this organisation. */
  readonly org: string;
  readonly deployer: string;
  readonly created: number;
  /** The version calls run (0: none approved yet). */
  readonly active: number;
  /** The newest version deployed (≥ active). */
  readonly latest: number;
  /** Credit-record categories a regulator approved the active code to file. */
  readonly categories: readonly string[];
  /** Alarms pending. */
  readonly alarms: number;
}

export interface ContractVersion {
  readonly version: number;
  readonly codeHash: Uint8Array;
  /** Hash of the TypeScript source the code was compiled from (the source itself stays off chain). */
  readonly sourceHash: Uint8Array;
  readonly deployer: string;
  readonly height: number;
  readonly tx: Uint8Array;
  /** The regulator's account that approved it, and when; null when not (yet) approved. */
  readonly approvedBy: string | null;
  readonly approvedAt: number | null;
}

const key = (suite: CryptoSuite, k: string) => stateKey(suite, CONTRACTS_MODULE, k);

export const contractKey = (suite: CryptoSuite, name: string) => key(suite, `contract/${name}`);
export const contractVersionKey = (suite: CryptoSuite, name: string, v: number) => key(suite, `version/${name}/${v}`);
export const codeKey = (suite: CryptoSuite, hash: Uint8Array) => stateKey(suite, CONTRACTS_MODULE, concatBytes(utf8('code/'), hash));
export const storageKey = (suite: CryptoSuite, name: string, k: string) => key(suite, `storage/${name}/${k}`);
export const lastAlarmKey = (suite: CryptoSuite, name: string) => key(suite, `last-alarm/${name}`);

export const indexKey = (suite: CryptoSuite) => key(suite, 'index');
/** The list of records a contract filed (state-lists.ts, under this module). */
export const recordsList = (name: string) => `records/${name}`;

/** Every contract's name, in order of deployment. */
export function readIndex(suite: CryptoSuite, state: StateReader): string[] {
  const b = state.getState(indexKey(suite));
  return b === undefined ? [] : readArray(decodeCanonical(b), 'contracts index', Number.MAX_SAFE_INTEGER).map((n, i) => readString(n, `contracts index[${i}]`, 64));
}

export function addToIndex(suite: CryptoSuite, state: StateOverlay, name: string): void {
  state.put(indexKey(suite), encodeCanonical([...readIndex(suite, state), name]));
}

export function writeMeta(suite: CryptoSuite, state: StateOverlay, m: ContractMeta): void {
  state.put(contractKey(suite, m.name), encodeCanonical({ ...m, categories: [...m.categories] }));
}

export function readMeta(suite: CryptoSuite, state: StateReader, name: string): ContractMeta | undefined {
  const b = state.getState(contractKey(suite, name));
  return b === undefined ? undefined : decodeMeta(decodeCanonical(b));
}

export function decodeMeta(v: CborValue): ContractMeta {
  const m = readMap(v, 'contract', ['name', 'org', 'deployer', 'created', 'active', 'latest', 'categories', 'alarms']);
  return {
    name: readString(m.name, 'contract.name', 64),
    org: readString(m.org, 'contract.org', 64),
    deployer: readString(m.deployer, 'contract.deployer', 64),
    created: readUint(m.created, 'contract.created'),
    active: readUint(m.active, 'contract.active'),
    latest: readUint(m.latest, 'contract.latest'),
    categories: readArray(m.categories, 'contract.categories', 256).map((c, i) => readString(c, `contract.categories[${i}]`, 48, CATEGORY_CODE)),
    alarms: readUint(m.alarms, 'contract.alarms'),
  };
}

export function requireMeta(suite: CryptoSuite, state: StateReader, name: string): ContractMeta {
  const m = readMeta(suite, state, name);
  if (m === undefined) throw new CreditChainError('CONTRACT_NOT_FOUND', `There is no contract "${name}".`, { name });
  return m;
}

export function writeContractVersion(suite: CryptoSuite, state: StateOverlay, name: string, v: ContractVersion): void {
  state.put(contractVersionKey(suite, name, v.version), encodeCanonical({ ...v }));
}

export function readContractVersion(suite: CryptoSuite, state: StateReader, name: string, version: number): ContractVersion | undefined {
  const b = state.getState(contractVersionKey(suite, name, version));
  return b === undefined ? undefined : decodeVersion(decodeCanonical(b));
}

export function decodeVersion(v: CborValue): ContractVersion {
  const m = readMap(v, 'version', ['version', 'codeHash', 'sourceHash', 'deployer', 'height', 'tx', 'approvedBy', 'approvedAt']);
  return {
    version: readUint(m.version, 'version.version'),
    codeHash: readBytes(m.codeHash, 'version.codeHash'),
    sourceHash: readBytes(m.sourceHash, 'version.sourceHash'),
    deployer: readString(m.deployer, 'version.deployer', 64),
    height: readUint(m.height, 'version.height'),
    tx: readBytes(m.tx, 'version.tx'),
    approvedBy: m.approvedBy === null ? null : readString(m.approvedBy, 'version.approvedBy', 64),
    approvedAt: m.approvedAt === null ? null : readUint(m.approvedAt, 'version.approvedAt'),
  };
}

export function writeCode(suite: CryptoSuite, state: StateOverlay, code: string): Uint8Array {
  const bytes = encodeCanonical(code);
  const hash = suite.hash(bytes);
  state.put(codeKey(suite, hash), bytes);
  return hash;
}

export function readCode(suite: CryptoSuite, state: StateReader, hash: Uint8Array): string {
  const b = state.getState(codeKey(suite, hash));
  if (b === undefined) throw new CreditChainError('INTERNAL', 'A contract version names code the state does not hold.');
  return readString(decodeCanonical(b), 'code', Number.MAX_SAFE_INTEGER);
}

/** The code the contract's calls run now, or a refusal naming why there is none. */
export function activeCode(suite: CryptoSuite, state: StateReader, meta: ContractMeta): { version: ContractVersion; code: string } {
  if (meta.active === 0) {
    throw new CreditChainError('CONTRACT_NOT_APPROVED', `Contract "${meta.name}" has no approved version yet: a regulator must approve version ${meta.latest} (contracts.approve) before it can be called.`, { name: meta.name, latest: meta.latest });
  }
  const version = readContractVersion(suite, state, meta.name, meta.active)!;
  return { version, code: readCode(suite, state, version.codeHash) };
}
