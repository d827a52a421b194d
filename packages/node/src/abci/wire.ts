// Framing of the ABCI socket: each message is an unsigned protobuf varint (uvarint) holding its
// length, then that many bytes of a protobuf Request (from CometBFT) or Response (to it). CometBFT
// writes and reads the prefix with Go's binary.PutUvarint / ReadUvarint (libs/protoio). Tendermint
// before v0.34 used a signed zigzag varint, which halves every length: a server that decodes it
// that way reads garbage from any CometBFT we support.
import { CreditChainError } from '@creditchain/core';

/**
 * The longest message this node accepts: 64 MiB. CometBFT itself accepts up to 2 GiB, but a
 * FinalizeBlock request is about the size of a block, and the default block.max_bytes is 21 MiB;
 * a genesis with max_bytes above this limit (or -1, which means 100 MiB) needs a larger one.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** A uvarint of a 64-bit value is at most 10 bytes, and the 10th holds only the top bit. */
const MAX_VARINT_BYTES = 10;

/** The uvarint length prefix followed by the message bytes. */
export function encodeFrame(message: Uint8Array): Uint8Array {
  let length = message.length;
  const prefix: number[] = [];
  while (length >= 0x80) {
    prefix.push((length & 0x7f) | 0x80);
    length = Math.floor(length / 0x80);
  }
  prefix.push(length);
  const out = new Uint8Array(prefix.length + message.length);
  out.set(prefix, 0);
  out.set(message, prefix.length);
  return out;
}

/**
 * Turns a byte stream cut into arbitrary chunks back into whole messages. A chunk may hold part of
 * a message or several; `push` returns the messages it completes, in order, each in a buffer of
 * its own (never a view of a chunk, so a message does not pin the chunk's memory and nothing that
 * later touches the chunk changes it). Parts are gathered and joined once, so a large message
 * arriving in many chunks costs one copy, and a claimed length costs nothing until its bytes come.
 *
 * After `push` throws, the stream is out of step and the decoder must not be used again: the
 * caller closes the connection.
 */
export class FrameDecoder {
  /** The value of the length prefix read so far, and how many of its bytes were read. */
  private prefixValue = 0;
  private prefixBytes = 0;
  /** The length of the message being gathered, or undefined while reading a prefix. */
  private bodyLength: number | undefined;
  private parts: Uint8Array[] = [];
  private gathered = 0;

  constructor(private readonly maxBytes: number = MAX_FRAME_BYTES) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  }

  /** Whether a message has been started but not finished: at the end of the stream, it was cut short. */
  get midMessage(): boolean {
    return this.prefixBytes > 0 || this.bodyLength !== undefined;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLength === undefined) {
        at = this.readPrefix(chunk, at);
        if (this.bodyLength === undefined) break; // the chunk ended inside the prefix
      }
      // Runs even with no bytes left, so a zero-length message ending the chunk completes.
      const take = Math.min(this.bodyLength - this.gathered, chunk.length - at);
      if (take > 0) this.parts.push(chunk.subarray(at, at + take));
      this.gathered += take;
      at += take;
      if (this.gathered === this.bodyLength) out.push(this.finishBody());
    }
    return out;
  }

  /** Reads prefix bytes from `chunk` at `at`; sets bodyLength once the prefix ends. */
  private readPrefix(chunk: Uint8Array, at: number): number {
    while (at < chunk.length) {
      const byte = chunk[at++]!;
      if (this.prefixBytes === MAX_VARINT_BYTES - 1 && byte > 1) {
        throw new CreditChainError('ABCI_BAD_MESSAGE', 'An ABCI length prefix overflows 64 bits.', { prefixBytes: this.prefixBytes + 1 });
      }
      // Multiplying keeps the value exact up to 2^53 and only ever larger after that, which is
      // all the size check needs; bit operations would wrap at 32 bits.
      this.prefixValue += (byte & 0x7f) * 2 ** (7 * this.prefixBytes);
      this.prefixBytes++;
      // The value only grows with more bytes, so a too-large length is refused as soon as seen.
      if (this.prefixValue > this.maxBytes) {
        throw new CreditChainError('ABCI_FRAME_TOO_LARGE', `An ABCI message of at least ${this.prefixValue} bytes is longer than the limit of ${this.maxBytes}.`, { length: this.prefixValue, maxBytes: this.maxBytes });
      }
      if ((byte & 0x80) === 0) {
        this.bodyLength = this.prefixValue;
        this.prefixValue = 0;
        this.prefixBytes = 0;
        return at;
      }
    }
    return at;
  }

  private finishBody(): Uint8Array {
    const body = new Uint8Array(this.gathered);
    let offset = 0;
    for (const part of this.parts) {
      body.set(part, offset);
      offset += part.length;
    }
    this.parts = [];
    this.gathered = 0;
    this.bodyLength = undefined;
    return body;
  }
}
