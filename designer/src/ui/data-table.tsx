import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorBox, Loading } from './states.tsx';

/** A table with its column heads; `actions` names a last column of buttons for screen readers. */
export function Table({
  columns,
  actions,
  className,
  children,
}: {
  columns: readonly string[];
  actions?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={className ? `table ${className}` : 'table'}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="sr-only">{actions}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** What a query has: loading, an error with a retry, the `empty` state for an empty list, or `children(data)`. */
export function QueryView<T>({
  query,
  what,
  errorTitle,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  what: string;
  errorTitle: string;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.isError) return <ErrorBox title={errorTitle} error={query.error} onRetry={() => query.refetch()} />;
  if (empty !== undefined && Array.isArray(query.data) && query.data.length === 0) return empty;
  return children(query.data);
}

/** A list from a query as a table, a row per item, with the loading, error and empty states. */
export function QueryTable<T>({
  row,
  columns,
  actions,
  className,
  ...view
}: {
  query: UseQueryResult<T[]>;
  what: string;
  errorTitle: string;
  empty?: ReactNode;
  columns: readonly string[];
  actions?: string;
  className?: string;
  row: (item: T) => ReactNode;
}) {
  return (
    <QueryView {...view}>
      {(items) => (
        <Table columns={columns} actions={actions} className={className}>
          {items.map(row)}
        </Table>
      )}
    </QueryView>
  );
}

/** A small button in a table row; `label` names it for screen readers when its text alone is ambiguous. */
export function RowButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label?: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="button" className="small" aria-label={label} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}
