import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AgentsResult, CacheResult, ForecastResult, ToolsResult } from '../shared/contract'
import { Api } from '../electron/core/api/api'
import { currentBlock } from '../electron/core/metrics/forecast'
import { normalizeError, toolGroup } from '../electron/core/metrics/tools'
import { copyFixtures, REAL_FIXTURES, useTempStore, type TestStore } from './helpers/store'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

function call<T>(name: string, args: object, now = Date.UTC(2026, 10, 24)): T {
  const r = new Api(store.db, () => now).call(name, args)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as T
}

function line(ts: string, usage: object, n: number) {
  return JSON.stringify({
    type: 'assistant',
    sessionId: 's',
    cwd: '/w',
    timestamp: ts,
    uuid: `u${n}`,
    requestId: `r${n}`,
    message: { id: `m${n}`, model: 'claude-opus-4-7', role: 'assistant', content: [], usage },
  })
}

describe('tools and errors', () => {
  it('counts every tool call once, with errors, and decides session outcomes', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const t = call<ToolsResult>('tools', { range: { preset: 'all' }, timezone: 'UTC' })
    // Independent count: distinct tool_use ids in the raw files (main, subagent and progress copies).
    const ids = new Set<string>()
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk)
      else if (o && typeof o === 'object') {
        const x = o as Record<string, unknown>
        if (x.type === 'tool_use' && typeof x.id === 'string') ids.add(x.id)
        Object.values(x).forEach(walk)
      }
    }
    const files = (readdirSync(REAL_FIXTURES, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.jsonl'),
    )
    for (const f of files.map((x) => join(REAL_FIXTURES, x)))
      for (const l of readFileSync(f, 'utf8').split('\n'))
        try {
          const o = JSON.parse(l)
          if (o.type === 'assistant' || o.type === 'progress') walk(o.message ?? o.data?.message)
        } catch {
          // torn or empty line
        }
    expect(t.tools.reduce((a, x) => a + x.calls, 0)).toBe(ids.size)
    expect(t.tools.reduce((a, x) => a + x.errors, 0)).toBeGreaterThan(0)
    expect(t.interruptions).toBeGreaterThan(0)
    const o = t.outcomes
    const sessions = (store.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n
    expect(o.endedNormally + o.interrupted + o.apiError + o.noReply).toBe(sessions)
    const overTime = t.overTime.reduce((a, p) => a + Object.values(p.outcomes).reduce((x, y) => x + y, 0), 0)
    expect(overTime).toBe(sessions)
  })

  it('groups MCP tools by server and error messages by shape', () => {
    expect(toolGroup('mcp__github__create_issue')).toBe('mcp:github')
    expect(toolGroup('Bash')).toBe('Bash')
    expect(normalizeError('Error: Exit code 127\nmore')).toBe('Error: Exit code N')
    expect(normalizeError('File /home/u/app/src/x.ts not found')).toBe('File <path> not found')
  })
})

describe('agents', () => {
  it('groups subagent runs by type from sidecars, Task calls, compaction ids and inline sidechains', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const a = call<AgentsResult>('agents', { range: { preset: 'all' }, timezone: 'UTC' })
    const types = a.agents.map((x) => x.type)
    expect(types).toEqual(expect.arrayContaining(['general-purpose', 'Explore', 'compaction']))
    const direct = store.db
      .prepare('SELECT COUNT(*) AS n FROM responses WHERE agent_id IS NOT NULL OR is_sidechain = 1')
      .get() as { n: number }
    expect(a.agents.reduce((s, x) => s + x.spend.responses, 0)).toBe(direct.n)
  })
})

describe('cache and forecast', () => {
  it('prices what cache reads saved against uncached input', async () => {
    mkdirSync(join(dir, 'projects/w'), { recursive: true })
    writeFileSync(
      join(dir, 'projects/w/s.jsonl'),
      line(
        '2026-11-10T10:00:00.000Z',
        {
          input_tokens: 0,
          output_tokens: 0,
          cache_read_input_tokens: 1_000_000,
          cache_creation_input_tokens: 0,
        },
        1,
      ) + '\n',
    )
    await store.ingest(dir)
    const c = call<CacheResult>('cache', { range: { preset: '30d' }, timezone: 'UTC' })
    // claude-opus-4-7: input $5/M, cache read $0.50/M.
    expect(c.savedUsd).toBeCloseTo(4.5, 10)
    expect(c.bySession).toEqual([{ id: 's', hitRate: 1, savedUsd: expect.closeTo(4.5, 10) }])
    expect(c.hitRate).toBe(1)
  })

  it('projects the month linearly and tracks the current 5-hour block', async () => {
    mkdirSync(join(dir, 'projects/w'), { recursive: true })
    const usage = { input_tokens: 1000, output_tokens: 1000 } // $0.03 each at opus-4-7 rates
    writeFileSync(
      join(dir, 'projects/w/s.jsonl'),
      [
        line('2026-11-05T10:00:00.000Z', usage, 1),
        line('2026-11-16T09:10:00.000Z', usage, 2),
        line('2026-11-16T10:10:00.000Z', usage, 3),
      ].join('\n') + '\n',
    )
    await store.ingest(dir)
    const now = Date.UTC(2026, 10, 16, 12) // 15.5 days into November (UTC)
    const f = call<ForecastResult>('forecast', { timezone: 'UTC', planMonthlyUsd: 100 }, now)
    expect(f.month.costToDate).toBeCloseTo(0.09, 10)
    expect(f.month.projected).toBeCloseTo((0.09 / 15.5) * 30, 10)
    expect(f.block).toMatchObject({
      start: '2026-11-16T09:00:00.000Z',
      end: '2026-11-16T14:00:00.000Z',
      tokens: 4000,
    })
    expect(f.block!.cost).toBeCloseTo(0.06, 10)
    expect(f.block!.burnPerHour).toBeCloseTo(0.06, 10)
    expect(f.plan).toMatchObject({ monthlyUsd: 100 })
    expect(f.plan!.ratio).toBeCloseTo(0.0009, 10)
  })

  it('starts a new block after the previous one ends or after a 5-hour gap', () => {
    const h = 3_600_000
    expect(currentBlock([0.5 * h, 4 * h, 5.2 * h], 6 * h)).toEqual({ start: 5 * h, end: 10 * h })
    expect(currentBlock([0.5 * h], 6 * h)).toBeNull()
  })
})

describe('compare and health', () => {
  it('puts projects side by side on the same edges; their totals match the projects list', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const args = { range: { preset: 'all' }, timezone: 'UTC', groupBy: 'month' }
    const c = call<import('../shared/contract').CompareResult>('compare', {
      ...args,
      projects: ['spotter', 'ai-music'],
    })
    expect(c.projects.map((p) => p.project)).toEqual(['spotter', 'ai-music'])
    expect(c.projects[0]!.points.map((p) => p.label)).toEqual(c.projects[1]!.points.map((p) => p.label))
    const list = call<import('../shared/contract').ProjectsResult>('projects', args)
    expect(c.projects[0]!.totals.tokens).toBe(list.projects.find((p) => p.name === 'spotter')!.tokens)
    expect(new Api(store.db).call('compare', { projects: ['only-one'] })).toMatchObject({ ok: false })
  })

  it('reports sources, files, the last pass, bad lines and query timings', async () => {
    copyFixtures(dir)
    mkdirSync(join(dir, 'projects/bad'), { recursive: true })
    writeFileSync(join(dir, 'projects/bad/b.jsonl'), 'not json\n')
    await store.ingest(dir)
    const api = new Api(store.db)
    api.call('summary', {})
    const r = api.call('health', {})
    expect(r.ok).toBe(true)
    const h = (r as { value: import('../shared/contract').HealthResult }).value
    expect(h.sources).toEqual([expect.objectContaining({ label: 'test-host', files: 23, missingFiles: 0 })])
    expect(h.filesWatched).toBe(23)
    expect(h.badLines).toEqual({ invalid_json: 1 })
    expect(h.lastIngest?.files).toBe(23)
    expect(h.dbBytes).toBeGreaterThan(0)
    expect(h.queries.map((q) => q.name)).toContain('summary')
  })
})
