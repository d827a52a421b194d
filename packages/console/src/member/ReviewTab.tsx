// Review the organisation's pending records (credit.review): its review queue (GET
// /v1/orgs/:id/records?status=pending, newest first) — a reviewer, another account than the one
// that submitted, publishes each or rejects it with a reason.
import { useState, type FormEvent } from 'react';
import { buildReviewTx, type RecordJson } from '@creditchain/sdk';
import type { Session } from '../app/session.js';
import { signAndSubmit } from '../app/submit-tx.js';
import { MAX_REASON } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { RecordCard } from '../report/RecordCard.js';
import { AsyncCards } from '../ui/Cards.js';
import { TextAreaField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, DoneNote, useAction } from '../ui/use-action.js';

export function ReviewTab({ session, org }: { session: Session; org: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const c = session.client;
  const records = useAsync(() => c.orgRecords(org).then((r) => r.records), [c, org, version]);
  return (
    <Section id="review" title={t.member.review.title} intro={t.member.review.intro}>
      <DoneNote message={done} testId="review-status" />
      <AsyncCards
        list={records}
        empty={t.member.review.none}
        render={(r) => (
          <RecordCard key={r.id} record={r}>
            <ReviewForm session={session} record={r} onDone={(message) => (setDone(message), setVersion((v) => v + 1))} />
          </RecordCard>
        )}
      />
    </Section>
  );
}

/** Publish or reject one record; once done the record leaves the pending list, and `onDone` says what was done. */
function ReviewForm({ session, record, onDone }: { session: Session; record: RecordJson; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const f = t.member.review;
  const [reason, setReason] = useState('');
  const review = useAction<void>();
  const decide = (decision: 'publish' | 'reject') =>
    review.run(async () => {
      await signAndSubmit(session.client, session.key, (signer) => buildReviewTx(signer, [record.id], decision, reason.trim() === '' ? undefined : reason));
      onDone(decision === 'publish' ? f.published(record.id) : f.rejected(record.id));
    });
  const submit = (e: FormEvent) => e.preventDefault();
  const mine = record.submitter === session.account.name;
  return (
    <form onSubmit={submit} className="portal-form">
      {mine && <p className="note note-info">{f.ownRecord}</p>}
      <TextAreaField id={`review-${record.id}-reason`} label={f.reason} hint={f.reasonHint} value={reason} onChange={setReason} maxLength={MAX_REASON} />
      <p className="actions">
        <button type="button" onClick={() => void decide('publish')} disabled={review.working} aria-label={f.publishLabel(record.id)}>
          {f.publish}
        </button>
        <button type="button" className="danger" onClick={() => void decide('reject')} disabled={review.working || reason.trim() === ''} aria-label={f.rejectLabel(record.id)}>
          {f.reject}
        </button>
      </p>
      <ActionStatus status={review.status} />
    </form>
  );
}
