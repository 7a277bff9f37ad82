/**
 * The type of a run with an agent id (ARCHITECTURE.md, "Agents"): the `.meta.json` sidecar, else the
 * spawning Task/Agent call, else `compaction` for `acompact-*` runs, else `unknown` (`run`: its SQL).
 */
export const agentTypeSql = (run: string) => `COALESCE((SELECT agent_type FROM agents WHERE id = ${run}),
    (SELECT subagent_type FROM tool_calls WHERE spawned_agent_id = ${run} LIMIT 1),
    CASE WHEN ${run} LIKE 'acompact-%' THEN 'compaction' END, 'unknown')`

/** Types the runs of `run_types` left untyped (through `run_types_untyped`), `cond` limiting them. */
export const typeRunsSql = (cond: string) =>
  `UPDATE run_types SET type = ${agentTypeSql('run')} WHERE type IS NULL AND ${cond}`

/** Adds the runs of agent_runs matching `cond`, untyped (the backfill types them). */
export const addRunsSql = (cond: string) =>
  `INSERT INTO run_types (run) SELECT DISTINCT run FROM agent_runs WHERE ${cond} ON CONFLICT DO NOTHING`

/** Forgets the stored type of run `id` (a trigger's NEW.x / OLD.x), so the query and the refresh recompute it. */
const untype = (id: string) => `UPDATE run_types SET type = NULL WHERE run = ${id} AND type IS NOT NULL;`

/**
 * Each run's type (migration 018): a run `agent_runs` gains starts untyped; a change to a sidecar or a
 * spawning call untypes its run. `type` NULL = to be looked up again, by `agents` or the refresh.
 */
export const RUN_TYPES_SCHEMA = `
DROP TRIGGER IF EXISTS run_types_runs_insert;
DROP TRIGGER IF EXISTS run_types_agents_insert;
DROP TRIGGER IF EXISTS run_types_agents_update;
DROP TRIGGER IF EXISTS run_types_agents_delete;
DROP TRIGGER IF EXISTS run_types_calls_insert;
DROP TRIGGER IF EXISTS run_types_calls_update;
DROP TRIGGER IF EXISTS run_types_calls_delete;
CREATE TABLE IF NOT EXISTS run_types (run TEXT PRIMARY KEY, type TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_types_untyped ON run_types(run) WHERE type IS NULL;
DELETE FROM run_types;
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
`
