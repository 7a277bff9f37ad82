import type { ToolResultRec } from './records'

/* eslint-disable @typescript-eslint/no-explicit-any -- transcript lines are schemaless JSON; every field is checked before use */

/** The agent id of a 1.0.x inline sidechain run: derived from the Task tool_use id that spawned it. */
export function inlineRunId(taskToolUseId: string): string {
  return `inline-${taskToolUseId}`
}

function firstUserText(content: unknown): string | null {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return null
  for (const b of content) if (b && b.type === 'text' && typeof b.text === 'string') return b.text
  return null
}

/**
 * 1.0.x inline sidechains (`isSidechain` lines in the main file, no `agentId`): each run, rooted at
 * `parentUuid: null`, belongs to the Task call open when it starts — the one whose `input.prompt` equals
 * the run's first user text when several are open, else the earliest open one. Later lines find their
 * run by `parentUuid`. State lives for one read of one file: a run whose root was read in an earlier
 * pass stays unattributed (agent_id NULL, the `inline sidechain` bucket).
 */
export class InlineRuns {
  /** Open Task calls of the main thread: tool_use id → prompt; removed at their tool_result. */
  private readonly open = new Map<string, string | null>()
  private readonly taken = new Set<string>()
  private readonly runOfUuid = new Map<string, string>()

  /** A main-thread line: opens Task calls, closes them at their results. */
  main(o: any): void {
    const content = o.message?.content
    if (!Array.isArray(content)) return
    for (const b of content) {
      if (!b || typeof b !== 'object') continue
      if (
        o.type === 'assistant' &&
        b.type === 'tool_use' &&
        typeof b.id === 'string' &&
        (b.name === 'Task' || b.name === 'Agent')
      ) {
        const p =
          b.input && typeof b.input === 'object' && typeof b.input.prompt === 'string' ? b.input.prompt : null
        this.open.set(b.id, p)
      } else if (o.type === 'user' && b.type === 'tool_result' && typeof b.tool_use_id === 'string') {
        this.open.delete(b.tool_use_id)
      }
    }
  }

  /** A sidechain line without agent id: the id of its run, or null when no Task call owns it. */
  sidechain(o: any): string | null {
    const uuid = typeof o.uuid === 'string' ? o.uuid : null
    let run: string | null = null
    if (o.parentUuid === null || o.parentUuid === undefined) {
      const text = o.type === 'user' ? firstUserText(o.message?.content) : null
      let pick: string | null = null
      for (const [id, prompt] of this.open) {
        if (this.taken.has(id)) continue
        if (text !== null && prompt === text) {
          pick = id
          break
        }
        pick ??= id
      }
      if (pick !== null) {
        this.taken.add(pick)
        run = inlineRunId(pick)
      }
    } else if (typeof o.parentUuid === 'string') run = this.runOfUuid.get(o.parentUuid) ?? null
    if (uuid !== null && run !== null) this.runOfUuid.set(uuid, run)
    return run
  }

  /** Marks the Task results pushed from index `from` with the run each spawned. */
  spawned(results: ToolResultRec[], from: number): void {
    for (let i = from; i < results.length; i++) {
      const r = results[i]!
      if (r.spawnedAgentId === null && this.taken.has(r.toolUseId))
        r.spawnedAgentId = inlineRunId(r.toolUseId)
    }
  }
}
