// The organisation as the chain records it (GET /v1/orgs/:id) and its standing (GET
// /v1/orgs/:id/standing): objections to its records, how many were upheld, deadlines it missed,
// complaints about it and how many were upheld — public, the same for every reader.
import { useCategoryName } from '../app/categories.js';
import type { Session } from '../app/session.js';
import { useI18n, word } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Section } from '../ui/Section.js';
import { Stat } from '../ui/Stat.js';
import { useAsync } from '../ui/use-async.js';

export function StandingTab({ session, org }: { session: Session; org: string }) {
  const { t } = useI18n();
  const f = t.member.standing;
  const name = useCategoryName();
  const c = session.client;
  const data = useAsync(() => Promise.all([c.org(org), c.orgStanding(org)]), [c, org]);
  if (data.state === 'loading') return <p>{t.common.loading}</p>;
  if (data.state === 'failed') return <ErrorNote failure={data.failure} />;
  const [o, s] = data.value;
  return (
    <>
      <Section id="org" title={o.name}>
        <Fields
          rows={[
            [f.id, o.id],
            [f.type, word(t.words.orgTypes, o.type)],
            [f.status, word(t.words.orgStatus, o.status)],
            [f.weight, String(o.weight)],
            [f.categories, o.categories.map(name).join(', ')],
            [f.yourRoles, session.account.roles.join(', ')],
          ]}
        />
      </Section>
      <Section id="standing" title={f.title} intro={f.intro(s.height)}>
        <dl className="stats" data-testid="standing">
          <Stat label={f.objections} value={s.objections} />
          <Stat label={f.upheld} value={s.upheld} />
          <Stat label={f.overdue} value={s.overdue} />
          <Stat label={f.complaints} value={s.complaints} />
          <Stat label={f.complaintsUpheld} value={s.complaintsUpheld} />
        </dl>
      </Section>
    </>
  );
}
