// `creditchain network`: the layout `init` writes (one genesis, distinct keys, ports and peers),
// and a real 4-validator CometBFT network on loopback with CometBFT's kvstore app, started,
// fed transactions at different nodes, checked for one chain, and stopped with the CLI.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditChainError } from '@creditchain/core';
import { ok, refused, run } from '../../../../test/support/cli.js';
import { freeBasePort } from '../../../../test/support/ports.js';
import { loadConfig, paths } from '../config.js';
import { cometbftBinary, cometbftFiles, editToml, type CometbftGenesis } from '../comet/home.js';
import { rpcCall, rpcBlock, rpcBroadcastTxCommit, rpcStatus } from '../comet/rpc.js';
import { DEMO_ACCOUNTS } from '../dev.js';
import { initNetwork, nodePorts, readNetwork, type InitializedNetwork } from './layout.js';
import { nodeFiles, runningPid, stopNetwork } from './run.js';

let bin: string;
const scratch = mkdtempSync(join(tmpdir(), 'cc-network-'));

// scripts/install-cometbft.mjs: fast when installed; a first build on a fresh machine takes minutes.
beforeAll(async () => {
  bin = await cometbftBinary();
}, 900_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The value of `key` in [section] of a TOML text ('' for the top level). */
function tomlGet(text: string, section: string, key: string): string | undefined {
  let current = '';
  for (const line of text.split('\n')) {
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header !== null) current = header[1]!;
    const kv = new RegExp(`^${key}\\s*=\\s*(.*)$`).exec(line);
    if (kv !== null && current === section) return kv[1]!;
  }
  return undefined;
}


describe('network init', () => {
  let net: InitializedNetwork;
  const dir = join(scratch, 'layout');

  beforeAll(() => {
    net = initNetwork({ dir, bin, validators: 4, basePort: 27_000 });
  });

  it('writes one CreditChain genesis and subject secret for all nodes, and a key and name for each', () => {
    const genesis = net.nodes.map((n) => readFileSync(paths(n.dir).genesis, 'utf8'));
    expect(new Set(genesis).size).toBe(1);
    const configs = net.nodes.map((n) => loadConfig(n.dir));
    expect(new Set(configs.map((c) => c.subjectSecret)).size).toBe(1);
    expect(configs.map((c) => c.nodeName)).toEqual(['node0', 'node1', 'node2', 'node3']);
    expect(new Set(net.nodes.map((n) => readFileSync(paths(n.dir).nodeKey, 'utf8'))).size).toBe(4);
    configs.forEach((c, i) => {
      const p = nodePorts(27_000, i);
      expect(c).toMatchObject({ consensus: 'cometbft', devClock: false, port: p.api, abci: `tcp://127.0.0.1:${p.abci}`, cometbft: { home: 'cometbft', rpc: `http://127.0.0.1:${p.rpc}` } });
    });
    for (const a of DEMO_ACCOUNTS) expect(existsSync(join(dir, 'keys', `${a.name}.json`))).toBe(true);
    for (const n of net.nodes) expect(existsSync(join(n.dir, 'keys', 'demo-bank.json'))).toBe(true);
  });

  it("gives each node the other members' API URLs as its peers, which it fetches sidecars from; loadConfig refuses peers that are not API base URLs", () => {
    net.nodes.forEach((n, i) => {
      expect(loadConfig(n.dir).peers).toEqual(net.nodes.filter((_, j) => j !== i).map((o) => o.api));
    });
    const file = paths(net.nodes[0]!.dir).config;
    const original = readFileSync(file, 'utf8');
    try {
      for (const peers of ['http://127.0.0.1:7710', ['ftp://127.0.0.1:7710'], ['http://127.0.0.1:7710/v1'], ['http://user:pw@127.0.0.1:7710'], ['http://a.test:1', 'http://a.test:1/']]) {
        writeFileSync(file, JSON.stringify({ ...JSON.parse(original), peers }));
        expect(() => loadConfig(net.nodes[0]!.dir), JSON.stringify(peers)).toThrow(expect.objectContaining({ code: 'NODE_BAD_CONFIG', message: expect.stringContaining('peers') }));
      }
      writeFileSync(file, JSON.stringify({ ...JSON.parse(original), peers: ['https://node2.example:7700/'] }));
      expect(loadConfig(net.nodes[0]!.dir).peers).toEqual(['https://node2.example:7700']);
    } finally {
      writeFileSync(file, original);
    }
  });

  it("makes each validator's CometBFT key its node's checkpoint key, and names the validators in both geneses and validators.json", () => {
    const ours = JSON.parse(readFileSync(paths(net.nodes[0]!.dir).genesis, 'utf8')) as { validators: { name: string; publicKey: string; power: number }[] };
    const set = JSON.parse(readFileSync(join(dir, 'validators.json'), 'utf8')) as { validators: { name: string; key: string; power: number }[] };
    net.nodes.forEach((n, i) => {
      const nodeKey = JSON.parse(readFileSync(paths(n.dir).nodeKey, 'utf8')) as { publicKey: string };
      const validatorKey = JSON.parse(readFileSync(cometbftFiles(n.home).validatorKey, 'utf8')) as { pub_key: { value: string } };
      expect(nodeKey.publicKey).toBe(Buffer.from(validatorKey.pub_key.value, 'base64').toString('hex'));
      expect(ours.validators[i]).toEqual({ name: `node${i}`, publicKey: nodeKey.publicKey, power: 10 });
      expect(set.validators[i]).toMatchObject({ name: `node${i}`, key: expect.stringMatching(new RegExp(`^node${i}\\+[0-9a-f]{8}\\+`)), power: 10 });
    });
  });

  it('writes one CometBFT genesis of all validators, with our chain id and time and vote extensions from height 1', () => {
    const texts = net.nodes.map((n) => readFileSync(cometbftFiles(n.home).genesis, 'utf8'));
    expect(new Set(texts).size).toBe(1);
    const g = JSON.parse(texts[0]!) as CometbftGenesis;
    const ours = JSON.parse(readFileSync(paths(net.nodes[0]!.dir).genesis, 'utf8')) as { chainId: string; genesisTime: string };
    expect(g.chain_id).toBe(ours.chainId);
    expect(g.genesis_time).toBe(ours.genesisTime);
    expect(g.initial_height).toBe('1');
    expect(g.app_hash).toBe('');
    expect(g.consensus_params.abci).toEqual({ vote_extensions_enable_height: '1' });
    expect(g.consensus_params.validator.pub_key_types).toEqual(['ed25519']);
    expect(g.validators.map((v) => [v.name, v.power])).toEqual(net.nodes.map((n) => [n.name, '10']));
    net.nodes.forEach((n, i) => {
      const key = JSON.parse(readFileSync(cometbftFiles(n.home).validatorKey, 'utf8')) as { address: string; pub_key: unknown };
      expect(g.validators[i]).toMatchObject({ address: key.address, pub_key: key.pub_key });
    });
    expect(new Set(g.validators.map((v) => v.pub_key.value)).size).toBe(4);
  });

  it('keys from-validator writes the checkpoint key a member makes by hand from its CometBFT key: the one init wrote', async () => {
    const file = join(scratch, 'node1-key.json');
    expect(await ok(scratch, 'keys', 'from-validator', '--home', net.nodes[1]!.home, '--out', file, '--name', 'node1')).toMatch(/^verifier key {2}node1\+[0-9a-f]{8}\+/m);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(JSON.parse(readFileSync(paths(net.nodes[1]!.dir).nodeKey, 'utf8')).publicKey);
    expect(await refused(scratch, 'keys', 'from-validator', '--home', net.nodes[1]!.home, '--out', file, '--name', 'node1')).toMatch(/CLI_FILE_ERROR|exists/);
  });

  it('gives each node its own ports and the others as persistent peers', () => {
    const ids = net.nodes.map((n) => n.nodeId);
    expect(new Set(ids).size).toBe(4);
    net.nodes.forEach((n, i) => {
      const toml = readFileSync(cometbftFiles(n.home).config, 'utf8');
      const p = nodePorts(27_000, i);
      expect(tomlGet(toml, '', 'moniker')).toBe(`"node${i}"`);
      expect(tomlGet(toml, '', 'proxy_app')).toBe(`"tcp://127.0.0.1:${p.abci}"`);
      expect(tomlGet(toml, 'rpc', 'laddr')).toBe(`"tcp://127.0.0.1:${p.rpc}"`);
      expect(tomlGet(toml, 'p2p', 'laddr')).toBe(`"tcp://127.0.0.1:${p.p2p}"`);
      const peers = JSON.parse(tomlGet(toml, 'p2p', 'persistent_peers')!) as string;
      expect(peers.split(',').sort()).toEqual(net.nodes.filter((_, j) => j !== i).map((o, j) => `${o.nodeId}@127.0.0.1:${o.ports.p2p}`).sort());
      expect(peers).not.toContain(n.nodeId);
      expect(tomlGet(toml, 'p2p', 'addr_book_strict')).toBe('false');
      expect(tomlGet(toml, 'p2p', 'allow_duplicate_ip')).toBe('true');
      expect(tomlGet(toml, 'consensus', 'timeout_commit')).toBe('"300ms"');
      expect(tomlGet(toml, 'consensus', 'create_empty_blocks_interval')).toBe('"10s"');
      // Other sections' keys of the same name are left alone.
      expect(tomlGet(toml, 'consensus', 'wal_file')).toBe('"data/cs.wal/wal"');
    });
    expect(readNetwork(dir).map((n) => ({ ...n }))).toEqual(net.nodes.map(({ name, dir: d, home, rpc, abci, api }) => ({ name, dir: d, home, rpc, abci, api })));
  });

  it('refuses a folder that already holds a network, or holds anything, and leaves nothing half made', async () => {
    expect(() => initNetwork({ dir, bin })).toThrow(/already holds a network \(node0, node1, node2, node3\)/);
    const other = join(scratch, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    expect(() => initNetwork({ dir: other, bin })).toThrow(/is not empty/);
    expect(() => initNetwork({ dir: join(scratch, 'big'), bin, validators: 4, basePort: 65_520 })).toThrow(CreditChainError);
    expect(existsSync(join(scratch, 'big'))).toBe(false);
    const line = await refused(scratch, 'network', 'init', '--dir', dir);
    expect(line).toMatch(/already holds a network.*\(CLI_BAD_ARGUMENT\)$/);
  });
});

describe('editToml', () => {
  const text = 'moniker = "a"\n# laddr = "commented"\n[rpc]\nladdr = "tcp://x:1"\n[p2p]\nladdr = "tcp://y:2"\npex = true\n';

  it('sets keys in their own sections and keeps the rest', () => {
    expect(editToml(text, { '': { moniker: 'node0' }, p2p: { laddr: 'tcp://z:3', pex: false } })).toBe(
      'moniker = "node0"\n# laddr = "commented"\n[rpc]\nladdr = "tcp://x:1"\n[p2p]\nladdr = "tcp://z:3"\npex = false\n',
    );
  });

  it('refuses a key the file does not have', () => {
    expect(() => editToml(text, { rpc: { pex: true }, '': { nope: 1 } })).toThrow(/no rpc\.pex, nope to set/);
  });
});

describe('network start, status and stop, with the kvstore app', () => {
  const dir = join(scratch, 'kv');
  const txs = ['alpha=1', 'beta=2', 'gamma=3', 'delta=4'];

  afterAll(async () => {
    if (existsSync(dir)) await stopNetwork(dir, { graceMs: 2000 });
  });

  it('starts, takes transactions at every node, agrees on one chain, and stops', async () => {
    const base = await freeBasePort(4);
    await ok(scratch, 'network', 'init', '--validators', '4', '--dir', dir, '--base-port', String(base));
    const nodes = readNetwork(dir);

    const started = await ok(scratch, 'network', 'start', '--dir', dir, '--app', 'kvstore', '--timeout', '40');
    expect(started).toMatch(/node3 {2}started/);
    expect(started).toMatch(/The network is up/);
    const again = await ok(scratch, 'network', 'start', '--dir', dir, '--app', 'kvstore');
    expect(again).toMatch(/node0 {2}already running/);

    // One transaction at each node's RPC, in turn.
    let last = 0;
    for (const [i, tx] of txs.entries()) {
      const r = await rpcBroadcastTxCommit(nodes[i]!.rpc, new TextEncoder().encode(tx));
      expect([r.checkCode, r.code], r.log).toEqual([0, 0]);
      last = Math.max(last, r.height);
    }
    // Block last+1 commits, in its header, to the app hash after the last transaction.
    const target = last + 1;
    const deadline = Date.now() + 20_000;
    while ((await Promise.all(nodes.map((n) => rpcStatus(n.rpc)))).some((s) => s.height < target)) {
      if (Date.now() > deadline) throw new Error(`the nodes did not all reach height ${target}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const blocks = await Promise.all(nodes.map((n) => rpcBlock(n.rpc, target)));
    expect(new Set(blocks.map((b) => b.hash)).size).toBe(1);
    expect(new Set(blocks.map((b) => b.appHash)).size).toBe(1);
    for (const n of nodes) {
      for (const tx of txs) {
        const [key, value] = tx.split('=') as [string, string];
        const q = (await rpcCall(n.rpc, 'abci_query', { data: `"${key}"` })) as { response: { value: string } };
        expect(Buffer.from(q.response.value, 'base64').toString()).toBe(value);
      }
    }

    const status = await ok(scratch, 'network', 'status', '--dir', dir);
    expect(status).toMatch(/^node0 +\d+ +running +\d+ +[0-9a-f]{12}… +no +3$/m);
    expect(status).toMatch(/The 4 answering nodes agree at height \d+/);

    const pids = nodes.map((n) => runningPid(n)!);
    const stopped = await ok(scratch, 'network', 'stop', '--dir', dir);
    expect(stopped.trim().split('\n')).toEqual(['node0  stopped', 'node1  stopped', 'node2  stopped', 'node3  stopped']);
    for (const n of nodes) expect(existsSync(nodeFiles(n).pid)).toBe(false);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(await ok(scratch, 'network', 'status', '--dir', dir)).toMatch(/No node answers/);
  });

  it('names the node that cannot start and shows the end of its log', async () => {
    const base = await freeBasePort(2);
    const two = join(scratch, 'two');
    await ok(scratch, 'network', 'init', '--validators', '2', '--dir', two, '--base-port', String(base));
    const squatter = createServer().listen(nodePorts(base, 1).rpc, '127.0.0.1');
    try {
      const r = await run(scratch, 'network', 'start', '--dir', two, '--app', 'kvstore', '--timeout', '20');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--- the end of .*node1\/node\.log ---/);
      expect(r.stderr).toMatch(/address already in use/);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^error: node1 stopped while starting \(exit code 1\); the end of its log, .*node1\/node\.log, is above\. .*\(NODE_BAD_CONFIG\)$/);
    } finally {
      squatter.close();
      await stopNetwork(two, { graceMs: 2000 });
    }
  });
});
