// Service or task agreement with milestones and escrow bookkeeping (the flexible-employment
// platform: task published, accepted, delivered, confirmed, paid). The client publishes a task
// with milestones; a provider accepts it (a named one, or anyone if none is named); the client
// records the money it puts in escrow; the provider delivers each milestone with the hash of its
// work; the client confirms it and the milestone is paid from escrow with an invoice number.
// Contract, work, payment and invoice stay consistent in one state entry: funded = escrow + paid,
// and a milestone is paid only once, only after delivery, only from escrow.
// Alarms, in block time: a milestone not delivered by its due time plus grace is marked late; a
// delivered milestone the client neither confirms nor disputes within `reviewDays` is confirmed
// and paid by the contract itself — the escrow protects the provider. No credit records: there is
// no standard category for a service breach (a consortium adds one by governance, then approves
// the contract for it).
import type { Json } from './host';

const DAY_MS = 86_400_000;

interface Milestone {
  name: string;
  amount: number;
  due: number;
  delivered: number | null;
  evidence: string | null;
  confirmed: number | null;
  confirmedBy: 'client' | 'timeout' | null;
  invoice: string | null;
  late: boolean;
}

interface Task {
  id: number;
  client: string;
  provider: string | null;
  title: string;
  status: 'published' | 'accepted' | 'completed' | 'cancelled';
  milestones: Milestone[];
  graceDays: number;
  reviewDays: number;
  funded: number;
  escrow: number;
  paid: number;
}

function fail(message: string): never {
  throw new Error(message);
}

function load(id: unknown): Task {
  return host.get<Task & Json>(`task/${String(id)}`) ?? fail(`There is no task ${String(id)}.`);
}

function save(t: Task): void {
  host.set(`task/${t.id}`, t as unknown as Json);
}

function by(account: string | null, who: string): void {
  if (host.caller.kind !== 'account' || host.caller.account !== account) fail(`Only the ${who} (${account}) may do this.`);
}

function milestone(t: Task, n: number): Milestone {
  return t.milestones[n - 1] ?? fail(`Task ${t.id} has no milestone ${n}.`);
}

function pay(t: Task, n: number, how: 'client' | 'timeout'): void {
  const m = milestone(t, n);
  if (m.delivered === null) fail(`Milestone ${n} of task ${t.id} has not been delivered.`);
  if (m.confirmed !== null) fail(`Milestone ${n} of task ${t.id} is already confirmed.`);
  if (t.escrow < m.amount) fail(`Task ${t.id} holds ${t.escrow} in escrow; milestone ${n} needs ${m.amount}.`);
  m.confirmed = host.block.time;
  m.confirmedBy = how;
  m.invoice = `${host.contract.name}-${t.id}-${n}`;
  t.escrow -= m.amount;
  t.paid += m.amount;
  if (t.milestones.every((x) => x.confirmed !== null)) t.status = 'completed';
  host.emit('paid', { task: t.id, milestone: n, amount: m.amount, invoice: m.invoice, by: how });
}

/** The client publishes: {title, provider?, milestones: [{name, amount, due}], graceDays?, reviewDays?}. */
export function publish(args: { title: string; provider?: string; milestones: { name: string; amount: number; due: number }[]; graceDays?: number; reviewDays?: number }) {
  if (host.caller.kind !== 'account') fail('A task is published by an account.');
  if (!Array.isArray(args.milestones) || args.milestones.length === 0 || args.milestones.length > 50) fail('A task has 1 to 50 milestones.');
  let last = host.block.time;
  const milestones = args.milestones.map((m, i) => {
    if (!Number.isSafeInteger(m.amount) || m.amount <= 0) fail(`Milestone ${i + 1} needs a positive whole amount.`);
    if (!Number.isSafeInteger(m.due) || m.due <= last) fail(`Milestone ${i + 1} must fall due after ${i === 0 ? 'now' : 'the one before'}.`);
    last = m.due;
    return { name: String(m.name), amount: m.amount, due: m.due, delivered: null, evidence: null, confirmed: null, confirmedBy: null, invoice: null, late: false };
  });
  if (args.provider !== undefined && host.account(args.provider) === null) fail(`There is no account "${args.provider}".`);
  const id = (host.get<number>('next') ?? 0) + 1;
  host.set('next', id);
  const t: Task = { id, client: host.caller.account!, provider: args.provider ?? null, title: String(args.title), status: 'published', milestones, graceDays: args.graceDays ?? 3, reviewDays: args.reviewDays ?? 7, funded: 0, escrow: 0, paid: 0 };
  save(t);
  host.emit('published', { task: id, client: t.client, milestones: milestones.length });
  return { id };
}

/** The provider accepts (anyone, if the task names none): delivery deadlines are set. */
export function accept(args: { id: number }) {
  const t = load(args.id);
  if (t.status !== 'published') fail(`Task ${t.id} is ${t.status}; only a published task can be accepted.`);
  if (host.caller.kind !== 'account' || host.caller.account === t.client) fail('The provider is another account than the client.');
  if (t.provider !== null) by(t.provider, 'provider');
  t.provider = host.caller.account;
  t.status = 'accepted';
  t.milestones.forEach((m, i) => host.scheduleAlarm(m.due + t.graceDays * DAY_MS, { kind: 'delivery', task: t.id, milestone: i + 1 }));
  save(t);
  host.emit('accepted', { task: t.id, provider: t.provider });
  return { id: t.id, status: t.status };
}

/** The client records money put in escrow for the task. */
export function fund(args: { id: number; amount: number }) {
  const t = load(args.id);
  by(t.client, 'client');
  if (!Number.isSafeInteger(args.amount) || args.amount <= 0) fail('amount is a positive whole number.');
  t.funded += args.amount;
  t.escrow += args.amount;
  save(t);
  host.emit('funded', { task: t.id, amount: args.amount, escrow: t.escrow });
  return { escrow: t.escrow };
}

/** The provider delivers a milestone with the hash of its work; the client's review period starts. */
export function deliver(args: { id: number; milestone: number; evidence: string }) {
  const t = load(args.id);
  by(t.provider, 'provider');
  if (t.status !== 'accepted') fail(`Task ${t.id} is ${t.status}.`);
  const m = milestone(t, args.milestone);
  if (m.delivered !== null) fail(`Milestone ${args.milestone} is already delivered.`);
  if (typeof args.evidence !== 'string' || !/^[0-9a-f]{64}$/.test(args.evidence)) fail('evidence is the work’s hash, 64 hex characters.');
  m.delivered = host.block.time;
  m.evidence = args.evidence;
  host.scheduleAlarm(host.block.time + t.reviewDays * DAY_MS, { kind: 'review', task: t.id, milestone: args.milestone });
  save(t);
  host.emit('delivered', { task: t.id, milestone: args.milestone, evidence: args.evidence });
  return { delivered: m.delivered };
}

/** The client confirms a delivered milestone: it is paid from escrow and invoiced. */
export function confirm(args: { id: number; milestone: number }) {
  const t = load(args.id);
  by(t.client, 'client');
  pay(t, args.milestone, 'client');
  save(t);
  return { invoice: milestone(t, args.milestone).invoice, escrow: t.escrow, paid: t.paid, status: t.status };
}

export function get(args: { id: number }) {
  return load(args.id) as unknown as Json;
}

export function onAlarm(alarm: { time: number; data: { kind: 'delivery' | 'review'; task: number; milestone: number } }) {
  const t = load(alarm.data.task);
  const m = milestone(t, alarm.data.milestone);
  if (alarm.data.kind === 'delivery' && m.delivered === null && !m.late) {
    m.late = true;
    host.emit('late', { task: t.id, milestone: alarm.data.milestone });
  } else if (alarm.data.kind === 'review' && m.confirmed === null) {
    if (t.escrow >= m.amount) pay(t, alarm.data.milestone, 'timeout');
    else host.emit('unfunded', { task: t.id, milestone: alarm.data.milestone, escrow: t.escrow, needed: m.amount });
  }
  save(t);
  return null;
}
