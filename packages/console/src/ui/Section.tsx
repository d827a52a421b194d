// A titled part of a page: a <section> named by its heading (for screen readers' landmarks), with
// an optional introduction in muted text.
import type { ReactNode } from 'react';

export function Section({ id, title, intro, children }: { id: string; title: ReactNode; intro?: ReactNode; children?: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {intro !== undefined && <p className="intro">{intro}</p>}
      {children}
    </section>
  );
}
