import { keyRange, runIn } from '../backfill-range'
import { sessionBounds } from './011-activity-rollup'
import type { Migration } from './types'

/** The run a subagent response belongs to (counting rule 6): its agent id, else its session's inline bucket. */
const run = (of: string) => `COALESCE(${of}.agent_id, 'inline:' || ${of}.session_id)`
const counts = (of: string) => `${of}.agent_id IS NOT NULL OR ${of}.is_sidechain = 1`
/** Responses with a text or blob timestamp are in no range (a report's bounds are numbers). */
const numericTs = (of: string) => `typeof(${of}.ts) IN ('integer', 'real')`
const qualifies = (of: string) => `(${counts(of)}) AND ${numericTs(of)}`
const tokens = (of: string) =>
  `${of}.input + ${of}.output + ${of}.cache_write_5m + ${of}.cache_write_1h + ${of}.cache_read`
const KEY = `run, session_id, project_id, model_id, source_id`
const keyOf = (of: string) =>
  `${run(of)}, ${of}.session_id, IFNULL(${of}.project_id, 0), ${of}.model_id, ${of}.source_id`
const isKey = (of: string) =>
  `run = ${run(of)} AND session_id = ${of}.session_id AND project_id = IFNULL(${of}.project_id, 0)
    AND model_id = ${of}.model_id AND source_id = ${of}.source_id`
const sameKey = `${run('NEW')} IS ${run('OLD')} AND NEW.session_id IS OLD.session_id
  AND NEW.project_id IS OLD.project_id AND NEW.model_id IS OLD.model_id AND NEW.source_id IS OLD.source_id`

const add = (of: string, when: string) => `
  INSERT INTO agent_runs (${KEY}, first_ts, last_ts, cost, priced, responses, tokens)
    SELECT ${keyOf(of)}, ${of}.ts, ${of}.ts, IFNULL(${of}.cost, 0), ${of}.cost IS NOT NULL, 1, ${tokens(of)}
    WHERE ${when}
    ON CONFLICT DO UPDATE SET first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts),
      cost = cost + excluded.cost, priced = priced + excluded.priced, responses = responses + 1,
      tokens = tokens + excluded.tokens;`

/** The run's next response from OLD.ts on (`>=`, ascending) or last one up to it (`<=`, descending). */
const bound = (op: '>=' | '<=') => `(SELECT y.ts FROM responses y
  WHERE y.session_id = OLD.session_id AND y.ts ${op} OLD.ts AND (${counts('y')}) AND ${numericTs('y')}
    AND ${run('y')} = ${run('OLD')} AND IFNULL(y.project_id, 0) = IFNULL(OLD.project_id, 0)
    AND y.model_id = OLD.model_id AND y.source_id = OLD.source_id
  ORDER BY y.ts ${op === '>=' ? 'ASC' : 'DESC'} LIMIT 1)`

/**
 * Takes OLD out of its row (when `when`); a row left empty goes, and a bound OLD held is searched
 * again unless `moved` is false (NEW, with the same key and time, holds it).
 */
const remove = (when: string, moved: string) => `
  UPDATE agent_runs SET cost = cost - IFNULL(OLD.cost, 0), priced = priced - (OLD.cost IS NOT NULL),
    responses = responses - 1, tokens = tokens - (${tokens('OLD')})
    WHERE ${isKey('OLD')} AND ${when};
  DELETE FROM agent_runs WHERE ${isKey('OLD')} AND responses <= 0 AND ${when};
  UPDATE agent_runs SET first_ts = ${bound('>=')}
    WHERE ${isKey('OLD')} AND first_ts = OLD.ts AND ${when} AND ${moved};
  UPDATE agent_runs SET last_ts = ${bound('<=')}
    WHERE ${isKey('OLD')} AND last_ts = OLD.ts AND ${when} AND ${moved};`

/**
 * Per-run totals of subagent responses (ARCHITECTURE.md, "Agents"): one row per run × session ×
 * project × model × source, with its cost, priced and response counts, tokens and first/last
 * timestamps, so `agents` reads the runs wholly inside a range from here and sums only the runs
 * straddling its edges from `responses`. Kept exact by triggers on `responses`, so every writer
 * (ingest, a better copy, an inline run's agent id filled in, re-pricing, retention, source removal)
 * keeps it without knowing of it. A bound that goes is searched again in `responses_subagent`, a
 * partial index bulk loads keep (without it each search would scan every response). The backfill
 * sums the runs by session range. Derived data: running it again rebuilds it.
 */
export const m015AgentRuns: Migration = {
  version: 15,
  name: 'agent-runs',
  sql: `
DROP TRIGGER IF EXISTS agent_runs_insert;
DROP TRIGGER IF EXISTS agent_runs_update;
DROP TRIGGER IF EXISTS agent_runs_delete;
CREATE TABLE IF NOT EXISTS agent_runs (
  run TEXT NOT NULL,
  session_id TEXT NOT NULL,
  project_id INTEGER NOT NULL,
  model_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  cost REAL NOT NULL,
  priced INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  PRIMARY KEY (${KEY})
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS agent_runs_last ON agent_runs(last_ts);
CREATE INDEX IF NOT EXISTS responses_subagent ON responses(session_id, ts) WHERE agent_id IS NOT NULL OR is_sidechain = 1;
DELETE FROM agent_runs;

CREATE TRIGGER agent_runs_insert AFTER INSERT ON responses WHEN ${qualifies('NEW')} BEGIN
  ${add('NEW', '1')}
END;
CREATE TRIGGER agent_runs_update AFTER UPDATE OF ts, session_id, agent_id, is_sidechain, project_id, model_id,
  source_id, input, output, cache_write_5m, cache_write_1h, cache_read, cost ON responses
  WHEN ${qualifies('OLD')} OR ${qualifies('NEW')} BEGIN
  ${add('NEW', qualifies('NEW'))}
  ${remove(qualifies('OLD'), `NOT (${qualifies('NEW')} AND ${sameKey} AND NEW.ts = OLD.ts)`)}
END;
CREATE TRIGGER agent_runs_delete AFTER DELETE ON responses WHEN ${qualifies('OLD')} BEGIN
  ${remove('1', '1')}
END;
`,
  backfill: {
    bounds: sessionBounds,
    chunk(db, lo, hi) {
      const r = keyRange('x.session_id', lo, hi)
      runIn(
        db.prepare(`INSERT INTO agent_runs (${KEY}, first_ts, last_ts, cost, priced, responses, tokens)
  SELECT ${keyOf('x')}, MIN(x.ts), MAX(x.ts), TOTAL(x.cost), COUNT(x.cost), COUNT(*), SUM(${tokens('x')})
  FROM responses x WHERE ${qualifies('x')} AND ${r.sql} GROUP BY 1, 2, 3, 4, 5`),
        r,
      )
    },
  },
}
