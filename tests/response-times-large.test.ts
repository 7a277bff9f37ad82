import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { expect, it } from 'vitest'
import type { ResponseTimesResult } from '../shared/contract/results'
import { Api } from '../electron/core/api/api'
import { MAX_TURN_MS } from '../electron/core/metrics/response-times'
import type { Db } from '../electron/core/store/db'
import { rebuildTurns } from '../electron/core/store/turns'
import { useTempStore, type TestStore } from './helpers/store'
import { exactResponseTimes, expectWithinError } from './helpers/old-response-times'
import { rng } from './helpers/rng'

let store: TestStore
useTempStore((_d, s) => {
  store = s
})

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const NOW = Date.UTC(2026, 2, 1)
const T0 = Date.UTC(2025, 9, 1)
const SPAN = 150 * 86_400_000

/** Sessions of prompts, main-thread responses, turn durations and tool calls, as the writer's rows. */
function writeStore(db: Db, n: { sessions: number; prompts: number; calls: number }): void {
  const r = rng(7)
  db.prepare(`INSERT INTO sources (id, root, label, added_at) VALUES (1, '/x', 'test', 0)`).run()
  db.prepare(`INSERT INTO models (id, name) VALUES (1, 'claude-sonnet-4-5'), (2, 'claude-opus-4-1')`).run()
  const resp = db.prepare(
    `INSERT INTO responses (key, ts, session_id, agent_id, is_sidechain, source_id, model_id, input, output,
      cache_write_5m, cache_write_1h, cache_read, web_search, web_fetch, cost, price_version, from_progress)
     VALUES (?,?,?,?,0,1,?,10,10,0,0,0,0,0,0.001,'test',0)`,
  )
  const event = db.prepare(
    `INSERT INTO events (uuid, kind, ts, session_id, agent_id, text, value) VALUES (?,?,?,?,NULL,NULL,?)`,
  )
  const call = db.prepare(
    `INSERT INTO tool_calls (id, name, ts, session_id, agent_id, result_ts, is_error) VALUES (?,'Bash',?,?,?,?,0)`,
  )
  // `all` starts at the first response in the rollup.
  db.prepare(
    `INSERT INTO rollup_15m (bucket, project_id, model_id, source_id, is_subagent, input, output, cache_write_5m,
      cache_write_1h, cache_read, cost, unpriced_tokens, unpriced_responses, responses) VALUES (?,0,1,1,0,1,1,0,0,0,0,0,0,1)`,
  ).run(T0 / 900_000)
  const at = () => T0 + Math.floor(r() * SPAN)
  const sid = () => `s${Math.floor(r() * n.sessions)}`
  db.transaction(() => {
    for (let i = 0; i < n.prompts; i++) {
      const ts = at()
      const s = sid()
      event.run(`p${i}`, 'prompt', ts, s, null)
      if (r() < 0.5)
        event.run(`d${i}`, 'turn_duration', ts + Math.floor(r() * 90_000), s, Math.floor(r() * 80_000))
      if (r() < 0.05) event.run(`D${i}`, 'turn_duration', ts + MAX_TURN_MS + 1000, s, 1)
      const k = Math.floor(r() * 4)
      for (let j = 0; j < k; j++)
        resp.run(
          `r${i}-${j}`,
          ts + Math.floor(r() * (r() < 0.02 ? 6 * MAX_TURN_MS : 600_000)),
          s,
          r() < 0.2 ? 'a' : null,
          1 + (j % 2),
        )
    }
    for (let i = 0; i < n.calls; i++) {
      const ts = at()
      const x = r()
      call.run(
        `t${i}`,
        ts,
        sid(),
        x < 0.3 ? 'a1' : null,
        x > 0.97 ? null : ts + Math.floor(x < 0.9 ? r() * 8000 : r() * 3_000_000) - (x < 0.01 ? 5000 : 0),
      )
    }
  })()
  // Written around the writer: its turns are computed as the writer would have.
  rebuildTurns(db)
}

/**
 * Runs `fn` and returns the most memory (JS heap + array buffers, after a collection) held above the
 * start while it ran, sampled every 20,000 rows read and after each statement answers.
 */
function peakHeld(db: Db, fn: () => void): number {
  const held = () => {
    gc()
    const m = process.memoryUsage()
    return m.heapUsed + m.arrayBuffers
  }
  const base = held()
  let peak = 0
  const sample = () => (peak = Math.max(peak, held() - base))
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => {
    const st = prepare(sql)
    const iterate = st.iterate.bind(st)
    const all = st.all.bind(st)
    st.iterate = function* (...a: unknown[]) {
      let i = 0
      for (const row of iterate(...a)) {
        if (++i % 20_000 === 0) sample()
        yield row
      }
      sample()
    } as typeof st.iterate
    st.all = ((...a: unknown[]) => {
      const rows = all(...a)
      sample()
      return rows
    }) as typeof st.all
    return st
  }) as Db['prepare']
  try {
    fn()
    sample()
  } finally {
    db.prepare = prepare
  }
  return peak
}

it('answers response times over a large multi-month store as the exact computation does, percentiles within their error, holding a fraction of its memory', () => {
  const calls = 400_000
  writeStore(store.db, { sessions: 300, prompts: 30_000, calls })
  const api = new Api(store.db, () => NOW)
  const ask = (args: object) => {
    const res = api.call('responseTimes', args)
    if (!res.ok) throw new Error(res.error.message)
    return res.value as ResponseTimesResult
  }
  const cases = [
    { range: { preset: 'all' }, timezone: 'Europe/Paris', groupBy: 'day' },
    { range: { preset: 'all' }, timezone: 'UTC', groupBy: 'week', filters: { thread: 'main' } },
    {
      range: { start: '2025-10-20T00:00:00.000Z', end: '2025-10-30T00:00:00.000Z' },
      timezone: 'America/New_York',
      groupBy: 'hour',
    },
    // Half-hour offsets: every group edge cuts an hour, read from the facts.
    { range: { preset: 'all' }, timezone: 'Asia/Kolkata', groupBy: 'day' },
    {
      range: { preset: '90d' },
      timezone: 'Australia/Lord_Howe',
      groupBy: 'week',
      filters: { thread: 'subagent' },
    },
    {
      range: { start: '2025-11-02T10:17:00.000Z', end: '2025-11-05T03:45:00.000Z' },
      timezone: 'Asia/Kolkata',
      groupBy: 'hour',
    },
    { range: { preset: '24h' }, timezone: 'UTC', groupBy: 'hour' },
  ]
  for (const args of cases)
    expectWithinError(ask(args), exactResponseTimes(store.db, args, NOW), JSON.stringify(args))

  const all = { range: { preset: 'all' }, timezone: 'UTC', groupBy: 'day' }
  expect(ask(all).tools.count).toBeGreaterThan(0.9 * calls)
  let t0 = performance.now()
  ask({ ...all, timezone: 'Asia/Tokyo' })
  const plainMs = performance.now() - t0
  t0 = performance.now()
  exactResponseTimes(store.db, { ...all, timezone: 'Asia/Tokyo' }, NOW)
  const plainMsBefore = performance.now() - t0
  t0 = performance.now()
  const held = peakHeld(store.db, () => ask({ ...all, timezone: 'Europe/Berlin' }))
  const ms = performance.now() - t0
  t0 = performance.now()
  const heldBefore = peakHeld(store.db, () => exactResponseTimes(store.db, all, NOW))
  const msBefore = performance.now() - t0
  console.log(
    `responseTimes over ${calls} tool calls: ${plainMs.toFixed(0)} ms, held ${(held / 2 ** 20).toFixed(1)} MiB ` +
      `(${ms.toFixed(0)} ms with sampling); in arrays ${plainMsBefore.toFixed(0)} ms, held ` +
      `${(heldBefore / 2 ** 20).toFixed(1)} MiB (${msBefore.toFixed(0)} ms)`,
  )
  // 10 bytes a tool call (its duration and group in typed arrays), against tens as objects.
  expect(held).toBeLessThan(calls * 16)
  expect(heldBefore).toBeGreaterThan(calls * 40)
})
