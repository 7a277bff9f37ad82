import { EXPORT_FORMATS } from '../../shared/contract/names'

/** The native save dialog's options for an export: a dated default name in Downloads and a filter for the format. */
export function saveDialogOptions(
  view: string,
  format: 'csv' | 'json' | 'pdf',
  now: Date,
  downloads: string,
  sep = '/',
): { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] } {
  const names = { csv: 'CSV (comma-separated values)', json: 'JSON', pdf: 'PDF report' } as const
  return {
    title: `Export ${view} as ${format.toUpperCase()}`,
    defaultPath: `${downloads}${sep}observatory-${view}-${now.toISOString().slice(0, 10)}.${format}`,
    filters: [{ name: names[format], extensions: [format] }],
  }
}

/** Arguments of an exportView request that still needs a path chosen by the user, or null. */
export function needsSaveDialog(
  name: string,
  args: unknown,
): { view: string; format: 'csv' | 'json' | 'pdf' } | null {
  if (name !== 'exportView' || typeof args !== 'object' || args === null) return null
  const a = args as { view?: unknown; format?: unknown; path?: unknown }
  if (a.path !== undefined || typeof a.view !== 'string') return null
  const format = EXPORT_FORMATS.find((f) => f === a.format)
  return format ? { view: a.view, format } : null
}
