// One figure with its label in a row of figures (<dl className="stats">): an organisation's
// standing, a voucher class's supply, a household's points.
import type { ReactNode } from 'react';

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
