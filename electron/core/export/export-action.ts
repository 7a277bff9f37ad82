import { existsSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import type { ExportResult, ValidArgs } from '../../../shared/contract'
import { ActionError, type Api } from '../api/api'
import { appDataDir } from '../paths'
import { loadSettings } from '../settings/settings-store'
import type { Db } from '../store/db'
import { ExportError } from './collect'
import { writeExport } from './write-export'
import { exportFileName } from '../../../shared/export-name'

/** Where an export goes when no path was chosen: ~/Downloads, else the app's exports folder. */
export function defaultExportDir(home = homedir()): string {
  const downloads = join(home, 'Downloads')
  if (existsSync(downloads)) return downloads
  const dir = join(appDataDir(), 'exports')
  mkdirSync(dir, { recursive: true })
  return dir
}

/** The `exportView` action: the user's time zone, week start and currency apply unless the view's args say otherwise. */
export async function exportAction(api: Api, db: Db, a: ValidArgs<'exportView'>): Promise<ExportResult> {
  const settings = loadSettings(db)
  const day = new Date().toISOString().slice(0, 10)
  const out = a.path ?? join(defaultExportDir(), exportFileName(a.view, a.format, a.table, day))
  if (!isAbsolute(out)) throw new ActionError(`the export path must be absolute, got ${out}`)
  if (!existsSync(dirname(out))) throw new ActionError(`the folder ${dirname(out)} does not exist`)
  try {
    const r = await writeExport(api, db, {
      view: a.view,
      format: a.format,
      out,
      args: { timezone: settings.timezone ?? undefined, weekStart: settings.weekStart, ...a.args },
      anonymize: a.anonymize,
      bom: a.bom,
      table: a.table,
      currency: settings.currency,
    })
    return { path: r.path, bytes: r.bytes }
  } catch (err) {
    if (err instanceof ExportError) throw new ActionError(err.message)
    throw err
  }
}
