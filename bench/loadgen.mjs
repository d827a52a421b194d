// A load-generator process: posts pre-signed transactions to a node, each waiting for its
// durable commit. Each account's transactions go in nonce order. With `batch` > 1 it sends
// them through POST /v1/txs/batch: round r carries nonce r of a group of accounts, so a batch
// never holds two transactions of one account. Receives {url, accounts: [[hexTx, …], …],
// batch, streams} and "go" from its parent; replies with its counts and latencies.
import { encodeCanonical } from '@creditchain/core';

process.on('message', async (msg) => {
  if (msg.type !== 'go') return;
  const { url, accounts, batch = 1, streams = 4 } = msg;
  const latencies = [];
  const codes = {};
  let ok = 0;
  const start = performance.now();
  const count = (status, code) => {
    if (status === 'committed' && code === 'ok') ok++;
    else codes[code] = (codes[code] ?? 0) + 1;
  };
  if (batch <= 1) {
    await Promise.all(
      accounts.map(async (txs) => {
        for (const hex of txs) {
          const t0 = performance.now();
          const r = await fetch(`${url}/v1/txs?wait=commit`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: Buffer.from(hex, 'hex') });
          const j = await r.json();
          latencies.push(performance.now() - t0);
          count(r.status === 200 ? j.status : 'refused', j.code);
        }
      }),
    );
  } else {
    // Accounts are split into `streams` groups; each group sends its rounds one after another.
    const groups = Array.from({ length: streams }, (_, g) => accounts.filter((_, a) => a % streams === g));
    await Promise.all(
      groups.map(async (group) => {
        const rounds = Math.max(0, ...group.map((txs) => txs.length));
        for (let r = 0; r < rounds; r++) {
          const round = group.map((txs) => txs[r]).filter((x) => x !== undefined);
          for (let i = 0; i < round.length; i += batch) {
            const body = encodeCanonical(round.slice(i, i + batch).map((hex) => Buffer.from(hex, 'hex')));
            const t0 = performance.now();
            const res = await fetch(`${url}/v1/txs/batch?wait=commit`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body });
            const j = await res.json();
            const ms = performance.now() - t0;
            if (res.status !== 200) count('refused', j.code);
            else for (const item of j.results) (latencies.push(ms), count(item.status, item.code));
          }
        }
      }),
    );
  }
  process.send({ type: 'done', ok, codes, latencies, elapsedMs: performance.now() - start });
});
