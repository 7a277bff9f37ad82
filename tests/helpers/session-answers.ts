import { expect } from 'vitest'
import type { CommonArgs, Filters } from '../../shared/contract/params'
import type { Db } from '../../electron/core/store/db'
import type { PriceBook } from '../../electron/core/prices/price-book'
import { sessionTotalsSelect, SESSION_TOTALS_COLUMNS } from '../../electron/core/store/session-totals-sql'
import { sessions, type SessionsArgs } from '../../electron/core/metrics/sessions'
import { summary } from '../../electron/core/metrics/summary'
import { series } from '../../electron/core/metrics/series'
import { projects } from '../../electron/core/metrics/projects'
import { cache } from '../../electron/core/metrics/cache'
import { sessionRows } from '../../electron/core/metrics/cache-sessions'
import {
  oldCacheBySession,
  oldCacheRows,
  oldProjectSessions,
  oldSessionCount,
  oldSessions,
} from './old-session-metrics'

/** Costs are float sums taken in another order: equal to 1e-9 (relative); every other figure exactly. */
export function near(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
}

/** session_totals equals a rebuild from `responses`: every column but cost exactly (EXCEPT both ways), cost to 1e-9. */
export function expectTotalsRebuilt(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS temp.st_rebuilt`)
  db.exec(`CREATE TEMP TABLE st_rebuilt AS SELECT * FROM session_totals WHERE 0`)
  db.exec(`INSERT INTO temp.st_rebuilt (${SESSION_TOTALS_COLUMNS}) ${sessionTotalsSelect('1')}`)
  const cols = SESSION_TOTALS_COLUMNS.replace(/\bcost,/, '')
  for (const [a, b] of [
    ['main.session_totals', 'temp.st_rebuilt'],
    ['temp.st_rebuilt', 'main.session_totals'],
  ])
    expect(db.prepare(`SELECT ${cols} FROM ${a} EXCEPT SELECT ${cols} FROM ${b} LIMIT 5`).all()).toEqual([])
  const costs = db
    .prepare(
      `SELECT a.cost AS a, b.cost AS b FROM main.session_totals a JOIN temp.st_rebuilt b USING (session_id, day,
        project_id, model_id, source_id, is_subagent)`,
    )
    .all() as { a: number; b: number }[]
  expect(costs.filter((c) => !near(c.a, c.b))).toEqual([])
  db.exec(`DROP TABLE temp.st_rebuilt`)
}

export interface Case {
  range: CommonArgs['range']
  filters: Filters
  /** Also every sort and order, a second page and searches. */
  full?: boolean
}

const SORTS: SessionsArgs['sort'][] = ['cost', 'tokens', 'duration', 'prompts', 'lastActivity']

function expectSessionsEqual(db: Db, args: SessionsArgs, now: number): number {
  const got = sessions(db, args, now)
  const want = oldSessions(db, args, now)
  const label = JSON.stringify(args)
  if (want.sessions.length > 0) expect(got.total, label).toBe(want.total)
  expect(
    got.sessions.map((s) => s.id),
    label,
  ).toEqual(want.sessions.map((s) => s.id))
  got.sessions.forEach((s, i) => {
    const w = want.sessions[i]!
    expect({ ...s, cost: 0 }, label).toEqual({ ...w, cost: 0 })
    expect(near(s.cost, w.cost), `${label} cost ${s.cost} vs ${w.cost}`).toBe(true)
  })
  return got.total
}

/** Every session figure of one range and filter set: the new answers against the per-response queries. */
export function expectAnswersEqual(db: Db, prices: PriceBook, now: number, c: Case): void {
  const common = { range: c.range, filters: c.filters, timezone: 'America/New_York', weekStart: 1 as const }
  const label = JSON.stringify(c)
  const sortOrders = c.full
    ? SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((order) => ({ sort, order })))
    : [
        { sort: 'lastActivity' as const, order: 'desc' as const },
        { sort: 'cost' as const, order: 'desc' as const },
      ]
  for (const so of sortOrders) {
    const total = expectSessionsEqual(db, { ...common, ...so, page: 0, pageSize: 7 }, now)
    if (c.full && total > 7) expectSessionsEqual(db, { ...common, ...so, page: 1, pageSize: 7 }, now)
  }
  if (c.full)
    for (const search of ['a', 'the', 'spotter', 'zz-none'])
      expectSessionsEqual(db, { ...common, sort: 'cost', order: 'desc', page: 0, pageSize: 50, search }, now)

  const s = summary(db, common, now)
  const r = s.range
  expect(s.sessions.value, label).toBe(oldSessionCount(db, c.filters, Date.parse(r.start), Date.parse(r.end)))
  if (r.previous)
    expect(s.sessions.previous, label).toBe(
      oldSessionCount(db, c.filters, Date.parse(r.previous.start), Date.parse(r.previous.end)),
    )

  const days = (Date.parse(r.end) - Date.parse(r.start)) / 86_400_000
  for (const groupBy of days <= 100 ? (['hour', 'day'] as const) : (['day', 'week'] as const)) {
    const sr = series(db, { ...common, groupBy, breakdownBy: 'model', withActivity: true }, now)
    const starts = sr.points.map((p) => Date.parse(p.start))
    const edges = [...starts, Date.parse(r.end)]
    edges[0] = Math.max(edges[0]!, Date.parse(r.start))
    const want = starts.map((_, i) => oldSessionCount(db, c.filters, edges[i]!, edges[i + 1]!))
    expect(
      sr.points.map((p) => p.sessions),
      `${label} ${groupBy}`,
    ).toEqual(want)
  }

  const pr = projects(db, common, now)
  const ps = oldProjectSessions(db, Date.parse(r.start), Date.parse(r.end))
  expect(
    pr.projects.map((p) => [p.path, p.sessions]),
    label,
  ).toEqual(pr.projects.map((p) => [p.path, ps.get(p.path) ?? 0]))

  const ca = cache(db, { ...common, groupBy: 'day' }, now, prices)
  const want = oldCacheBySession(db, c.filters, Date.parse(r.start), Date.parse(r.end), prices)
  expect(
    ca.bySession.map((x) => [x.id, x.hitRate]),
    label,
  ).toEqual(want.map((x) => [x.id, x.hitRate]))
  ca.bySession.forEach((x, i) => expect(near(x.savedUsd, want[i]!.savedUsd), label).toBe(true))
  const [start, end] = [Date.parse(r.start), Date.parse(r.end)]
  expect(sessionRows(db, common, start, end), label).toEqual(oldCacheRows(db, c.filters, start, end))
}

/** Ranges that cut through sessions (a day-ish window around several sessions' middles), 30d, 24h and all. */
export function casesFor(db: Db, now: number): Case[] {
  const spans = db
    .prepare(
      `SELECT s.first_ts AS a, s.last_ts AS b FROM sessions s WHERE s.last_ts - s.first_ts > 3600000
       AND EXISTS (SELECT 1 FROM session_totals t WHERE t.session_id = s.id) ORDER BY s.first_ts`,
    )
    .all() as { a: number; b: number }[]
  const mid = (i: number) => Math.floor((spans[i]!.a + spans[i]!.b) / 2)
  // From the middle of one session to the middle of a later one at least `hours` on: both edges cut a session.
  const cut = (q: number, hours: number) => {
    const i = Math.floor(q * (spans.length - 1))
    let j = i + 1
    while (j < spans.length - 1 && mid(j) < mid(i) + hours * 3_600_000) j++
    return {
      start: new Date(mid(i)).toISOString(),
      end: new Date(mid(Math.min(j, spans.length - 1))).toISOString(),
    }
  }
  const cuts = spans.length < 2 ? [] : [cut(0.2, 20), cut(0.5, 30), cut(0.8, 72)]
  const top = (sql: string) => (db.prepare(sql).pluck().get() as string | undefined) ?? 'none'
  const project = top(`SELECT p.name FROM session_totals t JOIN projects p ON p.id = t.project_id
    GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 1`)
  const model = top(`SELECT m.name FROM session_totals t JOIN models m ON m.id = t.model_id
    GROUP BY m.id ORDER BY COUNT(*) DESC LIMIT 1`)
  const source = top(`SELECT root FROM sources ORDER BY id LIMIT 1`)
  const filters: Filters[] = [
    {},
    { projects: [project] },
    { models: [model] },
    { sources: [source] },
    { thread: 'main' },
    { thread: 'subagent' },
  ]
  const ranges: CommonArgs['range'][] = [...cuts, { preset: '24h' }, { preset: '30d' }, { preset: 'all' }]
  void now
  return ranges.flatMap((range, i) =>
    filters.map((f, j) => ({ range, filters: f, full: j === 0 || (j === 1 && i === 0) })),
  )
}
