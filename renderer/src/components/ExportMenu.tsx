import { useState } from 'react'
import { EXPORT_FORMATS, EXPORT_VIEWS } from '../../../shared/contract/names'
import { queryClient } from '../api/query'
import { useCommonArgs, useUi } from '../state/ui'

type View = (typeof EXPORT_VIEWS)[number]
type Format = (typeof EXPORT_FORMATS)[number]

/** The views each page can export. */
export const PAGE_EXPORTS: Record<string, View[]> = {
  overview: ['overview'],
  cost: ['cost'],
  activity: ['activity'],
  'response-times': ['response-times'],
  models: ['models'],
  projects: ['projects'],
  sessions: ['sessions'],
  agents: ['agents', 'tools'],
}

/**
 * Export the page with the current range and filters: in the app a native save dialog asks where;
 * from `serve` the file goes to the Downloads folder of the machine running it.
 */
export function ExportMenu({ page }: { page: string }) {
  const args = useCommonArgs()
  const groupBy = useUi((s) => s.groupBy)
  const [anonymize, setAnonymize] = useState(false)
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const views = PAGE_EXPORTS[page]
  if (!views) return null
  const run = async (value: string) => {
    const [view, format] = value.split(':') as [View, Format]
    setMsg({ ok: true, text: 'Exporting…' })
    const r = await queryClient().api.call('exportView', {
      view,
      format,
      args: { ...args, groupBy },
      anonymize,
    })
    if (!r.ok) setMsg({ ok: false, text: r.error.message })
    else setMsg(r.value.path ? { ok: true, text: `Saved ${r.value.path}` } : null)
  }
  return (
    <div className="export">
      <select
        aria-label="Export this view"
        value=""
        onChange={(e) => e.target.value && void run(e.target.value)}
        data-testid="export"
      >
        <option value="">Export…</option>
        {views.flatMap((v) =>
          EXPORT_FORMATS.map((f) => (
            <option key={`${v}:${f}`} value={`${v}:${f}`}>
              {views.length > 1 ? `${v} as ` : ''}
              {f.toUpperCase()}
            </option>
          )),
        )}
      </select>
      <label className="inline">
        <input type="checkbox" checked={anonymize} onChange={(e) => setAnonymize(e.target.checked)} />{' '}
        anonymize
      </label>
      {msg && (
        <span
          role={msg.ok ? 'status' : 'alert'}
          className={msg.ok ? 'muted small' : 'warn small'}
          data-testid="export-status"
        >
          {msg.text}
        </span>
      )}
    </div>
  )
}
