/**
 * The per-response queries the session figures used before session_totals (migration 012), kept as
 * the reference the new answers must equal (tests/session-totals.test.ts).
 */
import { cacheHitRate } from '../../shared/tokens'
import type { Filters } from '../../shared/contract/params'
import type { PriceBook } from '../../electron/core/prices/price-book'
import { DAY_MS } from '../../electron/core/store/buckets'
import type { CommonArgs } from '../../shared/contract/params'
import type { SessionsResult } from '../../shared/contract/results'
import type { Db } from '../../electron/core/store/db'
import { sessionTitleSql } from '../../electron/core/report/sessions'
import { effectiveRange, firstDataMs } from '../../electron/core/metrics/common'
import { responsesFilter, type SqlPart } from '../../electron/core/metrics/filters'
import { resolveRange } from '../../electron/core/metrics/range'
import { inWindow } from '../../electron/core/metrics/limits'

interface SessionsArgs extends CommonArgs {
  page: number
  pageSize: number
  sort: 'cost' | 'tokens' | 'duration' | 'prompts' | 'lastActivity'
  order: 'asc' | 'desc'
  search?: string
}

const SORT: Record<SessionsArgs['sort'], string> = {
  cost: 'cost',
  tokens: 'tokens',
  duration: 'duration',
  prompts: 'prompts',
  lastActivity: 'last_ts',
}

/**
 * Sessions active in the range (first activity before its end, last activity after its start), with
 * whole-session totals (subagents included), paged and sorted; `search` matches title or project.
 */
export function oldSessions(db: Db, args: SessionsArgs, now: number): SessionsResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const f = responsesFilter(args.filters, 'x')
  const search = args.search?.trim() ? `%${args.search.trim().replace(/[%_\\]/g, '\\$&')}%` : null
  // Sessions whose stored span, and responses whose time, lie outside the data window are corrupt: left out.
  const [sw, fw, xw] = [inWindow('last_ts', now), inWindow('first_ts', now), inWindow('x.ts', now)]
  const order = `${SORT[args.sort]} ${args.order === 'asc' ? 'ASC' : 'DESC'}, id`
  // Titles cost four lookups each: computed for the page only, unless a search needs them all.
  const rows = db
    .prepare(
      `WITH agg AS (
         SELECT x.session_id AS id, SUM(x.cost) AS cost, COUNT(x.cost) AS priced, COUNT(*) AS responses,
           SUM(x.input + x.output + x.cache_write_5m + x.cache_write_1h + x.cache_read) AS tokens,
           GROUP_CONCAT(DISTINCT m.name) AS models
         FROM responses x JOIN models m ON m.id = x.model_id
         WHERE x.session_id IN (SELECT id FROM sessions WHERE last_ts >= ? AND first_ts < ?${sw.sql}${fw.sql})${xw.sql}${f.sql}
         GROUP BY x.session_id),
       rows AS (
         SELECT s.id, s.first_ts, s.last_ts, s.last_ts - s.first_ts AS duration, p.path AS project, agg.cost, agg.priced,
           agg.responses, agg.tokens, agg.models,
           (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'prompt') AS prompts
           ${search ? `, ${sessionTitleSql('s')}` : ''}
         FROM sessions s JOIN agg ON agg.id = s.id LEFT JOIN projects p ON p.id = s.project_id),
       page AS (
         SELECT *, COUNT(*) OVER () AS total FROM rows
         ${search ? `WHERE title LIKE ? ESCAPE '\\' OR project LIKE ? ESCAPE '\\'` : ''}
         ORDER BY ${order} LIMIT ? OFFSET ?)
       SELECT page.*${search ? '' : `, ${sessionTitleSql('page')}`} FROM page ORDER BY ${order}`,
    )
    .all(
      r.start,
      r.end,
      ...sw.args,
      ...fw.args,
      ...xw.args,
      ...f.args,
      ...(search ? [search, search] : []),
      args.pageSize,
      args.page * args.pageSize,
    ) as {
    id: string
    first_ts: number
    last_ts: number
    duration: number
    project: string | null
    cost: number | null
    priced: number
    responses: number
    tokens: number
    models: string
    prompts: number
    title: string | null
    total: number
  }[]
  return {
    range: effectiveRange(r),
    total: rows[0]?.total ?? 0,
    sessions: rows.map((s) => ({
      id: s.id,
      title: s.title,
      project: s.project,
      firstActivity: new Date(s.first_ts).toISOString(),
      lastActivity: new Date(s.last_ts).toISOString(),
      durationMs: s.duration,
      cost: s.priced > 0 ? s.cost : null,
      tokens: s.tokens,
      responses: s.responses,
      prompts: s.prompts,
      models: s.models.split(','),
    })),
  }
}

const rfOf = (f: Filters, a: string): SqlPart => responsesFilter(f, a)

/** Summary / series: distinct session ids with a response in [start, end) matching the filters. */
export function oldSessionCount(db: Db, filters: Filters, start: number, end: number): number {
  const rf = rfOf(filters, 'r')
  return (
    db
      .prepare(
        `SELECT COUNT(DISTINCT session_id) AS n FROM responses r WHERE r.ts >= ? AND r.ts < ?${rf.sql}`,
      )
      .get(start, end, ...rf.args) as { n: number }
  ).n
}

/** Projects: per project path, distinct sessions with a response of that project in [start, end). */
export function oldProjectSessions(db: Db, start: number, end: number): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT p.path, (SELECT COUNT(DISTINCT x.session_id) FROM responses x WHERE x.project_id = p.id AND x.ts >= ? AND x.ts < ?) AS n
       FROM projects p`,
    )
    .all(start, end) as { path: string; n: number }[]
  return new Map(rows.map((r) => [r.path, r.n]))
}

/** Cache: the top 20 sessions by savings in [start, end). */
export function oldCacheBySession(
  db: Db,
  filters: Filters,
  start: number,
  end: number,
  prices: PriceBook,
): { id: string; hitRate: number | null; savedUsd: number }[] {
  const ONE = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }
  const saved = (model: string, ts: number, cr: number): number => {
    const asInput = prices.cost({ ...ONE, input: 1 }, model, ts)
    const asRead = prices.cost({ ...ONE, cacheRead: 1 }, model, ts)
    return asInput === null || asRead === null ? 0 : cr * (asInput - asRead)
  }
  const sessionRows = oldCacheRows(db, filters, start, end)
  const sessions = new Map<string, { other: number; cr: number; savedUsd: number }>()
  for (const row of sessionRows) {
    let s = sessions.get(row.id)
    if (!s) sessions.set(row.id, (s = { other: 0, cr: 0, savedUsd: 0 }))
    s.other += row.other
    s.cr += row.cr
    s.savedUsd += saved(row.model, row.day * DAY_MS, row.cr)
  }
  return [...sessions.entries()]
    .map(([id, x]) => ({ id, hitRate: cacheHitRate(x.cr, x.other), savedUsd: x.savedUsd }))
    .sort((a, b) => b.savedUsd - a.savedUsd)
    .slice(0, 20)
}

/** Cache: per session, model and UTC day, input (+ cache writes) and cache reads in [start, end). */
export function oldCacheRows(
  db: Db,
  filters: Filters,
  start: number,
  end: number,
): { id: string; model: string; day: number; other: number; cr: number }[] {
  const rf = rfOf(filters, 'x')
  return db
    .prepare(
      `SELECT x.session_id AS id, m.name AS model, x.ts / ${DAY_MS} AS day, SUM(x.input + x.cache_write_5m + x.cache_write_1h) AS other,
        SUM(x.cache_read) AS cr FROM responses x JOIN models m ON m.id = x.model_id
       WHERE x.ts >= ? AND x.ts < ?${rf.sql} GROUP BY x.session_id, m.name, day`,
    )
    .all(start, end, ...rf.args) as { id: string; model: string; day: number; other: number; cr: number }[]
}
