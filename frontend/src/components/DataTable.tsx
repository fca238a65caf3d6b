import type { ReactNode } from "react";

/**
 * A table in its scrolling wrapper: the column headings, then the rows (tr elements). `action`
 * names a last column of row buttons for screen readers only.
 */
export function DataTable({ columns, action, children }: { columns: string[]; action?: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) => <th scope="col" key={c}>{c}</th>)}
            {action && <th scope="col"><span className="visually-hidden">{action}</span></th>}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
