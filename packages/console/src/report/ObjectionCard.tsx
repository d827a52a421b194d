// One objection on a card: the record it is about, who filed it and why, the deadline its source
// must answer by, and each step since — the source's answer, the subject's appeal, the arbiter's
// decision — in words. What may be done next goes below (children).
import type { ReactNode } from 'react';
import type { DisputeStepJson, ObjectionJson } from '@creditchain/sdk';
import { useI18n, word } from '../i18n/i18n.js';
import { Card } from '../ui/Cards.js';
import { Fields, type FieldRow } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';

export function ObjectionCard({ objection: o, children }: { objection: ObjectionJson; children?: ReactNode }) {
  const { t, formatTime } = useI18n();
  const f = t.objection;
  const step = (label: string, s: DisputeStepJson | null, id: string): FieldRow => [label, s === null ? undefined : f.step(s.by, s.height, s.outcome === null ? undefined : word(t.words.outcomes, s.outcome), s.reason), id];
  return (
    <Card testId={`objection-${o.id}`} title={f.title(o.id, o.record)} badges={[[o.status, word(t.words.objectionStatus, o.status)]]}>
      <Fields
        rows={[
          [f.filed, f.filedBy(o.filedBy, o.height, o.reason)],
          [f.evidence, o.evidence === null ? undefined : <Hash value={o.evidence} />],
          [f.source, o.source],
          [o.status === 'open' ? f.dueBy : f.deadline, <time dateTime={o.deadline}>{formatTime(o.deadline)}</time>],
          step(f.answer, o.answer, `objection-${o.id}-answer`),
          step(f.appeal, o.appeal, `objection-${o.id}-appeal`),
          step(f.decision, o.decision, `objection-${o.id}-decision`),
        ]}
      />
      {o.status === 'escalated' && <p className="note note-info">{f.escalated}</p>}
      {children}
    </Card>
  );
}
