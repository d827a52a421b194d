// `creditchain anchor FILE...`: hash files locally (the content never leaves the machine),
// anchor the hashes in evidence.anchor transactions, and write FILE.receipt.json next to each
// file: the proof, checkable offline with `creditchain verify`.
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { CreditChainError, toHex } from '@creditchain/core';
import {
  MAX_ANCHOR_LABEL,
  buildAnchorTx,
  fetchBatchReceipts,
  planAnchorBatches,
  verifyReceipt,
  type EvidenceReceipt,
  type ReceiptProof,
} from '@creditchain/sdk';
import { PACKED_ANCHOR_VERSION } from '@creditchain/ledger';
import { DEMO_ACCOUNTS } from '../dev.js';
import { DEFAULT_DEV_DIR, shownPath } from './dev.js';
import { hashFile, writeJsonFile } from './files.js';
import { badArgument, fileError, note, out } from './output.js';
import { createProgress } from './progress.js';
import { prepare, resolveSender } from './target.js';

/** Requests for earlier anchorings made at once. */
const RECEIPT_CONCURRENCY = 8;
/** Fewest files for which a progress bar is drawn: a few are done before it would help. */
const PROGRESS_MIN = 100;

interface AnchorOptions {
  url?: string;
  key?: string;
  data?: string;
  as?: string;
  account?: string;
  /** A label for every hash, or false for none (--no-label); the file's name by default. */
  label?: string | false;
}

interface Doc {
  readonly file: string;
  readonly hash: Uint8Array;
  readonly hex: string;
  readonly label?: string;
}

export function register(program: Command): void {
  program
    .command('anchor')
    .description('anchor files by their hash and write FILE.receipt.json next to each')
    .argument('<file...>', 'files to anchor')
    .option('--url <url>', 'node URL, e.g. http://127.0.0.1:7700 (with --key)')
    .option('--key <keyfile>', 'key file of the sending account (from "creditchain keys new")')
    .option('--data <devdir>', `a "creditchain dev" data directory: its node and its key of --as (default: ${DEFAULT_DEV_DIR} if it exists)`)
    .option('--as <account>', `the sending account (default: the key file's, or ${DEMO_ACCOUNTS[0]!.name} with --data)`)
    .addOption(new Option('--account <name>', 'the same as --as').hideHelp())
    .option('--label <text>', "label recorded with each hash (default: the file's name)")
    .option('--no-label', 'anchor the hashes alone, without labels: 32 bytes a hash, packed, on a chain at protocol version 3')
    .action(async (files: string[], opts: AnchorOptions) => {
      await anchor(files, opts);
    });
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function anchor(files: string[], opts: AnchorOptions): Promise<void> {
  if (typeof opts.label === 'string' && opts.label.length > MAX_ANCHOR_LABEL) throw badArgument(`A label is at most ${MAX_ANCHOR_LABEL} characters.`);
  // Every file must be readable before anything is sent.
  for (const file of files) {
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch (e) {
      throw fileError(e, file, 'read');
    }
    if (!isFile) throw new CreditChainError('CLI_FILE_ERROR', `Cannot anchor ${file}: it is not a file.`, { path: file });
  }
  const target = resolveSender({ ...opts, as: opts.as ?? opts.account }, DEMO_ACCOUNTS[0]!.name);
  const { client, sender } = target;
  const { status, suite, account, signer } = await prepare(target);
  note(`Anchoring ${files.length} file${files.length === 1 ? '' : 's'} as ${sender} on ${status.chainId} (${client.baseUrl}).`);

  const hashing = createProgress('hashing files', files.length, { minTotal: PROGRESS_MIN });
  const docs: Doc[] = [];
  for (const file of files) {
    const hash = await hashFile(file, suite);
    docs.push(opts.label === false ? { file, hash, hex: toHex(hash) } : { file, hash, hex: toHex(hash), label: (opts.label ?? basename(file)).slice(0, MAX_ANCHOR_LABEL) });
    hashing.tick();
  }
  hashing.done();

  // One item per distinct hash: the same content twice is anchored once.
  const items = [...new Map(docs.map((d) => [d.hex, d])).values()];
  const batches = planAnchorBatches(items);
  const verifierKey = await client.checkpointKey();
  // Unlabelled hashes go packed where the chain takes it (docs/protocol.md, "Evidence batches").
  const version = opts.label === false ? (await client.params()).protocolVersion : undefined;
  const packed = version !== undefined && version >= PACKED_ANCHOR_VERSION;
  if (version !== undefined) note(packed ? 'Without labels: the hashes go packed, 32 bytes each.' : `Without labels, as items: this chain runs protocol version ${version}, and takes packed hashes from version ${PACKED_ANCHOR_VERSION}.`);
  let nonce = account.nonce;
  let height = status.height;
  for (const [i, batch] of batches.entries()) {
    if (batches.length > 1) note(`sending transaction ${i + 1}/${batches.length} (${batch.length} hashes)`);
    const tx = buildAnchorTx({ ...signer, nonce, expires: height + (signer.expires - status.height), items: batch, packed });
    const committed = await client.submitTx(tx.bytes, { wait: 'commit' });
    nonce += 1;
    height = committed.height ?? height;
    const txId = toHex(tx.id);
    // Receipts for the whole batch from three requests; items anchored before by another
    // transaction keep their first anchoring, whose receipt the node gives.
    const own = await fetchBatchReceipts(client, { suite: suite.id, chainId: status.chainId, items: batch, logIndex: committed.logIndex!, verifierKey });
    const byHash = new Map<string, EvidenceReceipt>(own.map((r) => [r.hash, r]));
    // A chain of protocol version 1 counts the hashes anchored before in the result; from
    // version 2 the result has no count, and the node's index is asked for the whole batch in
    // one request (a batch is at most MAX_EVIDENCE_LOOKUP hashes).
    const already = (committed.data as { alreadyAnchored?: number } | undefined)?.alreadyAnchored;
    if (already === undefined || already > 0) {
      const found = await client.evidenceLookup(batch.map((item) => item.hex));
      const earlier = batch.filter((item, k) => found[k]?.tx !== txId);
      await forEachLimit(earlier, RECEIPT_CONCURRENCY, async (item) => {
        byHash.set(item.hex, await client.evidenceReceipt(item.hex));
      });
    }
    const inBatch = new Set(batch.map((b) => b.hex));
    const batchDocs = docs.filter((d) => inBatch.has(d.hex));
    const proven = new Map<Doc, ReceiptProof>();
    // A bar per transaction, ended before its results are printed on stdout.
    const receipts = createProgress('writing receipts', batchDocs.length, { minTotal: PROGRESS_MIN });
    for (const d of batchDocs) {
      const receipt = byHash.get(d.hex)!;
      // Check each receipt before writing it: a receipt that does not verify is no receipt.
      proven.set(d, verifyReceipt(receipt, { documentHash: d.hash, trustedKeys: [verifierKey] }));
      writeJsonFile(`${d.file}.receipt.json`, receipt);
      receipts.tick();
    }
    receipts.done();
    for (const d of batchDocs) {
      const p = proven.get(d)!;
      const earlier = p.tx !== txId ? ' (anchored before: the first anchoring stands)' : '';
      out(`${d.file}: ${suite.hashName} ${d.hex}, height ${p.height}, log index ${p.logIndex}, receipt ${d.file}.receipt.json${earlier}`);
    }
  }
  out(`Anchored ${docs.length} file${docs.length === 1 ? '' : 's'} in ${batches.length} transaction${batches.length === 1 ? '' : 's'}. Check a receipt offline with:`);
  const shown = docs.length === 1 ? shownPath(resolve(docs[0]!.file)) : '<file>';
  // A network's receipts carry its validators' signatures: they are checked against its validator set.
  if ((await client.validators()).validators.length > 0) out(`  creditchain verify ${shown} --validators validators.json   (the network's validator set: GET /v1/validators, or the file creditchain network init wrote)`);
  else out(`  creditchain verify ${shown} --trust ${verifierKey}`);
}
