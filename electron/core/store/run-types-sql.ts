/**
 * The type of a run with an agent id (ARCHITECTURE.md, "Agents"): the `.meta.json` sidecar, else the
 * spawning Task/Agent call, else `compaction` for `acompact-*` runs, else `unknown` (`run`: its SQL).
 */
export const agentTypeSql = (run: string) => `COALESCE((SELECT agent_type FROM agents WHERE id = ${run}),
    (SELECT subagent_type FROM tool_calls WHERE spawned_agent_id = ${run} LIMIT 1),
    CASE WHEN ${run} LIKE 'acompact-%' THEN 'compaction' END, 'unknown')`

/**
 * Types and counts the runs of `run_types` left untyped or uncounted (through `run_types_stale`), `cond`
 * limiting them. Counts: the run's tool calls with a numeric time (a text or blob time is in no range).
 */
export const typeRunsSql = (
  cond: string,
) => `UPDATE run_types SET type = IFNULL(type, ${agentTypeSql('run')}),
    (calls, errors, first_call, last_call) = (SELECT COUNT(*), IFNULL(SUM(COALESCE(t.is_error, 0)), 0), MIN(t.ts),
      MAX(t.ts) FROM tool_calls t WHERE t.agent_id = run_types.run AND typeof(t.ts) IN ('integer', 'real'))
  WHERE (type IS NULL OR calls IS NULL) AND ${cond}`

/** Adds the runs of agent_runs matching `cond`, untyped (the backfill types them). */
export const addRunsSql = (cond: string) =>
  `INSERT INTO run_types (run) SELECT DISTINCT run FROM agent_runs WHERE ${cond} ON CONFLICT DO NOTHING`

/** Forgets the stored type of run `id` (a trigger's NEW.x / OLD.x), so the query and the refresh recompute it. */
const untype = (id: string) => `UPDATE run_types SET type = NULL WHERE run = ${id} AND type IS NOT NULL;`
/** Forgets the stored tool-call counts of run `id`, likewise. */
const uncount = (id: string) => `UPDATE run_types SET calls = NULL WHERE run = ${id} AND calls IS NOT NULL;`

/**
 * Each run's type and its tool calls (count, errors, first and last time) over all time (migration 018):
 * a run `agent_runs` gains starts untyped and uncounted; a change to a sidecar or a spawning call untypes
 * its run, one to a call of the run uncounts it. NULL = to be looked up again, by `agents` or the refresh.
 */
export const RUN_TYPES_SCHEMA = `
DROP TRIGGER IF EXISTS run_types_runs_insert;
DROP TRIGGER IF EXISTS run_types_agents_insert;
DROP TRIGGER IF EXISTS run_types_agents_update;
DROP TRIGGER IF EXISTS run_types_agents_delete;
DROP TRIGGER IF EXISTS run_types_calls_insert;
DROP TRIGGER IF EXISTS run_types_calls_update;
DROP TRIGGER IF EXISTS run_types_calls_delete;
DROP TRIGGER IF EXISTS run_types_counts_insert;
DROP TRIGGER IF EXISTS run_types_counts_update;
DROP TRIGGER IF EXISTS run_types_counts_delete;
DROP TABLE IF EXISTS run_types;
CREATE TABLE run_types (run TEXT PRIMARY KEY, type TEXT, calls INTEGER, errors INTEGER, first_call INTEGER,
  last_call INTEGER) WITHOUT ROWID;
CREATE INDEX run_types_stale ON run_types(run) WHERE type IS NULL OR calls IS NULL;
CREATE TRIGGER run_types_runs_insert AFTER INSERT ON agent_runs BEGIN
  INSERT INTO run_types (run) VALUES (NEW.run) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER run_types_agents_insert AFTER INSERT ON agents BEGIN ${untype('NEW.id')} END;
CREATE TRIGGER run_types_agents_update AFTER UPDATE OF id, agent_type ON agents BEGIN
  ${untype('OLD.id')} ${untype('NEW.id')}
END;
CREATE TRIGGER run_types_agents_delete AFTER DELETE ON agents BEGIN ${untype('OLD.id')} END;
CREATE TRIGGER run_types_calls_insert AFTER INSERT ON tool_calls WHEN NEW.spawned_agent_id IS NOT NULL BEGIN
  ${untype('NEW.spawned_agent_id')}
END;
CREATE TRIGGER run_types_calls_update AFTER UPDATE OF spawned_agent_id, subagent_type ON tool_calls
  WHEN OLD.spawned_agent_id IS NOT NULL OR NEW.spawned_agent_id IS NOT NULL BEGIN
  ${untype('OLD.spawned_agent_id')} ${untype('NEW.spawned_agent_id')}
END;
CREATE TRIGGER run_types_calls_delete AFTER DELETE ON tool_calls WHEN OLD.spawned_agent_id IS NOT NULL BEGIN
  ${untype('OLD.spawned_agent_id')}
END;
CREATE TRIGGER run_types_counts_insert AFTER INSERT ON tool_calls WHEN NEW.agent_id IS NOT NULL BEGIN
  ${uncount('NEW.agent_id')}
END;
CREATE TRIGGER run_types_counts_update AFTER UPDATE OF agent_id, ts, is_error ON tool_calls
  WHEN OLD.agent_id IS NOT NULL OR NEW.agent_id IS NOT NULL BEGIN
  ${uncount('OLD.agent_id')} ${uncount('NEW.agent_id')}
END;
CREATE TRIGGER run_types_counts_delete AFTER DELETE ON tool_calls WHEN OLD.agent_id IS NOT NULL BEGIN
  ${uncount('OLD.agent_id')}
END;
`
