import { useState, type ReactNode } from 'react'
import { useExport, type View } from './use-export'

export interface Column<R> {
  key: string
  label: string
  /** Cell content. */
  render: (r: R) => ReactNode
  /** Sort value; omit for an unsortable column. Nulls sort last. */
  sort?: (r: R) => number | string | null
  numeric?: boolean
  /** Exact value for the cell's tooltip (abbreviated numbers). */
  title?: (r: R) => string
}

/** A table of an export view, by the exact title the core's export gives it (see electron/core/export/tables.ts). */
export interface TableExport {
  view: View
  table: string
}

/** The table's "CSV" button: exports the same table with the current range and filters. */
function ExportTableButton({ view, table }: TableExport) {
  const { run, busy, status } = useExport('export-table-status')
  return (
    <div className="table-tools">
      {status}
      <button
        type="button"
        className="small"
        aria-label={`Export table ${table} as CSV`}
        title={`Export table ${table} as CSV`}
        data-testid="export-table"
        disabled={busy}
        onClick={() => void run({ view, format: 'csv', table })}
      >
        CSV
      </button>
    </div>
  )
}

/** A plain, accessible, client-sorted table; with `exportAs`, a button exports it as CSV. */
export function DataTable<R>({
  rows,
  columns,
  rowKey,
  caption,
  initialSort,
  onRowClick,
  exportAs,
}: {
  rows: R[]
  columns: Column<R>[]
  rowKey: (r: R) => string
  caption: string
  initialSort?: { key: string; desc: boolean }
  onRowClick?: (r: R) => void
  /** The export table these rows are (same view, same title as the core's): adds a CSV button. */
  exportAs?: TableExport
}) {
  const [sort, setSort] = useState(initialSort)
  const col = columns.find((c) => c.key === sort?.key)
  const sorted =
    col?.sort && sort
      ? [...rows].sort((a, b) => {
          const x = col.sort!(a)
          const y = col.sort!(b)
          if (x === y) return 0
          if (x === null) return 1
          if (y === null) return -1
          return (x < y ? -1 : 1) * (sort.desc ? -1 : 1)
        })
      : rows
  return (
    <>
      {exportAs && <ExportTableButton view={exportAs.view} table={exportAs.table} />}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}
                >
                  {c.sort ? (
                    <button
                      type="button"
                      onClick={() => setSort({ key: c.key, desc: sort?.key === c.key ? !sort.desc : true })}
                    >
                      {c.label}
                      {sort?.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr
                key={rowKey(r)}
                className={onRowClick ? 'clickable' : undefined}
                tabIndex={onRowClick ? 0 : undefined}
                onClick={onRowClick ? () => onRowClick(r) : undefined}
                onKeyDown={onRowClick ? (e) => e.key === 'Enter' && onRowClick(r) : undefined}
              >
                {columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined} title={c.title?.(r)}>
                    {c.render(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
