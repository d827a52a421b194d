// Server-sent events from a real node, read with fetch: every committed block on /v1/events, and
// on /v1/subjects/:ref/events the subject's own changes — a new record, its publication, a
// consent, a query about it, an objection and its answer — and nothing about anyone else. The
// stream is a signed read for the subject or a regulator only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toHex } from '@creditchain/core';
import {
  answerObjectionTx,
  buildReviewTx,
  buildSubmitRecordsTx,
  grantConsentTx,
  objectTx,
  parseServerEvent,
  queryTx,
  type ServerEvent,
} from '@creditchain/sdk';
import { devNode } from '../../../test/support/dev-node.js';

const node = devNode({ prefix: 'cc-events-', overrides: { blockIntervalMs: 20 } });
const { person, enterprise, as, signer, send } = node;

beforeAll(() => node.start());

afterAll(async () => {
  vi.useRealTimers();
  await node.stop();
});

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
    expect(block.data).toEqual({ height: submitted.height, hash: toHex(node.service.chain.suite.hash(node.service.chain.storage.getHeaderBytes(submitted.height!)!)), time: new Date(node.service.chain.header(submitted.height!)!.time).toISOString(), txCount: 1 });
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
    await vi.waitFor(() => expect(node.service.events.listeners).toBe(0));
  });

  it('a regulator may follow a subject; another subject, a member or an unsigned reader may not', async () => {
    const ref = toHex(person);
    await expect(as().subjectEvents(ref).next()).rejects.toMatchObject({ code: 'API_AUTH_REQUIRED' });
    await expect(as('demo-enterprise').subjectEvents(ref).next()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    await expect(as('demo-bank').subjectEvents(ref).next()).rejects.toMatchObject({ code: 'READ_NOT_ENTITLED' });
    const abort = new AbortController();
    const stream = as('demo-regulator').subjectEvents(ref, { signal: abort.signal });
    expect((await stream.next()).value).toMatchObject({ event: 'ready', data: { height: node.service.chain.head.header.height } });
    abort.abort();
    await stream.return(undefined);
  });

  it('answers a request that does not accept text/event-stream with a sentence, not a stream', async () => {
    const r = await node.service.api.inject({ method: 'GET', url: '/v1/events' });
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
      // Someone else's transaction makes the next block, or the day's first block comes before it
      // (a block every 20 ms): the deadline rule runs in that block, with nothing of the subject's.
      const before = filed.height!;
      const other = await send(grantConsentTx({ ...(await signer('demo-enterprise')), org: 'bank-b', purpose: 'contract', days: 5 }));
      const escalated = (await mine.until((e) => e.event === 'objection', 'escalated objection')).data as { height: number };
      expect(escalated).toMatchObject({ objection: id, status: 'escalated' });
      expect(escalated.height).toBeGreaterThan(before);
      expect(escalated.height).toBeLessThanOrEqual(other.height!);
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
