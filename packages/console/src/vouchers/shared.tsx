// What the vouchers page's tabs share: the classes read from the node, a selector and a transfer
// path said in words, a class's supply with its invariant, and the form every transaction of the
// page is sent from (TxForm: its fields, a button, and what became of it).
import type { FormEvent, ReactNode } from 'react';
import type { VoucherClassJson } from '@creditchain/ledger';
import { client } from '../app/node-client.js';
import { SignInNeeded } from '../app/portal.js';
import type { Session } from '../app/session.js';
import { signAndSubmit, type TxBuilder } from '../app/submit-tx.js';
import { useI18n } from '../i18n/i18n.js';
import { Stat } from '../ui/Stat.js';
import { useAsync, type Async } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { supplyBalances } from './voucher-forms.js';

/** What every tab gets: the page's version (bumped after each transaction) and the bump. */
export interface TabProps {
  readonly version: number;
  readonly changed: () => void;
}

export type WhoJson = VoucherClassJson['holders'];

/** Every voucher class with its supply (public), read again with each version. */
export function useVoucherClasses(version: number): Async<readonly VoucherClassJson[]> {
  return useAsync(() => client.voucherClasses().then((r) => r.classes), [version]);
}

/** Signs and sends a transaction as the session's account; gives the committed reply's data. */
export async function sendTx<T>(session: Session, build: TxBuilder): Promise<T> {
  return (await signAndSubmit(session.client, session.key, build)).data as T;
}

export function SignInNote() {
  const { t } = useI18n();
  return <SignInNeeded title={t.vouchers.signInTitle} />;
}

/** A selector in words: anyone, or each criterion listed. */
export function whoWords(w: WhoJson | null, words: { anyone: string; nobody: string; anySubject: string; accounts: string; orgs: string; orgTypes: string; roles: string; subjects: (n: number) => string }): string {
  if (w === null) return words.nobody;
  if (w === 'any') return words.anyone;
  const parts = [
    w.anySubject ? words.anySubject : '',
    w.accounts.length > 0 ? `${words.accounts} ${w.accounts.join(', ')}` : '',
    w.orgs.length > 0 ? `${words.orgs} ${w.orgs.join(', ')}` : '',
    w.orgTypes.length > 0 ? `${words.orgTypes} ${w.orgTypes.join(', ')}` : '',
    w.roles.length > 0 ? `${words.roles} ${w.roles.join(', ')}` : '',
    w.subjects.length > 0 ? words.subjects(w.subjects.length) : '',
  ];
  return parts.filter((p) => p !== '').join('; ') || words.nobody;
}

/** A class's supply, and whether issued = held + spent + redeemed + expired holds, said in words. */
export function SupplyStats({ c }: { c: VoucherClassJson }) {
  const { t } = useI18n();
  const f = t.vouchers.supply;
  const s = c.supply;
  const balanced = supplyBalances(s);
  return (
    <>
      <dl className="stats">
        <Stat label={f.issued} value={s.issued} />
        <Stat label={f.held} value={s.held} />
        <Stat label={f.spent} value={s.spent} />
        <Stat label={f.redeemed} value={s.redeemed} />
        <Stat label={f.expired} value={s.expired} />
        <Stat label={f.returned} value={s.returned} />
      </dl>
      <p className={balanced ? 'muted' : 'field-error'} data-testid={`supply-${c.id}`}>
        {balanced ? f.balanced(s.issued, s.held, s.spent, s.redeemed, s.expired, c.unit) : f.unbalanced}
      </p>
    </>
  );
}

/**
 * One transaction's form: its title, its fields, a button, and what became of it. `send` signs
 * and sends, then says what was done (a refusal shows its code); the form waits while `ready` is
 * false. `onDone` gets what was said; with `saidOutside` the form does not say it itself — for a
 * form that may leave the page with what it acted on (the page shows it in a DoneNote).
 */
export function TxForm({ id, title, intro, button, ready = true, send, onDone, saidOutside = false, children }: { id: string; title: string; intro?: ReactNode; button: string; ready?: boolean; send: () => Promise<string>; onDone?: (said: string) => void; saidOutside?: boolean; children?: ReactNode }) {
  const action = useAction<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const said = await send();
      onDone?.(said);
      return said;
    });
  };
  return (
    <form onSubmit={submit} className="portal-form" aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      {intro !== undefined && <p className="hint">{intro}</p>}
      {children}
      <button type="submit" disabled={action.working || !ready}>
        {button}
      </button>
      <ActionStatus status={action.status} done={saidOutside ? undefined : (said) => said} testId={`${id}-status`} />
    </form>
  );
}
