// Server-sent events from a real node, read with fetch: every committed block on /v1/events, and
// on /v1/subjects/:ref/events the subject's own changes — a new record, its publication, a
// consent, a query about it, an objection and its answer — and nothing about anyone else. The
// stream is a signed read for the subject or a regulator only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromHex, parseSubjectId, subjectRef, toHex, type DecodedTx } from '@creditchain/core';
import {
  CreditChainClient,
  answerObjectionTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  grantConsentTx,
  objectTx,
  parseServerEvent,
  queryTx,
  type CommittedSidecar,
  type KeyPair,
  type ServerEvent,
  type TxSigner,
} from '@creditchain/sdk';
import { paths } from './config.js';
import { initDevDataDir } from './dev.js';
import { NodeService } from './service.js';

let dir: string;
let service: NodeService;
let keys: Map<string, KeyPair>;
let person: Uint8Array;
let enterprise: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-events-'));
  keys = new Map(initDevDataDir(dir).map((k) => [k.account!, k]));
  service = await NodeService.start(dir, { overrides: { port: 0, blockIntervalMs: 20 }, log: () => {} });
  const secret = fromHex(JSON.parse(readFileSync(paths(dir).config, 'utf8')).subjectSecret, 32);
  person = subjectRef(secret, parseSubjectId('person', '11010519491231002X'));
  enterprise = subjectRef(secret, parseSubjectId('enterprise', '91350100M000100Y43'));
});

afterAll(async () => {
  vi.useRealTimers();
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const as = (account?: string) => new CreditChainClient(service.url, account === undefined ? {} : { reader: keys.get(account)! });

async function signer(account: string): Promise<TxSigner> {
  const nonce = (await as().account(account)).nonce;
  return { suite: 'intl', chainId: 'creditchain-dev', sender: account, nonce, expires: service.chain.head.header.height + 100, seed: keys.get(account)!.seed };
}

async function send(t: DecodedTx | { tx: DecodedTx; sidecars: readonly CommittedSidecar[] }) {
  const { tx, sidecars } = 'sidecars' in t ? t : { tx: t, sidecars: [] };
  return as().submitTx(tx.bytes, { wait: 'commit', sidecars });
}

/** Reads a stream in the background, collecting its events; `until` waits for one matching. */
function listen(stream: AsyncGenerator<ServerEvent>, abort: AbortController) {
  const events: ServerEvent[] = [];
  const waiting: Array<{ match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }> = [];
  const done = (async () => {
    for await (const e of stream) {
      events.push(e);
      for (const w of [...waiting]) if (w.match(e)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(e);
      }
    }
  })();
  return {
    events,
    done,
    until(match: (e: ServerEvent) => boolean, what: string): Promise<ServerEvent> {
      const seen = events.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} event within 10 s; got ${JSON.stringify(events)}`)), 10_000);
        waiting.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    stop: () => abort.abort(),
  };
}

describe('server-sent events', () => {
  it("streams each committed block, and a subject's own changes in it, to the subject", async () => {
    const blocksAbort = new AbortController();
    const blocks = listen(as().blockEvents({ signal: blocksAbort.signal }), blocksAbort);
    const subjectAbort = new AbortController();
    const mine = listen(as('demo-person').subjectEvents(toHex(person), { signal: subjectAbort.signal }), subjectAbort);
    await blocks.until((e) => e.event === 'ready', 'ready');
    await mine.until((e) => e.event === 'ready', 'ready');

    const overdue = { subjectKind: 'person' as const, category: 'loan-overdue', occurred: '2025-01-10', ended: '2025-06-30', amountBand: 2, publicityDays: null, details: { contractNumber: 'L-9' } };
    const submitted = await send(buildSubmitRecordsTx(await signer('demo-bank'), [{ ...overdue, subject: person }, { ...overdue, subject: enterprise, subjectKind: 'enterprise' }]));
    const block = await blocks.until((e) => e.event === 'block' && e.data.height === submitted.height, 'block');
    expect(block.data).toEqual({ height: submitted.height, hash: toHex(service.chain.suite.hash(service.chain.storage.getHeaderBytes(submitted.height!)!)), time: new Date(service.chain.header(submitted.height!)!.time).toISOString(), txCount: 1 });
    expect(block.id).toBe(String(submitted.height));
    const pending = await mine.until((e) => e.event === 'record', 'record');
    expect(pending.data).toEqual({ height: submitted.height, record: 1, version: 1, category: 'loan-overdue', source: 'bank-a', status: 'pending', disputed: false, details: 'held' });

    const reviewed = await send(buildReviewTx(await signer('demo-bank-reviewer'), [1, 2], 'publish'));
    expect((await mine.until((e) => e.event === 'record' && e.data.status === 'published', 'published record')).data).toMatchObject({ height: reviewed.height, record: 1 });

    const granted = await send(grantConsentTx({ ...(await signer('demo-person')), org: 'bank-a', purpose: 'loan-application', days: 30 }));
    expect((await mine.until((e) => e.event === 'consent', 'consent')).data).toMatchObject({ height: granted.height, consent: 1, org: 'bank-a', purpose: 'loan-application', status: 'active' });

    const queried = await send(queryTx({ ...(await signer('demo-bank')), subject: person, purpose: 'loan-application', consent: 1 }));
    expect((await mine.until((e) => e.event === 'query', 'query')).data).toEqual({ height: queried.height, query: 1, org: 'bank-a', querier: 'demo-bank', purpose: 'loan-application', basis: 'consent', consent: 1, logIndex: queried.logIndex });

    const filed = await send(objectTx({ ...(await signer('demo-person')), record: 1, reason: 'Repaid on time' }));
    expect((await mine.until((e) => e.event === 'objection', 'objection')).data).toMatchObject({ height: filed.height, objection: 1, record: 1, status: 'open', deadline: expect.any(String) });
    expect((await mine.until((e) => e.event === 'record' && e.data.disputed === true, 'disputed record')).data).toMatchObject({ height: filed.height, record: 1 });

    const answered = await send(answerObjectionTx({ ...(await signer('demo-bank')), objection: 1, decision: 'upheld', settlement: { outcome: 'revoke' }, reason: 'Our mistake' }));
    expect((await mine.until((e) => e.event === 'objection' && e.data.status === 'upheld', 'upheld objection')).data).toMatchObject({ height: answered.height, outcome: 'revoke' });
    expect((await mine.until((e) => e.event === 'record' && e.data.status === 'revoked', 'revoked record')).data).toMatchObject({ height: answered.height, record: 1, details: 'erased', erasure: 'objection-upheld' });

    // Nothing about the enterprise (record 2) reached the person.
    expect(mine.events.filter((e) => e.data.record === 2)).toEqual([]);
    expect(mine.events.map((e) => e.event)).toEqual(['ready', 'record', 'record', 'consent', 'query', 'objection', 'record', 'objection', 'record']);
    // Every block was announced, in order.
    const heights = blocks.events.filter((e) => e.event === 'block').map((e) => e.data.height as number);
    expect(heights).toEqual([...heights].sort((a, b) => a - b));
    expect(heights).toContain(answered.height);

    blocks.stop();
    mine.stop();
    await Promise.all([blocks.done, mine.done]);
    // Closed streams are forgotten.
    await vi.waitFor(() => expect(service.events.listeners).toBe(0));
  });

  it('a regulator may follow a subject; another subject, a member or an unsigned reader may not', async () => {
    const ref = toHex(person);
    await expect(as().subjectEvents(ref).next()).rejects.toMatchObject({ code: 'API_AUTH_REQUIRED' });
    await expect(as('demo-enterprise').subjectEvents(ref).next()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-bank').subjectEvents(ref).next()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    const abort = new AbortController();
    const stream = as('demo-regulator').subjectEvents(ref, { signal: abort.signal });
    expect((await stream.next()).value).toMatchObject({ event: 'ready', data: { height: service.chain.head.header.height } });
    abort.abort();
    await stream.return(undefined);
  });

  it('answers a request that does not accept text/event-stream with a sentence, not a stream', async () => {
    const r = await service.api.inject({ method: 'GET', url: '/v1/events' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'API_BAD_REQUEST', message: expect.stringMatching(/Accept: text\/event-stream/) });
  });

  it("tells the subject when an objection escalates on its deadline, with no transaction of the subject's in that block", async () => {
    await send(buildSubmitRecordsTx(await signer('demo-bank'), [{ subject: person, subjectKind: 'person', category: 'loan-overdue', occurred: '2025-02-01', ended: '2025-03-01', amountBand: 1, publicityDays: null, details: null }]));
    await send(buildReviewTx(await signer('demo-bank-reviewer'), [3], 'publish'));
    const filed = await send(objectTx({ ...(await signer('demo-person')), record: 3, reason: 'Not my loan' }));
    const id = (filed.data as { objection: number }).objection;
    const deadline = Date.parse((await as('demo-person').objection(id)).deadline);
    const abort = new AbortController();
    const mine = listen(as('demo-person').subjectEvents(toHex(person), { signal: abort.signal }), abort);
    await mine.until((e) => e.event === 'ready', 'ready');
    vi.useFakeTimers({ toFake: ['Date'], now: deadline + 1000, shouldAdvanceTime: true });
    try {
      // Someone else's transaction makes the next block; the deadline rule runs in it.
      const other = await send(grantConsentTx({ ...(await signer('demo-enterprise')), org: 'bank-b', purpose: 'contract', days: 5 }));
      expect((await mine.until((e) => e.event === 'objection', 'escalated objection')).data).toMatchObject({ height: other.height, objection: id, status: 'escalated' });
    } finally {
      vi.useRealTimers();
      mine.stop();
      await mine.done;
    }
  });

  it('parses event blocks as the EventSource standard reads them', () => {
    expect(parseServerEvent(': keep-alive')).toBeUndefined();
    expect(parseServerEvent('id: 7\nevent: block\ndata: {"height":7}')).toEqual({ event: 'block', id: '7', data: { height: 7 } });
    expect(parseServerEvent('data: not json')).toEqual({ event: 'message', data: { text: 'not json' } });
  });
});
