import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Ingestor } from '../electron/core/ingest/ingest'
import { walk } from '../electron/core/ingest/dir-walk'
import { HELPER_MIN } from '../electron/core/ingest/stat-batch'
import { buildCli, runCli } from './helpers/cli'
import { response } from './helpers/lines'
import { cleanup, openTestStore, tempDir, totals, type TestStore } from './helpers/store'

const S1 = '11111111-1111-4111-8111-111111111111'
const S2 = '22222222-2222-4222-8222-222222222222'
const line = (input: number, session = S1) =>
  JSON.stringify(response('2026-01-05T10:00:00.000Z', input, 1, { session })) + '\n'

/** Sets every folder's mtime an hour back, so a pass trusts it (a recent one is always listed again). */
function age(dir: string, when = Date.now() / 1000 - 3600): void {
  utimesSync(dir, when, when)
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) age(join(dir, e.name), when)
}

/** Runs `change`, then puts the folder's mtime back: as if the change had not touched the folder. */
function keepingMtime(folder: string, change: () => void): void {
  const st = statSync(folder)
  change()
  utimesSync(folder, st.atime, st.mtime)
}

let dir = ''
let root = ''
let p = ''
let store: TestStore
beforeEach(() => {
  dir = tempDir('obs-warm-')
  root = join(dir, 'claude')
  p = join(root, 'projects', '-p')
  mkdirSync(join(p, S1, 'subagents'), { recursive: true })
  mkdirSync(join(root, 'projects', '-q'), { recursive: true })
  writeFileSync(join(p, `${S1}.jsonl`), line(10))
  writeFileSync(join(p, S1, 'subagents', 'agent-a1.jsonl'), line(20))
  writeFileSync(join(root, 'projects', '-q', `${S2}.jsonl`), line(30, S2))
  age(root)
  store = openTestStore()
})
afterEach(() => {
  store.close()
  cleanup(dir)
})

// 'same': one Ingestor (the app, serve); 'fresh': a new one each pass, from what the store saved (the CLI).
describe.each(['same', 'fresh'])('a pass after another (%s Ingestor)', (mode) => {
  const pass = () =>
    (mode === 'same' ? store.ingestor : new Ingestor(store.db, store.prices)).ingest([{ path: root }])
  const row = (path: string) =>
    store.db.prepare(`SELECT ino, offset, missing_since FROM files WHERE path = ?`).get(path) as
      { ino: string; offset: number; missing_since: number | null } | undefined

  it('reads an append to an old file in a folder that did not change', async () => {
    expect((await pass()).filesRead).toBe(3)
    expect((await pass()).filesRead).toBe(0)
    keepingMtime(p, () => appendFileSync(join(p, `${S1}.jsonl`), line(100)))
    expect((await pass()).filesRead).toBe(1)
    expect(totals(store.db).input).toBe(160)
    appendFileSync(join(p, S1, 'subagents', 'agent-a1.jsonl'), line(1000))
    expect((await pass()).filesRead).toBe(1)
    expect(totals(store.db).input).toBe(1160)
  })

  it('reads a new file in an old folder, and marks a deleted one missing', async () => {
    await pass()
    writeFileSync(join(p, S1, 'subagents', 'agent-a2.jsonl'), line(5))
    expect((await pass()).filesRead).toBe(1)
    expect(totals(store.db).input).toBe(65)
    rmSync(join(p, S1, 'subagents', 'agent-a1.jsonl'))
    const s = await pass()
    expect([s.files, s.filesRead]).toEqual([3, 0])
    expect(row(join(p, S1, 'subagents', 'agent-a1.jsonl'))?.missing_since).not.toBeNull()
    expect(totals(store.db).input).toBe(65) // a deleted transcript keeps its data
  })

  it('re-reads a replaced file (another inode) even when its folder keeps its mtime', async () => {
    await pass()
    const f = join(p, `${S1}.jsonl`)
    const before = row(f)!.ino
    keepingMtime(p, () => {
      writeFileSync(join(p, 'tmp'), line(10) + line(7))
      renameSync(join(p, 'tmp'), f)
    })
    expect((await pass()).filesRead).toBe(1)
    expect(row(f)!.ino).not.toBe(before)
    expect(totals(store.db).input).toBe(77) // the old copy keeps its data; both new lines are new responses
  })

  it('follows a renamed folder: its old paths are missing, its new ones read', async () => {
    await pass()
    renameSync(join(root, 'projects', '-q'), join(root, 'projects', '-r'))
    expect((await pass()).filesRead).toBe(1)
    expect(row(join(root, 'projects', '-q', `${S2}.jsonl`))?.missing_since).not.toBeNull()
    expect(row(join(root, 'projects', '-r', `${S2}.jsonl`))?.missing_since).toBeNull()
    expect(totals(store.db).input).toBe(60)
  })

  it('reads everything again when another command reset the file rows', async () => {
    await pass()
    store.db.exec(`UPDATE files SET offset = 0, mtime_ms = -1`)
    expect((await pass()).filesRead).toBe(3)
    expect(totals(store.db).input).toBe(60)
  })
})

it('lists only the folders whose mtime changed, and every folder again when its mtime is recent', async () => {
  const visitor = { changed: () => null, unreadable: () => {}, error: () => {} }
  const first = await walk(root, new Map(), visitor)
  expect([first.files, first.listed]).toEqual([3, 5])
  expect((await walk(root, first.state, visitor)).listed).toBe(0)
  writeFileSync(join(root, 'projects', '-q', 'new.jsonl'), '')
  const third = await walk(root, first.state, visitor)
  expect([third.files, third.listed]).toEqual([4, 1])
  // -q changed just now: its mtime is not trusted until it is old enough.
  expect((await walk(root, third.state, visitor)).listed).toBe(1)
})

it('statting with a helper thread (a large root), still reads an append to an old file and a new file', async () => {
  const many = join(root, 'projects', '-many')
  mkdirSync(many)
  for (let i = 0; i < HELPER_MIN; i++) writeFileSync(join(many, `f${i}.jsonl`), '')
  age(root)
  const ing = async () => {
    process.env.OBSERVATORY_STAT_HELPER = '1' // whatever the machine's load
    try {
      return await new Ingestor(store.db, store.prices).ingest([{ path: root }])
    } finally {
      delete process.env.OBSERVATORY_STAT_HELPER
    }
  }
  expect((await ing()).files).toBe(HELPER_MIN + 3)
  expect((await ing()).filesRead).toBe(0)
  keepingMtime(many, () => appendFileSync(join(many, `f${HELPER_MIN - 1}.jsonl`), line(100)))
  appendFileSync(join(p, `${S1}.jsonl`), line(1000))
  writeFileSync(join(root, 'projects', '-q', 'new.jsonl'), line(5))
  expect((await ing()).filesRead).toBe(3)
  expect(totals(store.db).input).toBe(1165)
  expect((await ing()).filesRead).toBe(0)
})

describe('the CLI', () => {
  beforeEach(() => buildCli())
  it('reads an append to an old file in a folder that did not change', () => {
    const db = join(dir, 'cli.db')
    const ingest = () =>
      JSON.parse(runCli({ dir, db }, 'ingest', '--root', root, '--json').out) as { filesRead: number }
    expect(ingest().filesRead).toBe(3)
    expect(ingest().filesRead).toBe(0)
    keepingMtime(p, () => appendFileSync(join(p, `${S1}.jsonl`), line(100)))
    expect(ingest().filesRead).toBe(1)
    expect(ingest().filesRead).toBe(0)
  })
})
