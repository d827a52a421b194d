// `creditchain erase RECORD --order FILE --reason …`: an arbiter carries out a court order that a
// record's details be deleted. The order's hash and name become the sidecar (the file stays
// here); every node deletes the record's details sidecars when the block commits. The record,
// its commitments and every hash, proof and receipt stay valid; the details are gone.
import type { Command } from 'commander';
import { toHex } from '@creditchain/core';
import { eraseTx } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { documentEvidence } from './evidence.js';
import { out } from './output.js';
import { addSenderOptions, prepare, resolveSender, type SenderOptions } from './target.js';

export function register(program: Command): void {
  addSenderOptions(
    program
      .command('erase')
      .description("carry out a court order: erase a record's details on every node (an arbiter)")
      .argument('<record>', 'record id', parseWhole)
      .requiredOption('--order <file>', 'the court order; its hash and name become the sidecar, the file stays here')
      .requiredOption('--reason <text>', 'the order, in words, e.g. its case number'),
  ).action(async (record: number, opts: SenderOptions & { order: string; reason: string }) => {
    const p = await prepare(resolveSender(opts));
    const { tx, sidecars } = eraseTx({ ...p.signer, record, reason: opts.reason, order: await documentEvidence(opts.order, p.suite) });
    const reply = await p.submit(tx, sidecars);
    const { erased } = reply.data as { erased: number };
    out(
      erased === 0
        ? `Record ${record} had no details left to erase (none, or already erased); the order is on record at height ${reply.height}.`
        : `Erased the details of record ${record} (${erased} version${erased === 1 ? '' : 's'}) on every node at height ${reply.height}, by court order (commitment ${toHex(sidecars[0]!.commitment)}).`,
    );
    out('The record, its commitments and every receipt and proof stay valid; no API or export serves the details any more.');
  });
}
