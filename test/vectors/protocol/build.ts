// Builds the CreditChain protocol test vectors (test/vectors/protocol/vectors.json) from fixed
// seeds and a fixed genesis, with the code of this repository. Pure: no clock, no randomness,
// no I/O. `generate.ts` writes the result; `test/protocol-vectors.test.ts` rebuilds it and
// compares it with the committed file byte for byte, so a change of any wire format shows.
//
// Every byte string is lowercase hex. Values are also given in CBOR diagnostic notation
// (RFC 8949 §8: h'…' for byte strings, map keys in canonical order) so a reader can rebuild
// them in another language.
import {
  MemoryLogStore,
  MemoryStateStore,
  TX_SIGN_DOMAIN,
  compareBytes,
  concatBytes,
  decodeCanonical,
  encodeCanonical,
  encodeStateProof,
  formatCheckpoint,
  formatVerifierKey,
  fromHex,
  inclusionProof,
  inclusionProofOf,
  intlSuite,
  leafHash,
  noteKeyId,
  proveKey,
  proveStateKeys,
  rootAt,
  sha256,
  signNote,
  signTx,
  toBase64,
  toHex,
  txSigningBytes,
  utf8,
  type BlockHeader,
  type CborValue,
  type CreditChainError,
  type CryptoSuite,
  type DecodedTx,
  type LogEntry,
  type TxBody,
} from '@creditchain/core';
import {
  accountKey,
  categoryToCbor,
  scoringModelToCbor,
  STANDARD_CATEGORIES,
  STANDARD_MODEL,
  anchoringKey,
  batchLeafHashes,
  batchOfItems,
  batchRoot,
  encodeAnchorItem,
  encodeResultLeaf,
  executeBlock,
  executeGenesis,
  DEFAULT_PARAMS,
  FIRST_PROTOCOL_VERSION,
  withoutFirstVersion,
  genesisHash,
  genesisToJson,
  stateKey,
  type AnchorItem,
  type BlockOutcome,
  type Genesis,
  type LedgerReaders,
  type StateReader,
} from '@creditchain/ledger';
import { RECEIPT_TYPE, receiptProofSize, type EvidenceReceipt } from '@creditchain/sdk';

export const VECTORS_PATH = 'test/vectors/protocol/vectors.json';
export const GENERATE_COMMAND = 'npm run vectors:protocol';
export const GENERATE_COMMAND_LONG = 'npx vite-node --config vitest.config.ts test/vectors/protocol/generate.ts';

const suite: CryptoSuite = intlSuite;
const hex = toHex;

// --- diagnostic notation -------------------------------------------------------------------------

function encodedKeyOrder(a: string, b: string): number {
  return compareBytes(encodeCanonical(a), encodeCanonical(b));
}

/** RFC 8949 §8 diagnostic notation of a value of the canonical subset, map keys in canonical order. */
export function diag(v: CborValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `h'${hex(v)}'`;
  if (Array.isArray(v)) return `[${v.map((x) => diag(x)).join(', ')}]`;
  const m = v as { readonly [k: string]: CborValue };
  return `{${Object.keys(m)
    .sort(encodedKeyOrder)
    .map((k) => `${JSON.stringify(k)}: ${diag(m[k]!)}`)
    .join(', ')}}`;
}

// --- canonical encoding examples -----------------------------------------------------------------

const CANONICAL_VALID: ReadonlyArray<{ name: string; value: CborValue }> = [
  { name: 'zero', value: 0 },
  { name: 'uint 23 (in the head byte)', value: 23 },
  { name: 'uint 24 (one extra byte)', value: 24 },
  { name: 'uint 2^53 - 1 (largest record integer)', value: 2 ** 53 - 1 },
  { name: 'uint 2^64 - 1 (largest encodable)', value: 2n ** 64n - 1n },
  { name: 'negative -1', value: -1 },
  { name: 'negative -2^64 (smallest encodable)', value: -(2n ** 64n) },
  { name: 'empty byte string', value: new Uint8Array(0) },
  { name: 'byte string', value: Uint8Array.of(0x01, 0x02, 0x03) },
  { name: 'text, UTF-8', value: 'é' },
  { name: 'true, false, null', value: [true, false, null] },
  { name: 'map keys in bytewise order of their encodings: shorter first', value: { b: 1, a: 2, aa: 3, '': 0 } },
  { name: 'nested', value: { list: [1, [2, 3]], map: { x: Uint8Array.of(0xff) } } },
];

const CANONICAL_INVALID: ReadonlyArray<{ name: string; hex: string }> = [
  { name: 'integer not in its shortest form (1 as 0x18 0x01)', hex: '1801' },
  { name: 'length not in its shortest form (text "a" with 0x78 0x01)', hex: '780161' },
  { name: 'map keys out of order ({"b": 1, "a": 2})', hex: 'a2616201616102' },
  { name: 'duplicate map key', hex: 'a2616101616102' },
  { name: 'integer map key', hex: 'a10102' },
  { name: 'byte-string map key', hex: 'a1410102' },
  { name: 'float16 1.0 standing for the integer 1', hex: 'f93c00' },
  { name: 'float64 1.0', hex: 'fb3ff0000000000000' },
  { name: 'float16 -0.0', hex: 'f98000' },
  { name: 'float16 NaN', hex: 'f97e00' },
  { name: 'indefinite-length array', hex: '9fff' },
  { name: 'indefinite-length text', hex: '7f6161ff' },
  { name: 'tag 1 (epoch time)', hex: 'c11a00000000' },
  { name: 'undefined', hex: 'f7' },
  { name: 'simple value 0', hex: 'e0' },
  { name: 'trailing bytes after the value', hex: '0000' },
  { name: 'text that is not UTF-8', hex: '61ff' },
  { name: 'text holding an encoded lone surrogate (U+D800)', hex: '63eda080' },
  { name: 'map key "__proto__"', hex: 'a1695f5f70726f746f5f5f01' },
  { name: 'text beginning with U+FEFF (a byte-order mark, which decoders drop)', hex: '64efbbbf61' },
];

function canonicalSection() {
  return {
    valid: CANONICAL_VALID.map(({ name, value }) => ({ name, diag: diag(value), hex: hex(encodeCanonical(value)) })),
    invalid: CANONICAL_INVALID.map(({ name, hex: h }) => ({ name, hex: h, error: decodeError(h) })),
  };
}

function decodeError(h: string): string {
  try {
    decodeCanonical(Uint8Array.from(Buffer.from(h, 'hex')));
  } catch (e) {
    return (e as CreditChainError).code;
  }
  return 'ACCEPTED';
}

// --- fixed keys and genesis ----------------------------------------------------------------------

export const SEEDS = {
  alice: new Uint8Array(32).fill(0x01),
  node: new Uint8Array(32).fill(0x02),
  bob: new Uint8Array(32).fill(0x03),
} as const;

export const NODE_KEY_NAME = 'vectors-node';
export const CHAIN_ID = 'vectors';
/** 2026-01-01T00:00:00Z. */
export const GENESIS_TIME = 1_767_225_600_000;
export const BLOCK1_TIME = GENESIS_TIME + 1_000;

const pub = (seed: Uint8Array) => suite.publicKeyOf(seed);

export function vectorGenesis(): Genesis {
  return {
    chainId: CHAIN_ID,
    cryptoSuite: 'intl',
    genesisTime: GENESIS_TIME,
    // A chain of protocol version 1, whose anchors keep a state entry per hash: the state-proof
    // vectors prove those entries. Version 2 changes no format, only that an anchor writes no
    // state (docs/protocol.md, "Protocol versions").
    params: { ...DEFAULT_PARAMS, protocolVersion: FIRST_PROTOCOL_VERSION },
    orgs: [{ id: 'regulator', name: 'Regulator', type: 'regulator', weight: 1, roles: ['admin', 'submitter'], categories: [] }],
    accounts: [
      { name: 'alice', org: 'regulator', subject: null, roles: ['submitter'], keys: [{ alg: 'ed25519', key: pub(SEEDS.alice) }], threshold: 1 },
      { name: 'bob', org: 'regulator', subject: null, roles: ['submitter'], keys: [{ alg: 'ed25519', key: pub(SEEDS.bob) }], threshold: 1 },
    ],
    // One category and the standard model keep the vector short; a real genesis lists more.
    credit: { categories: STANDARD_CATEGORIES.filter((c) => c.code === 'loan-overdue'), models: [STANDARD_MODEL] },
  };
}

function genesisCanonical(g: Genesis): Uint8Array {
  // The value genesisHash hashes (ledger/src/genesis.ts), spelled out so the vector shows its bytes.
  return encodeCanonical({
    chainId: g.chainId,
    cryptoSuite: g.cryptoSuite,
    genesisTime: g.genesisTime,
    params: withoutFirstVersion(g.params),
    orgs: g.orgs.map((o) => ({ id: o.id, name: o.name, type: o.type, weight: o.weight, roles: [...o.roles], categories: [...o.categories] })),
    accounts: g.accounts.map((a) => ({ name: a.name, org: a.org, subject: a.subject, roles: [...a.roles], keys: a.keys.map((k) => ({ alg: k.alg, key: k.key })), threshold: a.threshold })),
    credit: { categories: g.credit.categories.map(categoryToCbor), models: g.credit.models.map(scoringModelToCbor) },
  });
}

// --- transactions --------------------------------------------------------------------------------

export const DOCUMENTS = ['document 1', 'document 2', 'document 3'] as const;
const docHash = (i: number) => sha256(utf8(DOCUMENTS[i]!));

export function batchItems(): AnchorItem[] {
  return [{ hash: docHash(0), label: 'contract-001.pdf' }, { hash: docHash(1) }, { hash: docHash(2) }];
}

const SIDECAR_COMMITMENT = sha256(utf8('sidecar of bob'));

function txBodies(): Array<{ name: string; body: TxBody; seed: Uint8Array; expect: string }> {
  const itemsValue = (items: readonly AnchorItem[]): CborValue[] => items.map((it): CborValue => (it.label === undefined ? { hash: it.hash } : { hash: it.hash, label: it.label }));
  return [
    {
      name: 'alice anchors three hashes',
      seed: SEEDS.alice,
      expect: 'ok: the three hashes are anchored',
      body: { chain: CHAIN_ID, module: 'evidence', action: 'anchor', sender: 'alice', nonce: 0, expires: 100, payload: { items: itemsValue(batchItems()) }, sidecars: [] },
    },
    {
      name: 'bob anchors a hash alice anchored first, with a sidecar commitment',
      seed: SEEDS.bob,
      expect: 'ok: anchored 0, alreadyAnchored 1 (the first anchoring stands)',
      body: { chain: CHAIN_ID, module: 'evidence', action: 'anchor', sender: 'bob', nonce: 0, expires: 100, payload: { items: [{ hash: docHash(0) }] }, sidecars: [SIDECAR_COMMITMENT] },
    },
    {
      name: 'alice reuses nonce 0',
      seed: SEEDS.alice,
      expect: 'TX_BAD_NONCE: in the block and the log, state unchanged, empty commitment',
      body: { chain: CHAIN_ID, module: 'evidence', action: 'anchor', sender: 'alice', nonce: 0, expires: 101, payload: { items: [{ hash: docHash(2) }] }, sidecars: [] },
    },
  ];
}

function bodyDiag(body: TxBody): string {
  return diag({ v: 1, chain: body.chain, module: body.module, action: body.action, sender: body.sender, nonce: body.nonce, expires: body.expires, payload: body.payload, sidecars: body.sidecars });
}

// --- a chain in memory ---------------------------------------------------------------------------

class MapState implements StateReader {
  readonly values = new Map<string, Uint8Array>();
  getState(key: Uint8Array): Uint8Array | undefined {
    return this.values.get(hex(key));
  }
}

interface MemoryChain {
  readonly readers: LedgerReaders;
  readonly state: MapState;
  readonly stateNodes: MemoryStateStore;
  readonly logNodes: MemoryLogStore;
  readonly entryBytes: Uint8Array[];
}

function memoryChain(): MemoryChain {
  const state = new MapState();
  const stateNodes = new MemoryStateStore();
  const logNodes = new MemoryLogStore();
  return { readers: { state, stateNodes, logNodes }, state, stateNodes, logNodes, entryBytes: [] };
}

function commit(chain: MemoryChain, outcome: BlockOutcome): void {
  for (const w of outcome.stateWrites) {
    if (w.value === null) chain.state.values.delete(hex(w.key));
    else chain.state.values.set(hex(w.key), w.value);
  }
  chain.stateNodes.putAll(outcome.stateNodes);
  chain.logNodes.putAll(outcome.logNodes);
  chain.entryBytes.push(...outcome.entryBytes);
}

function headerJson(h: BlockHeader) {
  return {
    chain: h.chain,
    height: h.height,
    time: h.time,
    prev: hex(h.prev),
    txCount: h.txCount,
    txRoot: hex(h.txRoot),
    logSize: h.logSize,
    logRoot: hex(h.logRoot),
    stateRoot: hex(h.stateRoot),
    resultsRoot: hex(h.resultsRoot),
    proposer: hex(h.proposer),
    validators: hex(h.validators),
  };
}

function entryJson(e: LogEntry) {
  return { chain: e.chain, index: e.index, height: e.height, time: e.time, tx: hex(e.tx), sender: e.sender, module: e.module, action: e.action, code: e.code, commitment: hex(e.commitment) };
}

/** Names of the state keys the vectors touch, so a state write can say what it is. */
function stateKeyNames(): Map<string, { module: string; key: string }> {
  const names = new Map<string, { module: string; key: string }>();
  for (const name of ['alice', 'bob']) names.set(hex(accountKey(suite, name)), { module: 'identity', key: `"account/${name}"` });
  for (const key of ['orgs', 'org/regulator']) names.set(hex(stateKey(suite, 'identity', key)), { module: 'identity', key: `"${key}"` });
  names.set(hex(stateKey(suite, 'governance', 'params')), { module: 'governance', key: '"params"' });
  for (const key of ['clock', 'categories', 'category/loan-overdue', 'models', 'model/1']) names.set(hex(stateKey(suite, 'credit', key)), { module: 'credit', key: `"${key}"` });
  for (let i = 0; i < DOCUMENTS.length; i++) names.set(hex(anchoringKey(suite, docHash(i))), { module: 'evidence', key: `h'${hex(docHash(i))}'` });
  return names;
}

function blockJson(outcome: BlockOutcome) {
  const names = stateKeyNames();
  return {
    height: outcome.header.height,
    header: headerJson(outcome.header),
    headerHex: hex(outcome.headerBytes),
    hash: hex(outcome.hash),
    txIds: outcome.txs.map((t) => hex(t.id)),
    txLeafHashes: outcome.txs.map((t) => hex(leafHash(suite.hash, t.id))),
    results: outcome.results.map((r, i) => {
      const bytes = encodeResultLeaf(outcome.txs[i]!.id, r);
      return { diag: diag(decodeCanonical(bytes)), hex: hex(bytes), leafHash: hex(leafHash(suite.hash, bytes)) };
    }),
    entries: outcome.entries.map((e, i) => ({ entry: entryJson(e), hex: hex(outcome.entryBytes[i]!), leafHash: hex(leafHash(suite.hash, outcome.entryBytes[i]!)) })),
    stateWrites: outcome.stateWrites
      .slice()
      .sort((a, b) => compareBytes(a.key, b.key))
      .map((w) => ({
        ...(names.get(hex(w.key)) ?? { module: '?', key: '?' }),
        stateKey: hex(w.key),
        value: w.value === null ? null : hex(w.value),
        valueDiag: w.value === null ? null : diag(decodeCanonical(w.value)),
        valueHash: w.value === null ? null : hex(suite.hash(w.value)),
      })),
  };
}

function stateProofJson(chain: MemoryChain, root: Uint8Array, name: string, module: string, key: string | Uint8Array) {
  const k = stateKey(suite, module, key);
  const value = chain.state.getState(k) ?? null;
  const proof = proveKey(suite.hash, chain.stateNodes, root, k);
  return {
    name,
    module,
    key: typeof key === 'string' ? `"${key}"` : `h'${hex(key)}'`,
    stateKey: hex(k),
    root: hex(root),
    value: value === null ? null : hex(value),
    valueHash: value === null ? null : hex(suite.hash(value)),
    siblings: proof.siblings.map(hex),
    terminal: proof.terminal.kind === 'empty' ? null : { key: hex(proof.terminal.key), valueHash: hex(proof.terminal.valueHash) },
    proofHex: hex(encodeStateProof(proof)),
    proofDiag: diag(decodeCanonical(encodeStateProof(proof))),
  };
}

/** The first hash SHA-256("never anchored <i>") whose proof walk ends on an empty subtree. */
function hashEndingOnEmpty(chain: MemoryChain, root: Uint8Array): Uint8Array {
  for (let i = 0; i < 1000; i++) {
    const h = sha256(utf8(`never anchored ${i}`));
    if (proveKey(suite.hash, chain.stateNodes, root, anchoringKey(suite, h)).terminal.kind === 'empty') return h;
  }
  throw new Error('no key found whose proof ends on an empty subtree');
}

// --- receipt sizes -------------------------------------------------------------------------------

/** The size of a receipt for one hash of a 10,000-hash batch, in a log of 2^logBits entries. */
function receiptSize(logBits: number, batchHashes: number, node: { name: string; seed: Uint8Array }) {
  const logSize = 2 ** logBits;
  const index = logSize - 1;
  const height = logSize / 4; // any plausible height: only its encoded length matters
  const filler = (n: number) => Array.from({ length: n }, (_, i) => sha256(Uint8Array.of(logBits, i)));
  const entry = encodeCanonicalEntry({
    chain: CHAIN_ID, index, height, time: GENESIS_TIME + height * 1000, tx: sha256(utf8('tx')), sender: 'alice', module: 'evidence', action: 'anchor', code: 'ok', commitment: sha256(utf8('batch root')),
  });
  const checkpoint = signNote(formatCheckpoint({ origin: `creditchain/${CHAIN_ID}`, size: logSize, rootHash: sha256(utf8('log root')), height, stateRoot: sha256(utf8('state root')) }), [node]);
  const batchPath = filler(batchHashes);
  const logPath = filler(logBits);
  const receipt: EvidenceReceipt = {
    type: RECEIPT_TYPE,
    chainId: CHAIN_ID,
    suite: 'intl',
    hash: hex(docHash(0)),
    batch: { position: 0, size: 10_000, proof: batchPath.map(hex) },
    entry: toBase64(entry),
    log: { index, size: logSize, proof: logPath.map(hex) },
    checkpoint,
    verifierKey: formatVerifierKey(node.name, pub(node.seed)),
  };
  const checkpointBytes = utf8(checkpoint).length;
  return {
    logSize: `2^${logBits}`,
    batchSize: 10_000,
    batchPathHashes: batchHashes,
    logPathHashes: logBits,
    pathBytes: 32 * (batchHashes + logBits),
    entryBytes: entry.length,
    checkpointBytes,
    rawTotalBytes: 32 * (batchHashes + logBits) + entry.length + checkpointBytes,
    cborBytes: receiptProofSize(receipt),
    jsonBytes: utf8(JSON.stringify(receipt)).length,
  };
}

function encodeCanonicalEntry(e: LogEntry): Uint8Array {
  return encodeCanonical({ v: 1, chain: e.chain, index: e.index, height: e.height, time: e.time, tx: e.tx, sender: e.sender, module: e.module, action: e.action, code: e.code, commitment: e.commitment });
}

// --- everything ----------------------------------------------------------------------------------

export function buildProtocolVectors() {
  const genesis = vectorGenesis();
  const node = { name: NODE_KEY_NAME, seed: SEEDS.node };
  const nodePub = pub(SEEDS.node);
  const validators = suite.hash(nodePub);

  // Transactions.
  const txs: DecodedTx[] = [];
  const txJson = txBodies().map(({ name, body, seed, expect }) => {
    const tx = signTx(suite, body, [seed]);
    txs.push(tx);
    return {
      name,
      expect,
      bodyDiag: bodyDiag(body),
      bodyHex: hex(tx.bodyBytes),
      signingBytesHex: hex(txSigningBytes(tx.bodyBytes)),
      sigs: tx.sigs.map((s) => ({ alg: s.alg, key: hex(s.key), sig: hex(s.sig) })),
      signedHex: hex(tx.bytes),
      id: hex(tx.id),
    };
  });

  // The anchor batch of the first transaction.
  const items = batchItems();
  const leaves = batchLeafHashes(suite, batchOfItems(items));
  const batch = {
    items: items.map((it, i) => ({
      document: DOCUMENTS[i],
      hash: hex(it.hash),
      ...(it.label === undefined ? {} : { label: it.label }),
      leafDiag: diag(decodeCanonical(encodeAnchorItem(it))),
      leafHex: hex(encodeAnchorItem(it)),
      leafHash: hex(leaves[i]!),
    })),
    root: hex(batchRoot(suite, batchOfItems(items))),
    proofs: items.map((_, i) => ({ index: i, size: items.length, path: inclusionProofOf(suite.hash, leaves, i).map(hex) })),
  };

  // The same documents' hashes packed (protocol version 3): the batch of their items {hash},
  // without labels, so its own leaves and root.
  const packedHashes = concatBytes(...items.map((it) => it.hash));
  const packedPayload = { hashes: packedHashes };
  const packedLeaves = batchLeafHashes(suite, { hashes: packedHashes });
  const anchorBatchPacked = {
    payloadDiag: diag(packedPayload),
    payloadHex: hex(encodeCanonical(packedPayload)),
    leafHexes: items.map((it) => hex(encodeAnchorItem({ hash: it.hash }))),
    leafHashes: packedLeaves.map(hex),
    root: hex(batchRoot(suite, { hashes: packedHashes })),
  };

  // Block 0 and block 1, over in-memory stores.
  const chain = memoryChain();
  const b0 = executeGenesis(suite, genesis, chain.readers, nodePub, validators);
  commit(chain, b0);
  const b1 = executeBlock(suite, genesis, chain.readers, {
    prev: { header: b0.header, hash: b0.hash },
    time: BLOCK1_TIME,
    txs,
    proposer: nodePub,
    validators,
    verifySignatures: true,
  });
  commit(chain, b1);

  const logSize = b1.header.logSize;
  const log = {
    size: logSize,
    root: hex(rootAt(suite.hash, chain.logNodes, logSize)),
    proofs: chain.entryBytes.map((_, i) => ({ index: i, size: logSize, path: inclusionProof(suite.hash, chain.logNodes, i, logSize).map(hex) })),
  };

  // The checkpoint of block 1, signed by the node key.
  const checkpointBody = formatCheckpoint({ origin: `creditchain/${CHAIN_ID}`, size: b1.header.logSize, rootHash: b1.header.logRoot, height: b1.header.height, stateRoot: b1.header.stateRoot });
  const checkpoint = {
    keyName: NODE_KEY_NAME,
    publicKey: hex(nodePub),
    keyIdHex: noteKeyId(NODE_KEY_NAME, nodePub).toString(16).padStart(8, '0'),
    verifierKey: formatVerifierKey(NODE_KEY_NAME, nodePub),
    body: checkpointBody,
    signed: signNote(checkpointBody, [node]),
  };

  // State proofs against block 1's state root.
  const root = b1.header.stateRoot;
  const stateProofs = [
    stateProofJson(chain, root, 'membership: account alice', 'identity', 'account/alice'),
    stateProofJson(chain, root, 'membership: the first anchoring of document 1', 'evidence', docHash(0)),
    stateProofJson(chain, root, 'non-membership: account carol', 'identity', 'account/carol'),
    stateProofJson(chain, root, 'non-membership: a hash never anchored (the walk ends on another leaf)', 'evidence', sha256(utf8('never anchored'))),
    stateProofJson(chain, root, 'non-membership: a hash never anchored (the walk ends on an empty subtree)', 'evidence', hashEndingOnEmpty(chain, root)),
  ];

  // One multiproof of the same five keys (in their order above; the proof walks them sorted).
  const stateMultiproof = {
    root: hex(root),
    entries: stateProofs.map((p) => ({ stateKey: p.stateKey, value: p.value })),
    proofHex: hex(proveStateKeys(chain.stateNodes, root, stateProofs.map((p) => fromHex(p.stateKey)))),
  };

  // The evidence receipt of document 1 (position 0 of alice's batch, log entry 0).
  const receipt: EvidenceReceipt = {
    type: RECEIPT_TYPE,
    chainId: CHAIN_ID,
    suite: 'intl',
    hash: hex(items[0]!.hash),
    label: items[0]!.label!,
    batch: { position: 0, size: items.length, proof: batch.proofs[0]!.path },
    entry: toBase64(chain.entryBytes[0]!),
    log: { index: 0, size: logSize, proof: log.proofs[0]!.path },
    checkpoint: checkpoint.signed,
    verifierKey: checkpoint.verifierKey,
  };

  return {
    description:
      'CreditChain protocol test vectors: canonical CBOR, keys, transactions, anchor batch, blocks 0 and 1, log, checkpoint, state proofs, a state multiproof, an evidence receipt and receipt sizes. docs/protocol.md describes every format.',
    generatedBy: 'test/vectors/protocol/generate.ts (values built by test/vectors/protocol/build.ts with the code of this repository)',
    regenerate: `${GENERATE_COMMAND} (= ${GENERATE_COMMAND_LONG})`,
    checkedBy: 'test/protocol-vectors.test.ts: rebuilds every value and requires byte equality',
    conventions: 'Byte strings are lowercase hex unless a field says base64. Times are milliseconds since the Unix epoch (UTC). *Diag fields are RFC 8949 §8 diagnostic notation with map keys in canonical order.',
    suite: { id: suite.id, hash: suite.hashName, signature: suite.signatureName },
    canonical: canonicalSection(),
    keys: {
      alice: { seed: hex(SEEDS.alice), publicKey: hex(pub(SEEDS.alice)) },
      bob: { seed: hex(SEEDS.bob), publicKey: hex(pub(SEEDS.bob)) },
      node: { seed: hex(SEEDS.node), publicKey: hex(nodePub), validatorsHash: hex(validators) },
    },
    genesis: {
      json: genesisToJson(genesis),
      canonicalHex: hex(genesisCanonical(genesis)),
      canonicalDiag: diag(decodeCanonical(genesisCanonical(genesis))),
      hash: hex(genesisHash(suite, genesis)),
    },
    txSignDomainHex: hex(TX_SIGN_DOMAIN),
    transactions: txJson,
    anchorBatch: batch,
    anchorBatchPacked,
    blocks: [blockJson(b0), blockJson(b1)],
    log,
    checkpoint,
    stateProofs,
    stateMultiproof,
    receipt,
    receiptSizes: [receiptSize(20, 14, node), receiptSize(30, 14, node)],
  };
}

export type ProtocolVectors = ReturnType<typeof buildProtocolVectors>;

/** The file's exact text: two-space JSON and a final newline. */
export function renderProtocolVectors(): string {
  return `${JSON.stringify(buildProtocolVectors(), null, 2)}\n`;
}
