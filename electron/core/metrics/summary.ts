import { cacheHitRate } from '../../../shared/tokens'
import type { CommonArgs } from '../../../shared/contract/params'
import type { Delta, SummaryResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { BUCKET_MS } from '../store/buckets'
import { activityRows } from './activity-span'
import { dimensionFilter } from './filters'
import { sessionsPerGroup } from './session-counts'
import { effectiveRange, firstDataMs, type RollupSums } from './common'
import { resolveRange } from './range'
import { rollupRange } from './rollup-span'

interface Totals extends RollupSums {
  projects: number
  sessions: number
  prompts: number
}

function totals(db: Db, args: CommonArgs, start: number, end: number): Totals {
  const f = dimensionFilter(args.filters, 'r', 'r.is_subagent')
  const rr = rollupRange(start, end)
  const roll = db
    .prepare(
      `WITH ${rr.sql} SELECT COALESCE(SUM(input), 0) AS input, COALESCE(SUM(output), 0) AS output, COALESCE(SUM(cache_write_5m), 0) AS cw5m,
        COALESCE(SUM(cache_write_1h), 0) AS cw1h, COALESCE(SUM(cache_read), 0) AS cr, COALESCE(SUM(cost), 0) AS cost,
        COALESCE(SUM(responses - unpriced_responses), 0) AS priced, COALESCE(SUM(unpriced_tokens), 0) AS unpriced,
        COALESCE(SUM(responses), 0) AS responses, COUNT(DISTINCT CASE WHEN responses > 0 THEN project_id END) AS projects
       FROM rollup_rows r WHERE 1${f.sql}`,
    )
    .get(...rr.args, ...f.args) as Omit<Totals, 'sessions' | 'prompts'>
  const sessions = sessionsPerGroup(db, [start, end], args.filters)[0]?.n ?? 0
  // `bucket >= start / BUCKET_MS` as it was: the first whole bucket from the start, to the end's.
  const pr = activityRows(
    [Math.ceil(start / BUCKET_MS), Math.ceil(end / BUCKET_MS)],
    ['prompt'],
    args.filters,
    'events',
  )
  const prompts = db
    .prepare(`WITH ${pr.sql} SELECT COALESCE(SUM(n), 0) AS n FROM activity_rows`)
    .get(...pr.args) as { n: number }
  return { ...roll, sessions, prompts: prompts.n }
}

/** value vs previous; the change is undefined (null, with a note) without a previous period or when it was 0. */
export function delta(value: number | null, previous: number | null, hasPrev: boolean): Delta {
  if (!hasPrev) return { value, previous: null, change: null, note: 'no previous period' }
  if (value === null || previous === null) return { value, previous, change: null, note: 'unknown' }
  if (previous === 0)
    return value === 0
      ? { value, previous, change: 0 }
      : { value, previous, change: null, note: 'previous was 0' }
  return { value, previous, change: (value - previous) / previous }
}

const hitRate = (t: Totals): number | null => cacheHitRate(t.cr, t.input + t.cw5m + t.cw1h)

export function summary(db: Db, args: CommonArgs, now: number): SummaryResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const cur = totals(db, args, r.start, r.end)
  const prev = r.prev ? totals(db, args, r.prev.start, r.prev.end) : null
  const has = prev !== null
  const d = (k: (t: Totals) => number | null): Delta => delta(k(cur), prev ? k(prev) : null, has)
  const cost = (t: Totals): number | null => (t.priced > 0 ? t.cost : t.responses > 0 ? null : 0)
  const f = dimensionFilter(args.filters, 'r', 'r.is_subagent')
  const rr = rollupRange(r.start, r.end)
  const bounds = [...rr.args, ...f.args]
  const model = db
    .prepare(
      `WITH ${rr.sql} SELECT m.name, SUM(r.responses) AS responses FROM rollup_rows r CROSS JOIN models m ON m.id = r.model_id
       WHERE 1${f.sql} GROUP BY m.name ORDER BY responses DESC, m.name LIMIT 1`,
    )
    .get(...bounds) as { name: string; responses: number } | undefined
  const project = db
    .prepare(
      `WITH ${rr.sql} SELECT p.path, p.name, SUM(r.cost) AS cost, SUM(r.responses - r.unpriced_responses) AS priced,
        SUM(r.input + r.output + r.cache_write_5m + r.cache_write_1h + r.cache_read) AS tokens
       FROM rollup_rows r CROSS JOIN projects p ON p.id = r.project_id
       WHERE 1${f.sql} GROUP BY p.id ORDER BY cost DESC, tokens DESC LIMIT 1`,
    )
    .get(...bounds) as
    { path: string; name: string; cost: number; priced: number; tokens: number } | undefined
  return {
    range: effectiveRange(r),
    cost: d(cost),
    tokens: {
      input: d((t) => t.input),
      output: d((t) => t.output),
      cacheWrite5m: d((t) => t.cw5m),
      cacheWrite1h: d((t) => t.cw1h),
      cacheRead: d((t) => t.cr),
      total: d((t) => t.input + t.output + t.cw5m + t.cw1h + t.cr),
    },
    unpricedTokens: d((t) => t.unpriced),
    responses: d((t) => t.responses),
    sessions: d((t) => t.sessions),
    prompts: d((t) => t.prompts),
    activeProjects: d((t) => t.projects),
    cacheHitRate: d(hitRate),
    mostUsedModel: model && model.responses > 0 ? model : null,
    mostActiveProject: project
      ? {
          path: project.path,
          name: project.name,
          cost: project.priced > 0 ? project.cost : null,
          tokens: project.tokens,
        }
      : null,
  }
}
