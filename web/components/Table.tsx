import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { cx } from '../lib/cx.ts';

export interface TableProps<T> {
  /** Says what the table lists; read by screen readers and printed. */
  caption: ReactNode;
  captionHidden?: boolean;
  columns: ColumnDef<T, unknown>[];
  data: T[];
  /** Shown in place of rows when there are none; says what to do next. */
  empty?: ReactNode;
  rowKey?: (row: T) => string;
  className?: string;
}

/**
 * A data table (semantic <table>, column headers with scope) in DADS style: header row on grey, row rules,
 * generous row height. Server-side sorting, filtering and paging come from the page; this only renders.
 */
export function Table<T>({ caption, captionHidden, columns, data, empty, rowKey, className }: TableProps<T>) {
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowKey ? (row) => rowKey(row) : undefined,
  });
  return (
    <div className={cx('w-full overflow-x-auto', className)}>
      <table className="w-full border-collapse text-left text-std-16N-170">
        <caption className={cx('pb-2 text-left text-std-17B-170', captionHidden && 'sr-only')}>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id} className="border-y border-solid-gray-420 bg-solid-gray-50">
              {hg.headers.map((h) => (
                <th key={h.id} scope="col" className="px-4 py-3 align-bottom text-std-16B-170 text-solid-gray-900">
                  {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="border-b border-solid-gray-200">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-4 py-3 align-top">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {data.length === 0 && empty && (
            <tr className="border-b border-solid-gray-200">
              <td colSpan={columns.length} className="px-4 py-6 text-solid-gray-700">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
