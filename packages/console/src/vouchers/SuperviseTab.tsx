// Supervision: every movement of a class (a signed read for its supervisor's and issuer's accounts
// and regulators), freezing and unfreezing a voucher or the whole class (its supervisor), and a
// voucher's full trace from issue to redemption — fetched with its proofs and verified here, in
// this browser, with the SDK's verifyVoucherTrace: the checkpoint's signature, every state entry's
// proof, and the trace rebuilt from the proven entries alone. Open to whoever the node serves the
// trace to (the issuer, the supervisor, regulators, anyone who held a voucher of its lineage).
import { useState, type FormEvent } from 'react';
import type { MovementJson, VoucherClassJson } from '@creditchain/ledger';
import { freezeVoucherTx, verifyVoucherTrace, type VerifiedVoucherTrace } from '@creditchain/sdk';
import { nodeTrust, useNodeInfo } from '../app/node-info.js';
import type { Session } from '../app/session.js';
import { useI18n, word } from '../i18n/i18n.js';
import { ConsoleError, ErrorNote } from '../ui/errors.js';
import { Choice, TextField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { Table } from '../ui/Table.js';
import { useAsync } from '../ui/use-async.js';
import { ProvenVerdict, useProvenRead } from '../ui/use-proven-read.js';
import { ClassSelect } from './ClassesTab.js';
import { VoucherCard } from './HoldingsTab.js';
import { sendTx, TxForm, useVoucherClasses, type TabProps } from './shared.js';
import { parseWhole } from './voucher-forms.js';

export function SuperviseTab({ session, version, changed }: TabProps & { session: Session }) {
  const { t } = useI18n();
  const f = t.vouchers.supervise;
  const classes = useVoucherClasses(version);
  const org = session.account.org;
  const regulator = session.account.roles.includes('regulator');
  const watched = classes.state === 'done' ? classes.value.filter((c) => regulator || (org !== null && (c.supervisor === org || c.issuer === org))) : [];
  const supervised = watched.filter((c) => c.supervisor === org);
  return (
    <>
      {classes.state === 'failed' && <ErrorNote failure={classes.failure} />}
      {watched.length > 0 && <Movements session={session} classes={watched} version={version} />}
      {supervised.length > 0 && <FreezeForm session={session} classes={supervised} changed={changed} />}
      <Section id="trace" title={f.traceTitle} intro={f.traceIntro}>
        <TraceForm session={session} />
      </Section>
    </>
  );
}

function Movements({ session, classes, version }: { session: Session; classes: readonly VoucherClassJson[]; version: number }) {
  const { t } = useI18n();
  const f = t.vouchers.supervise;
  const [cls, setCls] = useState(String(classes[0]!.id));
  const c = classes.find((x) => String(x.id) === cls) ?? classes[0]!;
  const moves = useAsync(() => session.client.voucherMovements(c.id), [session.client, c.id, version]);
  return (
    <Section id="movements" title={f.movementsTitle} intro={f.movementsIntro}>
      <ClassSelect id="movements-class" label={f.class} classes={classes} value={String(c.id)} onChange={setCls} />
      {moves.state === 'loading' && <p>{t.common.loading}</p>}
      {moves.state === 'failed' && <ErrorNote failure={moves.failure} />}
      {moves.state === 'done' && (moves.value.movements.length === 0 ? <p role="status">{f.noMovements}</p> : <MovementTable id="movements-table" caption={f.movementsCaption(c.id, moves.value.height)} movements={moves.value.movements} unit={c.unit} />)}
    </Section>
  );
}

/** Movements in a table: when, what, which voucher, how much, from whom to whom, by whom. */
function MovementTable({ id, caption, movements, unit }: { id: string; caption: string; movements: readonly MovementJson[]; unit: string }) {
  const { t, formatTime } = useI18n();
  const f = t.vouchers.supervise;
  return (
    <Table testId={id} caption={caption} columns={f.columns}>
      {movements.map((m) => (
        <tr key={m.id}>
          <td>
            {formatTime(m.time)} · {m.height}
          </td>
          <td>{word(f.kinds, m.kind)}</td>
          <td>{m.voucher === null ? f.wholeClass(m.class) : `#${m.voucher}`}{m.related.length > 0 && ` (${m.related.map((r) => `#${r}`).join(', ')})`}</td>
          <td>
            {m.amount} {unit}
          </td>
          <td>
            {m.from ?? '—'} → {m.to ?? (m.kind === 'expire' ? f.burnt : '—')}
          </td>
          <td>{m.by ?? f.theChain}</td>
        </tr>
      ))}
    </Table>
  );
}

function FreezeForm({ session, classes, changed }: { session: Session; classes: readonly VoucherClassJson[]; changed: () => void }) {
  const { t } = useI18n();
  const f = t.vouchers.freeze;
  const [freeze, setFreeze] = useState(true);
  const [whole, setWhole] = useState(false);
  const [cls, setCls] = useState(String(classes[0]!.id));
  const [voucher, setVoucher] = useState('');
  const send = async () => {
    const id = whole ? Number(cls) : parseWhole(voucher);
    if (id === undefined) throw new ConsoleError(f.badVoucher);
    await sendTx(session, (s) => freezeVoucherTx({ ...s, freeze, ...(whole ? { class: id } : { voucher: id }) }));
    return f.done(freeze, whole, id);
  };
  return (
    <Section id="freeze" title={f.title} intro={f.intro}>
      <TxForm id="freeze-form" title={f.formTitle} button={freeze ? f.freezeButton : f.unfreezeButton} ready={whole || voucher.trim() !== ''} send={send} onDone={changed}>
        <fieldset>
          <legend>{f.what}</legend>
          <Choice id="freeze-on" name="freeze-what" label={f.freeze} checked={freeze} onChange={() => setFreeze(true)} />
          <Choice id="freeze-off" name="freeze-what" label={f.unfreeze} checked={!freeze} onChange={() => setFreeze(false)} />
        </fieldset>
        <Choice id="freeze-whole" type="checkbox" label={f.wholeClass} checked={whole} onChange={setWhole} />
        {whole ? <ClassSelect id="freeze-class" label={f.class} classes={classes} value={cls} onChange={setCls} /> : <TextField id="freeze-voucher" label={f.voucher} value={voucher} onChange={setVoucher} inputMode="numeric" required />}
      </TxForm>
    </Section>
  );
}

function TraceForm({ session }: { session: Session }) {
  const { t } = useI18n();
  const f = t.vouchers.supervise;
  const { info } = useNodeInfo();
  const [voucher, setVoucher] = useState('');
  const { read, run } = useProvenRead<VerifiedVoucherTrace>();
  const open = (e: FormEvent) => {
    e.preventDefault();
    const id = parseWhole(voucher);
    if (id === undefined || info === undefined) return;
    void run(() => session.client.voucherTrace(id), (file) => verifyVoucherTrace(file, nodeTrust(info)));
  };
  return (
    <>
      <form onSubmit={open} className="inline-form">
        <TextField id="trace-voucher" label={f.traceVoucher} value={voucher} onChange={setVoucher} inputMode="numeric" required />
        <button type="submit" disabled={read.state === 'working' || parseWhole(voucher) === undefined || info === undefined}>
          {f.traceButton}
        </button>
      </form>
      <ProvenVerdict read={read} testId="trace-verdict" working={f.tracing} notProven={f.notVerified} proven={(v) => <TraceView v={v} />} />
    </>
  );
}

function TraceView({ v }: { v: VerifiedVoucherTrace }) {
  const { t } = useI18n();
  const f = t.vouchers.supervise;
  const tr = v.trace;
  return (
    <>
      <p className="note note-ok" role="status">
        {f.verified(tr.voucher, v.entries, v.height, v.signedBy.join(', '))} {tr.settled ? f.settled : f.unsettled}
      </p>
      <p>{f.traceOf(tr.voucher, tr.class.id, tr.class.name, tr.class.issuer, tr.class.supervisor)}</p>
      <ul className="cards">
        {tr.vouchers.map((x) => (
          <VoucherCard key={x.id} v={x} c={tr.class} />
        ))}
      </ul>
      <MovementTable id="trace-movements" caption={f.traceCaption(tr.voucher)} movements={tr.movements} unit={tr.class.unit} />
    </>
  );
}
