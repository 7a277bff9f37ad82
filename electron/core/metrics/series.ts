import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import type { SeriesPoint, SeriesResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { BUCKET_MS } from '../store/buckets'
import { effectiveRange, firstDataMs, type RollupSums } from './common'
import { activityRows } from './activity-span'
import { dimensionFilter } from './filters'
import { sessionsPerGroup } from './session-counts'
import { groupEdges, groupLabel, resolveRange } from './range'
import { LimitError, MAX_CELLS } from './limits'
import { rollupRows } from './rollup-span'

interface Row extends RollupSums {
  /** Index of the group (point). */
  g: number
  key: string
}

/**
 * The group edges as bucket numbers, the first and last clamped to the range: a group (a week, a
 * month, the hour a rolling 24 h starts in) may reach beyond it, and only the range's buckets count.
 */
function bucketEdges(edges: number[], start: number, end: number): number[] {
  return edges.map((ms, i) =>
    Math.floor((i === 0 ? Math.max(ms, start) : i === edges.length - 1 ? Math.min(ms, end) : ms) / BUCKET_MS),
  )
}

/**
 * Cost and tokens over time, grouped by hour/day/week/month in the time zone, with a per-model
 * (or per-project) breakdown for every point. Read from the 15-minute rollup only.
 */
export function series(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy; breakdownBy: 'model' | 'project'; withActivity?: boolean },
  now: number,
): SeriesResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const points: (SeriesPoint & {
    priced: number
    keyed: Map<string, SeriesPoint['breakdown'][number] & { priced: number }>
  })[] = edges.slice(0, -1).map((ms) => ({
    label: groupLabel(ms, args.groupBy, r.timezone),
    start: new Date(ms).toISOString(),
    cost: 0,
    tokens: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    unpricedTokens: 0,
    responses: 0,
    breakdown: [],
    priced: 0,
    keyed: new Map(),
  }))
  const f = dimensionFilter(args.filters, 'r', 'r.is_subagent')
  const key = args.breakdownBy === 'model' ? 'm.name' : 'p.path'
  // Summed per group in SQL: the group edges go in as JSON, a few rollup range searches per group
  // (whole UTC days from the daily rollup; returning a row per 15-minute bucket cost most of a warm `daily`).
  const rr = rollupRows(bucketEdges(edges, r.start, r.end))
  const rows = db
    .prepare(
      `WITH ${rr.sql}
       SELECT r.g AS g, ${key} AS key, SUM(r.input) AS input, SUM(r.output) AS output, SUM(r.cache_write_5m) AS cw5m,
        SUM(r.cache_write_1h) AS cw1h, SUM(r.cache_read) AS cr, SUM(r.cost) AS cost,
        SUM(r.responses - r.unpriced_responses) AS priced, SUM(r.unpriced_tokens) AS unpriced, SUM(r.responses) AS responses
       FROM rollup_rows r CROSS JOIN models m ON m.id = r.model_id CROSS JOIN projects p ON p.id = r.project_id
       WHERE 1${f.sql} GROUP BY r.g, ${key} HAVING SUM(r.responses) > 0 LIMIT ${MAX_CELLS + 1}`,
    )
    .all(...rr.args, ...f.args) as Row[]
  if (rows.length > MAX_CELLS)
    throw new LimitError(
      `${args.groupBy} groups by ${args.breakdownBy} would be more than the ${MAX_CELLS} cells a series may answer: group by a longer unit, shorten the range or filter`,
    )
  for (const row of rows) {
    const p = points[row.g]
    if (!p) continue
    p.tokens.input += row.input
    p.tokens.output += row.output
    p.tokens.cacheWrite5m += row.cw5m
    p.tokens.cacheWrite1h += row.cw1h
    p.tokens.cacheRead += row.cr
    p.cost = (p.cost ?? 0) + row.cost
    p.priced += row.priced
    p.unpricedTokens += row.unpriced
    p.responses += row.responses
    let b = p.keyed.get(row.key)
    if (!b) {
      const kinds = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }
      p.keyed.set(row.key, (b = { key: row.key, cost: 0, tokens: 0, responses: 0, priced: 0, kinds }))
    }
    b.cost = (b.cost ?? 0) + row.cost
    b.priced += row.priced
    b.tokens += row.input + row.output + row.cw5m + row.cw1h + row.cr
    b.responses += row.responses
    b.kinds.input += row.input
    b.kinds.output += row.output
    b.kinds.cacheWrite5m += row.cw5m
    b.kinds.cacheWrite1h += row.cw1h
    b.kinds.cacheRead += row.cr
  }
  const activity = args.withActivity ? activityPerGroup(db, args, edges, r.start, r.end) : null
  return {
    range: effectiveRange(r),
    groupBy: args.groupBy,
    breakdownBy: args.breakdownBy,
    points: points.map(({ priced, keyed, ...p }, i) => ({
      ...p,
      ...(activity ? activity[i] : {}),
      // Unknown, not $0, when a point has responses but none could be priced.
      cost: priced > 0 || p.responses === 0 ? p.cost : null,
      breakdown: [...keyed.values()]
        .map(({ priced: bp, ...b }) => ({ ...b, cost: bp > 0 ? b.cost : null }))
        .sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || b.tokens - a.tokens),
    })),
  }
}

/**
 * Sessions (distinct ids with a response in the group, the summary's rule) and human prompts per
 * group, for the Overview's sparklines; asked for with `withActivity`. Counted in SQL per group (edges
 * as JSON, clamped to the range), so a long range brings no row per response into JavaScript.
 */
function activityPerGroup(
  db: Db,
  args: CommonArgs,
  edges: number[],
  start: number,
  end: number,
): { sessions: number; prompts: number }[] {
  const out = edges.slice(0, -1).map(() => ({ sessions: 0, prompts: 0 }))
  const edgesMs = edges.map((ms, i) =>
    i === 0 ? Math.max(ms, start) : i === edges.length - 1 ? Math.min(ms, end) : ms,
  )
  for (const row of sessionsPerGroup(db, edgesMs, args.filters)) if (out[row.g]) out[row.g]!.sessions = row.n
  const pr = activityRows(bucketEdges(edges, start, end), ['prompt'], args.filters, 'events')
  for (const row of db
    .prepare(`WITH ${pr.sql} SELECT g, SUM(n) AS n FROM activity_rows GROUP BY g`)
    .all(...pr.args) as { g: number; n: number }[])
    if (out[row.g]) out[row.g]!.prompts = row.n
  return out
}
