// One of CometBFT's ABCI connections: bytes in, requests out to the server, replies back in the
// order the requests came. CometBFT matches each response to the oldest request it has not had an
// answer for, so a reply that overtook an earlier one would be taken as that one's answer.
import type { Socket } from 'node:net';
import { isCreditChainError } from '@creditchain/core';
import { decodeRequest, type DecodedRequest } from './codec.js';
import { FrameDecoder } from './wire.js';

/** A framed Response ready to write, and whether the connection ends after it (an exception). */
export interface Reply {
  readonly frame: Uint8Array;
  readonly closeAfter: boolean;
}

/** Answers one decoded request, or a request that names no method; never rejects. */
export type Answer = (call: DecodedRequest) => Promise<Reply>;

/**
 * Reading stops while this many replies are still unwritten, and resumes at half, so a client
 * that pipelines faster than the application answers (the mempool connection's CheckTx) cannot
 * fill the node's memory. CometBFT reads responses on its own goroutine, so it cannot deadlock.
 */
const MAX_UNANSWERED = 1024;

/** How long replies still buffered may take to reach a closing client before it is cut off. */
const END_GRACE_MS = 2_000;

export class AbciConnection {
  private readonly decoder: FrameDecoder;
  /** Settles once every reply so far is written: each new reply is chained after it. */
  private written: Promise<void> = Promise.resolve();
  private unanswered = 0;
  /** Set once no further request is taken: bad bytes, an exception sent, or closing. */
  private stopped = false;

  constructor(
    private readonly socket: Socket,
    readonly name: string,
    private readonly answer: Answer,
    private readonly log: (line: string) => void,
    maxMessageBytes: number,
  ) {
    this.decoder = new FrameDecoder(maxMessageBytes);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // The server allows half-open sockets, so replies to requests already read can still be sent
    // after the client has finished sending.
    socket.on('end', () => {
      if (this.decoder.midMessage) this.log(`abci: ${name}: the client closed the connection in the middle of a message`);
      this.stopped = true;
      void this.written.then(() => this.end());
    });
    socket.on('error', (e) => this.log(`abci: ${name}: ${e.message}`));
  }

  /** Takes no more requests, sends the replies already due, then closes. */
  close(): Promise<void> {
    this.stopped = true;
    this.socket.pause();
    return this.written.then(() => this.end());
  }

  private receive(chunk: Uint8Array): void {
    if (this.stopped) return;
    let frames: Uint8Array[];
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      this.fail(e);
      return;
    }
    for (const frame of frames) {
      let call: DecodedRequest;
      try {
        call = decodeRequest(frame);
      } catch (e) {
        this.fail(e);
        return;
      }
      this.enqueue(this.answer(call));
      if (this.stopped) return;
    }
  }

  private enqueue(reply: Promise<Reply>): void {
    if (++this.unanswered >= MAX_UNANSWERED) this.socket.pause();
    this.written = this.written.then(async () => {
      const { frame, closeAfter } = await reply;
      await this.write(frame);
      if (--this.unanswered === MAX_UNANSWERED >> 1 && !this.stopped) this.socket.resume();
      // As CometBFT's own socket server does: after an exception the connection is over, and
      // CometBFT stops on it anyway; requests already read have their replies written first.
      if (closeAfter) {
        this.stopped = true;
        this.end();
      }
    });
  }

  private async write(frame: Uint8Array): Promise<void> {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (this.socket.write(frame)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done).off('close', done);
        resolve();
      };
      this.socket.on('drain', done).on('close', done);
    });
  }

  /** Bytes that are not a Request put the stream out of step: drop this connection only. */
  private fail(e: unknown): void {
    this.stopped = true;
    const what = isCreditChainError(e) ? `${e.code}: ${e.message}` : String(e);
    this.log(`abci: ${this.name}: closing the connection: ${what}`);
    this.socket.destroy();
  }

  private end(): void {
    if (this.socket.destroyed) return;
    // end() sends what is buffered and a FIN; destroy() once it is sent, so a client that never
    // closes its side cannot hold the server open, nor one that stops reading, after a grace.
    this.socket.end(() => this.socket.destroy());
    setTimeout(() => this.socket.destroy(), END_GRACE_MS).unref();
  }
}
