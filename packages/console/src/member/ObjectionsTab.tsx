// Objections to the organisation's records: its queue of open ones (GET /v1/orgs/:id/objections),
// each with its deadline and the answer (disputes.answer) — rejected with reasons, or upheld, the
// record revoked or corrected; and below, every objection about one subject the member names
// (GET /v1/subjects/:ref/objections: a member sees those to its own records), to follow each case.
import { useState, type FormEvent } from 'react';
import { answerObjectionTx, type ObjectionJson, type RecordSettlement } from '@creditchain/sdk';
import type { Session } from '../app/session.js';
import { signAndSubmit } from '../app/submit-tx.js';
import { MAX_REASON } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { ObjectionCard } from '../report/ObjectionCard.js';
import { CorrectionFields, correctionChanges, correctsNothing, UNCORRECTED, type Correction } from '../ui/CorrectionFields.js';
import { Choice, TextAreaField } from '../ui/form-fields.js';
import { AsyncCards } from '../ui/Cards.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { SubjectCards, useSubjectList } from './SubjectLookup.js';

export function ObjectionsTab({ session, org }: { session: Session; org: string }) {
  const { t } = useI18n();
  const c = session.client;
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  // The organisation's queue: every open objection to its records (GET /v1/orgs/:id/objections).
  const open = useAsync(() => c.orgObjections(org).then((r) => r.objections), [c, org, version]);
  const objections = useSubjectList(async (ref) => (await c.subjectObjections(ref)).objections, [c, version]);
  const card = (o: ObjectionJson) => (
    <ObjectionCard key={o.id} objection={o}>
      {o.status === 'open' && <AnswerForm session={session} objection={o} onDone={reload} />}
    </ObjectionCard>
  );
  return (
    <>
      <Section id="member-open-objections" title={t.member.objections.queueTitle} intro={t.member.objections.queueIntro}>
        <AsyncCards list={open} empty={t.member.objections.queueNone} render={card} />
      </Section>
      <Section id="member-objections" title={t.member.objections.title} intro={t.member.objections.intro}>
        <SubjectCards id="objections-subject" subjects={objections} empty={t.member.objections.none} render={(o) => <ObjectionCard key={o.id} objection={o} />} />
      </Section>
    </>
  );
}

type Decision = 'reject' | 'revoke' | 'correct';

function AnswerForm({ session, objection: o, onDone }: { session: Session; objection: ObjectionJson; onDone: () => void }) {
  const { t } = useI18n();
  const f = t.member.objections;
  const [decision, setDecision] = useState<Decision>('reject');
  const [reason, setReason] = useState('');
  const [correction, setCorrection] = useState<Correction>(UNCORRECTED);
  const answer = useAction<Decision>();
  const id = (x: string) => `answer-${o.id}-${x}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const settlement: Exclude<RecordSettlement, { outcome: 'confirm' }> = decision === 'correct' ? { outcome: 'correct', changes: correctionChanges(correction) } : { outcome: 'revoke' };
    void answer.run(async () => {
      await signAndSubmit(session.client, session.key, (signer) =>
        answerObjectionTx({ ...signer, objection: o.id, reason, ...(decision === 'reject' ? { decision: 'rejected' as const } : { decision: 'upheld' as const, settlement }) }),
      );
      onDone();
      return decision;
    });
  };

  return (
    <form onSubmit={submit} className="portal-form">
      <fieldset>
        <legend>{f.answer(o.id)}</legend>
        {(['reject', 'revoke', 'correct'] as const).map((d) => (
          <Choice key={d} id={id(d)} name={id('decision')} label={f.decisions[d]} checked={decision === d} onChange={() => setDecision(d)} />
        ))}
        {decision === 'correct' && <CorrectionFields id={`answer-${o.id}`} value={correction} onChange={setCorrection} />}
      </fieldset>
      <TextAreaField id={id('reason')} label={f.reason} value={reason} onChange={setReason} required maxLength={MAX_REASON} />
      <button type="submit" disabled={answer.working || reason.trim() === '' || (decision === 'correct' && correctsNothing(correction))}>
        {f.button}
      </button>
      <ActionStatus status={answer.status} />
    </form>
  );
}
