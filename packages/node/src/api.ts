// The HTTP API: Fastify, one JSON schema per route from the shared route table (@creditchain/sdk
// routes), OpenAPI at /openapi.json and docs at /docs. Every refusal is {code, message} with
// the status of its code; bad input changes nothing.
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import {
  CreditChainError,
  ERROR_CODES,
  MAX_TX_SIZE,
  consistencyProof,
  decodeCanonical,
  decodeHeader,
  fromHex,
  inclusionProof,
  encodeStateProof,
  proveKey,
  toBase64,
  toHex,
  type BlockHeader,
} from '@creditchain/core';
import {
  GOVERNANCE_MODULE,
  StateOverlay,
  accountKey,
  listOrgIds,
  orgKey,
  orgListKey,
  paramsKey,
  proposalCount,
  proposalKey,
  readAccount,
  readOrg,
  readParams,
  readProposal,
  stateKey,
  tally,
  type Anchoring,
} from '@creditchain/ledger';
import { errorSchema, MAX_BATCH_BYTES, MAX_BATCH_TXS, MAX_EVIDENCE_LOOKUP, routes, type RouteName } from '@creditchain/sdk';
import { creditHandlers } from './credit-api.js';
import { rightsHandlers } from './rights-api.js';
import { supervisionHandlers } from './supervision-api.js';
import { contractHandlers } from './contract-api.js';
import { voucherHandlers } from './voucher-api.js';
import { devKeysHandlers } from './dev-keys.js';
import { peerHandlers } from './peer-api.js';
import { validatorTable } from './abci/certificates.js';
import { certifyProofs } from './comet/certified-proofs.js';
import { buildReceipt, certifiedAnchoring, findAnchoring, findAnchorings } from './receipts.js';
import type { NodeService } from './service.js';
import { accountJson, orgJson, proposalJson } from './state-json.js';

type Handler = (req: FastifyRequest, reply: FastifyReply) => unknown;

function headerJson(h: BlockHeader) {
  return {
    chain: h.chain,
    height: h.height,
    time: new Date(h.time).toISOString(),
    prev: toHex(h.prev),
    txCount: h.txCount,
    txRoot: toHex(h.txRoot),
    logSize: h.logSize,
    logRoot: toHex(h.logRoot),
    stateRoot: toHex(h.stateRoot),
    resultsRoot: toHex(h.resultsRoot),
    proposer: toHex(h.proposer),
    validators: toHex(h.validators),
  };
}

function toErrorReply(e: unknown, bodyLimit: number): { status: number; body: { code: string; message: string; details?: Record<string, unknown> } } {
  if (e instanceof CreditChainError) return { status: e.status, body: e.toJSON() };
  const fe = e as { code?: string; statusCode?: number; message?: string; validation?: unknown };
  if (fe.validation !== undefined) return { status: 400, body: { code: 'API_BAD_REQUEST', message: `The request is not valid: ${fe.message}.` } };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, body: { code: 'ENCODING_TOO_LARGE', message: `The request body is larger than ${bodyLimit} bytes, the limit of this route.` } };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, body: { code: 'API_UNSUPPORTED_MEDIA_TYPE', message: 'Send transactions as Content-Type: application/cbor.' } };
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) return { status: fe.statusCode, body: { code: 'API_BAD_REQUEST', message: fe.message ?? 'Bad request.' } };
  return { status: 500, body: { code: 'INTERNAL', message: 'The node failed to answer; the error is in its log.' } };
}

/** GET /v1/evidence/:hash's reply, and each found result of POST /v1/evidence/lookup. */
function evidenceJson(hash: string, a: Anchoring): Record<string, unknown> {
  return { hash, height: a.height, time: new Date(a.time).toISOString(), sender: a.sender, tx: toHex(a.tx), logIndex: a.logIndex, position: a.position };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the request arrived: the start of its Server-Timing. */
    arrivedAt: number;
  }
}

/** How long an idle keep-alive connection stays open (Fastify's default; Node's is 5 s). */
export const KEEP_ALIVE_MS = 72_000;

export async function buildApi(service: NodeService): Promise<FastifyInstance> {
  const { rateLimitPerMinute, requestTimeoutMs } = service.config;
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_TX_SIZE,
    forceCloseConnections: true,
    // A client must send its whole request within requestTimeoutMs: slow-loris connections are
    // cut. Node checks the connections every connectionsCheckingInterval (30 s by default, which
    // would let a slow connection live 30 s whatever the limit), so check four times per limit.
    serverFactory: (handler) => {
      const server = createServer(
        { requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeoutMs / 4))) },
        handler,
      );
      // Fastify sets its 72 s keep-alive only on servers it makes itself; Node's own is 5 s. A
      // block's commit can hold the event loop for seconds on a chain of millions of records, and
      // when it lets go, an idle connection's 5 s timer fired before its socket was read: the
      // request the client had just sent on it was reset (ECONNRESET, seen twice by the report
      // bench near 2 M records). 72 s, as Fastify's own, is far longer than any commit.
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      return server;
    },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
  });
  if (rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: rateLimitPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_req, ctx) =>
        new CreditChainError('API_RATE_LIMITED', `Too many requests from this address: at most ${ctx.max} a minute. Retry in ${Math.ceil(ctx.ttl / 1000)} s.`, { limitPerMinute: ctx.max, retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
    });
  }
  app.addContentTypeParser(['application/cbor', 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  // How long the node took over each reply, from the request's arrival to its serialised body
  // (W3C Server Timing, shown by browsers' developer tools): a client can tell the node's time
  // from the network's and its own. The `report` bench reads it.
  // (Fastify's own reply.elapsedTime runs only with a logger or an onResponse hook.)
  app.decorateRequest('arrivedAt', 0);
  app.addHook('onRequest', (req, _reply, done) => {
    req.arrivedAt = performance.now();
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    void reply.header('server-timing', `app;dur=${(performance.now() - req.arrivedAt).toFixed(2)}`);
    done(null, payload);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'CreditChain node API', version: '0.1.0', description: 'Submit signed transactions, read blocks, proofs, checkpoints and receipts. Errors are {code, message}; codes are listed in docs/errors.md.' },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler((e, req, reply) => {
    const { status, body } = toErrorReply(e, req.routeOptions?.bodyLimit ?? MAX_TX_SIZE);
    if (status >= 500 && body.code === 'INTERNAL') service.log(`internal error: ${(e as Error).stack ?? String(e)}`);
    void reply.status(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ code: 'API_NOT_FOUND', message: `There is no route ${req.method} ${req.url.split('?')[0]}.` });
  });

  const chain = service.chain;
  const handlers: Record<RouteName, Handler> = {
    status: () => {
      const h = chain.head.header;
      return {
        chainId: h.chain,
        height: h.height,
        time: new Date(h.time).toISOString(),
        logSize: h.logSize,
        logRoot: toHex(h.logRoot),
        stateRoot: toHex(h.stateRoot),
        cryptoSuite: chain.suite.id,
        mempool: service.pendingCount,
      };
    },
    submitTx: async (req) => {
      if (!(req.body instanceof Uint8Array)) {
        throw new CreditChainError('API_UNSUPPORTED_MEDIA_TYPE', 'The body must be the signed transaction bytes, or the transaction with its sidecars, sent as Content-Type: application/cbor.');
      }
      const tx = await service.submit(req.body);
      const id = toHex(tx.id);
      const wait = (req.query as { wait?: string }).wait;
      if (wait !== 'commit') return { id, status: 'pending' };
      const c = await service.waitForCommit(tx.id);
      if (c.code !== 'ok') {
        // Committed, but the action refused: the status of its code, with where it is on record.
        throw new CreditChainError(c.code as keyof typeof ERROR_CODES, c.message, { id, height: c.height, logIndex: c.logIndex });
      }
      return { id, status: 'committed', height: c.height, logIndex: c.logIndex, code: c.code, message: c.message, data: c.data };
    },
    submitTxs: async (req) => {
      if (!(req.body instanceof Uint8Array)) {
        throw new CreditChainError('API_UNSUPPORTED_MEDIA_TYPE', 'The body must be a CBOR array of signed transactions, sent as Content-Type: application/cbor.');
      }
      const list = decodeCanonical(req.body, MAX_BATCH_BYTES);
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH_TXS || !list.every((x) => x instanceof Uint8Array)) {
        throw new CreditChainError('API_BAD_REQUEST', `A batch is a CBOR array of 1 to ${MAX_BATCH_TXS} byte strings, each one signed transaction or one transaction with its sidecars.`);
      }
      const wait = (req.query as { wait?: string }).wait === 'commit';
      // Admitted in order, so one sender's transactions keep their nonce order.
      const admitted = await service.submitMany(list as Uint8Array[]);
      const results = await Promise.all(
        admitted.map(async (a) => {
          if (a instanceof Error) {
            const err = a instanceof CreditChainError ? a : new CreditChainError('INTERNAL', 'The transaction could not be admitted.');
            return { status: 'refused', code: err.code, message: err.message };
          }
          const id = toHex(a.id);
          if (!wait) return { id, status: 'pending', code: 'ok', message: 'Accepted; not yet in a block.' };
          const c = await service.waitForCommit(a.id);
          return { id, status: 'committed', height: c.height, logIndex: c.logIndex, code: c.code, message: c.message };
        }),
      );
      return { results };
    },
    getTx: (req) => {
      const { id } = req.params as { id: string };
      const bytes = fromHex(id, 32);
      const found = chain.txResult(bytes);
      if (found === undefined) {
        if (service.isPending(id)) return { id, status: 'pending' };
        const base = chain.storage.base;
        const before = base > 0 ? ` This node started from a state-sync snapshot of block ${base}: a transaction committed before it is known only to a member node that holds the full history.` : '';
        throw new CreditChainError('TX_NOT_FOUND', `No transaction ${id} is pending or committed on this node.${before}`, { id });
      }
      const r = found.result;
      return { id, status: 'committed', height: found.height, logIndex: found.logIndex, code: r.code, message: r.message, data: r.data };
    },
    getBlock: (req) => {
      const { height } = req.params as { height: number };
      const bytes = chain.storage.getHeaderBytes(height);
      const base = chain.storage.base;
      if (bytes === undefined && height < base) {
        throw new CreditChainError('BLOCK_NOT_HELD', `This node started from a state-sync snapshot of block ${base} and holds no block before it; ask a member node that holds the full history for block ${height}.`, { height, base });
      }
      if (bytes === undefined) throw new CreditChainError('BLOCK_NOT_FOUND', `There is no block ${height}; the chain is at height ${chain.head.header.height}.`, { height });
      return {
        hash: toHex(chain.suite.hash(bytes)),
        header: headerJson(decodeHeader(bytes)),
        headerBytes: toBase64(bytes),
        txs: (chain.storage.getBlockTxIds(height) ?? []).map(toHex),
      };
    },
    // On a network, the latest checkpoint its validators certified (signed by more than 2/3 of
    // them, a block behind the head); on a solo node, the head's.
    latestCheckpoint: (_req, reply) => {
      const certified = chain.certifiedHeight;
      return reply.type('text/plain; charset=utf-8').send(certified === undefined ? chain.head.checkpoint : chain.storage.getCheckpoint(certified)!);
    },
    checkpointKey: (_req, reply) => reply.type('text/plain; charset=utf-8').send(`${chain.verifierKey}\n`),
    logEntry: (req, reply) => {
      const { index } = req.params as { index: number };
      const bytes = chain.storage.getEntryBytes(index);
      if (bytes === undefined || index >= chain.head.header.logSize) {
        throw new CreditChainError('LOG_INDEX_OUT_OF_RANGE', `There is no log entry ${index}; the log holds ${chain.head.header.logSize} entries.`, { index });
      }
      return reply.type('application/cbor').send(Buffer.from(bytes));
    },
    inclusionProof: (req) => {
      const { index, size } = req.query as { index: number; size: number };
      checkSize(size);
      return { index, size, proof: inclusionProof(chain.suite.hash, chain.storage.logNodeReader, index, size).map(toHex) };
    },
    consistencyProof: (req) => {
      const { from, to } = req.query as { from: number; to: number };
      checkSize(to);
      return { from, to, proof: consistencyProof(chain.suite.hash, chain.storage.logNodeReader, from, to).map(toHex) };
    },
    evidence: async (req) => {
      const { hash } = req.params as { hash: string };
      const a = await findAnchoring(chain, fromHex(hash, 32));
      if (a === undefined) throw new CreditChainError('EVIDENCE_NOT_FOUND', `The hash ${hash} has not been anchored on this chain.`, { hash });
      return evidenceJson(hash, a);
    },
    evidenceLookup: async (req) => {
      if (!(req.body instanceof Uint8Array)) {
        throw new CreditChainError('API_UNSUPPORTED_MEDIA_TYPE', 'The body must be a CBOR array of 32-byte document hashes, sent as Content-Type: application/cbor.');
      }
      const list = decodeCanonical(req.body, req.body.length);
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_EVIDENCE_LOOKUP || !list.every((x) => x instanceof Uint8Array && x.length === 32)) {
        throw new CreditChainError('API_BAD_REQUEST', `A lookup is a CBOR array of 1 to ${MAX_EVIDENCE_LOOKUP} document hashes, each a 32-byte byte string.`);
      }
      const found = await findAnchorings(chain, list as Uint8Array[]);
      return {
        results: found.map((a, i) => (a === undefined ? null : evidenceJson(toHex(list[i] as Uint8Array), a))),
      };
    },
    evidenceReceipt: async (req) => {
      const hash = (req.params as { hash: string }).hash;
      // A network certifies a block's checkpoint in the next block: a receipt asked for at once
      // waits a moment for it, so it carries the validators' quorum rather than this node alone.
      if (service.member !== undefined) await certifiedAnchoring(chain, hash);
      return buildReceipt(chain, hash);
    },
    state: async (req) => {
      const { key } = req.params as { key: string };
      const { prove } = req.query as { prove?: boolean };
      const k = fromHex(key, 32);
      const head = chain.head.header;
      const value = chain.storage.getState(k);
      const out: Record<string, unknown> = { key, height: head.height, stateRoot: toHex(head.stateRoot), value: value === undefined ? null : toHex(value) };
      if (prove === true) {
        out.proof = toHex(encodeStateProof(proveKey(chain.suite.hash, chain.storage.stateNodeReader, head.stateRoot, k)));
        out.checkpoint = chain.head.checkpoint;
      } else if (value === undefined) {
        throw new CreditChainError('STATE_NOT_FOUND', `No state entry has the key ${key} at height ${head.height}.`, { key });
      }
      return out;
    },
    account: (req) => {
      const { name } = req.params as { name: string };
      const a = readAccount(chain.suite, chain.storage, name);
      if (a === undefined) throw new CreditChainError('ACCOUNT_NOT_FOUND', `There is no account "${name}" on chain ${chain.genesis.chainId}.`, { name });
      return proven(req, accountJson(a), accountKey(chain.suite, name));
    },
    orgs: (req) => {
      const orgs = listOrgIds(chain.suite, chain.storage).map((id) => proven(req, orgJson(readOrg(chain.suite, chain.storage, id)!), orgKey(chain.suite, id)));
      return proven(req, { orgs }, orgListKey(chain.suite));
    },
    org: (req) => {
      const { id } = req.params as { id: string };
      const o = readOrg(chain.suite, chain.storage, id);
      if (o === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${id}" on chain ${chain.genesis.chainId}.`, { id });
      return proven(req, orgJson(o), orgKey(chain.suite, id));
    },
    proposals: (req) => {
      const proposals = [];
      for (let id = proposalCount(chain.suite, chain.storage); id >= 1; id--) proposals.push(proposalReply(req, id)!);
      // The counter of proposal ids: proven, it shows the list is complete.
      return proven(req, { proposals }, stateKey(chain.suite, GOVERNANCE_MODULE, 'next'));
    },
    proposal: (req) => {
      const { id } = req.params as { id: number };
      const reply = proposalReply(req, id);
      if (reply === undefined) {
        const count = proposalCount(chain.suite, chain.storage);
        throw new CreditChainError('GOV_PROPOSAL_NOT_FOUND', `There is no proposal ${id}; ${count === 0 ? 'none has been made yet' : `proposals are numbered 1 to ${count}`}.`, { proposal: id });
      }
      return reply;
    },
    params: (req) => proven(req, { ...readParams(chain.suite, chain.storage) }, paramsKey(chain.suite)),
    validators: (req) => {
      const validators = validatorTable(chain.suite, chain.storage).map((v) => ({ name: v.name, publicKey: toHex(v.key), key: v.verifierKey, power: v.power, address: v.address }));
      const certified = chain.certifiedHeight;
      return proven(req, { validators, ...(certified === undefined ? {} : { certified }) }, stateKey(chain.suite, GOVERNANCE_MODULE, 'validators'));
    },
    clock: () => clockReply(),
    advanceClock: async (req) => {
      await service.advanceClock((req.query as { advanceMs: number }).advanceMs);
      return clockReply();
    },
    ...creditHandlers(service),
    ...rightsHandlers(service),
    ...supervisionHandlers(service),
    ...voucherHandlers(service),
    ...contractHandlers(service),
    ...devKeysHandlers(service),
    ...peerHandlers(service),
  };

  /**
   * With ?prove=true, the reply also carries its state entry and a proof to the signed head (on a
   * network, certifiedProofs then gives it the validators' certificate of that head).
   */
  function proven<T extends object>(req: FastifyRequest, reply: T, key: Uint8Array): T & { state?: unknown } {
    if ((req.query as { prove?: boolean } | undefined)?.prove !== true) return reply;
    const head = chain.head;
    const value = chain.storage.getState(key);
    const state = {
      key: toHex(key),
      value: value === undefined ? null : toHex(value),
      height: head.header.height,
      stateRoot: toHex(head.header.stateRoot),
      proof: toHex(encodeStateProof(proveKey(chain.suite.hash, chain.storage.stateNodeReader, head.header.stateRoot, key))),
      checkpoint: head.checkpoint,
    };
    return { ...reply, state };
  }

  function proposalReply(req: FastifyRequest, id: number) {
    const p = readProposal(chain.suite, chain.storage, id);
    if (p === undefined) return undefined;
    const t = p.status === 'open' ? tally(chain.suite, new StateOverlay(chain.storage), p) : undefined;
    return proven(req, proposalJson(p, t), proposalKey(chain.suite, id));
  }

  function clockReply() {
    const head = chain.head.header;
    return { time: new Date(service.clock.now()).toISOString(), offsetMs: service.clock.offsetMs, movable: service.clock.movable, height: head.height, headTime: new Date(head.time).toISOString() };
  }

  function checkSize(size: number): void {
    const logSize = chain.head.header.logSize;
    if (size > logSize) throw new CreditChainError('LOG_INDEX_OUT_OF_RANGE', `The log holds ${logSize} entries; there is no tree of size ${size} yet.`, { size, logSize });
  }

  for (const name of Object.keys(routes) as RouteName[]) {
    const r = routes[name] as { method: 'GET' | 'POST'; url: string; summary: string; params?: object; querystring?: object; response?: object; bodyLimit?: number };
    const schema: Record<string, unknown> = { summary: r.summary, operationId: name };
    if (r.params) schema.params = r.params;
    if (r.querystring) schema.querystring = r.querystring;
    schema.response = r.response ? { 200: r.response, '4xx': errorSchema, '5xx': errorSchema } : { '4xx': errorSchema, '5xx': errorSchema };
    const handler = handlers[name];
    // A network's proven replies wait a moment for the validators' certificate of the checkpoint they prove to.
    const proving = service.member === undefined ? handler : (async (req, reply) => {
      const value = await handler(req, reply);
      if ((req.query as { prove?: boolean } | undefined)?.prove === true && value !== reply) await certifyProofs(chain, value);
      return value;
    }) satisfies Handler;
    app.route({ method: r.method, url: r.url, schema, handler: proving as never, ...(r.bodyLimit === undefined ? {} : { bodyLimit: r.bodyLimit }) });
  }
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(import('./console-static.js')); // the web console at /, from packages/console/dist
  return app;
}
