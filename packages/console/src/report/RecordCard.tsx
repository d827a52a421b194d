// One credit record as the API gives it (GET /v1/records/:id, /v1/subjects/:ref/records), on a
// card: its category in words, its status, the disputed flag, its dates, amount band and source,
// who reviewed it and why; what may be done with it goes below (children).
import type { ReactNode } from 'react';
import type { RecordJson } from '@creditchain/sdk';
import { useCategoryName } from '../app/categories.js';
import { useI18n, word } from '../i18n/i18n.js';
import { Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';

export function RecordCard({ record: r, children }: { record: RecordJson; children?: ReactNode }) {
  const { t } = useI18n();
  const name = useCategoryName();
  const f = t.record;
  return (
    <Card
      testId={`record-${r.id}`}
      titleId={`record-${r.id}-title`}
      title={f.title(r.id, name(r.category))}
      badges={[[r.status, word(t.words.recordStatus, r.status)], ...(r.disputed ? [['disputed', f.disputed] as const] : [])]}
    >
      <Fields
        rows={[
          [f.occurred, r.ended === null ? r.occurred : `${r.occurred} → ${r.ended}`],
          [f.amount, word(t.words.amountBands, r.amountBandLabel)],
          [f.source, f.sourceBy(r.source, r.submitter, r.submitted)],
          [f.reviewed, r.reviewer === null ? undefined : f.reviewedBy(r.reviewer, r.reviewed ?? 0)],
          [f.reason, r.reason ?? undefined],
          [f.expires, r.status === 'published' ? (r.expires ?? f.noExpiry) : undefined],
          [f.version, r.version > 1 ? String(r.version) : undefined],
        ]}
      />
      {children}
    </Card>
  );
}
