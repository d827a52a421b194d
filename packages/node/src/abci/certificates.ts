// Checkpoint certificates of a CometBFT network: every validator signs the checkpoint of the
// block it precommits — in its vote extension, with its consensus key, as a line of a C2SP
// signed note — and the next block carries the lines of more than 2/3 of the voting power as its
// first transaction. Each node then stores that checkpoint as one note with all those signature
// lines: a quorum certificate in CreditChain's own format, which @creditchain/sdk checks against
// the validator set with no knowledge of CometBFT's headers or votes.
import { sha256 } from '@noble/hashes/sha2.js';
import { CreditChainError, decodeCanonical, encodeCanonical, equalBytes, formatVerifierKey, openNote, readArray, readMap, readString, readUint, signNote, toHex, utf8, type CryptoSuite } from '@creditchain/core';
import { readValidators, type StateReader } from '@creditchain/ledger';

/** Marks the certificate transaction: no signed transaction starts with these bytes. */
const MAGIC = utf8('creditchain/certificate\n');
const MAX_LINES = 300;

export interface Certificate {
  /** Height of the certified checkpoint. */
  readonly height: number;
  /** Signature lines ("— name base64\n") over that checkpoint's text. */
  readonly lines: readonly string[];
}

export interface ValidatorEntry {
  readonly name: string;
  readonly key: Uint8Array;
  readonly power: number;
  /** CometBFT's validator address: the first 20 bytes of SHA-256 of the Ed25519 key. */
  readonly address: string;
  /** Its note verifier key, as the SDK takes it. */
  readonly verifierKey: string;
}

/** The validator set in the state, with the addresses CometBFT names validators by. */
export function validatorTable(suite: CryptoSuite, state: StateReader): ValidatorEntry[] {
  return readValidators(suite, state).map((v) => ({ ...v, address: toHex(sha256(v.key).subarray(0, 20)), verifierKey: formatVerifierKey(v.name, v.key) }));
}

export function isCertificateTx(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && equalBytes(bytes.subarray(0, MAGIC.length), MAGIC);
}

export function encodeCertificateTx(c: Certificate): Uint8Array {
  const body = encodeCanonical({ height: c.height, lines: [...c.lines] });
  const out = new Uint8Array(MAGIC.length + body.length);
  out.set(MAGIC);
  out.set(body, MAGIC.length);
  return out;
}

export function decodeCertificateTx(bytes: Uint8Array): Certificate {
  if (!isCertificateTx(bytes)) throw new CreditChainError('ABCI_BAD_MESSAGE', 'Not a certificate transaction.');
  const m = readMap(decodeCanonical(bytes.subarray(MAGIC.length)), 'certificate', ['height', 'lines']);
  return { height: readUint(m.height, 'certificate.height'), lines: readArray(m.lines, 'certificate.lines', MAX_LINES).map((l, i) => readString(l, `certificate.lines[${i}]`, 200)) };
}

/** This validator's signature line over a checkpoint text. */
export function signatureLine(text: string, name: string, seed: Uint8Array): string {
  return signNote(text, [{ name, seed }]).slice(text.length + 1);
}

/** Whether `line` is one well-formed signature line by `v` over `text`. */
export function lineVerifies(text: string, line: string, v: ValidatorEntry): boolean {
  if (!/^\u2014 [^\n]+\n$/.test(line) || !line.startsWith(`\u2014 ${v.name} `)) return false;
  try {
    return openNote(`${text}\n${line}`, [v.verifierKey]).verifiedBy.includes(v.name);
  } catch {
    return false;
  }
}

/**
 * The lines of a certificate that verify, each validator once, and whether their power is more
 * than 2/3 of the set's: what a proposer includes, and what every node checks it included.
 */
export function tally(text: string, lines: readonly string[], validators: readonly ValidatorEntry[]): { lines: string[]; power: number; total: number; quorum: boolean } {
  const total = validators.reduce((n, v) => n + v.power, 0);
  const byName = new Map(validators.map((v) => [v.name, v]));
  const seen = new Set<string>();
  const good: string[] = [];
  let power = 0;
  for (const line of lines) {
    const name = /^\u2014 (\S+) /.exec(line)?.[1];
    const v = name === undefined ? undefined : byName.get(name);
    if (v === undefined || seen.has(v.name) || !lineVerifies(text, line, v)) continue;
    seen.add(v.name);
    good.push(line);
    power += v.power;
  }
  return { lines: good, power, total, quorum: total > 0 && power * 3 > total * 2 };
}

/** A checkpoint note with the signature lines of `notes` and `lines` merged: each signer once, sorted. */
export function mergeSignatures(text: string, note: string, lines: readonly string[]): string {
  const own = note.slice(text.length + 1).split(/(?<=\n)/).filter((l) => l !== '');
  const byName = new Map<string, string>();
  for (const l of [...own, ...lines]) {
    const name = /^\u2014 (\S+) /.exec(l)?.[1];
    if (name !== undefined && !byName.has(name)) byName.set(name, l);
  }
  return `${text}\n${[...byName.keys()].sort().map((n) => byName.get(n)!).join('')}`;
}
