import { useMemo, useState } from 'react'
import type { Filters, Range } from '../../../shared/contract'
import { RANGE_PRESETS } from '../../../shared/contract/names'
import { useQuery } from '../api/query'
import { useUi } from '../state/ui'

const PRESET_LABELS: Record<(typeof RANGE_PRESETS)[number], string> = {
  '24h': '24 h',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '1y': '1 year',
  all: 'All time',
}

function dayInput(iso: string): string {
  return iso.slice(0, 10)
}

/** Range, time zone and filters: every page's queries take these. */
export function FilterBar() {
  const { range, timezone, weekStart, filters, set } = useUi()
  // The choices are what is active in the range, unfiltered: the same query the pages ask for when no
  // filter is set, so it costs nothing extra on first load.
  const unfiltered = { range, timezone, weekStart, filters: {} }
  const projects = useQuery('projects', unfiltered)
  // The model list is asked for once the user reaches for it, so a range switch costs only what the page shows.
  const [wantModels, setWantModels] = useState(false)
  const models = useQuery('models', wantModels || filters.models ? unfiltered : null)
  const settings = useQuery('settings', {})
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), [])
  const custom = 'start' in range
  const setFilter = (patch: Partial<Filters>) => {
    const next: Filters = { ...filters, ...patch }
    for (const k of Object.keys(next) as (keyof Filters)[])
      if (next[k] === undefined || (Array.isArray(next[k]) && next[k].length === 0)) delete next[k]
    set({ filters: next })
  }
  const setCustom = (start: string, end: string) => {
    if (!start || !end) return
    const s = new Date(`${start}T00:00:00Z`)
    const e = new Date(`${end}T00:00:00Z`)
    e.setUTCDate(e.getUTCDate() + 1)
    if (s < e) set({ range: { start: s.toISOString(), end: e.toISOString() } satisfies Range })
  }
  return (
    <div className="filterbar" role="toolbar" aria-label="Range and filters">
      <label>
        Range
        <select
          value={custom ? 'custom' : range.preset}
          onChange={(e) => {
            const v = e.target.value
            if (v === 'custom') {
              const end = new Date()
              const start = new Date(end.getTime() - 14 * 86_400_000)
              setCustom(dayInput(start.toISOString()), dayInput(end.toISOString()))
            } else set({ range: { preset: v as (typeof RANGE_PRESETS)[number] } })
          }}
          data-testid="range"
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p]}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {custom && (
        <>
          <label>
            From
            <input
              type="date"
              value={dayInput(range.start)}
              onChange={(e) =>
                setCustom(e.target.value, dayInput(new Date(Date.parse(range.end) - 1).toISOString()))
              }
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={dayInput(new Date(Date.parse(range.end) - 1).toISOString())}
              onChange={(e) => setCustom(dayInput(range.start), e.target.value)}
            />
          </label>
        </>
      )}
      <label>
        Time zone
        <input
          list="zones"
          value={timezone}
          onChange={(e) => zones.includes(e.target.value) && set({ timezone: e.target.value })}
          size={18}
        />
        <datalist id="zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      <label>
        Project
        <select
          value={filters.projects?.[0] ?? ''}
          onChange={(e) => setFilter({ projects: e.target.value ? [e.target.value] : undefined })}
        >
          <option value="">All projects</option>
          {projects.data?.projects.map((p) => (
            <option key={p.path} value={p.path}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <select
          value={filters.models?.[0] ?? ''}
          onFocus={() => setWantModels(true)}
          onPointerEnter={() => setWantModels(true)}
          onChange={(e) => setFilter({ models: e.target.value ? [e.target.value] : undefined })}
        >
          <option value="">All models</option>
          {models.data?.models.map((m) => (
            <option key={m.model} value={m.model}>
              {m.model}
            </option>
          ))}
        </select>
      </label>
      {(settings.data?.sources.length ?? 0) > 1 && (
        <label>
          Source
          <select
            value={filters.sources?.[0] ?? ''}
            onChange={(e) => setFilter({ sources: e.target.value ? [e.target.value] : undefined })}
          >
            <option value="">All sources</option>
            {[...new Set(settings.data!.sources.map((s) => s.label).filter(Boolean))].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Thread
        <select
          value={filters.thread ?? 'all'}
          onChange={(e) =>
            setFilter({
              thread: e.target.value === 'all' ? undefined : (e.target.value as Filters['thread']),
            })
          }
        >
          <option value="all">Main + subagents</option>
          <option value="main">Main thread</option>
          <option value="subagent">Subagents</option>
        </select>
      </label>
    </div>
  )
}
