// Who queried the subject (GET /v1/subjects/:ref/queries): which organisation and account, when,
// for what purpose, on which consent or legal basis, and where the query is on the record.
import type { QueryJson } from '@creditchain/sdk';
import { useCategoryName } from '../app/categories.js';
import { Link, paths } from '../app/router.js';
import { useI18n, word } from '../i18n/i18n.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';
import { Section } from '../ui/Section.js';
import { useMine, type Me } from './SubjectPortal.js';

export function QueriesTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const queries = useMine(me, async (c, ref) => (await c.subjectQueries(ref)).queries);
  return (
    <Section id="queries" title={t.subject.queries.title} intro={t.subject.queries.intro}>
      <AsyncCards list={queries} empty={t.subject.queries.none} render={(q) => <QueryCard key={q.id} query={q} />} />
    </Section>
  );
}

function QueryCard({ query: q }: { query: QueryJson }) {
  const { t, formatTime } = useI18n();
  const name = useCategoryName();
  const f = t.subject.queries;
  return (
    <Card testId={`query-${q.id}`} title={f.who(q.org, q.querier)}>
      <Fields
        rows={[
          [t.common.time, <time dateTime={q.time}>{formatTime(q.time)}</time>],
          [f.purpose, word(t.words.purposes, q.purpose)],
          [f.basis, q.basis === 'consent' && q.consent !== null ? f.onConsent(q.consent) : word(t.words.bases, q.basis)],
          [f.scope, q.publicOnly ? f.publicOnly : q.scope === null ? f.allCategories : q.scope.map(name).join(', ')],
          [f.onRecord, <Link to={paths.tx(q.tx)}>{f.logIndex(q.logIndex, q.height)}</Link>],
        ]}
      />
    </Card>
  );
}
