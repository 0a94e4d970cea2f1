import type { ReactNode } from 'react';

export interface ConsoleColumn {
  label: string;
  /** Read to screen readers only (the actions column, whose buttons say what they do). */
  hidden?: boolean;
}

/**
 * A console list: a spinner until `rows` has arrived (null), a word when it is empty, else a table with a
 * header row; `cells` gives one row's <td>s.
 */
export function ConsoleTable<Row>({
  columns,
  rows,
  empty,
  rowKey,
  cells,
  dense = false,
}: {
  columns: readonly ConsoleColumn[];
  rows: readonly Row[] | null;
  empty: string;
  rowKey: (row: Row) => string;
  cells: (row: Row) => ReactNode;
  dense?: boolean;
}) {
  if (rows === null) return <span className="spinner" />;
  if (rows.length === 0) return <p className="muted empty-state">{empty}</p>;
  return (
    <table className={dense ? 'console-table console-table--dense' : 'console-table'}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>{cells(row)}</tr>
        ))}
      </tbody>
    </table>
  );
}
