// network: 4 CometBFT validators on loopback, run twice with the same load — as a CreditChain
// network (each validator a `creditchain start` node running its own CometBFT) and with
// CometBFT's built-in kvstore example app — one after the other, so each has the machine alone.
//
// Load: pre-signed evidence anchors, one hash a transaction, from 8 submitter accounts of the
// consortium, two bound to each node (a sender's nonces must reach one node's CheckTx in order).
// Each sender posts its transactions in nonce order, CHUNK a request (POST /v1/txs/batch, which
// answers once each is admitted into CometBFT's mempool), the next request at once, with at most
// WINDOW of its transactions uncommitted. The kvstore network gets the same number of
// "key=value" transactions of the same sizes, in the same streams, chunks and window, a chunk
// being one JSON-RPC batch of broadcast_tx_sync to the stream's node. A transaction is committed
// when the node it was sent to serves the block that holds it (GET /v1/blocks/:height of a
// CreditChain node, /block?height= of CometBFT's RPC), polled every POLL_MS; its latency runs from
// the start of the request that carried it. Under this load the latency is mostly time queued in
// the mempools, so PROBES more transactions are then sent one at a time (each once the one before
// it committed): their latency is the network's own.
//
// A node checks a transaction's nonce before handing it to CometBFT, and CometBFT checks it again
// in CheckTx; just after a commit, before the mempool's re-check has reached a sender's pending
// transactions, both see only the committed nonce and refuse the sender's next ones ("earlier
// nonces have not been used yet"). The rest of that chunk is then sent again after POLL_MS, as a
// client pipelining one sender's transactions must do, and the resends are counted.
//
// Figure: committed CreditChain transactions per second; reference: the kvstore app's, measured
// in the same run. What bounds the figure: not the block interval — CometBFT commits a block
// every timeout_commit (300 ms) plus a round of proposal and votes, and a block takes whatever
// the mempool holds — but the machine's cores, shared by 4 nodes and 4 CometBFTs ("cores used").
// Each node verifies every transaction's signature in CheckTx (the node that takes it from a
// client twice: once before broadcasting it), executes every proposal in ProcessProposal, and
// commits each block to its store. The kvstore app does none of that: it shows what CometBFT
// itself carries with the same load. Its run lasts a few seconds, in a few blocks of thousands of
// transactions, so its rate also depends on how fast this one load generator hands them over.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeCanonical, sha256, toBase64, toHex, utf8 } from '@creditchain/core';
import { cometbftBinary, editToml, initNetwork, nodePorts, readNetwork, runningPid, startNetwork, stopNetwork } from '@creditchain/node';
import { buildAnchorTx, keyPairFromJson } from '@creditchain/sdk';
import { progress } from './credit-load.mjs';
import { percentile, withoutRateLimit } from './lib.mjs';

const VALIDATORS = 4;
const SENDERS = 8;
/** Transactions a request carries, and the most of one sender's transactions uncommitted at once. */
const CHUNK = Number(process.env.BENCH_NETWORK_CHUNK ?? 100);
const WINDOW = Number(process.env.BENCH_NETWORK_WINDOW ?? 500);
const POLL_MS = 20;
/** Transactions sent one at a time after the load, each once the one before is committed: latency without a queue. */
const PROBES = 20;
/** Tries of one chunk's rest (see TX_BAD_NONCE at the top) before the run fails. */
const MAX_TRIES = 1000;
/** How long the last transactions may take to commit once all are sent. */
const DRAIN_MS = 120_000;
const CHAIN = 'creditchain-network';

export async function run({ reference, quick = false } = {}) {
  const total = Number(process.env.BENCH_NETWORK_TXS ?? (quick ? 200 : 20_000));
  const probes = quick ? 3 : PROBES;
  const scratch = mkdtempSync(join(tmpdir(), 'cc-bench-network-'));
  const dirs = { creditchain: join(scratch, 'creditchain'), kvstore: join(scratch, 'kvstore') };
  const cleanUp = async () => {
    for (const dir of Object.values(dirs)) await stopNetwork(dir, { graceMs: 5000 }).catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  };
  // The nodes run detached: interrupted, the benchmark still stops them before it exits.
  const interrupted = (signal) => void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const loadAverage = loadavg()[0];
  try {
    const bin = await cometbftBinary({ quiet: true });
    const first = await freeBasePort([]);
    initNetwork({ dir: dirs.creditchain, bin, validators: VALIDATORS, basePort: first });
    initNetwork({ dir: dirs.kvstore, bin, validators: VALIDATORS, basePort: await freeBasePort([first]) });
    for (const n of readNetwork(dirs.creditchain)) withoutRateLimit(n.dir);
    // CometBFT's RPC takes at most 10 calls a JSON-RPC batch by default; a kvstore chunk is one batch.
    for (const n of readNetwork(dirs.kvstore)) {
      const file = join(n.home, 'config', 'config.toml');
      writeFileSync(file, editToml(readFileSync(file, 'utf8'), { rpc: { max_request_batch_size: CHUNK } }));
    }

    const load = creditchainLoad(dirs.creditchain, total, probes);
    const sizes = load.streams.flatMap((s) => s.txs.map((t) => t.bytes.length));

    const ours = await measure('creditchain', dirs.creditchain, { cometbft: bin }, load, creditchainNode);
    const kv = await measure('kvstore', dirs.kvstore, { cometbft: bin, app: 'kvstore' }, kvstoreLoad(load), kvstoreNode);
    return {
      scenario: 'network',
      figure: ours.txPerSecond,
      unit: `committed tx/s, ${VALIDATORS} CometBFT validators (single-hash anchors over HTTP)`,
      reference: { name: 'kvstore', figure: kv.txPerSecond, unit: `committed tx/s, ${VALIDATORS} CometBFT validators running CometBFT's kvstore app` },
      figures: {
        'creditchain committed': ours.committed,
        'creditchain seconds': ours.seconds,
        'creditchain p50 commit latency ms': ours.p50,
        'creditchain p99 commit latency ms': ours.p99,
        'creditchain commit latency ms, one transaction at a time (p50)': ours.alone,
        'creditchain requests resent (TX_BAD_NONCE before recheck)': ours.resent,
        'creditchain blocks': ours.blocks,
        'creditchain txs per block (mean)': ours.txsPerBlock,
        'creditchain cores used': ours.cores,
        'kvstore tx/s': kv.txPerSecond,
        'kvstore committed': kv.committed,
        'kvstore seconds': kv.seconds,
        'kvstore p50 commit latency ms': kv.p50,
        'kvstore p99 commit latency ms': kv.p99,
        'kvstore commit latency ms, one transaction at a time (p50)': kv.alone,
        'kvstore blocks': kv.blocks,
        'kvstore txs per block (mean)': kv.txsPerBlock,
        'kvstore cores used': kv.cores,
        ...(reference === undefined ? {} : { 'verify-limit in this run (Ed25519 verifies/s)': reference.figure }),
      },
      parameters: {
        validators: VALIDATORS,
        txs: total,
        hashesPerTx: 1,
        txBytesMean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
        senders: SENDERS,
        sendersPerNode: SENDERS / VALIDATORS,
        txsPerRequest: CHUNK,
        uncommittedPerSender: WINDOW,
        commitPollMs: POLL_MS,
        probesOneAtATime: probes,
        cometbft: cometbftConfig(readNetwork(dirs.creditchain)[0].home),
        // Other work on the machine takes cores from the 8 processes of a network.
        loadAverageBefore: Number(loadAverage.toFixed(2)),
      },
    };
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await cleanUp();
  }
}

/**
 * The CreditChain load: `total` single-hash anchors signed by the network's first SENDERS
 * submitter accounts, each its own nonce sequence, sender s sent to node s mod VALIDATORS; and
 * `probes` more of sender 0, after its load. Each transaction is {bytes, key}: key is its id
 * (hex), as blocks list it.
 */
function creditchainLoad(dir, total, probes) {
  const genesis = JSON.parse(readFileSync(join(dir, 'node0', 'genesis.json'), 'utf8'));
  const names = genesis.accounts.filter((a) => a.roles?.includes('submitter')).map((a) => a.name).slice(0, SENDERS);
  if (names.length < SENDERS) throw new Error(`the network's genesis has ${names.length} submitter accounts; the benchmark needs ${SENDERS}`);
  const per = Math.ceil(total / SENDERS);
  const tick = progress('signed', total + probes);
  let signed = 0;
  const senders = names.map((name, s) => {
    const key = keyPairFromJson(JSON.parse(readFileSync(join(dir, 'keys', `${name}.json`), 'utf8')));
    const count = Math.max(0, Math.min(per, total - per * s)) + (s === 0 ? probes : 0);
    return Array.from({ length: count }, (_, nonce) => {
      const tx = buildAnchorTx({ suite: 'intl', chainId: CHAIN, sender: name, nonce, expires: 90_000, seed: key.seed, items: [{ hash: sha256(utf8(`network ${name} ${nonce}`)) }] });
      tick(++signed);
      return { bytes: tx.bytes, key: toHex(tx.id) };
    });
  });
  const after = senders[0].splice(senders[0].length - probes);
  return { streams: senders.map((txs, s) => ({ node: s % VALIDATORS, txs })), probes: after };
}

/** The kvstore load: the same, each transaction "net-<stream>-<i>=xxx…" of the same size as its CreditChain twin. */
function kvstoreLoad({ streams, probes }) {
  const twin = (t, s, i) => {
    const head = `net-${s}-${i}=`;
    const bytes = utf8(head.padEnd(Math.max(t.bytes.length, head.length + 1), 'x'));
    return { bytes, key: toBase64(bytes) };
  };
  return { streams: streams.map(({ node, txs }, s) => ({ node, txs: txs.map((t, i) => twin(t, s, i)) })), probes: probes.map((t, i) => twin(t, 'probe', i)) };
}

/** A CreditChain node: its chain head, a block's transaction ids, and a chunk posted as one batch. */
function creditchainNode(n) {
  return {
    height: async () => (await getJson(`${n.api}/v1/status`)).height,
    blockTxs: async (h) => (await getJson(`${n.api}/v1/blocks/${h}`)).txs,
    submit: async (txs) => {
      const r = await fetch(`${n.api}/v1/txs/batch`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: encodeCanonical(txs.map((t) => t.bytes)) });
      const j = await r.json();
      if (r.status !== 200) throw new Error(`${n.name} refused the batch: ${j.code}: ${j.message}`);
      const first = j.results.findIndex((x) => x.code !== 'ok');
      if (first < 0) return txs.length;
      const refused = j.results[first];
      // Its nonce checked too early (see the top of the file): the rest is sent again.
      // (TX_BAD_NONCE from the node's own check; INTERNAL when CometBFT's CheckTx refused it.)
      if (/earlier nonces have not been used yet/.test(refused.message)) return first;
      throw new Error(`${n.name} refused a transaction: ${refused.code}: ${refused.message}`);
    },
  };
}

/** A kvstore node (CometBFT's RPC): its height, a block's transactions (base64), and a chunk as one JSON-RPC batch of broadcast_tx_sync. */
function kvstoreNode(n) {
  return {
    height: async () => Number((await getJson(`${n.rpc}/status`)).result.sync_info.latest_block_height),
    blockTxs: async (h) => (await getJson(`${n.rpc}/block?height=${h}`)).result.block.data.txs ?? [],
    submit: async (txs) => {
      const body = JSON.stringify(txs.map((t, id) => ({ jsonrpc: '2.0', id, method: 'broadcast_tx_sync', params: { tx: t.key } })));
      const reply = await (await fetch(n.rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
      const replies = Array.isArray(reply) ? reply : [reply];
      const refused = replies.find((x) => x.error !== undefined || x.result.code !== 0);
      if (refused !== undefined) throw new Error(`${n.name} refused a transaction: ${JSON.stringify(refused.error ?? refused.result)}`);
      return txs.length;
    },
  };
}

async function getJson(url) {
  const r = await fetch(url);
  if (r.status !== 200) throw new Error(`GET ${url}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * Starts the network in `dir`; sends each stream's transactions to its node as described at
 * the top, watching every node's new blocks, until all are committed; then sends the probes one
 * at a time, each once the one before it committed; and stops the network.
 */
async function measure(label, dir, startOpts, { streams, probes }, nodeApi) {
  const nodes = readNetwork(dir);
  await startNetwork(dir, { ...startOpts, timeoutMs: 90_000 });
  try {
    const apis = nodes.map(nodeApi);
    const total = streams.reduce((n, s) => n + s.txs.length, 0);
    const pending = new Map(); // key → {t0, stream, probe}
    const latencies = [];
    const probeLatencies = [];
    const blocks = []; // the transaction counts of node 0's blocks under load
    const tick = progress(`${label}: committed`, total);
    const state = streams.map(() => ({ uncommitted: 0, wake: undefined }));
    let failed;
    let resent = 0;
    let loading = true;
    let watching = true;
    const cpu0 = cpuSeconds(nodes);
    const start = performance.now();
    let last = start;

    const watch = async (i) => {
      let seen = await apis[i].height();
      while (watching) {
        const head = await apis[i].height();
        for (let h = seen + 1; h <= head; h++) {
          const txs = await apis[i].blockTxs(h);
          const now = performance.now();
          if (i === 0 && loading && txs.length > 0) blocks.push(txs.length);
          for (const key of txs) {
            const p = pending.get(key);
            if (p === undefined || streams[p.stream].node !== i) continue;
            pending.delete(key);
            if (p.probe) {
              probeLatencies.push(now - p.t0);
              continue;
            }
            latencies.push(now - p.t0);
            last = now;
            tick(latencies.length);
            const st = state[p.stream];
            st.uncommitted--;
            st.wake?.();
          }
        }
        seen = head;
        await sleep(POLL_MS);
      }
    };
    /** Posts a chunk of stream s to its node; what a too-early nonce check refused goes again. */
    const post = async (s, chunk, probe = false) => {
      const t0 = performance.now();
      for (const t of chunk) pending.set(t.key, { t0, stream: s, probe });
      for (let tries = 1; ; tries++) {
        const admitted = await apis[streams[s].node].submit(chunk);
        if (admitted === chunk.length) return;
        if (tries === MAX_TRIES) throw new Error(`${label}: ${nodes[streams[s].node].name} still refuses a transaction after ${tries} tries`);
        resent++;
        chunk = chunk.slice(admitted);
        await sleep(POLL_MS);
      }
    };
    const load = async (s) => {
      const { txs } = streams[s];
      const st = state[s];
      for (let i = 0; i < txs.length && failed === undefined; i += CHUNK) {
        const chunk = txs.slice(i, i + CHUNK);
        while (failed === undefined && st.uncommitted + chunk.length > WINDOW) await new Promise((r) => (st.wake = r));
        st.wake = undefined;
        if (failed !== undefined) return;
        st.uncommitted += chunk.length;
        await post(s, chunk);
      }
    };
    const drain = async () => {
      const deadline = Date.now() + DRAIN_MS;
      while (pending.size > 0 && failed === undefined && Date.now() < deadline) await sleep(POLL_MS / 4);
      if (failed !== undefined) throw failed;
      if (pending.size > 0) throw new Error(`${label}: ${pending.size} transactions were not committed within ${DRAIN_MS / 1000} s of the last one sent`);
    };

    const fail = (e) => {
      failed ??= e;
      for (const st of state) st.wake?.(); // no commit will wake a waiting sender now
    };
    const watchers = nodes.map((_, i) => watch(i).catch(fail));
    let cores = 0;
    try {
      await Promise.all(streams.map((_, s) => load(s).catch(fail)));
      await drain();
      loading = false;
      const cpu = cpuSeconds(nodes);
      if (cpu0 !== undefined && cpu !== undefined) cores = (cpu - cpu0) / ((performance.now() - start) / 1000);
      for (const probe of probes) {
        await post(0, [probe], true);
        await drain();
      }
    } finally {
      watching = false;
      await Promise.all(watchers);
    }
    const seconds = (last - start) / 1000;
    latencies.sort((a, b) => a - b);
    probeLatencies.sort((a, b) => a - b);
    return {
      committed: latencies.length,
      seconds,
      txPerSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      alone: percentile(probeLatencies, 50),
      resent,
      blocks: blocks.length,
      txsPerBlock: blocks.length ? blocks.reduce((a, b) => a + b, 0) / blocks.length : 0,
      cores,
    };
  } finally {
    await stopNetwork(dir, { graceMs: 5000 });
  }
}

/**
 * CPU seconds used so far by the network's processes: each node's process group (a CreditChain
 * node and its CometBFT, or CometBFT alone), from /proc; undefined off Linux.
 */
function cpuSeconds(nodes) {
  if (process.platform !== 'linux') return undefined;
  const groups = new Set(nodes.map(runningPid).filter((p) => p !== undefined));
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3, the state
    if (groups.has(Number(f[2]))) total += (Number(f[11]) + Number(f[12])) / tick; // pgrp; utime, stime
  }
  return total;
}

/** The timeouts and sizes of a CometBFT home's config.toml that bound a block's rate and size. */
function cometbftConfig(home) {
  const text = readFileSync(join(home, 'config', 'config.toml'), 'utf8');
  const want = { consensus: ['timeout_propose', 'timeout_prevote', 'timeout_precommit', 'timeout_commit', 'create_empty_blocks_interval'], mempool: ['size', 'max_txs_bytes'] };
  const out = {};
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header !== null) section = header[1];
    const kv = /^(\w+)\s*=\s*(.*)$/.exec(line);
    if (kv !== null && want[section]?.includes(kv[1])) out[`${section}.${kv[1]}`] = kv[2].replace(/^"|"$/g, '');
  }
  return out;
}

function canListen(port) {
  return new Promise((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A base port for a network of VALIDATORS nodes whose ports are all free and clear of the
 * networks at `taken`; below 32768, Linux's ephemeral range, where no outgoing connection of
 * the kernel's choosing can sit on a node's port.
 */
async function freeBasePort(taken) {
  const span = nodePorts(0, VALIDATORS - 1).api + 1;
  for (;;) {
    const base = 21_000 + 10 * Math.floor(Math.random() * 1100);
    if (taken.some((t) => Math.abs(t - base) < span)) continue;
    const ports = Array.from({ length: VALIDATORS }, (_, i) => Object.values(nodePorts(base, i))).flat();
    if ((await Promise.all(ports.map(canListen))).every(Boolean)) return base;
  }
}
