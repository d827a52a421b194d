// Signed notes (c2sp.org/signed-note) and the transparency-log checkpoints they carry
// (c2sp.org/tlog-checkpoint), with Ed25519 keys (signature type 0x01). Written from the specs;
// golang.org/x/mod/sumdb/note is the reference implementation, and its vectors are in
// test/vectors/c2sp-note/.
//
// A note is text, a blank line, then lines "— <key name> base64(key id ‖ signature)". Only the
// text is signed, so signature lines can be added by other signers (witnesses, validators)
// without touching the ones already there.
//
// Ed25519 here signs the bare note text, with no domain tag. A note can still never pass for a
// transaction: a note text is UTF-8 with no control characters but newline, while transaction
// signing bytes are "CreditChain transaction v1\n" followed by a CBOR map, whose first byte
// (0xa0–0xbf) is a UTF-8 continuation byte and cannot begin a line of valid UTF-8.
import { concatBytes, equalBytes, fromBase64, toBase64, utf8 } from './bytes.js';
import { intlSuite, sha256 } from './crypto-suite.js';
import { CreditChainError } from './errors.js';

/** Signature type byte of Ed25519 note keys (signed-note §Signature types). */
export const NOTE_ED25519 = 0x01;
/** Default limit on signature lines in one note; the spec requires accepting at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

/** A public key trusted to sign notes. */
export interface NoteVerifier {
  readonly name: string;
  /** First four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey), big-endian. */
  readonly keyId: number;
  /** 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

export interface NoteSigner {
  readonly name: string;
  /** 32-byte Ed25519 private seed. */
  readonly seed: Uint8Array;
}

export interface OpenedNote {
  /** The signed text, ending in a newline. */
  readonly text: string;
  /** Names of the trusted keys whose signatures verified, each once, in order of appearance. */
  readonly verifiedBy: readonly string[];
  /** The trusted keys whose signatures verified, each once, in order of appearance. */
  readonly verifiedKeys: readonly NoteVerifier[];
}

const EM_DASH_SPACE = utf8('\u2014 ');
const NEWLINE = 0x0a;
// signed-note: "Unicode spaces" are what Go's unicode.IsSpace reports, which is White_Space.
const NAME_FORBIDDEN = /[\p{White_Space}+\u0000-\u001f]/u;
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;
const HEX8 = /^[0-9a-f]{8}$/;
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function malformed(message: string, details?: Record<string, unknown>): CreditChainError {
  return new CreditChainError('CHECKPOINT_MALFORMED', message, details);
}

function keyHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** A key name is non-empty, well-formed, and holds no Unicode space, plus sign or control character. */
export function isValidKeyName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && !NAME_FORBIDDEN.test(name) && !LONE_SURROGATE.test(name);
}

function checkKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `The key name ${JSON.stringify(String(name))} is not valid: it must be non-empty, with no spaces, plus signs or control characters.`);
  }
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== intlSuite.publicKeyLength) {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'An Ed25519 public key is 32 bytes.');
  }
}

/** The note key id of an Ed25519 key: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey)[:4] as a uint32. */
export function noteKeyId(name: string, publicKey: Uint8Array): number {
  checkKeyName(name);
  checkPublicKey(publicKey);
  const digest = sha256(concatBytes(utf8(name + '\n'), Uint8Array.of(NOTE_ED25519), publicKey));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0, false);
}

/** The verifier key text `name+hex(keyId)+base64(0x01 ‖ publicKey)`, as operators exchange it. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const keyId = noteKeyId(name, publicKey);
  return `${name}+${keyHex(keyId)}+${toBase64(concatBytes(Uint8Array.of(NOTE_ED25519), publicKey))}`;
}

/** Parse and check a verifier key: valid name, Ed25519 type, 32-byte key, and a key id that matches. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  if (typeof vkey !== 'string') throw new CreditChainError('CRYPTO_BAD_KEY', 'A verifier key is text.');
  // base64 may itself hold '+', so split at the first two only; the name cannot hold one.
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'A verifier key has the form name+keyid+key.', { vkey: vkey.slice(0, 120) });
  }
  const name = vkey.slice(0, first);
  const hex = vkey.slice(first + 1, second);
  const b64 = vkey.slice(second + 1);
  checkKeyName(name);
  if (!HEX8.test(hex)) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `The key id of verifier key "${name}" must be 8 lowercase hex digits.`, { name });
  }
  let material: Uint8Array;
  try {
    material = fromBase64(b64);
  } catch {
    throw new CreditChainError('CRYPTO_BAD_KEY', `The key of verifier key "${name}" is not base64.`, { name });
  }
  if (material[0] !== NOTE_ED25519) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `Verifier key "${name}" has signature type ${material.length === 0 ? 'none' : `0x${material[0]!.toString(16).padStart(2, '0')}`}; only Ed25519 (0x01) is supported.`, { name });
  }
  const publicKey = material.slice(1);
  if (publicKey.length !== intlSuite.publicKeyLength) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `The Ed25519 key of verifier key "${name}" is ${publicKey.length} bytes, not 32.`, { name });
  }
  const keyId = noteKeyId(name, publicKey);
  if (keyHex(keyId) !== hex) {
    throw new CreditChainError('CRYPTO_BAD_KEY', `Verifier key "${name}" says key id ${hex}, but its name and key give ${keyHex(keyId)}.`, { name });
  }
  return { name, keyId, publicKey };
}

function checkNoteText(text: string): void {
  if (typeof text !== 'string' || !text.endsWith('\n')) {
    throw malformed('A note text must end with a newline.');
  }
  if (LONE_SURROGATE.test(text) || CONTROL_BUT_NEWLINE.test(text)) {
    throw malformed('A note text must be well-formed UTF-8 with no control characters other than newline.');
  }
}

/** Sign a text with each signer; returns the signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkNoteText(text);
  if (!Array.isArray(signers) || signers.length === 0) {
    throw new CreditChainError('CRYPTO_BAD_KEY', 'A note needs at least one signer.');
  }
  const message = utf8(text);
  const seen = new Set<string>();
  let lines = '';
  for (const { name, seed } of signers) {
    checkKeyName(name);
    const keyId = noteKeyId(name, intlSuite.publicKeyOf(seed));
    const id = `${keyHex(keyId)} ${name}`;
    if (seen.has(id)) {
      throw new CreditChainError('CRYPTO_BAD_KEY', `The key ${name}+${keyHex(keyId)} is listed twice among the signers.`, { name });
    }
    seen.add(id);
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, keyId, false);
    lines += `\u2014 ${name} ${toBase64(concatBytes(prefix, intlSuite.sign(seed, message)))}\n`;
  }
  return `${text}\n${lines}`;
}

function trustedTable(trusted: readonly (NoteVerifier | string)[]): Map<string, NoteVerifier> {
  if (!Array.isArray(trusted)) throw new CreditChainError('CRYPTO_BAD_KEY', 'The trusted keys must be a list.');
  const table = new Map<string, NoteVerifier>();
  for (const entry of trusted) {
    let v: NoteVerifier;
    if (typeof entry === 'string') {
      v = parseVerifierKey(entry);
    } else if (entry === null || typeof entry !== 'object') {
      throw new CreditChainError('CRYPTO_BAD_KEY', 'A trusted key is a verifier key text or a {name, keyId, publicKey} object.');
    } else {
      // Recompute the id: a verifier object whose id does not belong to its key is a config error.
      const keyId = noteKeyId(entry.name, entry.publicKey);
      if (entry.keyId !== keyId) {
        throw new CreditChainError('CRYPTO_BAD_KEY', `Trusted key "${entry.name}" says key id ${keyHex(entry.keyId >>> 0)}, but its name and key give ${keyHex(keyId)}.`, { name: entry.name });
      }
      v = { name: entry.name, keyId, publicKey: entry.publicKey };
    }
    const id = `${keyHex(v.keyId)} ${v.name}`;
    const prior = table.get(id);
    if (prior !== undefined && !equalBytes(prior.publicKey, v.publicKey)) {
      // Two keys behind one (name, id) pair: we could not tell which one a signature claims.
      throw new CreditChainError('CRYPTO_BAD_KEY', `Two different trusted keys share the name "${v.name}" and key id ${keyHex(v.keyId)}.`, { name: v.name });
    }
    table.set(id, v);
  }
  return table;
}

function lastBlankLine(bytes: Uint8Array): number {
  for (let i = bytes.length - 2; i >= 0; i--) {
    if (bytes[i] === NEWLINE && bytes[i + 1] === NEWLINE) return i;
  }
  return -1;
}

/**
 * Open a signed note: check its form, verify every signature by a trusted key, ignore the
 * others. Throws CHECKPOINT_MALFORMED for a note not of the signed-note form, and
 * CHECKPOINT_BAD_SIGNATURE when a trusted key's signature fails or no trusted key signed.
 */
export function openNote(
  note: Uint8Array | string,
  trusted: readonly (NoteVerifier | string)[],
  options: { readonly maxSignatures?: number } = {},
): OpenedNote {
  const table = trustedTable(trusted);
  const maxSignatures = options.maxSignatures ?? MAX_NOTE_SIGNATURES;
  let bytes: Uint8Array;
  if (typeof note === 'string') {
    if (LONE_SURROGATE.test(note)) throw malformed('The note is not well-formed Unicode.');
    bytes = utf8(note);
  } else if (note instanceof Uint8Array) {
    bytes = note;
    try {
      UTF8_STRICT.decode(bytes);
    } catch {
      throw malformed('The note is not valid UTF-8.');
    }
  } else {
    throw malformed('A note is text or its UTF-8 bytes.');
  }
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x20 && bytes[i] !== NEWLINE) {
      throw malformed(`The note holds control character 0x${bytes[i]!.toString(16).padStart(2, '0')} at byte ${i}; only newline is allowed.`, { offset: i });
    }
  }

  // The text ends at the last blank line; what follows is signature lines, each ending in newline.
  const split = lastBlankLine(bytes);
  if (split < 0) throw malformed('The note has no blank line between its text and its signatures.');
  const textBytes = bytes.subarray(0, split + 1);
  const sigBlock = bytes.subarray(split + 2);
  if (sigBlock.length === 0) throw malformed('The note has no signature lines.');
  if (sigBlock[sigBlock.length - 1] !== NEWLINE) throw malformed('The last signature line of the note does not end with a newline.');

  const verifiedBy: string[] = [];
  const verifiedKeys: NoteVerifier[] = [];
  const seenNames: string[] = [];
  let count = 0;
  let start = 0;
  while (start < sigBlock.length) {
    const end = sigBlock.indexOf(NEWLINE, start);
    const line = sigBlock.subarray(start, end);
    start = end + 1;
    count++;
    if (count > maxSignatures) throw malformed(`The note has more than ${maxSignatures} signature lines.`);
    if (line.length < EM_DASH_SPACE.length || !EM_DASH_SPACE.every((b, i) => line[i] === b)) {
      throw malformed(`Signature line ${count} does not begin with an em dash (U+2014) and a space.`);
    }
    const rest = UTF8_STRICT.decode(line.subarray(EM_DASH_SPACE.length));
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const b64 = space < 0 ? '' : rest.slice(space + 1);
    if (!isValidKeyName(name)) throw malformed(`Signature line ${count} has an invalid key name.`);
    let sig: Uint8Array;
    try {
      sig = fromBase64(b64);
    } catch {
      throw malformed(`The signature by "${name}" (line ${count}) is not base64.`, { name });
    }
    if (sig.length < 5) throw malformed(`The signature by "${name}" (line ${count}) is too short to hold a key id and a signature.`, { name });
    const keyId = new DataView(sig.buffer, sig.byteOffset, 4).getUint32(0, false);
    if (!seenNames.includes(name)) seenNames.push(name);

    // A signature from an unknown key is ignored, even when its name or its id alone matches.
    const verifier = table.get(`${keyHex(keyId)} ${name}`);
    if (verifier === undefined) continue;
    // Every line of a trusted key is verified, duplicates included, and its name counts once.
    if (!intlSuite.verify(verifier.publicKey, textBytes, sig.subarray(4))) {
      throw new CreditChainError('CHECKPOINT_BAD_SIGNATURE', `The signature by trusted key ${name}+${keyHex(keyId)} does not verify: the note was altered, or signed by another key.`, { name, keyId: keyHex(keyId) });
    }
    if (!verifiedBy.includes(name)) verifiedBy.push(name);
    if (!verifiedKeys.includes(verifier)) verifiedKeys.push(verifier);
  }
  if (verifiedBy.length === 0) {
    throw new CreditChainError('CHECKPOINT_BAD_SIGNATURE', `The note has no signature from a trusted key; it is signed by: ${seenNames.join(', ')}.`, { signedBy: seenNames });
  }
  return { text: UTF8_STRICT.decode(textBytes), verifiedBy, verifiedKeys };
}

// ---- checkpoints (c2sp.org/tlog-checkpoint) ----

/** A log checkpoint: the body text of a signed note. */
export interface Checkpoint {
  /** Identity of the log; the first line. */
  readonly origin: string;
  /** Number of leaves in the log. */
  readonly size: number;
  /** RFC 6962 / RFC 9162 Merkle tree root at that size, 32 bytes. */
  readonly rootHash: Uint8Array;
  /** CreditChain extension `height <decimal>`: the block height this checkpoint follows. */
  readonly height?: number;
  /** CreditChain extension `state <base64>`: the state root after that block, 32 bytes. */
  readonly stateRoot?: Uint8Array;
  /** Any further extension lines, in order. */
  readonly extensions: readonly string[];
}

export type CheckpointInput = Omit<Checkpoint, 'extensions'> & { readonly extensions?: readonly string[] };

const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;
const HEIGHT_PREFIX = 'height ';
const STATE_PREFIX = 'state ';

function parseDecimal(text: string, what: string): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw malformed(`The checkpoint ${what} must be a decimal number without leading zeros, at most 2^53 − 1.`, { value: text.slice(0, 40) });
  }
  return n;
}

function parseHash(text: string, what: string): Uint8Array {
  let hash: Uint8Array | undefined;
  try {
    hash = fromBase64(text);
  } catch {
    hash = undefined;
  }
  // Canonical base64 only, so one checkpoint has one text.
  if (hash === undefined || hash.length !== 32 || toBase64(hash) !== text) {
    throw malformed(`The checkpoint ${what} must be the base64 of 32 bytes.`, { value: text.slice(0, 80) });
  }
  return hash;
}

function checkLine(line: string, what: string): void {
  if (typeof line !== 'string' || line.length === 0) throw malformed(`The checkpoint ${what} must be a non-empty line.`);
  if (line.includes('\n') || CONTROL_BUT_NEWLINE.test(line) || LONE_SURROGATE.test(line)) {
    throw malformed(`The checkpoint ${what} must be one line of well-formed text with no control characters.`);
  }
}

function checkHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== 32) throw malformed(`The checkpoint ${what} must be 32 bytes.`);
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw malformed(`The checkpoint ${what} must be an integer from 0 to 2^53 − 1.`, { value: n });
}

/** The note text of a checkpoint: origin, size, root, then `height`, `state` and other extension lines. */
export function formatCheckpoint(cp: CheckpointInput): string {
  if (cp === null || typeof cp !== 'object') throw malformed('A checkpoint is an object with origin, size and rootHash.');
  checkLine(cp.origin, 'origin');
  checkCount(cp.size, 'size');
  checkHash(cp.rootHash, 'root hash');
  let text = `${cp.origin}\n${cp.size}\n${toBase64(cp.rootHash)}\n`;
  if (cp.height !== undefined) {
    checkCount(cp.height, 'height');
    text += `${HEIGHT_PREFIX}${cp.height}\n`;
  }
  if (cp.stateRoot !== undefined) {
    checkHash(cp.stateRoot, 'state root');
    text += `${STATE_PREFIX}${toBase64(cp.stateRoot)}\n`;
  }
  for (const ext of cp.extensions ?? []) {
    checkLine(ext, 'extension line');
    if (ext.startsWith(HEIGHT_PREFIX) || ext.startsWith(STATE_PREFIX)) {
      throw malformed(`The extension line "${ext.slice(0, 40)}" uses a prefix reserved for the height and state fields.`);
    }
    text += `${ext}\n`;
  }
  return text;
}

/**
 * Parse a checkpoint's note text strictly, so that formatCheckpoint(parseCheckpoint(t)) === t.
 * `height` and `state` lines are recognised only right after the root hash, in that order;
 * elsewhere they are refused rather than kept as opaque extensions.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw malformed('A checkpoint text must end with a newline.');
  if (CONTROL_BUT_NEWLINE.test(text) || LONE_SURROGATE.test(text)) {
    throw malformed('A checkpoint text must be well-formed, with no control characters other than newline.');
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('A checkpoint has at least three lines: origin, tree size and root hash.');
  const emptyAt = lines.indexOf('');
  if (emptyAt >= 0) throw malformed(`Line ${emptyAt + 1} of the checkpoint is empty; every line must have content.`);
  const [origin, sizeText, rootText, ...rest] = lines as [string, string, string, ...string[]];
  const size = parseDecimal(sizeText, 'tree size');
  const rootHash = parseHash(rootText, 'root hash');
  let height: number | undefined;
  let stateRoot: Uint8Array | undefined;
  let i = 0;
  if (rest[i]?.startsWith(HEIGHT_PREFIX)) height = parseDecimal(rest[i++]!.slice(HEIGHT_PREFIX.length), 'height');
  if (rest[i]?.startsWith(STATE_PREFIX)) stateRoot = parseHash(rest[i++]!.slice(STATE_PREFIX.length), 'state root');
  const extensions = rest.slice(i);
  for (const ext of extensions) {
    if (ext.startsWith(HEIGHT_PREFIX) || ext.startsWith(STATE_PREFIX)) {
      throw malformed(`The checkpoint line "${ext.slice(0, 40)}" is out of place: height and state come right after the root hash, once each, in that order.`);
    }
  }
  return {
    origin,
    size,
    rootHash,
    ...(height === undefined ? {} : { height }),
    ...(stateRoot === undefined ? {} : { stateRoot }),
    extensions,
  };
}
