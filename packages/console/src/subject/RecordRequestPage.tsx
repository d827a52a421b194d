// A subject's request about one of its records (/me/records/:id/object|repair): an objection
// (disputes.object: reasons, evidence optional) or a repair application (repair.apply: reasons,
// evidence required). The evidence file is hashed in this browser; its hash and name go beside the
// transaction as a sidecar, the file itself is never sent.
import { useState, type FormEvent } from 'react';
import { applyRepairTx, objectTx } from '@creditchain/sdk';
import { Link, paths } from '../app/router.js';
import type { RecordRequestKind } from '../app/routes.js';
import type { Session } from '../app/session.js';
import { resultId, signAndSubmit } from '../app/submit-tx.js';
import { MAX_REASON } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { RecordCard } from '../report/RecordCard.js';
import { ErrorNote } from '../ui/errors.js';
import { TextAreaField } from '../ui/form-fields.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { EvidenceField, useEvidence } from './EvidenceField.js';
import { useMe } from './SubjectPortal.js';

export function RecordRequestPage({ kind, record }: { kind: RecordRequestKind; record: number }) {
  const me = useMe();
  return 'blocked' in me ? me.blocked : <RequestForm session={me} kind={kind} record={record} />;
}

type Filed = { readonly kind: 'object'; readonly id: number; readonly deadline: string } | { readonly kind: 'repair'; readonly id: number };

function RequestForm({ session, kind, record }: { session: Session; kind: RecordRequestKind; record: number }) {
  const { t, formatTime } = useI18n();
  const f = t.subject.request;
  const c = session.client;
  const [reason, setReason] = useState('');
  const evidence = useEvidence();
  const filing = useAction<Filed>();
  // Read again once filed: an objection shows on the record as its disputed flag.
  const rec = useAsync(() => c.record(record), [c, record, filing.status.state === 'done']);

  const { ready } = evidence;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void filing.run(async () => {
      if (kind === 'object') {
        const reply = await signAndSubmit(c, session.key, (signer) => objectTx({ ...signer, record, reason, ...(ready === undefined ? {} : { evidence: ready.payload }) }));
        const deadline = (reply.data as { deadline?: unknown } | undefined)?.deadline;
        return { kind, id: resultId(reply, 'objection') ?? 0, deadline: typeof deadline === 'number' ? new Date(deadline).toISOString() : '' };
      }
      const reply = await signAndSubmit(c, session.key, (signer) => applyRepairTx({ ...signer, record, reason, evidence: ready!.payload }));
      const id = resultId(reply, 'application') ?? 0;
      return { kind, id };
    });
  };

  return (
    <>
      <h1>{kind === 'object' ? f.objectTitle(record) : f.repairTitle(record)}</h1>
      <p className="intro">{kind === 'object' ? f.objectIntro : f.repairIntro}</p>
      {rec.state === 'failed' && <ErrorNote failure={rec.failure} />}
      {rec.state === 'done' && (
        <ul className="cards">
          <RecordCard record={rec.value} />
        </ul>
      )}
      <form onSubmit={submit} className="portal-form">
        <TextAreaField id="request-reason" label={f.reason} hint={kind === 'object' ? f.objectReasonHint : f.repairReasonHint} value={reason} onChange={setReason} required maxLength={MAX_REASON} />
        <EvidenceField id="request-evidence" label={kind === 'object' ? f.evidenceOptional : f.evidenceRequired} required={kind === 'repair'} evidence={evidence} />
        <button type="submit" disabled={filing.working || reason.trim() === '' || evidence.hashing || (kind === 'repair' && ready === undefined) || filing.status.state === 'done'}>
          {kind === 'object' ? f.objectButton : f.repairButton}
        </button>
      </form>
      <ActionStatus status={filing.status} done={(v) => (v.kind === 'object' ? f.objected(v.id, v.deadline === '' ? '' : formatTime(v.deadline)) : f.applied(v.id))} testId="request-status" />
      {filing.status.state === 'done' && <Link to={paths.subject('cases')}>{f.follow}</Link>}
      <p>
        <Link to={paths.subject('report')}>{f.back}</Link>
      </p>
    </>
  );
}
