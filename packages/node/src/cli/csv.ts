// RFC 4180 CSV for the CLI: the SDK's reader (shared with the web console), its errors under the
// codes the CLI has always given — CLI_FILE_ERROR for a file it cannot read, CLI_BAD_ARGUMENT
// for a value written wrong.
import { CreditChainError } from '@creditchain/core';
import { parseCsv as parseCsvText, type CsvRecord } from '@creditchain/sdk';

export type { CsvRecord } from '@creditchain/sdk';

/** Runs `f`, giving the SDK's CSV_BAD_FILE as CLI_FILE_ERROR and CSV_BAD_VALUE as CLI_BAD_ARGUMENT (message and details kept). */
export function withCliCodes<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CreditChainError && e.code === 'CSV_BAD_FILE') throw new CreditChainError('CLI_FILE_ERROR', e.message, e.details);
    if (e instanceof CreditChainError && e.code === 'CSV_BAD_VALUE') throw new CreditChainError('CLI_BAD_ARGUMENT', e.message, e.details);
    throw e;
  }
}

/** The SDK's parseCsv: records with the line each starts on; a file it cannot read throws CLI_FILE_ERROR. */
export function parseCsv(text: string, maxRecords?: number): CsvRecord[] {
  return withCliCodes(() => parseCsvText(text, maxRecords));
}
