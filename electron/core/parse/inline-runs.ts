import type { ToolResultRec } from './records'

/* eslint-disable @typescript-eslint/no-explicit-any -- transcript lines are schemaless JSON; every field is checked before use */

/** The agent id of a 1.0.x inline sidechain run: derived from the Task tool_use id that spawned it. */
export function inlineRunId(taskToolUseId: string): string {
  return `inline-${taskToolUseId}`
}

export function isInlineRunId(agentId: string): boolean {
  return agentId.startsWith('inline-')
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
  /** Open Task calls of the main thread not yet taken by a run, in call order: tool_use id → prompt. */
  private readonly open = new Map<string, string | null>()
  /**
   * The open calls' ids in call order, from `head` on, and each open id's index there: the earliest open
   * call without iterating `open` (V8 walks a Map's deleted entries from its start: n takes cost ~n²).
   */
  private order: string[] = []
  private head = 0
  private readonly at = new Map<string, number>()
  /**
   * The open calls by prompt, from `head` on (ids no longer open are skipped when met), so a match is
   * O(1): an index, as `shift()` on a long array copies it.
   */
  private readonly byPrompt = new Map<string, { ids: string[]; head: number }>()
  /** Calls a run was matched to, until their result is marked. */
  private readonly taken = new Set<string>()
  private readonly runOfUuid = new Map<string, string>()
  /** Call ids looked at by run roots so far: the tests bound it to keep matching linear. */
  examined = 0

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
        if (!this.open.has(b.id)) this.at.set(b.id, this.order.push(b.id) - 1)
        this.open.set(b.id, p)
        if (p !== null) {
          const q = this.byPrompt.get(p)
          if (q) q.ids.push(b.id)
          else this.byPrompt.set(p, { ids: [b.id], head: 0 })
        }
      } else if (o.type === 'user' && b.type === 'tool_result' && typeof b.tool_use_id === 'string') {
        this.close(b.tool_use_id)
      }
    }
  }

  /** The open call whose prompt is `text`, else the earliest open call; it is taken. */
  private take(text: string | null): string | null {
    let pick: string | null = null
    const q = text === null ? undefined : this.byPrompt.get(text)
    while (q && q.head < q.ids.length && pick === null) {
      const id = q.ids[q.head++]!
      this.examined++
      if (this.open.has(id)) pick = id
    }
    if (q && q.head === q.ids.length) this.byPrompt.delete(text!)
    if (pick !== null) return this.takeId(pick)
    while (this.head < this.order.length) {
      const i = this.head++
      const id = this.order[i]!
      this.examined++
      if (this.at.get(id) === i) return this.takeId(id)
    }
    return null
  }

  private close(id: string): void {
    this.open.delete(id)
    this.at.delete(id)
  }

  private takeId(id: string): string {
    this.close(id)
    this.taken.add(id)
    return id
  }

  /** A sidechain line without agent id: the id of its run, or null when no Task call owns it. */
  sidechain(o: any): string | null {
    const uuid = typeof o.uuid === 'string' ? o.uuid : null
    let run: string | null = null
    if (o.parentUuid === null || o.parentUuid === undefined) {
      const pick = this.take(o.type === 'user' ? firstUserText(o.message?.content) : null)
      if (pick !== null) run = inlineRunId(pick)
    } else if (typeof o.parentUuid === 'string') run = this.runOfUuid.get(o.parentUuid) ?? null
    if (uuid !== null && run !== null) this.runOfUuid.set(uuid, run)
    return run
  }

  /** Marks the Task results pushed from index `from` with the run each spawned. */
  spawned(results: ToolResultRec[], from: number): void {
    for (let i = from; i < results.length; i++) {
      const r = results[i]!
      if (r.spawnedAgentId === null && this.taken.delete(r.toolUseId))
        r.spawnedAgentId = inlineRunId(r.toolUseId)
    }
    // No call in flight: no later line can chain to a run's lines (bounds memory on long files).
    if (this.taken.size === 0 && this.open.size === 0) {
      this.runOfUuid.clear()
      this.byPrompt.clear()
      this.order = []
      this.head = 0
    }
  }
}
