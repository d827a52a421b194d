// The subject's consents to report queries (GET /v1/subjects/:ref/consents): to whom, for what,
// which categories, until when, used or not — with a revoke button on each active one, and the
// form to grant a new one (GrantConsentForm).
import { revokeConsentTx, type ConsentJson } from '@creditchain/sdk';
import { useCategoryName } from '../app/categories.js';
import { signAndSubmit } from '../app/submit-tx.js';
import { useI18n, word } from '../i18n/i18n.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';
import { Section } from '../ui/Section.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { GrantConsentForm } from './GrantConsentForm.js';
import { useMine, type Me } from './SubjectPortal.js';

export function ConsentsTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const consents = useMine(me, async (c, ref) => (await c.subjectConsents(ref)).consents);
  return (
    <>
      <GrantConsentForm me={me} />
      <Section id="consents" title={t.subject.consents.title}>
        <AsyncCards list={consents} empty={t.subject.consents.none} render={(x) => <ConsentCard key={x.id} consent={x} me={me} />} />
      </Section>
    </>
  );
}

function ConsentCard({ consent: x, me }: { consent: ConsentJson; me: Me }) {
  const { t, formatTime } = useI18n();
  const name = useCategoryName();
  const f = t.subject.consents;
  const revoke = useAction<number>();
  const send = () =>
    revoke.run(async () => {
      await signAndSubmit(me.session.client, me.session.key, (signer) => revokeConsentTx({ ...signer, consent: x.id }));
      me.refresh();
      return x.id;
    });
  return (
    <Card testId={`consent-${x.id}`} title={f.to(x.id, x.org)} badges={[[x.status, word(t.words.consentStatus, x.status)]]}>
      <Fields
        rows={[
          [f.purpose, word(t.words.purposes, x.purpose)],
          [f.scope, x.scope === null ? f.allCategories : x.scope.map(name).join(', ')],
          [f.until, <time dateTime={x.until}>{formatTime(x.until)}</time>],
          [f.uses, x.singleUse ? f.singleUse(x.uses) : String(x.uses)],
          [f.grantedBy, f.grantedAt(x.grantedBy, x.height)],
          [f.revokedAt, x.revoked === null ? undefined : String(x.revoked)],
        ]}
      />
      {x.status === 'active' && (
        <button type="button" className="secondary" onClick={() => void send()} disabled={revoke.working} aria-label={f.revokeLabel(x.id, x.org)}>
          {f.revoke}
        </button>
      )}
      <ActionStatus status={revoke.status} done={(id) => f.revoked(id)} />
    </Card>
  );
}
