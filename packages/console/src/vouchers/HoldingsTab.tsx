// My holdings (a signed read: the account's vouchers, held now and before) and what a holder does
// with one: pass it on along its class's path, split it or merge several (divisible classes),
// spend it at a merchant; and what a merchant does with a spent one: redeem it with the issuer.
import { useState } from 'react';
import type { VoucherClassJson, VoucherJson } from '@creditchain/ledger';
import { mergeVouchersTx, redeemVoucherTx, spendVoucherTx, splitVoucherTx, transferVoucherTx } from '@creditchain/sdk';
import type { Session } from '../app/session.js';
import { useI18n, word } from '../i18n/i18n.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { ConsoleError, ErrorNote } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Choice, SelectField, TextField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { DoneNote } from '../ui/use-action.js';
import { sendTx, TxForm, useVoucherClasses, type TabProps } from './shared.js';
import { parseAmounts } from './voucher-forms.js';

type Act = 'transfer' | 'split' | 'spend' | 'redeem';

export function HoldingsTab({ session, version, changed }: TabProps & { session: Session }) {
  const { t } = useI18n();
  // What the last action did: the voucher may leave the holdings, and the form with it.
  const [said, setSaid] = useState<string | undefined>();
  const done = (message: string) => {
    setSaid(message);
    changed();
  };
  const f = t.vouchers.holdings;
  const name = session.account.name;
  const mine = useAsync(() => session.client.accountVouchers(name), [session.client, name, version]);
  const classes = useVoucherClasses(version);
  if (mine.state === 'failed') return <ErrorNote failure={mine.failure} />;
  const byId = new Map(classes.state === 'done' ? classes.value.map((c) => [c.id, c]) : []);
  const holding = mine.state === 'done' ? mine.value.holding : [];
  const past = mine.state === 'done' ? mine.value.past : [];
  return (
    <>
      <DoneNote message={said} testId="holdings-done" />
      <Section id="holdings" title={f.title(name)} intro={f.intro}>
        <AsyncCards list={mine.state === 'done' ? { state: 'done', value: holding } : mine} empty={f.none} render={(v) => <VoucherCard key={v.id} v={v} c={byId.get(v.class)} />} />
        {past.length > 0 && (
          <details>
            <summary>{f.past(past.length)}</summary>
            <ul className="cards">
              {past.map((v) => (
                <VoucherCard key={v.id} v={v} c={byId.get(v.class)} />
              ))}
            </ul>
          </details>
        )}
      </Section>
      {holding.length > 0 && classes.state === 'done' && (
        <Section id="use" title={f.useTitle} intro={f.useIntro}>
          <ActOnVoucherForm session={session} holding={holding} classes={byId} done={done} />
          <MergeForm session={session} holding={holding} classes={byId} done={done} />
        </Section>
      )}
    </>
  );
}

export function VoucherCard({ v, c }: { v: VoucherJson; c: VoucherClassJson | undefined }) {
  const { t } = useI18n();
  const f = t.vouchers.holdings;
  return (
    <Card testId={`voucher-${v.id}`} title={f.cardTitle(v.id, v.amount, c?.unit ?? '')} titleId={`voucher-${v.id}-title`} badges={[[v.status, word(f.statuses, v.status)]]}>
      <Fields
        rows={[
          [f.class, c === undefined ? String(v.class) : t.vouchers.classes.cardTitle(c.id, c.name)],
          [f.holder, v.holder],
          [f.hops, String(v.hops)],
          [f.parents, v.parents.length === 0 ? undefined : v.parents.map((p) => `#${p}`).join(', ')],
          [f.children, v.children.length === 0 ? undefined : v.children.map((p) => `#${p}`).join(', ')],
          [f.height, String(v.height)],
        ]}
      />
    </Card>
  );
}

/** What may be done with a voucher of this class in this status (the chain checks the rest). */
function actsFor(v: VoucherJson, c: VoucherClassJson): Act[] {
  if (v.status === 'spent') return c.redeem === null ? [] : ['redeem'];
  if (v.status !== 'active') return [];
  const acts: Act[] = [];
  if (c.transfer !== 'none') acts.push('transfer');
  if (c.divisible) acts.push('split');
  if (c.merchants !== null || c.categories.length > 0) acts.push('spend');
  if (c.redeem !== null) acts.push('redeem');
  return acts;
}

type FormProps = { session: Session; holding: readonly VoucherJson[]; classes: ReadonlyMap<number, VoucherClassJson>; done: (said: string) => void };

function ActOnVoucherForm({ session, holding, classes, done }: FormProps) {
  const { t } = useI18n();
  const f = t.vouchers.act;
  const usable = holding.filter((v) => classes.has(v.class) && actsFor(v, classes.get(v.class)!).length > 0);
  const [picked, setPicked] = useState('');
  const [act, setAct] = useState<Act>('spend');
  const [to, setTo] = useState('');
  const [amounts, setAmounts] = useState('');
  if (usable.length === 0) return <p className="note note-info">{f.nothing}</p>;
  const v = usable.find((x) => String(x.id) === picked) ?? usable[0]!;
  const c = classes.get(v.class)!;
  const acts = actsFor(v, c);
  const chosen = acts.includes(act) ? act : acts[0]!;
  const send = async () => {
    if (chosen === 'split') {
      const pieces = parseAmounts(amounts);
      if (pieces === undefined) throw new ConsoleError(f.badAmounts);
      const data = await sendTx<{ pieces: number[] }>(session, (s) => splitVoucherTx({ ...s, voucher: v.id, amounts: pieces }));
      return f.split(v.id, data.pieces);
    }
    if (chosen === 'redeem') {
      await sendTx(session, (s) => redeemVoucherTx({ ...s, voucher: v.id }));
      return f.redeemed(v.id, c.issuer);
    }
    if (chosen === 'spend') {
      await sendTx(session, (s) => spendVoucherTx({ ...s, voucher: v.id, merchant: to.trim() }));
      return f.spent(v.id, to.trim());
    }
    await sendTx(session, (s) => transferVoucherTx({ ...s, voucher: v.id, to: to.trim() }));
    return f.transferred(v.id, to.trim());
  };
  const needsTo = chosen === 'spend' || chosen === 'transfer';
  return (
    <TxForm id="act" title={f.title} button={f.buttons[chosen]} ready={needsTo ? to.trim() !== '' : chosen !== 'split' || amounts.trim() !== ''} send={send} onDone={done} saidOutside>
      <SelectField id="act-voucher" label={f.voucher} value={String(v.id)} onChange={setPicked} options={usable.map((x) => [String(x.id), f.option(x.id, x.amount, classes.get(x.class)!.unit, word(t.vouchers.holdings.statuses, x.status))] as const)} />
      <fieldset>
        <legend>{f.what}</legend>
        {acts.map((a) => (
          <Choice key={a} id={`act-${a}`} name="act-what" label={f.acts[a]} checked={chosen === a} onChange={() => setAct(a)} />
        ))}
      </fieldset>
      {chosen === 'spend' && <TextField id="act-merchant" label={f.merchant} hint={f.merchantHint} value={to} onChange={setTo} required />}
      {chosen === 'transfer' && <TextField id="act-to" label={f.to} value={to} onChange={setTo} required />}
      {chosen === 'split' && <TextField id="act-amounts" label={f.amounts(v.amount, c.unit)} hint={f.amountsHint(c.minUnit)} value={amounts} onChange={setAmounts} required />}
      {chosen === 'redeem' && <p className="hint">{f.redeemHint(c.issuer)}</p>}
    </TxForm>
  );
}

function MergeForm({ session, holding, classes, done }: FormProps) {
  const { t } = useI18n();
  const f = t.vouchers.merge;
  const [picked, setPicked] = useState<readonly number[]>([]);
  const mergeable = holding.filter((v) => v.status === 'active' && classes.get(v.class)?.divisible === true);
  if (mergeable.length < 2) return null;
  const toggle = (id: number, on: boolean) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));
  const send = async () => {
    const data = await sendTx<{ voucher: number }>(session, (s) => mergeVouchersTx({ ...s, vouchers: picked }));
    setPicked([]);
    return f.done(picked, data.voucher);
  };
  return (
    <TxForm id="merge" title={f.title} intro={f.intro} button={f.button} ready={picked.length >= 2} send={send} onDone={done} saidOutside>
      <fieldset className="checks">
        <legend>{f.which}</legend>
        {mergeable.map((v) => (
          <Choice key={v.id} id={`merge-${v.id}`} type="checkbox" label={f.option(v.id, v.amount, classes.get(v.class)!.unit, v.class)} checked={picked.includes(v.id)} onChange={(on) => toggle(v.id, on)} />
        ))}
      </fieldset>
    </TxForm>
  );
}
