// Building and signing transactions on the client side: the generic `buildTx`, the
// evidence.anchor batch `buildAnchorTx`, and `planAnchorBatches`, which splits many hashes
// into transactions that each fit the batch and size limits.
import {
  CreditChainError,
  MAX_TX_SIZE,
  encodeCanonical,
  getSuite,
  signTx,
  toHex,
  type CborMap,
  type CryptoSuite,
  type DecodedTx,
} from '@creditchain/core';
import { batchOfItems } from '@creditchain/ledger';

/** Default of the chain parameter maxAnchorBatch: the most hashes one anchor transaction holds. */
export const DEFAULT_MAX_ANCHOR_BATCH = 10_000;
/** The longest label of an anchored item, in characters. */
export const MAX_ANCHOR_LABEL = 256;

export interface AnchorItemInput {
  /** The document's hash under the chain's suite (32 bytes). */
  readonly hash: Uint8Array;
  /** An optional label, e.g. the file name. */
  readonly label?: string;
}

export interface TxSigner {
  /** The chain's crypto suite, or its id ("intl"). */
  readonly suite: CryptoSuite | string;
  readonly chainId: string;
  /** Account name of the sender. */
  readonly sender: string;
  /** The sender's next nonce (GET /v1/accounts/:name). */
  readonly nonce: number;
  /** The last block height at which the transaction may be included. */
  readonly expires: number;
  /** The sender's private seed, or several for a multi-signature account. */
  readonly seed: Uint8Array | readonly Uint8Array[];
}

export interface TxInput extends TxSigner {
  readonly module: string;
  readonly action: string;
  readonly payload: CborMap;
  readonly sidecars?: readonly Uint8Array[];
}

/** Signs a transaction body; returns its bytes (to submit) and id. */
export function buildTx(input: TxInput): DecodedTx {
  const suite = typeof input.suite === 'string' ? getSuite(input.suite) : input.suite;
  const seeds = input.seed instanceof Uint8Array ? [input.seed] : [...input.seed];
  if (seeds.length === 0) throw new CreditChainError('CRYPTO_BAD_KEY', 'A transaction needs at least one signing key.');
  return signTx(
    suite,
    {
      chain: input.chainId,
      module: input.module,
      action: input.action,
      sender: input.sender,
      nonce: input.nonce,
      expires: input.expires,
      payload: input.payload,
      sidecars: input.sidecars ?? [],
    },
    seeds,
  );
}

function itemValue(item: AnchorItemInput, i: number, hashLength: number): CborMap {
  if (!(item?.hash instanceof Uint8Array) || item.hash.length !== hashLength) {
    throw new CreditChainError('TX_BAD_PAYLOAD', `Anchor item ${i} needs a ${hashLength}-byte hash.`, { index: i });
  }
  if (item.label === undefined) return { hash: item.hash };
  if (typeof item.label !== 'string' || item.label.length > MAX_ANCHOR_LABEL) {
    throw new CreditChainError('TX_BAD_PAYLOAD', `The label of anchor item ${i} must be text of at most ${MAX_ANCHOR_LABEL} characters.`, { index: i });
  }
  return { hash: item.hash, label: item.label };
}

/**
 * Builds and signs an evidence.anchor transaction for a batch of document hashes. `packed` sends
 * the hashes as one byte string (`{hashes}`), 32 bytes an item against 40 and far less for the
 * nodes to decode; a chain takes it from protocol version 3 (`client.params()`), and it carries
 * no labels. The batch's tree, and so every receipt, is the same in either form.
 */
export function buildAnchorTx(input: TxSigner & { readonly items: readonly AnchorItemInput[]; readonly packed?: boolean }): DecodedTx {
  const suite = typeof input.suite === 'string' ? getSuite(input.suite) : input.suite;
  if (!Array.isArray(input.items) || input.items.length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'An anchor batch needs at least one hash.');
  const seen = new Set<string>();
  const items = input.items.map((it, i) => {
    const v = itemValue(it, i, suite.hashLength);
    const key = toHex(it.hash);
    if (seen.has(key)) throw new CreditChainError('EVIDENCE_DUPLICATE_IN_BATCH', `The hash ${key} appears more than once in the batch (again at item ${i}).`, { hash: key, index: i });
    seen.add(key);
    if (input.packed === true && it.label !== undefined) {
      throw new CreditChainError('TX_BAD_PAYLOAD', `Anchor item ${i} has a label, which a packed batch cannot carry: send labelled items unpacked.`, { index: i });
    }
    return v;
  });
  if (input.packed !== true) return buildTx({ ...input, suite, module: 'evidence', action: 'anchor', payload: { items } });
  return buildTx({ ...input, suite, module: 'evidence', action: 'anchor', payload: { hashes: batchOfItems(input.items).hashes } });
}

/**
 * Splits items into consecutive batches of at most `maxItems` hashes whose transactions stay
 * under `maxBytes` (the node's limit less room for the envelope and signatures). Pure.
 */
export function planAnchorBatches<T extends AnchorItemInput>(items: readonly T[], opts: { maxItems?: number; maxBytes?: number } = {}): T[][] {
  const maxItems = opts.maxItems ?? DEFAULT_MAX_ANCHOR_BATCH;
  const maxBytes = opts.maxBytes ?? MAX_TX_SIZE - 4096;
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = encodeCanonical(item.label === undefined ? { hash: item.hash } : { hash: item.hash, label: item.label }).length;
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
