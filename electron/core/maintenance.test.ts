import { appendFileSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { MaintenanceInfo, SummaryResult } from '../../shared/contract'
import { recount } from '../../tests/helpers/recount'
import { cleanup, copyFixtures, openTestStore, tempDir, totals } from '../../tests/helpers/store'
import { restoreArchive } from './archive/archive'
import type { CoreHost } from './host'
import { openTestHost } from '../../tests/helpers/host'
import { retentionCutoff } from './maintenance'
import type { Core } from './open-core'

let dir: string
let core: Core
let host: CoreHost
const logs: string[] = []
// The fixtures' last response is on 2026-04-18.
const NOW = Date.UTC(2026, 3, 20, 12)

let close: () => Promise<void>

beforeEach(async () => {
  dir = tempDir('obs-upkeep-')
  ;({ core, host, close } = openTestHost(dir, {
    dbPath: join('data', 'o.db'),
    log: (_, m) => logs.push(m),
    now: () => NOW,
  }))
  await host.start()
})
afterEach(async () => {
  await close()
  cleanup(dir)
})

const act = async <T>(name: string, args: object = {}): Promise<T> => {
  const r = await host.api.callAsync(name, args)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as T
}
const allTokens = () => {
  const r = host.api.call('summary', { range: { preset: 'all' }, timezone: 'UTC' })
  return (r as { ok: true; value: SummaryResult }).value.tokens.total.value
}

it('retention deletes old per-response rows in the background; totals come from the kept rollups', async () => {
  const root = copyFixtures(join(dir, 'src'))
  await act('addSource', { path: root })
  await host.start()
  const expected = recount(join(root, 'projects')).total
  const before = totals(core.db).responses
  const cutoff = retentionCutoff(NOW, 30)
  const old = (
    core.db.prepare(`SELECT COUNT(*) AS n FROM responses WHERE ts < ?`).get(cutoff) as { n: number }
  ).n
  expect(old).toBeGreaterThan(0)
  expect(old).toBeLessThan(before)

  await act('saveSettings', { responseDetailDays: 30 })
  await host.maintain()
  const info = await act<MaintenanceInfo>('maintenance')
  expect(info.lastPrune).toMatchObject({ cutoff, responses: old, at: NOW })
  expect(info.prunedResponses).toBe(old)
  expect(totals(core.db).responses).toBe(before - old)
  expect(allTokens()).toBe(expected)
  expect(logs.some((l) => l.startsWith(`retention: deleted ${old} per-response rows`))).toBe(true)
  // A later pass re-reading a file does not count its pruned responses again.
  core.db.prepare(`UPDATE files SET offset = 0, size = 0, mtime_ms = 0, head_hash = NULL`).run()
  await host.start()
  expect(allTokens()).toBe(expected)
})

it('archives every transcript read, grows with appends, and restores into a tree that reads the same', async () => {
  const root = copyFixtures(join(dir, 'src'))
  await act('addSource', { path: root, label: 'laptop' })
  await host.start()
  const expected = recount(join(root, 'projects')).total
  await act('saveSettings', { archive: true })
  await host.maintain()
  let info = await act<MaintenanceInfo>('maintenance')
  expect(info.archive.folder).toBe(join(dir, 'data', 'archive'))
  // Every transcript with something in it (a 0-byte file has nothing to keep).
  const nonEmpty = readdirSync(join(root, 'projects'), { recursive: true })
    .map((f) => join(root, 'projects', String(f)))
    .filter((f) => f.endsWith('.jsonl') && statSync(f).size > 0)
  expect(info.archive.files).toBe(nonEmpty.length)
  expect(info.archive.bytes).toBeGreaterThan(0)

  // Appended lines are archived as one more gzip member; the copy equals the file.
  const file = join(root, 'projects', 'spotter', 'short.jsonl')
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.includes('"assistant"'))!
  appendFileSync(file, line.replace(/"id":"msg_[^"]+"/, '"id":"msg_appended_for_archive"') + '\n')
  await host.start()
  await host.maintain()
  const copy = readdirSync(info.archive.folder, { recursive: true })
    .map(String)
    .find((f) => f.endsWith(join('spotter', 'short.jsonl.gz')))!
  expect(gunzipSync(readFileSync(join(info.archive.folder, copy))).equals(readFileSync(file))).toBe(true)
  info = await act<MaintenanceInfo>('maintenance')
  expect(info.archive.lastRun).toMatchObject({ files: 1 })

  // Claude Code deletes the transcripts; the archive restores a folder that reads the same.
  const grown = recount(join(root, 'projects')).total
  expect(grown).toBeGreaterThan(expected)
  const agentsBefore = core.db.prepare(`SELECT COUNT(agent_type) AS n FROM agents`).get()
  rmSync(root, { recursive: true })
  const [restored] = await restoreArchive(core.db, info.archive.folder, join(dir, 'restored'))
  expect(relative(dir, restored!)).toBe(join('restored', 'laptop'))
  expect(recount(join(restored!, 'projects')).total).toBe(grown)
  const fresh = openTestStore()
  try {
    await fresh.ingest(restored!)
    expect(totals(fresh.db).total).toBe(grown)
    expect(fresh.db.prepare(`SELECT COUNT(agent_type) AS n FROM agents`).get()).toEqual(agentsBefore)
  } finally {
    fresh.close()
  }
})
