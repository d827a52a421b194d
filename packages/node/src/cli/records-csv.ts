// Credit records from a CSV file, for `creditchain records import FILE.csv`: the SDK's reader
// (`parseRecordsCsv`, shared with the web console's import page), with this CLI's subject step —
// it holds the consortium secret, so a row names its subject by its Unified Social Credit Code or
// resident ID number, turned into the on-chain reference here — and its error codes.
import {
  amountBand as amountBandOf,
  parseRecordsCsv as parseRecords,
  subjectsBySecret,
  type ParsedRecordsCsv,
  type RecordsCsvOptions as SdkRecordsCsvOptions,
} from '@creditchain/sdk';
import { withCliCodes } from './csv.js';

export { describeRefusal, MAX_CSV_ROWS, type CsvRecordInput, type CsvRefusal, type CsvRow, type ParsedRecordsCsv } from '@creditchain/sdk';

export interface RecordsCsvOptions extends Omit<SdkRecordsCsvOptions, 'subjects'> {
  /** The consortium subject secret (node config `subjectSecret`). */
  readonly secret: Uint8Array;
}

/**
 * The amount band of an amount in CNY written as a decimal number ("12500", "12,500.00"); see
 * the SDK's amountBand. Text that is not such an amount throws CLI_BAD_ARGUMENT.
 */
export function amountBand(amountText: string): number {
  return withCliCodes(() => amountBandOf(amountText));
}

/**
 * Parses and checks a CSV file of credit records, subjects named by their identifiers under the
 * consortium secret. Problems with the file as a whole throw CLI_FILE_ERROR (a short secret
 * SUBJECT_BAD_SECRET, a bad `today` CLI_BAD_ARGUMENT); problems with a row refuse that row,
 * naming its line and column, and the other rows are still returned.
 */
export function parseRecordsCsv(text: string, opts: RecordsCsvOptions): ParsedRecordsCsv {
  const { secret, ...rest } = opts;
  const subjects = subjectsBySecret(secret);
  return withCliCodes(() => parseRecords(text, { ...rest, subjects }));
}
