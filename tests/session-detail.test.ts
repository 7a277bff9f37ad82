import { expect, it } from 'vitest'
import type { AgentsResult, SessionDetailResult } from '../shared/contract'
import { Api } from '../electron/core/api/api'
import { copyFixtures, useTempStore, type TestStore } from './helpers/store'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

function detail(id: string): SessionDetailResult | null {
  const r = new Api(store.db).call('session', { id })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as SessionDetailResult | null
}

it('rolls a session’s subagents up under it with the main-vs-subagent split', async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  // 2.1.114: a main thread plus one general-purpose subagent (with a .meta.json sidecar).
  const d = detail('ef958aa1-0e93-49f0-bb71-150f63befcd1')!
  expect(d.totals.main.responses + d.totals.subagents.responses).toBe(d.totals.all.responses)
  expect(d.totals.main.tokens + d.totals.subagents.tokens).toBe(d.totals.all.tokens)
  expect(d.totals.all.cost).toBeCloseTo((d.totals.main.cost ?? 0) + (d.totals.subagents.cost ?? 0), 10)
  expect(d.subagents).toHaveLength(1)
  expect(d.subagents[0]).toMatchObject({
    id: 'aef063ba534d73153',
    type: 'general-purpose',
    description: 'Round 2: bob comparison',
  })
  expect(d.subagents[0]!.spend.responses).toBe(d.totals.subagents.responses)
  // Turns follow the human prompts; every turn's spend is main-thread only.
  expect(d.turns.length).toBeGreaterThan(0)
  expect(d.turns.reduce((a, t) => a + t.spend.responses, 0)).toBeLessThanOrEqual(d.totals.main.responses)
  expect(d.tools.find((t) => t.name === 'Bash')?.calls).toBeGreaterThan(0)
})

it('names a 2.1.17 subagent’s type from the Task call that spawned it, and lists compactions', async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  const d = detail('29ccd257-68b1-427f-ae5f-6524b7cb6f20')!
  expect(d.subagents).toEqual([expect.objectContaining({ id: 'a2271d1', type: 'Explore' })])
  const compact = detail('ae4a77f8-aedd-4bc1-888f-c94edc91af04')!
  expect(compact.compactions).toEqual([expect.objectContaining({ trigger: 'manual', preTokens: 142431 })])
  expect(compact.subagents.map((a) => a.id)).toContain('acompact-946d2b')
  // Typed `compaction`, as the agents metric types it.
  expect(compact.subagents.find((a) => a.id === 'acompact-946d2b')?.type).toBe('compaction')
})

it('answers null for an unknown session and a typed error for a bad id', () => {
  expect(detail('no-such-session')).toBeNull()
  expect(new Api(store.db).call('session', { id: '' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_arguments' },
  })
})

it('attributes 1.0.x inline sidechain runs to the Task calls that spawned them, as the agents metric does', async () => {
  // CC 1.0.108: two parallel Task calls (one fails with InputValidationError and spawns nothing).
  copyFixtures(dir, ['claude-code-viewer/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl'])
  await store.ingest(dir)
  const d = detail('5c0375b4-57a5-4f26-b12d-d022ee4e51b7')!
  expect(d.subagents.map((a) => [a.id, a.type, a.description, a.toolCalls, a.spend.responses])).toEqual([
    ['inline-toolu_014YF9TXhDRR7BnpasNJ7gjC', 'general-purpose', 'Check package configuration', 2, 3],
    ['inline-toolu_01LKfUwrsnof18CpWZQcJH44', 'general-purpose', 'Analyze current project structure', 6, 7],
  ])
  expect(d.subagents.reduce((s, a) => s + a.spend.responses, 0)).toBe(d.totals.subagents.responses)
  const r = new Api(store.db).call('agents', { range: { preset: 'all' }, timezone: 'UTC' })
  if (!r.ok) throw new Error(r.error.message)
  const agents = r.value as AgentsResult
  // One Bash call of the second run failed.
  expect(agents.agents).toEqual([
    expect.objectContaining({ type: 'general-purpose', runs: 2, toolCalls: 8, errorRate: 1 / 8 }),
  ])
  expect(agents.agents[0]!.spend.responses).toBe(d.totals.subagents.responses)
  const spawned = store.db
    .prepare("SELECT id, spawned_agent_id FROM tool_calls WHERE name = 'Task' ORDER BY ts, id")
    .all()
  expect(spawned).toEqual([
    { id: 'toolu_018t5jce2ZNoGr2ADsHGQife', spawned_agent_id: null },
    { id: 'toolu_014YF9TXhDRR7BnpasNJ7gjC', spawned_agent_id: 'inline-toolu_014YF9TXhDRR7BnpasNJ7gjC' },
    { id: 'toolu_01LKfUwrsnof18CpWZQcJH44', spawned_agent_id: 'inline-toolu_01LKfUwrsnof18CpWZQcJH44' },
  ])
})

it('agrees with the agents metric on every fixture session: types, runs, responses and tool calls', async () => {
  copyFixtures(dir)
  await store.ingest(dir)
  const ids = (store.db.prepare('SELECT id FROM sessions ORDER BY id').all() as { id: string }[]).map(
    (s) => s.id,
  )
  const byType = new Map<string, { runs: number; responses: number; toolCalls: number }>()
  for (const id of ids)
    for (const a of detail(id)!.subagents) {
      const t = byType.get(a.type ?? 'unknown') ?? { runs: 0, responses: 0, toolCalls: 0 }
      byType.set(a.type ?? 'unknown', {
        runs: t.runs + 1,
        responses: t.responses + a.spend.responses,
        toolCalls: t.toolCalls + a.toolCalls,
      })
    }
  const r = new Api(store.db).call('agents', { range: { preset: 'all' }, timezone: 'UTC' })
  if (!r.ok) throw new Error(r.error.message)
  const agents = (r.value as AgentsResult).agents
  expect(agents.map((a) => a.type)).not.toContain('inline sidechain')
  expect(Object.fromEntries(byType)).toEqual(
    Object.fromEntries(
      agents.map((a) => [a.type, { runs: a.runs, responses: a.spend.responses, toolCalls: a.toolCalls }]),
    ),
  )
})
