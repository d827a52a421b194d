// `creditchain verify FILE [RECEIPT]`: check offline — no network — that FILE is the document a
// receipt proves was anchored, and say in plain words what that proves. Given a credit report
// file (creditchain report --out FILE.json), check that report against its proof instead. A
// solo node's checkpoints are checked against its key (--trust); a network's against its
// validator set (--validators): more than 2/3 of the voting power must have signed.
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { CreditChainError, getSuite, parseVerifierKey, toHex } from '@creditchain/core';
import { REPORT_FILE_TYPE, VOUCHER_TRACE_FILE_TYPE, verifyVoucherTrace, parseReceipt, parseValidatorKeys, verifyReceipt, verifyReport, type ValidatorKey } from '@creditchain/sdk';
import { describeReport } from './report.js';
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
    .description('check offline that a file is the document its receipt proves was anchored, or that a credit report is what the chain held')
    .argument('<file>', 'the document, or a credit report file (report.json)')
    .argument('[receipt]', 'its receipt (default: FILE.receipt.json)')
    .option('--trust <key>', 'a checkpoint verifier key you trust, or a file holding it (repeatable)', collect, [])
    .option('--validators <file>', "a network's validator set (validators.json from creditchain network init, or GET /v1/validators): the checkpoint must be signed by more than 2/3 of its power")
    .action(async (file: string, receiptFile: string | undefined, opts: { trust: string[]; validators?: string }) => {
      if (opts.validators !== undefined && opts.trust.length > 0) throw badArgument('Give either --trust keys (a solo node) or --validators FILE (a network), not both.');
      const trusted = opts.trust.map(trustedKey);
      const validators = opts.validators === undefined ? undefined : parseValidatorKeys(readJsonFile(opts.validators, 'a validator set'));
      const trust: Trust = validators !== undefined ? { validators } : trusted.length > 0 ? { trustedKeys: trusted } : {};
      if (!existsSync(file)) throw new CreditChainError('CLI_FILE_ERROR', `Cannot read ${file}: there is no such file.`, { path: file });
      if (receiptFile === undefined && isReportFile(file)) return verifyReportFile(file, trust);
      if (receiptFile === undefined && isReportFile(file, VOUCHER_TRACE_FILE_TYPE)) return verifyTraceFile(file, trust);
      const receiptPath = receiptFile ?? `${file}.receipt.json`;
      const receipt = parseReceipt(readJsonFile(receiptPath, 'a receipt'));
      const suite = getSuite(receipt.suite);
      const documentHash = await hashFile(file, suite);
      let proof;
      try {
        proof = verifyReceipt(receipt, { documentHash, ...trust });
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
      out(`  Checkpoint   log ${proof.checkpoint.origin} at size ${proof.checkpoint.size}, signed by ${signers}${whoSigned(trust, 'receipt')}.`);
      if (trust.trustedKeys === undefined && trust.validators === undefined) {
        note(`warning: no --trust key was given, so the checkpoint was checked against the key the receipt itself names (${receipt.verifierKey}).`);
        note('warning: that proves the document is unchanged and in the log that key signed, but not who signed it: compare that key with your node\'s (GET /v1/checkpoints/key) and pass it with --trust.');
      }
    });
}

/** A credit report (or voucher trace) file names its type near the top; a document never needs parsing to tell. */
function isReportFile(file: string, type: string = REPORT_FILE_TYPE): boolean {
  if (!file.endsWith('.json') || statSync(file).size > 256 * 1024 * 1024) return false;
  return readText(file).slice(0, 200).includes(`"${type}"`);
}

function verifyTraceFile(file: string, trust: Trust): void {
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch {
    throw new CreditChainError('VOUCHER_TRACE_INVALID', `${file} is not well-formed JSON: the trace was changed or cut short.`, { path: file });
  }
  const v = verifyVoucherTrace(json, trust);
  const t = v.trace;
  out(`VERIFIED: ${file} is the trace the chain held for voucher ${t.voucher} of class ${t.class.id} "${t.class.name}" at height ${v.height}.`);
  out(`  Proof        ${v.entries} state entries, each proven to the state root of chain ${v.chainId} at height ${v.height}; the trace was rebuilt from them and matches.`);
  out(`  Checkpoint   signed by ${v.signedBy.join(', ')}${whoSigned(trust, 'trace')}.`);
  out(`  Trace        ${t.vouchers.length} voucher${t.vouchers.length === 1 ? '' : 's'} of its lineage, ${t.movements.length} movements: ${t.movements.map((m) => m.kind).join(' → ')}${t.settled ? '; every part has reached its end' : ''}.`);
}

type Trust = { trustedKeys?: string[]; validators?: ValidatorKey[] };

function whoSigned(trust: Trust, what: string): string {
  if (trust.validators !== undefined) return ` (validators holding more than 2/3 of the ${trust.validators.reduce((n, v) => n + v.power, 0)} voting power)`;
  return trust.trustedKeys === undefined ? ` (the key the ${what} names)` : ' (a key you trust)';
}

function verifyReportFile(file: string, trust: Trust): void {
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch {
    throw new CreditChainError('REPORT_INVALID', `${file} is not well-formed JSON: the report was changed or cut short.`, { path: file });
  }
  const v = verifyReport(json, trust);
  out(`VERIFIED: ${file} is the credit report the chain held for subject ${v.report.subject} at height ${v.height}.`);
  out(`  Proof        ${v.entries} state entries, each proven to the state root of chain ${v.chainId} at height ${v.height}; the report was rebuilt from them and matches.`);
  out(`  Checkpoint   signed by ${v.signedBy.join(', ')}${whoSigned(trust, 'report')}.`);
  for (const line of describeReport(v.report)) out(`  ${line}`);
  if (trust.trustedKeys === undefined && trust.validators === undefined) {
    note(`warning: no --trust key was given, so the checkpoint was checked against the key the report itself names (${(json as { verifierKey?: string }).verifierKey ?? '?'}).`);
    note("warning: that proves the report is intact and consistent, but not which network signed it: pass the network's key with --trust.");
  }
}
