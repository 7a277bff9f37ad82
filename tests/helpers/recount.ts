import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { responseKey } from '../../electron/core/parse/response-key'

/**
 * An independent recount of tokens from raw transcripts, written separately from the parser under
 * test: read every .jsonl under a folder (a leading UTF-8 BOM ignored, a last line without its
 * newline included), take assistant lines and agent_progress copies, drop <synthetic>, API-error and
 * bad lines, and keep per (message.id, requestId) the copy with the largest total. The validity rules
 * (timestamps, usage counts) are re-implemented here from ARCHITECTURE.md, not imported.
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

/** Every `.jsonl` file below `dir`. */
export function jsonlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) jsonlFiles(p, out)
    else if (name.endsWith('.jsonl')) out.push(p)
  }
  return out
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const MIN_TS = Date.UTC(2023, 0, 1)
const MAX_TOKENS = 2 ** 40
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/

/** Epoch ms of an ISO 8601 date-time with a zone, or NaN (no roll-over: Feb 30 is NaN). */
export function strictIso(s: string): number {
  const m = ISO.exec(s)
  if (!m) return NaN
  const [y, mo, d, h, mi, sec = '0', frac = ''] = m.slice(1, 8)
  const f = [y, mo, d, h, mi, sec].map(Number) as [number, number, number, number, number, number]
  const ms = Number((frac + '000').slice(0, 3))
  const utc = new Date(Date.UTC(f[0], f[1] - 1, f[2], f[3], f[4], f[5], ms))
  const same =
    utc.getUTCFullYear() === f[0] &&
    utc.getUTCMonth() === f[1] - 1 &&
    utc.getUTCDate() === f[2] &&
    utc.getUTCHours() === f[3] &&
    utc.getUTCMinutes() === f[4] &&
    utc.getUTCSeconds() === f[5]
  if (!same) return NaN
  if (m[8] === 'Z') return utc.getTime()
  const oh = Number(m[10])
  const om = Number(m[11] ?? '0')
  if (oh > 23 || om > 59) return NaN
  return utc.getTime() - (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
}

/** 'absent' (undefined/null), 'bad' (present but not a valid instant in range), or epoch ms. */
function lineTime(v: unknown, now: number): number | 'absent' | 'bad' {
  if (v === undefined || v === null) return 'absent'
  if (typeof v !== 'string') return 'bad'
  const t = strictIso(v)
  return Number.isNaN(t) || t < MIN_TS || t > now + 2 * 86_400_000 ? 'bad' : t
}

const countOk = (v: unknown): boolean =>
  v === undefined || v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_TOKENS)
const count = (v: unknown): number => (typeof v === 'number' ? v : 0)

/** The four token figures of a usage object, or null when any count in it is invalid. */
function usageTokens(u: any): number[] | null {
  const cc = u.cache_creation && typeof u.cache_creation === 'object' ? u.cache_creation : {}
  const stu = u.server_tool_use && typeof u.server_tool_use === 'object' ? u.server_tool_use : {}
  const fields = [
    u.input_tokens,
    u.output_tokens,
    u.cache_creation_input_tokens,
    u.cache_read_input_tokens,
    cc.ephemeral_5m_input_tokens,
    cc.ephemeral_1h_input_tokens,
    stu.web_search_requests,
    stu.web_fetch_requests,
  ]
  if (!fields.every(countOk)) return null
  const cacheWrites =
    u.cache_creation_input_tokens === undefined || u.cache_creation_input_tokens === null
      ? count(cc.ephemeral_5m_input_tokens) + count(cc.ephemeral_1h_input_tokens)
      : count(u.cache_creation_input_tokens)
  return [count(u.input_tokens), count(u.output_tokens), cacheWrites, count(u.cache_read_input_tokens)]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)

interface Candidate {
  a: any
  fromProgress: boolean
}

/** The assistant copies a line carries, or null when the line is bad (its timestamps or usage). */
function candidates(o: any, fileSession: string | null, now: number): Candidate[] | null {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return null
  if (o.type !== 'assistant' && o.type !== 'progress') return []
  if ((nonEmpty(o.sessionId) ?? fileSession) === null) return []
  let c: Candidate
  if (o.type === 'assistant') {
    const t = lineTime(o.timestamp, now)
    if (t === 'bad' || t === 'absent') return t === 'bad' ? null : []
    c = { a: o, fromProgress: false }
  } else {
    const d = o.data
    if (!d || d.type !== 'agent_progress' || !d.message || typeof d.message !== 'object') return []
    const outer = lineTime(o.timestamp, now)
    const inner = lineTime(d.message.timestamp, now)
    if (outer === 'bad' || inner === 'bad') return null
    if (d.message.type !== 'assistant' || (outer === 'absent' && inner === 'absent')) return []
    c = { a: d.message, fromProgress: true }
  }
  const m = c.a.message
  if (!m || typeof m !== 'object') return []
  if (m.model === '<synthetic>' || c.a.isApiErrorMessage === true) return []
  if (!m.usage || typeof m.usage !== 'object') return []
  return [c]
}

export function recount(dir: string, now = Date.now()): Recount {
  const best = new Map<string, { model: string; t: number[]; fromProgress: boolean }>()
  const sum = (x: number[]): number => x.reduce((s, v) => s + v, 0)
  for (const f of jsonlFiles(dir)) {
    const name = basename(f, '.jsonl')
    const fileSession = UUID.test(name) ? name : null
    let text = readFileSync(f, 'utf8')
    if (text.startsWith('\uFEFF')) text = text.slice(1)
    for (const line of text.split('\n')) {
      let o: any
      try {
        o = JSON.parse(line)
      } catch {
        continue
      }
      for (const { a, fromProgress } of candidates(o, fileSession, now) ?? []) {
        const m = a.message
        const t = usageTokens(m.usage)
        const id = nonEmpty(m.id)
        if (t === null || id === null) continue
        const key = responseKey(id, nonEmpty(a.requestId))
        const prev = best.get(key)
        const model = nonEmpty(m.model) ?? 'unknown'
        if (!prev || sum(t) > sum(prev.t) || (sum(t) === sum(prev.t) && !fromProgress && prev.fromProgress))
          best.set(key, { model, t, fromProgress })
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
