// Submit one record (credit.submit) about a subject, by its reference: a category the
// organisation may source, the dates, the amount band, and details for the sidecar (which stays
// off chain; its commitment goes in the record). It waits for a reviewer of the organisation —
// another account — or, for some categories, a regulator.
import { useState, type FormEvent } from 'react';
import { buildSubmitRecordsTx } from '@creditchain/sdk';
import { useCategories, type CategoryInfo } from '../app/categories.js';
import type { Session } from '../app/session.js';
import { resultId, signAndSubmit } from '../app/submit-tx.js';
import { AMOUNT_BANDS } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { SelectField, TextField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { detailFields, recordFromForm, type RecordFormProblem } from './record-form.js';
import { SubjectRefField } from './SubjectRefField.js';

const today = () => new Date().toISOString().slice(0, 10);

export function SubmitTab({ session, org }: { session: Session; org: string }) {
  const { t, lang } = useI18n();
  const f = t.member.submit;
  const categories = useCategories();
  const orgInfo = useAsync(() => session.client.org(org), [session.client, org]);
  const [subject, setSubject] = useState('');
  const [kind, setKind] = useState<'person' | 'enterprise'>('person');
  const [code, setCode] = useState('');
  const [occurred, setOccurred] = useState(today);
  const [ended, setEnded] = useState('');
  const [band, setBand] = useState('0');
  const [publicityDays, setPublicityDays] = useState('');
  const [details, setDetails] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<RecordFormProblem | undefined>();
  const submit = useAction<{ id: number; review: CategoryInfo['review'] }>();

  // The categories this organisation may source about this kind of subject.
  const offered = categories.state === 'done' && orgInfo.state === 'done' ? categories.value.filter((c) => orgInfo.value.categories.includes(c.code) && c.subjects.includes(kind)) : [];
  const category = offered.find((c) => c.code === code) ?? offered[0];

  const send = (e: FormEvent) => {
    e.preventDefault();
    const record = recordFromForm({ subject, kind, category: category?.code ?? '', occurred, ended, amountBand: Number(band), publicityDays, details }, category);
    if ('problem' in record) return setProblem(record.problem);
    setProblem(undefined);
    void submit.run(async () => {
      const reply = await signAndSubmit(session.client, session.key, (signer) => buildSubmitRecordsTx(signer, [record]));
      return { id: resultId(reply, 'first') ?? 0, review: category!.review };
    });
  };

  return (
    <Section id="submit" title={f.title} intro={f.intro}>
      {orgInfo.state === 'failed' && <ErrorNote failure={orgInfo.failure} />}
      <form onSubmit={send} className="portal-form" noValidate>
        <SubjectRefField id="submit-subject" value={subject} onChange={setSubject} />
        <SelectField id="submit-kind" label={f.kind} value={kind} onChange={setKind} options={(['person', 'enterprise'] as const).map((k) => [k, t.words.subjectKinds[k]] as const)} />
        <SelectField id="submit-category" label={f.category} value={category?.code ?? ''} onChange={setCode} options={offered.map((c) => [c.code, `${lang === 'zh' ? c.nameZh : c.name} (${c.code})`] as const)} />
        <TextField id="submit-occurred" label={f.occurred} type="date" required value={occurred} onChange={setOccurred} />
        {category?.retention.kind === 'publicity' ? (
          <TextField id="submit-publicity" label={f.publicityDays} hint={f.publicityHint(category.retention.minDays, category.retention.maxDays)} type="number" min={category.retention.minDays} max={category.retention.maxDays} value={publicityDays} onChange={setPublicityDays} />
        ) : (
          <TextField id="submit-ended" label={f.ended} hint={f.endedHint} type="date" value={ended} onChange={setEnded} />
        )}
        <SelectField id="submit-band" label={f.amountBand} value={band} onChange={setBand} options={AMOUNT_BANDS.map((b, i) => [String(i), t.words.amountBands[b]] as const)} />
        <fieldset>
          <legend>{f.details}</legend>
          <p className="hint">{f.detailsHint}</p>
          {detailFields(category).map((field) => (
            <TextField key={field} id={`submit-detail-${field}`} label={f.detail(field)} value={details[field] ?? ''} onChange={(v) => setDetails((d) => ({ ...d, [field]: v }))} />
          ))}
        </fieldset>
        {problem !== undefined && (
          <p className="field-error" role="alert">
            {f.problems[problem]}
          </p>
        )}
        <button type="submit" disabled={submit.working || category === undefined}>
          {f.button}
        </button>
      </form>
      <ActionStatus status={submit.status} done={(v) => f.submitted(v.id, v.review === 'regulator')} testId="submit-status" />
    </Section>
  );
}
