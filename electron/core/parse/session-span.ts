import { classifyUserLine, firstText } from './classify'
import type { SpanPart } from './records'

/* eslint-disable @typescript-eslint/no-explicit-any -- transcript lines are schemaless JSON; every field is checked before use */

/** Widens the span of the line's thread; a subagent's human prompts decide whether it is a Warmup run. */
export function spanPart(
  parts: SpanPart[],
  byAgent: Map<string, SpanPart>,
  agentId: string,
  ts: number,
  line: any,
): void {
  // A map, not a search of `parts`: a hostile file can give every line an agentId of its own.
  let p = byAgent.get(agentId)
  if (p === undefined) {
    p = { agentId, firstTs: ts, lastTs: ts, firstPrompt: null, firstIsWarmup: false, morePrompts: false }
    parts.push(p)
    byAgent.set(agentId, p)
  }
  if (ts < p.firstTs) p.firstTs = ts
  if (ts > p.lastTs) p.lastTs = ts
  if (agentId === '' || line.type !== 'user' || typeof line.uuid !== 'string') return
  // A subagent's prompt is a sidechain line: classified as if it were the main thread's.
  const kind = classifyUserLine({
    isMeta: line.isMeta,
    isCompactSummary: line.isCompactSummary,
    message: line.message,
  })
  if (kind !== 'prompt') return
  if (p.firstPrompt === null) {
    p.firstPrompt = line.uuid
    p.firstIsWarmup = firstText(line.message?.content)?.trim() === 'Warmup'
  } else if (p.firstPrompt !== line.uuid) p.morePrompts = true
}
