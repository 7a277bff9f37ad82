/**
 * Per-session outcome inputs (migration 017; ARCHITECTURE.md, "Tools"): the session's last prompt,
 * interruption and API error (`events`, any thread) and last main-thread response, plus a copy of the
 * session's span, project and source, so `tools` counts outcomes from one covering index instead of
 * four searches per session. Kept by triggers on `events`, `responses` and `sessions`, so every writer
 * (ingest, a better copy, retention, source removal, repairs) keeps it without knowing of it. A value
 * only grows on insert; when the fact holding a maximum goes or moves, the row is marked `dirty` (no
 * search inside a trigger: a bulk pass runs without the session indexes) and `refreshOutcomes`
 * recomputes it; until then `tools` asks the facts for that session, as before.
 */

/** Timestamps stored as text or blobs are never `< max` in the old probes: never a maximum here. */
const numeric = (of: string) => `typeof(${of}.ts) IN ('integer', 'real')`
const MAIN_REPLY = (of: string) => `${of}.agent_id IS NULL AND ${of}.is_sidechain = 0 AND ${numeric(of)}`
const OUTCOME_EVENT = (of: string) => `${of}.kind IN ('prompt', 'interrupt', 'api_error') AND ${numeric(of)}`
const EVENT_COL = (of: string) =>
  `CASE ${of}.kind WHEN 'prompt' THEN last_prompt WHEN 'interrupt' THEN last_interrupt ELSE last_api_error END`
const later = (col: string) => `${col} = COALESCE(MAX(${col}, excluded.${col}), ${col}, excluded.${col})`

const addEvent = (of: string) => `
  INSERT INTO session_outcomes (session_id, last_prompt, last_interrupt, last_api_error)
    VALUES (${of}.session_id, CASE WHEN ${of}.kind = 'prompt' THEN ${of}.ts END,
      CASE WHEN ${of}.kind = 'interrupt' THEN ${of}.ts END, CASE WHEN ${of}.kind = 'api_error' THEN ${of}.ts END)
    ON CONFLICT DO UPDATE SET ${later('last_prompt')}, ${later('last_interrupt')}, ${later('last_api_error')};`
const dropEvent = (of: string) => `
  UPDATE session_outcomes SET dirty = 1 WHERE session_id = ${of}.session_id AND ${of}.ts >= ${EVENT_COL(of)};`
const addReply = (of: string) => `
  INSERT INTO session_outcomes (session_id, last_reply) VALUES (${of}.session_id, ${of}.ts)
    ON CONFLICT DO UPDATE SET ${later('last_reply')};`
const dropReply = (of: string) => `
  UPDATE session_outcomes SET dirty = 1 WHERE session_id = ${of}.session_id AND ${of}.ts >= last_reply;`
const copySession = (of: string) => `
  INSERT INTO session_outcomes (session_id, first_ts, last_ts, project_id, source_id)
    VALUES (${of}.id, ${of}.first_ts, ${of}.last_ts, ${of}.project_id, ${of}.source_id)
    ON CONFLICT DO UPDATE SET first_ts = excluded.first_ts, last_ts = excluded.last_ts,
      project_id = excluded.project_id, source_id = excluded.source_id;`

export const SESSION_OUTCOMES_SCHEMA = `
DROP TRIGGER IF EXISTS session_outcomes_event_insert;
DROP TRIGGER IF EXISTS session_outcomes_event_update;
DROP TRIGGER IF EXISTS session_outcomes_event_delete;
DROP TRIGGER IF EXISTS session_outcomes_reply_insert;
DROP TRIGGER IF EXISTS session_outcomes_reply_update;
DROP TRIGGER IF EXISTS session_outcomes_reply_delete;
DROP TRIGGER IF EXISTS session_outcomes_session_insert;
DROP TRIGGER IF EXISTS session_outcomes_session_update;
DROP TRIGGER IF EXISTS session_outcomes_session_delete;
CREATE TABLE IF NOT EXISTS session_outcomes (
  session_id TEXT PRIMARY KEY,
  first_ts INTEGER,
  last_ts INTEGER,
  project_id INTEGER,
  source_id INTEGER,
  last_prompt INTEGER,
  last_interrupt INTEGER,
  last_api_error INTEGER,
  last_reply INTEGER,
  dirty INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS session_outcomes_last ON session_outcomes(last_ts, first_ts, project_id, source_id,
  dirty, last_prompt, last_interrupt, last_api_error, last_reply);
CREATE INDEX IF NOT EXISTS session_outcomes_dirty ON session_outcomes(session_id) WHERE dirty;

CREATE TRIGGER session_outcomes_event_insert AFTER INSERT ON events WHEN ${OUTCOME_EVENT('NEW')} BEGIN
  ${addEvent('NEW')}
END;
CREATE TRIGGER session_outcomes_event_update AFTER UPDATE OF ts, session_id, kind ON events
  WHEN ${OUTCOME_EVENT('OLD')} OR ${OUTCOME_EVENT('NEW')} BEGIN
  INSERT INTO session_outcomes (session_id) SELECT NEW.session_id WHERE ${OUTCOME_EVENT('NEW')} ON CONFLICT DO NOTHING;
  UPDATE session_outcomes SET
    last_prompt = CASE WHEN NEW.kind = 'prompt' THEN COALESCE(MAX(last_prompt, NEW.ts), NEW.ts) ELSE last_prompt END,
    last_interrupt = CASE WHEN NEW.kind = 'interrupt' THEN COALESCE(MAX(last_interrupt, NEW.ts), NEW.ts) ELSE last_interrupt END,
    last_api_error = CASE WHEN NEW.kind = 'api_error' THEN COALESCE(MAX(last_api_error, NEW.ts), NEW.ts) ELSE last_api_error END
    WHERE session_id = NEW.session_id AND ${OUTCOME_EVENT('NEW')};
  UPDATE session_outcomes SET dirty = 1 WHERE session_id = OLD.session_id AND ${OUTCOME_EVENT('OLD')}
    AND OLD.ts >= ${EVENT_COL('OLD')}
    AND NOT (${OUTCOME_EVENT('NEW')} AND NEW.session_id IS OLD.session_id AND NEW.kind IS OLD.kind AND NEW.ts >= OLD.ts);
END;
CREATE TRIGGER session_outcomes_event_delete AFTER DELETE ON events WHEN ${OUTCOME_EVENT('OLD')} BEGIN
  ${dropEvent('OLD')}
END;
CREATE TRIGGER session_outcomes_reply_insert AFTER INSERT ON responses WHEN ${MAIN_REPLY('NEW')} BEGIN
  ${addReply('NEW')}
END;
CREATE TRIGGER session_outcomes_reply_update AFTER UPDATE OF ts, session_id, agent_id, is_sidechain ON responses
  WHEN ${MAIN_REPLY('OLD')} OR ${MAIN_REPLY('NEW')} BEGIN
  INSERT INTO session_outcomes (session_id, last_reply) SELECT NEW.session_id, NEW.ts WHERE ${MAIN_REPLY('NEW')}
    ON CONFLICT DO UPDATE SET ${later('last_reply')};
  UPDATE session_outcomes SET dirty = 1 WHERE session_id = OLD.session_id AND ${MAIN_REPLY('OLD')}
    AND OLD.ts >= last_reply AND NOT (${MAIN_REPLY('NEW')} AND NEW.session_id IS OLD.session_id AND NEW.ts >= OLD.ts);
END;
CREATE TRIGGER session_outcomes_reply_delete AFTER DELETE ON responses WHEN ${MAIN_REPLY('OLD')} BEGIN
  ${dropReply('OLD')}
END;
CREATE TRIGGER session_outcomes_session_insert AFTER INSERT ON sessions BEGIN
  ${copySession('NEW')}
END;
CREATE TRIGGER session_outcomes_session_update AFTER UPDATE OF id, first_ts, last_ts, project_id, source_id ON sessions BEGIN
  UPDATE session_outcomes SET first_ts = NULL, last_ts = NULL, project_id = NULL, source_id = NULL
    WHERE session_id = OLD.id AND OLD.id IS NOT NEW.id;
  ${copySession('NEW')}
END;
CREATE TRIGGER session_outcomes_session_delete AFTER DELETE ON sessions BEGIN
  UPDATE session_outcomes SET first_ts = NULL, last_ts = NULL, project_id = NULL, source_id = NULL
    WHERE session_id = OLD.id;
END;
`

/** The four inputs of one session recounted from the facts (refresh, tests). */
const INPUTS = (session: string) => `
  (SELECT MAX(ts) FROM events e WHERE e.session_id = ${session} AND e.kind = 'prompt' AND ${numeric('e')}),
  (SELECT MAX(ts) FROM events e WHERE e.session_id = ${session} AND e.kind = 'interrupt' AND ${numeric('e')}),
  (SELECT MAX(ts) FROM events e WHERE e.session_id = ${session} AND e.kind = 'api_error' AND ${numeric('e')}),
  (SELECT MAX(ts) FROM responses y WHERE y.session_id = ${session} AND ${MAIN_REPLY('y')})`

/** Recomputes the dirty rows' inputs (one session at a time, through the session indexes). */
export const REFRESH_DIRTY_SQL = `UPDATE session_outcomes AS o
  SET (last_prompt, last_interrupt, last_api_error, last_reply) = (SELECT ${INPUTS('o.session_id')}), dirty = 0
  WHERE o.dirty`

/** One session's inputs from the facts as the old probes read them: below the data window's end (`?`). */
export const PROBE_SQL = `SELECT
  (SELECT MAX(ts) FROM events WHERE session_id = :s AND kind = 'prompt' AND ts < :max) AS lp,
  (SELECT MAX(ts) FROM events WHERE session_id = :s AND kind = 'interrupt' AND ts < :max) AS li,
  (SELECT MAX(ts) FROM events WHERE session_id = :s AND kind = 'api_error' AND ts < :max) AS la,
  (SELECT MAX(ts) FROM responses WHERE session_id = :s AND agent_id IS NULL AND is_sidechain = 0 AND ts < :max) AS lr`

/**
 * The backfill of the sessions whose ids satisfy `cond` (SQL on a column `id`, e.g. a range for a
 * chunk; '1' for all), idempotent: their rows are deleted and rebuilt from sessions, events and responses.
 */
export function backfillSql(cond: (col: string) => string): string[] {
  return [
    `DELETE FROM session_outcomes WHERE ${cond('session_id')}`,
    `INSERT INTO session_outcomes (session_id, first_ts, last_ts, project_id, source_id)
      SELECT id, first_ts, last_ts, project_id, source_id FROM sessions WHERE ${cond('id')}`,
    `INSERT INTO session_outcomes (session_id, last_prompt, last_interrupt, last_api_error)
      SELECT session_id, MAX(CASE WHEN kind = 'prompt' THEN ts END), MAX(CASE WHEN kind = 'interrupt' THEN ts END),
        MAX(CASE WHEN kind = 'api_error' THEN ts END)
      FROM events e WHERE ${OUTCOME_EVENT('e')} AND ${cond('session_id')} GROUP BY session_id
      ON CONFLICT DO UPDATE SET last_prompt = excluded.last_prompt, last_interrupt = excluded.last_interrupt,
        last_api_error = excluded.last_api_error`,
    `INSERT INTO session_outcomes (session_id, last_reply)
      SELECT session_id, MAX(ts) FROM responses y WHERE ${MAIN_REPLY('y')} AND ${cond('session_id')} GROUP BY session_id
      ON CONFLICT DO UPDATE SET last_reply = excluded.last_reply`,
  ]
}
