import { stringify } from 'csv-stringify/sync'
import type { Table } from './tables'

/**
 * One table as RFC 4180 CSV (CRLF line ends, quoted where needed) with a header row. Numbers are
 * written in full precision, unknown values as empty cells. `bom` prepends a UTF-8 BOM for Excel.
 */
export function tableToCsv(table: Table, opts: { bom?: boolean } = {}): string {
  const body = stringify(
    table.rows.map((r) => table.columns.map((c) => r[c.key] ?? null)),
    {
      header: true,
      columns: table.columns.map((c) => c.label),
      record_delimiter: 'windows',
      cast: { number: (n) => String(n) },
    },
  )
  return (opts.bom ? '\uFEFF' : '') + body
}
