import type { Statement } from 'better-sqlite3'
import type { Db } from './db'
import { rebuildLatency } from './latency-backfill'
import { LatencyDelta, noteDims, sessionDims } from './latency-delta'
import { LATENCY_KIND } from './latency-sql'
import { refreshRunTypes } from './run-types'
import { refreshOutcomes } from './session-outcomes'

/** Turns longer than this are someone who walked away, not a response time. */
export const MAX_TURN_MS = 4 * 3_600_000

/** `turns_dirty.from_ts` of a session whose turns are all to be recomputed. */
export const ALL_TURNS = Number.MIN_SAFE_INTEGER

/** Marks every session with a main-thread prompt or command for a full recompute (migration 013, tests). */
export const MARK_ALL_TURNS_SQL = `INSERT INTO turns_dirty (session_id, from_ts)
  SELECT DISTINCT session_id, ${ALL_TURNS} FROM events WHERE kind IN ('prompt', 'command') AND agent_id IS NULL
  ON CONFLICT DO UPDATE SET from_ts = excluded.from_ts`

const MAIN_EVENT = (kind: string) => `session_id = :s AND kind = '${kind}' AND agent_id IS NULL`

const SQL = {
  /** The session's last prompt and last command strictly before :t. */
  before: `SELECT (SELECT ts FROM events WHERE ${MAIN_EVENT('prompt')} AND ts < :t ORDER BY ts DESC LIMIT 1) AS p,
    (SELECT ts FROM events WHERE ${MAIN_EVENT('command')} AND ts < :t ORDER BY ts DESC LIMIT 1) AS c`,
  // What forEachTurn computed per prompt before the table existed (ARCHITECTURE.md, Response times): a turn
  // runs to the next prompt or command of the session (LEAD: of two at the same instant one gets an empty turn).
  tail: `WITH p AS (
      SELECT ts, LEAD(ts) OVER (ORDER BY ts) AS next_ts FROM events
      WHERE session_id = :s AND kind IN ('prompt', 'command') AND agent_id IS NULL AND ts >= :from)
    SELECT p.ts,
      (SELECT SUM(d.value) FROM events d WHERE d.session_id = :s AND d.kind = 'turn_duration' AND d.agent_id IS NULL
         AND d.ts > p.ts AND d.ts <= COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS})) AS dur,
      (SELECT x.ts || ':' || x.model_id FROM responses x WHERE x.session_id = :s AND x.agent_id IS NULL
         AND x.is_sidechain = 0 AND x.ts > p.ts AND x.ts < COALESCE(p.next_ts, p.ts + ${MAX_TURN_MS})
         ORDER BY x.ts DESC LIMIT 1) AS last
    FROM p`,
  del: `DELETE FROM turns WHERE session_id = ? AND ts >= ? RETURNING ts, duration_ms, from_turn_duration`,
  put: `INSERT OR IGNORE INTO turns (session_id, ts, duration_ms, from_turn_duration, model_id) VALUES (?,?,?,?,?)`,
  dirty: `SELECT session_id, from_ts FROM turns_dirty`,
  clean: `DELETE FROM turns_dirty`,
  mark: `INSERT INTO turns_dirty (session_id, from_ts) VALUES (?, ?)
    ON CONFLICT DO UPDATE SET from_ts = MIN(from_ts, excluded.from_ts)`,
  indexes: `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index'
    AND name IN ('events_session_kind_ts', 'responses_session')`,
} as const

const prepared = new WeakMap<Db, Record<keyof typeof SQL, Statement>>()
function st(db: Db): Record<keyof typeof SQL, Statement> {
  let s = prepared.get(db)
  if (!s) {
    s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<
      keyof typeof SQL,
      Statement
    >
    prepared.set(db, s)
  }
  return s
}

/**
 * Recomputes one session's turns from the turn holding `ts` on (a prompt, command, turn_duration or
 * main-thread response at `ts` changes at most that turn and the later ones): deletes that tail and
 * inserts it again. `ts` = ALL_TURNS recomputes them all.
 */
export function recomputeTurns(db: Db, sessionId: string, ts: number, latency: LatencyDelta): void {
  const s = st(db)
  const b = s.before.get({ s: sessionId, t: ts }) as { p: number | null; c: number | null }
  const prev = Math.max(b.p ?? -Infinity, b.c ?? -Infinity)
  const from = prev === -Infinity ? ts : prev
  // The response-time histograms (store/latency-delta.ts) lose the old tail and gain the new one.
  const dims = sessionDims(db, sessionId)
  const turn = (t: number, d: number, f: boolean, sign: 1 | -1) =>
    latency.add(dims, LATENCY_KIND.turn, t, d, 0, f, sign)
  for (const [t, d, f] of s.del.raw().all(sessionId, from) as [number, number, number][])
    turn(t, d, f === 1, -1)
  const rows = s.tail.all({ s: sessionId, from }) as { ts: number; dur: number | null; last: string | null }[]
  for (const t of rows) {
    const cut = t.last === null ? -1 : t.last.indexOf(':')
    const lastTs = t.last === null ? null : Number(t.last.slice(0, cut))
    const d = t.dur ?? (lastTs === null ? null : lastTs - t.ts)
    if (d === null || d <= 0 || d > MAX_TURN_MS) continue
    const model = t.last === null ? null : Number(t.last.slice(cut + 1))
    if (s.put.run(sessionId, t.ts, d, t.dur !== null ? 1 : 0, model).changes === 1)
      turn(t.ts, d, t.dur !== null, 1)
  }
  if (rows.length > 0) noteDims(db, sessionId, dims)
}

/**
 * Recomputes the turns of the sessions `turns_dirty` lists, then empties it — in the caller's
 * transaction, else in one of its own. Without the session indexes (a bulk pass dropped them) every
 * recompute would scan the fact tables, so the list waits for them (the pass's end, or the next open).
 * Returns how many sessions were recomputed.
 */
export function refreshTurns(db: Db): number {
  const s = st(db)
  if ((s.indexes.pluck().get() as number) < 2) return 0
  // Called wherever facts were committed: the outcome inputs a removed maximum left dirty go with it.
  // So do the types of new runs, or of runs whose sidecar or spawning call changed.
  const derived = () => (refreshOutcomes(db), refreshRunTypes(db))
  if (db.inTransaction) derived()
  else db.transaction(derived)()
  const dirty = s.dirty.raw().all() as [string, number][]
  if (dirty.length === 0) return 0
  const run = () => {
    const latency = new LatencyDelta()
    let n = 0
    for (const [session, from] of dirty) {
      recomputeTurns(db, session, from, latency)
      // Written as it goes: a bulk pass's end recomputes every session.
      if (++n % 1000 === 0) latency.write(db)
    }
    latency.write(db)
    s.clean.run()
  }
  if (db.inTransaction) run()
  else db.transaction(run)()
  return dirty.length
}

/** Recomputes every session's turns (tests; a store whose facts were written around the writer). */
export function rebuildTurns(db: Db): void {
  db.transaction(() => {
    db.exec(`DELETE FROM turns`)
    db.exec(MARK_ALL_TURNS_SQL)
    refreshTurns(db)
    rebuildLatency(db)
  })()
}

/**
 * What the writer saw change in the main-thread facts a turn depends on (prompts, commands,
 * turn_duration events, responses): per session the earliest instant touched. `save` writes them into
 * `turns_dirty` in the apply's transaction, so a rolled-back file takes its marks with it.
 */
export class TurnMarks {
  private readonly from = new Map<string, number>()

  touch(sessionId: string, ts: number): void {
    const f = this.from.get(sessionId)
    if (f === undefined || ts < f) this.from.set(sessionId, ts)
  }

  /** Events rows (uuid, kind, ts, session, agent, …): main-thread turn starts and durations. */
  events(rows: readonly (readonly [string, string, number, string, string | null, ...unknown[]])[]): void {
    for (const [, kind, ts, session, agent] of rows)
      if (agent === null && (kind === 'prompt' || kind === 'command' || kind === 'turn_duration'))
        this.touch(session, ts)
  }

  save(db: Db): void {
    if (this.from.size === 0) return
    const mark = st(db).mark
    for (const [session, ts] of this.from) mark.run(session, ts)
    this.from.clear()
  }

  clear(): void {
    this.from.clear()
  }
}
