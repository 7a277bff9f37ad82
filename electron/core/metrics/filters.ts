import type { Filters } from '../../../shared/contract/params'

export interface SqlPart {
  sql: string
  args: (string | number)[]
}

const list = (xs: string[]): string => xs.map(() => '?').join(',')

/**
 * WHERE conditions for the filters on a table with project_id, model_id and source_id columns
 * (`rollup_15m` and `responses`). `sub` is the SQL for "is a subagent call" on that table.
 */
export function dimensionFilter(f: Filters, alias: string, sub: string): SqlPart {
  const where: string[] = []
  const args: (string | number)[] = []
  if (f.projects?.length) {
    where.push(
      `${alias}.project_id IN (SELECT id FROM projects WHERE path IN (${list(f.projects)}) OR name IN (${list(f.projects)}))`,
    )
    args.push(...f.projects, ...f.projects)
  }
  if (f.models?.length) {
    where.push(`${alias}.model_id IN (SELECT id FROM models WHERE name IN (${list(f.models)}))`)
    args.push(...f.models)
  }
  if (f.sources?.length) {
    where.push(
      `${alias}.source_id IN (SELECT id FROM sources WHERE label IN (${list(f.sources)}) OR root IN (${list(f.sources)}))`,
    )
    args.push(...f.sources, ...f.sources)
  }
  if (f.thread === 'main') where.push(`NOT (${sub})`)
  if (f.thread === 'subagent') where.push(`(${sub})`)
  return { sql: where.map((w) => ` AND ${w}`).join(''), args }
}

/** dimensionFilter on the `responses` fact table, whose subagent calls are those with an agent id or the sidechain flag. */
export function responsesFilter(f: Filters, alias: string): SqlPart {
  return dimensionFilter(f, alias, `(${alias}.agent_id IS NOT NULL OR ${alias}.is_sidechain)`)
}

/** The same filters for session events (prompts): by the session's project and source; prompts are main-thread. */
export function sessionFilter(f: Filters, sessionIdColumn: string): SqlPart {
  const where: string[] = []
  const args: (string | number)[] = []
  if (f.projects?.length || f.sources?.length) {
    const inner = dimensionFilter({ projects: f.projects, sources: f.sources }, 's', '0')
    where.push(`${sessionIdColumn} IN (SELECT s.id FROM sessions s WHERE 1${inner.sql})`)
    args.push(...inner.args)
  }
  if (f.thread === 'subagent') where.push('0')
  return { sql: where.map((w) => ` AND ${w}`).join(''), args }
}

/**
 * Filters for tool calls (alias `t`): by the session's project/source, and main thread vs subagents by agent id.
 * `sessionColumn` may be `+t.session_id`, which keeps SQLite from searching by session instead of by time.
 */
export function toolCallFilter(f: Filters, sessionColumn = 't.session_id'): SqlPart {
  const sf = sessionFilter({ ...f, thread: undefined }, sessionColumn)
  const thread =
    f.thread === 'main'
      ? ' AND t.agent_id IS NULL'
      : f.thread === 'subagent'
        ? ' AND t.agent_id IS NOT NULL'
        : ''
  return { sql: thread + sf.sql, args: sf.args }
}

/**
 * The same filters on `activity_15m` (alias `a`), whose project and source are the session's, as
 * sessionFilter and toolCallFilter apply them: `events` as sessionFilter (the model is not known, a
 * subagent thread matches nothing), `tools` as toolCallFilter (main vs subagent by agent id).
 */
export function activityFilter(f: Filters, of: 'events' | 'tools'): SqlPart {
  const dims = dimensionFilter({ projects: f.projects, sources: f.sources }, 'a', '0')
  const thread =
    of === 'events'
      ? f.thread === 'subagent'
        ? ' AND 0'
        : ''
      : f.thread === 'main'
        ? ' AND a.is_subagent = 0'
        : f.thread === 'subagent'
          ? ' AND a.is_subagent = 1'
          : ''
  return { sql: dims.sql + thread, args: dims.args }
}
