// The proof part of a file built from proven state entries (a credit report, a voucher trace):
// the checkpoint signed by a trusted key, for the file's chain, naming the proof's height and
// state root; then every entry proven against that root — by one state multiproof of them all
// (`multiproof`, base64), or, in files made before multiproofs, by each entry's own proof. What
// it gives back is a state reader over the proven entries alone: a read of any key outside the
// proof throws, so a file rebuilt from it uses nothing the answering node said beyond the signed
// checkpoint.
import { decodeStateProof, encodeCanonical, equalBytes, fromBase64, fromHex, getSuite, openNote, parseCheckpoint, toHex, verifyStateMultiproofValues, verifyStateProofValue, type CborValue } from '@creditchain/core';
import { openQuorumNote, type ValidatorKey } from './quorum.js';
import { checkpointOrigin } from './receipt.js';
import type { ProvenEntry } from './credit-report.js';

/** State entries proven at a height: the proof part of a report file, a voucher trace, a contract's storage. */
export interface ProvenEntries {
  readonly height: number;
  readonly stateRoot: string;
  readonly checkpoint: string;
  readonly entries: readonly ProvenEntry[];
  /** One state multiproof of every entry, standard base64 (docs/protocol.md, "State tree and state proofs"). */
  readonly multiproof?: string;
}

export interface ProofPart {
  readonly chainId: string;
  readonly suite: string;
  readonly verifierKey: string;
  readonly proof?: ProvenEntries;
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
  const parsed = p.entries.map((e, i) => {
    try {
      return { key: fromHex(String(e.key), 32), value: e.value === null ? null : fromHex(String(e.value)) };
    } catch {
      return fail(`State entry ${i} (${String(e?.key)}) is not a 32-byte key and a value in hex.`, { entry: i });
    }
  });
  if (p.multiproof !== undefined) {
    if (p.entries.some((e) => e.proof !== undefined)) fail(`The ${what} carries a multiproof and proofs of single entries: a file carries one or the other.`);
    let bytes: Uint8Array | undefined;
    try {
      bytes = fromBase64(String(p.multiproof));
    } catch {
      bytes = undefined;
    }
    if (bytes === undefined || !verifyStateMultiproofValues(suite.hash, root, parsed, bytes)) {
      fail(`The ${what}'s state entries are not proven: its multiproof does not lead from them to the signed state root.`);
    }
  } else {
    p.entries.forEach((e, i) => {
      try {
        if (!verifyStateProofValue(suite.hash, root, parsed[i]!.key, parsed[i]!.value, decodeStateProof(fromHex(String(e.proof))))) throw new Error('no');
      } catch {
        fail(`State entry ${i} (${String(e?.key)}) is not proven: its proof does not lead to the signed state root.`, { entry: i });
      }
    });
  }
  for (const { key, value } of parsed) proven.set(toHex(key), value ?? undefined);
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
