// A load-generator process with a fixed rate, as Hyperledger Caliper's fixed-rate controller and
// wrk2 load a system: it posts pre-signed transactions at the times its parent scheduled, whether
// or not the earlier ones have committed (an open loop), each request waiting for its durable
// commit. A closed loop (send, wait, send again) lets the node's pace set the load; its clients
// then move in step with the blocks, all the transactions in flight landing in the same block,
// and the figure measures that lock-step, not the node. Latency runs from the scheduled time, not
// the actual send, so a node — or a generator — that falls behind is charged with the wait (no
// "coordinated omission").
//
// Receives {type: 'load', batches: [{at, txs: [Uint8Array, …]}, …]} from its parent, says
// {type: 'loaded'}, then receives {type: 'go', url, start, maxInFlight}: `start` is a time on the
// shared clock (epochMs below) and `at` a batch's offset from it in ms.
// With one transaction a batch it posts to /v1/txs, else to /v1/txs/batch. Once more than
// `maxInFlight` transactions wait for their commit, the node is past the rates that interest us
// and the generator sends nothing more. Replies with one {at, doneAt, ok, codes} per batch sent,
// doneAt being when its reply arrived (offset from start).
import http from 'node:http';
import { encodeCanonical } from '@creditchain/core';
import { epochMs } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// node:http with kept-alive connections, not fetch: fetch (undici) cost the generator ≈ 4 ms of CPU
// a 320 KB anchor batch, on the two cores the node under test has (session 30).
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function request(url, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/cbor', 'content-length': body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (e) {
          reject(e);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function post(url, txs) {
  const one = txs.length === 1;
  try {
    const { status, json: j } = await request(url, `${one ? '/v1/txs' : '/v1/txs/batch'}?wait=commit`, one ? txs[0] : encodeCanonical(txs));
    if (status !== 200) return txs.map(() => ({ status: 'refused', code: j.code }));
    return one ? [j] : j.results;
  } catch (e) {
    return txs.map(() => ({ status: 'refused', code: `request: ${e.code ?? e.message}` }));
  }
}

let batches = [];
process.on('message', async (msg) => {
  if (msg.type === 'load') {
    // The transactions come first, and the start time only once every generator holds its own:
    // an anchor run's are hundreds of MB, and a start fixed before they arrived made the first
    // step's batches late by seconds, charged to the node as latency (session 29).
    batches = msg.batches;
    process.send({ type: 'loaded' });
    return;
  }
  if (msg.type !== 'go') return;
  const { url, start, maxInFlight } = msg;
  const sent = [];
  let inFlight = 0;
  for (const { at, txs } of batches) {
    if (inFlight > maxInFlight) break;
    const wait = start + at - epochMs();
    if (wait > 1) await sleep(wait);
    inFlight += txs.length;
    sent.push(
      post(url, txs).then((results) => {
        inFlight -= txs.length;
        const codes = {};
        let ok = 0;
        for (const r of results) {
          if (r.status === 'committed' && r.code === 'ok') ok++;
          else codes[r.code] = (codes[r.code] ?? 0) + 1;
        }
        return { at, doneAt: epochMs() - start, ok, codes };
      }),
    );
  }
  process.send({ type: 'done', batches: await Promise.all(sent) });
});
