// A credit report on screen: the score with the reasons that moved it, in words (the model's
// own texts in the page's language, with their codes), the counts, and the counted records by
// category with their disputed flag. The subject portal shows the subject's own; the member
// portal the one its query may see, which names the query.
import type { ReportFile } from '@creditchain/sdk';
import { useI18n, word } from '../i18n/i18n.js';
import { Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';

export type ReportBody = ReportFile['report'];
type Reason = ReportBody['score']['lowered'][number];

export function ReportView({ report }: { report: ReportBody }) {
  const { t, lang } = useI18n();
  const r = t.report;
  const s = report.score;
  return (
    <div className="report">
      {report.query !== undefined && (
        <p className="note note-info" data-testid="report-query">
          {r.forQuery(report.query.id, report.query.org, report.query.querier, word(t.words.purposes, report.query.purpose), report.query.logIndex)}
        </p>
      )}
      <div className="score" data-testid="score">
        <span className="visually-hidden">{r.scoreLabel(s.value, s.min, s.max)}</span>
        <span className="score-value" aria-hidden="true">
          {s.value}
        </span>
        <span className="score-range">
          {r.range(s.min, s.max)} · {s.modelName}
          <br />
          {r.asOf(report.date)}
        </span>
      </div>
      <Reasons title={r.lowered} reasons={s.lowered} kind="lowered" />
      <Reasons title={r.raised} reasons={s.raised} kind="raised" />
      <p>{r.summary(report.summary.negative, report.summary.positive, report.summary.disputed)}</p>
      {report.categories.length === 0 ? (
        <p>{r.noRecords}</p>
      ) : (
        report.categories.map((c) => (
          <section key={c.code} aria-labelledby={`report-category-${c.code}`}>
            <h3 id={`report-category-${c.code}`}>
              {lang === 'zh' ? c.nameZh : c.name} <span className={`badge badge-${c.polarity}`}>{t.words.polarity[c.polarity]}</span>
            </h3>
            <ul className="cards">
              {c.records.map((rec) => (
                <Card key={rec.id} testId={`report-record-${rec.id}`} title={t.record.title(rec.id, lang === 'zh' ? c.nameZh : c.name)} badges={rec.disputed ? [['disputed', t.record.disputed]] : []}>
                  <Fields
                    rows={[
                      [t.record.occurred, rec.ended === null ? rec.occurred : `${rec.occurred} → ${rec.ended}`],
                      [t.record.amount, word(t.words.amountBands, rec.amountBand)],
                      [t.record.source, rec.source],
                      [t.record.expires, rec.expires ?? t.record.noExpiry],
                    ]}
                  />
                </Card>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

function Reasons({ title, reasons, kind }: { title: string; reasons: readonly Reason[]; kind: 'lowered' | 'raised' }) {
  const { t, lang } = useI18n();
  if (reasons.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <ul className={`reasons reasons-${kind}`}>
        {reasons.map((x) => (
          <li key={x.code} data-testid={`reason-${x.code}`}>
            <code>{x.code}</code> {lang === 'zh' ? x.textZh : x.text} <span className="muted">({t.report.points(x.points, x.records)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
