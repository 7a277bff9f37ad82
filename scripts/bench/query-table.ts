import type { Api } from '../../electron/core/api/api'
import { percentiles } from '../../electron/core/metrics/common'
import { QUERY_NAMES, RANGE_PRESETS } from '../../shared/contract/names'

type Preset = (typeof RANGE_PRESETS)[number]
type QueryName = (typeof QUERY_NAMES)[number]

/** One request of the sweep: a table row (request, maybe filtered) and column (range, or `once`). */
export interface SweepRequest {
  row: string
  col: Preset | 'once'
  name: QueryName
  args: Record<string, unknown>
}

/** Requests that take no range: asked once each. */
const UNRANGED = ['session', 'health', 'forecast', 'alertInputs', 'alerts'] as const
const GROUPED = new Set<QueryName>(['series', 'responseTimes', 'tools', 'cache', 'compare'])
const TZ = 'Europe/Paris'

/** The grouping the dashboards pick for a preset (renderer/src/pages/auto-group.ts). */
const groupFor = (p: Preset): string => (p === '24h' ? 'hour' : p === '1y' || p === 'all' ? 'week' : 'day')

function value<T>(api: Api, name: string, args: object): T {
  const r = api.call(name, args)
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
  return r.value as T
}

/**
 * Every contract query × every range preset, without a filter and filtered to the busiest project;
 * the session detail of the biggest session and the unranged queries once each.
 */
export function sweepRequests(api: Api): { requests: SweepRequest[]; note: string } {
  type P = { path: string; responses: number }
  const all = { range: { preset: 'all' }, timezone: TZ }
  const projects = value<{ projects: P[] }>(api, 'projects', all).projects.slice()
  projects.sort((a, b) => b.responses - a.responses)
  const busiest = projects[0]?.path
  const top = projects.slice(0, 3).map((p) => p.path)
  const big = value<{ sessions: { id: string; responses: number }[] }>(api, 'sessions', {
    ...all,
    sort: 'tokens',
    pageSize: 1,
  }).sessions[0]
  const requests: SweepRequest[] = []
  const ranged = QUERY_NAMES.filter((n) => !(UNRANGED as readonly string[]).includes(n))
  for (const filtered of [false, true]) {
    if (filtered && !busiest) break
    for (const name of ranged) {
      if (name === 'compare' && top.length < 2) continue
      for (const preset of RANGE_PRESETS) {
        const args: Record<string, unknown> = { range: { preset }, timezone: TZ }
        if (GROUPED.has(name)) args.groupBy = groupFor(preset)
        if (name === 'series') args.withActivity = true
        if (name === 'compare') args.projects = top
        if (filtered) args.filters = { projects: [busiest] }
        requests.push({ row: filtered ? `${name} (project)` : name, col: preset, name, args })
      }
    }
  }
  for (const name of UNRANGED) {
    if (name === 'session' && !big) continue
    const args: Record<string, unknown> =
      name === 'session'
        ? { id: big!.id }
        : name === 'forecast'
          ? { planMonthlyUsd: 200, timezone: TZ }
          : name === 'alertInputs'
            ? { timezone: TZ }
            : {}
    requests.push({ row: name, col: 'once', name, args })
  }
  const note =
    `filter: busiest project ${busiest ?? '(none)'} (${projects[0]?.responses ?? 0} of ` +
    `${projects.reduce((a, p) => a + p.responses, 0)} responses); compare: top ${top.length} projects; ` +
    `session: the session with the most tokens (${big?.responses ?? 0} responses)`
  return { requests, note }
}

export interface Cell {
  req: SweepRequest
  p50: number
  p95: number
  /** The refusal message, when the store refused the request (a limit, not a failure). */
  refused?: string
}

/** Times each request `reps` times in-process with the result cache cleared before every call. */
export function timeRequests(api: Api, requests: SweepRequest[], reps: number): Cell[] {
  return requests.map((req) => {
    const times: number[] = []
    for (let i = 0; i < reps; i++) {
      api.invalidate()
      const t = performance.now()
      const r = api.call(req.name, req.args)
      times.push(performance.now() - t)
      if (!r.ok) {
        if (r.error.code !== 'invalid_arguments') throw new Error(`${req.name}: ${r.error.message}`)
        return { req, p50: 0, p95: 0, refused: r.error.message }
      }
    }
    const p = percentiles(times)
    return { req, p50: p.p50!, p95: p.p95! }
  })
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1))

/** A markdown table: rows = request, columns = range, cells `p50/p95 ms`, and how many are within 150 ms. */
export function formatTable(cells: Cell[], reps: number, limitMs = 150): string[] {
  const cols = [...RANGE_PRESETS, 'once'] as const
  const rows = [...new Set(cells.map((c) => c.req.row))]
  const at = new Map(cells.map((c) => [`${c.req.row}\u0000${c.req.col}`, c]))
  const out = [
    `| request (p50/p95 ms, ${reps} reps, cache cleared) | ${cols.join(' | ')} |`,
    `|---|${cols.map(() => '---:').join('|')}|`,
  ]
  for (const row of rows) {
    const text = cols.map((col) => {
      const c = at.get(`${row}\u0000${col}`)
      return !c ? '' : c.refused ? 'refused' : `${ms(c.p50)}/${ms(c.p95)}`
    })
    out.push(`| ${row} | ${text.join(' | ')} |`)
  }
  const answered = cells.filter((c) => !c.refused)
  const p95ok = answered.filter((c) => c.p95 <= limitMs).length
  const p50ok = answered.filter((c) => c.p50 <= limitMs).length
  const worst = answered.slice().sort((a, b) => b.p95 - a.p95)[0]
  out.push(
    `cells within ${limitMs} ms: ${p95ok} of ${answered.length} by p95, ${p50ok} by p50` +
      `; ${cells.length - answered.length} refused` +
      (worst ? `; slowest ${worst.req.row} ${worst.req.col} p95 ${ms(worst.p95)} ms` : ''),
  )
  for (const c of cells.filter((c) => c.refused)) out.push(`refused: ${c.req.row} ${c.req.col}: ${c.refused}`)
  return out
}
