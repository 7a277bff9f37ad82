import { EXPORT_FORMATS } from '../../shared/contract/names'
import { exportFileName } from '../../shared/export-name'

/** An exportView request that still needs a path chosen by the user. */
export interface SaveRequest {
  view: string
  format: 'csv' | 'json' | 'pdf'
  /** CSV: the table to write, by title. */
  table?: string
}

/**
 * The native save dialog's options for an export: a dated default name in Downloads (with the table's
 * slug when a CSV export is of one table, e.g. observatory-tools-most-frequent-errors-2026-11-24.csv)
 * and a filter for the format.
 */
export function saveDialogOptions(
  { view, format, table }: SaveRequest,
  now: Date,
  downloads: string,
  sep = '/',
): { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] } {
  const names = { csv: 'CSV (comma-separated values)', json: 'JSON', pdf: 'PDF report' } as const
  // The core writes `table` for CSV only; JSON and PDF always hold the whole view.
  const one = format === 'csv' && table ? table : undefined
  const name = exportFileName(view, format, table, now.toISOString().slice(0, 10))
  return {
    title: `Export ${one ? `table ${one} of ${view}` : view} as ${format.toUpperCase()}`,
    defaultPath: `${downloads}${sep}${name}`,
    filters: [{ name: names[format], extensions: [format] }],
  }
}

/** Arguments of an exportView request that still needs a path chosen by the user, or null. */
export function needsSaveDialog(name: string, args: unknown): SaveRequest | null {
  if (name !== 'exportView' || typeof args !== 'object' || args === null) return null
  const a = args as { view?: unknown; format?: unknown; path?: unknown; table?: unknown }
  if (a.path !== undefined || typeof a.view !== 'string') return null
  const format = EXPORT_FORMATS.find((f) => f === a.format)
  if (!format) return null
  return typeof a.table === 'string' && a.table
    ? { view: a.view, format, table: a.table }
    : { view: a.view, format }
}
