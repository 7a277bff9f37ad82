import type { Statement } from 'better-sqlite3'
import { tokenTotal } from '../../../shared/tokens'
import type { ParsedBatch, ResponseRec } from '../parse/records'
import { projectName, projectPath } from '../parse/project'
import type { PriceBook } from '../prices/price-book'
import { asStoreError, type Db } from './db'

export interface FileState {
  id: number
  path: string
  ino: string | null
  size: number
  mtime_ms: number
  head_hash: string | null
  offset: number
  missing_since: number | null
}

export interface FileUpdate {
  path: string
  sourceId: number
  kind: string
  sessionId: string | null
  agentId: string | null
  ino: string
  size: number
  mtimeMs: number
  headHash: string | null
  offset: number
  /** The file was truncated or replaced and is being re-read from the start. */
  reset: boolean
}

/** Subagent facts a file tells us (from `<agent>.meta.json`). */
export interface AgentMeta {
  id: string
  sessionId: string
  agentType: string | null
  description: string | null
  worktreePath: string | null
}

export interface ApplyResult {
  newResponses: number
  replacedResponses: number
}

interface StoredResponse {
  ts: number
  project_id: number
  model_id: number
  source_id: number
  sub: number
  input: number
  output: number
  cw5m: number
  cw1h: number
  cr: number
  cost: number | null
}

const BUCKET_MS = 15 * 60 * 1000

/** The most complete copy of each response within one batch (streaming writes partial copies first). */
function bestPerKey(rs: ResponseRec[]): ResponseRec[] {
  const best = new Map<string, ResponseRec>()
  for (const r of rs) {
    const cur = best.get(r.key)
    if (!cur || isBetter(r, cur)) best.set(r.key, r)
  }
  return [...best.values()]
}

/** Larger token total wins; on a tie a transcript copy beats an agent_progress copy. */
function isBetter(a: ResponseRec, b: { total: number; fromProgress: boolean } | ResponseRec): boolean {
  const ta = tokenTotal(a.tokens)
  const tb = 'tokens' in b ? tokenTotal(b.tokens) : b.total
  if (ta !== tb) return ta > tb
  return !a.fromProgress && b.fromProgress
}

/**
 * The single writer. Every batch (one file's new bytes) is applied in one transaction together
 * with the file's new offset, so a crash leaves either all or none of it; re-applying a batch is
 * idempotent because every fact is keyed (response key, tool_use id, line uuid).
 */
export class StoreWriter {
  private readonly projects = new Map<string, number>()
  private readonly models = new Map<string, number>()
  private readonly st: Record<string, Statement>

  constructor(
    private readonly db: Db,
    private readonly prices: PriceBook,
  ) {
    const p = (sql: string): Statement => db.prepare(sql)
    this.st = {
      getResp: p(`SELECT ts, project_id, model_id, source_id, (agent_id IS NOT NULL OR is_sidechain) AS sub,
        input, output, cache_write_5m AS cw5m, cache_write_1h AS cw1h, cache_read AS cr, cost, from_progress
        FROM responses WHERE key = ?`),
      putResp:
        p(`INSERT OR REPLACE INTO responses (key, uuid, ts, session_id, agent_id, agent_type, is_sidechain,
        project_id, source_id, model_id, stop_reason, input, output, cache_write_5m, cache_write_1h, cache_read,
        web_search, web_fetch, service_tier, speed, cost, price_version, cost_usd_logged, from_progress)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      rollup: p(`INSERT INTO rollup_15m (bucket, project_id, model_id, source_id, is_subagent, input, output,
        cache_write_5m, cache_write_1h, cache_read, cost, unpriced_tokens, unpriced_responses, responses)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT DO UPDATE SET input = input + excluded.input, output = output + excluded.output,
        cache_write_5m = cache_write_5m + excluded.cache_write_5m, cache_write_1h = cache_write_1h + excluded.cache_write_1h,
        cache_read = cache_read + excluded.cache_read, cost = cost + excluded.cost,
        unpriced_tokens = unpriced_tokens + excluded.unpriced_tokens,
        unpriced_responses = unpriced_responses + excluded.unpriced_responses, responses = responses + excluded.responses`),
      toolUse: p(`INSERT INTO tool_calls (id, name, ts, session_id, agent_id, subagent_type, description)
        VALUES (?,?,?,?,?,?,?)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, ts = excluded.ts, session_id = excluded.session_id,
        agent_id = excluded.agent_id, subagent_type = excluded.subagent_type, description = excluded.description
        WHERE tool_calls.name = '?'`),
      toolResult:
        p(`INSERT INTO tool_calls (id, name, ts, session_id, result_ts, is_error, error_text, spawned_agent_id)
        VALUES (?, '?', ?, '', ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET result_ts = excluded.result_ts, is_error = excluded.is_error,
        error_text = excluded.error_text, spawned_agent_id = COALESCE(excluded.spawned_agent_id, spawned_agent_id)`),
      event: p(
        `INSERT OR IGNORE INTO events (uuid, kind, ts, session_id, agent_id, text, value) VALUES (?,?,?,?,?,?,?)`,
      ),
      session:
        p(`INSERT INTO sessions (id, project_id, source_id, first_ts, last_ts, versions, git_branch, entrypoint)
        VALUES (?,?,?,?,?,?,?,?)
        ON CONFLICT(id) DO UPDATE SET first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts),
        project_id = COALESCE(project_id, excluded.project_id), source_id = COALESCE(source_id, excluded.source_id),
        git_branch = COALESCE(excluded.git_branch, git_branch), entrypoint = COALESCE(entrypoint, excluded.entrypoint)`),
      getVersions: p(`SELECT versions FROM sessions WHERE id = ?`),
      setVersions: p(`UPDATE sessions SET versions = ? WHERE id = ?`),
      title: p(`INSERT INTO session_titles (session_id, kind, title) VALUES (?,?,?)
        ON CONFLICT DO UPDATE SET title = excluded.title`),
      summary: p(`INSERT OR REPLACE INTO summaries (leaf_uuid, summary) VALUES (?,?)`),
      leaf: p(`INSERT OR IGNORE INTO leafs (uuid, session_id) VALUES (?,?)`),
      agent: p(`INSERT INTO agents (id, session_id, agent_type, description, worktree_path) VALUES (?,?,?,?,?)
        ON CONFLICT(id) DO UPDATE SET agent_type = COALESCE(excluded.agent_type, agent_type),
        description = COALESCE(excluded.description, description), worktree_path = COALESCE(excluded.worktree_path, worktree_path)`),
      putFile:
        p(`INSERT INTO files (path, source_id, kind, session_id, agent_id, ino, size, mtime_ms, head_hash, offset,
        lines, bad_lines, missing_since, last_ingest_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)
        ON CONFLICT(path) DO UPDATE SET source_id = excluded.source_id, ino = excluded.ino, size = excluded.size,
        mtime_ms = excluded.mtime_ms, head_hash = excluded.head_hash, offset = excluded.offset,
        lines = files.lines + excluded.lines, bad_lines = files.bad_lines + excluded.bad_lines,
        missing_since = NULL, last_ingest_at = excluded.last_ingest_at`),
      resetFile: p(`UPDATE files SET lines = 0, bad_lines = 0 WHERE path = ?`),
      getProject: p(`SELECT id FROM projects WHERE path = ?`),
      putProject: p(`INSERT INTO projects (path, name) VALUES (?, ?)`),
      getModel: p(`SELECT id FROM models WHERE name = ?`),
      putModel: p(`INSERT INTO models (name) VALUES (?)`),
    }
  }

  projectId(cwd: string | null): number {
    const path = cwd === null ? '' : projectPath(cwd)
    let id = this.projects.get(path)
    if (id !== undefined) return id
    const row = this.st.getProject!.get(path) as { id: number } | undefined
    id = row
      ? row.id
      : Number(this.st.putProject!.run(path, path === '' ? '(unknown)' : projectName(path)).lastInsertRowid)
    this.projects.set(path, id)
    return id
  }

  modelId(name: string): number {
    let id = this.models.get(name)
    if (id !== undefined) return id
    const row = this.st.getModel!.get(name) as { id: number } | undefined
    id = row ? row.id : Number(this.st.putModel!.run(name).lastInsertRowid)
    this.models.set(name, id)
    return id
  }

  /** Applies one parsed batch and the file's new state atomically. */
  apply(batch: ParsedBatch, file: FileUpdate, agent: AgentMeta | null): ApplyResult {
    const run = this.db.transaction((): ApplyResult => this.applyInTx(batch, file, agent))
    try {
      return run()
    } catch (err) {
      // Store-level failures end the pass with a clear error; anything else is this file's problem.
      throw asStoreError(err, this.db.name)
    }
  }

  private applyInTx(batch: ParsedBatch, file: FileUpdate, agent: AgentMeta | null): ApplyResult {
    const st = this.st
    const result: ApplyResult = { newResponses: 0, replacedResponses: 0 }
    const rollups = new Map<string, number[]>()
    const addRollup = (
      ts: number,
      projectId: number,
      modelId: number,
      sourceId: number,
      sub: number,
      sign: number,
      t: { input: number; output: number; cw5m: number; cw1h: number; cr: number },
      cost: number | null,
    ) => {
      const k = `${Math.floor(ts / BUCKET_MS)}|${projectId}|${modelId}|${sourceId}|${sub}`
      let v = rollups.get(k)
      if (!v) rollups.set(k, (v = [0, 0, 0, 0, 0, 0, 0, 0, 0]))
      const total = t.input + t.output + t.cw5m + t.cw1h + t.cr
      v[0]! += sign * t.input
      v[1]! += sign * t.output
      v[2]! += sign * t.cw5m
      v[3]! += sign * t.cw1h
      v[4]! += sign * t.cr
      if (cost === null) {
        v[6]! += sign * total
        v[7]! += sign
      } else v[5]! += sign * cost
      v[8]! += sign
    }

    for (const r of bestPerKey(batch.responses)) {
      const old = st.getResp!.get(r.key) as (StoredResponse & { from_progress: number }) | undefined
      if (old) {
        const oldTotal = old.input + old.output + old.cw5m + old.cw1h + old.cr
        if (!isBetter(r, { total: oldTotal, fromProgress: old.from_progress === 1 })) continue
        addRollup(old.ts, old.project_id, old.model_id, old.source_id, old.sub, -1, old, old.cost)
        result.replacedResponses++
      } else result.newResponses++
      const projectId = this.projectId(r.cwd)
      const modelId = this.modelId(r.model)
      const cost = this.prices.cost(r.tokens, r.model, r.ts)
      const sub = r.agentId !== null || r.isSidechain ? 1 : 0
      const agentType = agent && r.agentId === agent.id ? agent.agentType : null
      const t = r.tokens
      st.putResp!.run(
        r.key,
        r.uuid,
        r.ts,
        r.sessionId,
        r.agentId,
        agentType,
        r.isSidechain ? 1 : 0,
        projectId,
        file.sourceId,
        modelId,
        r.stopReason,
        t.input,
        t.output,
        t.cacheWrite5m,
        t.cacheWrite1h,
        t.cacheRead,
        r.webSearch,
        r.webFetch,
        r.serviceTier,
        r.speed,
        cost,
        this.prices.version,
        r.costUsdLogged,
        r.fromProgress ? 1 : 0,
      )
      addRollup(
        r.ts,
        projectId,
        modelId,
        file.sourceId,
        sub,
        1,
        { input: t.input, output: t.output, cw5m: t.cacheWrite5m, cw1h: t.cacheWrite1h, cr: t.cacheRead },
        cost,
      )
    }
    for (const [k, v] of rollups) {
      if (v[8] === 0 && v.every((x) => x === 0)) continue
      const [bucket, projectId, modelId, sourceId, sub] = k.split('|').map(Number)
      st.rollup!.run(bucket, projectId, modelId, sourceId, sub, ...v)
    }

    for (const u of batch.toolUses)
      st.toolUse!.run(u.id, u.name, u.ts, u.sessionId, u.agentId, u.subagentType, u.description)
    for (const r of batch.toolResults)
      st.toolResult!.run(r.toolUseId, r.ts, r.ts, r.isError ? 1 : 0, r.errorText, r.spawnedAgentId)
    for (const e of batch.events) st.event!.run(e.uuid, e.kind, e.ts, e.sessionId, e.agentId, e.text, e.value)
    for (const s of batch.sessions) {
      st.session!.run(
        s.sessionId,
        s.cwd === null ? null : this.projectId(s.cwd),
        file.sourceId,
        s.firstTs,
        s.lastTs,
        s.versions.join(','),
        s.gitBranch,
        s.entrypoint,
      )
      const row = st.getVersions!.get(s.sessionId) as { versions: string }
      const have = new Set(row.versions.split(',').filter((v) => v.length > 0))
      const before = have.size
      for (const v of s.versions) have.add(v)
      if (have.size !== before) st.setVersions!.run([...have].join(','), s.sessionId)
    }
    for (const t of batch.titles) st.title!.run(t.sessionId, t.kind, t.title)
    for (const s of batch.summaries) st.summary!.run(s.leafUuid, s.summary)
    for (const l of batch.leafs) st.leaf!.run(l.uuid, l.sessionId)
    if (agent)
      st.agent!.run(agent.id, agent.sessionId, agent.agentType, agent.description, agent.worktreePath)

    const bad = Object.values(batch.badLines).reduce((a, b) => a + b, 0)
    if (file.reset) st.resetFile!.run(file.path)
    st.putFile!.run(
      file.path,
      file.sourceId,
      file.kind,
      file.sessionId,
      file.agentId,
      file.ino,
      file.size,
      file.mtimeMs,
      file.headHash,
      file.offset,
      batch.lines,
      bad,
      Date.now(),
    )
    return result
  }

  fileState(path: string): FileState | undefined {
    return this.db
      .prepare(
        `SELECT id, path, ino, size, mtime_ms, head_hash, offset, missing_since FROM files WHERE path = ?`,
      )
      .get(path) as FileState | undefined
  }
}
