// A table of rows with a caption and column headings, scrolling inside itself on a phone (never
// the page): movements, a household's points, a contract's versions.
import type { ReactNode } from 'react';

export function Table({ testId, caption, columns, children }: { testId: string; caption: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="import-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((col) => (
              <th key={col} scope="col">
                {col}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
