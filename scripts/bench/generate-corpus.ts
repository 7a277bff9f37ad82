/**
 * Deterministic synthetic corpus of Claude Code JSONL transcripts, laid out like `~/.claude` (plus some
 * `~/.config/claude`), for benchmarks and crash-safety tests. Line shapes, key orders and version eras
 * follow shared/docs/claude-code-jsonl.md (§1, §3–§9, §12, §14) and the real samples in
 * shared/fixtures/claude-logs/real. Same seed + same options => byte-identical output.
 * Rates measured on tests/fixtures/claude-logs/real (#17): 10.9 tool calls per session, 6.9% of tool results
 * is_error, a large share of the bytes in a few huge lines. The corpus gives ~10.5 calls per session, ~6.5–7%
 * errors, a third of the bytes in 512 KB–1 MB tool results (main threads only), ~7.8 files per MB.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface CorpusOptions {
  /** Output root: the generator writes <root>/.claude/projects/... and <root>/.config/claude/projects/... */
  root: string
  /** Approximate total bytes to write (±10%). */
  targetBytes: number
  /** PRNG seed; same seed + same options => byte-identical output. */
  seed?: number
  /** End of the time span (ms since epoch); the corpus spans `days` days before it. Default: Date.UTC(2026, 10, 20). */
  endMs?: number
  /** Default 120. */
  days?: number
}
/** `files` and `bytes` count `.jsonl` files only (not the subagent `.meta.json` sidecars). */
export interface CorpusStats {
  files: number
  bytes: number
  sessions: number
  assistantLines: number
}

type Rec = Record<string, unknown>
type Fam = 0 | 1 | 2 // Claude Code 1.0.x, 2.0.x, 2.1.x

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'
const MB = 1 << 20
const BIG_LINE = 512 * 1024
/** Large tool results (512 KB–1 MB lines) are written until they hold this share of the other bytes (1/3 of all). */
const BIG_PER_SMALL = 0.5
const [SONNET4, OPUS41] = ['claude-sonnet-4-20250514', 'claude-opus-4-1-20250805']
const [OPUS45, OPUS46, OPUS47] = ['claude-opus-4-5-20251101', 'claude-opus-4-6', 'claude-opus-4-7']
const [HAIKU, GLM] = ['claude-haiku-4-5-20251001', 'glm-4.5']
/** Patch versions per family, oldest first; a session's version follows its place in the timeline. */
const VERSIONS = [
  [17, 24, 31, 44, 51, 55, 62, 77, 98, 108, 128],
  [0, 10, 14, 22, 28, 37, 42, 55, 64, 76],
  [2, 14, 17, 38, 39, 42, 63, 77, 97, 104, 114, 126, 144],
]
const ERAS = [0, 0.15, 0.4, 1] // corpus share before each family starts: 15% 1.0.x, 25% 2.0.x, 60% 2.1.x

/** mulberry32 plus the few draws the generator needs. */
function rng(seed: number) {
  let s = seed >>> 0
  const next = (): number => {
    let t = (s = (s + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const chars = (abc: string, n: number): string => {
    let x = ''
    for (let i = 0; i < n; i++) x += abc[Math.floor(next() * abc.length)]
    return x
  }
  const uuid = (): string => {
    const [h, v] = [chars(HEX, 30), chars('89ab', 1)]
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-${v}${h.slice(15, 18)}-${h.slice(18)}`
  }
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1))
  const pick = <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)]!
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
  const hex = (n: number): string => chars(HEX, n)
  return { next, chars, uuid, int, pick, normal, hex, chance: (p: number): boolean => next() < p }
}
type Rng = ReturnType<typeof rng>

const BUFFERS: Buffer[] = [] // reusable 1 MB write buffers; a session and its subagents are open at once

/** Encodes one file's lines into a 1 MB buffer, written out when full. `size` counts characters (≈ bytes). */
class Sink {
  private buf = BUFFERS.pop() ?? Buffer.allocUnsafe(MB)
  private used = 0
  private bytes = 0
  private fd: number
  size = 0
  /** Characters in lines of 512 KB or more (large tool results, pasted images). */
  big = 0
  last = ''
  constructor(path: string) {
    this.fd = openSync(path, 'w')
  }
  push(s: string): void {
    this.size += s.length
    if (s.length >= BIG_LINE) this.big += s.length
    this.last = s
    if (s.length * 3 > MB - this.used) this.flush() // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (s.length * 3 > MB) this.bytes += writeSync(this.fd, s)
    else this.used += this.buf.write(s, this.used)
  }
  close(): number {
    this.flush()
    closeSync(this.fd)
    BUFFERS.push(this.buf)
    return this.bytes
  }
  private flush(): void {
    if (this.used) this.bytes += writeSync(this.fd, this.buf, 0, this.used)
    this.used = 0
  }
}

type Pools = ReturnType<typeof buildPools>
type Head = { line: string; uuid: string | null; type: string }
/** head: first lines of the project's latest 2.x session (for resumed copies); leafs: for summary lines. */
type Project = { cwd: string; dir: string; branch: string; head: Head[] | null; leafs: string[] }
/** big/small: characters written so far in lines of 512 KB or more, and in the others. */
type G = {
  r: Rng
  p: Pools
  stats: CorpusStats
  roots: string[]
  dirs: Set<string>
  timeAt: Timeline
  big: number
  small: number
}
/** Writer state for one transcript file; subagents get a shallow copy with their own sink and chain. */
interface Ctx {
  g: G
  r: Rng
  fam: Fam
  n: number
  version: string
  sid: string
  cwd: string
  dir: string
  out: Sink
  branch: string | undefined
  slug?: string
  agentId?: string
  side: boolean
  model: string
  hooks: boolean
  perm: string
  t: number
  parent: string | null
  promptId?: string
  promptUuid: string
  ctx: number // tokens in the cached prompt prefix
  fresh: number // tokens added since the last response; they become cache writes
  cold: boolean
  head?: Head[]
  tracked: Map<string, { h: string; v: number }>
  tasks: number
  toolUses: number
  lastText: string
  lastUsage: Rec
  mirror?: (m: Rec) => void // agent_progress copies of subagent messages into the parent file
}
type Res = { content: unknown; tur: unknown; err: boolean; wait: number; bashOut?: string }
type Call = { name: string; id: string; input: Rec; res?: Res }

const SERVERS = { web_search_requests: 0, web_fetch_requests: 0 }
const at = (c: Ctx, fam: Fam, n = 0): boolean => c.fam > fam || (c.fam === fam && c.n >= n)
const iso = (ms: number): string => new Date(ms).toISOString()
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
const umsg = (content: unknown): Rec => ({ role: 'user', content })
const ok = (content: unknown, tur: unknown, wait: number): Res => ({ content, tur, err: false, wait })
const fail = (msg: string, wait: number): Res => ({ content: msg, tur: `Error: ${msg}`, err: true, wait })
const numbered = (lines: string[], from: number): string =>
  lines.map((l, k) => `${String(from + k).padStart(6)}→${l}`).join('\n')
const words = (s: string): string[] => s.split(' ')

// ---------------------------------------------------------------- text pools

const WORDS = words(
  'the parser reads each line of transcript and skips progress records before decoding usage so cache ' +
    'tokens stay accurate when session files grow large we should check whether dedup keeps last copy ' +
    'response model request index store writer query chart daily totals cost price table migration test ' +
    'failing passes build error handler config path root worktree branch commit diff rename refactor',
)
const IDENTS = words(
  'parse line buffer offset session usage record token cache model price index store writer reader batch ' +
    'config root path entry stats result error message request project cursor filter',
)
const ident = (r: Rng): string => r.pick(IDENTS) + cap(r.pick(IDENTS))
const NON_ASCII = [
  'Die Änderung betrifft nur den Parser, nicht die Datenbank.',
  'このテストは失敗しています。原因を調べてください。',
  'Ça marche maintenant 🎉 — merci !',
]

function buildPools(r: Rng) {
  const sentences = [...NON_ASCII]
  for (let i = 0; i < 400; i++) {
    const w = Array.from({ length: r.int(6, 22) }, () => (r.chance(0.08) ? `\`${ident(r)}\`` : r.pick(WORDS)))
    sentences.push(cap(w.join(' ')) + r.pick(['.', '.', '.', '?', ':']))
  }
  const code: ((r: Rng) => string)[] = [
    (r) => `import { ${ident(r)}, ${ident(r)} } from './${r.pick(IDENTS)}'`,
    (r) => `export function ${ident(r)}(${r.pick(IDENTS)}: string, ${r.pick(IDENTS)}: number): boolean {`,
    (r) => `  const ${ident(r)} = ${r.pick(IDENTS)}.${ident(r)}(${r.pick(IDENTS)}, ${r.int(0, 4096)})`,
    (r) => `  if (!${ident(r)}) return ${r.pick(['null', 'undefined', '0', "''", '[]'])}`,
    (r) => `  for (const ${r.pick(IDENTS)} of ${ident(r)}) ${ident(r)}.push(${r.pick(IDENTS)})`,
    (r) => `  // ${r.pick(sentences)}`,
    (r) => `    ${ident(r)}: ${r.chance(0.5) ? `'${r.pick(WORDS)}'` : r.int(0, 999)},`,
    () => '}',
    () => '',
  ]
  const files = Array.from({ length: 48 }, () => {
    const dir = r.pick(['src/core', 'src/ui', 'electron/main', 'lib', 'tests', 'scripts', 'src/api'])
    const rel = `${dir}/${ident(r)}.${r.pick(['ts', 'ts', 'tsx', 'py', 'go'])}`
    const size = 800 + Math.floor(30000 * r.next() ** 3) // Read results of 1–30 KB, most of them small
    const lines: string[] = []
    for (let len = 0; len < size; len += lines[lines.length - 1]!.length + 1) lines.push(r.pick(code)(r))
    return { rel, text: lines.join('\n'), numbered: numbered(lines, 1), lines }
  })
  const cmds = ['npm test', 'git status --short', 'git diff', 'npx tsc --noEmit', 'npm run build']
  const bash = Array.from({ length: 40 }, (_, i) => {
    const out = Array.from({ length: 2 + Math.floor(250 * r.next() ** 4) }, (_, k) => {
      const f = r.pick(files).rel
      if (i % 5 === 0) return ` ✓ ${f.replace(/\.\w+$/, '.test.ts')} (${r.int(1, 40)} tests)`
      if (i % 5 === 1) return `${r.pick([' M', '??', ' D', 'A '])} ${f}`
      if (i % 5 === 2) return `${r.pick(['+', '-', ' '])}${r.pick(code)(r)}`
      if (i % 5 === 3) return `${f}:${r.int(1, 900)}:${r.int(1, 80)} - ${r.pick(sentences)}`
      return `[${k + 1}] ${r.pick(['Compiling', 'Bundling', 'Linking'])} ${f}`
    })
    return { cmd: cmds[i % 5]!, out: out.join('\n') }
  })
  // ~2 MB of test-run log: large tool results (512 KB–1 MB lines) are slices of it
  const log: string[] = []
  for (let len = 0; len < 2.2e6; len += log[log.length - 1]!.length + 1)
    log.push(`${r.pick(files).rel}:${r.int(1, 900)}:${r.int(1, 80)} - ${r.pick(sentences)}`)
  return { files, bash, sentences, sig: r.chars(B62 + '+/', 8192), log: log.join('\n') }
}

function prose(c: Ctx, chars: number): string {
  let s = c.r.pick(c.g.p.sentences)
  while (s.length < chars) s += (c.r.chance(0.15) ? '\n\n' : ' ') + c.r.pick(c.g.p.sentences)
  return s
}
const title = (c: Ctx): string => cap(prose(c, 20).slice(0, 50).trim())

// ---------------------------------------------------------------- line writers

function openSink(g: G, path: string): Sink {
  if (!g.dirs.has(dirname(path))) mkdirSync(dirname(path), { recursive: true })
  g.dirs.add(dirname(path))
  return new Sink(path)
}
function closeSink(g: G, s: Sink): void {
  g.stats.bytes += s.close()
  g.stats.files++
}

function put(c: Ctx, line: string, type: string, uuid: string | null): void {
  c.out.push(line + '\n')
  if (line.length >= BIG_LINE) c.g.big += line.length
  else c.g.small += line.length
  if (type === 'assistant') c.g.stats.assistantLines++
  if (c.head && c.head.length < 40) c.head.push({ line, uuid, type })
}
/** Bookkeeping line: no chain fields. */
const book = (c: Ctx, rec: Rec): void => put(c, JSON.stringify(rec), rec.type as string, null)

/** ts: timestamp before uuid (system and hook lines); pid: carries promptId (user lines, 2.1.97+). */
type EmitOpts = { ts?: boolean; uuid?: string; logical?: string; pid?: boolean }
/** Chain line: the envelope comes first up to 2.1.9x and last from 2.1.97 on, as in the real files. */
function emit(c: Ctx, body: Rec, after?: Rec, o: EmitOpts = {}): string {
  const uuid = o.uuid ?? c.r.uuid()
  const timestamp = iso(c.t)
  const ids = o.ts ? { timestamp, uuid } : { uuid, timestamp }
  const rec: Rec = { parentUuid: c.parent }
  if (o.logical) rec.logicalParentUuid = o.logical
  rec.isSidechain = c.side
  if (at(c, 2, 97)) {
    if (o.pid && c.promptId) rec.promptId = c.promptId
    if (c.agentId) rec.agentId = c.agentId
    Object.assign(rec, body, ids, after, { userType: 'external', entrypoint: 'cli', cwd: c.cwd })
    Object.assign(rec, { sessionId: c.sid, version: c.version, gitBranch: c.branch })
  } else {
    Object.assign(rec, { userType: 'external', cwd: c.cwd, sessionId: c.sid, version: c.version })
    if (c.branch !== undefined) rec.gitBranch = c.branch
    if (c.agentId) rec.agentId = c.agentId
    if (c.slug) rec.slug = c.slug
    Object.assign(rec, body, ids, after)
  }
  const type = body.type as string
  put(c, JSON.stringify(rec), type, uuid)
  c.parent = uuid
  if (c.mirror && type === 'user') c.mirror({ type, message: body.message, uuid, timestamp })
  if (c.mirror && type === 'assistant')
    c.mirror({ type, timestamp, message: body.message, requestId: body.requestId, uuid })
  return uuid
}
const user = (c: Ctx, content: unknown, extra?: Rec, after?: Rec): string =>
  emit(c, { type: 'user', message: umsg(content), ...extra }, after, { pid: true })
const system = (c: Ctx, body: Rec, after?: Rec, logical?: string): string =>
  emit(c, { type: 'system', ...body }, after, { ts: true, logical })

function snapshot(c: Ctx, messageId: string, isSnapshotUpdate: boolean): void {
  const trackedFileBackups: Rec = {}
  for (const [p, { h, v }] of c.tracked)
    trackedFileBackups[p] = { backupFileName: `${h}@v${v}`, version: v, backupTime: iso(c.t - 5) }
  const snap = { messageId, trackedFileBackups, timestamp: iso(c.t) }
  book(c, { type: 'file-history-snapshot', messageId, snapshot: snap, isSnapshotUpdate })
}

const HOOK_CMDS = ['"${CLAUDE_PLUGIN_ROOT}/scripts/notify.sh" busy', 'npx prettier --write "$FILE"']
/** A hook run, recorded the way each era does it: attachment, hook_progress, or legacy system line. */
function hook(c: Ctx, event: string, matcher: string, toolUseID: string): void {
  const command = c.r.pick(HOOK_CMDS)
  const hookName = matcher ? `${event}:${matcher}` : event
  if (at(c, 2, 97)) {
    const stdout = event === 'SessionStart' ? `session registered: ${c.cwd}\n` : ''
    const a = { type: 'hook_success', hookName, toolUseID, hookEvent: event, content: '', stdout, stderr: '' }
    const attachment = { ...a, exitCode: 0, command, durationMs: c.r.int(40, 1500) }
    emit(c, { attachment, type: 'attachment' })
  } else if (at(c, 2, 2)) {
    const data = { type: 'hook_progress', hookEvent: event, hookName, command }
    emit(c, { type: 'progress', data, parentToolUseID: toolUseID, toolUseID }, undefined, { ts: true })
  } else if (c.fam === 0 && c.n >= 44 && event === 'PostToolUse') {
    const content = `Running \u001b[1mPostToolUse:${matcher}\u001b[22m...`
    system(c, { content, isMeta: false }, { toolUseID, level: 'info' })
  }
}

const CAVEAT =
  'Caveat: The messages below were generated by the user while running local commands. DO NOT respond to ' +
  'these messages or otherwise consider them in your response unless the user explicitly asks you to.'
function command(c: Ctx, name: string, stdout: string): void {
  const pad = '\n            '
  const cmd = `<command-name>${name}</command-name>${pad}<command-message>${name.slice(1)}</command-message>`
  const output = `<local-command-stdout>${stdout}</local-command-stdout>`
  const lines = [`${cmd}${pad}<command-args></command-args>`, output]
  if (at(c, 2, 38) && name === '/model') {
    const meta = { isMeta: false }
    for (const content of lines) system(c, { subtype: 'local_command', content, level: 'info' }, meta)
    return
  }
  user(c, c.fam === 2 ? `<local-command-caveat>${CAVEAT}</local-command-caveat>` : CAVEAT, { isMeta: true })
  for (const content of lines) user(c, content)
}

// ---------------------------------------------------------------- assistant responses

function usage(c: Ctx, inp: number, create: number, read: number, out: number, final: boolean): Rec {
  // third-party backends write their own, thinner usage (§12 P19)
  const thin = { input_tokens: inp + create, output_tokens: out, cache_read_input_tokens: read }
  if (c.model === GLM) return thin
  const base = { input_tokens: inp, cache_creation_input_tokens: create, cache_read_input_tokens: read }
  if (!at(c, 0, 90)) return { ...base, output_tokens: out, service_tier: 'standard' }
  const h1 = c.fam === 2 && !c.side ? create : 0 // 2.1.x main thread writes 1h cache, subagents 5m
  const split = { ephemeral_5m_input_tokens: create - h1, ephemeral_1h_input_tokens: h1 }
  if (!final || !at(c, 2, 38)) {
    const u: Rec = { ...base, cache_creation: split, output_tokens: out, service_tier: 'standard' }
    if (at(c, 2, 38)) u.inference_geo = 'not_available'
    return u
  }
  const u: Rec = { ...base, output_tokens: out, server_tool_use: SERVERS, service_tier: 'standard' }
  u.cache_creation = { ephemeral_1h_input_tokens: h1, ephemeral_5m_input_tokens: create - h1 }
  u.inference_geo = ''
  const it = { input_tokens: inp, output_tokens: out, cache_read_input_tokens: read }
  u.iterations = [{ ...it, cache_creation_input_tokens: create, cache_creation: split, type: 'message' }]
  if (at(c, 2, 97)) u.speed = 'standard'
  return u
}

/** One API response: one assistant line per content block, sharing message.id and requestId (§12 P1). */
function respond(c: Ctx, blocks: Rec[], stop: string): string[] {
  const r = c.r
  const id = c.model === GLM ? `msg_${r.int(202508, 202511)}${r.hex(24)}` : `msg_01${r.chars(B62, 22)}`
  const requestId = `req_011C${r.chars(B62, 20)}`
  const inp = r.chance(0.04) ? r.int(1000, 6000) : r.int(1, 10)
  let create = Math.min(30000, c.fresh + r.int(0, 600))
  let read = c.ctx
  if (c.cold) [create, read, c.cold] = [Math.min(30000, c.ctx + c.fresh), 0, false]
  const out = Math.round(50 + 2950 * r.next() ** 2.2)
  c.t += r.int(2000, 5000)
  const uuids = blocks.map((block, i) => {
    if (i > 0) c.t += r.int(500, 3000)
    const last = i === blocks.length - 1
    // 1.0.x writes id/type/role before model, later versions model first
    const m: Rec = c.fam === 0 ? { id, type: 'message', role: 'assistant' } : { model: c.model, id }
    Object.assign(m, { model: c.model, type: 'message', role: 'assistant', content: [block] })
    Object.assign(m, { stop_reason: last && r.chance(0.25) ? stop : null, stop_sequence: null })
    if (at(c, 2, 97)) m.stop_details = null
    m.usage = usage(c, inp, create, read, last ? out : r.int(1, 30), last) // partial output_tokens first
    if (last) c.lastUsage = m.usage as Rec
    return emit(c, { message: m, requestId, type: 'assistant' })
  })
  c.ctx = Math.min(185000, read + create + out)
  c.fresh = 0
  // before 2.1 compaction left no trace in the file (§9): the context just shrinks
  if (c.fam < 2 && c.ctx > 175000) c.ctx = r.int(20000, 40000)
  return uuids
}

const API_ERRORS: [string, number, string][] = [
  ['rate_limit', 429, "API Error: 429 You've hit your session limit · resets 9:50pm (Europe/Berlin)"],
  ['server_error', 529, 'API Error: 529 Overloaded. This is a server-side issue, usually temporary.'],
  ['authentication_failed', 401, 'Please run /login · API Error: 401 OAuth access token has expired'],
]
/** Retry lines (2.1.x), then sometimes the final synthetic error message; true when that ends the turn. */
function apiError(c: Ctx): boolean {
  const r = c.r
  const cause = { code: 'ECONNRESET', path: 'https://api.anthropic.com/v1/messages?beta=true', errno: 0 }
  for (let i = 1, k = at(c, 2, 14) ? r.int(1, 3) : 0; i <= k; i++) {
    c.t += 500 * 2 ** i + r.int(0, 400)
    const retry = { retryInMs: 500 * 2 ** i, retryAttempt: i, maxRetries: 10 }
    system(c, { subtype: 'api_error', level: 'error', error: { cause }, ...retry })
  }
  if (!r.chance(0.4)) return false
  const [error, apiErrorStatus, msg] = r.pick(API_ERRORS)
  const text = c.fam === 0 ? `Claude AI usage limit reached|${Math.ceil(c.t / 3600e3 + 2) * 3600}` : msg
  const zero = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0 }
  const u = { ...zero, cache_read_input_tokens: 0, server_tool_use: SERVERS, service_tier: null }
  const head = { id: r.uuid(), container: null, model: '<synthetic>', role: 'assistant' }
  const tail = { stop_reason: 'stop_sequence', stop_sequence: '', type: 'message', usage: u }
  const message = { ...head, ...tail, content: [{ type: 'text', text }] }
  c.t += r.int(1000, 4000)
  emit(c, { type: 'assistant', isApiErrorMessage: true, error, apiErrorStatus, message })
  return true
}

// ---------------------------------------------------------------- tools

const TOOLS = words('Read Read Read Bash Bash Bash Bash Edit Edit Grep Grep Grep Glob Glob Write TodoWrite')
const REJECTED =
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file " +
  'edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user.'
const EDITED = "has been updated. Here's the result of running `cat -n` on a snippet of the edited file:"

/** A tool call with its input and (except for Task/Agent, which run later) its result. */
function planTool(c: Ctx, name: string): Call {
  const r = c.r
  const P = c.g.p
  const id = `toolu_01${r.chars(B62, 22)}`
  const err = r.chance(0.11) // with the 1% rejected calls: ~7% of results are errors, as in real files
  const f = r.pick(P.files)
  const sep = c.cwd.startsWith('C:') ? '\\' : '/'
  const path = `${c.cwd}${sep}${f.rel.replace(/\//g, sep)}`
  const wait = r.int(200, 2000)
  const call = (input: Rec, res?: Res): Call => ({ name, id, input, res })
  if (name === 'Read') {
    const n = f.lines.length
    const file = { filePath: path, content: f.text, numLines: n, startLine: 1, totalLines: n }
    const missing = fail(`File does not exist. Current working directory: ${c.cwd}`, wait)
    return call({ file_path: path }, err ? missing : ok(f.numbered, { type: 'text', file }, wait))
  }
  if (name === 'Bash' && !c.side && c.g.big < c.g.small * BIG_PER_SMALL && r.chance(0.1)) {
    // a large tool result: a whole test-run log, one 512 KB–1 MB line (content and stdout both hold it)
    const len = Math.floor(r.int(545e3, 1e6) * 0.47)
    const from = r.int(0, P.log.length - len)
    const out = P.log.slice(from, from + len)
    const tur: Rec = { stdout: out, stderr: '', interrupted: false, isImage: false }
    if (c.fam === 2) tur.noOutputExpected = false
    return call(
      { command: 'npm test -- --reporter=verbose', description: 'Run the tests' },
      ok(out, tur, wait),
    )
  }
  if (name === 'Bash') {
    const { cmd, out } = r.pick(P.bash)
    const w = r.chance(0.4) ? r.int(3000, 30000) : r.int(300, 3000)
    const tur: Rec = { stdout: out, stderr: '', interrupted: false, isImage: false }
    if (c.fam === 2) tur.noOutputExpected = false
    const res = err ? fail(`Exit code 1\n${out.slice(0, 3000)}`, w) : ok(out, tur, w)
    return call({ command: cmd, description: `Run ${cmd}` }, { ...res, bashOut: out })
  }
  if (name === 'Edit' || name === 'Write') {
    const b = c.tracked.get(f.rel) ?? { h: r.hex(16), v: 0 }
    c.tracked.set(f.rel, { h: b.h, v: b.v + 1 })
    if (name === 'Write') {
      const tur = { type: 'create', filePath: path, content: f.text, structuredPatch: [], originalFile: null }
      const res = ok(`File created successfully at: ${path}`, tur, wait)
      return call({ file_path: path, content: f.text }, res)
    }
    const k = r.int(0, Math.max(0, f.lines.length - 12))
    const oldString = f.lines.slice(k, k + r.int(1, 6)).join('\n')
    const input = { file_path: path, old_string: oldString, new_string: `${oldString}\n${f.lines[0]}` }
    if (err) return call(input, fail(`String to replace not found in file.\nString: ${oldString}`, wait))
    const lines = f.lines.slice(k, k + 6).map((l) => ` ${l}`)
    const structuredPatch = [{ oldStart: k + 1, oldLines: 6, newStart: k + 1, newLines: 7, lines }]
    const tur = { filePath: path, oldString, newString: input.new_string, originalFile: f.text }
    const rest = { structuredPatch, userModified: false, replaceAll: false }
    const text = `The file ${path} ${EDITED}\n${numbered(f.lines.slice(k, k + 12), k + 1)}`
    const permission = r.chance(0.05) ? r.int(5000, 30000) : wait // waiting for the user to approve
    return call(input, ok(text, { ...tur, ...rest }, permission))
  }
  if (name === 'Grep') {
    const hits = f.lines.slice(0, r.int(3, 40)).map((l, i) => `${path}:${i + 1}:${l}`)
    const content = hits.join('\n')
    const tur = { mode: 'content', numFiles: 0, filenames: [], content, numLines: hits.length }
    return call({ pattern: r.pick(IDENTS), path: c.cwd, output_mode: 'content' }, ok(content, tur, wait))
  }
  if (name === 'Glob') {
    const filenames = Array.from({ length: r.int(1, 40) }, () => `${c.cwd}${sep}${r.pick(P.files).rel}`)
    const tur = { filenames, durationMs: r.int(3, 300), numFiles: filenames.length, truncated: false }
    return call({ pattern: '**/*.ts' }, ok(filenames.join('\n'), tur, wait))
  }
  if (name === 'TodoWrite') {
    const status = words('pending in_progress completed')
    const todos = Array.from({ length: r.int(2, 7) }, () => ({ content: title(c), status: r.pick(status) }))
    const text = 'Todos have been modified successfully. Ensure that you continue to use the todo list.'
    return call({ todos }, ok(text, { oldTodos: [], newTodos: todos }, r.int(5, 60)))
  }
  const subagent_type = r.chance(0.5) ? 'Explore' : 'general-purpose'
  return call({ description: title(c).slice(0, 40), prompt: prose(c, r.int(300, 2500)), subagent_type })
}

/** Snapshots of a running command, each repeating all output so far (§4.7). */
function bashProgress(c: Ctx, call: Call, out: string, wait: number): void {
  const k = Math.min(8, Math.floor(wait / 2000))
  for (let i = 1; i <= k; i++) {
    c.t += Math.floor(wait / (k + 1))
    const fullOutput = out.slice(0, Math.floor((out.length * i) / (k + 1)))
    const elapsedTimeSeconds = Math.floor((wait * i) / (k + 1) / 1000)
    const output = fullOutput.slice(-400)
    const data: Rec = { type: 'bash_progress', output, fullOutput, elapsedTimeSeconds }
    data.totalLines = fullOutput.split('\n').length
    if (at(c, 2, 97)) data.totalBytes = fullOutput.length
    const ids = { parentToolUseID: call.id, toolUseID: `bash-progress-${i - 1}` }
    emit(c, { type: 'progress', data, ...ids }, undefined, { ts: true })
  }
  c.t += Math.floor(wait / (k + 1))
}

/** Tool results, one user line each (§12 P2); returns true when the user interrupted the turn. */
function runCalls(c: Ctx, calls: Call[], uses: string[]): boolean {
  const r = c.r
  for (const [i, call] of calls.entries()) {
    const use = uses[uses.length - calls.length + i]!
    if (at(c, 2, 1)) c.parent = use // 2.1.x: each result hangs off its own tool_use line
    if (!c.side && r.chance(0.01)) {
      c.t += r.int(2000, 20000)
      const block = { type: 'tool_result', content: REJECTED, is_error: true, tool_use_id: call.id }
      user(c, [block], undefined, { toolUseResult: `Error: ${REJECTED}` })
      user(c, [{ type: 'text', text: '[Request interrupted by user for tool use]' }])
      return true
    }
    const res = (call.res ??= subagent(c, call, use))
    c.toolUses++
    if (c.hooks && at(c, 2, 2) && !at(c, 2, 97)) hook(c, 'PostToolUse', call.name, call.id)
    if (res.bashOut && res.wait > 3000 && at(c, 2, 2)) bashProgress(c, call, res.bashOut, res.wait)
    else c.t += res.wait
    if (at(c, 2, 1)) c.parent = use
    const block = res.err
      ? { type: 'tool_result', content: res.content, is_error: true, tool_use_id: call.id }
      : { tool_use_id: call.id, type: 'tool_result', content: res.content }
    if (!res.err && call.name === 'Bash') Object.assign(block, { is_error: false })
    const after: Rec = { toolUseResult: res.tur }
    if (at(c, 2, 1)) after.sourceToolAssistantUUID = use
    user(c, [block], undefined, after)
    if (c.hooks && (at(c, 2, 97) || c.fam === 0)) hook(c, 'PostToolUse', call.name, call.id)
    if (!c.side && c.fam > 0 && !res.err && /^(Edit|Write)$/.test(call.name)) snapshot(c, c.promptUuid, true)
    c.fresh += Math.round((typeof res.content === 'string' ? res.content.length : 3000) / 4)
    c.t += r.int(5, 300)
  }
  return false
}

/** A Task/Agent run in its era's layout: inline sidechain, legacy agent file, or subagents/ folder (§8). */
function subagent(c: Ctx, call: Call, use: string): Res {
  const r = c.r
  const input = call.input as { prompt: string; description: string; subagent_type: string }
  const agentId = c.fam === 0 ? undefined : c.fam === 1 ? r.hex(8) : 'a' + r.hex(at(c, 2, 97) ? 16 : 6)
  const dir = c.fam === 1 ? c.dir : join(c.dir, c.sid, 'subagents')
  const out = agentId ? openSink(c.g, join(dir, `agent-${agentId}.jsonl`)) : c.out
  const meta = { agentType: input.subagent_type, description: input.description }
  if (at(c, 2, 97)) writeFileSync(join(dir, `agent-${agentId}.meta.json`), JSON.stringify(meta))
  const model = input.subagent_type === 'Explore' && c.fam > 0 ? HAIKU : c.model
  const sc: Ctx = { ...c, side: true, agentId, out, parent: null, head: undefined, model, mirror: undefined }
  Object.assign(sc, { ctx: r.int(9000, 16000), fresh: 0, cold: r.chance(0.3), tasks: 99, toolUses: 0 })
  if (c.fam === 2) {
    const toolUseID = `agent_msg_01${r.chars(B62, 22)}`
    c.parent = use
    sc.mirror = (message) => {
      c.t = sc.t + r.int(1, 6)
      const data = { message, normalizedMessages: [], type: 'agent_progress', prompt: input.prompt, agentId }
      emit(c, { type: 'progress', data, toolUseID, parentToolUseID: call.id })
    }
  }
  const start = (sc.t = c.t + r.int(20, 300))
  turn(sc, input.prompt, 9)
  c.t = sc.t + r.int(50, 400)
  if (out !== c.out) closeSink(c.g, out)
  const u = sc.lastUsage as Record<string, number>
  const tokens = words('input_tokens cache_creation_input_tokens cache_read_input_tokens output_tokens')
  const totalTokens = tokens.reduce((a, k) => a + (u[k] ?? 0), 0)
  const stats = { totalDurationMs: c.t - start, totalTokens, totalToolUseCount: sc.toolUses, usage: u }
  const content = [{ type: 'text', text: sc.lastText }]
  if (c.fam === 0) return ok(content, { content, ...stats }, 0)
  const tur: Rec = { status: 'completed', prompt: input.prompt, agentId }
  if (at(c, 2, 97)) tur.agentType = input.subagent_type
  Object.assign(tur, { content }, stats)
  const toolStats = { readCount: r.int(0, 9), searchCount: r.int(0, 5), bashCount: r.int(0, 5) }
  if (at(c, 2, 97)) tur.toolStats = toolStats
  const note = `<usage>total_tokens: ${totalTokens}\ntool_uses: ${sc.toolUses}</usage>`
  const text = `agentId: ${agentId} (use SendMessage with to: '${agentId}' to continue this agent)\n${note}`
  return ok(c.fam === 2 ? [...content, { type: 'text', text }] : content, tur, 0)
}

// ---------------------------------------------------------------- turns and sessions

/** A prompt and the agent loop it starts; also runs subagents (c.side). */
function turn(c: Ctx, prompt: unknown, maxSteps: number): void {
  const r = c.r
  const start = c.t
  const main = !c.side
  c.promptUuid = r.uuid()
  if (main && at(c, 2, 97)) c.promptId = r.uuid()
  if (main && c.fam > 0) snapshot(c, c.promptUuid, false)
  const after: Rec = {}
  const level = { level: 'high', disabled: false, triggers: [] }
  if (main && c.fam === 0 && c.n >= 100) after.thinkingMetadata = level
  if (main && c.fam === 2 && c.n <= 42) after.thinkingMetadata = { maxThinkingTokens: 31999 }
  if (main && (c.fam === 1 || (c.fam === 2 && c.n <= 42))) after.todos = []
  if (main && c.fam === 2) after.permissionMode = c.perm
  emit(c, { type: 'user', message: umsg(prompt) }, after, { uuid: c.promptUuid, pid: true })
  c.fresh += Math.round((typeof prompt === 'string' ? prompt.length : 2000) / 4)
  if (main && c.hooks && at(c, 2, 97)) hook(c, 'UserPromptSubmit', '', r.uuid())
  const steps = 1 + Math.floor(maxSteps * r.next() ** 2)
  for (let s = 0; s < steps; s++) {
    if (main && r.chance(0.004) && apiError(c)) return
    const calls: Call[] = []
    for (let k = s === steps - 1 ? 0 : r.chance(0.15) ? r.int(2, 4) : 1; k > 0; k--) {
      const task = main && c.tasks < 4 && r.chance(0.1)
      if (task) c.tasks++
      calls.push(planTool(c, task ? (at(c, 2, 63) ? 'Agent' : 'Task') : r.pick(TOOLS)))
    }
    const blocks: Rec[] = []
    if (r.chance(c.fam === 0 ? 0.08 : 0.5)) {
      const from = r.int(0, c.g.p.sig.length - 1600)
      const signature = c.g.p.sig.slice(from, from + r.int(300, 1500))
      const thinking = c.model === OPUS47 ? '' : prose(c, r.int(100, 2500)) // opus-4-7 omits thinking text
      blocks.push({ type: 'thinking', thinking, signature })
    }
    if (!calls.length || r.chance(0.5)) {
      c.lastText = prose(c, calls.length ? r.int(40, 400) : r.int(200, 2500))
      blocks.push({ type: 'text', text: c.lastText })
    }
    const caller = at(c, 2, 97) ? { caller: { type: 'direct' } } : {}
    for (const { id, name, input } of calls) blocks.push({ type: 'tool_use', id, name, input, ...caller })
    const uses = respond(c, blocks, calls.length ? 'tool_use' : 'end_turn')
    if (calls.length && runCalls(c, calls, uses)) return
  }
  if (!main) return
  if (c.fam === 2 && c.hooks) {
    const hookInfos = [{ command: r.pick(HOOK_CMDS), durationMs: r.int(40, 900) }]
    const body = { subtype: 'stop_hook_summary', hookCount: 1, hookInfos, hookErrors: [] }
    const rest = { preventedContinuation: false, stopReason: '', hasOutput: true, level: 'suggestion' }
    system(c, { ...body, ...rest }, { toolUseID: r.uuid() })
  }
  const count = at(c, 2, 97) ? { messageCount: r.int(3, 120) } : {}
  const duration = { subtype: 'turn_duration', durationMs: c.t - start, ...count }
  if (at(c, 2, 14)) system(c, duration, { isMeta: false })
  if (at(c, 2, 64) && typeof prompt === 'string') {
    const lastPrompt = prompt.length > 200 ? prompt.slice(0, 199) + '…' : prompt
    const leaf = at(c, 2, 126) ? { leafUuid: c.parent } : {}
    book(c, { type: 'last-prompt', lastPrompt, sessionId: c.sid, ...leaf })
  }
}

const COMPACT_PROMPT =
  'Your task is to create a detailed summary of the conversation so far, paying close attention to the ' +
  "user's explicit requests and your previous actions.\nThis summary should be thorough in capturing " +
  'technical details, code patterns, and architectural decisions essential for continuing development work.'

/** Compaction (2.1.3x+): acompact subagent, boundary, summary, /compact lines written out of order (§9). */
function compact(c: Ctx, manual: boolean): void {
  const r = c.r
  const [last, preTokens, agentId] = [c.parent ?? undefined, c.ctx, `acompact-${r.hex(6)}`]
  const out = openSink(c.g, join(c.dir, c.sid, 'subagents', `agent-${agentId}.jsonl`))
  // the summarisation call's root points at the last pre-compact line of the main file (§12 P9)
  const sc: Ctx = { ...c, side: true, agentId, out, head: undefined, mirror: undefined }
  const summary = prose(c, r.int(6000, 15000))
  user(sc, COMPACT_PROMPT)
  const text = `<analysis>\n${prose(c, 1500)}\n</analysis>\n\n<summary>\n${summary}\n</summary>`
  respond(sc, [{ type: 'text', text }], 'end_turn')
  closeSink(c.g, out)
  c.t = sc.t + r.int(50, 500)
  snapshot(c, c.promptUuid, false)
  c.parent = null
  const meta = { level: 'info', compactMetadata: { trigger: manual ? 'manual' : 'auto', preTokens } }
  system(c, { subtype: 'compact_boundary', content: 'Conversation compacted', isMeta: false }, meta, last)
  const intro = 'This session is being continued from a previous conversation that ran out of context.'
  const flags = { isVisibleInTranscriptOnly: true, isCompactSummary: true }
  user(c, `${intro} The summary below covers the earlier portion of the conversation.\n\n${summary}`, flags)
  if (manual) {
    const now = c.t
    c.t -= r.int(60000, 90000)
    command(c, '/compact', '\u001b[2mCompacted (ctrl+o to see full summary)\u001b[22m')
    c.t = now
  }
  c.ctx = r.int(18000, 40000)
}

function humanPrompt(c: Ctx): string {
  const r = c.r
  const f = `\`${r.pick(c.g.p.files).rel}\``
  const asks = [`Fix the failing test in ${f}`, `Can you refactor ${f}?`, `Why does ${f} throw on {}?`]
  const head = r.pick([...asks, 'continue', `Add a ${r.pick(IDENTS)} option to ${f}`, 'yes, do it'])
  return r.chance(0.5) ? `${head}. ${prose(c, r.int(30, 900))}` : head
}

function mainModel(r: Rng, fam: Fam, n: number): string {
  if (fam === 0) return n >= 77 && r.chance(0.3) ? OPUS41 : SONNET4
  if (fam === 1) return n >= 42 ? r.pick([OPUS45, OPUS45, SONNET4]) : r.pick([SONNET4, SONNET4, OPUS41])
  return n < 38 ? OPUS45 : n < 97 || r.chance(0.3) ? OPUS46 : OPUS47
}

/** image: base64 bytes of a pasted image; garbage: add a non-JSON line; torn: end with a cut line. */
type Special = { image: number; garbage: boolean; torn: boolean }

function session(g: G, p: Project, frac: number, idx: number, size: number, sp: Special): void {
  const r = g.r
  const fam: Fam = frac < ERAS[1]! ? 0 : frac < ERAS[2]! ? 1 : 2
  const vs = VERSIONS[fam]!
  const n = vs[Math.floor(((frac - ERAS[fam]!) / (ERAS[fam + 1]! - ERAS[fam]!)) * vs.length)]!
  const dir = join(g.roots[fam === 0 && r.chance(0.6) ? 1 : 0]!, p.dir) // ~/.config/claude: once the default
  const sid = r.uuid()
  const perm = r.pick(words('default default default acceptEdits acceptEdits bypassPermissions plan'))
  const model = idx % 97 === 13 ? GLM : mainModel(r, fam, n)
  const [branch, out] = [fam === 0 && n < 55 ? undefined : p.branch, openSink(g, join(dir, `${sid}.jsonl`))]
  const version = `${['1.0', '2.0', '2.1'][fam]}.${n}`
  const c1 = { g, r, fam, n, version, sid, cwd: p.cwd, dir, out, branch, side: false, model }
  const c2 = { hooks: r.chance(0.5), perm, t: g.timeAt(frac), parent: null, promptUuid: '' }
  const c3 = { ctx: r.int(10000, 20000), fresh: 0, cold: r.chance(0.3), head: fam > 0 ? [] : undefined }
  const c4 = { tracked: new Map(), tasks: 0, toolUses: 0, lastText: '', lastUsage: {} }
  const c: Ctx = { ...c1, ...c2, ...c3, ...c4 }
  g.stats.sessions++
  const slugOn = (fam === 1 && n >= 55) || (fam === 2 && n <= 42)
  const slug = slugOn ? `${r.pick(WORDS)}-${r.pick(WORDS)}-${r.pick(IDENTS)}` : undefined
  for (let k = (fam === 0 || (fam === 1 && n <= 10)) && r.chance(0.6) ? r.int(1, 4) : 0; k > 0; k--) {
    const leafUuid = p.leafs.length && r.chance(0.8) ? r.pick(p.leafs) : r.uuid()
    book(c, { type: 'summary', summary: title(c), leafUuid })
  }
  const dequeue = { type: 'queue-operation', operation: 'dequeue', timestamp: iso(c.t), sessionId: sid }
  if (fam === 2 && r.chance(0.1)) book(c, dequeue) // claude -p / SDK sessions
  if (at(c, 2, 97)) book(c, { type: 'permission-mode', permissionMode: perm, sessionId: sid })
  // Resumed session: its first lines are byte-identical copies from an earlier session (§12 P3).
  if (fam > 0 && p.head && p.head.length > 4 && r.chance(0.05))
    for (const h of p.head.slice(0, r.int(3, p.head.length))) {
      put(c, h.line, h.type, h.uuid)
      c.parent = h.uuid ?? c.parent
    }
  if (c.hooks && fam === 2) hook(c, 'SessionStart', 'startup', r.uuid())
  const skills = { type: 'skill_listing', content: prose(c, 2500) }
  if (at(c, 2, 97) && r.chance(0.3)) emit(c, { attachment: skills, type: 'attachment' })
  // Warmup sidechains (2.0.x): automatic cache warm-up agents written when a session starts (§8).
  for (let k = fam === 1 && r.chance(0.35) ? r.int(1, 2) : 0; k > 0; k--) {
    const agentId = r.hex(8)
    const sc: Ctx = { ...c, side: true, agentId, out: openSink(g, join(dir, `agent-${agentId}.jsonl`)) }
    Object.assign(sc, { parent: null, head: undefined, model: HAIKU, ctx: 0, fresh: r.int(900, 1300) })
    user(sc, 'Warmup')
    respond(sc, [{ type: 'text', text: `I'm Claude Code's search specialist. ${prose(c, 400)}` }], 'end_turn')
    closeSink(g, sc.out)
  }
  if (r.chance(0.12)) command(c, '/clear', '')
  const compactAt = r.int(155000, 170000)
  for (let first = true; c.out.size - c.out.big < size; first = false) {
    const data = first && sp.image ? r.chars(B62 + '+/', sp.image) : ''
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data } }
    turn(c, data ? [image, { type: 'text', text: '[Image #1] the layout breaks here' }] : humanPrompt(c), 9)
    c.slug = slug
    if (sp.garbage) c.out.push('garbage{\n')
    sp.garbage = false
    c.t += r.chance(0.05) ? r.int(20, 90) * 60000 : r.int(15000, 480000)
    if (at(c, 2, 38) && (c.ctx > compactAt || r.chance(0.01))) compact(c, c.ctx <= compactAt)
    if (r.chance(0.03)) {
      user(c, '<bash-input>git status</bash-input>')
      user(c, `<bash-stdout>${r.pick(g.p.bash).out.slice(0, 2000)}</bash-stdout><bash-stderr></bash-stderr>`)
    }
    if (r.chance(0.02)) command(c, '/model', `Set model to \u001b[1m${c.model}\u001b[22m`)
    if (c.fam > 0 && r.chance(0.03)) {
      // typed while Claude was busy: written after the turn but timestamped before it (§12 P7)
      const q = { timestamp: iso(c.t - r.int(5000, 60000)), sessionId: sid }
      book(c, { type: 'queue-operation', operation: 'enqueue', ...q, content: humanPrompt(c) })
      book(c, { type: 'queue-operation', operation: 'remove', ...q })
    }
  }
  if (at(c, 2, 97)) book(c, { type: 'ai-title', aiTitle: title(c), sessionId: sid })
  const custom = { type: 'custom-title', customTitle: `${ident(r)}-work`, sessionId: sid }
  if (at(c, 2, 64) && r.chance(0.05)) book(c, custom)
  if (sp.torn) c.out.push(c.out.last.slice(0, c.out.last.length >> 1)) // a crash while appending a line
  closeSink(g, c.out)
  if (c.head) p.head = c.head
  if (c.parent) p.leafs = [...p.leafs.slice(-4), c.parent]
}

// ---------------------------------------------------------------- corpus

function makeProjects(r: Rng, count: number): Project[] {
  const names = words('observatory api-gateway ml-pipeline infra web-shop docs-site cli-tools data-lake')
  // special cwds: `_`, space, `.` and non-ASCII; a git worktree; a Windows drive (dir C--Users-dev-proj)
  const cwds = ['/home/dev/work/Café_notes v1.2', '/home/dev/work/observatory/.claude/worktrees/fix-parser']
  cwds.push('C:\\Users\\dev\\proj')
  for (let i = 0; cwds.length < count; i++) cwds.push(`/home/dev/work/${names[i % 8]}${i < 8 ? '' : i}`)
  const branches = ['main', 'main', 'master', 'feature/x', 'HEAD', '']
  return cwds.map((cwd, i) => {
    const branch = i === 1 ? 'worktree-fix-parser' : r.pick(branches)
    return { cwd, dir: cwd.replace(/[^a-zA-Z0-9]/g, '-'), branch, head: null, leafs: [] }
  })
}

type Timeline = (q: number) => number
/** Maps a corpus fraction to a time; hourly weights favour 09–19 local time (UTC+1) on weekdays. */
function timeline(endMs: number, days: number): Timeline {
  const start = endMs - days * 864e5
  const cum = new Float64Array(days * 24)
  let total = 0
  for (let h = 0; h < cum.length; h++) {
    const local = new Date(start + (h + 1) * 3600e3)
    const [hour, day] = [local.getUTCHours(), local.getUTCDay()]
    total += (hour >= 9 && hour < 19 ? 1 : hour >= 7 && hour < 23 ? 0.15 : 0.01) * (day % 6 === 0 ? 0.25 : 1)
    cum[h] = total
  }
  return (q) => {
    const x = (0.001 + 0.984 * q) * total // leave room for the last sessions to run before endMs
    const h = Math.max(
      0,
      cum.findIndex((v) => v >= x),
    )
    const prev = h > 0 ? cum[h - 1]! : 0
    return Math.floor(start + (h + (x - prev) / (cum[h]! - prev)) * 3600e3)
  }
}

export function generateCorpus(opts: CorpusOptions): CorpusStats {
  const r = rng(opts.seed ?? 1)
  const target = opts.targetBytes
  const stats: CorpusStats = { files: 0, bytes: 0, sessions: 0, assistantLines: 0 }
  const timeAt = timeline(opts.endMs ?? Date.UTC(2026, 10, 20), opts.days ?? 120)
  const roots = [join(opts.root, '.claude', 'projects'), join(opts.root, '.config', 'claude', 'projects')]
  const g: G = { r, p: buildPools(r), stats, roots, dirs: new Set(), timeAt, big: 0, small: 0 }
  const projects = makeProjects(r, Math.max(3, Math.round(target / 125e6)))
  const weights = projects.map((_, i) => (i === 2 ? 0.3 : 1 / (1 + i * 0.3)))
  for (let idx = 0; stats.bytes < target; idx++) {
    let pi = idx < 3 ? idx : 0 // the three special projects get the first sessions
    for (let x = r.next() * weights.reduce((a, b) => a + b); idx >= 3 && (x -= weights[pi]!) > 0;) pi++
    // lognormal sizes around 30 KB (large tool results not counted) (a session ends after the turn that crosses it), plus a few multi-MB ones
    const size = r.chance(0.004) ? r.int(1.5e6, 6e6) : Math.min(1.2e6, 30e3 * Math.exp(0.9 * r.normal()))
    const image = idx === 1 ? Math.min(MB, Math.floor(target / 32)) : 0
    const sp = { image, garbage: idx === 2 || idx === 6, torn: idx === 3 }
    const p = projects[Math.min(pi, projects.length - 1)]!
    session(g, p, stats.bytes / target, idx, Math.min(size, (target - stats.bytes) * 0.9), sp)
  }
  // Degenerate files (§1.4): a 0-byte session and one holding only file-history-snapshot lines.
  const snaps = Array.from({ length: 4 }, (_, k) => {
    const [messageId, timestamp] = [r.uuid(), iso(timeAt(0.5) + k * 60000)]
    const snapshot = { messageId, trackedFileBackups: {}, timestamp }
    return JSON.stringify({ type: 'file-history-snapshot', messageId, snapshot, isSnapshotUpdate: false })
  })
  for (const [i, text] of ['', snaps.join('\n') + '\n'].entries()) {
    const path = join(roots[0]!, projects[i]!.dir, `${r.uuid()}.jsonl`)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    stats.bytes += Buffer.byteLength(text)
  }
  stats.files += 2
  stats.sessions += 2
  return stats
}
