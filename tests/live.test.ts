import { appendFileSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { ignoredByWatcher, LiveIngest, WATCH_DEPTH } from '../electron/core/ingest/live'
import type { IngestStats } from '../electron/core/ingest/ingest'
import { recount } from './helpers/recount'
import { copyFixtures, useTempStore, REAL_FIXTURES, totals, type TestStore } from './helpers/store'

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
