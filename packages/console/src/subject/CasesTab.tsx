// The subject's cases, followed to their end: its objections (GET /v1/subjects/:ref/objections)
// with the source's answer, the appeal and the regulator's decision, and its repair applications
// with their decisions (GET /v1/subjects/:ref/repairs), and its complaints about members with
// their rulings, and a new one (Complaints.tsx).
import type { RepairJson } from '@creditchain/sdk';
import { useI18n, word } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { ObjectionCard } from '../report/ObjectionCard.js';
import { AppealForm } from './AppealForm.js';
import { Complaints } from './Complaints.js';
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
      <Complaints me={me} />
    </>
  );
}

function Repairs({ me }: { me: Me }) {
  const { t } = useI18n();
  const f = t.subject.cases;
  const c = me.session.client;
  // Every application about this subject, newest first (GET /v1/subjects/:ref/repairs).
  const repairs = useAsync(() => c.subjectRepairs(me.ref).then((r) => r.repairs), [c, me.ref, me.version]);
  return (
    <Section id="repairs" title={f.repairs} intro={f.repairsIntro}>
      {repairs.state === 'done' && repairs.value.length === 0 && <p>{f.noRepairs}</p>}
      {repairs.state === 'done' && (
        <ul className="cards">
          {repairs.value.map((a) => (
            <RepairCard key={a.id} application={a} />
          ))}
        </ul>
      )}
      {repairs.state === 'failed' && <ErrorNote failure={repairs.failure} />}
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
