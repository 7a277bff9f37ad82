import { resolve } from 'node:path'
import type { SummaryResult } from '../../../shared/contract'
import { Api } from '../../core/api/api'
import { EXPORT_VIEWS, ExportError, type ExportView } from '../../core/export/collect'
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../../core/export/write-export'
import { exportFileName } from '../../../shared/export-name'
import type { CoreContext } from '../context'
import { UsageError } from '../usage-error'

export interface ExportFlags {
  view?: string
  format?: string
  out?: string
  anonymize: boolean
  bom: boolean
  /** Replace an existing file at --out. */
  force?: boolean
  /** CSV: one table of the view, by its title. */
  table?: string
}

/** `observatory export`: the same exports as the app's save-as, without Electron. */
export async function runExport(core: CoreContext, args: object, flags: ExportFlags): Promise<string> {
  const view = flags.view as ExportView
  const format = (flags.format ?? 'csv') as ExportFormat
  if (!EXPORT_VIEWS.includes(view)) throw new UsageError(`--view must be one of ${EXPORT_VIEWS.join(', ')}`)
  if (!EXPORT_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`)
  const api = new Api(core.db, Date.now, (m) => process.stderr.write(`${m}\n`), core.prices)
  let out = flags.out
  if (!out) {
    const s = api.call('summary', args)
    if (!s.ok) throw new UsageError(s.error.message)
    const { start, end } = (s.value as SummaryResult).range
    out = exportFileName(view, format, flags.table, `${start.slice(0, 10)}_${end.slice(0, 10)}`)
  }
  try {
    const r = await writeExport(api, core.db, {
      view,
      format,
      out: resolve(out),
      existing: flags.force ? 'replace' : 'refuse',
      existsHint: 'pass --force to replace it',
      args,
      anonymize: flags.anonymize,
      bom: flags.bom,
      table: flags.table,
    })
    return `${r.path} (${r.bytes.toLocaleString('en-US')} bytes)`
  } catch (err) {
    if (err instanceof ExportError) throw new UsageError(err.message)
    throw err
  }
}
