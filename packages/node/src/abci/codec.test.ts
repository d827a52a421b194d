// Field numbers checked by hand against CometBFT v0.38's proto/tendermint/abci/types.proto: the
// bytes below are written out from the .proto, not produced by the library under test.
import { describe, expect, it } from 'vitest';
import { utf8 } from '@creditchain/core';
import { Response, ResponseCheckTx, type ResponseInfo } from 'cosmjs-types/tendermint/abci/types';
import { decodeRequest, encodeResponse } from './codec.js';

const bytes = (...parts: Array<number | string>): Uint8Array => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : [p])));

describe('decodeRequest', () => {
  it('reads Request.info (field 3) as CometBFT v0.38.26 sends it at handshake', () => {
    // RequestInfo: version = 1 (string), block_version = 2, p2p_version = 3 (uint64), abci_version = 4.
    const info = bytes(0x0a, 7, '0.38.26', 0x10, 11, 0x18, 8, 0x22, 5, '2.0.0');
    expect(decodeRequest(bytes(0x1a, info.length, ...info))).toEqual({
      kind: 'info',
      request: { version: '0.38.26', blockVersion: 11n, p2pVersion: 8n, abciVersion: '2.0.0' },
    });
  });

  it('reads Request.check_tx (field 8) with its tx bytes and RECHECK type', () => {
    const call = decodeRequest(bytes(0x42, 7, 0x0a, 3, 1, 2, 3, 0x10, 1));
    expect(call).toEqual({ kind: 'checkTx', request: { tx: Uint8Array.of(1, 2, 3), type: 1 } });
  });

  it('reads Request.finalize_block (field 20, a two-byte tag) with height and a Timestamp of bigint seconds', () => {
    // height = 5 (int64); time = 6: Timestamp { seconds = 1 (int64), nanos = 2 (int32) }.
    const time = [0x08, 0x80, 0xe2, 0xcf, 0xaa, 0x06, 0x10, 5];
    const body = [0x28, 5, 0x32, time.length, ...time];
    const call = decodeRequest(bytes(0xa2, 0x01, body.length, ...body));
    expect(call.kind).toBe('finalizeBlock');
    if (call.kind !== 'finalizeBlock') return;
    expect(call.request.height).toBe(5n);
    expect(call.request.time).toEqual({ seconds: 1_700_000_000n, nanos: 5 });
    expect(call.request.txs).toEqual([]);
  });

  it('reads echo (1), flush (2), commit (11), extend_vote (18) and verify_vote_extension (19)', () => {
    expect(decodeRequest(bytes(0x0a, 4, 0x0a, 2, 'hi'))).toEqual({ kind: 'echo', request: { message: 'hi' } });
    expect(decodeRequest(bytes(0x12, 0))).toEqual({ kind: 'flush', request: {} });
    expect(decodeRequest(bytes(0x5a, 0))).toEqual({ kind: 'commit', request: {} });
    expect(decodeRequest(bytes(0x92, 0x01, 2, 0x10, 9)).kind).toBe('extendVote');
    expect(decodeRequest(bytes(0x9a, 0x01, 0)).kind).toBe('verifyVoteExtension');
  });

  it('names the field of a request that carries no ABCI 2.0 method', () => {
    expect(decodeRequest(new Uint8Array())).toEqual({ kind: undefined, field: undefined });
    // BeginBlock (field 7) from CometBFT v0.37, reserved in v0.38.
    expect(decodeRequest(bytes(0x3a, 0))).toEqual({ kind: undefined, field: 7 });
  });

  it('refuses bytes that are not a protobuf Request, and a Request with two methods', () => {
    expect(() => decodeRequest(bytes(0x1a, 5, 0x0a))).toThrow(expect.objectContaining({ code: 'ABCI_BAD_MESSAGE' })); // cut short
    expect(() => decodeRequest(bytes(0x0f))).toThrow(expect.objectContaining({ code: 'ABCI_BAD_MESSAGE' })); // wire type 7
    expect(() => decodeRequest(bytes(0x0a, 0, 0x12, 0))).toThrow(expect.objectContaining({ code: 'ABCI_BAD_MESSAGE' }));
  });
});

describe('encodeResponse', () => {
  it('writes each method at its v0.38 field number', () => {
    expect([...encodeResponse({ exception: { error: 'boom' } })]).toEqual([...bytes(0x0a, 6, 0x0a, 4, 'boom')]);
    expect([...encodeResponse({ echo: { message: 'hi' } })]).toEqual([...bytes(0x12, 4, 0x0a, 2, 'hi')]);
    expect([...encodeResponse({ flush: {} })]).toEqual([0x1a, 0]);
    // ResponseInfo: last_block_height = 4 (int64), last_block_app_hash = 5 (bytes).
    const info: ResponseInfo = { data: '', version: '', appVersion: 0n, lastBlockHeight: 7n, lastBlockAppHash: Uint8Array.of(0xaa) };
    expect([...encodeResponse({ info })]).toEqual([0x22, 5, 0x20, 7, 0x2a, 1, 0xaa]);
    expect([...encodeResponse({ checkTx: ResponseCheckTx.fromPartial({ code: 3 }) })]).toEqual([0x4a, 2, 0x08, 3]);
    // ResponseFinalizeBlock (field 21): app_hash = 5.
    expect([...encodeResponse(Response.fromPartial({ finalizeBlock: { appHash: Uint8Array.of(1) } }))]).toEqual([0xaa, 0x01, 3, 0x2a, 1, 1]);
  });

  it('fills fields the caller left out and takes numbers where bigints are due', () => {
    // The generated encode alone throws on the missing bytes field of this ResponseInfo.
    const partial = { info: { lastBlockHeight: 7 } } as unknown as Response;
    expect(() => Response.encode(partial)).toThrow();
    expect([...encodeResponse(partial)]).toEqual([0x22, 2, 0x20, 7]);
  });
});
