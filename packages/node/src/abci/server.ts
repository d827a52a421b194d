// The ABCI 2.0 socket server CometBFT talks to (`cometbft node --proxy_app tcp://127.0.0.1:26658`,
// or unix://path). CometBFT opens four connections — consensus, mempool, info/query, snapshot —
// and each gets its replies in request order (connection.ts). Echo and flush are answered here;
// every other request goes to the application.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Response } from 'cosmjs-types/tendermint/abci/types';
import type { AbciApplication, AbciHandlers, AppRequestKind } from './application.js';
import { encodeResponse, type AbciCall } from './codec.js';
import { AbciConnection, type Answer, type Reply } from './connection.js';
import { formatListenAddress, parseListenAddress } from './listen-address.js';
import { encodeFrame, MAX_FRAME_BYTES } from './wire.js';

export interface AbciServerOptions {
  /** The longest request accepted, in bytes; a longer one closes its connection. */
  readonly maxMessageBytes?: number;
  /** Where connection events and failures are written; stderr by default. */
  readonly log?: (line: string) => void;
}

export class AbciServer {
  private readonly server: Server;
  private readonly connections = new Set<AbciConnection>();
  private readonly log: (line: string) => void;
  private readonly maxMessageBytes: number;
  /**
   * Every application call, from all four connections, runs through this one queue, one call at
   * a time. The application is one state: a Query or CheckTx that ran while FinalizeBlock or
   * Commit was half done (an async method yields at each await) would read state that is neither
   * the old block's nor the new one's. CometBFT's own Go socket server and its in-process client
   * hold one lock across all connections for the same reason (spec/abci/abci++_app_requirements.md,
   * "Concurrency"), so CometBFT expects no more than this.
   */
  private queue: Promise<unknown> = Promise.resolve();
  private closing = false;
  private connectionCount = 0;

  constructor(
    private readonly app: AbciApplication,
    options: AbciServerOptions = {},
  ) {
    this.log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_FRAME_BYTES;
    // Half-open: a client that has finished sending still gets the replies to what it sent.
    this.server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    this.server.on('error', (e) => this.log(`abci: listener: ${e.message}`));
  }

  /** Listens on `tcp://host:port` or `unix://path`; resolves to the address bound (with the real port for port 0). */
  async listen(address: string): Promise<string> {
    const at = parseListenAddress(address);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      const listening = (): void => {
        this.server.off('error', reject);
        resolve();
      };
      if (at.kind === 'unix') this.server.listen(at.path, listening);
      else this.server.listen(at.port, at.host === '' ? undefined : at.host, listening);
    });
    const bound = this.server.address();
    if (bound === null || typeof bound === 'string') return formatListenAddress(at);
    return formatListenAddress({ kind: 'tcp', host: (bound as AddressInfo).address, port: (bound as AddressInfo).port });
  }

  /**
   * Stops listening, takes no more requests, lets the application call under way finish (calls
   * queued behind it are not made), writes the replies due, and closes every connection. Once it
   * resolves, the application is not called again, so its store can be closed.
   */
  async close(): Promise<void> {
    this.closing = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.connections].map((c) => c.close()));
    await this.queue;
    await stopped;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const name = `connection ${++this.connectionCount} (${socket.remoteAddress ?? 'unix socket'})`;
    const connection = new AbciConnection(socket, name, this.answer, this.log, this.maxMessageBytes);
    this.connections.add(connection);
    this.log(`abci: ${name} opened`);
    socket.on('close', () => {
      this.connections.delete(connection);
      this.log(`abci: ${name} closed`);
    });
  }

  private readonly answer: Answer = (call) => {
    if (call.kind === undefined) {
      const field = call.field === undefined ? 'an empty Request' : `field ${call.field}`;
      const error = `The request names no ABCI 2.0 method (${field}); this node needs CometBFT v0.38 or later.`;
      this.log(`abci: ${error}`);
      return Promise.resolve(this.exception(error));
    }
    // Echo and flush touch no state, so they skip the queue; the connection still writes their
    // replies after all earlier ones, which is what flush promises.
    if (call.kind === 'echo') return Promise.resolve(reply({ echo: { message: call.request.message } }));
    if (call.kind === 'flush') return Promise.resolve(reply({ flush: {} }));
    let ready: Promise<void> | undefined;
    try {
      ready = this.app.arrived?.(call.kind, call.request);
    } catch (e) {
      this.log(`abci: ${call.kind}: work ahead of its turn failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.serially(call, ready);
  };

  private serially(call: Extract<AbciCall, { kind: AppRequestKind }>, ready: Promise<void> | undefined): Promise<Reply> {
    const result = this.queue.then(async (): Promise<Reply> => {
      if (this.closing) return this.exception('The node is shutting down.');
      if (ready !== undefined) await ready;
      try {
        // Encoding is inside the try: a response the codec cannot encode is the app's failure too.
        return reply({ [call.kind]: await invoke(this.app, call) } as Response);
      } catch (e) {
        this.log(`abci: ${call.kind} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return this.exception(`${call.kind} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    this.queue = result;
    return result;
  }

  private exception(error: string): Reply {
    return { frame: encodeFrame(encodeResponse({ exception: { error } })), closeAfter: true };
  }
}

function reply(response: Response): Reply {
  return { frame: encodeFrame(encodeResponse(response)), closeAfter: false };
}

/** Calls the method named by the request kind, as a method of the application. */
function invoke<K extends AppRequestKind>(app: AbciHandlers, call: { readonly kind: K; readonly request: Parameters<AbciHandlers[K]>[0] }): ReturnType<AbciHandlers[K]> {
  return app[call.kind](call.request) as ReturnType<AbciHandlers[K]>;
}
