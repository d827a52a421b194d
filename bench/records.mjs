// records: credit records imported into a node as `creditchain records import` does it — batches
// of 1,000 loan records about distinct subjects, each with its details sidecar, posted over HTTP
// with the sidecars beside the transaction by several submitter accounts, a few batches of each
// in flight, each waited for until committed — and then published by a reviewer of the same
// bank in review transactions of 1,000 ids. Figure: records imported (admitted and committed)
// per second; also the publish rate and the time of the whole import and publication.
// Reference: verify-limit measured in the same run. --quick imports 2,000; --records N sets N.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDevDataDir } from '@creditchain/node';
import { CreditChainClient } from '@creditchain/sdk';
import { idsOf, progress, reviewBatches, submitBatches, submitPipelined } from './credit-load.mjs';
import { startNodeProcess, stopNodeProcess, withoutRateLimit } from './lib.mjs';

/** Submitter accounts (load-0 …), and transactions of each in flight at once. */
const SENDERS = Number(process.env.BENCH_SENDERS ?? 4);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 2);

export async function run({ reference, quick = false, records } = {}) {
  const total = records ?? (quick ? 2_000 : 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-records-'));
  try {
    const keys = initDevDataDir(dir, { extraAccounts: SENDERS });
    const senders = keys.filter((k) => k.account.startsWith('load-'));
    const reviewer = keys.find((k) => k.account === 'demo-bank-reviewer');
    const regulator = keys.find((k) => k.account === 'demo-regulator');
    withoutRateLimit(dir);

    const b0 = performance.now();
    const batches = submitBatches(senders, total, { details: true }).map((txs) => [...txs]);
    const buildSeconds = (performance.now() - b0) / 1000;

    const { proc, url } = await startNodeProcess(dir);
    try {
      const client = new CreditChainClient(url, { timeoutMs: 120_000 });
      const ids = [];
      let imported = 0;
      const tick = progress('imported', total);
      const t0 = performance.now();
      await submitPipelined(client, batches, {
        window: WINDOW,
        onCommit: (tx, reply) => {
          ids.push(...idsOf(reply));
          tick((imported += tx.records));
        },
      });
      const importSeconds = (performance.now() - t0) / 1000;

      ids.sort((a, b) => a - b);
      const reviews = reviewBatches(reviewer, ids);
      let published = 0;
      const tickReview = progress('published', ids.length);
      const t1 = performance.now();
      await submitPipelined(client, [reviews], { window: WINDOW * 2, onCommit: (tx) => tickReview((published += tx.records)) });
      const publishSeconds = (performance.now() - t1) / 1000;
      const wholeSeconds = (performance.now() - t0) / 1000;

      // The last record is published, and its details are held (read as a regulator).
      const last = ids[ids.length - 1];
      const asRegulator = new CreditChainClient(url, { reader: regulator });
      const record = await asRegulator.record(last);
      const details = await asRegulator.recordDetails(last);
      if (record.status !== 'published' || details.payload.name !== 'Zhang San') throw new Error(`record ${last} is ${record.status}; its details: ${JSON.stringify(details.payload)}`);

      const figure = imported / importSeconds;
      return {
        scenario: 'records',
        figure,
        unit: 'records imported/s (1,000 a transaction, with details sidecars, committed)',
        reference: reference ? { name: 'verify-limit', figure: reference.figure, unit: reference.unit } : undefined,
        figures: {
          'records imported': imported,
          'import seconds': importSeconds,
          'submit transactions/s': batches.flat().length / importSeconds,
          'records published/s (reviews of 1,000)': published / publishSeconds,
          'publish seconds': publishSeconds,
          'import and publish seconds': wholeSeconds,
          'client build and sign records/s (before the run)': total / buildSeconds,
        },
        parameters: { records: total, recordsPerTx: 1000, detailsSidecars: true, senders: SENDERS, inFlightPerSender: WINDOW, reviewer: 'demo-bank-reviewer', reviewInFlight: WINDOW * 2, blockIntervalMs: 200, maxBlockTxs: 5000 },
      };
    } finally {
      await stopNodeProcess(proc);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
