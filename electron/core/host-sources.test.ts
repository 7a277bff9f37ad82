import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PushEventName, SettingsResult, SummaryResult } from '../../shared/contract'
import { openTestHost } from '../../tests/helpers/host'
import { recount } from '../../tests/helpers/recount'
import { cleanup, copyFixtures, tempDir } from '../../tests/helpers/store'
import type { CoreHost } from './host'

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
    sourceLook: { dirs: 2_000, ms: 2_000 },
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
  it('a folder of thousands of directories and no transcript is refused fast, while other requests are answered', async () => {
    const huge = join(dir, 'huge')
    bigTreeWithoutTranscripts(huge, 4_000)
    const t0 = performance.now()
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
    expect(performance.now() - t0).toBeLessThan(5_000)
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
    // The pass runs now; a timer that should fire every 10 ms measures how long the thread is held.
    let last = performance.now()
    let worst = 0
    const tick = setInterval(() => {
      const now = performance.now()
      worst = Math.max(worst, now - last)
      last = now
    }, 10)
    const t0 = performance.now()
    await host.start() // queued behind the pass the action started
    clearInterval(tick)
    const passMs = performance.now() - t0
    expect(allTokens()).toBe(recount(join(cliRoot, 'projects')).total)
    expect(worst, `longest stall ${worst.toFixed(0)} ms in a ${passMs.toFixed(0)} ms pass`).toBeLessThan(150)
  })
})
