// Chain parameters: set at genesis, changed only by a passed governance proposal, read by the
// state machine from state (governance/params) so a change applies from the height it passes.
import { CreditChainError, decodeCanonical, encodeCanonical, equalBytes, readMap, readUint, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';

export interface ChainParams {
  /** Most hashes one evidence.anchor transaction may carry (at most 10,000). */
  readonly maxAnchorBatch: number;
  /** Most blocks ahead a transaction's expiry height may be set. */
  readonly maxExpiryWindow: number;
  /** A proposal passes only if the organisations that voted hold at least this share of all weight (basis points). */
  readonly govParticipation: number;
  /** … and the yes votes hold at least this share of the weight that voted (basis points). */
  readonly govApproval: number;
  /** Blocks a proposal stays open for votes. */
  readonly govVotingPeriod: number;
  /** Days a record's source has to answer an objection before it goes to the regulators. */
  readonly objectionDeadlineDays: number;
  /** 1: a new voucher or points class is pending until a regulator approves it; 0: it is active at once. */
  readonly voucherClassApproval: number;
  /** 1: a deployed or upgraded contract version cannot be called until a regulator approves it; 0: at once. */
  readonly contractApproval: number;
  /** Most gas one contract call (a transaction's or an alarm's, with the calls it makes) may burn. */
  readonly contractGasLimit: number;
  /**
   * The rules the chain runs by, raised only by a passed proposal (FISCO BCOS's
   * compatibility_version): 1, the first rules, keeps a state entry per anchored hash; 2 keeps
   * nothing per hash in state (a batch is committed by its log entry, and every node indexes the
   * hashes from the log); 3 also takes an anchor batch's hashes packed into one byte string
   * (`{hashes}`). A chain whose genesis names no version runs version 1, so a chain
   * begun before versions existed keeps its blocks' meaning.
   */
  readonly protocolVersion: number;
}

/** The first rules: what a genesis or a stored parameter set without `protocolVersion` means. */
export const FIRST_PROTOCOL_VERSION = 1;
/** The rules a new chain starts with (creditchain init and dev write it into the genesis). */
export const PROTOCOL_VERSION = 3;
/** What each version brought, for the node's note to a chain at an older one (docs/protocol.md). */
export const PROTOCOL_CHANGES: Readonly<Record<number, string>> = {
  2: 'an anchored hash is no longer a state entry',
  3: "an anchor batch's hashes may come packed into one byte string",
};

export const PARAM_BOUNDS: Readonly<Record<keyof ChainParams, readonly [number, number]>> = {
  maxAnchorBatch: [1, 10_000],
  maxExpiryWindow: [1, 10_000_000],
  govParticipation: [1, 10_000],
  govApproval: [5_001, 10_000],
  govVotingPeriod: [1, 10_000_000],
  objectionDeadlineDays: [1, 365],
  voucherClassApproval: [0, 1],
  contractApproval: [0, 1],
  contractGasLimit: [100_000, 1_000_000_000],
  protocolVersion: [FIRST_PROTOCOL_VERSION, PROTOCOL_VERSION],
};

export const DEFAULT_PARAMS: ChainParams = Object.freeze({
  maxAnchorBatch: 10_000,
  maxExpiryWindow: 100_000,
  govParticipation: 5_000,
  govApproval: 6_667,
  govVotingPeriod: 100_000,
  objectionDeadlineDays: 20,
  voucherClassApproval: 0,
  // Contracts can file credit records: by default a regulator looks at the code first.
  contractApproval: 1,
  // About 3,000 interpreter ticks: tens of millions of steps, well under a second.
  contractGasLimit: 30_000_000,
  protocolVersion: PROTOCOL_VERSION,
});

export const PARAM_NAMES = Object.keys(DEFAULT_PARAMS) as (keyof ChainParams)[];

export function isParamName(x: string): x is keyof ChainParams {
  return (PARAM_NAMES as string[]).includes(x);
}

/** Checks one parameter value against its bounds; throws GOV_BAD_PROPOSAL with a sentence. */
export function checkParam(name: string, value: number): void {
  if (!isParamName(name)) throw new CreditChainError('GOV_BAD_PROPOSAL', `There is no chain parameter "${name}"; the parameters are ${PARAM_NAMES.join(', ')}.`, { name });
  const [lo, hi] = PARAM_BOUNDS[name];
  if (!Number.isSafeInteger(value) || value < lo || value > hi) {
    throw new CreditChainError('GOV_BAD_PROPOSAL', `The parameter ${name} must be an integer from ${lo} to ${hi}; ${value} is not.`, { name, value });
  }
}

export function paramsKey(suite: CryptoSuite): Uint8Array {
  return stateKey(suite, 'governance', 'params');
}

/**
 * The parameters as a chain of that version stores them: version 1 is left out, so a version-1
 * chain's parameter bytes (and its genesis hash, see genesis.ts) are what they were before
 * versions existed, and its old blocks replay to the same roots.
 */
export function withoutFirstVersion(p: ChainParams): Record<string, number> {
  const { protocolVersion, ...rest } = p;
  return protocolVersion === FIRST_PROTOCOL_VERSION ? rest : { ...rest, protocolVersion };
}

export function encodeParams(p: ChainParams): Uint8Array {
  return encodeCanonical(withoutFirstVersion(p));
}

// Every transaction reads the parameters; decoding them each time was a tenth of block
// execution. They change rarely, so the last decoding is kept, keyed by its exact bytes.
let lastParams: { bytes: Uint8Array; params: ChainParams } | undefined;

export function readParams(suite: CryptoSuite, state: StateReader): ChainParams {
  const bytes = state.getState(paramsKey(suite));
  if (bytes === undefined) return DEFAULT_PARAMS;
  if (lastParams !== undefined && equalBytes(lastParams.bytes, bytes)) return lastParams.params;
  const params = decodeParams(bytes);
  lastParams = { bytes: Uint8Array.from(bytes), params };
  return params;
}

function decodeParams(bytes: Uint8Array): ChainParams {
  const required = PARAM_NAMES.filter((n) => n !== 'protocolVersion');
  const m = readMap(decodeCanonical(bytes), 'params', required, ['protocolVersion']);
  const out: Record<string, number> = { protocolVersion: FIRST_PROTOCOL_VERSION };
  for (const name of PARAM_NAMES) if (m[name] !== undefined) out[name] = readUint(m[name], `params.${name}`);
  return Object.freeze(out) as unknown as ChainParams;
}

export function writeParams(suite: CryptoSuite, state: StateOverlay, p: ChainParams): void {
  state.put(paramsKey(suite), encodeParams(p));
}
