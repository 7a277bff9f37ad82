import type { Statement } from 'better-sqlite3'
import type { EventRow, PackedSession, ToolCallRow, ToolResultRow, ToolUseRow } from '../parse/packed'
import { ACTIVITY_EVENT_KINDS, ACTIVITY_SQL, type ActivityStatement } from './activity-sql'
import { BUCKET_MS } from './buckets'
import type { Db } from './db'
import { WRITER_SQL } from './writer-sql'
import { LatencyWriter, type TimedTool } from './latency-delta'

/** A session's dimensions in the rollup: project and source ids, 0 for none. */
type Dims = readonly [project: number, source: number]

interface Cell {
  kind: string
  bucket: number
  sub: number
  name: string
  /** n, errors, value_sum, value_n */
  v: number[]
}

interface StoredTool extends TimedTool {
  name: string
  is_error: number | null
}

const COUNTED = new Set<string>(ACTIVITY_EVENT_KINDS)
const RETURNING = ' RETURNING name, ts, session_id, agent_id, is_error, result_ts'

/**
 * Keeps `activity_15m` in step with the fact tables inside the writer's transaction. Only a fact that
 * is new counts; a tool call that changes (its use arrives after its result, a re-read fills its agent
 * id) takes its old row out and puts the new one in. The counts are kept per session during the batch
 * and given the session's project and source after the batch's sessions are stored (a new session's
 * row is made there).
 */
export class ActivityWriter {
  private readonly st: Record<
    ActivityStatement | 'event' | 'promptText' | 'tool' | 'use' | 'result',
    Statement
  >
  private readonly pending = new Map<string, Map<string, Cell>>()
  private readonly before = new Map<string, Dims>()
  private readonly dims = new Map<string, Dims>()
  /** The response-time histograms' tool calls, which change with the same rows. */
  private readonly latency: LatencyWriter
  /** Some session's move may wait for the indexes (checked once per group, set by a deferral). */
  private anyWaiting = false

  constructor(db: Db) {
    this.latency = new LatencyWriter(db)
    const sql = {
      ...ACTIVITY_SQL,
      event: WRITER_SQL.event,
      promptText: WRITER_SQL.promptText,
      tool: WRITER_SQL.toolFull + RETURNING,
      use: WRITER_SQL.toolUse + RETURNING,
      result: WRITER_SQL.toolResult + RETURNING,
    }
    this.st = Object.fromEntries(Object.entries(sql).map(([k, s]) => [k, db.prepare(s)])) as typeof this.st
    this.newGroup()
  }

  /** A group begins: whether any move waits (only then is each batch's session looked up for one). */
  newGroup(): void {
    this.anyWaiting = this.st.anyWaiting.get() !== undefined
  }

  /** Starts a batch: the dimensions its sessions had before it. */
  begin(sessions: PackedSession[]): void {
    this.pending.clear()
    this.before.clear()
    this.dims.clear()
    this.latency.begin()
    for (const s of sessions) this.before.set(s.sessionId, this.lookup(s.sessionId))
  }

  event(row: EventRow): void {
    if (this.st.event.run(...row).changes === 1) {
      if (COUNTED.has(row[1]))
        this.add(row[3], row[1], row[2], row[4] !== null, '', [1, 0, row[6] ?? 0, row[6] === null ? 0 : 1])
    } else if (row[1] === 'prompt') this.st.promptText.run(row[5], row[0])
  }

  toolFull(row: ToolCallRow): void {
    if (this.st.insToolFull.run(...row).changes === 1)
      this.tool(
        {
          name: row[1],
          ts: row[2],
          session_id: row[3],
          agent_id: row[4],
          is_error: row[8],
          result_ts: row[7],
        },
        1,
      )
    else this.change(row[0], this.st.tool, row)
  }

  toolUse(row: ToolUseRow): void {
    if (this.st.insToolUse.run(...row).changes === 1)
      this.tool(
        { name: row[1], ts: row[2], session_id: row[3], agent_id: row[4], is_error: null, result_ts: null },
        1,
      )
    else this.change(row[0], this.st.use, row)
  }

  /** A result alone makes a placeholder ('?', not counted) or completes a stored call. */
  toolResult(row: ToolResultRow): void {
    this.change(row[0], this.st.result, row)
  }

  /** Writes the batch's counts with each session's dimensions now (after the batch's sessions are stored). */
  finish(): void {
    // A session whose project or source this batch filled (or whose row it made) had its earlier facts
    // counted under 0 there: those sessions (listed as orphans) move, their facts recounted. Without the
    // session indexes (a bulk pass) the move waits, listed, and its facts keep the dimensions they had.
    this.latency.finish(this.before, (id) => this.dimsOf(id))
    const counted = new Map<string, Dims>()
    const moved: string[] = []
    for (const [id, was] of this.before) {
      const waits = this.waiting(id)
      if (waits) counted.set(id, waits)
      else if (this.changed(id, was) && this.st.isOrphan.get(id) !== undefined) {
        counted.set(id, was)
        if (this.canRecount()) moved.push(id)
        else {
          this.st.deferMove.run(id, `${was[0]},${was[1]}`)
          this.anyWaiting = true
        }
      }
    }
    const out = new Map<string, { c: Cell; d: Dims }>()
    for (const [id, cells] of this.pending) {
      const d = counted.get(id) ?? this.waiting(id) ?? this.dimsOf(id)
      for (const c of cells.values()) put(out, c, d, 1)
      if (d[0] === 0 || d[1] === 0) this.st.orphan.run(id)
    }
    for (const id of moved) moveFacts(this.st, id, counted.get(id)!, this.dimsOf(id), out)
    writeCells(this.st, out)
    this.pending.clear()
  }

  private changed(id: string, was: Dims): boolean {
    const now = this.dimsOf(id)
    return was[0] !== now[0] || was[1] !== now[1]
  }

  /** The dimensions a session's facts are counted under while its move waits, else null. */
  private waiting(id: string): Dims | null {
    if (!this.anyWaiting) return null
    const v = this.st.waiting.pluck().get(id) as string | undefined
    return v === undefined ? null : parseDims(v)
  }

  private canRecount(): boolean {
    return (this.st.indexes.pluck().get() as number) === 2
  }

  private lookup(id: string): Dims {
    const r = this.st.dims.get(id) as { p: number; s: number } | undefined
    return r ? [r.p, r.s] : [0, 0]
  }

  private dimsOf(id: string): Dims {
    let d = this.dims.get(id)
    if (!d) this.dims.set(id, (d = this.lookup(id)))
    return d
  }

  /** Runs an upsert on a stored call: what it changed comes out of the rollup and goes back in. */
  private change(id: string, upsert: Statement, row: unknown[]): void {
    const old = this.st.getTool.get(id) as StoredTool | undefined
    const now = upsert.get(...row) as StoredTool | undefined
    if (!now) return
    if (old) this.tool(old, -1)
    this.tool(now, 1)
  }

  private tool(t: StoredTool, sign: 1 | -1): void {
    this.latency.tool(t, sign)
    if (t.name === '?') return
    this.add(t.session_id, 'tool', t.ts, t.agent_id !== null, t.name, [sign, t.is_error ? sign : 0, 0, 0])
  }

  private add(session: string, kind: string, ts: number, sub: boolean, name: string, v: number[]): void {
    let cells = this.pending.get(session)
    if (!cells) this.pending.set(session, (cells = new Map()))
    const c = { kind, bucket: Math.floor(ts / BUCKET_MS), sub: sub ? 1 : 0, name, v }
    // Only the name is free text, and it comes last: the key is unambiguous.
    put1(cells, `${kind}|${c.bucket}|${c.sub}|${name}`, c)
  }
}

function put1(cells: Map<string, Cell>, key: string, c: Cell): void {
  const have = cells.get(key)
  if (!have) cells.set(key, { ...c, v: [...c.v] })
  else for (let i = 0; i < 4; i++) have.v[i]! += c.v[i]!
}

function put(out: Map<string, { c: Cell; d: Dims }>, c: Cell, d: Dims, sign: 1 | -1): void {
  const key = `${c.kind}|${c.bucket}|${d[0]}|${d[1]}|${c.sub}|${c.name}`
  const have = out.get(key)
  if (!have) out.set(key, { c: { ...c, v: c.v.map((x) => sign * x) }, d })
  else for (let i = 0; i < 4; i++) have.c.v[i]! += sign * c.v[i]!
}

type Statements = Record<ActivityStatement, Statement>

const parseDims = (v: string): Dims => {
  const [p, s] = v.split(',').map(Number)
  return [p!, s!]
}

/** Recounts a session's facts and moves them from the dimensions they were counted under to its own. */
function moveFacts(
  st: Statements,
  id: string,
  from: Dims,
  to: Dims,
  out: Map<string, { c: Cell; d: Dims }>,
): void {
  for (const r of st.sessionFacts.all(id, id) as (Omit<Cell, 'v'> & {
    n: number
    errors: number
    vs: number
    vn: number
  })[]) {
    const c = { kind: r.kind, bucket: r.bucket, sub: r.sub, name: r.name, v: [r.n, r.errors, r.vs, r.vn] }
    put(out, c, from, -1)
    put(out, c, to, 1)
  }
  if (to[0] !== 0 && to[1] !== 0) st.adopted.run(id)
  else st.orphan.run(id)
}

function writeCells(st: Statements, out: Map<string, { c: Cell; d: Dims }>): void {
  for (const { c, d } of out.values()) {
    if (c.v.every((x) => x === 0)) continue
    const key = [c.kind, c.bucket, d[0], d[1], c.sub, c.name]
    st.add.run(...key, ...c.v)
    if (c.v[0]! < 0) st.dropEmpty.run(...key)
  }
}

const prepared = new WeakMap<Db, Statements>()

/**
 * Makes the moves that waited for the session indexes (a bulk pass's, or one a crash left), in the
 * caller's transaction, else in one of its own. Returns how many sessions moved; none while the
 * indexes are missing.
 */
export function refreshActivity(db: Db): number {
  let st = prepared.get(db)
  if (!st) {
    st = Object.fromEntries(Object.entries(ACTIVITY_SQL).map(([k, s]) => [k, db.prepare(s)])) as Statements
    prepared.set(db, st)
  }
  const s = st
  if ((s.indexes.pluck().get() as number) !== 2) return 0
  const rows = s.allWaiting.all() as { id: string; value: string }[]
  if (rows.length === 0) return 0
  const run = () => {
    const out = new Map<string, { c: Cell; d: Dims }>()
    for (const { id, value } of rows) {
      const d = s.dims.get(id) as { p: number; s: number } | undefined
      moveFacts(s, id, parseDims(value), d ? [d.p, d.s] : [0, 0], out)
      s.moved.run(id)
    }
    writeCells(s, out)
  }
  if (db.inTransaction) run()
  else db.transaction(run)()
  return rows.length
}
