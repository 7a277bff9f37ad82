import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ModelsResult, ProjectsResult, SessionsResult } from '../shared/contract'
import { Api } from '../electron/core/api/api'
import { recount } from './helpers/recount'
import { copyFixtures, useTempStore, type TestStore } from './helpers/store'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

function call<T>(name: string, args: object): T {
  const r = new Api(store.db, () => Date.UTC(2026, 10, 24)).call(name, {
    range: { preset: 'all' },
    timezone: 'UTC',
    ...args,
  })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as T
}

describe('models, projects and sessions on the real fixtures', () => {
  it('models: responses per model equal an independent recount; shares add up to 1', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const m = call<ModelsResult>('models', {})
    const expected = recount(join(dir, 'projects')).responsesByModel
    expect(new Map(m.models.map((x) => [x.model, x.responses]))).toEqual(expected)
    expect(m.models.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 12)
    expect(m.models.every((x) => x.trend.note === 'no previous period')).toBe(true)
  })

  it('projects: tokens add up to the recount, named from cwd', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const p = call<ProjectsResult>('projects', {})
    expect(p.projects.reduce((a, x) => a + x.tokens, 0)).toBe(recount(join(dir, 'projects')).total)
    expect(p.projects.find((x) => x.path === '/home/marco/projects/spotter')).toMatchObject({
      name: 'spotter',
    })
    expect(p.projects[0]!.cost).toBeGreaterThanOrEqual(p.projects[1]!.cost ?? 0)
  })

  it('sessions: paged, sorted and searchable, with titles and whole-session totals', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const all = call<SessionsResult>('sessions', { sort: 'cost', pageSize: 200 })
    expect(all.sessions.length).toBe(all.total)
    expect(all.sessions.reduce((a, s) => a + s.tokens, 0)).toBe(recount(join(dir, 'projects')).total)
    const costs = all.sessions.map((s) => s.cost ?? 0)
    expect(costs).toEqual([...costs].sort((a, b) => b - a))
    const page2 = call<SessionsResult>('sessions', { sort: 'cost', pageSize: 3, page: 1 })
    expect(page2.sessions.map((s) => s.id)).toEqual(all.sessions.slice(3, 6).map((s) => s.id))
    const found = call<SessionsResult>('sessions', { search: 'push to GitHub' })
    expect(found.sessions.map((s) => s.id)).toEqual(['fed8ce56-bc79-401f-a83e-af084253362f'])
    expect(found.sessions[0]).toMatchObject({ title: 'push to github', models: ['claude-sonnet-4-20250514'] })
  })
})
