// The protobuf messages of ABCI 2.0 (CometBFT v0.38, package tendermint.abci), decoded and encoded
// with cosmjs-types: generated code with no dependencies whose field numbers match CometBFT's
// proto/tendermint/abci/types.proto (codec.test.ts checks a hand-encoded Request against it).
// cosmjs-types is CommonJS and its package exports map forbids the `.js` suffix, so its subpaths are
// imported without one.
import { CreditChainError } from '@creditchain/core';
import { BinaryReader } from 'cosmjs-types/binary';
import { Request, Response } from 'cosmjs-types/tendermint/abci/types';

/** The name of each ABCI 2.0 method, as its field of the Request oneof. */
export type RequestKind = keyof Request;

/** A Request narrowed to the one method it carries. */
export type AbciCall = { [K in RequestKind]: { readonly kind: K; readonly request: NonNullable<Request[K]> } }[RequestKind];

/** A Request as decoded: its one method, or, for one that names no ABCI 2.0 method, its first field number. */
export type DecodedRequest = AbciCall | { readonly kind: undefined; readonly field: number | undefined };

/**
 * Decodes one Request. Bytes that are not protobuf, or that set two methods of the oneof, are
 * ABCI_BAD_MESSAGE. Well-formed bytes that name no ABCI 2.0 method (an empty message, or BeginBlock
 * from a CometBFT older than v0.38) decode to `undefined` with the first field number, so the
 * server can answer with an exception that names it instead of dropping the connection.
 */
export function decodeRequest(bytes: Uint8Array): DecodedRequest {
  let decoded: Request;
  try {
    decoded = Request.decode(bytes);
  } catch (e) {
    throw new CreditChainError('ABCI_BAD_MESSAGE', `An ABCI request is not a well-formed protobuf Request: ${(e as Error).message}.`, { length: bytes.length });
  }
  // The generated decoder fills every method field it meets; the protobuf rule that the last one
  // wins would silently drop a call, and CometBFT never sends two, so two is refused.
  const kinds = (Object.keys(decoded) as RequestKind[]).filter((k) => decoded[k] !== undefined);
  if (kinds.length > 1) {
    throw new CreditChainError('ABCI_BAD_MESSAGE', `An ABCI request carries ${kinds.length} methods (${kinds.join(', ')}); a Request holds one.`, { kinds });
  }
  const kind = kinds[0];
  if (kind === undefined) return { kind: undefined, field: firstFieldNumber(bytes) };
  return { kind, request: decoded[kind] } as AbciCall;
}

/**
 * Encodes one Response. It goes through `fromPartial` first, which fills every field the caller
 * left out with its default and turns numbers into the bigints the generated encoder compares
 * against: `encode` alone throws on a missing bytes field and writes a needless zero for `0`
 * where it expects `0n`.
 */
export function encodeResponse(response: Response): Uint8Array {
  return Response.encode(Response.fromPartial(response)).finish();
}

function firstFieldNumber(bytes: Uint8Array): number | undefined {
  if (bytes.length === 0) return undefined;
  try {
    return new BinaryReader(bytes).tag()[0];
  } catch {
    return undefined;
  }
}
