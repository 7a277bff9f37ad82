import { expect, it } from 'vitest'
import { InlineRuns, inlineRunId } from './inline-runs'

const task = (id: string, prompt: string) => ({
  type: 'assistant',
  message: { content: [{ type: 'tool_use', id, name: 'Task', input: { prompt, subagent_type: 'x' } }] },
})
const result = (id: string) => ({
  type: 'user',
  message: { content: [{ type: 'tool_result', tool_use_id: id }] },
})
const root = (uuid: string, text: string) => ({
  type: 'user',
  uuid,
  parentUuid: null,
  message: { content: text },
})
const child = (uuid: string, parentUuid: string) => ({
  type: 'assistant',
  uuid,
  parentUuid,
  message: { content: [] },
})

it('matches parallel runs to their Task call by prompt, and later lines by parentUuid', () => {
  const r = new InlineRuns()
  r.main(task('t1', 'first job'))
  r.main(task('t2', 'second job'))
  // The second call's run starts first: the prompt, not the order, picks its call.
  expect(r.sidechain(root('b0', 'second job'))).toBe(inlineRunId('t2'))
  expect(r.sidechain(root('a0', 'first job'))).toBe(inlineRunId('t1'))
  expect(r.sidechain(child('a1', 'a0'))).toBe(inlineRunId('t1'))
  expect(r.sidechain(child('b1', 'b0'))).toBe(inlineRunId('t2'))
  expect(r.sidechain(child('b2', 'b1'))).toBe(inlineRunId('t2'))
  r.main(result('t1'))
  r.main(result('t2'))
  // No Task call open: the run stays unattributed, and so do its later lines.
  expect(r.sidechain(root('c0', 'stray'))).toBeNull()
  expect(r.sidechain(child('c1', 'c0'))).toBeNull()
  // A line whose root was read in an earlier pass finds no run.
  expect(new InlineRuns().sidechain(child('a2', 'a1'))).toBeNull()
})

it('takes the earliest open call when no prompt matches, and marks the results of calls that ran', () => {
  const r = new InlineRuns()
  r.main(task('t1', 'p1'))
  r.main(task('t2', 'p2'))
  expect(r.sidechain(root('x0', 'other words'))).toBe(inlineRunId('t1'))
  const results = [
    { toolUseId: 't1', ts: 1, isError: false, errorText: null, spawnedAgentId: null },
    { toolUseId: 't2', ts: 1, isError: true, errorText: 'InputValidationError', spawnedAgentId: null },
  ]
  r.spawned(results, 0)
  expect(results.map((x) => x.spawnedAgentId)).toEqual([inlineRunId('t1'), null])
})

it('stays linear on a hostile file: 60,000 Task calls that never return and as many runs', () => {
  const runs = new InlineRuns()
  const n = 60_000
  for (let i = 0; i < n; i++) runs.main(task(`t${i}`, `p${i}`))
  // No prompt matches: each run takes the earliest open call, in call order.
  const got: (string | null)[] = []
  for (let i = 0; i < n; i++) got.push(runs.sidechain(root(`r${i}`, 'other')))
  expect(got).toEqual(Array.from({ length: n }, (_, i) => inlineRunId(`t${i}`)))
  expect(runs.sidechain(root('late', 'other'))).toBeNull()
  // Work counted, not timed: each run looks at one call; a search over the open calls would look at n²/2.
  expect(runs.examined).toBe(n)
})

it('stays linear when many open calls share a prompt and runs take them by prompt and by order', () => {
  const runs = new InlineRuns()
  const n = 60_000
  for (let i = 0; i < n; i++) runs.main(task(`t${i}`, 'same job'))
  // Every other run takes the earliest call by order, leaving a stale id in the prompt's list each time.
  const got: (string | null)[] = []
  for (let i = 0; i < n; i += 2)
    got.push(runs.sidechain(root(`o${i}`, 'other')), runs.sidechain(root(`m${i}`, 'same job')))
  expect(got).toEqual(Array.from({ length: n }, (_, i) => inlineRunId(`t${i}`)))
  expect(runs.sidechain(root('late', 'same job'))).toBeNull()
  // Each call id is looked at at most twice (once by order, once skipped as stale in its prompt's list).
  expect(runs.examined).toBeLessThanOrEqual(2 * n)
})
