import type { ChartContext } from '../../../shared/charts/common'
import { USD, type Currency } from '../../../shared/format'
import type { Api } from '../api/api'
import type { Db } from '../store/db'
import { Anonymizer } from './anonymize'
import { writeFileAtomic } from './atomic-file'
import { checkDestination, confineToFolder, type ExistingFile } from './destination'
import { collectView, ExportError, type ExportArgs, type ExportData, type ExportView } from './collect'
import { tableToCsv } from './csv'
import { renderPdf } from './pdf'

import { EXPORT_FORMATS } from '../../../shared/contract/names'

export { EXPORT_FORMATS }
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportOptions {
  view: ExportView
  format: ExportFormat
  out: string
  args: ExportArgs
  anonymize?: boolean
  /** CSV only: a UTF-8 BOM so Excel reads it as UTF-8. */
  bom?: boolean
  /** CSV only: the table to write, by title (default: the view's main table). */
  table?: string
  currency?: Currency
  /** When `out` exists: refused unless told otherwise (see ExistingFile). */
  existing?: ExistingFile
  /** Added to the "already exists" message (the CLI names `--force`). */
  existsHint?: string
  /** `out` must stay inside this folder (serve's confined exports), checked again just before writing. */
  confineTo?: string
}

/**
 * Writes one export (the view's main table as CSV; the contract's answers as JSON; the PDF report),
 * atomically (a temporary file moved into place) to a checked destination (never the store, a folder
 * or through a symbolic link), and records it in the export log.
 */
export async function writeExport(
  api: Api,
  db: Db,
  o: ExportOptions,
): Promise<{ path: string; bytes: number; data: ExportData }> {
  const existing = o.existing ?? 'refuse'
  const rules = { existing, storePath: db.name, existsHint: o.existsHint }
  // Checked before the (possibly long) render, and again just before writing: a folder on the way
  // may have been swapped for a symbolic link meanwhile.
  const check = (): void => {
    if (o.confineTo !== undefined) confineToFolder(o.out, o.confineTo)
    checkDestination(o.out, rules)
  }
  check()
  const currency = o.currency ?? USD
  const ctx: ChartContext = { currency, locale: 'en-US' }
  const data = collectView(api, o.view, o.args, ctx, o.anonymize ? new Anonymizer(db) : undefined)
  let body: Buffer
  if (o.format === 'csv') {
    // The view's main table: the one after the KPI summary when there is one.
    const main = o.table
      ? data.tables.find((t) => t.title === o.table)
      : (data.tables.find((t) => t.title !== 'Summary') ?? data.tables[0])
    if (!main)
      throw new ExportError(
        `no table "${o.table}" in ${o.view}; it has: ${data.tables.map((t) => t.title).join(', ')}`,
      )
    body = Buffer.from(tableToCsv(main, { bom: o.bom }), 'utf8')
  } else if (o.format === 'json')
    body = Buffer.from(
      `${JSON.stringify({ view: data.view, range: data.range, filters: data.filters, anonymized: Boolean(o.anonymize), results: data.results }, null, 2)}\n`,
    )
  else body = await renderPdf(data, { currency, generatedAt: new Date() })
  check()
  const path = writeFileAtomic(o.out, body, existing)
  db.prepare(
    `INSERT INTO exports (at, view, format, path, range_start, range_end, anonymized, bytes) VALUES (?,?,?,?,?,?,?,?)`,
  ).run(
    Date.now(),
    o.view,
    o.format,
    path,
    data.range.start,
    data.range.end,
    o.anonymize ? 1 : 0,
    body.length,
  )
  return { path, bytes: body.length, data }
}
