import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '@creditchain/core';
import { encodeFrame, FrameDecoder } from './wire.js';

/** Cuts `bytes` at the given offsets (taken modulo its length, sorted, repeats kept as empty chunks). */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const at = offsets.map((o) => (bytes.length === 0 ? 0 : o % (bytes.length + 1))).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, to));
    from = to;
  }
  return chunks;
}

// Messages long enough to need a two- and three-byte length prefix as well as short ones. The long
// ones are a pattern from a seed: fast-check drawing 16 KiB byte by byte would dominate the run.
const longMessage = fc
  .tuple(fc.integer({ min: 16_380, max: 16_400 }), fc.integer({ min: 1, max: 255 }))
  .map(([length, seed]) => Uint8Array.from({ length }, (_, i) => (i * seed) & 0xff));
const message = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 120, maxLength: 400 }), longMessage);

describe('encodeFrame', () => {
  it('prefixes the length as an unsigned varint (Go binary.PutUvarint), not a zigzag one', () => {
    expect([...encodeFrame(new Uint8Array())]).toEqual([0x00]);
    // zigzag would write 1 as 0x02: the mistake of the old js-abci.
    expect([...encodeFrame(Uint8Array.of(9))]).toEqual([0x01, 9]);
    expect([...encodeFrame(new Uint8Array(127)).subarray(0, 1)]).toEqual([0x7f]);
    expect([...encodeFrame(new Uint8Array(128)).subarray(0, 2)]).toEqual([0x80, 0x01]);
    expect([...encodeFrame(new Uint8Array(300)).subarray(0, 2)]).toEqual([0xac, 0x02]);
    expect([...encodeFrame(new Uint8Array(1 << 21)).subarray(0, 4)]).toEqual([0x80, 0x80, 0x80, 0x01]);
    expect(encodeFrame(new Uint8Array(300)).length).toBe(302);
  });
});

describe('FrameDecoder', () => {
  it('gives back the same messages however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 30 }), (messages, offsets) => {
        const stream = concatBytes(...messages.map(encodeFrame));
        const decoder = new FrameDecoder();
        const out = cut(stream, offsets).flatMap((chunk) => decoder.push(chunk));
        // Compared as hex: deep equality of 16 KiB arrays element by element is slow.
        expect(out.map(toHex)).toEqual(messages.map(toHex));
        expect(decoder.midMessage).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('gives back the same messages fed one byte at a time', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (messages) => {
        const stream = concatBytes(...messages.map(encodeFrame));
        const decoder = new FrameDecoder();
        const out: Uint8Array[] = [];
        for (let i = 0; i < stream.length; i++) out.push(...decoder.push(stream.subarray(i, i + 1)));
        expect(out).toEqual(messages);
      }),
    );
  });

  it('returns each message in a buffer of its own, a plain Uint8Array even from a Buffer chunk', () => {
    const chunk = Buffer.from(concatBytes(encodeFrame(Uint8Array.of(1, 2)), encodeFrame(Uint8Array.of(3))));
    const [a, b] = new FrameDecoder().push(chunk);
    expect(Object.getPrototypeOf(a)).toBe(Uint8Array.prototype);
    expect(a!.buffer).not.toBe(chunk.buffer);
    chunk.fill(0);
    expect([...a!, ...b!]).toEqual([1, 2, 3]);
  });

  it('reports a message cut short', () => {
    const decoder = new FrameDecoder();
    const frame = encodeFrame(new Uint8Array(200));
    expect(decoder.push(frame.subarray(0, 1))).toEqual([]); // inside the two-byte prefix
    expect(decoder.midMessage).toBe(true);
    expect(decoder.push(frame.subarray(1, 100))).toEqual([]); // inside the body
    expect(decoder.midMessage).toBe(true);
    expect(decoder.push(frame.subarray(100))).toHaveLength(1);
    expect(decoder.midMessage).toBe(false);
  });

  it('accepts a message exactly at the limit and refuses one byte more', () => {
    expect(new FrameDecoder(1000).push(encodeFrame(new Uint8Array(1000)))).toHaveLength(1);
    expect(() => new FrameDecoder(1000).push(encodeFrame(new Uint8Array(1001)))).toThrow(expect.objectContaining({ code: 'ABCI_FRAME_TOO_LARGE' }));
  });

  it('refuses a too-large length as soon as the prefix shows it, before any body byte', () => {
    const decoder = new FrameDecoder(1000);
    // 0xff 0xff is already 16383 and more prefix bytes are to come.
    expect(() => decoder.push(Uint8Array.of(0xff, 0xff))).toThrow(expect.objectContaining({ code: 'ABCI_FRAME_TOO_LARGE' }));
    // The largest 64-bit length, against the default 64 MiB limit.
    const max64 = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect(() => new FrameDecoder().push(max64)).toThrow(expect.objectContaining({ code: 'ABCI_FRAME_TOO_LARGE' }));
  });

  it('refuses a prefix that overflows 64 bits, and one longer than ten bytes', () => {
    // Non-minimal zero bytes keep the value small, so only the overflow check can catch these.
    const zeros = new Array<number>(9).fill(0x80);
    expect(() => new FrameDecoder().push(Uint8Array.from([...zeros, 0x02]))).toThrow(expect.objectContaining({ code: 'ABCI_BAD_MESSAGE' }));
    expect(() => new FrameDecoder().push(Uint8Array.from([...zeros, 0x80, 0x00]))).toThrow(expect.objectContaining({ code: 'ABCI_BAD_MESSAGE' }));
  });

  it('reads a non-minimal prefix as Go ReadUvarint does', () => {
    expect(new FrameDecoder().push(Uint8Array.of(0x81, 0x00, 7))).toEqual([Uint8Array.of(7)]);
  });

  it('decodes zero-length messages anywhere in a chunk', () => {
    expect(new FrameDecoder().push(Uint8Array.of(0, 1, 5, 0))).toEqual([new Uint8Array(), Uint8Array.of(5), new Uint8Array()]);
  });
});
