import { useState } from 'react'
import { EXPORT_FORMATS, EXPORT_VIEWS } from '../../../shared/contract/names'
import { queryClient } from '../api/query'
import { useCommonArgs, useUi } from '../state/ui'

export type View = (typeof EXPORT_VIEWS)[number]
export type Format = (typeof EXPORT_FORMATS)[number]

/** What to export; the range, time zone, filters and grouping come from the global bar. */
export interface ExportRequest {
  view: View
  format: Format
  /** CSV only: the table to write, by the title the core gives it (default: the view's main table). */
  table?: string
  anonymize?: boolean
}

/**
 * Runs `exportView` with the current range and filters (in the app a native save dialog asks where;
 * from `serve` the file goes to the Downloads folder of the machine running it) and renders the outcome:
 * the saved path as a status, a failure as an alert, nothing when the save dialog was cancelled.
 */
export function useExport(statusTestId: string) {
  const args = useCommonArgs()
  const groupBy = useUi((s) => s.groupBy)
  const breakdownBy = useUi((s) => s.breakdownBy)
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async ({ view, format, table, anonymize = false }: ExportRequest) => {
    setBusy(true)
    setMsg({ ok: true, text: 'Exporting…' })
    const r = await queryClient().api.call('exportView', {
      view,
      format,
      args: { ...args, groupBy, breakdownBy },
      anonymize,
      ...(table === undefined ? {} : { table }),
    })
    setBusy(false)
    if (!r.ok) setMsg({ ok: false, text: r.error.message })
    else setMsg(r.value.path ? { ok: true, text: `Saved ${r.value.path}` } : null)
  }
  const status = msg && (
    <span
      role={msg.ok ? 'status' : 'alert'}
      className={msg.ok ? 'muted small' : 'warn small'}
      data-testid={statusTestId}
    >
      {msg.text}
    </span>
  )
  return { run, busy, status }
}
