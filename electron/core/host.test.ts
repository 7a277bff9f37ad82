import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PushEventName, SettingsResult, SummaryResult } from '../../shared/contract'
import { cleanup, copyFixtures, tempDir } from '../../tests/helpers/store'
import { recount } from '../../tests/helpers/recount'
import { CoreHost } from './host'
import type { Core } from './open-core'
import { openTestHost } from '../../tests/helpers/host'

let dir: string
let core: Core
let host: CoreHost
let events: { name: PushEventName; data: unknown }[]

function call<T>(name: string, args: unknown = {}): T {
  const r = host.api.call(name, args)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
/** A second host on the same store whose clock is fixed (for rules that depend on "now"), as the app runs it. */
const hostAt = (at: number) =>
  new CoreHost(core, {
    log: () => {},
    emit: (name, data) => events.push({ name, data }),
    defaultRoots: () => [],
    now: () => at,
    live: { rescanMs: 60_000 },
    exportPaths: 'dialog', // as in the app, where the reports folder is set
  })
/** Actions that write are asynchronous (they wait for a pass's open group; addSource looks first). */
async function act<T>(name: string, args: object): Promise<T> {
  const r = await host.api.callAsync(name, args)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
const add = (args: object) => act<SettingsResult>('addSource', args)
const allTotal = () =>
  call<SummaryResult>('summary', { range: { preset: 'all' }, timezone: 'UTC' }).tokens.total.value

let close: () => Promise<void>

beforeEach(async () => {
  dir = tempDir('obs-host-')
  events = []
  ;({ core, host, close } = openTestHost(dir, {
    emit: (name, data) => events.push({ name, data }),
    defaultRoots: () => [join(dir, 'absent')],
  }))
  await host.start()
})
afterEach(async () => {
  await close()
  cleanup(dir)
})

describe('settings through the contract', () => {
  it('starts from the defaults, says where it looked, and saves a validated patch', async () => {
    const s = call<SettingsResult>('settings')
    expect(s.settings.theme).toBe('system')
    expect(s.defaultRoots).toEqual([{ path: join(dir, 'absent'), exists: false }])
    expect(s.sources).toEqual([])
    const saved = await act<SettingsResult>('saveSettings', {
      theme: 'dark',
      weekStart: 7,
      planMonthlyUsd: 100,
    })
    expect(saved.settings).toMatchObject({ theme: 'dark', weekStart: 7, planMonthlyUsd: 100 })
    expect(call<SettingsResult>('settings').settings.theme).toBe('dark')
    expect(events.at(-1)?.name).toBe('settings-changed')
    const bad = host.api.call('saveSettings', { theme: 'purple', timezone: 'Mars/Base' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
    expect(call<SettingsResult>('settings').settings.theme).toBe('dark')
  })

  it('bounds the result cache by the saved setting (64 MiB by default), also for a host started later', async () => {
    expect(host.api.cacheBytes.max).toBe(64 * 1024 * 1024)
    await act<SettingsResult>('saveSettings', { resultCacheMb: 16 })
    expect(host.api.cacheBytes.max).toBe(16 * 1024 * 1024)
    expect(hostAt(Date.now()).api.cacheBytes.max).toBe(16 * 1024 * 1024)
    expect(host.api.call('saveSettings', { resultCacheMb: 4 })).toMatchObject({ ok: false })
    expect(host.api.cacheBytes.max).toBe(16 * 1024 * 1024)
  })

  it('refuses a missing folder and a folder without transcripts, with a message saying why', async () => {
    expect(await host.api.callAsync('addSource', { path: join(dir, 'nope') })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', message: expect.stringContaining('does not exist') },
    })
    writeFileSync(join(dir, 'one.jsonl'), '{}\n')
    expect(await host.api.callAsync('addSource', { path: join(dir, 'one.jsonl') })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('one transcript file: add the folder that holds it') },
    })
    mkdirSync(join(dir, 'empty'))
    expect(await host.api.callAsync('addSource', { path: join(dir, 'empty') })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no Claude Code transcripts') },
    })
  })

  it('adds a folder: it is ingested and its tokens equal the recount; adding it again is refused', async () => {
    const root = copyFixtures(join(dir, 'other-machine'))
    const added = await add({ path: root, label: 'laptop' })
    expect(added.sources).toMatchObject([{ origin: 'added', label: 'laptop', watch: true }])
    await host.start() // queued behind the pass the action started
    expect(allTotal()).toBe(recount(join(root, 'projects')).total)
    expect(events.some((e) => e.name === 'data-changed')).toBe(true)
    expect(call<SettingsResult>('settings').sources[0]!.files).toBeGreaterThan(20)
    expect(await host.api.callAsync('addSource', { path: root })).toMatchObject({ ok: false })
    // Removing stops using the folder; its stored data stays, listed as a stored source.
    const kept = await host.api.callAsync('updateSource', { path: root, remove: true })
    const removed = (kept as { value: SettingsResult }).value
    expect(removed.sources).toMatchObject([{ origin: 'stored', label: 'laptop', watch: false }])
    expect(allTotal()).toBe(recount(join(root, 'projects')).total)
    // Deleting its data afterwards empties the store and forgets the source.
    const real = removed.sources[0]!.path
    const r = await host.api.callAsync('updateSource', { path: real, remove: true, deleteData: true })
    expect(r).toMatchObject({ ok: true, value: { sources: [] } })
    expect(allTotal()).toBe(0)
    expect(events.at(-2)?.name).toBe('data-changed')
  })

  it('removes an added folder with its data: what remains equals the other sources alone', async () => {
    const live = copyFixtures(join(dir, 'live'), ['claude-code-log', 'spotter'])
    const backup = copyFixtures(join(dir, 'backup'))
    await add({ path: live, label: 'live' })
    await add({ path: backup, label: 'backup' })
    await host.start()
    expect(allTotal()).toBe(recount(join(backup, 'projects')).total)
    const r = await host.api.callAsync('updateSource', { path: backup, remove: true, deleteData: true })
    expect(r).toMatchObject({ ok: true, value: { sources: [{ label: 'live', origin: 'added' }] } })
    await host.start() // the re-read of the live folder, queued behind the removal
    expect(allTotal()).toBe(recount(join(live, 'projects')).total)
    const bad = await host.api.callAsync('updateSource', { path: join(dir, 'never'), deleteData: true })
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringContaining('no stored source') } })
  })

  it('reports ingest progress that ends with every planned byte read', async () => {
    const root = copyFixtures(join(dir, 'p'))
    const seen: {
      filesDone: number
      filesTotal: number
      bytesDone: number
      bytesTotal: number
      done: boolean
    }[] = []
    const stats = await core.ingestor.ingest([{ path: root }], (p) => seen.push(p))
    const last = seen.at(-1)!
    expect(last).toMatchObject({
      done: true,
      filesDone: last.filesTotal,
      bytesDone: stats.bytes,
      bytesTotal: stats.bytes,
    })
    expect(last.filesTotal).toBe(stats.filesRead)
  })

  it('saves price overrides to prices.json and re-prices what is stored', async () => {
    const root = copyFixtures(join(dir, 'c'))
    await add({ path: root })
    await host.start()
    const rate = { input: 1, output: 1, cacheWrite5m: 1, cacheWrite1h: 1, cacheRead: 1 }
    const s = await act<SettingsResult>('savePriceOverrides', { models: { 'claude*': rate } })
    expect(s.prices.overrides).toEqual({ 'claude*': rate })
    expect(JSON.parse(readFileSync(join(dir, 'prices.json'), 'utf8'))).toEqual({
      models: { 'claude*': rate },
    })
    // $1 per million tokens of every kind: cost = claude tokens / 1e6.
    const claudeTokens = [...recount(join(root, 'projects')).byModel]
      .filter(([m]) => m.startsWith('claude'))
      .reduce((a, [, t]) => a + t, 0)
    const sum = call<SummaryResult>('summary', { range: { preset: 'all' }, timezone: 'UTC' })
    expect(sum.cost.value).toBeCloseTo(claudeTokens / 1e6, 9)
  })

  it('raises a budget alert once when a threshold is crossed, lists it, and snoozes', async () => {
    // The fixtures' last day: 2026-04-18 cost $2.18 (UTC).
    const at = Date.UTC(2026, 3, 18, 15, 10)
    const h = hostAt(at)
    try {
      await h.api.callAsync('addSource', { path: copyFixtures(join(dir, 'a')) })
      await h.start()
      const budgets = { ...call<SettingsResult>('settings').settings.budgets, dailyUsd: 2, warnAtPercent: 50 }
      const r = await h.api.callAsync('saveSettings', { timezone: 'UTC', budgets })
      expect(r.ok).toBe(true)
      const alerts = events.filter((e) => e.name === 'alert').map((e) => e.data)
      expect(alerts).toMatchObject([{ rule: 'daily', level: 'over', route: 'cost', snoozed: false }])
      // Saving again does not raise it again; the history lists it.
      await h.api.callAsync('saveSettings', { budgets })
      expect(events.filter((e) => e.name === 'alert')).toHaveLength(1)
      const list = h.api.call('alerts', {})
      expect(list.ok && list.value).toMatchObject({
        alerts: [{ key: 'daily:2026-04-18:over' }],
        snoozedUntil: null,
      })
      const snoozed = await h.api.callAsync('snoozeAlerts', { minutes: 60 })
      expect(snoozed.ok && (snoozed.value as { snoozedUntil: string }).snoozedUntil).toBe(
        new Date(at + 3_600_000).toISOString(),
      )
    } finally {
      await h.stop()
    }
  })

  it('pausing watching stops reading new lines; resuming catches up', async () => {
    const root = copyFixtures(join(dir, 'w'))
    await add({ path: root })
    await host.start()
    const before = allTotal()!
    expect(await host.api.callAsync('setWatching', { paused: true })).toMatchObject({
      ok: true,
      value: { paused: true },
    })
    const file = join(root, 'projects', 'extra', 'x.jsonl')
    mkdirSync(join(root, 'projects', 'extra'))
    const line = {
      type: 'assistant',
      sessionId: 'paused-1',
      uuid: 'pu1',
      requestId: 'req_p',
      timestamp: '2026-04-18T12:00:00.000Z',
      cwd: '/x',
      message: {
        id: 'msg_p',
        model: 'claude-opus-4-7',
        role: 'assistant',
        content: [],
        usage: { input_tokens: 5, output_tokens: 7 },
      },
    }
    writeFileSync(file, `${JSON.stringify(line)}\n`)
    await new Promise((r) => setTimeout(r, 300))
    expect(allTotal()).toBe(before)
    await host.api.callAsync('setWatching', { paused: false })
    expect(allTotal()).toBe(before + 12)
  })

  it('writes the scheduled report of the last completed day once, including after being closed', async () => {
    const at = Date.UTC(2026, 3, 19, 6) // the morning after the fixtures' last day
    const h = hostAt(at)
    try {
      await h.api.callAsync('addSource', { path: copyFixtures(join(dir, 'r')) })
      mkdirSync(join(dir, 'reports'))
      const reports = {
        folder: join(dir, 'reports'),
        daily: true,
        weekly: false,
        monthly: false,
        format: 'csv',
        view: 'cost',
      }
      expect((await h.api.callAsync('saveSettings', { timezone: 'UTC', reports })).ok).toBe(true)
      await h.start() // the first pass, then the catch-up
      const file = join(dir, 'reports', 'observatory-daily-2026-04-18.csv')
      const rows = readFileSync(file, 'utf8').trim().split('\r\n')
      expect(rows.length).toBe(25) // the header and 24 hours
      expect(events.filter((e) => e.name === 'report-ready').map((e) => e.data)).toEqual([
        { period: 'daily', label: '2026-04-18', path: file },
      ])
      await h.reports()
      expect(events.filter((e) => e.name === 'report-ready')).toHaveLength(1)
    } finally {
      await h.stop()
    }
  })
})
