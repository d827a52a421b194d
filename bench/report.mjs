// report: a subject's credit report with its proof from a chain of many records, and how it grows
// with the chain. One subject (demo-person) holds 20 published records of seven categories from
// four sources, each with its details sidecar; the chain is then filled with loan records about
// other, random subjects (one each, left pending, without details: each still adds its record and
// its subject's index to the state tree) by several submitter accounts, 1,000 a transaction,
// pipelined. At the start, at a tenth of the records and at all of them, the subject reads
// GET /v1/subjects/:ref/report?prove=true (a signed read) `requests` times; we give p50/p99
// latency as the SDK client saw it and as the node timed itself (Server-Timing), the file's
// size, its offline verification time (verifyReport) and the depth of its state proofs. Figure:
// p50 latency at all the records; reference: p50 at a tenth, measured in the same run (the ratio
// is the growth). Default 200,000 records; --quick 5,000; --records N.
//
// --data-dir DIR fills the chain in DIR and keeps it: run again with the same DIR and the bench
// measures the chain already there, then fills on to --records. A chain of 10 M records takes
// over an hour to fill; this way it is filled once and measured again after a change to how the
// node serves a report (one that keeps the store's format).
import { existsSync, readdirSync, readFileSync, statSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareBytes, decodeCanonical, fromBase64, fromHex, getSuite, parseSubjectId, splitAtKeyBit, subjectRef, toHex } from '@creditchain/core';
import { nextRecordKey } from '@creditchain/ledger';
import { DEFAULT_STATE_KEEP_HEIGHTS, initDevDataDir } from '@creditchain/node';
import { CreditChainClient, buildReviewTx, buildSubmitRecordsTx, keyPairFromSeed, verifyReport } from '@creditchain/sdk';
import { daysAgo, idsOf, progress, signer, submitBatches, submitPipelined } from './credit-load.mjs';
import { fmt, percentile, startNodeProcess, stopNodeProcess, withoutRateLimit } from './lib.mjs';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 2);
// The node's stateKeepHeights (a number, or "all" to prune nothing); unset, the node's default.
const KEEP = process.env.BENCH_STATE_KEEP_HEIGHTS;
const keepConfig = KEEP === undefined ? {} : { stateKeepHeights: KEEP === 'all' ? 'all' : Number(KEEP) };

/** The target subject's records: source account, reviewer account, and the records. */
function targetRecords(subject) {
  const r = (category, occurred, ended, amountBand, publicityDays = null) => ({
    subject,
    subjectKind: 'person',
    category,
    occurred: daysAgo(occurred),
    ended: ended === null ? null : daysAgo(ended),
    amountBand,
    publicityDays,
    details: { name: 'Li Si', note: `${category} ${occurred}` },
  });
  return [
    {
      source: 'demo-bank',
      reviewer: 'demo-bank-reviewer',
      records: [
        ...[500, 420, 300, 200, 90].map((d, i) => r('loan-overdue', d, d - 60, 1 + (i % 3))),
        ...[700, 250].map((d) => r('loan-default', d, d - 30, 3)),
        ...[1500, 1200, 900, 600, 300, 100].map((d) => r('on-time-repayment', d, d - 90, 2)),
      ],
    },
    { source: 'demo-court', reviewer: 'demo-court-reviewer', records: [r('dishonest-judgement-debtor', 400, null, 4), r('dishonest-judgement-debtor', 150, 20, 2)] },
    { source: 'demo-market', reviewer: 'demo-regulator', records: [r('admin-penalty-minor', 40, null, 1), r('admin-penalty-minor', 10, null, 0), r('honour', 30, null, 0, 365)] },
    { source: 'demo-utility', reviewer: 'demo-regulator', records: [r('utility-arrears', 200, 60, 1), r('utility-arrears', 120, 30, 0)] },
  ];
}

/** Submits the target's records from their sources and has them published by their reviewers. */
async function publishTarget(client, keys, subject) {
  const groups = targetRecords(subject);
  const ids = new Map(); // reviewer → ids
  await Promise.all(
    groups.map(async (g) => {
      const { tx, sidecars } = buildSubmitRecordsTx(signer(keys.get(g.source), 0), g.records);
      const reply = await client.submitTx(tx.bytes, { wait: 'commit', sidecars });
      ids.set(g.reviewer, [...(ids.get(g.reviewer) ?? []), ...idsOf(reply)]);
    }),
  );
  await Promise.all([...ids].map(([reviewer, list]) => client.submitTx(buildReviewTx(signer(keys.get(reviewer), 0), list, 'publish').bytes, { wait: 'commit' })));
  return groups.reduce((n, g) => n + g.records.length, 0);
}

/** The node's resident memory (MiB), from /proc (0 off Linux). */
function nodeRssMiB(pid) {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0; // not Linux
  }
}

/**
 * Bytes the disk holding `path` has written since boot (GiB), from /sys/dev/block (Linux; 0
 * elsewhere): what reached the device, from every process, so read it on a quiet machine. The
 * node's own /proc/PID/io write_bytes counted ten to twenty times more than the device saw here.
 */
function deviceWrittenGiB(path) {
  try {
    const dev = statSync(path).dev;
    const major = Math.floor(dev / 256) & 0xfff;
    const minor = (dev & 0xff) | ((Math.floor(dev / 4096) & 0xfff00));
    const fields = readFileSync(`/sys/dev/block/${major}:${minor}/stat`, 'utf8').trim().split(/\s+/);
    return (Number(fields[6]) * 512) / 2 ** 30; // sectors written
  } catch {
    return 0;
  }
}

/**
 * A fetch for the SDK client that keeps the node's own time for the last reply (its
 * Server-Timing header): the client's latency also holds the client's work and its garbage
 * collections, and the two processes share this machine's cores.
 */
function timedFetch() {
  const timed = { nodeMs: Number.NaN };
  timed.fetch = async (...args) => {
    const res = await fetch(...args);
    timed.nodeMs = Number(/app;dur=([0-9.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? Number.NaN);
    return res;
  };
  return timed;
}

/**
 * How deep each entry's path goes in the report's state multiproof (docs/protocol.md): the walk
 * read as a verifier reads it, each key counted at the depth of the empty subtree or leaf it ends on.
 */
function multiproofDepths(proof) {
  const keys = proof.entries.map((e) => ({ key: fromHex(e.key) })).sort((a, b) => compareBytes(a.key, b.key));
  const bytes = fromBase64(proof.multiproof);
  const depths = [];
  let pos = 0;
  const walk = (lo, hi, depth) => {
    const op = bytes[pos++];
    if (op === 0x00 || op === 0x01) {
      pos += op === 0x01 ? 64 : 0;
      for (let i = lo; i < hi; i++) depths.push(depth);
      return;
    }
    const mid = splitAtKeyBit(keys, lo, hi, depth);
    if (op === 0x02) {
      walk(lo, mid, depth + 1);
      walk(mid, hi, depth + 1);
      return;
    }
    if (op === 0x03 || op === 0x04) pos += 32;
    walk(lo, hi, depth + 1);
  };
  walk(0, keys.length, 0);
  return depths;
}

/**
 * Report latency (as the SDK client saw it, and the node's own time), size, verification time
 * and proof depth, read `requests` times as the subject.
 */
async function measure(asSubject, timed, ref, { requests, expected }) {
  for (let i = 0; i < 5; i++) await asSubject.report(ref, { prove: true }); // warm up
  const latencies = [];
  const nodeLatencies = [];
  let file;
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    file = await asSubject.report(ref, { prove: true });
    latencies.push(performance.now() - t0);
    nodeLatencies.push(timed.nodeMs);
  }
  latencies.sort((a, b) => a - b);
  nodeLatencies.sort((a, b) => a - b);
  const counted = file.report.categories.reduce((n, c) => n + c.records.length, 0);
  if (counted !== expected) throw new Error(`the report counts ${counted} records, not ${expected}`);
  const runs = Math.max(20, Math.min(200, requests));
  for (let i = 0; i < 20; i++) verifyReport(file); // warm up
  const v0 = performance.now();
  for (let i = 0; i < runs; i++) verifyReport(file);
  const verifyMs = (performance.now() - v0) / runs;
  const depths = multiproofDepths(file.proof);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    nodeP50: percentile(nodeLatencies, 50),
    nodeP99: percentile(nodeLatencies, 99),
    bytes: Buffer.byteLength(JSON.stringify(file)),
    verifyMs,
    entries: depths.length,
    depthMean: depths.reduce((a, b) => a + b, 0) / depths.length,
    depthMax: Math.max(...depths),
    score: file.report.score.value,
  };
}

/**
 * What a kept data directory holds besides the chain: the accounts' keys (seeds in hex: a bench's
 * throwaway dev keys, kept beside the chain they sign for) and the target subject's record count.
 * How far the chain is filled, and each sender's next nonce, are read from the chain itself.
 */
const KEPT = 'bench-report.json';

function openKept(dataDir) {
  const file = join(dataDir, KEPT);
  if (!existsSync(file)) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty and holds no ${KEPT}: give an empty or new directory, or one an earlier report bench filled`);
    return undefined;
  }
  const k = JSON.parse(readFileSync(file, 'utf8'));
  return { keyList: k.keys.map((x) => keyPairFromSeed(x.suite, fromHex(x.seed, 32), x.account)), expected: k.expected };
}

function saveKept(dataDir, { keyList, expected }) {
  const keys = keyList.map((x) => ({ account: x.account, suite: x.suite.id, seed: toHex(x.seed) }));
  writeFileSync(join(dataDir, KEPT), `${JSON.stringify({ keys, expected })}\n`);
}

/** Each sender's next nonce, as the chain has it. */
async function chainNonces(client, senders) {
  return new Map(await Promise.all(senders.map(async (k) => [k.account, (await client.account(k.account)).nonce])));
}

/** Credit records filed on the chain so far: the next record id, less one (ids start at 1). */
async function recordsFiled(client) {
  const { value } = await client.state(toHex(nextRecordKey(getSuite('intl'))), { prove: true });
  return value === null ? 0 : Number(decodeCanonical(fromHex(value))) - 1;
}

export async function run({ quick = false, records, dataDir } = {}) {
  const total = records ?? (quick ? 5_000 : 200_000);
  // 1,000 reads a size: a p99 of 200 rests on two samples, and one young-generation GC pause moved it by 5 ms.
  const requests = quick ? 50 : 1000;
  const kept = dataDir === undefined ? undefined : openKept(dataDir);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'cc-bench-report-'));
  try {
    const keyList = kept?.keyList ?? initDevDataDir(dir, { extraAccounts: SENDERS });
    const keys = new Map(keyList.map((k) => [k.account, k]));
    const senders = keyList.filter((k) => k.account.startsWith('load-'));
    if (kept === undefined) withoutRateLimit(dir, keepConfig);
    const secret = fromHex(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).subjectSecret, 32);
    const subject = subjectRef(secret, parseSubjectId('person', '11010519491231002X'));
    const ref = toHex(subject);

    const written0 = deviceWrittenGiB(dir);
    const { proc, url } = await startNodeProcess(dir);
    try {
      const client = new CreditChainClient(url, { timeoutMs: 120_000 });
      const timed = timedFetch();
      const asSubject = new CreditChainClient(url, { reader: keys.get('demo-person'), fetch: timed.fetch });
      const expected = kept?.expected ?? (await publishTarget(client, keys, subject));
      // A kept chain is measured as it is first, then filled on: as the chain holds it, for a
      // fill cut short (the bench stopped) leaves more on the chain than the kept file says.
      const nonces = kept === undefined ? new Map() : await chainNonces(client, senders);
      const start = kept === undefined ? 0 : (await recordsFiled(client)) - expected;
      const sizes = [...new Set([start, ...[0, Math.round(total / 10), total].filter((n) => n > start)])];
      let filled = start;
      if (dataDir !== undefined && kept === undefined) saveKept(dir, { keyList, expected });

      const points = [];
      let fillSeconds = 0;
      for (const size of sizes) {
        if (size > filled) {
          const n = size - filled;
          const tick = progress(`filled to ${fmt(size)}`, n);
          let done = 0;
          let lastTenth; // when the last tenth of this fill began, and how much was done by then
          const t0 = performance.now();
          await submitPipelined(client, submitBatches(senders, n, { nonces, first: filled }), {
            window: WINDOW,
            onCommit: (tx) => {
              if (lastTenth === undefined && done >= n * 0.9) lastTenth = { t: performance.now(), done };
              tick((done += tx.records));
            },
          });
          const end = performance.now();
          const seconds = (end - t0) / 1000;
          fillSeconds += seconds;
          const tail = lastTenth ?? { t: t0, done: 0 };
          const tailSeconds = (end - tail.t) / 1000;
          // A tail of under a second — a small fill whose last transactions land in one block —
          // gives no rate (it once gave millions a second): the whole fill's rate stands in.
          points.push({ fill: { records: n, seconds, lastTenthRate: tailSeconds >= 1 ? (n - tail.done) / tailSeconds : n / seconds } });
          filled = size;
        } else points.push({});
        const m = await measure(asSubject, timed, ref, { requests, expected });
        const db = statSync(join(dir, 'db', 'data.mdb'));
        Object.assign(points.at(-1), { records: filled + expected, ...m, rssMiB: nodeRssMiB(proc.pid), writtenGiB: Number((deviceWrittenGiB(dir) - written0).toFixed(1)), dbMiB: Math.round((db.blocks * 512) / 2 ** 20) });
        process.stderr.write(`  at ${fmt(filled + expected)} records: report p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms (the node's own: ${m.nodeP50.toFixed(1)}, ${m.nodeP99.toFixed(1)} ms), ${fmt(m.bytes)} bytes, verify ${m.verifyMs.toFixed(2)} ms, proof depth ${m.depthMean.toFixed(1)}\n`);
      }

      const figures = {};
      for (const p of points) {
        const at = `at ${fmt(p.records)} records`;
        if (p.fill) figures[`fill records/s to ${fmt(p.records)}`] = p.fill.records / p.fill.seconds;
        figures[`report p50 ms ${at}`] = p.p50;
        figures[`report p99 ms ${at}`] = p.p99;
        figures[`report p50 / p99 ms ${at}, the node's own (Server-Timing)`] = `${p.nodeP50.toFixed(2)} / ${p.nodeP99.toFixed(2)}`;
        figures[`report file bytes ${at}`] = p.bytes;
        figures[`verifyReport ms ${at}`] = p.verifyMs;
        figures[`state proof depth (mean, max) ${at}`] = `${p.depthMean.toFixed(1)}, ${p.depthMax}`;
        figures[`node RSS MiB, store MiB, GiB the disk wrote so far ${at}`] = `${p.rssMiB}, ${p.dbMiB}, ${p.writtenGiB}`;
      }
      figures['fill seconds (all records, building and signing included)'] = fillSeconds;
      const last = points.at(-1);
      // On a kept chain measured without filling on, the one point is its own reference.
      const tenth = points.at(-2) ?? last;
      // The fill slows as the store grows: from the rate of its last tenth, a tenfold chain would
      // take at least this long.
      if (last.fill) {
        figures['fill records/s over the last tenth'] = last.fill.lastTenthRate;
        figures[`fill on to ${fmt(total * 10)} records at that rate, seconds (a lower bound)`] = (total * 9) / last.fill.lastTenthRate;
      }
      return {
        scenario: 'report',
        figure: last.p50,
        unit: `ms p50, credit report with proof (signed read) at ${fmt(last.records)} records`,
        reference: { name: `p50 at ${fmt(tenth.records)} records`, figure: tenth.p50, unit: 'ms' },
        figures,
        parameters: { records: filled, ...(dataDir === undefined ? {} : { keptDataDir: true }), targetRecords: expected, requestsPerSize: requests, fillerSubjects: 'one random subject per record, pending, no details', senders: SENDERS, inFlightPerSender: WINDOW, score: last.score, stateKeepHeights: keepConfig.stateKeepHeights ?? DEFAULT_STATE_KEEP_HEIGHTS },
        points,
      };
    } finally {
      await stopNodeProcess(proc);
    }
  } finally {
    if (dataDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
