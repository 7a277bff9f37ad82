import { expect, it } from 'vitest'
import type { SessionDetailResult } from '../shared/contract'
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
