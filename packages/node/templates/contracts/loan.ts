// Loan or instalment agreement. The lender (an account of the organisation that deployed this
// contract) proposes a schedule; the borrower (a subject's own account) accepts it — both sign.
// The lender's account confirms each repayment. An instalment unpaid when its grace period ends
// files an overdue record against the borrower — by an alarm, in block time, with no transaction —
// and a loan repaid in full with no instalment overdue files a positive one. Both are pending
// until a reviewer of the lender's organisation publishes them (the normal review rules).
//
// The contract's approval must name the categories "loan-overdue" and "on-time-repayment".
import type { Json } from './host';

const DAY_MS = 86_400_000;

interface Instalment {
  due: number;
  amount: number;
  paid: number | null;
  overdue: boolean;
}

interface Loan {
  id: number;
  lender: string;
  borrower: string;
  subject: string;
  subjectKind: 'enterprise' | 'person';
  reference: string;
  amountBand: number;
  graceDays: number;
  schedule: Instalment[];
  status: 'proposed' | 'active' | 'overdue' | 'repaid' | 'cancelled';
  proposed: number;
  accepted: number | null;
  records: number[];
}

function fail(message: string): never {
  throw new Error(message);
}

function load(id: unknown): Loan {
  if (typeof id !== 'number') fail('args.id must be a loan number');
  return host.get<Loan & Json>(`loan/${id}`) ?? fail(`There is no loan ${id}.`);
}

function save(loan: Loan): void {
  host.set(`loan/${loan.id}`, loan as unknown as Json);
}

function mustBe(account: string, who: string): void {
  if (host.caller.kind !== 'account' || host.caller.account !== account) fail(`Only the ${who} (${account}) may do this.`);
}

/** The lender proposes: {borrower, subjectKind?, schedule: [{due, amount}], graceDays?, amountBand, reference}. */
export function propose(args: { borrower: string; subjectKind?: 'enterprise' | 'person'; schedule: { due: number; amount: number }[]; graceDays?: number; amountBand: number; reference: string }) {
  const caller = host.caller;
  if (caller.kind !== 'account' || caller.org !== host.contract.org) fail(`Only an account of ${host.contract.org} may propose a loan under this contract.`);
  const borrower = host.account(args.borrower);
  if (borrower === null || borrower.subject === null) fail(`"${args.borrower}" is not a subject's own account.`);
  if (!Array.isArray(args.schedule) || args.schedule.length === 0 || args.schedule.length > 120) fail('The schedule is a list of 1 to 120 instalments.');
  let last = host.block.time;
  const schedule = args.schedule.map((s, i) => {
    if (!Number.isSafeInteger(s.due) || s.due <= last) fail(`Instalment ${i + 1} must fall due after ${i === 0 ? 'now' : 'the one before'}.`);
    if (!Number.isSafeInteger(s.amount) || s.amount <= 0) fail(`Instalment ${i + 1} needs a positive whole amount.`);
    last = s.due;
    return { due: s.due, amount: s.amount, paid: null, overdue: false };
  });
  const graceDays = args.graceDays ?? 5;
  if (!Number.isSafeInteger(graceDays) || graceDays < 0 || graceDays > 90) fail('graceDays is a whole number of days from 0 to 90.');
  if (typeof args.reference !== 'string' || args.reference.length === 0 || args.reference.length > 64) fail('reference is the loan contract number, 1 to 64 characters.');
  const id = (host.get<number>('next') ?? 0) + 1;
  host.set('next', id);
  const loan: Loan = {
    id,
    lender: caller.account!,
    borrower: borrower.name,
    subject: borrower.subject,
    subjectKind: args.subjectKind ?? 'enterprise',
    reference: args.reference,
    amountBand: args.amountBand,
    graceDays,
    schedule,
    status: 'proposed',
    proposed: host.block.time,
    accepted: null,
    records: [],
  };
  save(loan);
  host.emit('proposed', { id, lender: loan.lender, borrower: loan.borrower, instalments: schedule.length });
  return { id };
}

/** The borrower signs: the loan starts, and an alarm is set at the end of each instalment's grace period. */
export function accept(args: { id: number }) {
  const loan = load(args.id);
  mustBe(loan.borrower, 'borrower');
  if (loan.status !== 'proposed') fail(`Loan ${loan.id} is ${loan.status}; only a proposed loan can be accepted.`);
  if (loan.schedule[0]!.due <= host.block.time) fail(`Loan ${loan.id}'s first instalment is already due; the lender must propose it again.`);
  loan.status = 'active';
  loan.accepted = host.block.time;
  loan.schedule.forEach((s, i) => host.scheduleAlarm(s.due + loan.graceDays * DAY_MS, { loan: loan.id, instalment: i }));
  save(loan);
  host.emit('accepted', { id: loan.id, borrower: loan.borrower });
  return { id: loan.id, status: loan.status };
}

/** The lender cancels a loan the borrower has not accepted. */
export function cancel(args: { id: number }) {
  const loan = load(args.id);
  mustBe(loan.lender, 'lender');
  if (loan.status !== 'proposed') fail(`Loan ${loan.id} is ${loan.status}; only a proposed loan can be cancelled.`);
  loan.status = 'cancelled';
  save(loan);
  return { id: loan.id, status: loan.status };
}

/** The lender's account confirms that instalment `instalment` (1-based) was paid. */
export function repay(args: { id: number; instalment: number }) {
  const loan = load(args.id);
  mustBe(loan.lender, 'lender');
  if (loan.status !== 'active' && loan.status !== 'overdue') fail(`Loan ${loan.id} is ${loan.status}; it takes no repayments.`);
  const s = loan.schedule[args.instalment - 1] ?? fail(`Loan ${loan.id} has no instalment ${args.instalment}.`);
  if (s.paid !== null) fail(`Instalment ${args.instalment} of loan ${loan.id} is already paid.`);
  s.paid = host.block.time;
  let filed: number | null = null;
  if (loan.schedule.every((x) => x.paid !== null)) {
    const onTime = loan.schedule.every((x) => !x.overdue);
    loan.status = 'repaid';
    if (onTime) {
      filed = host.fileRecord({ subject: loan.subject, subjectKind: loan.subjectKind, category: 'on-time-repayment', occurred: host.date(loan.accepted!), ended: host.block.date, amountBand: loan.amountBand }).id;
      loan.records.push(filed);
    }
  }
  save(loan);
  host.emit('repaid', { id: loan.id, instalment: args.instalment, status: loan.status, ...(filed === null ? {} : { record: filed }) });
  return { id: loan.id, instalment: args.instalment, status: loan.status, record: filed };
}

/** The loan, for anyone to read. */
export function get(args: { id: number }) {
  return load(args.id) as unknown as Json;
}

/** The ledger's call when an instalment's grace period has ended. */
export function onAlarm(alarm: { time: number; data: { loan: number; instalment: number } }) {
  const loan = load(alarm.data.loan);
  const s = loan.schedule[alarm.data.instalment]!;
  if (s.paid !== null || (loan.status !== 'active' && loan.status !== 'overdue')) return null;
  s.overdue = true;
  // One overdue record a loan: the first missed instalment; later ones are in the contract's state.
  if (loan.status === 'active') {
    loan.status = 'overdue';
    const { id } = host.fileRecord({ subject: loan.subject, subjectKind: loan.subjectKind, category: 'loan-overdue', occurred: host.date(s.due), amountBand: loan.amountBand });
    loan.records.push(id);
    host.emit('overdue', { id: loan.id, instalment: alarm.data.instalment + 1, record: id });
  }
  save(loan);
  return null;
}
