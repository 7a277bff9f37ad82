import type { Statement } from 'better-sqlite3'
import { R, responseTotal, type PackedBatch, type PackedSession, type ResponseRow } from '../parse/packed'
import { RollupDelta, type RollupCell } from './rollup-delta'
import { responseRow } from './response-row'
import { isBetter } from '../parse/best-copy'
import { isInlineRunId } from '../parse/inline-runs'
import { projectName } from '../parse/project'
import type { PriceBook } from '../prices/price-book'
import { asStoreError, type Db } from './db'
import { WRITER_SQL, type TokenColumns, type WriterStatement } from './writer-sql'
import { repriceIfStale, type RepriceResult } from './reprice'
import { ActivityWriter } from './activity-delta'
import { prepareSessionTotals, SessionDelta, type SessionTotalsStatements } from './session-totals'
import { refreshTurns, TurnMarks } from './turns'

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

/** A stored response's rollup dimensions and contribution. */
export interface StoredResponse extends TokenColumns {
  ts: number
  project_id: number
  model_id: number
  source_id: number
  sub: number
  cost: number | null
}

/**
 * The single writer. Every batch (one file's new bytes) is applied in one transaction together
 * with the file's new offset, so a crash leaves either all or none of it; re-applying a batch is
 * idempotent because every fact is keyed (response key, tool_use id, line uuid).
 */
export class StoreWriter {
  private readonly projects = new Map<string, number>()
  private readonly models = new Map<string, number>()
  private readonly st: Record<WriterStatement, Statement>
  private readonly sessionTotals: SessionTotalsStatements
  private checkPruned = true
  /** Writes from outside the pass (settings, sources, prices) waiting for the open group to end. */
  private readonly waiting: (() => void)[] = []
  private groupOpen = false
  private readonly activity: ActivityWriter
  /** Sessions whose turns this apply changed (store/turns.ts). */
  private readonly turns = new TurnMarks()

  constructor(
    private readonly db: Db,
    private prices: PriceBook,
  ) {
    this.activity = new ActivityWriter(db)
    this.st = Object.fromEntries(
      Object.entries(WRITER_SQL).map(([k, sql]) => [k, db.prepare(sql)]),
    ) as Record<WriterStatement, Statement>
    this.sessionTotals = prepareSessionTotals(db)
  }
  /** Loads what the first batch will need (the price data) ahead of it. */
  prepare(): void {
    this.prices.prepare()
  }

  /** New responses are priced with this book from now on (after prices.json changed). */
  setPrices(prices: PriceBook): void {
    this.prices = prices
  }

  private repricedWith: PriceBook | undefined
  /**
   * Once per price book, before its first pass: responses stored with another price version (an
   * app update brought new price data or corrections) get this book's costs, rollup included.
   */
  repriceStale(log: (level: 'info', msg: string) => void): RepriceResult | null {
    if (this.repricedWith === this.prices) return null
    const r = repriceIfStale(this.db, this.prices)
    this.repricedWith = this.prices
    if (r !== null && r.responses > 0)
      log('info', `re-priced ${r.responses} responses with ${r.version} (were ${r.fromVersions.join(', ')})`)
    return r
  }

  /** The id of a project path ('' for lines without a cwd), created on first sight. */
  private projectIdOf(path: string): number {
    let id = this.projects.get(path)
    if (id !== undefined) return id
    const row = this.st.getProject.get(path) as { id: number } | undefined
    id = row
      ? row.id
      : Number(this.st.putProject.run(path, path === '' ? '(unknown)' : projectName(path)).lastInsertRowid)
    this.projects.set(path, id)
    return id
  }

  modelId(name: string): number {
    let id = this.models.get(name)
    if (id !== undefined) return id
    const row = this.st.getModel.get(name) as { id: number } | undefined
    id = row ? row.id : Number(this.st.putModel.run(name).lastInsertRowid)
    this.models.set(name, id)
    return id
  }

  /**
   * Applies one file's parsed batch and its new state. Inside an open group transaction (begin/commit)
   * it runs in a savepoint, so a failure rolls back only this file; a store-level failure (lock,
   * corruption, full disk) is rethrown as a StoreError. `atomic: false` skips the savepoint (a
   * noticeable share of a cold ingest): the caller must then roll back the whole group on any failure.
   */
  apply(batch: PackedBatch, file: FileUpdate, agent: AgentMeta | null, atomic = true): ApplyResult {
    try {
      if (!atomic && this.db.inTransaction) return this.applyInTx(batch, file, agent)
      const alone = !this.db.inTransaction
      return this.db.transaction(() => {
        const result = this.applyInTx(batch, file, agent)
        if (alone) refreshTurns(this.db)
        return result
      })()
    } catch (err) {
      this.turns.clear()
      // Project/model rows inserted by what was rolled back are gone: forget their ids.
      this.forgetIds()
      throw asStoreError(err, this.db.name)
    }
  }

  /** Starts a group: several files per commit (commits dominate the cost of small files). */
  begin(): void {
    if (this.db.inTransaction) return
    this.db.exec('BEGIN')
    this.groupOpen = true
    // Tombstones only change between passes (retention runs in the host's queue), so once per group.
    this.checkPruned = this.st.anyPruned.get() !== undefined
    this.activity.newGroup()
  }

  commit(): void {
    try {
      if (this.db.inTransaction) {
        refreshTurns(this.db)
        this.db.exec('COMMIT')
      }
    } catch (err) {
      throw asStoreError(err, this.db.name)
    }
    this.runWaiting()
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK')
    this.forgetIds()
    this.runWaiting()
  }

  /**
   * Runs a write that is not the pass's (a setting, a source, re-pricing) outside any group: at once
   * when none is open, else as soon as it commits or rolls back. A group stays open while the pass
   * awaits parsing, and a write made then would join it and vanish with a rollback.
   */
  outsideGroup<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          resolve(write())
        } catch (err) {
          reject(err)
        }
      }
      if (this.groupOpen && this.db.inTransaction) this.waiting.push(run)
      else run()
    })
  }

  private runWaiting(): void {
    this.groupOpen = false
    for (const run of this.waiting.splice(0)) run()
  }

  private forgetIds(): void {
    this.projects.clear()
    this.models.clear()
  }

  private applyInTx(batch: PackedBatch, file: FileUpdate, agent: AgentMeta | null): ApplyResult {
    const result = this.applyResponses(batch.responses, file.sourceId, agent)
    this.activity.begin(batch.sessions)
    this.applyFacts(batch)
    this.applySessions(batch.sessions, file.sourceId)
    this.activity.finish()
    if (agent)
      this.st.agent.run(agent.id, agent.sessionId, agent.agentType, agent.description, agent.worktreePath)
    this.putFile(file, batch)
    this.turns.events(batch.events)
    this.turns.save(this.db)
    return result
  }

  // The steps of applyInTx are separate small methods: V8 optimizes (and re-optimizes) each alone.

  /** Stores each response unless the store holds a better copy, and adds what changed to the rollup. */
  private applyResponses(rows: ResponseRow[], sourceId: number, agent: AgentMeta | null): ApplyResult {
    const result: ApplyResult = { newResponses: 0, replacedResponses: 0 }
    const delta = new RollupDelta()
    const perSession = new SessionDelta()
    for (const r of rows) {
      // A response retention pruned is already in the rollup (copies may carry other timestamps).
      if (this.checkPruned && this.st.isPruned.get(r[R.key])) continue
      const cell: RollupCell = {
        ts: r[R.ts],
        projectId: this.projectIdOf(r[R.project]),
        modelId: this.modelId(r[R.model]),
        sourceId,
        sub: r[R.agentId] !== null || r[R.isSidechain] === 1 ? 1 : 0,
      }
      const t: TokenColumns = {
        input: r[R.input],
        output: r[R.output],
        cw5m: r[R.cacheWrite5m],
        cw1h: r[R.cacheWrite1h],
        cr: r[R.cacheRead],
      }
      const cost = this.prices.cost(
        { input: t.input, output: t.output, cacheWrite5m: t.cw5m, cacheWrite1h: t.cw1h, cacheRead: t.cr },
        r[R.model],
        cell.ts,
      )
      const agentType = agent !== null && r[R.agentId] === agent.id ? agent.agentType : null
      const row = responseRow(r, cell, agentType, cost, this.prices.version)
      // Try a plain insert first (the common case); only a key we already hold needs the comparison.
      if (this.st.insResp.run(...row).changes === 1) result.newResponses++
      else {
        // Only inline runs (rule 6) were stored without their agent id by older versions.
        const agent = r[R.agentId]
        if (agent !== null && isInlineRunId(agent)) this.st.fillAgent.run(agent, agentType, r[R.key])
        if (this.replaceIfBetter(r, row, delta, perSession)) result.replacedResponses++
        else continue
      }
      delta.add(cell, 1, t, cost)
      perSession.add(r[R.sessionId], cell, 1, t, cost)
      if (cell.sub === 0) this.turns.touch(r[R.sessionId], cell.ts)
    }
    delta.write(this.st.rollup)
    perSession.write(this.sessionTotals)
    return result
  }

  /** Counting rule 2 against the stored copy: replaces it (and takes it out of the rollup) when `r` is better. */
  private replaceIfBetter(
    r: ResponseRow,
    row: unknown[],
    delta: RollupDelta,
    perSession: SessionDelta,
  ): boolean {
    const old = this.st.getResp.get(r[R.key]) as StoredResponse & {
      from_progress: number
      session_id: string
    }
    const stored = {
      total: old.input + old.output + old.cw5m + old.cw1h + old.cr,
      fromProgress: old.from_progress === 1,
    }
    if (!isBetter({ total: responseTotal(r), fromProgress: r[R.fromProgress] === 1 }, stored)) return false
    const cell = {
      ts: old.ts,
      projectId: old.project_id,
      modelId: old.model_id,
      sourceId: old.source_id,
      sub: old.sub,
    }
    delta.add(cell, -1, old, old.cost)
    perSession.add(old.session_id, cell, -1, old, old.cost)
    if (old.sub === 0) this.turns.touch(old.session_id, old.ts)
    this.st.putResp.run(...row)
    return true
  }

  /** Rows that go in as they are: tool calls, events, titles, summaries, leafs. */
  private applyFacts(batch: PackedBatch): void {
    const st = this.st
    // Spread, not run(row): better-sqlite3 binds arguments faster than it reads an array's elements.
    // Tool calls and events through the activity rollup, which counts what they add or change.
    const act = this.activity
    for (const row of batch.toolCalls) act.toolFull(row)
    for (const row of batch.toolUses) act.toolUse(row)
    for (const row of batch.toolResults) act.toolResult(row)
    for (const row of batch.events) act.event(row)
    for (const row of batch.titles) st.title.run(...row)
    for (const row of batch.summaries) st.summary.run(...row)
    for (const row of batch.leafs) st.leaf.run(...row)
  }

  private applySessions(sessions: PackedSession[], sourceId: number): void {
    for (const s of sessions) {
      const row = this.st.session.get(
        s.sessionId,
        s.project === null ? null : this.projectIdOf(s.project),
        sourceId,
        s.firstTs,
        s.lastTs,
        s.versions.join(','),
        s.gitBranch,
        s.entrypoint,
      ) as { versions: string }
      const have = new Set(row.versions.split(',').filter((v) => v.length > 0))
      const before = have.size
      for (const v of s.versions) have.add(v)
      if (have.size !== before) this.st.setVersions.run([...have].join(','), s.sessionId)
      for (const p of s.parts)
        this.st.spanPart.run(
          s.sessionId,
          p.agentId,
          p.firstTs,
          p.lastTs,
          p.firstPrompt,
          p.firstIsWarmup ? 1 : 0,
          p.morePrompts ? 1 : 0,
        )
      this.st.sessionSpan.run(s.sessionId, s.sessionId, s.sessionId)
    }
  }

  /** The file's new offset and counts, in the same transaction as its records. */
  private putFile(file: FileUpdate, batch: PackedBatch): void {
    let bad = 0
    for (const n of Object.values(batch.badLines)) bad += n
    if (file.reset) this.st.resetFile.run(file.path)
    this.st.putFile.run(
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
  }
}
