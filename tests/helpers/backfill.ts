import Database from 'better-sqlite3'

/** Every table migrations 011–015 fill, in a stable order. */
const DERIVED: Record<string, string> = {
  activity_15m: 'SELECT * FROM activity_15m ORDER BY 1, 2, 3, 4, 5, 6',
  activity_orphans: 'SELECT * FROM activity_orphans ORDER BY 1',
  session_totals: 'SELECT * FROM session_totals ORDER BY 1, 2, 3, 4, 5, 6',
  turns: 'SELECT * FROM turns ORDER BY 1, 2',
  turns_dirty: 'SELECT * FROM turns_dirty ORDER BY 1',
  rollup_1d: 'SELECT * FROM rollup_1d ORDER BY 1, 2, 3, 4, 5',
  agent_runs: 'SELECT * FROM agent_runs ORDER BY 1, 2, 3, 4, 5',
  activity_1d:
    'SELECT * FROM activity_1d WHERE n <> 0 OR errors <> 0 OR value_n <> 0 ORDER BY 1, 2, 3, 4, 5, 6',
}

export function snapshot(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true })
  try {
    // Costs are sums of doubles: the same sums in another order may differ in the last bits.
    const round = (r: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(12)) : v]),
      )
    return Object.fromEntries(
      Object.entries(DERIVED).map(([t, sql]) => [
        t,
        (db.prepare(sql).all() as Record<string, unknown>[]).map(round),
      ]),
    )
  } finally {
    db.close()
  }
}

/** Sets a store back to version 10: the derived tables and their triggers gone, as before 011. */
export function toVersion10(file: string): void {
  const db = new Database(file)
  db.exec(`DROP TABLE activity_15m; DROP TABLE activity_orphans; DROP TABLE session_totals; DROP TABLE turns;
    DROP TABLE turns_dirty; DROP TABLE rollup_1d; DROP TABLE agent_runs;
    DROP TRIGGER IF EXISTS rollup_1d_insert; DROP TRIGGER IF EXISTS rollup_1d_update; DROP TRIGGER IF EXISTS rollup_1d_delete;
    DROP TRIGGER IF EXISTS agent_runs_insert; DROP TRIGGER IF EXISTS agent_runs_update; DROP TRIGGER IF EXISTS agent_runs_delete;
    PRAGMA user_version = 10`)
  db.close()
}
