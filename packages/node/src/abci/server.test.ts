// The server over real sockets, as CometBFT uses it: framed requests in, framed responses out.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { concatBytes } from '@creditchain/core';
import { Request, Response, ResponseCheckTx, ResponseCommit, ResponseFinalizeBlock, ResponseInfo, ResponseQuery } from 'cosmjs-types/tendermint/abci/types';
import type { DeepPartial } from 'cosmjs-types/helpers';
import type { AbciApplication, AppRequestKind } from './application.js';
import { AbciServer } from './server.js';
import { encodeFrame, FrameDecoder } from './wire.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Every method the application answers; `satisfies` fails to compile if one is missing.
const APP_KINDS = Object.keys({
  info: 1, query: 1, checkTx: 1, initChain: 1, prepareProposal: 1, processProposal: 1, extendVote: 1,
  verifyVoteExtension: 1, finalizeBlock: 1, commit: 1, listSnapshots: 1, offerSnapshot: 1, loadSnapshotChunk: 1, applySnapshotChunk: 1,
} satisfies Record<AppRequestKind, 1>) as AppRequestKind[];

/** An application answering each method with its default response, but for those a test gives. */
function testApp(overrides: Partial<AbciApplication> = {}): AbciApplication {
  const defaults = Object.fromEntries(APP_KINDS.map((kind) => [kind, () => Response.fromPartial({ [kind]: {} } as DeepPartial<Response>)[kind]]));
  return {
    ...(defaults as unknown as AbciApplication),
    info: () => ResponseInfo.fromPartial({ data: 'creditchain', lastBlockHeight: 3n }),
    checkTx: (req) => ResponseCheckTx.fromPartial({ code: req.tx[0] ?? 0 }),
    ...overrides,
  };
}

const frame = (request: DeepPartial<Request>): Uint8Array => encodeFrame(Request.encode(Request.fromPartial(request)).finish());
const echo = (message: string) => frame({ echo: { message } });
const flush = frame({ flush: {} });
const checkTx = (...tx: number[]) => frame({ checkTx: { tx: Uint8Array.from(tx) } });

/** A client speaking the socket protocol, collecting the responses it reads. */
class Client {
  readonly responses: Response[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new FrameDecoder();
  private waiting: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const bytes of this.decoder.push(chunk)) this.responses.push(Response.decode(bytes));
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
  }

  static open(address: string): Promise<Client> {
    const options = address.startsWith('unix://') ? { path: address.slice('unix://'.length) } : (() => {
      const url = new URL(address);
      return { host: url.hostname, port: Number(url.port) };
    })();
    return new Promise((resolve, reject) => {
      const socket = connect(options, () => resolve(new Client(socket)));
      socket.once('error', reject);
    });
  }

  send(...frames: Uint8Array[]): void {
    this.socket.write(concatBytes(...frames));
  }

  /** Sends the bytes in pieces of `size`, each in its own write a tick apart. */
  async trickle(bytes: Uint8Array, size: number): Promise<void> {
    for (let i = 0; i < bytes.length; i += size) {
      this.socket.write(bytes.subarray(i, i + size));
      await sleep(1);
    }
  }

  /** Resolves once `n` responses in all have arrived. */
  async read(n: number): Promise<Response[]> {
    while (this.responses.length < n) {
      await Promise.race([new Promise<void>((resolve) => (this.waiting = resolve)), this.closed]);
      if (this.socket.destroyed && this.responses.length < n) throw new Error(`connection closed after ${this.responses.length} of ${n} responses`);
    }
    return this.responses.slice(0, n);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** The method each response answers, in order. */
const kinds = (responses: Response[]) => responses.map((r) => Object.keys(r).find((k) => r[k as keyof Response] !== undefined));

let server: AbciServer | undefined;
const clients: Client[] = [];
let lines: string[] = [];

async function start(app: AbciApplication, options: { maxMessageBytes?: number } = {}, address = 'tcp://127.0.0.1:0'): Promise<string> {
  lines = [];
  server = new AbciServer(app, { ...options, log: (line) => lines.push(line) });
  return server.listen(address);
}

async function client(address: string): Promise<Client> {
  const c = await Client.open(address);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

describe('AbciServer', () => {
  it('answers echo, flush, info and checkTx pipelined in one write, in order', async () => {
    const c = await client(await start(testApp()));
    c.send(echo('a'), checkTx(0), frame({ info: { version: '0.38.26' } }), checkTx(7), echo('b'), flush);
    const responses = await c.read(6);
    expect(kinds(responses)).toEqual(['echo', 'checkTx', 'info', 'checkTx', 'echo', 'flush']);
    expect(responses[0]!.echo!.message).toBe('a');
    expect(responses[1]!.checkTx!.code).toBe(0);
    expect(responses[2]!.info).toMatchObject({ data: 'creditchain', lastBlockHeight: 3n });
    expect(responses[3]!.checkTx!.code).toBe(7);
    expect(responses[4]!.echo!.message).toBe('b');
  });

  it('reassembles requests split across writes', async () => {
    const c = await client(await start(testApp()));
    const big = frame({ checkTx: { tx: new Uint8Array(50_000).fill(9) } });
    await c.trickle(concatBytes(echo('split'), big, checkTx(2), flush), 7_001);
    const responses = await c.read(4);
    expect(kinds(responses)).toEqual(['echo', 'checkTx', 'checkTx', 'flush']);
    expect(responses.map((r) => r.checkTx?.code)).toEqual([undefined, 9, 2, undefined]);
    // One byte at a time too.
    await c.trickle(concatBytes(echo('x'), checkTx(4)), 1);
    expect((await c.read(6)).slice(4).map((r) => r.echo?.message ?? r.checkTx?.code)).toEqual(['x', 4]);
  });

  it('keeps replies in request order when the application answers slowly, and flush after them', async () => {
    const c = await client(await start(testApp({ checkTx: async (req) => (await sleep(req.tx[0]!), ResponseCheckTx.fromPartial({ code: req.tx[0]! })) })));
    c.send(checkTx(40), echo('after-slow'), checkTx(1), flush, echo('last'));
    const responses = await c.read(5);
    expect(kinds(responses)).toEqual(['checkTx', 'echo', 'checkTx', 'flush', 'echo']);
    expect(responses[0]!.checkTx!.code).toBe(40);
    expect(responses[2]!.checkTx!.code).toBe(1);
  });

  it('lets the application start work on each request as it arrives, and answers it in its turn after that work', async () => {
    const events: string[] = [];
    const c = await client(await start(testApp({
      // The first request's work ahead finishes last; the others' at once.
      arrived: (kind, request) => {
        const n = (request as { tx: Uint8Array }).tx[0]!;
        events.push(`arrived ${n}`);
        return kind === 'checkTx' ? sleep(n === 30 ? 30 : 1).then(() => void events.push(`ready ${n}`)) : undefined;
      },
      checkTx: (req) => (events.push(`answer ${req.tx[0]}`), ResponseCheckTx.fromPartial({ code: req.tx[0]! })),
    })));
    c.send(checkTx(30), checkTx(2), checkTx(3), flush);
    const responses = await c.read(4);
    expect(responses.slice(0, 3).map((r) => r.checkTx!.code)).toEqual([30, 2, 3]);
    // All three arrived before the first was answered; each answer came after its own work.
    expect(events.slice(0, 3)).toEqual(['arrived 30', 'arrived 2', 'arrived 3']);
    expect(events.indexOf('answer 30')).toBeGreaterThan(events.indexOf('ready 30'));
    expect(events.indexOf('answer 2')).toBeGreaterThan(events.indexOf('answer 30'));
    expect(events.indexOf('answer 3')).toBeGreaterThan(events.indexOf('ready 3'));
  });

  it('calls the application one request at a time across all connections', async () => {
    let running = 0;
    let most = 0;
    const calls: string[] = [];
    const slow = <T>(name: string, answer: T) => async () => {
      calls.push(name);
      most = Math.max(most, ++running);
      await sleep(5);
      running--;
      return answer;
    };
    const address = await start(testApp({
      checkTx: slow('checkTx', ResponseCheckTx.fromPartial({})),
      finalizeBlock: slow('finalizeBlock', ResponseFinalizeBlock.fromPartial({})),
      query: slow('query', ResponseQuery.fromPartial({})),
    }));
    const [consensus, mempool, query] = [await client(address), await client(address), await client(address)];
    consensus.send(frame({ finalizeBlock: { height: 1n } }), frame({ commit: {} }));
    mempool.send(checkTx(0), checkTx(0), checkTx(0));
    query.send(frame({ query: { path: '/x' } }), frame({ query: { path: '/y' } }));
    await Promise.all([consensus.read(2), mempool.read(3), query.read(2)]);
    expect(most).toBe(1);
    expect(calls).toHaveLength(6);
  });

  it('answers a throwing application with an exception, logs it, and ends only that connection', async () => {
    const address = await start(testApp({ finalizeBlock: () => { throw new Error('state root mismatch'); } }));
    const [consensus, other] = [await client(address), await client(address)];
    consensus.send(echo('before'), frame({ finalizeBlock: { height: 2n } }));
    const responses = await consensus.read(2);
    expect(responses[0]!.echo!.message).toBe('before');
    expect(responses[1]!.exception!.error).toBe('finalizeBlock failed: state root mismatch');
    await consensus.closed;
    expect(lines.some((l) => l.includes('finalizeBlock failed') && l.includes('state root mismatch'))).toBe(true);
    other.send(echo('still up'));
    expect((await other.read(1))[0]!.echo!.message).toBe('still up');
  });

  it('answers a request naming no ABCI 2.0 method with an exception that names its field', async () => {
    const c = await client(await start(testApp()));
    c.send(encodeFrame(Uint8Array.of(0x3a, 0))); // BeginBlock, field 7, gone since v0.38
    expect((await c.read(1))[0]!.exception!.error).toMatch(/field 7.*v0\.38/);
  });

  it('closes only the connection that sends bytes that are not a Request', async () => {
    const address = await start(testApp());
    const [bad, good] = [await client(address), await client(address)];
    bad.send(echo('ok'), encodeFrame(Uint8Array.of(0x0f, 0xff, 0xff)), echo('never'));
    await bad.closed;
    expect(lines.some((l) => l.includes('ABCI_BAD_MESSAGE'))).toBe(true);
    good.send(echo('fine'));
    expect((await good.read(1))[0]!.echo!.message).toBe('fine');
    // A new connection is accepted too.
    const again = await client(address);
    again.send(echo('again'));
    expect((await again.read(1))[0]!.echo!.message).toBe('again');
  });

  it('closes a connection that announces a message over the limit', async () => {
    const c = await client(await start(testApp(), { maxMessageBytes: 1024 }));
    c.send(checkTx(...new Array<number>(2000).fill(1)));
    await c.closed;
    expect(lines.some((l) => l.includes('ABCI_FRAME_TOO_LARGE'))).toBe(true);
  });

  it('listens on a unix socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-abci-'));
    try {
      const address = await start(testApp(), {}, `unix://${join(dir, 'app.sock')}`);
      expect(address).toBe(`unix://${join(dir, 'app.sock')}`);
      const c = await client(address);
      c.send(frame({ info: {} }), flush);
      expect(kinds(await c.read(2))).toEqual(['info', 'flush']);
    } finally {
      await server?.close();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('close() lets the call under way finish, makes no further call, and ends every connection', async () => {
    let started = 0;
    let finished = 0;
    const address = await start(testApp({
      commit: async () => {
        started++;
        await sleep(30);
        finished++;
        return ResponseCommit.fromPartial({});
      },
    }));
    const c = await client(address);
    c.send(frame({ commit: {} }), frame({ commit: {} }));
    while (started === 0) await sleep(1);
    await server!.close();
    server = undefined;
    expect([started, finished]).toEqual([1, 1]);
    await c.closed;
    await expect(Client.open(address)).rejects.toThrow();
  });
});
