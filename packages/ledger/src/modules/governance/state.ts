// Governance state:
//   governance/proposal/<id> → Proposal
//   governance/next          → the next proposal id
//   governance/open          → [id, …] open proposals, ascending (checked for expiry each block)
//   governance/validators    → [{name, key, power}] (a CometBFT network's validators; genesis, then set-validators)
import {
  NAME_PATTERN,
  decodeCanonical,
  encodeCanonical,
  readArray,
  readBytes,
  readMap,
  readString,
  readUint,
  toHex,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';

export const GOVERNANCE_MODULE = 'governance';

export const PROPOSAL_KINDS = ['admit-org', 'update-org', 'suspend-org', 'reinstate-org', 'retire-org', 'set-param', 'set-validators', 'set-category', 'set-scoring-model'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export type ProposalStatus = 'open' | 'passed' | 'failed' | 'expired';

export interface Vote {
  readonly org: string;
  readonly yes: boolean;
  readonly height: number;
}

export interface Proposal {
  readonly id: number;
  readonly kind: ProposalKind;
  readonly payload: CborMap;
  readonly proposer: string;
  readonly org: string;
  readonly height: number;
  /** Last height at which votes are taken. */
  readonly deadline: number;
  readonly status: ProposalStatus;
  readonly votes: readonly Vote[];
  /** Height it passed, failed or expired at. */
  readonly closed: number | null;
  /** When it passed but could not be carried out (or failed), the error code. */
  readonly outcome: string | null;
}

const key = (suite: CryptoSuite, k: string) => stateKey(suite, GOVERNANCE_MODULE, k);

export function proposalKey(suite: CryptoSuite, id: number): Uint8Array {
  return key(suite, `proposal/${id}`);
}

export function encodeProposal(p: Proposal): Uint8Array {
  return encodeCanonical({
    id: p.id,
    kind: p.kind,
    payload: p.payload,
    proposer: p.proposer,
    org: p.org,
    height: p.height,
    deadline: p.deadline,
    status: p.status,
    votes: p.votes.map((v) => ({ org: v.org, yes: v.yes, height: v.height })),
    closed: p.closed,
    outcome: p.outcome,
  });
}

export function decodeProposal(bytes: Uint8Array): Proposal {
  const m = readMap(decodeCanonical(bytes), 'proposal', ['id', 'kind', 'payload', 'proposer', 'org', 'height', 'deadline', 'status', 'votes', 'closed', 'outcome']);
  return {
    id: readUint(m.id, 'proposal.id'),
    kind: readString(m.kind, 'proposal.kind', 32) as ProposalKind,
    payload: readMap(m.payload, 'proposal.payload', [], Object.keys((m.payload ?? {}) as object)),
    proposer: readString(m.proposer, 'proposal.proposer', 64),
    org: readString(m.org, 'proposal.org', 64),
    height: readUint(m.height, 'proposal.height'),
    deadline: readUint(m.deadline, 'proposal.deadline'),
    status: readString(m.status, 'proposal.status', 16) as ProposalStatus,
    votes: readArray(m.votes, 'proposal.votes', 100_000).map((v, i) => {
      const vm = readMap(v, `proposal.votes[${i}]`, ['org', 'yes', 'height']);
      return { org: readString(vm.org, 'vote.org', 64), yes: vm.yes === true, height: readUint(vm.height, 'vote.height') };
    }),
    closed: m.closed === null ? null : readUint(m.closed, 'proposal.closed'),
    outcome: m.outcome === null ? null : readString(m.outcome, 'proposal.outcome', 64),
  };
}

export function readProposal(suite: CryptoSuite, state: StateReader, id: number): Proposal | undefined {
  const b = state.getState(proposalKey(suite, id));
  return b === undefined ? undefined : decodeProposal(b);
}

export function writeProposal(suite: CryptoSuite, state: StateOverlay, p: Proposal): void {
  state.put(proposalKey(suite, p.id), encodeProposal(p));
  const open = readOpenIds(suite, state).filter((id) => id !== p.id);
  if (p.status === 'open') open.push(p.id);
  open.sort((a, b) => a - b);
  state.put(key(suite, 'open'), encodeCanonical(open));
}

export function readOpenIds(suite: CryptoSuite, state: StateReader): number[] {
  const b = state.getState(key(suite, 'open'));
  return b === undefined ? [] : readArray(decodeCanonical(b), 'open', 100_000).map((x, i) => readUint(x, `open[${i}]`));
}

/** Ids are 1, 2, 3 …; returns the next one and advances the counter. */
export function takeProposalId(suite: CryptoSuite, state: StateOverlay): number {
  const b = state.getState(key(suite, 'next'));
  const id = b === undefined ? 1 : readUint(decodeCanonical(b), 'next');
  state.put(key(suite, 'next'), encodeCanonical(id + 1));
  return id;
}

export function proposalCount(suite: CryptoSuite, state: StateReader): number {
  const b = state.getState(key(suite, 'next'));
  return b === undefined ? 0 : readUint(decodeCanonical(b), 'next') - 1;
}

/**
 * A validator of a CometBFT network: its name (the key name of its checkpoint signatures), its
 * Ed25519 key — CometBFT's consensus key, which also signs the checkpoints the network certifies
 * — and its voting power.
 */
export interface Validator {
  readonly name: string;
  readonly key: Uint8Array;
  readonly power: number;
}

export function writeValidators(suite: CryptoSuite, state: StateOverlay, vs: readonly Validator[]): void {
  state.put(key(suite, 'validators'), encodeCanonical(vs.map((v) => ({ name: v.name, key: v.key, power: v.power }))));
}

/**
 * A validator list from CBOR ({name, key, power} maps): names unique, keys 32 bytes and unique,
 * every power at least 1. `fail` says what is wrong in the caller's terms.
 */
export function parseValidators(list: readonly CborValue[], where: string, fail: (message: string) => never): Validator[] {
  const names = new Set<string>();
  const keys = new Set<string>();
  return list.map((v, i) => {
    const m = readMap(v, `${where}[${i}]`, ['name', 'key', 'power']);
    const name = readString(m.name, `${where}[${i}].name`, 64);
    if (!NAME_PATTERN.test(name)) fail(`${where}[${i}].name must be lowercase letters, digits, ".", "_" or "-".`);
    const k = readBytes(m.key, `${where}[${i}].key`, 32);
    const power = readUint(m.power, `${where}[${i}].power`);
    if (power === 0) fail('Every validator needs a power of at least 1.');
    if (names.has(name)) fail(`The validator name "${name}" appears twice.`);
    const hex = toHex(k);
    if (keys.has(hex)) fail(`A validator key appears twice (${name}).`);
    names.add(name);
    keys.add(hex);
    return { name, key: k, power };
  });
}

export function readValidators(suite: CryptoSuite, state: StateReader): Validator[] {
  const b = state.getState(key(suite, 'validators'));
  if (b === undefined) return [];
  return readArray(decodeCanonical(b), 'validators', 1000).map((v, i) => {
    const m = readMap(v, `validators[${i}]`, ['name', 'key', 'power']);
    return { name: readString(m.name, 'validator.name', 64), key: readBytes(m.key, 'validator.key', 32), power: readUint(m.power, 'validator.power') };
  });
}

export type { CborValue };
