// Block headers and log entries.
//
// A block header commits to everything the block changed: its transactions (txRoot, an RFC 9162
// root over the transaction ids in block order), the global transaction log after it (logSize,
// logRoot), the state (stateRoot, the sparse Merkle tree root) and the results (resultsRoot,
// an RFC 9162 root over the canonical results in block order). Its hash is H(canonical header).
//
// A log entry is the leaf of the global transaction log for one committed transaction. It is
// small on purpose: a receipt carries one entry, not the transaction, and the entry carries a
// module's commitment (for evidence.anchor, the Merkle root of the anchored batch).
import { decodeCanonical, encodeCanonical } from './canonical.js';
import { CHAIN_ID_PATTERN, NAME_PATTERN } from './tx.js';
import { readBytes, readMap, readString, readUint, readVersion } from './shape.js';

export const HEADER_VERSION = 1;
export const LOG_ENTRY_VERSION = 1;
const MAX_RESULT_CODE = 64;

export interface BlockHeader {
  readonly chain: string;
  readonly height: number;
  /** Block time, milliseconds since the Unix epoch (UTC). The only clock the ledger knows. */
  readonly time: number;
  readonly prev: Uint8Array;
  readonly txCount: number;
  readonly txRoot: Uint8Array;
  readonly logSize: number;
  readonly logRoot: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly resultsRoot: Uint8Array;
  /** Public key of the node (solo) or validator that proposed the block. */
  readonly proposer: Uint8Array;
  /** Hash of the validator set that signs checkpoints for this block. */
  readonly validators: Uint8Array;
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  return encodeCanonical({
    v: HEADER_VERSION,
    chain: h.chain,
    height: h.height,
    time: h.time,
    prev: h.prev,
    txCount: h.txCount,
    txRoot: h.txRoot,
    logSize: h.logSize,
    logRoot: h.logRoot,
    stateRoot: h.stateRoot,
    resultsRoot: h.resultsRoot,
    proposer: h.proposer,
    validators: h.validators,
  });
}

export function decodeHeader(bytes: Uint8Array): BlockHeader {
  const m = readMap(decodeCanonical(bytes, 4096), 'header', ['v', 'chain', 'height', 'time', 'prev', 'txCount', 'txRoot', 'logSize', 'logRoot', 'stateRoot', 'resultsRoot', 'proposer', 'validators']);
  readVersion(m.v, 'header.v', HEADER_VERSION);
  return {
    chain: readString(m.chain, 'header.chain', 64, CHAIN_ID_PATTERN),
    height: readUint(m.height, 'header.height'),
    time: readUint(m.time, 'header.time'),
    prev: readBytes(m.prev, 'header.prev', 32),
    txCount: readUint(m.txCount, 'header.txCount'),
    txRoot: readBytes(m.txRoot, 'header.txRoot', 32),
    logSize: readUint(m.logSize, 'header.logSize'),
    logRoot: readBytes(m.logRoot, 'header.logRoot', 32),
    stateRoot: readBytes(m.stateRoot, 'header.stateRoot', 32),
    resultsRoot: readBytes(m.resultsRoot, 'header.resultsRoot', 32),
    proposer: readBytes(m.proposer, 'header.proposer', undefined, 64),
    validators: readBytes(m.validators, 'header.validators', 32),
  };
}

export interface LogEntry {
  readonly chain: string;
  /** Position of this entry in the global log. */
  readonly index: number;
  readonly height: number;
  readonly time: number;
  readonly tx: Uint8Array;
  readonly sender: string;
  readonly module: string;
  readonly action: string;
  /** "ok" or the error code the transaction failed with. */
  readonly code: string;
  /** What the module commits to for this transaction (32 bytes, or empty). */
  readonly commitment: Uint8Array;
}

export function encodeLogEntry(e: LogEntry): Uint8Array {
  return encodeCanonical({
    v: LOG_ENTRY_VERSION,
    chain: e.chain,
    index: e.index,
    height: e.height,
    time: e.time,
    tx: e.tx,
    sender: e.sender,
    module: e.module,
    action: e.action,
    code: e.code,
    commitment: e.commitment,
  });
}

export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  const m = readMap(decodeCanonical(bytes, 4096), 'log entry', ['v', 'chain', 'index', 'height', 'time', 'tx', 'sender', 'module', 'action', 'code', 'commitment']);
  readVersion(m.v, 'entry.v', LOG_ENTRY_VERSION);
  return {
    chain: readString(m.chain, 'entry.chain', 64, CHAIN_ID_PATTERN),
    index: readUint(m.index, 'entry.index'),
    height: readUint(m.height, 'entry.height'),
    time: readUint(m.time, 'entry.time'),
    tx: readBytes(m.tx, 'entry.tx', 32),
    sender: readString(m.sender, 'entry.sender', 64, NAME_PATTERN),
    module: readString(m.module, 'entry.module', 32, NAME_PATTERN),
    action: readString(m.action, 'entry.action', 32, NAME_PATTERN),
    code: readString(m.code, 'entry.code', MAX_RESULT_CODE),
    commitment: readBytes(m.commitment, 'entry.commitment', undefined, 32),
  };
}
