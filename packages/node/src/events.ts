// Server-sent events. After each committed block the node tells its listeners what changed:
// every listener of GET /v1/events gets the block (height, hash, time, txCount), and a
// subject's listeners of GET /v1/subjects/:ref/events get that subject's changes in it — a new
// or changed record, a query about it, an objection's step, a consent granted or revoked, a
// complaint, a repair application or decision, an award, deduction or use of its community points.
//
// The changes are found from the block's transactions and their results, read back from the
// committed state, and from the two end-of-block rules: objections escalated on their deadline
// (the day's deadline list) and records whose retention ended (the expiry queue, read before
// the block). Nothing here is consensus: a listener that misses a block reads the state.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreditChainError, decodeCanonical, toHex, type CryptoSuite, type DecodedTx } from '@creditchain/core';
import {
  DISPUTES_MODULE,
  dayOf,
  deadlineList,
  disputesClockKey,
  expiryCount,
  expiryEntry,
  isTombstone,
  readAccount,
  readApplication,
  readClock,
  readComplaint,
  readConsent,
  readErasure,
  readList,
  readObjection,
  readQuery,
  readStoredRecord,
  type StateReader,
} from '@creditchain/ledger';
import type { Chain, Head } from './chain.js';
import { decodeResultBytes, type ResultView } from './results.js';

export type SubjectEventName = 'record' | 'query' | 'objection' | 'consent' | 'complaint' | 'repair' | 'points';

/** One change about one subject: its event name and JSON data (always with the block height). */
export interface SubjectChange {
  /** The subject reference, hex. */
  readonly subject: string;
  readonly event: SubjectEventName;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface BlockSummary {
  readonly height: number;
  readonly hash: string;
  readonly time: string;
  readonly txCount: number;
}

/** Most records of the expiry queue looked at ahead of a block. */
const MAX_EXPIRY_WATCH = 10_000;
/** A listener that lets this much go unread is dropped (it may reconnect and read the state). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The record as an event: its id, version, status, and whether its details are held or erased. */
export function recordChange(suite: CryptoSuite, state: StateReader, id: number, height: number): SubjectChange | undefined {
  const r = readStoredRecord(suite, state, id);
  if (r === undefined || isTombstone(r)) return undefined;
  const erased = r.details === null ? undefined : readErasure(suite, state, r.details);
  return {
    subject: toHex(r.subject),
    event: 'record',
    data: {
      height,
      record: r.id,
      version: r.version,
      category: r.category,
      source: r.source,
      status: r.status,
      disputed: r.disputed,
      details: r.details === null ? 'none' : erased === undefined ? 'held' : 'erased',
      ...(erased === undefined ? {} : { erasedAt: erased.height, erasure: erased.reason }),
    },
  };
}

function objectionChange(suite: CryptoSuite, state: StateReader, id: number, height: number): SubjectChange | undefined {
  const o = readObjection(suite, state, id);
  if (o === undefined) return undefined;
  const last = o.decision ?? o.appeal ?? o.answer;
  return {
    subject: toHex(o.subject),
    event: 'objection',
    data: { height, objection: o.id, record: o.record, source: o.source, status: o.status, deadline: new Date(o.deadline).toISOString(), ...(last?.outcome == null ? {} : { outcome: last.outcome }) },
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
const field = (m: unknown, k: string): unknown => (m !== null && typeof m === 'object' && !(m instanceof Uint8Array) ? (m as Record<string, unknown>)[k] : undefined);

/** The changes one committed transaction made, by subject (a failed transaction made none). */
export function changesOfTx(suite: CryptoSuite, state: StateReader, tx: DecodedTx, result: ResultView, height: number, headTime: number): SubjectChange[] {
  if (result.code !== 'ok') return [];
  const p = tx.body.payload;
  const d = result.data;
  const out: Array<SubjectChange | undefined> = [];
  const record = (id: unknown) => {
    const n = num(id);
    if (n !== undefined) out.push(recordChange(suite, state, n, height));
  };
  const objection = (id: unknown) => {
    const n = num(id);
    if (n === undefined) return;
    const c = objectionChange(suite, state, n, height);
    out.push(c);
    // An answer or decision that revoked or corrected the record changed the record too.
    if (c !== undefined && c.data.outcome !== undefined && c.data.outcome !== 'confirm') record(c.data.record);
  };
  switch (`${tx.body.module}.${tx.body.action}`) {
    case 'credit.submit': {
      const first = num(field(d, 'first'));
      const count = num(field(d, 'count'));
      if (first !== undefined && count !== undefined) for (let id = first; id < first + count; id++) record(id);
      break;
    }
    case 'credit.review':
      for (const id of (field(p, 'ids') as unknown[] | undefined) ?? []) record(id);
      break;
    case 'credit.correct':
    case 'credit.revoke':
      record(field(p, 'id'));
      break;
    case 'credit.allow-collection': {
      // The subject's consent to an organisation collecting its sensitive information.
      const subject = readAccount(suite, state, tx.body.sender)?.subject;
      if (subject != null) out.push({ subject: toHex(subject), event: 'consent', data: { height, kind: 'collection', org: field(p, 'org'), status: field(p, 'allow') === true ? 'allowed' : 'withdrawn' } });
      break;
    }
    case 'consent.grant':
    case 'consent.revoke': {
      const id = num(field(d, 'consent'));
      const c = id === undefined ? undefined : readConsent(suite, state, id);
      if (c !== undefined) {
        const status = c.revoked !== null ? 'revoked' : c.until <= headTime ? 'expired' : c.singleUse && c.uses > 0 ? 'used' : 'active';
        out.push({ subject: toHex(c.subject), event: 'consent', data: { height, consent: c.id, org: c.org, purpose: c.purpose, status, until: new Date(c.until).toISOString() } });
      }
      break;
    }
    case 'consent.query': {
      const id = num(field(d, 'query'));
      const q = id === undefined ? undefined : readQuery(suite, state, id);
      if (q !== undefined) {
        out.push({ subject: toHex(q.subject), event: 'query', data: { height, query: q.id, org: q.org, querier: q.querier, purpose: q.purpose, basis: q.basis, consent: q.consent, logIndex: q.logIndex } });
        // A single-use consent is used up by the query.
        const c = q.consent === null ? undefined : readConsent(suite, state, q.consent);
        if (c !== undefined && c.singleUse) out.push({ subject: toHex(c.subject), event: 'consent', data: { height, consent: c.id, org: c.org, purpose: c.purpose, status: 'used', until: new Date(c.until).toISOString() } });
      }
      break;
    }
    case 'disputes.object':
    case 'disputes.answer':
    case 'disputes.appeal':
    case 'disputes.decide':
      objection(field(d, 'objection'));
      // Filing or appealing marks the record disputed.
      if (tx.body.action === 'object' || tx.body.action === 'appeal') {
        const o = readObjection(suite, state, num(field(d, 'objection')) ?? 0);
        if (o !== undefined) record(o.record);
      }
      if (tx.body.action === 'answer' && field(d, 'status') === 'rejected') {
        const o = readObjection(suite, state, num(field(d, 'objection')) ?? 0);
        if (o !== undefined) record(o.record);
      }
      break;
    case 'disputes.complain':
    case 'disputes.rule': {
      const id = num(field(d, 'complaint'));
      const c = id === undefined ? undefined : readComplaint(suite, state, id);
      if (c !== undefined) out.push({ subject: toHex(c.subject), event: 'complaint', data: { height, complaint: c.id, org: c.org, about: c.about, status: c.status } });
      break;
    }
    case 'repair.apply':
    case 'repair.decide': {
      const id = num(field(d, 'application'));
      const a = id === undefined ? undefined : readApplication(suite, state, id);
      if (a !== undefined) {
        out.push({ subject: toHex(a.subject), event: 'repair', data: { height, application: a.id, record: a.record, status: a.status } });
        if (a.status === 'approved') record(a.record);
      }
      break;
    }
    case 'repair.erase':
      record(field(p, 'record'));
      break;
    case 'vouchers.award':
    case 'vouchers.deduct':
    case 'vouchers.use-points': {
      // Each award, deduction or use of a household's points is told to the household.
      const household = field(p, 'household');
      if (household instanceof Uint8Array) {
        out.push({ subject: toHex(household), event: 'points', data: { height, class: field(p, 'class'), entry: field(d, 'entry'), kind: tx.body.action === 'use-points' ? 'use' : tx.body.action, code: field(p, 'rule') ?? field(p, 'benefit'), points: field(d, 'points'), balance: field(d, 'balance') } });
      }
      break;
    }
  }
  return out.filter((c): c is SubjectChange => c !== undefined);
}

/** Drops repeats (the same record changed twice in a block is one event with its final state). */
function dedupe(changes: readonly SubjectChange[]): SubjectChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    const id = c.data.record ?? c.data.objection ?? c.data.consent ?? c.data.query ?? c.data.complaint ?? c.data.application ?? c.data.entry;
    const key = `${c.subject}/${c.event}/${String(id)}/${c.event === 'record' ? '' : String(c.data.status)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type BlockListener = (b: BlockSummary) => void;
export type SubjectListener = (c: SubjectChange) => void;

/**
 * The node's commit listener: `onBlock` is called after each block is committed (the service
 * wires it to the sequencer), and hands each listener its part.
 */
export class ChainEvents {
  private readonly blockListeners = new Set<BlockListener>();
  private readonly subjectListeners = new Map<string, Set<SubjectListener>>();
  /** The last day whose objection deadlines were processed, as of the last block seen. */
  private disputesDay: number;
  /** Records the expiry queue will reach by the next block, with their subjects. */
  private expiring = new Map<number, string>();

  constructor(
    private readonly chain: Chain,
    private readonly log: (line: string) => void = () => {},
    /** The node's clock (clock.ts): how far the next block's time may reach. */
    private readonly now: () => number = Date.now,
  ) {
    this.disputesDay = this.readDisputesDay();
  }

  private get state(): StateReader {
    return this.chain.storage;
  }

  private readDisputesDay(): number {
    const b = this.state.getState(disputesClockKey(this.chain.suite));
    return b === undefined ? dayOf(this.chain.genesis.genesisTime) : Number(decodeCanonical(b));
  }

  /** Listens for every block; returns the function that stops listening. */
  onBlocks(listener: BlockListener): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /** Listens for one subject's changes (subject reference, hex); returns the function that stops listening. */
  onSubject(subject: string, listener: SubjectListener): () => void {
    let set = this.subjectListeners.get(subject);
    if (set === undefined) {
      set = new Set();
      this.subjectListeners.set(subject, set);
    }
    if (this.subjectListeners.size === 1 && set.size === 0) this.watchExpiry();
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.subjectListeners.delete(subject);
    };
  }

  get listeners(): number {
    let n = this.blockListeners.size;
    for (const s of this.subjectListeners.values()) n += s.size;
    return n;
  }

  /** Called once a block is committed: tells every listener. Never throws (a failure is logged). */
  onBlock(head: Head, txs: readonly DecodedTx[]): void {
    try {
      const summary: BlockSummary = { height: head.header.height, hash: toHex(head.hash), time: new Date(head.header.time).toISOString(), txCount: head.header.txCount };
      for (const l of [...this.blockListeners]) l(summary);
      const changes = this.subjectListeners.size === 0 ? [] : this.changesOf(head, txs);
      const day = this.readDisputesDay();
      if (this.subjectListeners.size > 0) changes.push(...this.escalated(this.disputesDay, day, head.header.height), ...this.expired(head.header.height));
      this.disputesDay = day;
      for (const c of dedupe(changes)) for (const l of [...(this.subjectListeners.get(c.subject) ?? [])]) l(c);
      if (this.subjectListeners.size > 0) this.watchExpiry();
      else this.expiring.clear();
    } catch (e) {
      this.log(`events: block ${head.header.height} could not be sent to listeners: ${(e as Error).stack ?? String(e)}`);
    }
  }

  private changesOf(head: Head, txs: readonly DecodedTx[]): SubjectChange[] {
    const out: SubjectChange[] = [];
    for (const tx of txs) {
      const bytes = this.chain.storage.getResultBytes(tx.id);
      if (bytes === undefined) continue;
      out.push(...changesOfTx(this.chain.suite, this.state, tx, decodeResultBytes(bytes), head.header.height, head.header.time));
    }
    return out;
  }

  /** Objections escalated by the deadline rule in this block: those due on a day it processed. */
  private escalated(fromDay: number, toDay: number, height: number): SubjectChange[] {
    const out: SubjectChange[] = [];
    for (let day = fromDay + 1; day <= toDay; day++) {
      for (const id of readList(this.chain.suite, this.state, DISPUTES_MODULE, deadlineList(day))) {
        const c = objectionChange(this.chain.suite, this.state, id, height);
        if (c !== undefined && c.data.status === 'escalated') out.push(c);
      }
    }
    return out;
  }

  /** Records the expiry queue reached in this block: expired, or (a person's negative record) erased. */
  private expired(height: number): SubjectChange[] {
    const out: SubjectChange[] = [];
    for (const [id, subject] of this.expiring) {
      const r = readStoredRecord(this.chain.suite, this.state, id);
      if (r === undefined) continue;
      if (isTombstone(r)) out.push({ subject, event: 'record', data: { height, record: id, status: 'erased', details: 'erased', erasure: 'retention-ended' } });
      else if (r.status === 'expired') out.push(recordChange(this.chain.suite, this.state, id, height)!);
    }
    return out;
  }

  /** Reads ahead the part of the expiry queue the next block may reach (up to tomorrow by this node's clock). */
  private watchExpiry(): void {
    this.expiring = new Map();
    const suite = this.chain.suite;
    const clock = readClock(suite, this.state);
    if (clock === undefined) return;
    const until = dayOf(Math.max(this.now(), this.chain.head.header.time)) + 1;
    let budget = MAX_EXPIRY_WATCH;
    for (let day = clock.day + 1; day <= until && budget > 0; day++) {
      const n = expiryCount(suite, this.state, day);
      for (let i = day === clock.day + 1 ? clock.pos : 0; i < n && budget > 0; i++, budget--) {
        const id = expiryEntry(suite, this.state, day, i);
        const r = id === undefined ? undefined : readStoredRecord(suite, this.state, id);
        if (r !== undefined && !isTombstone(r) && r.status === 'published') this.expiring.set(r.id, toHex(r.subject));
      }
    }
  }
}

/**
 * Serves a text/event-stream on `reply`: a `ready` event with the current height, then each
 * event `subscribe` sends, and a comment every 15 s to keep the connection open. A request
 * that does not accept text/event-stream is refused (API_BAD_REQUEST) before anything is sent.
 */
export function serveEventStream(req: FastifyRequest, reply: FastifyReply, height: number, subscribe: (send: (event: string, data: unknown, id?: number) => void) => () => void): void {
  const accept = req.headers.accept ?? '';
  if (!accept.split(',').some((t) => t.trim().split(';')[0] === 'text/event-stream')) {
    throw new CreditChainError('API_BAD_REQUEST', `${req.url.split('?')[0]} streams server-sent events: ask for them with the header Accept: text/event-stream (a browser EventSource does).`);
  }
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  let closed = false;
  let unsubscribe = () => {};
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    unsubscribe();
  };
  const write = (text: string) => {
    if (closed) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      // A listener that does not read: dropped, rather than holding the node's memory.
      close();
      res.end();
      return;
    }
    res.write(text);
  };
  const send = (event: string, data: unknown, id?: number) => write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const ping = setInterval(() => write(': keep-alive\n\n'), 15_000);
  ping.unref();
  res.on('close', close);
  unsubscribe = subscribe(send);
  send('ready', { height }, height);
}
