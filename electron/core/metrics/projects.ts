import type { CommonArgs } from '../../../shared/contract/params'
import type { ProjectsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { BUCKET_MS, DAY_MS } from '../store/buckets'
import { effectiveRange, firstDataMs } from './common'
import { dimensionFilter, responsesFilter } from './filters'
import { resolveRange } from './range'
import { rollupRange } from './rollup-span'
import { sessionsPerGroup } from './session-counts'

/** Projects active in the range with cost, tokens, responses, sessions and last activity. */
export function projects(db: Db, args: CommonArgs, now: number): ProjectsResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const f = dimensionFilter(args.filters, 'r', 'r.is_subagent')
  const xf = responsesFilter(args.filters, 'x')
  // Last active = the last response, looked up (responses_project) from the last bucket (or UTC day) with activity.
  const rr = rollupRange(r.start, r.end)
  const rows = db
    .prepare(
      `WITH ${rr.sql}, g AS (SELECT p.id, p.path, p.name, SUM(r.cost) AS cost, SUM(r.responses - r.unpriced_responses) AS priced,
        SUM(r.input + r.output + r.cache_write_5m + r.cache_write_1h + r.cache_read) AS tokens,
        SUM(r.unpriced_tokens) AS unpriced, SUM(r.responses) AS responses, MAX(r.bucket) AS last
       FROM rollup_rows r CROSS JOIN projects p ON p.id = r.project_id
       WHERE 1${f.sql} GROUP BY p.id HAVING SUM(r.responses) > 0)
       SELECT g.*, COALESCE((SELECT MAX(x.ts) FROM responses x WHERE x.project_id = g.id
           AND x.ts >= g.last * ${BUCKET_MS} AND x.ts < :end${xf.sql}),
         -- Retention pruned those responses: the end of the last 15-minute bucket with activity.
         ((SELECT MAX(q.bucket) FROM rollup_15m q WHERE q.bucket >= g.last AND q.bucket < MIN(g.last + ${DAY_MS / BUCKET_MS}, :endBucket)
           AND q.project_id = g.id AND q.responses > 0) + 1) * ${BUCKET_MS}) AS last_ts
       FROM g ORDER BY cost DESC, tokens DESC`,
    )
    .all(...rr.args, ...f.args, ...xf.args, { end: r.end, endBucket: r.end / BUCKET_MS }) as {
    path: string
    name: string
    cost: number
    priced: number
    tokens: number
    unpriced: number
    responses: number
    last: number
    last_ts: number | null
    id: number
  }[]
  // Sessions per project: the project's responses in the range, whatever the other filters.
  const sessions = new Map(
    sessionsPerGroup(db, [r.start, r.end], {}, true).map((s) => [s.project, s.n] as const),
  )
  return {
    range: effectiveRange(r),
    projects: rows.map((p) => ({
      path: p.path,
      name: p.name,
      cost: p.priced > 0 ? p.cost : null,
      tokens: p.tokens,
      unpricedTokens: p.unpriced,
      responses: p.responses,
      sessions: sessions.get(p.id) ?? 0,
      // Retention may have pruned the bucket's responses: then the end of that bucket.
      lastActive: new Date(p.last_ts ?? (p.last + 1) * BUCKET_MS).toISOString(),
    })),
  }
}
