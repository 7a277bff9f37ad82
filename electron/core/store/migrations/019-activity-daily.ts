import { chunkSizes, everyNth, keyRange, runIn } from '../backfill-range'
import { ACTIVITY_EVENT_KINDS } from '../activity-sql'
import type { Migration } from './types'

const KEY = `kind, project_id, source_id, is_subagent, name`
const COLS = `n, errors, value_sum, value_n`
const ADD = COLS.split(', ')
  .map((c) => `${c} = ${c} + excluded.${c}`)
  .join(', ')
/** The UTC day of a bucket, rounded down (splitByDay's days; `/` alone truncates toward zero). */
const dayOf = (b: string) => `(CASE WHEN ${b} >= 0 THEN ${b} / 96 ELSE (${b} - 95) / 96 END)`
/** A row's day and cell (or, `all`, the cell over all projects and sources: -1, which no filter matches). */
const of = (r: 'NEW' | 'OLD', cols: (c: string) => string, all = false) =>
  `${dayOf(`${r}.bucket`)}, ${KEY.split(', ')
    .map((k) => (all && (k === 'project_id' || k === 'source_id') ? '-1' : `${r}.${k}`))
    .join(', ')}, ${COLS.split(', ').map(cols).join(', ')}`
const put = (values: string, when: string) =>
  `INSERT INTO activity_1d (day, ${KEY}, ${COLS}) SELECT ${values} WHERE ${when} ON CONFLICT DO UPDATE SET ${ADD};`
const sameKey = `NEW.bucket IS OLD.bucket AND NEW.kind IS OLD.kind AND NEW.project_id IS OLD.project_id
  AND NEW.source_id IS OLD.source_id AND NEW.is_subagent IS OLD.is_subagent AND NEW.name IS OLD.name`
// Every kind, listed so a chunk searches the primary key (kind, bucket, …) by bucket range.
const KINDS = [...ACTIVITY_EVENT_KINDS, 'tool'].map((k) => `'${k}'`).join(', ')
const isBucket = (r: 'NEW' | 'OLD') => `typeof(${r}.bucket) = 'integer'`

/**
 * The activity rollup by UTC day (ARCHITECTURE.md, "Activity rollup", daily level), as migration 014 is
 * to `rollup_15m`: long ranges of tools, series activity and summary prompts read whole UTC days here
 * and only their edges from `activity_15m` (metrics/activity-span.ts). Kept equal to the sums of
 * `activity_15m` by triggers, so its writers (ingest, moves of orphans, rebuilds, pruning) keep it
 * exact without knowing of it. Each day also has its cells over all projects and sources (-1, as
 * latency_1h): a day's tool rows are spread thin over projects and sources, so an unfiltered range
 * reads ~27 times fewer tool rows from these than from activity_15m (10 GB store). The backfill sums
 * `activity_15m` by ranges of days. Derived data: running it again rebuilds it.
 */
export const m019ActivityDaily: Migration = {
  version: 19,
  name: 'activity-daily',
  sql: `
DROP TRIGGER IF EXISTS activity_1d_insert;
DROP TRIGGER IF EXISTS activity_1d_update;
DROP TRIGGER IF EXISTS activity_1d_delete;
CREATE TABLE IF NOT EXISTS activity_1d (
  kind TEXT NOT NULL,
  day INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  is_subagent INTEGER NOT NULL,
  name TEXT NOT NULL,
  n INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  value_sum REAL NOT NULL,
  value_n INTEGER NOT NULL,
  PRIMARY KEY (kind, day, project_id, source_id, is_subagent, name)
) WITHOUT ROWID;
DELETE FROM activity_1d;

CREATE TRIGGER activity_1d_insert AFTER INSERT ON activity_15m WHEN ${isBucket('NEW')} BEGIN
  ${put(
    of('NEW', (c) => `NEW.${c}`),
    '1',
  )}
  ${put(
    of('NEW', (c) => `NEW.${c}`, true),
    '1',
  )}
END;
CREATE TRIGGER activity_1d_update AFTER UPDATE ON activity_15m BEGIN
  ${put(
    of('NEW', (c) => `NEW.${c} - OLD.${c}`),
    `${isBucket('NEW')} AND ${sameKey}`,
  )}
  ${put(
    of('NEW', (c) => `NEW.${c} - OLD.${c}`, true),
    `${isBucket('NEW')} AND ${sameKey}`,
  )}
  ${put(
    of('OLD', (c) => `-OLD.${c}`),
    `${isBucket('OLD')} AND NOT (${sameKey})`,
  )}
  ${put(
    of('OLD', (c) => `-OLD.${c}`, true),
    `${isBucket('OLD')} AND NOT (${sameKey})`,
  )}
  ${put(
    of('NEW', (c) => `NEW.${c}`),
    `${isBucket('NEW')} AND NOT (${sameKey})`,
  )}
  ${put(
    of('NEW', (c) => `NEW.${c}`, true),
    `${isBucket('NEW')} AND NOT (${sameKey})`,
  )}
END;
CREATE TRIGGER activity_1d_delete AFTER DELETE ON activity_15m WHEN ${isBucket('OLD')} BEGIN
  ${put(
    of('OLD', (c) => `-OLD.${c}`),
    '1',
  )}
  ${put(
    of('OLD', (c) => `-OLD.${c}`, true),
    '1',
  )}
END;
`,
  backfill: {
    bounds: (db) =>
      everyNth(
        db
          .prepare(
            `SELECT DISTINCT ${dayOf('bucket')} FROM activity_15m WHERE typeof(bucket) = 'integer' ORDER BY 1`,
          )
          .pluck()
          .all() as number[],
        chunkSizes.days,
      ),
    chunk(db, lo, hi) {
      // Replaces its days: when 011 rebuilds activity_15m in the same open, the triggers have counted them already.
      runIn(
        db.prepare(`DELETE FROM activity_1d WHERE ${keyRange('day', lo, hi).sql}`),
        keyRange('day', lo, hi),
      )
      // Days (lo, hi] are buckets (the last of day lo, the last of day hi].
      const r = keyRange(
        'bucket',
        lo === null ? null : Number(lo) * 96 + 95,
        hi === null ? null : Number(hi) * 96 + 95,
      )
      const sums = COLS.split(', ')
        .map((c) => `SUM(${c})`)
        .join(', ')
      const from = `FROM activity_15m WHERE kind IN (${KINDS}) AND typeof(bucket) = 'integer' AND ${r.sql}`
      runIn(
        db.prepare(`INSERT INTO activity_1d (day, ${KEY}, ${COLS})
  SELECT ${dayOf('bucket')} AS d, ${KEY}, ${sums} ${from} GROUP BY d, ${KEY}`),
        r,
      )
      runIn(
        db.prepare(`INSERT INTO activity_1d (day, ${KEY}, ${COLS})
  SELECT ${dayOf('bucket')} AS d, kind, -1, -1, is_subagent, name, ${sums} ${from} GROUP BY d, kind, is_subagent, name`),
        r,
      )
    },
  },
}
