// A subject grants an organisation the right to query its report (consent.grant from its own
// account): the organisation, the purpose, how many days, which categories, once or not. The
// consent's number is what the organisation names when it queries.
import { useState, type FormEvent } from 'react';
import { grantConsentTx } from '@creditchain/sdk';
import { useCategories } from '../app/categories.js';
import { client } from '../app/node-client.js';
import { resultId, signAndSubmit } from '../app/submit-tx.js';
import { MAX_CONSENT_DAYS, PURPOSES, type Purpose } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { Choice, SelectField, TextField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import type { Me } from './SubjectPortal.js';

/** Organisations that may query: active, with the querier role among those their accounts may hold. */
async function queryingOrgs() {
  return (await client.orgs()).orgs.filter((o) => o.status === 'active' && o.roles.includes('querier'));
}

export function GrantConsentForm({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const f = t.subject.grant;
  const orgs = useAsync(queryingOrgs, []);
  const categories = useCategories();
  const [org, setOrg] = useState('');
  const [purpose, setPurpose] = useState<Purpose>('loan-application');
  const [days, setDays] = useState('30');
  const [everything, setEverything] = useState(true);
  const [scope, setScope] = useState<readonly string[]>([]);
  const [singleUse, setSingleUse] = useState(false);
  const grant = useAction<{ id: number; org: string }>();
  const chosenOrg = org !== '' ? org : orgs.state === 'done' ? (orgs.value[0]?.id ?? '') : '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void grant.run(async () => {
      const reply = await signAndSubmit(me.session.client, me.session.key, (signer) =>
        grantConsentTx({ ...signer, org: chosenOrg, purpose, days: Number(days), singleUse, scope: everything ? 'all' : scope }),
      );
      me.refresh();
      return { id: resultId(reply, 'consent') ?? 0, org: chosenOrg };
    });
  };
  const toggle = (code: string, on: boolean) => setScope((s) => (on ? [...s, code] : s.filter((x) => x !== code)));

  return (
    <Section id="grant" title={f.title} intro={f.intro}>
      {orgs.state === 'failed' && <ErrorNote failure={orgs.failure} />}
      <form onSubmit={submit} className="portal-form">
        <SelectField id="grant-org" label={f.org} value={chosenOrg} onChange={setOrg} options={orgs.state === 'done' ? orgs.value.map((o) => [o.id, `${o.name} (${o.id})`] as const) : []} />
        <SelectField id="grant-purpose" label={f.purpose} value={purpose} onChange={setPurpose} options={PURPOSES.map((p) => [p, t.words.purposes[p]] as const)} />
        <TextField id="grant-days" label={f.days} hint={f.daysHint(MAX_CONSENT_DAYS)} type="number" min={1} max={MAX_CONSENT_DAYS} required value={days} onChange={setDays} />
        <fieldset>
          <legend>{f.scope}</legend>
          <Choice id="grant-scope-all" name="grant-scope" label={f.allCategories} checked={everything} onChange={() => setEverything(true)} />
          <Choice id="grant-scope-some" name="grant-scope" label={f.someCategories} checked={!everything} onChange={() => setEverything(false)} />
          {!everything && categories.state === 'done' && (
            <div className="checks">
              {categories.value.map((c) => (
                <Choice key={c.code} type="checkbox" id={`grant-scope-${c.code}`} label={lang === 'zh' ? c.nameZh : c.name} checked={scope.includes(c.code)} onChange={(on) => toggle(c.code, on)} />
              ))}
            </div>
          )}
        </fieldset>
        <Choice type="checkbox" id="grant-single-use" label={f.singleUse} checked={singleUse} onChange={setSingleUse} />
        <button type="submit" disabled={grant.working || chosenOrg === '' || (!everything && scope.length === 0)}>
          {f.button}
        </button>
      </form>
      <ActionStatus status={grant.status} done={(v) => f.granted(v.id, v.org)} testId="grant-status" />
    </Section>
  );
}
