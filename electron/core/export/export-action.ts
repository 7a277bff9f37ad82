import { existsSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ExportResult, ValidArgs } from '../../../shared/contract'
import { ActionError, type Api } from '../api/api'
import { appDataDir } from '../paths'
import { loadSettings } from '../settings/settings-store'
import type { Db } from '../store/db'
import { ExportError } from './collect'
import { confineToFolder, type ExistingFile } from './destination'
import { writeExport } from './write-export'
import { exportFileName } from '../../../shared/export-name'

/**
 * How `exportView` treats a requested path: `confined` (serve, and the default) writes only inside the
 * export folder and never over an existing file; `dialog` (the desktop app) takes the path the native
 * save dialog returned as it is, and replaces the file there (the dialog asked).
 */
export type ExportPaths = 'confined' | 'dialog'

/** Where an export goes when no path was chosen: ~/Downloads, else the app's exports folder. */
export function defaultExportDir(home = homedir()): string {
  const downloads = join(home, 'Downloads')
  if (existsSync(downloads)) return downloads
  const dir = join(appDataDir(), 'exports')
  mkdirSync(dir, { recursive: true })
  return dir
}

/** The export folder: the reports folder set in Settings, else the default one. */
export function exportFolder(db: Db): string {
  return loadSettings(db).reports.folder ?? defaultExportDir()
}

/**
 * Where confined exports may go is the reports folder, so where they are confined (serve) it cannot be
 * changed through the same requests: that would let one request move the folder and the next write there.
 */
export function refuseExportFolderChange(current: string | null, next: string | null | undefined): void {
  if (next !== undefined && next !== current)
    throw new ActionError(
      'the reports folder decides where exports may be written, so it cannot be changed through observatory serve: set it in the desktop app',
    )
}

/** The `exportView` action: the user's time zone, week start and currency apply unless the view's args say otherwise. */
export async function exportAction(
  api: Api,
  db: Db,
  a: ValidArgs<'exportView'>,
  opts: { paths?: ExportPaths; log?: (msg: string) => void } = {},
): Promise<ExportResult> {
  const paths = opts.paths ?? 'confined'
  const settings = loadSettings(db)
  const day = new Date().toISOString().slice(0, 10)
  try {
    const folder = paths === 'dialog' && a.path ? '' : exportFolder(db)
    // No path: a dated name in the export folder, made unique rather than overwrite an earlier one.
    const out = !a.path
      ? join(folder, exportFileName(a.view, a.format, a.table, day))
      : paths === 'dialog'
        ? a.path
        : confineToFolder(a.path, folder)
    const existing: ExistingFile = !a.path ? 'unique' : paths === 'dialog' ? 'replace' : 'refuse'
    const r = await writeExport(api, db, {
      view: a.view,
      format: a.format,
      out,
      existing,
      args: { timezone: settings.timezone ?? undefined, weekStart: settings.weekStart, ...a.args },
      anonymize: a.anonymize,
      bom: a.bom,
      table: a.table,
      currency: settings.currency,
      confineTo: paths === 'confined' ? folder : undefined,
    })
    return { path: r.path, bytes: r.bytes }
  } catch (err) {
    if (err instanceof ExportError) {
      opts.log?.(`export refused: ${err.message}`)
      throw new ActionError(err.message)
    }
    throw err
  }
}
