import type { CommonArgs } from '../../../shared/contract/params'
import type { SessionsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { sessionTitleSql } from '../report/sessions'
import { effectiveRange, firstDataMs } from './common'
import { responsesFilter } from './filters'
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

/**
 * Sessions active in the range (first activity before its end, last activity after its start), with
 * whole-session totals (subagents included), paged and sorted; `search` matches title or project.
 */
export function sessions(db: Db, args: SessionsArgs, now: number): SessionsResult {
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
