import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PushEventName, SettingsResult, SummaryResult } from '../../shared/contract'
import { openTestHost } from '../../tests/helpers/host'
import { recount } from '../../tests/helpers/recount'
import { cleanup, copyFixtures, tempDir } from '../../tests/helpers/store'
import type { CoreHost } from './host'

/**
 * Synchronous folder reads are counted, and the pass's time slicer (time-slice.ts, tested on its own)
 * yields at every check instead of every 15 ms: how much work runs between two event-loop turns is
 * then a count that does not depend on the machine's speed or load.
 */
const fsReads = vi.hoisted(() => ({ n: 0 }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const counted =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      fsReads.n++
      return f(...a)
    }
  return { ...fs, statSync: counted(fs.statSync), readdirSync: counted(fs.readdirSync) }
})
vi.mock('./ingest/time-slice', async (importOriginal) => {
  const real = await importOriginal<typeof import('./ingest/time-slice')>()
  return { ...real, timeSlicer: () => real.timeSlicer(0) }
})

let dir: string
let host: CoreHost
let close: () => Promise<void>
let events: { name: PushEventName; data: unknown }[]
let cliRoot: string

const allTokens = () => {
  const r = host.api.call('summary', { range: { preset: 'all' }, timezone: 'UTC' })
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as SummaryResult).tokens.total.value
}

/** `count` folders spread over a few levels, none holding a transcript (`.json`/`.txt` decoys only). */
function bigTreeWithoutTranscripts(root: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const d = join(root, `a${i % 37}`, `b${i % 101}`, `c${i}`)
    mkdirSync(d, { recursive: true })
    if (i % 50 === 0) writeFileSync(join(d, 'notes.json'), '{}\n')
  }
  writeFileSync(join(root, 'journal.jsonl'), '{}\n')
}

beforeEach(async () => {
  dir = tempDir('obs-sources-')
  events = []
  cliRoot = copyFixtures(join(dir, 'cli'), ['spotter'])
  ;({ host, close } = openTestHost(dir, {
    cliRoots: [{ path: cliRoot }],
    emit: (name, data) => events.push({ name, data }),
    // The folder budget, not the clock, ends a look here: the answer is the same on a loaded machine.
    sourceLook: { dirs: 2_000, ms: 600_000 },
  }))
  await host.start()
})
afterEach(async () => {
  await close()
  cleanup(dir)
})

describe('source actions answer an error instead of doing nothing', () => {
  it('deleteData on a --root folder is refused with a message, and its data stays', async () => {
    const before = allTokens()
    expect(before).toBe(recount(join(cliRoot, 'projects')).total)
    const r = await host.api.callAsync('updateSource', { path: cliRoot, deleteData: true })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', message: expect.stringMatching(/command line.*read again/s) },
    })
    expect(allTokens()).toBe(before)
  })

  it('a label for a folder that is no source is refused; for a source not yet stored it is kept', async () => {
    const r = await host.api.callAsync('updateSource', { path: join(dir, 'nowhere'), label: 'x' })
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('no stored source') } })
    const nothing = await host.api.callAsync('updateSource', { path: cliRoot })
    expect(nothing).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('nothing to change') },
    })
    // An added folder whose pass has not run yet: the label is stored right away.
    const fresh = copyFixtures(join(dir, 'fresh'), ['sniffly'])
    await host.stop()
    const { host: idle, close: closeIdle } = openTestHost(dir, {
      dbPath: 'idle.db',
      cliRoots: [{ path: fresh }],
    })
    const renamed = await idle.api.callAsync('updateSource', { path: fresh, label: 'renamed' })
    expect(renamed.ok).toBe(true)
    expect((renamed as { value: SettingsResult }).value.sources).toMatchObject([
      { path: fresh, label: 'renamed' },
    ])
    await closeIdle()
  })
})

describe('adding a huge folder never blocks', () => {
  it('a folder of thousands of directories and no transcript is refused after its folder budget, while other requests are answered', async () => {
    const huge = join(dir, 'huge')
    bigTreeWithoutTranscripts(huge, 4_000)
    const order: string[] = []
    const adding = host.api.callAsync('addSource', { path: huge }).then((r) => {
      order.push('addSource')
      return r
    })
    const other = new Promise<number | null>((resolve) =>
      setTimeout(() => {
        const tokens = allTokens()
        order.push('summary')
        resolve(tokens)
      }, 1),
    )
    const [r, tokens] = await Promise.all([adding, other])
    expect(order).toEqual(['summary', 'addSource'])
    expect(tokens).toBe(recount(join(cliRoot, 'projects')).total)
    expect(r).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no Claude Code transcript.*first 2000 folders/s) },
    })
  })

  it('a folder with no transcript that is small enough to look through says so', async () => {
    const small = join(dir, 'small')
    bigTreeWithoutTranscripts(small, 50)
    const r = await host.api.callAsync('addSource', { path: small })
    expect(r).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('holds no Claude Code transcripts') },
    })
  })

  it('a valid folder (transcripts below many other folders) is accepted at once and read in the background', async () => {
    const big = copyFixtures(join(dir, 'big'))
    bigTreeWithoutTranscripts(join(big, 'projects', 'zz-noise'), 1_000)
    events = []
    const r = await host.api.callAsync('addSource', { path: big, label: 'big' })
    expect(r).toMatchObject({ ok: true })
    await host.start() // queued behind the pass the action started
    expect(events.some((e) => e.name === 'ingest-progress')).toBe(true)
    // The big folder holds a copy of the --root folder's transcripts too: those count once.
    expect(allTokens()).toBe(recount(join(big, 'projects')).total)
  })
})

describe('reading a huge valid folder never blocks', () => {
  it('the background pass over a folder with a transcript and tens of thousands of folders leaves the thread free', async () => {
    const huge = copyFixtures(join(dir, 'huge-valid'), ['spotter'])
    bigTreeWithoutTranscripts(join(huge, 'projects', 'noise'), 10_000)
    const r = await host.api.callAsync('addSource', { path: huge, watch: false })
    expect(r).toMatchObject({ ok: true })
    // The pass runs now; a callback run at every event-loop turn notes the folder reads made since the last.
    const start = fsReads.n
    let last = start
    let worst = 0
    let turns = 0
    let answered: number | null = null
    let running = true
    const tick = () => {
      worst = Math.max(worst, fsReads.n - last)
      last = fsReads.n
      turns++
      // A request made in the middle of the pass is answered there, not after it.
      if (turns === 100) answered = allTokens()
      if (running) setImmediate(tick)
    }
    setImmediate(tick)
    await host.start() // queued behind the pass the action started
    running = false
    worst = Math.max(worst, fsReads.n - last) // the stretch from the last turn to the pass's end
    const reads = fsReads.n - start
    expect(allTokens()).toBe(recount(join(cliRoot, 'projects')).total)
    expect(answered).toBe(allTokens())
    // Each of the 10,000 folders is read at least once; between two turns there is at most one stat chunk
    // (256 paths) and a folder's worth of work, far from the whole pass.
    expect(reads).toBeGreaterThan(10_000)
    expect(worst, `most folder reads between two turns, of ${reads} in ${turns} turns`).toBeLessThan(1_000)
  })
})
