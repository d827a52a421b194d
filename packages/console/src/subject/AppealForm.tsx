// The subject appeals a rejected objection to the regulators (disputes.appeal), with its reasons;
// the record shows as disputed again until an arbiter decides.
import { useState, type FormEvent } from 'react';
import { appealTx } from '@creditchain/sdk';
import { signAndSubmit } from '../app/submit-tx.js';
import { MAX_REASON } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { TextAreaField } from '../ui/form-fields.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import type { Me } from './SubjectPortal.js';

export function AppealForm({ me, objection }: { me: Me; objection: number }) {
  const { t } = useI18n();
  const f = t.subject.appeal;
  const [reason, setReason] = useState('');
  const appeal = useAction<number>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void appeal.run(async () => {
      await signAndSubmit(me.session.client, me.session.key, (signer) => appealTx({ ...signer, objection, reason }));
      me.refresh();
      return objection;
    });
  };
  return (
    <form onSubmit={submit} className="portal-form">
      <TextAreaField id={`appeal-${objection}-reason`} label={f.reason(objection)} hint={f.hint} value={reason} onChange={setReason} required maxLength={MAX_REASON} />
      <button type="submit" className="secondary" disabled={appeal.working || reason.trim() === ''}>
        {f.button}
      </button>
      <ActionStatus status={appeal.status} done={(id) => f.done(id)} />
    </form>
  );
}
