// A list of labelled values (a <dl>): two columns on a wide screen, one on a phone. A row whose
// value is undefined is left out, for fields only some objects have.
import { Fragment, type ReactNode } from 'react';

export type FieldRow = readonly [label: string, value: ReactNode | undefined, testId?: string];

export function Fields({ rows }: { rows: readonly FieldRow[] }) {
  return (
    <dl className="fields">
      {rows
        .filter(([, value]) => value !== undefined)
        .map(([label, value, testId]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </Fragment>
        ))}
    </dl>
  );
}
