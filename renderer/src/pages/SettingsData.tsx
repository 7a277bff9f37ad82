import { useState, type FormEvent } from 'react'
import type { SettingsResult } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { useFmt } from '../components/fmt'
import { Query } from '../components/states'
import { useAction } from './use-action'

const RETENTION: { days: number | null; label: string }[] = [
  { days: null, label: 'Forever' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 180, label: '180 days' },
  { days: 365, label: '1 year' },
  { days: 730, label: '2 years' },
]

const CACHE_MB = [16, 32, 64, 128, 256, 512]

const iso = (ms: number) => new Date(ms).toISOString()

/** Retention of per-response detail, the transcript archive, and what the background upkeep last did. */
export function DataUpkeep({ r }: { r: SettingsResult }) {
  const fmt = useFmt()
  const [days, setDays] = useState(r.settings.responseDetailDays)
  const [archive, setArchive] = useState(r.settings.archive)
  const [cacheMb, setCacheMb] = useState(r.settings.resultCacheMb)
  const { run, view } = useAction()
  const q = useQuery('maintenance', {})
  const save = async (e: FormEvent) => {
    e.preventDefault()
    await run(
      'saveSettings',
      { responseDetailDays: days, archive, resultCacheMb: cacheMb },
      'Saved; applying in the background.',
    )
  }
  return (
    <>
      <form className="form" onSubmit={(e) => void save(e)} aria-label="Data retention and archive">
        <label>
          Keep per-response detail
          <select
            value={days ?? ''}
            onChange={(e) => setDays(e.target.value === '' ? null : Number(e.target.value))}
            data-testid="retention"
          >
            {RETENTION.map((o) => (
              <option key={o.label} value={o.days ?? ''}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small">
          Older per-response rows are deleted in the background and cannot be brought back from the store.
          Cost, tokens and every chart over time stay complete (they come from 15-minute rollups kept
          forever); session lists and response times cover only the period kept.
        </p>
        <label className="inline">
          <input type="checkbox" checked={archive} onChange={(e) => setArchive(e.target.checked)} /> Keep a
          compressed copy of every transcript (survives Claude Code&apos;s 30-day cleanup)
        </label>
        <label>
          Memory for recent answers
          <select
            value={cacheMb}
            onChange={(e) => setCacheMb(Number(e.target.value))}
            data-testid="result-cache"
          >
            {[...new Set([...CACHE_MB, cacheMb])]
              .sort((a, b) => a - b)
              .map((mb) => (
                <option key={mb} value={mb}>
                  {mb} MB
                </option>
              ))}
          </select>
        </label>
        <p className="muted small">
          Dashboards keep their most recently used answers up to this size, so going back to a page is
          instant; the least recently used are dropped first.
        </p>
        <button type="submit">Save</button>
        {view}
      </form>
      <Query q={q}>
        {(m) => (
          <dl className="facts" data-testid="upkeep">
            <dt>Retention</dt>
            <dd>
              {m.lastPrune
                ? `Last run ${fmt.dateTime(iso(m.lastPrune.at))}: deleted ${fmt.exact(m.lastPrune.responses)} rows older than ${fmt.dateTime(iso(m.lastPrune.cutoff))} in ${m.lastPrune.seconds.toFixed(1)} s. ${fmt.exact(m.prunedResponses)} rows deleted in all; their tokens and cost remain in the totals.`
                : 'Nothing deleted: all per-response detail is kept.'}
            </dd>
            <dt>Archive</dt>
            <dd>
              {m.archive.files > 0
                ? `${fmt.exact(m.archive.files)} transcripts, ${(m.archive.bytes / 1e6).toFixed(1)} MB compressed, in `
                : 'Empty. '}
              {m.archive.files > 0 && <code>{m.archive.folder}</code>}
              {m.archive.lastRun && ` (last copy ${fmt.dateTime(iso(m.archive.lastRun.at))})`}
              {m.archive.files > 0 && (
                <span className="muted small">
                  {' '}
                  Restore with <code>npx observatory archive --restore DIR</code>, then add the folder it
                  prints.
                </span>
              )}
            </dd>
          </dl>
        )}
      </Query>
    </>
  )
}
