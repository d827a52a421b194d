// Query a subject's report (consent.query, then GET /v1/subjects/:ref/report?query=ID): the
// query is put on the record first — who, why, on which consent or legal basis — and the subject
// sees it; the report served is what that query may see, for one hour after it.
import { useState, type FormEvent } from 'react';
import { fromHex } from '@creditchain/core';
import { queryTx } from '@creditchain/sdk';
import { Link, paths } from '../app/router.js';
import type { Session } from '../app/session.js';
import { resultId, signAndSubmit } from '../app/submit-tx.js';
import { LEGAL_BASES, PURPOSES, parseSubjectRef, type LegalBasis, type Purpose } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { ReportView, type ReportBody } from '../report/ReportView.js';
import { Choice, SelectField, TextField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { SubjectRefField } from './SubjectRefField.js';

interface Answered {
  readonly query: number;
  readonly tx: string;
  readonly report: ReportBody;
}

export function QueryTab({ session }: { session: Session }) {
  const { t } = useI18n();
  const f = t.member.query;
  const [subject, setSubject] = useState('');
  const [purpose, setPurpose] = useState<Purpose>('loan-application');
  const [withConsent, setWithConsent] = useState(true);
  const [consent, setConsent] = useState('');
  const [basis, setBasis] = useState<LegalBasis>('public-information');
  const [invalid, setInvalid] = useState(false);
  const query = useAction<Answered>();

  const send = (e: FormEvent) => {
    e.preventDefault();
    const ref = parseSubjectRef(subject);
    const consentId = Number(consent);
    const bad = ref === undefined || (withConsent && !(Number.isSafeInteger(consentId) && consentId > 0));
    setInvalid(bad);
    if (bad) return;
    void query.run(async () => {
      const reply = await signAndSubmit(session.client, session.key, (signer) =>
        queryTx({ ...signer, subject: fromHex(ref, 32), purpose, ...(withConsent ? { consent: consentId } : { basis }) }),
      );
      const id = resultId(reply, 'query') ?? 0;
      const file = await session.client.report(ref, { query: id });
      return { query: id, tx: reply.id, report: file.report };
    });
  };

  return (
    <Section id="query" title={f.title} intro={f.intro}>
      <form onSubmit={send} className="portal-form" noValidate>
        <SubjectRefField id="query-subject" value={subject} onChange={setSubject} />
        <SelectField id="query-purpose" label={f.purpose} value={purpose} onChange={setPurpose} options={PURPOSES.map((p) => [p, t.words.purposes[p]] as const)} />
        <fieldset>
          <legend>{f.basis}</legend>
          <Choice id="query-with-consent" name="query-basis" label={f.withConsent} checked={withConsent} onChange={() => setWithConsent(true)} />
          {withConsent && <TextField id="query-consent" label={f.consent} hint={f.consentHint} inputMode="numeric" value={consent} onChange={setConsent} />}
          <Choice id="query-with-basis" name="query-basis" label={f.withBasis} checked={!withConsent} onChange={() => setWithConsent(false)} />
          {!withConsent && <SelectField id="query-legal-basis" label={f.legalBasis} value={basis} onChange={setBasis} options={LEGAL_BASES.map((b) => [b, t.words.bases[b]] as const)} />}
        </fieldset>
        {invalid && (
          <p className="field-error" role="alert">
            {f.invalid}
          </p>
        )}
        <button type="submit" disabled={query.working}>
          {f.button}
        </button>
      </form>
      <ActionStatus
        status={query.status}
        testId="query-status"
        done={(v) => (
          <>
            {f.recorded(v.query)} <Link to={paths.tx(v.tx)}>{f.onRecord}</Link>
          </>
        )}
      />
      {query.status.state === 'done' && (
        <Section id="queried-report" title={f.reportTitle}>
          <ReportView report={query.status.value.report} />
        </Section>
      )}
    </Section>
  );
}
