// The voucher classes (public): each one's rules and supply, with the invariant it keeps; a
// regulator approves a class awaiting approval. For an organisation's account, the issuer's
// forms: preset a class, register a merchant in one of its categories, issue (one holder or a batch).
import { useState } from 'react';
import type { VoucherClassJson } from '@creditchain/ledger';
import { approveVoucherClassTx, createVoucherClassTx, issueVouchersTx, registerMerchantTx } from '@creditchain/sdk';
import type { Session } from '../app/session.js';
import { useI18n, word } from '../i18n/i18n.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { ConsoleError } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Choice, SelectField, TextAreaField, TextField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { sendTx, SupplyStats, TxForm, useVoucherClasses, whoWords, type TabProps } from './shared.js';
import { parseBatch, parseTransfer, parseWho, parseWhole } from './voucher-forms.js';

const DAY_MS = 86_400_000;

export function ClassesTab({ session, version, changed }: TabProps & { session: Session | undefined }) {
  const { t } = useI18n();
  const f = t.vouchers.classes;
  const classes = useVoucherClasses(version);
  const org = session?.account.org ?? null;
  const mine = classes.state === 'done' && org !== null ? classes.value.filter((c) => c.issuer === org && c.status === 'active') : [];
  const regulator = session?.account.roles.includes('regulator') === true;
  return (
    <>
      <Section id="voucher-classes" title={f.title} intro={f.intro}>
        <AsyncCards list={classes} empty={f.none} render={(c) => <ClassCard key={c.id} c={c} approve={regulator && c.status === 'pending' ? session : undefined} changed={changed} />} />
      </Section>
      {session !== undefined && org !== null && (
        <Section id="issuer" title={f.issuerTitle(org)} intro={f.issuerIntro}>
          <CreateClassForm session={session} org={org} changed={changed} />
          {mine.some((c) => c.categories.length > 0) && <RegisterMerchantForm session={session} classes={mine.filter((c) => c.categories.length > 0)} changed={changed} />}
          {mine.length > 0 && <IssueForm session={session} classes={mine} changed={changed} />}
        </Section>
      )}
    </>
  );
}

/** A class's transfer path in words. */
export function useTransferWords() {
  const { t } = useI18n();
  const f = t.vouchers.classes;
  return (transfer: VoucherClassJson['transfer']) => (transfer === 'none' ? f.transferNone : transfer === 'any' ? f.transferAny : f.transferHops(transfer.map((h) => whoWords(h, t.vouchers.who))));
}

function ClassCard({ c, approve, changed }: { c: VoucherClassJson; approve: Session | undefined; changed: () => void }) {
  const { t, formatTime } = useI18n();
  const f = t.vouchers.classes;
  const who = (w: VoucherClassJson['holders'] | null) => whoWords(w, t.vouchers.who);
  const transferWords = useTransferWords();
  const badges: (readonly [string, string])[] = [[c.status, word(f.statuses, c.status)]];
  if (c.frozen) badges.push(['frozen', f.frozen]);
  return (
    <Card testId={`class-${c.id}`} title={f.cardTitle(c.id, c.name)} titleId={`class-${c.id}-title`} badges={badges}>
      <Fields
        rows={[
          [f.issuer, c.issuer],
          [f.unit, c.unit],
          [f.cap, String(c.cap)],
          [f.divisible, c.divisible ? f.divisibleBy(c.minUnit) : f.notDivisible],
          [f.expires, `${formatTime(c.expires)} · ${c.onExpiry === 'return' ? f.onExpiryReturn : f.onExpiryBurn}`],
          [f.holders, who(c.holders)],
          [f.merchants, [c.merchants === null ? '' : who(c.merchants), c.categories.length === 0 ? '' : f.categoriesOf(c.categories.join(', '))].filter((x) => x !== '').join('; ') || who(null)],
          [f.transfer, transferWords(c.transfer)],
          [f.redeem, who(c.redeem)],
          [f.supervisor, c.supervisor],
          [f.approvedBy, c.approvedBy ?? undefined],
        ]}
      />
      <SupplyStats c={c} />
      {approve !== undefined && (
        <TxForm id={`approve-${c.id}`} title={f.approveTitle} button={f.approveButton} onDone={changed} send={async () => (await sendTx(approve, (s) => approveVoucherClassTx({ ...s, class: c.id })), f.approved(c.id))} />
      )}
    </Card>
  );
}

function CreateClassForm({ session, org, changed }: { session: Session; org: string; changed: () => void }) {
  const { t } = useI18n();
  const f = t.vouchers.create;
  const [v, setV] = useState({ name: '', unit: 'CNY-fen', cap: '', divisible: false, minUnit: '', days: '30', holders: 'any-subject', merchants: '', categories: '', transfer: 'none', redeem: '', supervisor: 'regulator', onExpiry: 'return' as 'return' | 'burn' });
  const set = (k: keyof typeof v) => (x: string | boolean) => setV((old) => ({ ...old, [k]: x }));
  const send = async () => {
    const cap = parseWhole(v.cap);
    const days = parseWhole(v.days);
    const minUnit = v.divisible && v.minUnit.trim() !== '' ? parseWhole(v.minUnit) : undefined;
    const holders = parseWho(v.holders);
    const merchants = v.merchants.trim() === '' ? undefined : parseWho(v.merchants);
    const redeem = v.redeem.trim() === '' ? undefined : parseWho(v.redeem);
    const transfer = parseTransfer(v.transfer);
    if (cap === undefined || days === undefined || (v.divisible && v.minUnit.trim() !== '' && minUnit === undefined)) throw new ConsoleError(f.badNumber);
    if (holders === undefined || transfer === undefined || (v.merchants.trim() !== '' && merchants === undefined) || (v.redeem.trim() !== '' && redeem === undefined)) throw new ConsoleError(f.badSelector);
    // The expiry counts from the chain's time (a dev node's clock may run ahead of this computer's).
    const now = Date.parse((await session.client.status()).time);
    const categories = v.categories.split(',').map((x) => x.trim()).filter((x) => x !== '');
    const data = await sendTx<{ class: number; status: string }>(session, (s) =>
      createVoucherClassTx({
        ...s,
        voucherClass: { name: v.name.trim(), unit: v.unit.trim(), cap, divisible: v.divisible, ...(minUnit === undefined ? {} : { minUnit }), expires: now + days * DAY_MS, holders, ...(merchants === undefined ? {} : { merchants }), categories, transfer, ...(redeem === undefined ? {} : { redeem }), supervisor: v.supervisor.trim(), onExpiry: v.onExpiry },
      }),
    );
    return f.created(data.class, data.status === 'pending');
  };
  return (
    <TxForm id="create-class" title={f.title} intro={f.intro(org)} button={f.button} ready={v.name.trim() !== '' && v.cap.trim() !== ''} send={send} onDone={changed}>
      <TextField id="class-name" label={f.name} value={v.name} onChange={set('name')} required maxLength={200} />
      <TextField id="class-unit" label={f.unit} hint={f.unitHint} value={v.unit} onChange={set('unit')} required />
      <TextField id="class-cap" label={f.cap} hint={f.capHint} value={v.cap} onChange={set('cap')} inputMode="numeric" required />
      <Choice id="class-divisible" type="checkbox" label={f.divisible} checked={v.divisible} onChange={set('divisible')} />
      {v.divisible && <TextField id="class-min-unit" label={f.minUnit} value={v.minUnit} onChange={set('minUnit')} inputMode="numeric" />}
      <TextField id="class-days" label={f.days} hint={f.daysHint} value={v.days} onChange={set('days')} inputMode="numeric" required />
      <TextField id="class-holders" label={f.holders} hint={f.selectorHint} value={v.holders} onChange={set('holders')} required />
      <TextField id="class-merchants" label={f.merchants} hint={f.merchantsHint} value={v.merchants} onChange={set('merchants')} />
      <TextField id="class-categories" label={f.categories} hint={f.categoriesHint} value={v.categories} onChange={set('categories')} />
      <TextField id="class-transfer" label={f.transfer} hint={f.transferHint} value={v.transfer} onChange={set('transfer')} required />
      <TextField id="class-redeem" label={f.redeem} hint={f.redeemHint} value={v.redeem} onChange={set('redeem')} />
      <TextField id="class-supervisor" label={f.supervisor} hint={f.supervisorHint} value={v.supervisor} onChange={set('supervisor')} required />
      <SelectField id="class-on-expiry" label={f.onExpiry} value={v.onExpiry} onChange={set('onExpiry')} options={[['return', f.onExpiryReturn] as const, ['burn', f.onExpiryBurn] as const]} />
    </TxForm>
  );
}

/** A select of classes by number and name. */
export function ClassSelect({ id, label, classes, value, onChange }: { id: string; label: string; classes: readonly { id: number; name: string }[]; value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return <SelectField id={id} label={label} value={value} onChange={onChange} options={classes.map((c) => [String(c.id), t.vouchers.classes.cardTitle(c.id, c.name)] as const)} />;
}

function RegisterMerchantForm({ session, classes, changed }: { session: Session; classes: readonly VoucherClassJson[]; changed: () => void }) {
  const { t } = useI18n();
  const f = t.vouchers.register;
  const [cls, setCls] = useState(String(classes[0]!.id));
  const [merchant, setMerchant] = useState('');
  const [category, setCategory] = useState('');
  const c = classes.find((x) => String(x.id) === cls) ?? classes[0]!;
  const cat = c.categories.includes(category) ? category : c.categories[0]!;
  const send = async () => {
    await sendTx(session, (s) => registerMerchantTx({ ...s, class: c.id, merchant: merchant.trim(), category: cat }));
    return f.done(merchant.trim(), cat, c.id);
  };
  return (
    <TxForm id="register-merchant" title={f.title} intro={f.intro} button={f.button} ready={merchant.trim() !== ''} send={send} onDone={changed}>
      <ClassSelect id="register-class" label={f.class} classes={classes} value={String(c.id)} onChange={setCls} />
      <TextField id="register-merchant-account" label={f.merchant} value={merchant} onChange={setMerchant} required />
      <SelectField id="register-category" label={f.category} value={cat} onChange={setCategory} options={c.categories.map((x) => [x, x] as const)} />
    </TxForm>
  );
}

function IssueForm({ session, classes, changed }: { session: Session; classes: readonly VoucherClassJson[]; changed: () => void }) {
  const { t } = useI18n();
  const f = t.vouchers.issue;
  const [cls, setCls] = useState(String(classes[0]!.id));
  const [batch, setBatch] = useState(false);
  const [holder, setHolder] = useState('');
  const [amount, setAmount] = useState('');
  const [lines, setLines] = useState('');
  const c = classes.find((x) => String(x.id) === cls) ?? classes[0]!;
  const send = async () => {
    let to: { holder: string; amount: number }[];
    if (batch) {
      const parsed = parseBatch(lines);
      if ('badLine' in parsed) throw new ConsoleError(f.badLine(parsed.badLine));
      to = parsed.to;
    } else {
      const n = parseWhole(amount);
      if (n === undefined) throw new ConsoleError(t.vouchers.create.badNumber);
      to = [{ holder: holder.trim(), amount: n }];
    }
    const data = await sendTx<{ vouchers: number[] }>(session, (s) => issueVouchersTx({ ...s, class: c.id, to }));
    return f.done(data.vouchers, c.id);
  };
  return (
    <TxForm id="issue" title={f.title} intro={f.intro} button={f.button} ready={batch ? lines.trim() !== '' : holder.trim() !== '' && amount.trim() !== ''} send={send} onDone={changed}>
      <ClassSelect id="issue-class" label={f.class} classes={classes} value={String(c.id)} onChange={setCls} />
      <fieldset>
        <legend>{f.how}</legend>
        <Choice id="issue-single" name="issue-how" label={f.single} checked={!batch} onChange={() => setBatch(false)} />
        <Choice id="issue-batch" name="issue-how" label={f.batch} checked={batch} onChange={() => setBatch(true)} />
      </fieldset>
      {batch ? (
        <TextAreaField id="issue-lines" label={f.lines} hint={f.linesHint(c.unit)} value={lines} onChange={setLines} />
      ) : (
        <>
          <TextField id="issue-holder" label={f.holder} value={holder} onChange={setHolder} required />
          <TextField id="issue-amount" label={f.amount(c.unit)} value={amount} onChange={setAmount} inputMode="numeric" required />
        </>
      )}
    </TxForm>
  );
}
