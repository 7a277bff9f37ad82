import type { Db } from '../store/db'

export interface SessionInfo {
  id: string
  project: string | null
  firstTs: number
  lastTs: number
  title: string | null
  titleSource: 'custom' | 'ai' | 'summary' | 'prompt' | 'command' | null
  versions: string[]
  gitBranch: string | null
  entrypoint: string | null
  prompts: number
  interruptions: number
  compactions: number
  apiErrors: number
  toolCalls: Record<string, { calls: number; errors: number }>
}

/**
 * The session-title rule as SQL columns `title` and `titleSource` for a sessions row aliased `a`:
 * custom-title, else the last ai-title, else a summary whose leafUuid is a line of this session,
 * else the first human prompt, else the first slash command the model answered (a main-thread
 * response before the next prompt or command: `/init`, a custom command, not `/clear`).
 */
export function sessionTitleSql(a: string): string {
  const custom = `(SELECT title FROM session_titles WHERE session_id = ${a}.id AND kind = 'custom')`
  const ai = `(SELECT title FROM session_titles WHERE session_id = ${a}.id AND kind = 'ai')`
  const summary = `(SELECT su.summary FROM summaries su JOIN leafs l ON l.uuid = su.leaf_uuid WHERE l.session_id = ${a}.id LIMIT 1)`
  const prompt = `(SELECT text FROM events WHERE session_id = ${a}.id AND kind = 'prompt' AND agent_id IS NULL ORDER BY ts LIMIT 1)`
  const next = `(SELECT MIN(n.ts) FROM events n WHERE n.session_id = e.session_id AND n.kind IN ('prompt', 'command') AND n.agent_id IS NULL AND n.ts > e.ts)`
  const command = `(SELECT e.text FROM events e WHERE e.session_id = ${a}.id AND e.kind = 'command' AND e.agent_id IS NULL
    AND EXISTS (SELECT 1 FROM responses r WHERE r.session_id = e.session_id AND r.ts >= e.ts AND r.ts < COALESCE(${next}, 1e15)
      AND r.agent_id IS NULL AND r.is_sidechain = 0) ORDER BY e.ts LIMIT 1)`
  return `COALESCE(${custom}, ${ai}, ${summary}, ${prompt}, ${command}) AS title,
    CASE WHEN ${custom} IS NOT NULL THEN 'custom' WHEN ${ai} IS NOT NULL THEN 'ai' WHEN ${summary} IS NOT NULL THEN 'summary'
      WHEN ${prompt} IS NOT NULL THEN 'prompt' WHEN ${command} IS NOT NULL THEN 'command' END AS titleSource`
}

/**
 * Session facts. Title: custom-title, else the last ai-title, else a summary whose leafUuid is a
 * line of this session, else the first human prompt, else the first answered slash command. Counts come from the keyed event tables, so
 * copied lines count once.
 */
export function sessionInfo(db: Db, id: string): SessionInfo | null {
  const s = db
    .prepare(
      `SELECT s.id, p.path AS project, s.first_ts AS firstTs, s.last_ts AS lastTs, s.versions, s.git_branch AS gitBranch,
        s.entrypoint FROM sessions s LEFT JOIN projects p ON p.id = s.project_id WHERE s.id = ?`,
    )
    .get(id) as
    | {
        id: string
        project: string | null
        firstTs: number
        lastTs: number
        versions: string
        gitBranch: string | null
        entrypoint: string | null
      }
    | undefined
  if (!s) return null
  const t = db.prepare(`SELECT ${sessionTitleSql('s')} FROM sessions s WHERE s.id = ?`).get(id) as {
    title: string | null
    titleSource: SessionInfo['titleSource']
  }
  const counts = Object.fromEntries(
    (
      db.prepare(`SELECT kind, COUNT(*) AS n FROM events WHERE session_id = ? GROUP BY kind`).all(id) as {
        kind: string
        n: number
      }[]
    ).map((r) => [r.kind, r.n]),
  ) as Record<string, number>
  const toolCalls: SessionInfo['toolCalls'] = {}
  for (const r of db
    .prepare(
      `SELECT name, COUNT(*) AS calls, SUM(COALESCE(is_error, 0)) AS errors FROM tool_calls
       WHERE session_id = ? AND name <> '?' GROUP BY name`,
    )
    .all(id) as { name: string; calls: number; errors: number }[])
    toolCalls[r.name] = { calls: r.calls, errors: r.errors }
  return {
    ...s,
    versions: s.versions.split(',').filter((v) => v.length > 0),
    title: t.title,
    titleSource: t.titleSource,
    prompts: counts.prompt ?? 0,
    interruptions: counts.interrupt ?? 0,
    compactions: counts.compaction ?? 0,
    apiErrors: counts.api_error ?? 0,
    toolCalls,
  }
}
