import { chunkSizes, everyNth, keyRange, runIn } from '../backfill-range'
import type { Migration } from './types'

/** The last bucket whose `bucket / 96` (SQLite truncates toward zero) is `day`. */
const lastBucket = (day: number) => (day >= 0 ? day * 96 + 95 : day * 96)

const COLS = `input, output, cache_write_5m, cache_write_1h, cache_read, cost, unpriced_tokens, unpriced_responses, responses`
const ADD = COLS.split(', ')
  .map((c) => `${c} = ${c} + excluded.${c}`)
  .join(', ')
const KEY = `project_id, model_id, source_id, is_subagent`
const row = (of: 'NEW' | 'OLD', sign: '' | '-') =>
  `${of}.bucket / 96, ${KEY.split(', ')
    .map((k) => `${of}.${k}`)
    .join(', ')}, ${COLS.split(', ')
    .map((c) => `${sign}${of}.${c}`)
    .join(', ')}`
const put = (values: string, when: string) =>
  `INSERT INTO rollup_1d (day, ${KEY}, ${COLS}) SELECT ${values} WHERE ${when} ON CONFLICT DO UPDATE SET ${ADD};`
const sameKey = `NEW.bucket IS OLD.bucket AND NEW.project_id IS OLD.project_id AND NEW.model_id IS OLD.model_id
  AND NEW.source_id IS OLD.source_id AND NEW.is_subagent IS OLD.is_subagent`
const isDay = (of: 'NEW' | 'OLD') => `typeof(${of}.bucket) = 'integer'`

/**
 * The rollup by UTC day (ARCHITECTURE.md, "Rollup resolutions"): a long range is mostly whole UTC
 * days, read here (one row per day and cell) instead of 96 rows of `rollup_15m` per day and cell;
 * only its edges come from the 15-minute rollup. Kept equal to the sums of `rollup_15m` by triggers,
 * so every writer of the 15-minute rollup (ingest, re-pricing, source removal, repairs) keeps it
 * exact without knowing of it. A corrupt bucket (not an integer) has no day. The backfill sums the
 * 15-minute rollup by ranges of days. Derived data: running it again (a store set back to an older
 * version) rebuilds it.
 */
export const m014RollupDaily: Migration = {
  version: 14,
  name: 'rollup-daily',
  sql: `
DROP TRIGGER IF EXISTS rollup_1d_insert;
DROP TRIGGER IF EXISTS rollup_1d_update;
DROP TRIGGER IF EXISTS rollup_1d_delete;
CREATE TABLE IF NOT EXISTS rollup_1d (
  day INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  model_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  is_subagent INTEGER NOT NULL,
  input INTEGER NOT NULL DEFAULT 0,
  output INTEGER NOT NULL DEFAULT 0,
  cache_write_5m INTEGER NOT NULL DEFAULT 0,
  cache_write_1h INTEGER NOT NULL DEFAULT 0,
  cache_read INTEGER NOT NULL DEFAULT 0,
  cost REAL NOT NULL DEFAULT 0,
  unpriced_tokens INTEGER NOT NULL DEFAULT 0,
  unpriced_responses INTEGER NOT NULL DEFAULT 0,
  responses INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, ${KEY})
) WITHOUT ROWID;
DELETE FROM rollup_1d;

CREATE TRIGGER rollup_1d_insert AFTER INSERT ON rollup_15m WHEN ${isDay('NEW')} BEGIN
  ${put(row('NEW', ''), '1')}
END;
CREATE TRIGGER rollup_1d_update AFTER UPDATE ON rollup_15m BEGIN
  INSERT INTO rollup_1d (day, ${KEY}, ${COLS})
    SELECT NEW.bucket / 96, ${KEY.split(', ')
      .map((k) => `NEW.${k}`)
      .join(', ')}, ${COLS.split(', ')
      .map((c) => `NEW.${c} - OLD.${c}`)
      .join(', ')}
    WHERE ${isDay('NEW')} AND ${sameKey} ON CONFLICT DO UPDATE SET ${ADD};
  ${put(row('OLD', '-'), `${isDay('OLD')} AND NOT (${sameKey})`)}
  ${put(row('NEW', ''), `${isDay('NEW')} AND NOT (${sameKey})`)}
END;
CREATE TRIGGER rollup_1d_delete AFTER DELETE ON rollup_15m WHEN ${isDay('OLD')} BEGIN
  ${put(row('OLD', '-'), '1')}
END;
`,
  backfill: {
    bounds: (db) =>
      everyNth(
        db
          .prepare(`SELECT DISTINCT bucket / 96 FROM rollup_15m WHERE typeof(bucket) = 'integer' ORDER BY 1`)
          .pluck()
          .all() as number[],
        chunkSizes.days,
      ),
    chunk(db, lo, hi) {
      const r = keyRange(
        'bucket',
        lo === null ? null : lastBucket(Number(lo)),
        hi === null ? null : lastBucket(Number(hi)),
      )
      runIn(
        db.prepare(`INSERT INTO rollup_1d (day, ${KEY}, ${COLS})
  SELECT bucket / 96, ${KEY}, ${COLS.split(', ')
    .map((c) => `SUM(${c})`)
    .join(', ')}
  FROM rollup_15m WHERE typeof(bucket) = 'integer' AND ${r.sql} GROUP BY bucket / 96, ${KEY}`),
        r,
      )
    },
  },
}
