import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * An independent recount of tokens from raw transcripts, written separately from the parser under
 * test: read every .jsonl under a folder, take assistant lines and agent_progress copies, drop
 * <synthetic> and API-error lines, and keep per message.id+requestId the copy with the largest total.
 */
export interface Recount {
  responses: number
  input: number
  output: number
  cacheCreation: number
  cacheRead: number
  total: number
  byModel: Map<string, number>
  responsesByModel: Map<string, number>
}

function jsonlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) jsonlFiles(p, out)
    else if (name.endsWith('.jsonl')) out.push(p)
  }
  return out
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export function recount(dir: string): Recount {
  const best = new Map<string, { model: string; t: number[] }>()
  for (const f of jsonlFiles(dir)) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      let o: any
      try {
        o = JSON.parse(line)
      } catch {
        continue
      }
      const candidates: any[] = []
      if (o?.type === 'assistant') candidates.push(o)
      if (o?.type === 'progress' && o.data?.type === 'agent_progress' && o.data.message?.type === 'assistant')
        candidates.push(o.data.message)
      for (const a of candidates) {
        const m = a.message
        if (!m?.usage || m.model === '<synthetic>' || a.isApiErrorMessage) continue
        const u = m.usage
        const t = [
          u.input_tokens ?? 0,
          u.output_tokens ?? 0,
          u.cache_creation_input_tokens ?? 0,
          u.cache_read_input_tokens ?? 0,
        ]
        const key = `${m.id}|${a.requestId ?? ''}`
        const prev = best.get(key)
        const sum = (x: number[]): number => x.reduce((s, v) => s + v, 0)
        if (!prev || sum(t) > sum(prev.t)) best.set(key, { model: m.model, t })
      }
    }
  }
  const r: Recount = {
    responses: best.size,
    input: 0,
    output: 0,
    cacheCreation: 0,
    cacheRead: 0,
    total: 0,
    byModel: new Map(),
    responsesByModel: new Map(),
  }
  for (const { model, t } of best.values()) {
    r.input += t[0]!
    r.output += t[1]!
    r.cacheCreation += t[2]!
    r.cacheRead += t[3]!
    const s = t[0]! + t[1]! + t[2]! + t[3]!
    r.total += s
    r.byModel.set(model, (r.byModel.get(model) ?? 0) + s)
    r.responsesByModel.set(model, (r.responsesByModel.get(model) ?? 0) + 1)
  }
  return r
}
