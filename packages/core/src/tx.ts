// The transaction envelope. Everything signed or hashed is canonical CBOR (canonical.ts):
//   body   = {v: 1, chain, module, action, sender, nonce, expires, payload, sidecars}
//   signed = {body, sigs: [{key, sig}]}
// The id is H(canonical body): signatures are not part of it, so no re-signing or signature
// malleability can give one transaction two ids. The signing bytes are a fixed domain tag
// followed by the canonical body, so a transaction signature can never be mistaken for a
// signature over anything else (a checkpoint, a block).
import { concatBytes, utf8 } from './bytes.js';
import { decodeCanonical, encodeCanonical, type CborValue } from './canonical.js';
import type { CryptoSuite } from './crypto-suite.js';
import { getAlg } from './signature-algs.js';
import { CreditChainError } from './errors.js';
import { readArray, readBytes, readMap, readString, readUint, readVersion, type CborMap } from './shape.js';

export const TX_VERSION = 1;
export const TX_SIGN_DOMAIN = utf8('CreditChain transaction v1\n');
/** The largest signed transaction we accept, in bytes. */
export const MAX_TX_SIZE = 512 * 1024;
export const MAX_SIGNATURES = 16;
/** One per record of the largest record batch (credit.submit carries up to 1,000 records). */
export const MAX_SIDECARS = 1000;

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const CHAIN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface TxBody {
  readonly chain: string;
  readonly module: string;
  readonly action: string;
  /** Account name of the sender. */
  readonly sender: string;
  /** The sender's next nonce: 0 for its first transaction, then one more each time. */
  readonly nonce: number;
  /** The last block height at which the transaction may be included. */
  readonly expires: number;
  readonly payload: CborMap;
  /** Commitments H(salt ‖ canonical payload) of the off-chain sidecars. */
  readonly sidecars: readonly Uint8Array[];
}

export interface TxSignature {
  /** Signature algorithm id (signature-algs.ts): the suite's default or a post-quantum one. */
  readonly alg: string;
  readonly key: Uint8Array;
  readonly sig: Uint8Array;
}

/** A private key to sign with: a bare secret uses the suite's default algorithm. */
export type TxSigner = Uint8Array | { readonly alg: string; readonly secret: Uint8Array };

export interface SignedTx {
  readonly body: TxBody;
  readonly sigs: readonly TxSignature[];
}

/** A decoded transaction together with the bytes and id computed once. */
export interface DecodedTx extends SignedTx {
  readonly id: Uint8Array;
  readonly bodyBytes: Uint8Array;
  readonly bytes: Uint8Array;
}

function bodyValue(body: TxBody): CborValue {
  return {
    v: TX_VERSION,
    chain: body.chain,
    module: body.module,
    action: body.action,
    sender: body.sender,
    nonce: body.nonce,
    expires: body.expires,
    payload: body.payload,
    sidecars: body.sidecars,
  };
}

export function encodeTxBody(body: TxBody): Uint8Array {
  return encodeCanonical(bodyValue(body));
}

export function txSigningBytes(bodyBytes: Uint8Array): Uint8Array {
  return concatBytes(TX_SIGN_DOMAIN, bodyBytes);
}

export function txId(suite: CryptoSuite, bodyBytes: Uint8Array): Uint8Array {
  return suite.hash(bodyBytes);
}

export function encodeSignedTx(tx: SignedTx): Uint8Array {
  return encodeCanonical({
    body: bodyValue(tx.body),
    sigs: tx.sigs.map((s) => ({ alg: s.alg, key: s.key, sig: s.sig })),
  });
}

/** Signs a body with one or more private keys. */
export function signTx(suite: CryptoSuite, body: TxBody, signers: readonly TxSigner[]): DecodedTx {
  const bodyBytes = encodeTxBody(body);
  const message = txSigningBytes(bodyBytes);
  const sigs = signers.map((signer) => {
    const { alg, secret } = signer instanceof Uint8Array ? { alg: suite.signature, secret: signer } : { alg: getAlg(signer.alg), secret: signer.secret };
    return { alg: alg.id, key: alg.publicKeyOf(secret), sig: alg.sign(secret, message) };
  });
  const bytes = encodeSignedTx({ body, sigs });
  return { body, sigs, bodyBytes, bytes, id: txId(suite, bodyBytes) };
}

function readBody(value: CborValue | undefined): TxBody {
  const m = readMap(value, 'body', ['v', 'chain', 'module', 'action', 'sender', 'nonce', 'expires', 'payload', 'sidecars']);
  readVersion(m.v, 'body.v', TX_VERSION);
  const payload = readMap(m.payload, 'body.payload', [], Object.keys((m.payload ?? {}) as object));
  return {
    chain: readString(m.chain, 'body.chain', 64, CHAIN_ID_PATTERN),
    module: readString(m.module, 'body.module', 32, NAME_PATTERN),
    action: readString(m.action, 'body.action', 32, NAME_PATTERN),
    sender: readString(m.sender, 'body.sender', 64, NAME_PATTERN),
    nonce: readUint(m.nonce, 'body.nonce'),
    expires: readUint(m.expires, 'body.expires'),
    payload,
    sidecars: readArray(m.sidecars, 'body.sidecars', MAX_SIDECARS).map((c, i) => readBytes(c, `body.sidecars[${i}]`, 32)),
  };
}

/**
 * Decodes signed transaction bytes: canonical, well shaped, within size limits. It does not
 * check signatures (see `verifyTxSignatures`) or anything that needs state.
 */
export function decodeSignedTx(suite: CryptoSuite, bytes: Uint8Array): DecodedTx {
  if (bytes.length > MAX_TX_SIZE) {
    throw new CreditChainError('ENCODING_TOO_LARGE', `The transaction is ${bytes.length} bytes; the limit is ${MAX_TX_SIZE}.`, { size: bytes.length, limit: MAX_TX_SIZE });
  }
  const top = readMap(decodeCanonical(bytes, MAX_TX_SIZE), 'transaction', ['body', 'sigs']);
  const body = readBody(top.body);
  const sigList = readArray(top.sigs, 'sigs', MAX_SIGNATURES);
  if (sigList.length === 0) {
    throw new CreditChainError('TX_BAD_SIGNATURE', 'The transaction carries no signature.');
  }
  const sigs = sigList.map((s, i) => {
    const m = readMap(s, `sigs[${i}]`, ['alg', 'key', 'sig']);
    const alg = getAlg(readString(m.alg, `sigs[${i}].alg`, 32));
    return { alg: alg.id, key: readBytes(m.key, `sigs[${i}].key`, alg.publicKeyLength), sig: readBytes(m.sig, `sigs[${i}].sig`, undefined, alg.signatureLength) };
  });
  const bodyBytes = canonicalBodyBytes(bytes);
  return { body, sigs, bodyBytes, bytes, id: txId(suite, bodyBytes) };
}

/**
 * The id of stored signed transaction bytes, without decoding them: the hash of the body's bytes
 * within them. For bytes this node wrote and decoded before (its start-up check), where a full
 * decode of every transaction would cost several times the rest of the check; bytes changed
 * since give another id, or are refused as not a transaction.
 */
export function storedTxId(suite: CryptoSuite, bytes: Uint8Array): Uint8Array {
  return txId(suite, canonicalBodyBytes(bytes));
}

/** A canonical signed transaction's first bytes: a map of two entries, the first keyed "body". */
const BODY_PREFIX = Uint8Array.of(0xa2, 0x64, 0x62, 0x6f, 0x64, 0x79);

/**
 * The body's bytes within canonical signed transaction bytes. Canonical encoding is unique, so
 * they are what encoding the decoded body gives; finding them costs less than encoding again.
 */
function canonicalBodyBytes(bytes: Uint8Array): Uint8Array {
  for (let i = 0; i < BODY_PREFIX.length; i++) {
    if (bytes[i] !== BODY_PREFIX[i]) throw new CreditChainError('INTERNAL', 'A canonical transaction does not start with its body.');
  }
  const end = cborItemEnd(bytes, BODY_PREFIX.length);
  if (end > bytes.length) throw new CreditChainError('INTERNAL', 'A transaction ends inside its body.');
  return bytes.subarray(BODY_PREFIX.length, end);
}

/** Where the CBOR item starting at `at` ends, in bytes already checked to be well formed. */
function cborItemEnd(b: Uint8Array, at: number): number {
  let items = 1;
  while (items > 0) {
    const major = b[at]! >> 5;
    const info = b[at]! & 31;
    let n = info;
    let head = 1;
    if (info === 24) (n = b[at + 1]!), (head = 2);
    else if (info === 25) (n = b[at + 1]! * 0x100 + b[at + 2]!), (head = 3);
    else if (info === 26) (n = b[at + 1]! * 0x1000000 + b[at + 2]! * 0x10000 + b[at + 3]! * 0x100 + b[at + 4]!), (head = 5);
    else if (info === 27) (n = 0), (head = 9); // only an integer's value is this long in a transaction
    at += head;
    items--;
    if (major === 2 || major === 3) at += n;
    else if (major === 4) items += n;
    else if (major === 5) items += 2 * n;
  }
  return at;
}

/**
 * The index of the first signature that does not verify over the body, or -1 when all do (an
 * unknown algorithm throws CRYPTO_UNKNOWN_ALG). Used alike by `verifyTxSignatures` and by a
 * node's verification threads, so both give the same answer.
 */
export function firstBadSignature(bodyBytes: Uint8Array, sigs: readonly TxSignature[]): number {
  const message = txSigningBytes(bodyBytes);
  for (let i = 0; i < sigs.length; i++) {
    const s = sigs[i]!;
    if (!getAlg(s.alg).verify(s.key, message, s.sig)) return i;
  }
  return -1;
}

/** The refusal of a transaction whose signature `index` (from 0) does not verify. */
export function badSignatureError(index: number): CreditChainError {
  return new CreditChainError('TX_BAD_SIGNATURE', `Signature ${index + 1} of the transaction does not verify against its key.`, { index });
}

/** Verifies every signature over the body; throws TX_BAD_SIGNATURE naming the first bad one. */
export function verifyTxSignatures(tx: DecodedTx): void {
  const bad = firstBadSignature(tx.bodyBytes, tx.sigs);
  if (bad >= 0) throw badSignatureError(bad);
}
