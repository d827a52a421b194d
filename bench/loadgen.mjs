// A load-generator process: posts pre-signed transactions to a node, one sequence per account
// (so each account's nonces arrive in order), every request waiting for its durable commit.
// Receives {url, accounts: [[hexTx, …], …]} and "go" from its parent; replies with its counts
// and latencies.
process.on('message', async (msg) => {
  if (msg.type !== 'go') return;
  const { url, accounts } = msg;
  const latencies = [];
  const codes = {};
  let ok = 0;
  const start = performance.now();
  await Promise.all(
    accounts.map(async (txs) => {
      for (const hex of txs) {
        const body = Buffer.from(hex, 'hex');
        const t0 = performance.now();
        const r = await fetch(`${url}/v1/txs?wait=commit`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body });
        const j = await r.json();
        latencies.push(performance.now() - t0);
        if (r.status === 200 && j.status === 'committed') ok++;
        else codes[j.code] = (codes[j.code] ?? 0) + 1;
      }
    }),
  );
  process.send({ type: 'done', ok, codes, latencies, elapsedMs: performance.now() - start });
});
