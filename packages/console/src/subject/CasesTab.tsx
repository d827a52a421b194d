// The subject's cases, followed to their end: its objections (GET /v1/subjects/:ref/objections)
// with the source's answer, the appeal and the regulator's decision, and the repair applications
// it filed from this browser or looks up by number (GET /v1/repairs/:id; the API lists no
// subject's repairs, filed-repairs.ts).
import { useState, type FormEvent } from 'react';
import type { RepairJson } from '@creditchain/sdk';
import { useI18n, word } from '../i18n/i18n.js';
import { ErrorNote, failureOf } from '../ui/errors.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';
import { TextField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { useAction } from '../ui/use-action.js';
import { ObjectionCard } from '../report/ObjectionCard.js';
import { AppealForm } from './AppealForm.js';
import { filedRepairs, rememberRepair } from './filed-repairs.js';
import { useMine, type Me } from './SubjectPortal.js';

export function CasesTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const objections = useMine(me, async (c, ref) => (await c.subjectObjections(ref)).objections);
  return (
    <>
      <Section id="objections" title={t.subject.cases.objections}>
        <AsyncCards
          list={objections}
          empty={t.subject.cases.noObjections}
          render={(o) => (
            <ObjectionCard key={o.id} objection={o}>
              {o.status === 'rejected' && <AppealForm me={me} objection={o.id} />}
            </ObjectionCard>
          )}
        />
      </Section>
      <Repairs me={me} />
    </>
  );
}

function Repairs({ me }: { me: Me }) {
  const { t } = useI18n();
  const f = t.subject.cases;
  const [ids, setIds] = useState(() => filedRepairs(me.ref));
  const [lookup, setLookup] = useState('');
  const find = useAction<number>();
  const c = me.session.client;
  // Each on its own: a number that is not (or no longer) readable does not hide the others.
  const repairs = useAsync(() => Promise.all(ids.map((id) => c.repair(id).then((a) => ({ id, a }), (e: unknown) => ({ id, failure: failureOf(e) })))), [c, ids, me.version]);
  const add = (e: FormEvent) => {
    e.preventDefault();
    const id = Number(lookup);
    void find.run(async () => {
      await c.repair(id);
      setIds(rememberRepair(me.ref, id));
      setLookup('');
      return id;
    });
  };
  return (
    <Section id="repairs" title={f.repairs} intro={f.repairsIntro}>
      {ids.length === 0 && <p>{f.noRepairs}</p>}
      {repairs.state === 'done' && (
        <ul className="cards">
          {repairs.value.map((x) => ('a' in x ? <RepairCard key={x.id} application={x.a} /> : <li key={x.id}><ErrorNote failure={x.failure} title={f.repairTitle(x.id)} /></li>))}
        </ul>
      )}
      <form onSubmit={add} className="inline-form">
        <TextField id="repair-lookup" label={f.lookup} inputMode="numeric" pattern="[1-9][0-9]*" required value={lookup} onChange={setLookup} />
        <button type="submit" className="secondary" disabled={find.working}>
          {f.lookupButton}
        </button>
      </form>
      {find.status.state === 'failed' && <ErrorNote failure={find.status.failure} />}
    </Section>
  );
}

function RepairCard({ application: a }: { application: RepairJson }) {
  const { t } = useI18n();
  const f = t.subject.cases;
  return (
    <Card testId={`repair-${a.id}`} title={f.repairTitle(a.id)} badges={[[a.status, word(t.words.repairStatus, a.status)]]}>
      <Fields
        rows={[
          [f.record, `#${a.record}`],
          [f.applied, f.appliedAt(a.height, a.reason)],
          [f.decision, a.decidedBy === null ? f.awaiting(a.source) : f.decided(a.decidedBy, a.decided ?? 0, a.decision ?? '')],
        ]}
      />
    </Card>
  );
}
