// Guarantee of a loan made under the loan template. The lender offers it, naming the loan (a
// contract deployed from loan.ts, and the loan's number) and the guarantor (a subject's own
// account), who accepts it. After each instalment's grace period the guarantee asks the loan
// contract (host.call) whether the principal has defaulted; if so the guarantee is called: the
// guarantor is recorded as liable in this contract's state at once (provable, with the block),
// and has `graceDays` to honour it (confirmed by the lender). A guarantor who does not files an
// overdue record against the guarantor, pending the lender's review like any other.
//
// The contract's approval must name "loan-overdue"; it must be deployed by the loan's lender's
// organisation.
import type { Json } from './host';

const DAY_MS = 86_400_000;

interface LoanView {
  id: number;
  lender: string;
  status: string;
  graceDays: number;
  schedule: { due: number; amount: number; paid: number | null }[];
}

interface Guarantee {
  id: number;
  loanContract: string;
  loan: number;
  lender: string;
  guarantor: string;
  subject: string;
  subjectKind: 'enterprise' | 'person';
  amountBand: number;
  graceDays: number;
  status: 'offered' | 'active' | 'called' | 'honoured' | 'defaulted' | 'released';
  called: number | null;
  record: number | null;
}

function fail(message: string): never {
  throw new Error(message);
}

function load(id: unknown): Guarantee {
  return host.get<Guarantee & Json>(`guarantee/${String(id)}`) ?? fail(`There is no guarantee ${String(id)}.`);
}

function save(g: Guarantee): void {
  host.set(`guarantee/${g.id}`, g as unknown as Json);
}

function loanOf(g: { loanContract: string; loan: number }): LoanView {
  return host.call<LoanView & Json>(g.loanContract, 'get', { id: g.loan }) as unknown as LoanView;
}

/** The lender offers: {loanContract, loan, guarantor, subjectKind?, amountBand, graceDays?}. */
export function offer(args: { loanContract: string; loan: number; guarantor: string; subjectKind?: 'enterprise' | 'person'; amountBand: number; graceDays?: number }) {
  if (host.caller.kind !== 'account' || host.caller.org !== host.contract.org) fail(`Only an account of ${host.contract.org} may offer a guarantee under this contract.`);
  const loan = loanOf({ loanContract: args.loanContract, loan: args.loan });
  if (loan.lender !== host.caller.account) fail(`Loan ${args.loan} was made by ${loan.lender}; only its lender may have it guaranteed.`);
  if (loan.status !== 'proposed' && loan.status !== 'active') fail(`Loan ${args.loan} is ${loan.status}.`);
  const guarantor = host.account(args.guarantor);
  if (guarantor === null || guarantor.subject === null) fail(`"${args.guarantor}" is not a subject's own account.`);
  const id = (host.get<number>('next') ?? 0) + 1;
  host.set('next', id);
  save({ id, loanContract: args.loanContract, loan: args.loan, lender: host.caller.account!, guarantor: guarantor.name, subject: guarantor.subject, subjectKind: args.subjectKind ?? 'person', amountBand: args.amountBand, graceDays: args.graceDays ?? 10, status: 'offered', called: null, record: null });
  host.emit('offered', { id, loan: args.loan, guarantor: guarantor.name });
  return { id };
}

/** The guarantor accepts: the guarantee looks at the loan after each instalment's grace period. */
export function accept(args: { id: number }) {
  const g = load(args.id);
  if (host.caller.kind !== 'account' || host.caller.account !== g.guarantor) fail(`Only the guarantor (${g.guarantor}) may accept.`);
  if (g.status !== 'offered') fail(`Guarantee ${g.id} is ${g.status}.`);
  const loan = loanOf(g);
  g.status = 'active';
  // A day after the loan's own alarm for each instalment, so the loan has marked it first.
  loan.schedule.forEach((s, i) => host.scheduleAlarm(s.due + (loan.graceDays + 1) * DAY_MS, { kind: 'check', guarantee: g.id, instalment: i }));
  save(g);
  host.emit('accepted', { id: g.id, guarantor: g.guarantor });
  return { id: g.id, status: g.status };
}

/** The lender confirms the guarantor paid what the guarantee was called for. */
export function honour(args: { id: number }) {
  const g = load(args.id);
  if (host.caller.kind !== 'account' || host.caller.account !== g.lender) fail(`Only the lender (${g.lender}) may confirm.`);
  if (g.status !== 'called') fail(`Guarantee ${g.id} is ${g.status}; only a called guarantee is honoured.`);
  g.status = 'honoured';
  save(g);
  host.emit('honoured', { id: g.id });
  return { id: g.id, status: g.status };
}

export function get(args: { id: number }) {
  return load(args.id) as unknown as Json;
}

export function onAlarm(alarm: { time: number; data: { kind: 'check' | 'deadline'; guarantee: number } }) {
  const g = load(alarm.data.guarantee);
  if (alarm.data.kind === 'check' && g.status === 'active') {
    const loan = loanOf(g);
    if (loan.status === 'repaid') g.status = 'released';
    else if (loan.status === 'overdue') {
      g.status = 'called';
      g.called = host.block.time;
      host.scheduleAlarm(host.block.time + g.graceDays * DAY_MS, { kind: 'deadline', guarantee: g.id });
      host.emit('called', { id: g.id, loan: g.loan, guarantor: g.guarantor });
    }
  } else if (alarm.data.kind === 'deadline' && g.status === 'called') {
    g.status = 'defaulted';
    g.record = host.fileRecord({ subject: g.subject, subjectKind: g.subjectKind, category: 'loan-overdue', occurred: host.date(g.called!), amountBand: g.amountBand }).id;
    host.emit('defaulted', { id: g.id, record: g.record });
  }
  save(g);
  return null;
}
