import { homedir } from 'node:os'
import type { Filters } from '../../../shared/contract/params'
import type { ToolsResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { scrubErrorText } from './scrub-error'

/** Subagent types Claude Code ships (and ours for compaction calls): they name no one, so they stay. */
const BUILT_IN_AGENTS = new Set([
  'general-purpose',
  'Explore',
  'Plan',
  'statusline-setup',
  'output-style-setup',
  'claude-code-guide',
  'compaction',
  'unknown',
])

const MCP = /mcp__(.+?)__[\w-]*|mcp:([^\s,;<]+)/g
const DROPPED = new Set(['title', 'prompt', 'description', 'text'])

/** The identifying values in the store, each in a stable order (the order they were first stored or seen). */
function readIdentifying(db: Db) {
  const column = (sql: string) => (db.prepare(sql).pluck().all() as string[]).filter((v) => v !== null)
  return {
    projects: db.prepare(`SELECT path, name FROM projects ORDER BY id`).all() as {
      path: string
      name: string
    }[],
    sources: db.prepare(`SELECT root, label FROM sources ORDER BY id`).all() as {
      root: string
      label: string
    }[],
    mcp: column(
      `SELECT name FROM tool_calls WHERE name LIKE 'mcp\\_\\_%' ESCAPE '\\' GROUP BY name ORDER BY MIN(ts)`,
    ),
    agents: column(
      `SELECT t FROM (SELECT subagent_type AS t, ts FROM tool_calls UNION ALL SELECT agent_type, NULL FROM agents)
       WHERE t IS NOT NULL GROUP BY t ORDER BY MIN(ts) IS NULL, MIN(ts), t`,
    ),
    sessions: column(`SELECT id FROM sessions ORDER BY first_ts, id`),
    branches: column(
      `SELECT git_branch FROM sessions WHERE git_branch IS NOT NULL GROUP BY git_branch ORDER BY MIN(first_ts)`,
    ),
  }
}

/** Numbered aliases (`<prefix>-1`, `<prefix>-2` …) in the order values are first given. */
class Numbering {
  private readonly map = new Map<string, string>()
  constructor(private readonly prefix: string) {}
  get(v: string): string {
    let a = this.map.get(v)
    if (!a) this.map.set(v, (a = `${this.prefix}-${this.map.size + 1}`))
    return a
  }
  has(v: string): boolean {
    return this.map.has(v)
  }
}

/**
 * Anonymizes an export at the source: every contract answer it is made from, its sources and its
 * filters pass through here before tables, charts and the PDF are laid out. Project paths and names,
 * sources (label and root), MCP servers, custom subagent types, session ids and git branches get
 * stable aliases; titles, prompts and descriptions are dropped; tool error texts keep only their shape.
 */
export class Anonymizer {
  private readonly projects = new Numbering('project')
  private readonly projectNames = new Map<string, string>()
  private readonly sources = new Numbering('source')
  private readonly sourceLabels = new Map<string, string>()
  private readonly mcp = new Numbering('server')
  private readonly agents = new Numbering('agent')
  private readonly sessions = new Numbering('session')
  private readonly branches = new Numbering('branch')
  /** Longest first: substrings replaced in any other text. */
  private readonly paths: [string, string][]
  /** Cut from free text (error messages). */
  private readonly words: string[]

  constructor(db: Db, home = homedir()) {
    const ids = readIdentifying(db)
    for (const p of ids.projects) this.projectNames.set(p.name, this.projects.get(p.path))
    for (const s of ids.sources) this.sources.get(s.root)
    for (const s of ids.sources) this.sourceLabels.set(s.label, this.sources.get(s.root))
    const servers = ids.mcp.map((n) => /^mcp__(.+?)__/.exec(n)?.[1]).filter((s): s is string => !!s)
    for (const s of servers) this.mcp.get(s)
    const custom = ids.agents.filter((t) => !BUILT_IN_AGENTS.has(t))
    for (const t of custom) this.agents.get(t)
    for (const b of ids.branches) this.branches.get(b)
    for (const id of ids.sessions) this.sessions.get(id)
    this.paths = [
      ...ids.projects.map((p) => [p.path, `/${this.projects.get(p.path)}`] as [string, string]),
      ...ids.sources.map((s) => [s.root, this.sources.get(s.root)] as [string, string]),
      ...(home.length > 1 ? [[home, '~'] as [string, string]] : []),
    ]
      .filter(([p]) => p.length > 1)
      .sort((a, b) => b[0].length - a[0].length)
    this.words = [
      ...ids.projects.map((p) => p.name),
      ...ids.sources.map((s) => s.label),
      ...servers,
      ...custom,
      ...ids.branches,
    ].filter((w) => w !== '(unknown)')
  }

  /** A contract answer as it may leave: aliased, with identifying text dropped. */
  result<T>(name: string, value: T): T {
    const v = this.walk(value, undefined, name === 'agents') as T
    return name === 'tools' ? (this.regroupErrors(v as ToolsResult) as T) : v
  }

  /** The sources line of a report: one alias per source. */
  sourceList(list: { label: string; root: string }[]): string[] {
    return list.map((s) => this.sources.get(s.root))
  }

  /** The filters a view was exported with, in aliases (a value that names nothing stored is `<other>`). */
  filters(f: Partial<Filters> = {}): Partial<Filters> {
    const project = (v: string) =>
      this.projects.has(v) ? `/${this.projects.get(v)}` : (this.projectNames.get(v) ?? '<other>')
    const source = (v: string) =>
      this.sources.has(v) ? this.sources.get(v) : (this.sourceLabels.get(v) ?? '<other>')
    return {
      ...f,
      ...(f.projects ? { projects: f.projects.map(project) } : {}),
      ...(f.sources ? { sources: f.sources.map(source) } : {}),
      ...(f.models ? { models: f.models.map((m) => this.text(m)) } : {}),
    }
  }

  private walk(v: unknown, key: string | undefined, agents: boolean): unknown {
    if (typeof v === 'string') return this.str(v, key, agents)
    if (Array.isArray(v)) return v.map((x) => this.walk(x, key, agents))
    if (!v || typeof v !== 'object') return v
    const o = v as Record<string, unknown>
    // A project: its name takes the alias of its path.
    const project = typeof o.path === 'string' && typeof o.name === 'string' ? o.path : null
    return Object.fromEntries(
      Object.entries(o).map(([k, x]) => [
        k,
        project !== null && k === 'name' ? this.projects.get(project) : this.walk(x, k, agents),
      ]),
    )
  }

  private str(s: string, key: string | undefined, agents: boolean): string | null {
    if (key && DROPPED.has(key)) return null
    if (key === 'id' || key === 'sessionId') return this.sessions.get(s)
    if (key === 'gitBranch' || key === 'branch') return this.branches.get(s)
    if (key === 'message' || key === 'error')
      return this.text(scrubErrorText(s.replace(MCP, 'mcp:<server>'), this.words))
    if (agents && key === 'type') return BUILT_IN_AGENTS.has(s) ? s : this.agents.get(s)
    if (this.projects.has(s)) return `/${this.projects.get(s)}`
    if (this.sources.has(s)) return this.sources.get(s)
    return this.projectNames.get(s) ?? this.sourceLabels.get(s) ?? this.text(s)
  }

  /** Any other text: MCP servers aliased, project paths, source roots and the home folder replaced. */
  private text(s: string): string {
    let out = s.replace(MCP, (_m, a?: string, b?: string) => `mcp:${this.mcp.get((a ?? b)!)}`)
    for (const [p, alias] of this.paths) if (out.includes(p)) out = out.split(p).join(alias)
    return out
  }

  /** Messages that differ only in what was scrubbed are one group. */
  private regroupErrors(t: ToolsResult): ToolsResult {
    if (!Array.isArray(t.topErrors)) return t
    const by = new Map<string, { message: string; count: number; tools: Set<string> }>()
    for (const e of t.topErrors) {
      const g = by.get(e.message) ?? { message: e.message, count: 0, tools: new Set<string>() }
      g.count += e.count
      for (const x of e.tools) g.tools.add(x)
      by.set(e.message, g)
    }
    const topErrors = [...by.values()]
      .sort((a, b) => b.count - a.count)
      .map((g) => ({ message: g.message, count: g.count, tools: [...g.tools] }))
    return { ...t, topErrors }
  }
}
