// The protocol test vectors (test/vectors/protocol/vectors.json, described in docs/protocol.md).
//
// Part 1 rebuilds the whole file with the code and requires it byte for byte: a change of any
// wire format fails here, and the vectors are regenerated on purpose or not at all.
// Part 2 checks the committed values against each other, the way a client in another language
// would check itself against the file: hashes of bytes, signatures, Merkle roots and proofs,
// decoders, the checkpoint and the receipt.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CreditChainError,
  MemoryStateStore,
  applyBatch,
  concatBytes,
  decodeCanonical,
  decodeHeader,
  decodeLogEntry,
  decodeSignedTx,
  decodeStateProof,
  emptyRoot,
  encodeCanonical,
  encodeHeader,
  encodeTxBody,
  formatVerifierKey,
  fromBase64,
  fromHex,
  inclusionProofOf,
  intlSuite,
  leafHash,
  merkleRoot,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  rootFromInclusionProof,
  sha256,
  signNote,
  toBase64,
  toHex,
  utf8,
  verifyInclusion,
  verifyStateMultiproofValues,
  verifyStateProof,
  verifyTxSignatures,
  type CborValue,
} from '@creditchain/core';
import { genesisHash, parseGenesis, stateKey } from '@creditchain/ledger';
import { verifyReceipt } from '@creditchain/sdk';
import { GENERATE_COMMAND, GENERATE_COMMAND_LONG, VECTORS_PATH, buildProtocolVectors, renderProtocolVectors, type ProtocolVectors } from './vectors/protocol/build.js';

const file = fileURLToPath(new URL('./vectors/protocol/vectors.json', import.meta.url));
const text = readFileSync(file, 'utf8');
const v = JSON.parse(text) as ProtocolVectors;
const h = (s: string) => fromHex(s);
const H = (b: Uint8Array) => toHex(sha256(b));
const suite = intlSuite;
const REGEN = `If the format change is intended, regenerate with \`${GENERATE_COMMAND}\` (${GENERATE_COMMAND_LONG}), review the diff and update docs/protocol.md.`;

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof CreditChainError ? e.code : `not a CreditChainError: ${String(e)}`;
  }
  return 'no error';
}

describe('protocol vectors: the committed file is what the code builds', () => {
  const built = buildProtocolVectors();

  it.each(Object.keys(built) as (keyof ProtocolVectors)[])('section %s', (section) => {
    expect(JSON.parse(JSON.stringify(built[section])), `${VECTORS_PATH}: section "${section}" differs from what the code builds. ${REGEN}`).toEqual(v[section]);
  });

  it('the whole file, byte for byte', () => {
    expect(text === renderProtocolVectors(), `${VECTORS_PATH} is not byte-identical to what the code builds. ${REGEN}`).toBe(true);
  });

  it('names how it was generated and checked', () => {
    expect(v.generatedBy).toContain('test/vectors/protocol/generate.ts');
    expect(v.regenerate).toContain(GENERATE_COMMAND);
    expect(v.checkedBy).toContain('test/protocol-vectors.test.ts');
  });
});

describe('protocol vectors: the values check against each other', () => {
  it('canonical CBOR: valid encodings round-trip, invalid ones are refused', () => {
    for (const c of v.canonical.valid) {
      expect(toHex(encodeCanonical(decodeCanonical(h(c.hex)))), c.name).toBe(c.hex);
    }
    for (const c of v.canonical.invalid) {
      const code = codeOf(() => decodeCanonical(h(c.hex)));
      expect(['ENCODING_MALFORMED', 'ENCODING_NON_CANONICAL'], c.name).toContain(code);
      expect(code, c.name).toBe(c.error);
    }
  });

  it('keys: each public key is the Ed25519 key of its seed', () => {
    for (const k of [v.keys.alice, v.keys.bob, v.keys.node]) expect(toHex(suite.publicKeyOf(h(k.seed)))).toBe(k.publicKey);
    expect(H(h(v.keys.node.publicKey))).toBe(v.keys.node.validatorsHash);
  });

  it('genesis: the hash is SHA-256 of the canonical genesis, and genesis.json gives it', () => {
    expect(H(h(v.genesis.canonicalHex))).toBe(v.genesis.hash);
    expect(toHex(genesisHash(suite, parseGenesis(v.genesis.json)))).toBe(v.genesis.hash);
    expect(toHex(encodeCanonical(decodeCanonical(h(v.genesis.canonicalHex))))).toBe(v.genesis.canonicalHex);
  });

  it('transactions: signing bytes, signature, envelope and id', () => {
    expect(v.txSignDomainHex).toBe(toHex(utf8('CreditChain transaction v1\n')));
    for (const t of v.transactions) {
      expect(t.signingBytesHex, t.name).toBe(v.txSignDomainHex + t.bodyHex);
      expect(H(h(t.bodyHex)), t.name).toBe(t.id);
      for (const s of t.sigs) expect(suite.verify(h(s.key), h(t.signingBytesHex), h(s.sig)), t.name).toBe(true);
      // Ed25519 is deterministic: the key of the signer's seed gives the very same signature.
      const seed = [v.keys.alice, v.keys.bob].find((k) => k.publicKey === t.sigs[0]!.key)!.seed;
      expect(toHex(suite.sign(h(seed), h(t.signingBytesHex))), t.name).toBe(t.sigs[0]!.sig);
      const decoded = decodeSignedTx(suite, h(t.signedHex));
      expect(toHex(decoded.id), t.name).toBe(t.id);
      expect(toHex(decoded.bodyBytes), t.name).toBe(t.bodyHex);
      expect(toHex(encodeTxBody(decoded.body)), t.name).toBe(t.bodyHex);
      expect(() => verifyTxSignatures(decoded)).not.toThrow();
      // The envelope is {body, sigs}: its body is the very bytes of bodyHex.
      const sigsValue = t.sigs.map((s) => ({ alg: s.alg, key: h(s.key), sig: h(s.sig) }));
      expect(toHex(encodeCanonical({ body: decodeCanonical(h(t.bodyHex)), sigs: sigsValue })), t.name).toBe(t.signedHex);
      expect(t.signedHex.includes(t.bodyHex), t.name).toBe(true);
    }
  });

  it('anchor batch: leaves are RFC 9162 leaf hashes of canonical {hash, label?}, paths lead to the root', () => {
    for (const [i, it] of v.anchorBatch.items.entries()) {
      expect(it.hash).toBe(H(utf8(it.document!)));
      const label = (it as { label?: string }).label;
      const item: CborValue = label === undefined ? { hash: h(it.hash) } : { hash: h(it.hash), label };
      expect(toHex(encodeCanonical(item))).toBe(it.leafHex);
      expect(H(concatBytes(Uint8Array.of(0), h(it.leafHex)))).toBe(it.leafHash);
      const p = v.anchorBatch.proofs[i]!;
      expect(toHex(rootFromInclusionProof(suite.hash, h(it.leafHash), p.index, p.size, p.path.map(h))!)).toBe(v.anchorBatch.root);
    }
    expect(toHex(merkleRoot(suite.hash, v.anchorBatch.items.map((it) => h(it.leafHash))))).toBe(v.anchorBatch.root);
    // The anchoring transaction's log entry commits to that root.
    expect(v.blocks[1]!.entries[0]!.entry.commitment).toBe(v.anchorBatch.root);
  });

  it('packed anchor batch (protocol version 3): the hashes one after another, the batch of their items {hash}', () => {
    const p = v.anchorBatchPacked;
    const payload = decodeCanonical(h(p.payloadHex)) as { hashes: Uint8Array };
    expect(Object.keys(payload)).toEqual(['hashes']);
    expect(toHex(payload.hashes)).toBe(v.anchorBatch.items.map((it) => it.hash).join(''));
    for (const [i, it] of v.anchorBatch.items.entries()) {
      expect(toHex(encodeCanonical({ hash: h(it.hash) }))).toBe(p.leafHexes[i]);
      expect(H(concatBytes(Uint8Array.of(0), h(p.leafHexes[i]!)))).toBe(p.leafHashes[i]);
    }
    expect(toHex(merkleRoot(suite.hash, p.leafHashes.map(h)))).toBe(p.root);
  });

  it('blocks: header bytes, hash chain, transaction, results, log and state roots', () => {
    const [b0, b1] = v.blocks as [ProtocolVectors['blocks'][number], ProtocolVectors['blocks'][number]];
    expect(b0.header.prev).toBe(v.genesis.hash);
    expect(b1.header.prev).toBe(b0.hash);
    const store = new MemoryStateStore();
    let stateRoot: Uint8Array = new Uint8Array(32);
    for (const b of v.blocks) {
      expect(H(h(b.headerHex)), `block ${b.height}`).toBe(b.hash);
      const decoded = decodeHeader(h(b.headerHex));
      const asJson = Object.fromEntries(Object.entries(decoded).map(([k, x]) => [k, x instanceof Uint8Array ? toHex(x) : x]));
      expect(asJson, `block ${b.height}`).toEqual(b.header);
      expect(toHex(encodeHeader(decoded))).toBe(b.headerHex);
      expect(b.header.txCount).toBe(b.txIds.length);
      expect(b.txLeafHashes).toEqual(b.txIds.map((id) => H(concatBytes(Uint8Array.of(0), h(id)))));
      expect(b.header.txRoot).toBe(toHex(merkleRoot(suite.hash, b.txLeafHashes.map(h))));
      for (const [i, r] of b.results.entries()) {
        expect(H(concatBytes(Uint8Array.of(0), h(r.hex)))).toBe(r.leafHash);
        const m = decodeCanonical(h(r.hex)) as Record<string, unknown>;
        expect(toHex(m.tx as Uint8Array)).toBe(b.txIds[i]);
        expect(m.code).toBe(b.entries[i]!.entry.code);
      }
      expect(b.header.resultsRoot).toBe(toHex(merkleRoot(suite.hash, b.results.map((r) => h(r.leafHash)))));
      for (const e of b.entries) {
        expect(H(concatBytes(Uint8Array.of(0), h(e.hex)))).toBe(e.leafHash);
        const d = decodeLogEntry(h(e.hex));
        expect(Object.fromEntries(Object.entries(d).map(([k, x]) => [k, x instanceof Uint8Array ? toHex(x) : x]))).toEqual(e.entry);
      }
      // The state tree after this block, rebuilt from the key/value writes alone.
      for (const w of b.stateWrites) {
        expect(w.stateKey).toBe(toHex(stateKey(suite, w.module, w.key.startsWith('"') ? JSON.parse(w.key) : h(w.key.slice(2, -1)))));
        if (w.value !== null) expect(H(h(w.value))).toBe(w.valueHash);
      }
      const applied = applyBatch(suite.hash, store, stateRoot, b.stateWrites.map((w) => ({ key: h(w.stateKey), value: w.value === null ? null : h(w.value) })));
      store.putAll(applied.nodes);
      stateRoot = applied.root;
      expect(toHex(stateRoot), `block ${b.height}`).toBe(b.header.stateRoot);
    }
    expect(b0.header.txRoot).toBe(toHex(emptyRoot(suite.hash)));
    expect(b0.header.logRoot).toBe(H(new Uint8Array(0)));
    // Block 1 holds the whole log so far.
    expect(b1.header.logSize).toBe(b1.entries.length);
    expect(b1.header.logRoot).toBe(toHex(merkleRoot(suite.hash, b1.entries.map((e) => h(e.leafHash)))));
  });

  it('log: every inclusion proof verifies against the root of block 1', () => {
    const b1 = v.blocks[1]!;
    expect(v.log.root).toBe(b1.header.logRoot);
    expect(v.log.size).toBe(b1.header.logSize);
    for (const p of v.log.proofs) {
      expect(verifyInclusion(suite.hash, h(b1.entries[p.index]!.leafHash), p.index, p.size, p.path.map(h), h(v.log.root))).toBe(true);
    }
  });

  it('checkpoint: the note body, its key id and its Ed25519 signature', () => {
    const b1 = v.blocks[1]!;
    const c = v.checkpoint;
    const key = parseVerifierKey(c.verifierKey);
    expect(key.name).toBe(c.keyName);
    expect(toHex(key.publicKey)).toBe(c.publicKey);
    expect(key.keyId.toString(16).padStart(8, '0')).toBe(c.keyIdHex);
    expect(H(concatBytes(utf8(`${c.keyName}\n`), Uint8Array.of(1), h(c.publicKey))).slice(0, 8)).toBe(c.keyIdHex);
    expect(c.body).toBe(
      `creditchain/${v.genesis.json.chainId}\n${b1.header.logSize}\n${toBase64(h(b1.header.logRoot))}\nheight ${b1.header.height}\nstate ${toBase64(h(b1.header.stateRoot))}\n`,
    );
    expect(openNote(c.signed, [c.verifierKey]).text).toBe(c.body);
    const cp = parseCheckpoint(c.body);
    expect(cp.size).toBe(b1.header.logSize);
    expect(cp.height).toBe(b1.header.height);
    // The signature line: "— <name> base64(key id ‖ Ed25519 signature over the body's UTF-8)".
    const line = c.signed.slice(c.body.length + 1);
    const prefix = `\u2014 ${c.keyName} `;
    expect(line.startsWith(prefix) && line.endsWith('\n')).toBe(true);
    const sig = fromBase64(line.slice(prefix.length, -1));
    expect(sig.length).toBe(68);
    expect(toHex(sig.subarray(0, 4))).toBe(c.keyIdHex);
    expect(suite.verify(h(c.publicKey), utf8(c.body), sig.subarray(4))).toBe(true);
    expect(signNote(c.body, [{ name: c.keyName, seed: h(v.keys.node.seed) }])).toBe(c.signed);
  });

  it('state proofs: decode to the listed siblings and verify against the state root', () => {
    for (const p of v.stateProofs) {
      expect(p.root, p.name).toBe(v.blocks[1]!.header.stateRoot);
      const key = p.key.startsWith('"') ? JSON.parse(p.key) : h(p.key.slice(2, -1));
      expect(toHex(stateKey(suite, p.module, key)), p.name).toBe(p.stateKey);
      expect(H(concatBytes(utf8(p.module), Uint8Array.of(0), typeof key === 'string' ? utf8(key) : key)), p.name).toBe(p.stateKey);
      const proof = decodeStateProof(h(p.proofHex));
      expect(proof.siblings.map(toHex), p.name).toEqual(p.siblings);
      expect(proof.terminal.kind === 'empty' ? null : { key: toHex(proof.terminal.key), valueHash: toHex(proof.terminal.valueHash) }, p.name).toEqual(p.terminal);
      expect(verifyStateProof(suite.hash, h(p.root), h(p.stateKey), p.valueHash === null ? null : h(p.valueHash), proof), p.name).toBe(true);
      if (p.value !== null) expect(H(h(p.value)), p.name).toBe(p.valueHash);
      // The other answer must not verify with the same proof.
      expect(verifyStateProof(suite.hash, h(p.root), h(p.stateKey), p.valueHash === null ? sha256(utf8('x')) : null, proof), p.name).toBe(false);
    }
    expect(v.stateProofs.some((p) => p.terminal === null)).toBe(true);
    expect(v.stateProofs.some((p) => p.value === null && p.terminal !== null)).toBe(true);
  });

  it('state multiproof: the five keys above in one proof, read as docs/protocol.md describes it', () => {
    const m = v.stateMultiproof;
    expect(m.root).toBe(v.blocks[1]!.header.stateRoot);
    expect(m.entries.map((e) => e.stateKey)).toEqual(v.stateProofs.map((p) => p.stateKey));
    // A reader written from the document alone, apart from the code's: sort the keys, walk the
    // bytes in pre-order, split the keys at each internal node by their bit at its depth.
    const bit = (k: Uint8Array, i: number) => (k[i >> 3]! >> (7 - (i & 7))) & 1;
    const keys = m.entries.map((e) => ({ key: h(e.stateKey), vh: e.value === null ? null : sha256(h(e.value)) })).sort((a, b) => (toHex(a.key) < toHex(b.key) ? -1 : 1));
    const proof = h(m.proofHex);
    const zero = new Uint8Array(32);
    let pos = 0;
    const take = () => proof.slice(pos, (pos += 32));
    const walk = (ks: typeof keys, depth: number): Uint8Array => {
      const op = proof[pos++];
      if (op === 0x00) {
        ks.forEach((k) => expect(k.vh).toBeNull());
        return zero;
      }
      if (op === 0x01) {
        const [key, vh] = [take(), take()];
        for (const k of ks) {
          for (let i = 0; i < depth; i++) expect(bit(k.key, i)).toBe(bit(key, i));
          if (toHex(k.key) === toHex(key)) expect(toHex(k.vh!)).toBe(toHex(vh));
          else expect(k.vh).toBeNull();
        }
        return sha256(concatBytes(Uint8Array.of(0), key, vh));
      }
      const left = ks.filter((k) => bit(k.key, depth) === 0);
      const right = ks.filter((k) => bit(k.key, depth) === 1);
      const node = (l: Uint8Array, r: Uint8Array) => sha256(concatBytes(Uint8Array.of(1), l, r));
      if (op === 0x02) {
        expect(left.length * right.length).toBeGreaterThan(0);
        const l = walk(left, depth + 1);
        return node(l, walk(right, depth + 1));
      }
      expect(op === 0x03 || op === 0x05 ? right : left).toHaveLength(0);
      const sibling = op === 0x03 || op === 0x04 ? take() : zero;
      if (op === 0x03 || op === 0x05) return node(walk(ks, depth + 1), sibling);
      expect(op === 0x04 || op === 0x06).toBe(true);
      return node(sibling, walk(ks, depth + 1));
    };
    expect(toHex(walk(keys, 0))).toBe(m.root);
    expect(pos).toBe(proof.length);
    // And the code's verifier agrees, and refuses another answer for any one key.
    const entries = m.entries.map((e) => ({ key: h(e.stateKey), value: e.value === null ? null : h(e.value) }));
    expect(verifyStateMultiproofValues(suite.hash, h(m.root), entries, proof)).toBe(true);
    entries.forEach((_, i) => {
      const other = entries.map((e, j) => (j === i ? { key: e.key, value: e.value === null ? utf8('x') : null } : e));
      expect(verifyStateMultiproofValues(suite.hash, h(m.root), other, proof)).toBe(false);
    });
  });

  it('receipt: verifies offline, and each link is the one the vectors list', () => {
    const r = v.receipt;
    const proven = verifyReceipt(r, { trustedKeys: [v.checkpoint.verifierKey], documentHash: sha256(utf8('document 1')) });
    expect(proven).toMatchObject({ hash: r.hash, label: r.label, chainId: 'vectors', height: 1, sender: 'alice', logIndex: 0, tx: v.transactions[0]!.id });
    expect(proven.checkpoint.signedBy).toEqual([v.checkpoint.keyName]);
    expect(r.batch.proof).toEqual(v.anchorBatch.proofs[0]!.path);
    expect(r.log.proof).toEqual(v.log.proofs[0]!.path);
    expect(toHex(fromBase64(r.entry))).toBe(v.blocks[1]!.entries[0]!.hex);
    expect(r.checkpoint).toBe(v.checkpoint.signed);
    // Each link fails on its own.
    expect(codeOf(() => verifyReceipt({ ...r, label: 'other.pdf' }))).toBe('PROOF_INVALID');
    expect(codeOf(() => verifyReceipt({ ...r, log: { ...r.log, size: 2 } }))).toBe('PROOF_INVALID');
    expect(codeOf(() => verifyReceipt(r, { documentHash: sha256(utf8('document 2')) }))).toBe('RECEIPT_HASH_MISMATCH');
    const otherKey = formatVerifierKey('other-node', suite.publicKeyOf(new Uint8Array(32).fill(4)));
    expect(codeOf(() => verifyReceipt(r, { trustedKeys: [otherKey] }))).toBe('CHECKPOINT_BAD_SIGNATURE');
  });

  it('receipt sizes: 14 batch hashes for 10,000 items, log path of log2(size), plus entry and checkpoint', () => {
    const leaves = Array.from({ length: 10_000 }, (_, i) => leafHash(suite.hash, utf8(String(i))));
    expect(inclusionProofOf(suite.hash, leaves, 0)).toHaveLength(14);
    for (const s of v.receiptSizes) {
      expect(s.batchPathHashes).toBe(14);
      expect(`2^${s.logPathHashes}`).toBe(s.logSize);
      expect(s.pathBytes).toBe(32 * (s.batchPathHashes + s.logPathHashes));
      expect(s.rawTotalBytes).toBe(s.pathBytes + s.entryBytes + s.checkpointBytes);
    }
  });
});
