// Lists of cards — records, objections, consents, queries, applications: a card has a title, a
// status badge and whatever follows; a list read from the node says it is loading, or failed,
// or is empty, in one way everywhere.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote } from './errors.js';
import type { Async } from './use-async.js';

export function Card({ testId, title, titleId, badges, children }: { testId: string; title: ReactNode; titleId?: string; badges?: readonly (readonly [className: string, text: string])[]; children?: ReactNode }) {
  return (
    <li data-testid={testId} aria-labelledby={titleId}>
      <p className="card-title" id={titleId}>
        <strong>{title}</strong>
        {badges?.map(([className, text]) => (
          <span key={className} className={`badge badge-${className}`}>
            {text}
          </span>
        ))}
      </p>
      {children}
    </li>
  );
}

/** The cards of a list being read: `render` makes each one's card. */
export function AsyncCards<T>({ list, empty, render }: { list: Async<readonly T[]>; empty: string; render: (item: T) => ReactNode }) {
  const { t } = useI18n();
  if (list.state === 'loading') return <p>{t.common.loading}</p>;
  if (list.state === 'failed') return <ErrorNote failure={list.failure} />;
  if (list.value.length === 0) return <p role="status">{empty}</p>;
  return <ul className="cards">{list.value.map(render)}</ul>;
}
