// Quorum certificates of checkpoints, through the ABCI calls CometBFT makes: four validators
// execute a proposal, each signs its checkpoint in its vote extension, the next proposer puts
// the signatures of a quorum first in its block, and every node stores that checkpoint with all
// of them — a note the SDK's openNote checks against the validator keys. Forged, foreign or too
// few signatures are refused.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { openNote, parseCheckpoint, toHex, utf8 } from '@creditchain/core';
import { parseGenesis } from '@creditchain/ledger';
import { buildAnchorTx, proposeTx, voteTx, type KeyPair } from '@creditchain/sdk';
import { ResponseProcessProposal_ProposalStatus, ResponseVerifyVoteExtension_VerifyStatus } from 'cosmjs-types/tendermint/abci/types';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import { Chain } from '../chain.js';
import { loadNodeKey, paths } from '../config.js';
import { initDevDataDir } from '../dev.js';
import { CreditChainApp } from './app.js';
import { decodeCertificateTx, encodeCertificateTx, isCertificateTx } from './certificates.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ts = (ms: number) => ({ seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 });
const nextValidators = new Uint8Array(32).fill(9);

/** N validators of one network: genesis validators are their node keys, named node0…. */
function network(n: number) {
  const root = mkdtempSync(join(tmpdir(), 'cc-certs-'));
  dirs.push(root);
  let keys: KeyPair[] = [];
  const dataDirs = Array.from({ length: n }, (_, i) => {
    const dir = join(root, `node${i}`);
    const k = initDevDataDir(dir);
    if (i === 0) keys = k;
    return dir;
  });
  const nodeKeys = dataDirs.map((d, i) => loadNodeKey(d, `node${i}`));
  const json = JSON.parse(readFileSync(paths(dataDirs[0]!).genesis, 'utf8'));
  json.validators = nodeKeys.map((k) => ({ name: k.name, publicKey: toHex(k.publicKey), power: 10 }));
  const genesis = parseGenesis(json);
  const nodes = dataDirs.map((dir, i) => {
    const chain = Chain.open(join(dir, 'db'), genesis, nodeKeys[i]!, { consensus: 'cometbft' });
    const app = new CreditChainApp(chain, { sidecarsOf: () => new Map(), committed: () => {}, log: () => {} }, 'test');
    app.initChain({ time: ts(genesis.genesisTime), chainId: genesis.chainId, validators: nodeKeys.map((k) => ({ pubKey: { ed25519: k.publicKey }, power: 10n })), appStateBytes: new Uint8Array(0), initialHeight: 1n });
    return { chain, app, address: sha256(nodeKeys[i]!.publicKey).subarray(0, 20), key: nodeKeys[i]! };
  });
  return { nodes, genesis, bank: keys.find((k) => k.account === 'demo-bank')!, keys: new Map(keys.map((k) => [k.account!, k])) };
}

type Net = ReturnType<typeof network>;

function blockReq(net: Net, height: number, txs: Uint8Array[]) {
  const hash = sha256(utf8(`block ${height} ${txs.length} ${toHex(txs[0] ?? new Uint8Array())}`));
  return { txs, hash, height: BigInt(height), time: ts(net.genesis.genesisTime + height * 1000), nextValidatorsHash: nextValidators, proposerAddress: net.nodes[0]!.address, misbehavior: [] };
}

/** Every node processes the block, votes with an extension, verifies the others', finalises and commits. */
async function decide(net: Net, height: number, txs: Uint8Array[]): Promise<{ extensions: Uint8Array[] }> {
  const b = blockReq(net, height, txs);
  for (const { app } of net.nodes) expect((await app.processProposal({ ...b, proposedLastCommit: { round: 0, votes: [] } })).status).toBe(ResponseProcessProposal_ProposalStatus.ACCEPT);
  const extensions = await Promise.all(net.nodes.map(async ({ app }) => (await app.extendVote({ ...b, proposedLastCommit: { round: 0, votes: [] } })).voteExtension));
  for (const { app } of net.nodes) {
    net.nodes.forEach((other, j) => {
      expect(app.verifyVoteExtension({ hash: b.hash, validatorAddress: other.address, height: b.height, voteExtension: extensions[j]! }).status).toBe(ResponseVerifyVoteExtension_VerifyStatus.ACCEPT);
    });
  }
  for (const { app } of net.nodes) {
    await app.finalizeBlock({ ...b, decidedLastCommit: { round: 0, votes: [] } });
    await app.commit();
  }
  return { extensions };
}

function lastCommit(net: Net, extensions: (Uint8Array | undefined)[]) {
  return { round: 0, votes: net.nodes.map((n, i) => ({ validator: { address: n.address, power: 10n }, voteExtension: extensions[i] ?? new Uint8Array(0), extensionSignature: new Uint8Array(0), blockIdFlag: extensions[i] === undefined ? BlockIDFlag.BLOCK_ID_FLAG_ABSENT : BlockIDFlag.BLOCK_ID_FLAG_COMMIT })) };
}

function prepare(net: Net, height: number, extensions: (Uint8Array | undefined)[], txs: Uint8Array[] = []) {
  return net.nodes[0]!.app.prepareProposal({ maxTxBytes: 1_000_000n, txs, localLastCommit: lastCommit(net, extensions), misbehavior: [], height: BigInt(height), time: ts(net.genesis.genesisTime + height * 1000), nextValidatorsHash: nextValidators, proposerAddress: net.nodes[0]!.address });
}

describe('checkpoint certificates from vote extensions', () => {
  it('the next block carries a quorum of signatures, and every node stores the checkpoint signed by all of them', async () => {
    const net = network(4);
    const tx = buildAnchorTx({ suite: 'intl', chainId: 'creditchain-dev', sender: 'demo-bank', nonce: 0, expires: 100, seed: net.bank.seed, items: [{ hash: sha256(utf8('doc')) }] }).bytes;
    const { extensions } = await decide(net, 1, [tx]);
    const prepared = prepare(net, 2, extensions);
    expect(isCertificateTx(prepared.txs[0]!)).toBe(true);
    expect(decodeCertificateTx(prepared.txs[0]!)).toMatchObject({ height: 1, lines: expect.any(Array) });
    await decide(net, 2, prepared.txs);
    const validatorKeys = net.nodes.map((n) => n.chain.verifierKey);
    for (const { chain } of net.nodes) {
      expect(chain.certifiedHeight).toBe(1);
      const note = chain.storage.getCheckpoint(1)!;
      const opened = openNote(note, validatorKeys);
      expect(opened.verifiedBy).toEqual(['node0', 'node1', 'node2', 'node3']);
      expect(parseCheckpoint(opened.text)).toMatchObject({ height: 1, size: 1 });
    }
    // The same block on every node: the same app hash, whoever signed what.
    expect(new Set(net.nodes.map((n) => toHex(n.chain.head.hash))).size).toBe(1);
  });

  it('three of four validators are a quorum; two are not, and no certificate is proposed', async () => {
    const net = network(4);
    const { extensions } = await decide(net, 1, []);
    const three = prepare(net, 2, [extensions[0], extensions[1], extensions[2], undefined]);
    expect(decodeCertificateTx(three.txs[0]!).lines).toHaveLength(3);
    const two = prepare(net, 2, [extensions[0], undefined, extensions[2], undefined]);
    expect(two.txs.filter(isCertificateTx)).toHaveLength(0);
  });

  it('a forged signature is refused in the vote, left out by the proposer, and a block carrying it is rejected', async () => {
    const net = network(4);
    const { extensions } = await decide(net, 1, []);
    const line = new TextDecoder().decode(extensions[1]!);
    const at = line.length - 20; // a character inside the signature's base64
    const forged = utf8(line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1));
    // A signature of node1 over another block's checkpoint, presented as its vote on this one.
    const b2 = blockReq(net, 2, []);
    for (const { app } of net.nodes) await app.processProposal({ ...b2, proposedLastCommit: { round: 0, votes: [] } });
    expect(net.nodes[0]!.app.verifyVoteExtension({ hash: b2.hash, validatorAddress: net.nodes[1]!.address, height: 2n, voteExtension: extensions[1]! }).status).toBe(ResponseVerifyVoteExtension_VerifyStatus.REJECT);
    // A validator CometBFT has but the state not yet (a governance change on its way) is not refused; it is not counted either.
    expect(net.nodes[0]!.app.verifyVoteExtension({ hash: b2.hash, validatorAddress: new Uint8Array(20), height: 2n, voteExtension: extensions[1]! }).status).toBe(ResponseVerifyVoteExtension_VerifyStatus.ACCEPT);
    const withForged = prepare(net, 2, [extensions[0], forged, extensions[2], extensions[3]]);
    expect(decodeCertificateTx(withForged.txs[0]!).lines).toHaveLength(3);
    const lines = decodeCertificateTx(withForged.txs[0]!).lines;
    const bad = encodeCertificateTx({ height: 1, lines: [...lines, new TextDecoder().decode(forged)] });
    const proposal = (cert: Uint8Array) => ({ ...blockReq(net, 2, [cert]), proposedLastCommit: { round: 0, votes: [] } });
    expect((await net.nodes[2]!.app.processProposal(proposal(bad))).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
    expect((await net.nodes[2]!.app.processProposal(proposal(encodeCertificateTx({ height: 1, lines: lines.slice(0, 2) })))).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
    expect((await net.nodes[2]!.app.processProposal(proposal(encodeCertificateTx({ height: 0, lines })))).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
    expect((await net.nodes[2]!.app.processProposal(proposal(withForged.txs[0]!))).status).toBe(ResponseProcessProposal_ProposalStatus.ACCEPT);
  });

  it("refuses CometBFT genesis validators other than genesis.json's", () => {
    const other = network(2);
    const chainApp = other.nodes[1]!;
    // A fresh store of the same genesis, told of one validator too few.
    expect(() =>
      chainApp.app.initChain({ time: ts(other.genesis.genesisTime), chainId: other.genesis.chainId, validators: [{ pubKey: { ed25519: other.nodes[0]!.key.publicKey }, power: 10n }], appStateBytes: new Uint8Array(0), initialHeight: 1n }),
    ).toThrow(/genesis validators differ/);
  });

  it('a governance proposal that replaces the validator set becomes CometBFT validator updates in its block', async () => {
    const net = network(4);
    const keyOf = (name: string) => net.keys.get(name)!;
    const nonce = new Map<string, number>();
    const signer = (name: string) => {
      const n = nonce.get(name) ?? 0;
      nonce.set(name, n + 1);
      return { suite: 'intl' as const, chainId: net.genesis.chainId, sender: name, nonce: n, expires: 100, seed: keyOf(name).seed };
    };
    // node0 doubles its power, node3 leaves.
    const set = [0, 1, 2].map((i) => ({ name: `node${i}`, key: net.nodes[i]!.key.publicKey, power: i === 0 ? 20 : 10 }));
    const txs = [proposeTx({ ...signer('demo-regulator'), proposal: { kind: 'set-validators', validators: set } })];
    // The regulator (3), the agency (2) and a bank (1): half of the weight of 12 votes, all yes; it passes.
    for (const voter of ['demo-regulator', 'demo-agency', 'demo-bank']) txs.push(voteTx({ ...signer(voter), proposal: 1, vote: 'yes' }));
    const b = blockReq(net, 1, txs.map((t) => t.bytes));
    const r = await net.nodes[0]!.app.finalizeBlock({ ...b, decidedLastCommit: { round: 0, votes: [] } });
    expect(r.txResults.map((x) => x.info)).toEqual(txs.map(() => 'ok'));
    const updates = r.validatorUpdates.map((u) => [toHex(u.pubKey.ed25519!), u.power]);
    expect(updates).toEqual(expect.arrayContaining([[toHex(net.nodes[3]!.key.publicKey), 0n], [toHex(net.nodes[0]!.key.publicKey), 20n]]));
    expect(updates).toHaveLength(2);
    await net.nodes[0]!.app.commit();
    // The next block changes nothing more.
    expect((await net.nodes[0]!.app.finalizeBlock({ ...blockReq(net, 2, []), decidedLastCommit: { round: 0, votes: [] } })).validatorUpdates).toEqual([]);
  });
});
