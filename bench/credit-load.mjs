// Credit-record load for the `records` and `report` benchmarks: batches of records about random
// subjects signed by several submitter accounts, review batches, and a pipelined submitter that
// keeps several transactions of each sender in flight — admitted in nonce order (wait=none, so
// the next nonce can follow at once) and each then waited for until committed — as
// `creditchain records import` does.
import { randomBytes } from 'node:crypto';
import { toHex } from '@creditchain/core';
import { buildReviewTx, buildSubmitRecordsTx } from '@creditchain/sdk';

export const CHAIN = 'creditchain-dev';
/** Records per credit.submit, and ids per credit.review: the ledger's limit (MAX_RECORD_BATCH). */
export const BATCH = 1000;
/** Expiry height of the benchmark transactions: within maxExpiryWindow (100,000) of block 0. */
const EXPIRES = 90_000;

export const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export function signer(key, nonce) {
  return { suite: 'intl', chainId: CHAIN, sender: key.account, nonce, expires: EXPIRES, seed: key.seed };
}

/**
 * A loan record about a new random subject (a random 32-byte reference), overdue or repaid on
 * time; with `details`, a details sidecar of the loan-overdue fields.
 */
export function randomRecord(i, { details = false } = {}) {
  const overdue = i % 4 !== 3;
  return {
    subject: randomBytes(32),
    subjectKind: 'person',
    category: overdue ? 'loan-overdue' : 'on-time-repayment',
    occurred: daysAgo(400 + (i % 300)),
    ended: daysAgo(100 + (i % 200)),
    amountBand: 1 + (i % 4),
    publicityDays: null,
    details: details ? (overdue ? { contractNumber: `L-2024-${i}`, overdueDays: String(30 + (i % 180)), name: 'Zhang San' } : { contractNumber: `L-2024-${i}`, months: '24', name: 'Zhang San' }) : null,
  };
}

/**
 * `count` records in batches of BATCH, the b-th signed by sender b mod senders.length with its
 * next nonce (`nonces`, account → next nonce, is advanced now). Returns, per sender, its
 * transactions in nonce order, {bytes, sidecars, id, records}, built one by one as they are
 * iterated (a lazy iterable: a fill of millions of records never holds them all); `first`
 * numbers the records.
 */
export function submitBatches(senders, count, { details = false, nonces = new Map(), first = 0 } = {}) {
  const plans = senders.map(() => []);
  for (let b = 0, done = 0; done < count; b++) {
    const n = Math.min(BATCH, count - done);
    const key = senders[b % senders.length];
    const nonce = nonces.get(key.account) ?? 0;
    nonces.set(key.account, nonce + 1);
    plans[b % senders.length].push({ key, nonce, from: first + done, n });
    done += n;
  }
  return plans.map((plan) => ({
    length: plan.length,
    *[Symbol.iterator]() {
      for (const { key, nonce, from, n } of plan) {
        const records = Array.from({ length: n }, (_, i) => randomRecord(from + i, { details }));
        const { tx, sidecars } = buildSubmitRecordsTx(signer(key, nonce), records);
        yield { bytes: tx.bytes, sidecars, id: toHex(tx.id), records: n };
      }
    },
  }));
}

/** credit.review publishing `ids` in transactions of BATCH ids, by one reviewer from `nonce` on. */
export function reviewBatches(reviewer, ids, nonce = 0) {
  const txs = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const tx = buildReviewTx(signer(reviewer, nonce++), chunk, 'publish');
    txs.push({ bytes: tx.bytes, sidecars: [], id: toHex(tx.id), records: chunk.length });
  }
  return txs;
}

/**
 * Submits each sender's transactions (an iterable, in nonce order) with at most `window` of them
 * in flight: each is admitted, then waited for until committed. Calls onCommit(tx, reply) as
 * each commits with "ok"; throws the first refusal or failed action.
 */
export async function submitPipelined(client, perSender, { window = 2, onCommit = () => {} } = {}) {
  await Promise.all(
    perSender.map(async (txs) => {
      const inFlight = new Set();
      for (const t of txs) {
        while (inFlight.size >= window) await Promise.race(inFlight);
        await client.submitTx(t.bytes, t.sidecars.length > 0 ? { sidecars: t.sidecars } : {});
        const p = client.waitForTx(t.id, { intervalMs: 20, timeoutMs: 600_000 }).then((reply) => {
          inFlight.delete(p);
          onCommit(t, reply);
        });
        inFlight.add(p);
      }
      await Promise.all(inFlight);
    }),
  );
}

/** Record ids of a committed credit.submit reply: data {first, count}. */
export function idsOf(reply) {
  const { first, count } = reply.data;
  return Array.from({ length: count }, (_, i) => first + i);
}

/** A progress line on stderr each time another tenth of `total` is done. */
export function progress(label, total) {
  let next = total / 10;
  const t0 = performance.now();
  return (done) => {
    if (done < next && done < total) return;
    while (next <= done) next += total / 10;
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(`  ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${Math.round((100 * done) / total)}%) in ${s.toFixed(1)} s, ${Math.round(done / s).toLocaleString('en-US')}/s\n`);
  };
}
