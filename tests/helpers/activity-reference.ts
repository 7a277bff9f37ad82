/**
 * The activity figures as the metrics computed them from the fact tables before `activity_15m`
 * (the old SQL, copied here as the reference the rollup must equal), and a check that the rollup
 * equals a rebuild from the facts.
 */
import { DateTime } from 'luxon'
import type { CommonArgs, GroupBy } from '../../shared/contract/params'
import type { Db } from '../../electron/core/store/db'
import { ACTIVITY_REBUILD } from '../../electron/core/store/activity-sql'
import { BUCKET_MS } from '../../electron/core/store/buckets'
import { firstDataMs } from '../../electron/core/metrics/common'
import { sessionFilter, toolCallFilter } from '../../electron/core/metrics/filters'
import { groupEdges, resolveRange } from '../../electron/core/metrics/range'
import { toolGroup } from '../../electron/core/metrics/tools'

const clampEdges = (edges: number[], start: number, end: number): string =>
  JSON.stringify(
    edges.map((ms, i) => (i === 0 ? Math.max(ms, start) : i === edges.length - 1 ? Math.min(ms, end) : ms)),
  )
const GRP = `WITH grp(g, lo, hi) AS (SELECT key, value, LEAD(value) OVER (ORDER BY key) FROM json_each(?))`

function prompts(db: Db, args: CommonArgs, start: number, end: number): number {
  const pf = sessionFilter(args.filters, 'e.session_id')
  return (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM events e WHERE e.kind = 'prompt' AND e.ts >= ? AND e.ts < ?${pf.sql}`,
      )
      .get(start, end, ...pf.args) as { n: number }
  ).n
}

export interface ActivityReference {
  prompts: number
  prevPrompts: number | null
  seriesPrompts: number[]
  heatmap: { prompts: number; avgResponseMs: number | null }[]
  tools: { name: string; calls: number; errors: number }[]
  overTime: { calls: number; errors: number }[]
  interruptions: number
  apiErrors: number
}

export function activityReference(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy },
  now: number,
): ActivityReference {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const edges = groupEdges(r.start, r.end, args.groupBy, r.timezone, r.weekStart)
  const clamped = clampEdges(edges, r.start, r.end)
  const seriesPrompts = edges.slice(0, -1).map(() => 0)
  const pf = sessionFilter(args.filters, '+e.session_id')
  for (const row of db
    .prepare(
      `${GRP} SELECT grp.g AS g, COUNT(*) AS n FROM grp CROSS JOIN events e ON e.kind = 'prompt' AND e.ts >= grp.lo AND e.ts < grp.hi
       WHERE grp.hi IS NOT NULL${pf.sql} GROUP BY grp.g`,
    )
    .all(clamped, ...pf.args) as { g: number; n: number }[])
    seriesPrompts[row.g] = row.n
  // Heatmap: weekday × hour cells, main-thread prompts and turn durations.
  const cells = Array.from({ length: 7 * 24 }, () => ({ prompts: 0, sum: 0, n: 0 }))
  const hf = sessionFilter(args.filters, 'e.session_id')
  for (const e of db
    .prepare(
      `SELECT e.ts / ${BUCKET_MS} AS bucket, e.kind, COUNT(*) AS n, SUM(e.value) AS total, COUNT(e.value) AS valued
       FROM events e WHERE e.kind IN ('prompt', 'turn_duration') AND e.agent_id IS NULL AND e.ts >= ? AND e.ts < ?${hf.sql}
       GROUP BY bucket, e.kind`,
    )
    .all(r.start, r.end, ...hf.args) as {
    bucket: number
    kind: string
    n: number
    total: number | null
    valued: number
  }[]) {
    const d = DateTime.fromMillis(e.bucket * BUCKET_MS, { zone: r.timezone })
    const c = cells[(d.weekday - 1) * 24 + d.hour]!
    if (e.kind === 'prompt') c.prompts += e.n
    else {
      c.sum += e.total ?? 0
      c.n += e.valued
    }
  }
  // Tools: calls and errors per tool group and per group of time.
  const gf = toolCallFilter(args.filters, '+t.session_id')
  const overTime = edges.slice(0, -1).map(() => ({ calls: 0, errors: 0 }))
  const byTool = new Map<string, { calls: number; errors: number }>()
  for (const c of db
    .prepare(
      `${GRP} SELECT grp.g AS g, t.name, COUNT(*) AS calls, SUM(CASE WHEN t.is_error THEN 1 ELSE 0 END) AS errors
       FROM grp CROSS JOIN tool_calls t ON t.ts >= grp.lo AND t.ts < grp.hi
       WHERE grp.hi IS NOT NULL AND t.name <> '?'${gf.sql} GROUP BY grp.g, t.name`,
    )
    .all(clamped, ...gf.args) as { g: number; name: string; calls: number; errors: number }[]) {
    const g = toolGroup(c.name)
    const t = byTool.get(g) ?? { calls: 0, errors: 0 }
    byTool.set(g, t)
    t.calls += c.calls
    t.errors += c.errors
    overTime[c.g]!.calls += c.calls
    overTime[c.g]!.errors += c.errors
  }
  const ef = sessionFilter(args.filters, 'e.session_id')
  const counts = new Map(
    (
      db
        .prepare(
          `SELECT e.kind, COUNT(*) AS n FROM events e WHERE e.kind IN ('interrupt', 'api_error') AND e.ts >= ? AND e.ts < ?${ef.sql} GROUP BY e.kind`,
        )
        .all(r.start, r.end, ...ef.args) as { kind: string; n: number }[]
    ).map((x) => [x.kind, x.n]),
  )
  return {
    prompts: prompts(db, args, r.start, r.end),
    prevPrompts: r.prev ? prompts(db, args, r.prev.start, r.prev.end) : null,
    seriesPrompts,
    heatmap: cells.map((c) => ({ prompts: c.prompts, avgResponseMs: c.n > 0 ? c.sum / c.n : null })),
    tools: [...byTool.entries()]
      .map(([name, t]) => ({ name, ...t }))
      .sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1)),
    overTime,
    interruptions: counts.get('interrupt') ?? 0,
    apiErrors: counts.get('api_error') ?? 0,
  }
}

/**
 * Rows of `activity_15m` that differ from a rebuild from the fact tables (both ways), and orphan
 * sessions the rebuild lists that the store does not; the store is left as it was.
 */
export function activityDrift(db: Db): { extra: unknown[]; missing: unknown[]; orphans: unknown[] } {
  db.exec(`DROP TABLE IF EXISTS temp.kept; DROP TABLE IF EXISTS temp.kept_orphans;
    CREATE TEMP TABLE kept AS SELECT * FROM activity_15m;
    CREATE TEMP TABLE kept_orphans AS SELECT * FROM activity_orphans`)
  db.exec('SAVEPOINT drift')
  try {
    db.exec(ACTIVITY_REBUILD)
    return {
      extra: db.prepare(`SELECT * FROM temp.kept EXCEPT SELECT * FROM main.activity_15m LIMIT 20`).all(),
      missing: db.prepare(`SELECT * FROM main.activity_15m EXCEPT SELECT * FROM temp.kept LIMIT 20`).all(),
      orphans: db
        .prepare(`SELECT * FROM main.activity_orphans EXCEPT SELECT * FROM temp.kept_orphans LIMIT 20`)
        .all(),
    }
  } finally {
    db.exec('ROLLBACK TO drift; RELEASE drift')
  }
}
