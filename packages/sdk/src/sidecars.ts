// A transaction with its sidecars: the details a transaction commits to (H(salt ‖ canonical
// payload) in body.sidecars) travel beside it to the node, which checks them at admission and
// stores them apart (DESIGN.md, "Sidecars"; docs/protocol.md, "Transactions with sidecars").
//
//   envelope = canon({tx: bytes, sidecars: [{salt: bytes, payload: map}, …]})
//
// `POST /v1/txs` and each item of `POST /v1/txs/batch` take either plain signed-transaction
// bytes or this envelope. They are told apart by the first key of the top-level map: canonical
// order puts "tx" first in an envelope, while a signed transaction {body, sigs} starts with "body".
import {
  CreditChainError,
  MAX_SIDECARS,
  MAX_TX_SIZE,
  decodeCanonical,
  encodeCanonical,
  isBytes,
  readArray,
  readBytes,
  readMap,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import { MAX_SIDECAR_BYTES, SIDECAR_SALT_MAX, SIDECAR_SALT_MIN, sidecarCommitment, type Sidecar } from '@creditchain/ledger';

/** The largest envelope: a transaction of the largest size with 4 MiB of sidecars beside it. */
export const MAX_TX_WITH_SIDECARS_SIZE = MAX_TX_SIZE + 4 * 1024 * 1024;
/** Length of the salt `makeSidecar` draws. */
export const SIDECAR_SALT_LENGTH = 16;

/** A sidecar with its commitment, ready to go in a transaction body's `sidecars`. */
export interface CommittedSidecar extends Sidecar {
  readonly commitment: Uint8Array;
}

function bad(index: number, message: string): never {
  throw new CreditChainError('SIDECAR_BAD', `Sidecar ${index}: ${message}`, { index });
}

function isMap(v: unknown): v is CborMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isBytes(v);
}

/**
 * Checks one sidecar — salt of 16 to 64 bytes, payload a map of at most MAX_SIDECAR_BYTES
 * canonical bytes — and returns the canonical payload. Throws SIDECAR_BAD naming the sidecar.
 */
export function checkSidecar(s: Sidecar, index = 0): Uint8Array {
  if (typeof s !== 'object' || s === null) bad(index, 'expected {salt, payload}.');
  if (!isBytes(s.salt)) bad(index, 'the salt must be bytes.');
  if (s.salt.length < SIDECAR_SALT_MIN || s.salt.length > SIDECAR_SALT_MAX) {
    bad(index, `the salt is ${s.salt.length} bytes; it must be ${SIDECAR_SALT_MIN} to ${SIDECAR_SALT_MAX} bytes.`);
  }
  if (!isMap(s.payload)) bad(index, 'the payload must be a map.');
  const payload = encodeCanonical(s.payload);
  if (payload.length > MAX_SIDECAR_BYTES) {
    bad(index, `the payload is ${payload.length} bytes in canonical form; at most ${MAX_SIDECAR_BYTES} are allowed (anchor documents by their hash instead).`);
  }
  return payload;
}

/** A new sidecar for `payload` with a fresh 16-byte random salt, and its commitment. */
export function makeSidecar(suite: CryptoSuite, payload: CborMap): CommittedSidecar {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SIDECAR_SALT_LENGTH));
  checkSidecar({ salt, payload });
  return { salt, payload, commitment: sidecarCommitment(suite, salt, payload) };
}

/** The canonical bytes of one stored sidecar, {salt, payload}. */
export function encodeSidecar(s: Sidecar): Uint8Array {
  return encodeCanonical({ salt: s.salt, payload: s.payload });
}

/** Reads stored sidecar bytes back. */
export function decodeSidecar(bytes: Uint8Array): Sidecar {
  const m = readMap(decodeCanonical(bytes), 'sidecar', ['salt', 'payload']);
  return { salt: readBytes(m.salt, 'sidecar.salt'), payload: readMap(m.payload, 'sidecar.payload', [], Object.keys((m.payload ?? {}) as object)) };
}

/** The envelope of a transaction with its sidecars (each checked; a commitment field is ignored). */
export function encodeTxWithSidecars(txBytes: Uint8Array, sidecars: readonly Sidecar[]): Uint8Array {
  if (!isBytes(txBytes)) throw new CreditChainError('API_BAD_REQUEST', 'A transaction is sent as its signed bytes (Uint8Array).');
  if (sidecars.length > MAX_SIDECARS) bad(MAX_SIDECARS, `a transaction carries at most ${MAX_SIDECARS} sidecars; ${sidecars.length} were given.`);
  sidecars.forEach((s, i) => checkSidecar(s, i));
  const bytes = encodeCanonical({ tx: txBytes, sidecars: sidecars.map((s) => ({ salt: s.salt, payload: s.payload })) });
  if (bytes.length > MAX_TX_WITH_SIDECARS_SIZE) {
    throw new CreditChainError('ENCODING_TOO_LARGE', `The transaction with its sidecars is ${bytes.length} bytes; the limit is ${MAX_TX_WITH_SIDECARS_SIZE}.`, { size: bytes.length, limit: MAX_TX_WITH_SIDECARS_SIZE });
  }
  return bytes;
}

/**
 * True when the bytes are an envelope rather than a plain signed transaction: a CBOR map
 * (header 0xa0–0xb7) whose first key is the text "tx" (0x62 0x74 0x78).
 */
export function isTxWithSidecars(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0]! >= 0xa0 && bytes[0]! <= 0xb7 && bytes[1] === 0x62 && bytes[2] === 0x74 && bytes[3] === 0x78;
}

/**
 * Decodes an envelope strictly: canonical, exactly {tx, sidecars}, the transaction within
 * MAX_TX_SIZE, at most MAX_SIDECARS sidecars, each well formed (SIDECAR_BAD otherwise). It does
 * not look inside the transaction or compare commitments: the node does that at admission.
 */
export function decodeTxWithSidecars(bytes: Uint8Array): { tx: Uint8Array; sidecars: Sidecar[] } {
  const top = readMap(decodeCanonical(bytes, MAX_TX_WITH_SIDECARS_SIZE), 'envelope', ['tx', 'sidecars']);
  const tx = readBytes(top.tx, 'envelope.tx');
  if (tx.length > MAX_TX_SIZE) {
    throw new CreditChainError('ENCODING_TOO_LARGE', `The transaction is ${tx.length} bytes; the limit is ${MAX_TX_SIZE}.`, { size: tx.length, limit: MAX_TX_SIZE });
  }
  const sidecars = readArray(top.sidecars, 'envelope.sidecars', MAX_SIDECARS).map((v: CborValue, i): Sidecar => {
    if (!isMap(v)) bad(i, 'expected a map {salt, payload}.');
    const extra = Object.keys(v).filter((k) => k !== 'salt' && k !== 'payload');
    if (extra.length > 0) bad(i, `"${extra[0]}" is not a field of a sidecar; it holds only salt and payload.`);
    const s = { salt: v.salt as Uint8Array, payload: v.payload as CborMap };
    checkSidecar(s, i);
    return s;
  });
  return { tx, sidecars };
}
