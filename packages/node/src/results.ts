// Reading stored transaction results back for replies.
import { decodeCanonical, readMap, readString, type CborValue } from '@creditchain/core';

export interface ResultView {
  readonly code: string;
  readonly message: string;
  readonly data?: CborValue;
}

export function decodeResultBytes(bytes: Uint8Array): ResultView {
  const m = readMap(decodeCanonical(bytes), 'result', ['tx', 'code', 'message'], ['data']);
  const code = readString(m.code, 'result.code', 64);
  const message = readString(m.message, 'result.message', 4096);
  return m.data === undefined ? { code, message } : { code, message, data: m.data };
}
