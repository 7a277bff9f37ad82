import { z } from 'zod'
import { REQUESTS, type ApiResult } from '../../shared/contract'
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

type Exported = z.output<typeof REQUESTS.exportView>

/**
 * How the shell handles a request before relaying it. Only the save dialog chooses where an export
 * goes: a `path` the renderer sends is dropped, and the request is validated before any dialog opens.
 */
export type ShellRequest =
  | { kind: 'relay'; args: unknown }
  | { kind: 'invalid'; result: ApiResult<never> }
  | { kind: 'save'; save: SaveRequest; args: Omit<Exported, 'path'> }

export function shellRequest(name: string, args: unknown): ShellRequest {
  if (name !== 'exportView') return { kind: 'relay', args }
  const parsed = REQUESTS.exportView.safeParse(args ?? {})
  if (!parsed.success)
    return {
      kind: 'invalid',
      result: { ok: false, error: { code: 'invalid_arguments', message: z.prettifyError(parsed.error) } },
    }
  const rest: Omit<Exported, 'path'> & { path?: string } = { ...parsed.data }
  delete rest.path
  const { view, format, table } = rest
  return { kind: 'save', save: table ? { view, format, table } : { view, format }, args: rest }
}
