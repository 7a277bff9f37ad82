import type { Db } from '../store/db'

export interface SessionInfo {
  id: string
  project: string | null
  firstTs: number
  lastTs: number
  title: string | null
  titleSource: 'custom' | 'ai' | 'summary' | 'prompt' | null
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
 * Session facts. Title: custom-title, else the last ai-title, else a summary whose leafUuid is a
 * line of this session, else the first human prompt. Counts come from the keyed event tables, so
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
  const titles = new Map(
    (
      db.prepare(`SELECT kind, title FROM session_titles WHERE session_id = ?`).all(id) as {
        kind: string
        title: string
      }[]
    ).map((r) => [r.kind, r.title]),
  )
  const summary = db
    .prepare(
      `SELECT su.summary FROM summaries su JOIN leafs l ON l.uuid = su.leaf_uuid WHERE l.session_id = ? LIMIT 1`,
    )
    .get(id) as { summary: string } | undefined
  const firstPrompt = db
    .prepare(
      `SELECT text FROM events WHERE session_id = ? AND kind = 'prompt' AND agent_id IS NULL ORDER BY ts LIMIT 1`,
    )
    .get(id) as { text: string } | undefined
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
  const [title, titleSource] = titles.has('custom')
    ? [titles.get('custom')!, 'custom' as const]
    : titles.has('ai')
      ? [titles.get('ai')!, 'ai' as const]
      : summary
        ? [summary.summary, 'summary' as const]
        : firstPrompt
          ? [firstPrompt.text, 'prompt' as const]
          : [null, null]
  return {
    ...s,
    versions: s.versions.split(',').filter((v) => v.length > 0),
    title,
    titleSource,
    prompts: counts.prompt ?? 0,
    interruptions: counts.interrupt ?? 0,
    compactions: counts.compaction ?? 0,
    apiErrors: counts.api_error ?? 0,
    toolCalls,
  }
}
