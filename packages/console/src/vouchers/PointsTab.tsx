// Community credit points: a class's rule table (reason → points) and benefits, public; the
// published ranking, by pseudonym only; a household's balance and history (a signed read: the
// household's own account sees its own; the class's recorders and supervisor, and regulators,
// any household by its reference); a recorder awards or deducts by a rule of the table — the rule
// is the reason —; a household's own account spends its points on a benefit.
import { useState } from 'react';
import { CreditChainError, fromHex } from '@creditchain/core';
import { pointsEntryTx, usePointsTx, type HouseholdPointsReply, type PointsClassReply } from '@creditchain/sdk';
import { client } from '../app/node-client.js';
import type { Session } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { SubjectRefField } from '../member/SubjectRefField.js';
import { ErrorNote } from '../ui/errors.js';
import { SelectField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { Stat } from '../ui/Stat.js';
import { Table } from '../ui/Table.js';
import { useAsync } from '../ui/use-async.js';
import { ClassSelect } from './ClassesTab.js';
import { sendTx, TxForm, type TabProps } from './shared.js';

/** Most points classes the page looks for. */
const MAX_POINTS_CLASSES = 100;
const HEX32 = /^[0-9a-f]{64}$/;

/** Every points class: the API lists none, so the page reads 1, 2, … until one is missing. */
async function loadPointsClasses(): Promise<PointsClassReply[]> {
  const found: PointsClassReply[] = [];
  for (let id = 1; id <= MAX_POINTS_CLASSES; id++) {
    try {
      found.push(await client.pointsClass(id));
    } catch (e) {
      if (e instanceof CreditChainError && e.code === 'POINTS_CLASS_NOT_FOUND') break;
      throw e;
    }
  }
  return found;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function PointsTab({ session, version, changed }: TabProps & { session: Session | undefined }) {
  const { t } = useI18n();
  const f = t.vouchers.points;
  const classes = useAsync(loadPointsClasses, [version]);
  const [cls, setCls] = useState('');
  if (classes.state === 'loading') return <p>{t.common.loading}</p>;
  if (classes.state === 'failed') return <ErrorNote failure={classes.failure} />;
  if (classes.value.length === 0) return <p role="status">{f.none}</p>;
  const c = classes.value.find((x) => String(x.id) === cls) ?? classes.value[0]!;
  return (
    <>
      <Section id="points-class" title={f.title} intro={f.intro}>
        <ClassSelect id="points-class-select" label={f.class} classes={classes.value} value={String(c.id)} onChange={setCls} />
        <p>{f.about(c.issuer, c.supervisor)}</p>
        <ul data-testid="points-rules">
          {c.rules.map((r) => (
            <li key={r.code}>
              {f.rule(r.label, r.code, signed(r.points))}
            </li>
          ))}
          {c.benefits.map((b) => (
            <li key={b.code}>{f.benefit(b.label, b.code, b.cost)}</li>
          ))}
        </ul>
      </Section>
      {session !== undefined && <Household key={c.id} session={session} c={c} version={version} changed={changed} />}
      {session !== undefined && session.account.org !== null && <RecordForm key={`record-${c.id}`} session={session} c={c} changed={changed} />}
      <Ranking id={c.id} version={version} />
    </>
  );
}

function Household({ session, c, version, changed }: { session: Session; c: PointsClassReply; version: number; changed: () => void }) {
  const { t } = useI18n();
  const f = t.vouchers.points;
  const own = session.account.subject;
  const [typed, setTyped] = useState('');
  const ref = own ?? typed.trim().toLowerCase();
  const data = useAsync<HouseholdPointsReply | undefined>(() => (HEX32.test(ref) ? session.client.householdPoints(c.id, ref) : Promise.resolve(undefined)), [session.client, c.id, ref, version]);
  return (
    <Section id="household" title={own === null ? f.householdTitle : f.ownTitle} intro={own === null ? f.householdIntro : f.ownIntro}>
      {own === null && <SubjectRefField id="household-ref" value={typed} onChange={setTyped} />}
      {data.state === 'loading' && <p>{t.common.loading}</p>}
      {data.state === 'failed' && <ErrorNote failure={data.failure} />}
      {data.state === 'done' && data.value !== undefined && <HouseholdView h={data.value} />}
      {own !== null && c.benefits.length > 0 && <UseForm session={session} c={c} household={own} changed={changed} />}
    </Section>
  );
}

function HouseholdView({ h }: { h: HouseholdPointsReply }) {
  const { t, formatTime } = useI18n();
  const f = t.vouchers.points;
  return (
    <>
      <dl className="stats">
        <Stat label={f.balance} value={h.balance} testId="points-balance" />
        <Stat label={f.awarded} value={h.awarded} />
        <Stat label={f.deducted} value={h.deducted} />
        <Stat label={f.used} value={h.used} />
      </dl>
      <p className="muted">{f.pseudonym(h.pseudonym, h.height)}</p>
      {h.history.length === 0 ? (
        <p role="status">{f.noHistory}</p>
      ) : (
        <Table testId="points-history" caption={f.history} columns={f.historyColumns}>
          {h.history.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.time)}</td>
              <td>{f.kinds[e.kind]}</td>
              <td>
                {e.label} ({e.code})
              </td>
              <td>{signed(e.points)}</td>
              <td>{e.by}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function RecordForm({ session, c, changed }: { session: Session; c: PointsClassReply; changed: () => void }) {
  const { t } = useI18n();
  const f = t.vouchers.points;
  const [household, setHousehold] = useState('');
  const [rule, setRule] = useState(c.rules[0]?.code ?? '');
  const r = c.rules.find((x) => x.code === rule) ?? c.rules[0];
  const ref = household.trim().toLowerCase();
  const send = async () => {
    const kind = r!.points > 0 ? 'award' : 'deduct';
    const data = await sendTx<{ points: number; balance: number }>(session, (s) => pointsEntryTx({ ...s, kind, class: c.id, household: fromHex(ref, 32), rule: r!.code }));
    return f.recorded(r!.label, signed(data.points), data.balance);
  };
  return (
    <Section id="record-points" title={f.recordTitle} intro={f.recordIntro}>
      <TxForm id="points-record" title={f.recordForm} button={f.recordButton} ready={r !== undefined && HEX32.test(ref)} send={send} onDone={changed}>
        <SubjectRefField id="points-household" value={household} onChange={setHousehold} />
        <SelectField id="points-rule" label={f.ruleLabel} value={r?.code ?? ''} onChange={setRule} options={c.rules.map((x) => [x.code, f.rule(x.label, x.code, signed(x.points))] as const)} />
      </TxForm>
    </Section>
  );
}

function UseForm({ session, c, household, changed }: { session: Session; c: PointsClassReply; household: string; changed: () => void }) {
  const { t } = useI18n();
  const f = t.vouchers.points;
  const [benefit, setBenefit] = useState(c.benefits[0]!.code);
  const b = c.benefits.find((x) => x.code === benefit) ?? c.benefits[0]!;
  const send = async () => {
    const data = await sendTx<{ balance: number }>(session, (s) => usePointsTx({ ...s, class: c.id, household: fromHex(household, 32), benefit: b.code }));
    return f.usedDone(b.label, b.cost, data.balance);
  };
  return (
    <TxForm id="points-use" title={f.useTitle} button={f.useButton} send={send} onDone={changed}>
      <SelectField id="points-benefit" label={f.benefitLabel} value={b.code} onChange={setBenefit} options={c.benefits.map((x) => [x.code, f.benefit(x.label, x.code, x.cost)] as const)} />
    </TxForm>
  );
}

function Ranking({ id, version }: { id: number; version: number }) {
  const { t } = useI18n();
  const f = t.vouchers.points;
  const ranking = useAsync(() => client.pointsRanking(id), [id, version]);
  return (
    <Section id="ranking" title={f.rankingTitle} intro={f.rankingIntro}>
      {ranking.state === 'loading' && <p>{t.common.loading}</p>}
      {ranking.state === 'failed' && <ErrorNote failure={ranking.failure} />}
      {ranking.state === 'done' &&
        (ranking.value.ranking.length === 0 ? (
          <p role="status">{f.noRanking}</p>
        ) : (
          <ol className="ranking" data-testid="points-ranking">
            {ranking.value.ranking.map((row) => (
              <li key={row.pseudonym}>{f.rankRow(row.rank, row.pseudonym, row.balance)}</li>
            ))}
          </ol>
        ))}
    </Section>
  );
}
