// `creditchain verify FILE [RECEIPT]`: check offline — no network — that FILE is the document a
// receipt proves was anchored, and say in plain words what that proves.
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { CreditChainError, getSuite, parseVerifierKey, toHex } from '@creditchain/core';
import { parseReceipt, verifyReceipt } from '@creditchain/sdk';
import { hashFile, readJsonFile, readText } from './files.js';
import { badArgument, collect, note, out } from './output.js';

/** A --trust value: a verifier key (name+keyid+key), or a file holding one. */
function trustedKey(value: string): string {
  let text = value;
  if (existsSync(value) && statSync(value).isFile()) {
    text = readText(value).split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
    if (text === '') throw badArgument(`The --trust file ${value} is empty; it should hold a verifier key name+keyid+key.`);
  }
  try {
    parseVerifierKey(text);
  } catch (e) {
    const why = e instanceof CreditChainError ? e.message : String(e);
    throw badArgument(`--trust ${value} is neither a verifier key (name+keyid+key, as "creditchain dev" prints it) nor a file holding one: ${why}`);
  }
  return text;
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('check offline that a file is the document its receipt proves was anchored')
    .argument('<file>', 'the document')
    .argument('[receipt]', 'its receipt (default: FILE.receipt.json)')
    .option('--trust <key>', 'a checkpoint verifier key you trust, or a file holding it (repeatable)', collect, [])
    .action(async (file: string, receiptFile: string | undefined, opts: { trust: string[] }) => {
      const trusted = opts.trust.map(trustedKey);
      if (!existsSync(file)) throw new CreditChainError('CLI_FILE_ERROR', `Cannot read ${file}: there is no such file.`, { path: file });
      const receiptPath = receiptFile ?? `${file}.receipt.json`;
      const receipt = parseReceipt(readJsonFile(receiptPath, 'a receipt'));
      const suite = getSuite(receipt.suite);
      const documentHash = await hashFile(file, suite);
      let proof;
      try {
        proof = verifyReceipt(receipt, trusted.length === 0 ? { documentHash } : { documentHash, trustedKeys: trusted });
      } catch (e) {
        if (e instanceof CreditChainError && e.code === 'CHECKPOINT_BAD_SIGNATURE' && trusted.length > 0) {
          throw new CreditChainError(e.code, `The receipt's checkpoint is not signed by a key you trust: ${e.message}`, e.details);
        }
        throw e;
      }
      const signers = proof.checkpoint.signedBy.join(', ');
      out(`VERIFIED: ${file} is the document anchored by this receipt.`);
      out(`  Content      ${suite.hashName} ${toHex(documentHash)}${proof.label === undefined ? '' : ` (label "${proof.label}")`}: the file is, byte for byte, the anchored document.`);
      out(`  Time         ${proof.time.replace('T', ' ').replace('Z', ' UTC')}: the time of the block that recorded it; it existed then.`);
      out(`  Anchored by  account ${proof.sender}, as the chain recorded it.`);
      out(`  Where        chain ${proof.chainId}, block height ${proof.height}, log index ${proof.logIndex}, transaction ${proof.tx}.`);
      out(`  Checkpoint   log ${proof.checkpoint.origin} at size ${proof.checkpoint.size}, signed by ${signers}${trusted.length === 0 ? ' (the key the receipt names)' : ' (a key you trust)'}.`);
      if (trusted.length === 0) {
        note(`warning: no --trust key was given, so the checkpoint was checked against the key the receipt itself names (${receipt.verifierKey}).`);
        note('warning: that proves the document is unchanged and in the log that key signed, but not who signed it: compare that key with your node\'s (GET /v1/checkpoints/key) and pass it with --trust.');
      }
    });
}
