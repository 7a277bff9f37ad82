import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Settings } from '../../../shared/contract/settings'
import type { Api } from '../api/api'
import { systemTimeZone } from '../report/time'
import type { Db } from '../store/db'
import { writeExport } from '../export/write-export'
import { dueReports, type ReportPeriod } from './schedule'
import { readSetting, writeSettings } from '../settings/settings-rows'

type Written = Partial<Record<ReportPeriod, string>>

function loadWritten(db: Db): Written {
  const v = readSetting(db, 'reportState')
  return v && typeof v === 'object' ? (v as Written) : {}
}

/**
 * Writes the scheduled reports that are due into the chosen folder (named
 * observatory-<period>-<label>.<format>) and remembers them; returns what was written.
 */
export async function runReports(
  api: Api,
  db: Db,
  settings: Settings,
  now: number,
): Promise<{ period: ReportPeriod; label: string; path: string }[]> {
  const r = settings.reports
  if (!r.folder || !existsSync(r.folder)) return []
  const timezone = settings.timezone ?? systemTimeZone()
  const written = loadWritten(db)
  const done: { period: ReportPeriod; label: string; path: string }[] = []
  for (const due of dueReports(r, written, now, timezone, settings.weekStart)) {
    const path = join(r.folder, `observatory-${due.period}-${due.label}.${r.format}`)
    await writeExport(api, db, {
      view: r.view,
      format: r.format,
      out: path,
      existing: 'replace', // a report's name is its period: a rerun rewrites it
      args: {
        range: { start: due.start, end: due.end },
        timezone,
        weekStart: settings.weekStart,
        groupBy: due.period === 'daily' ? 'hour' : 'day',
      },
      currency: settings.currency,
    })
    written[due.period] = due.label
    writeSettings(db, { reportState: written })
    done.push({ period: due.period, label: due.label, path })
  }
  return done
}
