import type { Migration } from './types'

/**
 * Repairs stores written before ingest rejected hostile lines (ARCHITECTURE.md, "Bad input").
 *
 * 1. Rows whose timestamp lies outside [2023-01-01, now + 2 days] are dropped: responses (and the
 *    rollup of every bucket they were in is recomputed from the responses that remain), events and
 *    tool calls. Sessions whose span reaches outside get their span from their remaining responses
 *    and events (none left: the session goes). The files of those sessions, and of every session or
 *    subagent that lost a row, are read again from the start (as remove-source does; the dedup keys
 *    make that add only what is missing): that restores the exact span, and a valid copy of a
 *    dropped row (the bad one had been kept as the more complete copy) comes back.
 * 2. Response keys become the escaped pair of parse/response-key.ts: a `\` in the message id (the
 *    part before the first `:`) is doubled. Keys of real ids (`msg_…`) are unchanged; an old key whose
 *    id held a `:` cannot be told from one whose requestId did and is read as the latter.
 *    Retention tombstones get the same rewrite, so re-reading a file still dedupes against both.
 *    Only the keys that hold a `\` in their id part are touched (chosen first, then rewritten by rowid).
 *
 * A bucket outside the bounds holds only bad rows, so what retention pruned there goes too; the bucket
 * holding now + 2 days is too recent to have been pruned. The bounds are literals on purpose: a shipped
 * migration never changes.
 */
const BUCKET_MS = 900_000
const bucketOf = (col: string) =>
  `((${col} - ((${col} % ${BUCKET_MS}) + ${BUCKET_MS}) % ${BUCKET_MS}) / ${BUCKET_MS})`
const outside = (col: string) =>
  `(${col} < (SELECT lo FROM m006_bounds) OR ${col} > (SELECT hi FROM m006_bounds))`
const tokens = 'r.input + r.output + r.cache_write_5m + r.cache_write_1h + r.cache_read'

/** A key with its message id escaped (`\` doubled; the old id part holds no `:` by definition). */
const escapedKey = (col: string) =>
  `replace(substr(${col}, 1, instr(${col}, ':') - 1), '\\', '\\\\') || substr(${col}, instr(${col}, ':'))`
const needsEscape = (col: string) => `instr(substr(${col}, 1, instr(${col}, ':') - 1), '\\') > 0`

export const m006RepairHostileRows: Migration = {
  version: 6,
  name: 'repair-hostile-rows',
  sql: `
-- A clock before 2023 is wrong: then no row is too new (nothing valid is dropped for it).
CREATE TEMP TABLE m006_bounds AS
  SELECT lo, CASE WHEN now < lo THEN 9007199254740991 ELSE now + 172800000 END AS hi
  FROM (SELECT 1672531200000 AS lo, CAST(strftime('%s', 'now') AS INTEGER) * 1000 AS now);

-- Sessions and subagents that lose a row: their files are read again below. A dropped row may have
-- been the kept copy of one with a valid copy elsewhere (an agent_progress copy with a corrupt inner
-- timestamp beat the transcript's), and a bad row does not always widen the session span.
CREATE TEMP TABLE m006_lost (session_id TEXT, agent_id TEXT);
INSERT INTO m006_lost
  SELECT session_id, agent_id FROM responses WHERE ${outside('ts')}
  UNION SELECT session_id, agent_id FROM events WHERE ${outside('ts')}
  UNION SELECT session_id, agent_id FROM tool_calls WHERE ${outside('ts')} OR ${outside('result_ts')};

CREATE TEMP TABLE m006_buckets (bucket INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO m006_buckets SELECT ${bucketOf('ts')} FROM responses WHERE ${outside('ts')};
INSERT OR IGNORE INTO m006_buckets SELECT bucket FROM rollup_15m
  WHERE ${outside(`bucket * ${BUCKET_MS}`)} OR ${outside(`bucket * ${BUCKET_MS} + ${BUCKET_MS - 1}`)};
DELETE FROM responses WHERE ${outside('ts')};
DELETE FROM rollup_15m WHERE bucket IN (SELECT bucket FROM m006_buckets);
INSERT INTO rollup_15m (bucket, project_id, model_id, source_id, is_subagent, input, output, cache_write_5m,
  cache_write_1h, cache_read, cost, unpriced_tokens, unpriced_responses, responses)
  SELECT b.bucket, r.project_id, r.model_id, r.source_id, (r.agent_id IS NOT NULL OR r.is_sidechain) AS sub,
    SUM(r.input), SUM(r.output), SUM(r.cache_write_5m), SUM(r.cache_write_1h), SUM(r.cache_read),
    COALESCE(SUM(r.cost), 0), SUM(CASE WHEN r.cost IS NULL THEN ${tokens} ELSE 0 END), SUM(r.cost IS NULL), COUNT(*)
  FROM m006_buckets b JOIN responses r ON r.ts >= b.bucket * ${BUCKET_MS} AND r.ts < (b.bucket + 1) * ${BUCKET_MS}
  GROUP BY b.bucket, r.project_id, r.model_id, r.source_id, sub;

DELETE FROM events WHERE ${outside('ts')};
DELETE FROM tool_calls WHERE ${outside('ts')};
UPDATE tool_calls SET result_ts = NULL, is_error = NULL, error_text = NULL WHERE ${outside('result_ts')};

CREATE TEMP TABLE m006_sessions AS SELECT id FROM sessions WHERE ${outside('first_ts')} OR ${outside('last_ts')};
CREATE TEMP TABLE m006_spans AS
  SELECT session_id AS id, MIN(ts) AS lo, MAX(ts) AS hi FROM (
    SELECT session_id, ts FROM responses WHERE session_id IN (SELECT id FROM m006_sessions)
    UNION ALL SELECT session_id, ts FROM events WHERE session_id IN (SELECT id FROM m006_sessions)
  ) GROUP BY session_id;
DELETE FROM sessions WHERE id IN (SELECT id FROM m006_sessions) AND id NOT IN (SELECT id FROM m006_spans);
UPDATE sessions SET first_ts = (SELECT lo FROM m006_spans WHERE m006_spans.id = sessions.id),
  last_ts = (SELECT hi FROM m006_spans WHERE m006_spans.id = sessions.id)
  WHERE id IN (SELECT id FROM m006_spans);
-- Read again from 0 (mtime -1 marks them changed), as remove-source does: the dedup keys make that add
-- only what is missing, and the line counts start over, so bad lines are counted once by today's rules.
UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0
  WHERE session_id IN (SELECT id FROM m006_sessions UNION SELECT session_id FROM m006_lost)
    OR agent_id IN (SELECT agent_id FROM m006_lost WHERE agent_id IS NOT NULL);

-- Only the keys whose message id holds a backslash change, chosen before any is rewritten (a key
-- that merely starts like an interim one is left alone). Every stored key holds a colon, so the
-- interim keys 'm006-<rowid>' meet none in the UNIQUE index; a new key meets no unchanged one (its
-- id part holds a backslash, theirs none) and no other new key (escaping is one-to-one).
CREATE TEMP TABLE m006_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL);
INSERT INTO m006_keys SELECT id, ${escapedKey('key')} FROM responses WHERE ${needsEscape('key')};
UPDATE responses SET key = 'm006-' || id WHERE id IN (SELECT id FROM m006_keys);
UPDATE responses SET key = (SELECT key FROM m006_keys WHERE m006_keys.id = responses.id)
  WHERE id IN (SELECT id FROM m006_keys);
CREATE TEMP TABLE m006_pruned (old TEXT PRIMARY KEY, key TEXT NOT NULL, source_id INTEGER NOT NULL);
INSERT INTO m006_pruned SELECT key, ${escapedKey('key')}, source_id FROM pruned_responses WHERE ${needsEscape('key')};
DELETE FROM pruned_responses WHERE key IN (SELECT old FROM m006_pruned);
INSERT INTO pruned_responses (key, source_id) SELECT key, source_id FROM m006_pruned;

DROP TABLE m006_bounds;
DROP TABLE m006_buckets;
DROP TABLE m006_sessions;
DROP TABLE m006_spans;
DROP TABLE m006_keys;
DROP TABLE m006_lost;
DROP TABLE m006_pruned;
`,
}
