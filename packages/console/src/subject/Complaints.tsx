// The subject's complaints about members' conduct (GET /v1/subjects/:ref/complaints), each
// followed to the arbiter's ruling, and a new complaint (disputes.complain) signed in this
// browser: which member, about what, and why, with an evidence file if there is one — hashed
// here, its hash committed in the complaint and its {document, name} the sidecar; the file is never sent.
import { useState, type FormEvent } from 'react';
import { complainTx, type ComplaintAbout, type ComplaintJson } from '@creditchain/sdk';
import { signAndSubmit, resultId } from '../app/submit-tx.js';
import { MAX_REASON } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';
import { SelectField, TextAreaField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { EvidenceField, useEvidence } from './EvidenceField.js';
import { useMine, type Me } from './SubjectPortal.js';

const ABOUT: readonly ComplaintAbout[] = ['unauthorised-query', 'record-kept-after-upheld-objection', 'wrong-record', 'other'];

function ComplaintCard({ complaint: x }: { complaint: ComplaintJson }) {
  const { t } = useI18n();
  const f = t.regulator;
  const g = t.subject.complaints;
  return (
    <Card testId={`complaint-${x.id}`} title={f.complaintTitle(x.id, x.org)} badges={[[x.status, g.status[x.status]]]}>
      <Fields
        rows={[
          [f.about, f.aboutWords[x.about]],
          [f.filed, f.filedAt(x.height, x.reason)],
          [f.evidence, x.evidence === null ? undefined : <Hash value={x.evidence} />, `complaint-${x.id}-evidence`],
          [g.ruling, x.decision === null ? g.awaiting : t.objection.step(x.decision.by, x.decision.height, undefined, x.decision.reason), `complaint-${x.id}-ruling`],
        ]}
      />
    </Card>
  );
}

export function Complaints({ me }: { me: Me }) {
  const { t } = useI18n();
  const g = t.subject.complaints;
  const complaints = useMine(me, async (c, ref) => (await c.subjectComplaints(ref)).complaints);
  return (
    <Section id="complaints" title={g.title} intro={g.intro}>
      <AsyncCards list={complaints} empty={g.none} render={(x) => <ComplaintCard key={x.id} complaint={x} />} />
      <ComplaintForm me={me} />
    </Section>
  );
}

function ComplaintForm({ me }: { me: Me }) {
  const { t } = useI18n();
  const g = t.subject.complaints;
  const c = me.session.client;
  const orgs = useAsync(() => c.orgs().then((r) => r.orgs), [c]);
  const [org, setOrg] = useState('');
  const [about, setAbout] = useState<ComplaintAbout>('unauthorised-query');
  const [reason, setReason] = useState('');
  const evidence = useEvidence();
  const filing = useAction<number>();
  const chosen = org !== '' ? org : orgs.state === 'done' ? (orgs.value[0]?.id ?? '') : '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void filing.run(async () => {
      const reply = await signAndSubmit(c, me.session.key, (signer) => complainTx({ ...signer, org: chosen, about, reason: reason.trim(), ...(evidence.ready === undefined ? {} : { evidence: evidence.ready.payload }) }));
      setReason('');
      me.refresh();
      return resultId(reply, 'complaint') ?? 0;
    });
  };
  return (
    <form onSubmit={submit} className="portal-form">
      <h3>{g.fileTitle}</h3>
      <SelectField id="complaint-org" label={g.org} value={chosen} onChange={setOrg} options={orgs.state === 'done' ? orgs.value.map((o) => [o.id, `${o.name} (${o.id})`] as const) : []} />
      <SelectField id="complaint-about" label={g.about} value={about} onChange={setAbout} options={ABOUT.map((a) => [a, t.regulator.aboutWords[a]] as const)} />
      <TextAreaField id="complaint-reason" label={g.reason} value={reason} onChange={setReason} required maxLength={MAX_REASON} />
      <EvidenceField id="complaint-evidence" label={g.evidence} evidence={evidence} testId="complaint-evidence-hash" />
      <button type="submit" disabled={filing.working || chosen === '' || reason.trim() === '' || evidence.hashing}>
        {g.button}
      </button>
      <ActionStatus status={filing.status} done={(id) => g.filed(id)} testId="complaint-status" />
    </form>
  );
}
