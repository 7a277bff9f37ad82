import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from '../electron/core/api/api'
import { collectView, EXPORT_VIEWS, type ExportView } from '../electron/core/export/collect'
import { writeExport, type ExportFormat } from '../electron/core/export/write-export'
import { Ingestor } from '../electron/core/ingest/ingest'
import { PriceBook } from '../electron/core/prices/price-book'
import { openDb, type Db } from '../electron/core/store/db'
import { readPdf } from './helpers/pdf'
import { cleanup, copyFixtures, openTestStore, tempDir } from './helpers/store'

/** The secret word, put in every field a transcript has; an anonymized export must not contain it. */
const SECRET = 'Quetzalcoatl'
const S = SECRET.toLowerCase()
const SESSION = `${S}-5e55-4a0e-9f1b-0c2d3e4f5a6b`
const CWD = `/home/${S}/work/${S}-app`
const AGENT = 'a1b2c3d4e5f6a7b8c'
const ALL = { range: { preset: 'all' as const }, timezone: 'UTC' }

let dir: string
let db: Db
let api: Api

/** Lines in the shape of the real fixtures (2.1.x: subagents in <session>/subagents/, a .meta.json beside). */
function transcript(): { main: object[]; sub: object[] } {
  const base = (ts: string, uuid: string) => ({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: CWD,
    sessionId: SESSION,
    version: '2.1.114',
    gitBranch: `feature/${S}-login`,
    timestamp: ts,
    uuid,
  })
  const assistant = (ts: string, n: number, content: object[], extra: object = {}) => ({
    ...base(ts, `a${n}-${S}`),
    type: 'assistant',
    requestId: `req_${n}${S}`,
    message: {
      model: 'claude-opus-4-7',
      id: `msg_${n}${S}`,
      type: 'message',
      role: 'assistant',
      content,
      stop_reason: 'tool_use',
      usage: { input_tokens: 1000 * n, output_tokens: 100 * n, cache_read_input_tokens: 50 * n },
    },
    ...extra,
  })
  const toolUse = (id: string, name: string, input: object) => ({ type: 'tool_use', id, name, input })
  const failed = (ts: string, n: number, id: string, text: string) => ({
    ...base(ts, `r${n}-${S}`),
    type: 'user',
    message: {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: text, is_error: true }],
    },
    toolUseResult: `Error: ${text}`,
  })
  const errors = [
    `repository '${S}-secret' owned by ${SECRET}`,
    `ENOENT: no such file or directory, open '/home/${S}/notes.txt'`,
    `fetch https://${S}.example.com/api failed for ${S}@example.org`,
    `user ${SECRET} does not have access to ${CWD}/src`,
    `Command failed in ${CWD}: git push origin feature/${S}-login`,
  ]
  const main: object[] = [
    { type: 'custom-title', customTitle: `${SECRET} launch plan`, sessionId: SESSION },
    {
      ...base('2026-04-10T09:00:00.000Z', `p1-${S}`),
      type: 'user',
      message: { role: 'user', content: `help ${S}` },
    },
    assistant('2026-04-10T09:00:05.000Z', 1, [
      toolUse('toolu_m1', `mcp__${S}__search`, { q: S }),
      toolUse('toolu_t1', 'Task', {
        description: `${SECRET} review`,
        subagent_type: `${S}-reviewer`,
        prompt: `review ${S}`,
      }),
    ]),
    ...errors.map((_e, i) =>
      assistant(`2026-04-10T09:01:0${i}.000Z`, 10 + i, [toolUse(`toolu_e${i}`, 'Bash', {})]),
    ),
    ...errors.map((e, i) => failed(`2026-04-10T09:02:0${i}.000Z`, 20 + i, `toolu_e${i}`, e)),
    failed('2026-04-10T09:03:00.000Z', 30, 'toolu_m1', `server ${S} refused the request`),
    {
      ...base('2026-04-10T09:04:00.000Z', `d1-${S}`),
      type: 'system',
      subtype: 'turn_duration',
      durationMs: 240000,
    },
  ]
  const sub = [
    {
      ...base('2026-04-10T09:00:10.000Z', `s1-${S}`),
      isSidechain: true,
      agentId: AGENT,
      type: 'user',
      message: { role: 'user', content: `review ${S}` },
    },
    { ...assistant('2026-04-10T09:00:20.000Z', 40, []), isSidechain: true, agentId: AGENT },
  ]
  return { main, sub }
}

const exportsMade: {
  view: string
  format: ExportFormat
  anonymize: boolean
  table?: string
  path: string
}[] = []

beforeAll(async () => {
  dir = tempDir('obs-anon-')
  const root = join(dir, `${S}-root`)
  const project = join(root, 'projects', CWD.replace(/[^a-zA-Z0-9]/g, '-'))
  mkdirSync(join(project, SESSION, 'subagents'), { recursive: true })
  const { main, sub } = transcript()
  const jsonl = (lines: object[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`
  writeFileSync(join(project, `${SESSION}.jsonl`), jsonl(main))
  writeFileSync(join(project, SESSION, 'subagents', `agent-${AGENT}.jsonl`), jsonl(sub))
  writeFileSync(
    join(project, SESSION, 'subagents', `agent-${AGENT}.meta.json`),
    JSON.stringify({ agentType: `${S}-reviewer`, description: `${SECRET} review` }),
  )
  db = openDb(join(dir, 'o.db'))
  const prices = new PriceBook({})
  // The host name is the default source label.
  const stats = await new Ingestor(db, prices, { defaultLabel: () => `${SECRET}-MacBook` }).ingest([
    { path: root },
  ])
  expect(stats.errors).toEqual([])
  api = new Api(db, () => Date.UTC(2026, 3, 12), undefined, prices)
  mkdirSync(join(dir, 'out'))
  for (const anonymize of [false, true])
    for (const view of EXPORT_VIEWS) {
      const tables = collectView(api, view, ALL).tables.map((t) => t.title)
      for (const format of ['json', 'pdf'] as const) {
        const path = join(dir, 'out', `${view}-${anonymize}.${format}`)
        await writeExport(api, db, { view, format, out: path, args: ALL, anonymize })
        exportsMade.push({ view, format, anonymize, path })
      }
      for (const [i, table] of tables.entries()) {
        const path = join(dir, 'out', `${view}-${i}-${anonymize}.csv`)
        await writeExport(api, db, { view, format: 'csv', out: path, args: ALL, anonymize, table })
        exportsMade.push({ view, format: 'csv', anonymize, table, path })
      }
    }
}, 120_000)
afterAll(() => {
  db.close()
  cleanup(dir)
})

/** Everything a reader could see: the text a PDF reader extracts, its info dict and metadata, the raw bytes. */
async function readable(e: (typeof exportsMade)[number]): Promise<string> {
  const raw = readFileSync(e.path)
  if (e.format !== 'pdf') return raw.toString('utf8')
  const pdf = await readPdf(e.path)
  return `${pdf.text}\n${pdf.info}\n${raw.toString('latin1')}`
}

describe('anonymized exports: nothing identifying leaves', () => {
  it('the store holds the secret in every field (so the exports below can fail)', () => {
    const q = (sql: string) =>
      (db.prepare(`SELECT group_concat(v, ' ') AS s FROM (${sql})`).get() as { s: string | null }).s ?? ''
    const identifying = [
      q(`SELECT path || ' ' || name AS v FROM projects`),
      q(`SELECT root || ' ' || label AS v FROM sources`),
      q(`SELECT id || ' ' || coalesce(git_branch, '') AS v FROM sessions`),
      q(
        `SELECT name || ' ' || coalesce(error_text, '') || ' ' || coalesce(subagent_type, '') AS v FROM tool_calls`,
      ),
      q(`SELECT agent_type AS v FROM agents`),
      q(`SELECT title AS v FROM session_titles`),
    ].join('\n')
    for (const part of [CWD, `${S}-root`, `${SECRET}-MacBook`, SESSION, `feature/${S}-login`, `mcp__${S}__`])
      expect(identifying).toContain(part)
    expect(identifying).toContain(`owned by ${SECRET}`)
    expect(identifying).toContain(`${S}-reviewer`)
    expect(identifying).toContain(`${SECRET} launch plan`)
  })

  it('a non-anonymized export of every view contains it, in its PDF and JSON', async () => {
    for (const e of exportsMade.filter((x) => !x.anonymize && x.format !== 'csv'))
      expect((await readable(e)).toLowerCase(), `${e.view}.${e.format}`).toContain(S)
    const csv = exportsMade.filter((x) => !x.anonymize && x.format === 'csv')
    for (const view of ['overview', 'projects', 'sessions', 'agents', 'tools', 'response-times']) {
      const texts = await Promise.all(csv.filter((x) => x.view === view).map(readable))
      expect(
        texts.some((t) => t.toLowerCase().includes(S)),
        view,
      ).toBe(true)
    }
  })

  it('no anonymized export of any view, table or format contains it (case-insensitive)', async () => {
    const anon = exportsMade.filter((x) => x.anonymize)
    expect(anon.length).toBeGreaterThanOrEqual(EXPORT_VIEWS.length * 3)
    for (const e of anon)
      expect((await readable(e)).toLowerCase(), `${e.view} ${e.format} ${e.table ?? ''}`).not.toContain(S)
  })

  it('keeps the shape: aliases for projects, sources, MCP servers, custom agents and sessions; errors grouped', async () => {
    const json = (view: string) =>
      JSON.parse(readFileSync(join(dir, 'out', `${view}-true.json`), 'utf8')).results as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    const tools = json('tools').tools
    expect(tools.tools.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['mcp:server-1', 'Bash']),
    )
    const messages = tools.topErrors.map((e: { message: string }) => e.message)
    expect(messages).toContain('Error: repository <quoted> owned by <name>')
    expect(messages).toContain('Error: user <name> does not have access to <path>')
    expect(messages.some((m: string) => m.includes('<url>') && m.includes('<email>'))).toBe(true)
    expect(json('agents').agents.agents.map((a: { type: string }) => a.type)).toEqual(['agent-1'])
    expect(json('projects').projects.projects[0]).toMatchObject({ path: '/project-1', name: 'project-1' })
    expect(json('sessions').sessions.sessions[0]).toMatchObject({
      id: 'session-1',
      title: null,
      project: '/project-1',
    })
    const pdf = await readable(exportsMade.find((x) => x.anonymize && x.format === 'pdf')!)
    expect(pdf).toMatch(/Sources:\s*\n\s*• source-1/)
  })

  it('a filtered export says which filters it used, in aliases', async () => {
    const args = {
      ...ALL,
      filters: { projects: [CWD], sources: [`${SECRET}-MacBook`], thread: 'main' as const },
    }
    const out = join(dir, 'out', 'filtered.pdf')
    await writeExport(api, db, { view: 'cost', format: 'pdf', out, args, anonymize: true })
    const text = await readable({ view: 'cost', format: 'pdf', anonymize: true, path: out })
    expect(text).toMatch(/Projects: \/project-1/)
    expect(text).toMatch(/Sources: source-1/)
    expect(text).toMatch(/Thread: main/)
    expect(text.toLowerCase()).not.toContain(S)
    const j = join(dir, 'out', 'filtered.json')
    await writeExport(api, db, { view: 'cost', format: 'json', out: j, args, anonymize: true })
    expect(JSON.parse(readFileSync(j, 'utf8')).filters).toEqual([
      'Projects: /project-1',
      'Sources: source-1',
      'Thread: main',
    ])
    const plain = join(dir, 'out', 'filtered-plain.json')
    await writeExport(api, db, { view: 'cost', format: 'json', out: plain, args })
    expect(JSON.parse(readFileSync(plain, 'utf8')).filters[0]).toBe(`Projects: ${CWD}`)
  })
})

describe('aliases are stable across views and exports (real fixtures)', () => {
  it('a session or project keeps its alias from one view to another, and in a second export', async () => {
    const d = tempDir('obs-anon-real-')
    try {
      copyFixtures(join(d, 'c'))
      const store = openTestStore(join(d, 'o.db'))
      await store.ingest(join(d, 'c'))
      const a = new Api(store.db, () => Date.UTC(2026, 10, 24), undefined, store.prices)
      const results = async (view: ExportView, anonymize: boolean) => {
        const out = join(d, `${view}-${anonymize}.json`)
        await writeExport(a, store.db, {
          view,
          format: 'json',
          out,
          args: ALL,
          anonymize,
          existing: 'replace',
        })
        return JSON.parse(readFileSync(out, 'utf8')).results
      }
      // Alias of each real session id, as the sessions view shows them (same order both ways).
      const plain = (await results('sessions', false)).sessions.sessions as { id: string; project: string }[]
      const anon = (await results('sessions', true)).sessions.sessions as { id: string; project: string }[]
      expect(anon.length).toBe(plain.length)
      const alias = new Map(plain.map((s, i) => [s.id, anon[i]!.id]))
      const project = new Map(plain.map((s, i) => [s.project, anon[i]!.project]))
      expect(new Set(alias.values()).size).toBe(alias.size)
      const slow = {
        plain: (await results('response-times', false)).responseTimes.slowestTurns as { sessionId: string }[],
        anon: (await results('response-times', true)).responseTimes.slowestTurns as { sessionId: string }[],
      }
      expect(slow.plain.length).toBeGreaterThan(1)
      expect(slow.anon.map((t) => t.sessionId)).toEqual(slow.plain.map((t) => alias.get(t.sessionId)))
      const projects = {
        plain: (await results('projects', false)).projects.projects as { path: string }[],
        anon: (await results('projects', true)).projects.projects as { path: string }[],
      }
      for (const [i, p] of projects.plain.entries())
        if (project.has(p.path)) expect(projects.anon[i]!.path).toBe(project.get(p.path))
      // A second export gives the same aliases.
      const again = (await results('sessions', true)).sessions.sessions as { id: string }[]
      expect(again.map((s) => s.id)).toEqual(anon.map((s) => s.id))
      store.close()
    } finally {
      cleanup(d)
    }
  })
})
