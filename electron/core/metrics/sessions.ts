import type { CommonArgs } from '../../../shared/contract/params'
import type { SessionsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { sessionTitleSql } from '../report/sessions'
import { effectiveRange, firstDataMs } from './common'
import { dimensionFilter } from './filters'
import { resolveRange } from './range'
import { inWindow } from './limits'

export interface SessionsArgs extends CommonArgs {
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

/** The same order on the final select's columns. */
const FINAL: Record<SessionsArgs['sort'], string> = {
  cost: 'pa.cost',
  tokens: 'pa.tokens',
  duration: 'page.duration',
  prompts: 'prompts',
  lastActivity: 'page.last_ts',
}

interface Row {
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
}

/**
 * Sessions active in the range (first activity before its end, last activity after its start) that
 * have a response matching the filters, with whole-session totals of those responses (subagents
 * included) from session_totals, paged and sorted; `search` matches title or project. Totals, prompts
 * and titles are computed for the page only, unless the sort or the search needs them for every row.
 */
export function sessions(db: Db, args: SessionsArgs, now: number): SessionsResult {
  const r = resolveRange(args, now, firstDataMs(db, now))
  const f = dimensionFilter(args.filters, 't', 't.is_subagent')
  const search = args.search?.trim() ? `%${args.search.trim().replace(/[%_\\]/g, '\\$&')}%` : null
  // Sessions whose stored span, and responses whose time, lie outside the data window are corrupt: left out.
  const [sw, fw, tlo, thi] = [
    inWindow('s.last_ts', now),
    inWindow('s.first_ts', now),
    inWindow('t.first_ts', now),
    inWindow('t.last_ts', now),
  ]
  const rowsOf = { sql: `${tlo.sql}${thi.sql}${f.sql}`, args: [...tlo.args, ...thi.args, ...f.args] }
  const dir = args.order === 'asc' ? 'ASC' : 'DESC'
  const order = `${SORT[args.sort]} ${dir}, id`
  const agg = (from: string): string =>
    `SELECT t.session_id AS id, CASE WHEN SUM(t.priced) > 0 THEN SUM(t.cost) END AS cost, SUM(t.priced) AS priced,
       SUM(t.responses) AS responses, SUM(t.input + t.output + t.cache_write_5m + t.cache_write_1h + t.cache_read) AS tokens
     FROM ${from} CROSS JOIN session_totals t ON t.session_id = ${from}.id WHERE 1${rowsOf.sql} GROUP BY t.session_id`
  const prompts = (a: string): string =>
    `(SELECT COUNT(*) FROM events e WHERE e.session_id = ${a}.id AND e.kind = 'prompt') AS prompts`
  const needAgg = args.sort === 'cost' || args.sort === 'tokens'
  const needPrompts = args.sort === 'prompts'
  const matched = `ids AS (
      SELECT s.id, s.first_ts, s.last_ts, s.last_ts - s.first_ts AS duration, p.path AS project
      FROM sessions s LEFT JOIN projects p ON p.id = s.project_id
      WHERE s.last_ts >= ? AND s.first_ts < ?${sw.sql}${fw.sql}
        AND EXISTS (SELECT 1 FROM session_totals t WHERE t.session_id = s.id${rowsOf.sql})),
    matched AS ${search ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (
      SELECT ids.*${search ? `, ${sessionTitleSql('ids')}` : ''} FROM ids
      ${search ? `WHERE title LIKE ? ESCAPE '\\' OR project LIKE ? ESCAPE '\\'` : ''})`
  const matchedArgs = [
    r.start,
    r.end,
    ...sw.args,
    ...fw.args,
    ...rowsOf.args,
    ...(search ? [search, search] : []),
  ]
  // Only the sort column, per session from its own rows (a PK search each, no grouping of every row).
  const sortValue =
    args.sort === 'cost'
      ? 'CASE WHEN SUM(t.priced) > 0 THEN SUM(t.cost) END'
      : 'SUM(t.input + t.output + t.cache_write_5m + t.cache_write_1h + t.cache_read)'
  const sortable = needAgg
    ? `SELECT matched.*, (SELECT ${sortValue} FROM session_totals t WHERE t.session_id = matched.id${rowsOf.sql}) AS ${args.sort}
       FROM matched`
    : `SELECT matched.*${needPrompts ? `, ${prompts('matched')}` : ''} FROM matched`
  const rows = db
    .prepare(
      `WITH ${matched},
       page AS (SELECT id, first_ts, last_ts, duration, project${search ? ', title' : ''}
         FROM (${sortable}) ORDER BY ${order} LIMIT ? OFFSET ?),
       page_agg AS (${agg('page')})
       SELECT page.*, pa.cost, pa.priced, pa.responses, pa.tokens, ${prompts('page')},
         (SELECT GROUP_CONCAT(name) FROM (SELECT m.name FROM session_totals t JOIN models m ON m.id = t.model_id
           WHERE t.session_id = page.id${rowsOf.sql} GROUP BY m.name ORDER BY MIN(t.first_ts), m.name)) AS models
         ${search ? '' : `, ${sessionTitleSql('page')}`}, (SELECT COUNT(*) FROM matched) AS total
       FROM page JOIN page_agg pa ON pa.id = page.id ORDER BY ${FINAL[args.sort]} ${dir}, page.id`,
    )
    .all(
      ...matchedArgs,
      ...(needAgg ? rowsOf.args : []),
      args.pageSize,
      args.page * args.pageSize,
      ...rowsOf.args,
      ...rowsOf.args,
    ) as Row[]
  const total =
    rows[0]?.total ??
    (db.prepare(`WITH ${matched} SELECT COUNT(*) AS n FROM matched`).get(...matchedArgs) as { n: number }).n
  return {
    range: effectiveRange(r),
    total,
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
