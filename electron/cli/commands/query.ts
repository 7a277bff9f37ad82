import type {
  HeatmapResult,
  ModelsResult,
  Percentiles,
  ProjectsResult,
  ResponseTimesResult,
  SeriesResult,
  SessionDetailResult,
  SessionsResult,
  Spend,
  SummaryResult,
} from '../../../shared/contract'
import { table } from '../table'

const n = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US')
const usd = (v: number | null): string => (v === null ? 'unknown' : `$${v.toFixed(2)}`)
const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)

function summaryText(s: SummaryResult): string {
  const row = (
    label: string,
    d: { value: number | null; previous: number | null; change: number | null; note?: string },
    f: (v: number | null) => string,
  ) => [
    label,
    f(d.value),
    d.previous === null ? '—' : f(d.previous),
    d.change === null ? (d.note ?? '—') : `${d.change >= 0 ? '+' : ''}${(d.change * 100).toFixed(1)}%`,
  ]
  return table(
    ['', 'this period', 'previous', 'change'],
    [
      row('cost', s.cost, usd),
      row('tokens', s.tokens.total, n),
      row('unpriced tokens', s.unpricedTokens, n),
      row('responses', s.responses, n),
      row('sessions', s.sessions, n),
      row('prompts', s.prompts, n),
      row('active projects', s.activeProjects, n),
      row('cache hit rate', s.cacheHitRate, pct),
    ],
  )
}

/** "page 2 of 3, 120 sessions (rows 51–100)": the list is paged, never cut short silently. */
function pageLine(
  s: SessionsResult,
  at: { page: number; pageSize: number } = { page: 0, pageSize: 50 },
): string {
  const pages = Math.max(1, Math.ceil(s.total / at.pageSize))
  const first = at.page * at.pageSize
  const rows = s.sessions.length > 0 ? ` (rows ${first + 1}–${first + s.sessions.length})` : ''
  const more = at.page + 1 < pages ? `; next: --page ${at.page + 2}` : ''
  return `page ${at.page + 1} of ${pages}, ${s.total} sessions${rows}${more}`
}

/** Readable text for each contract result (`--json` prints the result itself). */
export function formatResult(name: string, v: unknown, page?: { page: number; pageSize: number }): string {
  const head = (r: { range: { start: string; end: string; timezone: string } }) =>
    `${r.range.start} → ${r.range.end} (${r.range.timezone})\n`
  switch (name) {
    case 'summary':
      return head(v as SummaryResult) + summaryText(v as SummaryResult)
    case 'models': {
      const m = v as ModelsResult
      return (
        head(m) +
        table(
          ['model', 'responses', 'cost', 'avg in', 'avg out', 'cache hit', 'share'],
          m.models.map((x) => [
            x.model,
            n(x.responses),
            usd(x.cost),
            n(x.avgInputTokens),
            n(x.avgOutputTokens),
            pct(x.cacheHitRate),
            pct(x.share),
          ]),
        )
      )
    }
    case 'projects': {
      const p = v as ProjectsResult
      return (
        head(p) +
        table(
          ['project', 'cost', 'tokens', 'sessions', 'last active'],
          p.projects.map((x) => [x.path, usd(x.cost), n(x.tokens), n(x.sessions), x.lastActive ?? '—']),
        )
      )
    }
    case 'sessions': {
      const s = v as SessionsResult
      return (
        head(s) +
        table(
          ['last activity', 'title', 'project', 'cost', 'tokens', 'prompts'],
          s.sessions.map((x) => [
            x.lastActivity,
            (x.title ?? '').slice(0, 50),
            x.project ?? '',
            usd(x.cost),
            n(x.tokens),
            n(x.prompts),
          ]),
        ) +
        `\n${pageLine(s, page)}`
      )
    }
    case 'series': {
      const s = v as SeriesResult
      return (
        head(s) +
        table(
          [s.groupBy, 'cost', 'tokens', 'responses', 'unpriced'],
          s.points.map((p) => [
            p.label,
            usd(p.cost),
            n(Object.values(p.tokens).reduce((a, b) => a + b, 0)),
            n(p.responses),
            n(p.unpricedTokens),
          ]),
        )
      )
    }
    case 'heatmap': {
      const h = v as HeatmapResult
      const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
      const rows = days.map((d, i) => [
        d,
        ...Array.from({ length: 24 }, (_, hr) => String(h.cells[i * 24 + hr]!.responses || '.')),
      ])
      return (
        head(h) +
        table(['', ...Array.from({ length: 24 }, (_, hr) => String(hr))], rows) +
        `\npeak hour ${h.peakHour ?? '—'}, peak weekday ${h.peakWeekday === null ? '—' : days[h.peakWeekday - 1]}`
      )
    }
    case 'session': {
      const d = v as SessionDetailResult | null
      if (!d) return 'no session with that id'
      const sp = (x: Spend) => `${usd(x.cost)}, ${n(x.tokens)} tokens, ${x.responses} responses`
      return [
        `${d.title ?? d.id} (${d.project ?? 'no project'})`,
        `${d.firstActivity} → ${d.lastActivity}`,
        `main thread: ${sp(d.totals.main)}`,
        `subagents:   ${sp(d.totals.subagents)}`,
        '',
        table(
          ['prompt at', 'prompt', 'duration', 'tools', 'cost'],
          d.turns.map((t) => [
            t.promptAt,
            (t.prompt ?? '').slice(0, 40),
            t.durationMs === null ? '—' : `${(t.durationMs / 1000).toFixed(1)} s`,
            n(t.toolCalls),
            usd(t.spend.cost),
          ]),
        ),
        '',
        table(
          ['subagent', 'type', 'tools', 'cost', 'tokens'],
          d.subagents.map((a) => [a.id, a.type ?? '—', n(a.toolCalls), usd(a.spend.cost), n(a.spend.tokens)]),
        ),
      ].join('\n')
    }
    case 'responseTimes': {
      const t = v as ResponseTimesResult
      const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`)
      const row = (label: string, p: Percentiles) => [
        label,
        n(p.count),
        s(p.mean),
        s(p.p50),
        s(p.p90),
        s(p.p95),
        s(p.p99),
      ]
      return (
        head(t) +
        table(
          ['', 'count', 'mean', 'p50', 'p90', 'p95', 'p99'],
          [row('turns', t.turns), row('tool calls', t.tools)],
        ) +
        `\npercentiles are estimates within ±${+(t.estimate.relativeError * 100).toFixed(2)} % of the exact value`
      )
    }
    default:
      return JSON.stringify(v, null, 2)
  }
}
