// The subject's report and score (the reasons in words) and every record about it, whatever its
// status, with the disputed flag — and, on each, the way to object or to apply for repair.
import type { RecordJson } from '@creditchain/sdk';
import { useCategories, type CategoryInfo } from '../app/categories.js';
import { Link, paths } from '../app/router.js';
import { useI18n } from '../i18n/i18n.js';
import { RecordCard } from '../report/RecordCard.js';
import { ReportView } from '../report/ReportView.js';
import { ErrorNote } from '../ui/errors.js';
import { Section } from '../ui/Section.js';
import { useMine, type Me } from './SubjectPortal.js';

export function MyReportTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const data = useMine(me, (c, ref) => Promise.all([c.report(ref), c.subjectRecords(ref)]));
  const categories = useCategories();
  const known = categories.state === 'done' ? categories.value : [];
  return (
    <>
      <Section id="my-report" title={t.subject.reportTitle}>
        {data.state === 'loading' && <p>{t.common.loading}</p>}
        {data.state === 'failed' && <ErrorNote failure={data.failure} />}
        {data.state === 'done' && <ReportView report={data.value[0].report} />}
      </Section>
      <Section id="my-records" title={t.subject.recordsTitle} intro={t.subject.recordsIntro}>
        {data.state === 'done' && data.value[1].records.length === 0 && <p>{t.subject.noRecords}</p>}
        {data.state === 'done' && (
          <ul className="cards">
            {data.value[1].records.map((r) => (
              <RecordCard key={r.id} record={r}>
                <RecordActions record={r} categories={known} />
              </RecordCard>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

/** What the subject may ask about a record: an objection while none is under way, a repair of a published negative publicity record. */
function RecordActions({ record, categories }: { record: RecordJson; categories: readonly CategoryInfo[] }) {
  const { t } = useI18n();
  const category = categories.find((x) => x.code === record.category);
  const mayObject = (record.status === 'pending' || record.status === 'published') && !record.disputed;
  const mayRepair = record.status === 'published' && category?.polarity === 'negative' && category.retention.kind === 'publicity';
  if (!mayObject && !mayRepair) return null;
  return (
    <p className="actions">
      {mayObject && (
        <Link to={paths.recordRequest('object', record.id)} aria-label={t.subject.objectTo(record.id)}>
          {t.subject.object}
        </Link>
      )}
      {mayRepair && (
        <Link to={paths.recordRequest('repair', record.id)} aria-label={t.subject.repairOf(record.id)}>
          {t.subject.repair}
        </Link>
      )}
    </p>
  );
}
