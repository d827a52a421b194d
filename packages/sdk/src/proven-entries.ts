// The proof part of a file built from proven state entries (a credit report, a voucher trace):
// the checkpoint signed by a trusted key, for the file's chain, naming the proof's height and
// state root; then every entry proven against that root. What it gives back is a state reader
// over the proven entries alone: a read of any key outside the proof throws, so a file rebuilt
// from it uses nothing the answering node said beyond the signed checkpoint.
import { decodeStateProof, encodeCanonical, equalBytes, fromHex, getSuite, openNote, parseCheckpoint, toHex, verifyStateProofValue, type CborValue } from '@creditchain/core';
import { openQuorumNote, type ValidatorKey } from './quorum.js';
import { checkpointOrigin } from './receipt.js';
import type { ProvenEntry } from './credit-report.js';

export interface ProofPart {
  readonly chainId: string;
  readonly suite: string;
  readonly verifierKey: string;
  readonly proof?: { readonly height: number; readonly stateRoot: string; readonly checkpoint: string; readonly entries: readonly ProvenEntry[] };
}

export interface OpenedProof {
  readonly height: number;
  readonly signedBy: readonly string[];
  readonly entries: number;
  readonly state: { getState(key: Uint8Array): Uint8Array | undefined };
}

/** Checks the checkpoint and every entry; `fail` throws the caller's error with the sentence given. */
export function openProvenEntries(f: ProofPart, opts: { trustedKeys?: readonly string[]; validators?: readonly ValidatorKey[] }, what: string, fail: (message: string, details?: Record<string, unknown>) => never): OpenedProof {
  const p = f.proof;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.entries) || typeof p.checkpoint !== 'string') fail(`The ${what} carries no proof, or it lacks its checkpoint or entries.`);
  const suite = getSuite(f.suite);
  // 1. The checkpoint: signed by a trusted key, for this chain, naming this height and state root.
  const opened = opts.validators !== undefined ? openQuorumNote(p.checkpoint, opts.validators) : openNote(p.checkpoint, opts.trustedKeys ?? [f.verifierKey]);
  // The key the file names must have signed too, so no part of the file goes unchecked.
  if (opts.trustedKeys !== undefined || opts.validators !== undefined) {
    try {
      openNote(p.checkpoint, [f.verifierKey]);
    } catch {
      fail(`The ${what} names the verifier key ${f.verifierKey.slice(0, 40)}…, which did not sign its checkpoint.`);
    }
  }
  const cp = parseCheckpoint(opened.text);
  if (cp.origin !== checkpointOrigin(f.chainId)) fail(`The checkpoint is for "${cp.origin}", not chain "${f.chainId}".`);
  if (cp.stateRoot === undefined || cp.height === undefined) fail(`The checkpoint names no state root, so it cannot prove a ${what}.`);
  let root: Uint8Array;
  try {
    root = fromHex(String(p.stateRoot), 32);
  } catch {
    return fail('The proof state root is not 32 bytes of hex.');
  }
  if (!equalBytes(cp.stateRoot, root) || cp.height !== p.height) fail(`The proof claims the state of height ${String(p.height)}, but the signed checkpoint is for height ${cp.height} with another state root.`);
  // 2. Every entry: its value (or absence) proven against that root.
  const proven = new Map<string, Uint8Array | undefined>();
  p.entries.forEach((e, i) => {
    let key: Uint8Array;
    let value: Uint8Array | null;
    try {
      key = fromHex(String(e.key), 32);
      value = e.value === null ? null : fromHex(String(e.value));
      if (!verifyStateProofValue(suite.hash, root, key, value, decodeStateProof(fromHex(String(e.proof))))) throw new Error('no');
    } catch {
      return fail(`State entry ${i} (${String(e?.key)}) is not proven: its proof does not lead to the signed state root.`, { entry: i });
    }
    proven.set(toHex(key), value ?? undefined);
  });
  const state = {
    getState(k: Uint8Array): Uint8Array | undefined {
      const hex = toHex(k);
      if (!proven.has(hex)) throw new Error(`state entry ${hex} is not in the proof`);
      return proven.get(hex);
    },
  };
  return { height: cp.height, signedBy: opened.verifiedBy, entries: p.entries.length, state };
}

/** Are two JSON values the same, compared as canonical CBOR (key order aside)? Unencodable values never are. */
export function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown) => {
    try {
      return encodeCanonical(JSON.parse(JSON.stringify(v)) as CborValue);
    } catch {
      return undefined;
    }
  };
  const x = canon(a);
  const y = canon(b);
  return x !== undefined && y !== undefined && equalBytes(x, y);
}
