import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { ignoredByWatcher, LiveIngest, WATCH_DEPTH, WatchLimitError } from '../electron/core/ingest/live'
import type { IngestStats } from '../electron/core/ingest/ingest'
import { recount } from './helpers/recount'
import { response } from './helpers/lines'
import { copyFixtures, useTempStore, REAL_FIXTURES, totals, type TestStore } from './helpers/store'
import { openTestHost } from './helpers/host'

let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

it('ingests a response appended to a watched transcript without a manual pass', async () => {
  const lines = readFileSync(join(REAL_FIXTURES, 'spotter/short.jsonl'), 'utf8').split('\n').filter(Boolean)
  const cut = lines.findIndex((l) => l.includes('"usage"'))
  copyFixtures(dir, ['spotter/short.jsonl'])
  const f = join(dir, 'projects/spotter/short.jsonl')
  writeFileSync(f, lines.slice(0, cut).join('\n') + '\n')
  await store.ingest(dir)
  expect(totals(store.db).responses).toBe(0)

  const passes: IngestStats[] = []
  const live = new LiveIngest(store.ingestor, [{ path: dir }], {
    debounceMs: 20,
    onPass: (s) => passes.push(s),
  })
  await live.start()
  appendFileSync(f, lines.slice(cut).join('\n') + '\n')
  const deadline = Date.now() + 10_000
  while (totals(store.db).responses === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  await live.stop()
  expect(passes.length).toBeGreaterThan(0)
  expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
})

it('watches transcript folders, not dependency or VCS trees nor files that are no transcript', () => {
  expect(ignoredByWatcher(join(dir, 'projects/app/node_modules'))).toBe(true)
  expect(ignoredByWatcher(join(dir, 'projects/app/.git'))).toBe(true)
  const file = join(dir, 'notes.txt')
  writeFileSync(file, 'x')
  expect(ignoredByWatcher(file, statSync(file))).toBe(true)
  const transcript = join(dir, 'a.jsonl')
  writeFileSync(transcript, '')
  expect(ignoredByWatcher(transcript, statSync(transcript))).toBe(false)
  expect(ignoredByWatcher(join(dir, 'projects/app'), statSync(dir))).toBe(false)
})

it('a transcript deeper than the watcher goes is still read by the periodic pass', async () => {
  const deep = join(dir, 'projects', ...Array.from({ length: WATCH_DEPTH + 2 }, (_, i) => `d${i}`))
  mkdirSync(deep, { recursive: true })
  const live = new LiveIngest(store.ingestor, [{ path: dir }], { debounceMs: 20, rescanMs: 200 })
  await live.start()
  copyFileSync(join(REAL_FIXTURES, 'spotter/short.jsonl'), join(deep, 'short.jsonl'))
  const deadline = Date.now() + 10_000
  while (totals(store.db).responses === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  await live.stop()
  expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  expect(totals(store.db).responses).toBeGreaterThan(0)
})

const until = async (done: () => boolean) => {
  const deadline = Date.now() + 10_000
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
}
const line = (input: number) => JSON.stringify(response('2026-01-05T10:00:00.000Z', input, 1)) + '\n'

it('watches a folder made after it started: appends there are read without waiting for the periodic pass', async () => {
  mkdirSync(join(dir, 'projects', '-p'), { recursive: true })
  const live = new LiveIngest(store.ingestor, [{ path: dir }], { debounceMs: 20, rescanMs: 600_000 })
  await live.start()
  const sub = join(dir, 'projects', '-p', 's1', 'subagents')
  mkdirSync(sub, { recursive: true })
  writeFileSync(join(sub, 'agent-a.jsonl'), line(10))
  await until(() => totals(store.db).input === 10)
  await new Promise((r) => setTimeout(r, 200)) // the new folders' watches begin after the pass that lists them
  appendFileSync(join(sub, 'agent-a.jsonl'), line(5))
  await until(() => totals(store.db).input === 15)
  await live.stop()
  expect(totals(store.db).input).toBe(15)
  expect(live.counters.events).toBeGreaterThan(0)
})

it('over the watch limit, watches the newest folders, says so once, and reads the others by a frequent pass', async () => {
  const old = Date.now() / 1000 - 3600
  for (const p of ['-a', '-b', '-c']) {
    mkdirSync(join(dir, 'projects', p), { recursive: true })
    utimesSync(join(dir, 'projects', p), old, old)
  }
  utimesSync(join(dir, 'projects'), old, old)
  const errors: unknown[] = []
  const live = new LiveIngest(store.ingestor, [{ path: dir }], {
    debounceMs: 20,
    rescanMs: 600_000,
    pollMs: 100,
    maxWatches: 2,
    onError: (err) => errors.push(err),
  })
  writeFileSync(join(dir, 'projects', '-c', 'x.jsonl'), line(7)) // -c is the newest folder now
  await live.start()
  writeFileSync(join(dir, 'projects', '-a', 'y.jsonl'), line(3)) // -a is not watched
  await until(() => totals(store.db).input === 10)
  await live.stop()
  expect(totals(store.db).input).toBe(10)
  expect(errors).toHaveLength(1)
  expect(errors[0]).toBeInstanceOf(WatchLimitError)
  expect((errors[0] as Error).message).toMatch(
    /watches the 2 most recently changed of 4 .*max_user_watches.*every 0.1 s/,
  )
})

it('reads and watches a root that did not exist at start as soon as it is made, not at the periodic pass', async () => {
  const root = join(dir, 'later', 'claude') // two levels missing
  const live = new LiveIngest(store.ingestor, [{ path: root }], { debounceMs: 20, rescanMs: 600_000 })
  await live.start()
  expect(live.watchedFolders).toBe(0)
  const p = join(root, 'projects', '-p')
  mkdirSync(join(dir, 'later'))
  await new Promise((r) => setTimeout(r, 100)) // the watch moves down a level
  mkdirSync(p, { recursive: true })
  writeFileSync(join(p, 'a.jsonl'), line(10))
  await until(() => totals(store.db).input === 10)
  await until(() => live.watchedFolders >= 2) // projects/ and projects/-p
  appendFileSync(join(p, 'a.jsonl'), line(5))
  await until(() => totals(store.db).input === 15)
  await live.stop()
  expect(totals(store.db).input).toBe(15)
  expect(live.counters.passes).toBeGreaterThanOrEqual(2)
})

it('the host logs a watch limit as the fallback to polling it is, not as a failure', async () => {
  for (const p of ['-a', '-b']) mkdirSync(join(dir, 'w', 'projects', p), { recursive: true })
  const logs: [string, string][] = []
  const { host, close } = openTestHost(dir, {
    log: (level, msg) => logs.push([level, msg]),
    defaultRoots: () => [join(dir, 'w')],
    live: { rescanMs: 600_000, pollMs: 600_000, maxWatches: 1 },
  })
  await host.start()
  await close()
  expect(logs.filter(([level]) => level === 'error')).toEqual([])
  expect(logs).toContainEqual([
    'warn',
    expect.stringMatching(/watches the 1 most recently changed of 3 .*every 600 s/),
  ])
})
