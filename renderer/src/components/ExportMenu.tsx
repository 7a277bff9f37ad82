import { useState } from 'react'
import { EXPORT_FORMATS } from '../../../shared/contract/names'
import { useExport, type Format, type View } from './use-export'

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
  const [anonymize, setAnonymize] = useState(false)
  const { run, status } = useExport('export-status')
  const views = PAGE_EXPORTS[page]
  if (!views) return null
  const choose = (value: string) => {
    const [view, format] = value.split(':') as [View, Format]
    void run({ view, format, anonymize })
  }
  return (
    <div className="export">
      <select
        aria-label="Export this view"
        value=""
        onChange={(e) => e.target.value && choose(e.target.value)}
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
      {status}
    </div>
  )
}
