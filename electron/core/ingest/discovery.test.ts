import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it, vi } from 'vitest'
import { cleanup, copyFixtures, tempDir } from '../../../tests/helpers/store'
import { describeFile, discover, discoverSliced, findTranscript } from './discovery'

const SESSION = '29ccd257-68b1-427f-ae5f-6524b7cb6f20'
/** A look's time budget far beyond any machine's: the folder budget decides. */
const NO_CLOCK = 600_000

it('describes every discovered file as describeFile does from its whole path', () => {
  const dir = tempDir('obs-discover-')
  try {
    const root = copyFixtures(dir)
    const found = discover(root)
    expect(found.length).toBeGreaterThan(20)
    expect(found.some((f) => f.kind === 'subagent' && f.sessionId === SESSION && f.metaPath)).toBe(true)
    expect(found.some((f) => f.kind === 'legacy-agent')).toBe(true)
    for (const f of found) expect(f).toEqual(describeFile(f.path))
  } finally {
    cleanup(dir)
  }
})

it('gives files under a root that sits inside a subagents folder to that session', () => {
  const dir = tempDir('obs-discover-')
  try {
    const root = join(dir, SESSION, 'subagents', 'x')
    mkdirSync(root, { recursive: true })
    writeFileSync(join(root, 'agent-abc.jsonl'), '')
    const [f] = discover(root)
    expect(f).toEqual({ ...describeFile(f!.path), kind: 'subagent', sessionId: SESSION })
    expect(f!.metaPath).toBe(join(root, 'agent-abc.meta.json'))
  } finally {
    cleanup(dir)
  }
})

it('discoverSliced lists exactly what discover lists, giving the thread back on the way', async () => {
  const dir = tempDir('obs-discover-')
  try {
    const root = copyFixtures(dir)
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    // A slice of 0 ms yields after every folder: timers get to run in between.
    const sliced = await discoverSliced(root, () => {}, 0)
    clearInterval(timer)
    expect(sliced).toEqual(discover(root))
    expect(ticks).toBeGreaterThan(0)
  } finally {
    cleanup(dir)
  }
})

it('findTranscript finds a transcript breadth first and gives up after its folder budget', async () => {
  const dir = tempDir('obs-discover-')
  try {
    for (let i = 0; i < 300; i++) mkdirSync(join(dir, `d${i}`, 'deeper', 'still'), { recursive: true })
    writeFileSync(join(dir, 'd0', 'deeper', 'still', 'x.jsonl'), '{}\n')
    expect(await findTranscript(dir, { dirs: 100, ms: NO_CLOCK })).toEqual({
      found: null,
      dirs: 100,
      exhausted: true,
    })
    expect(await findTranscript(dir, { dirs: 10_000, ms: NO_CLOCK })).toEqual({
      found: join(dir, 'd0', 'deeper', 'still', 'x.jsonl'),
    })
    writeFileSync(join(dir, 'd7', 'journal.jsonl'), '{}\n')
    expect(await findTranscript(join(dir, 'd7'), { dirs: 10_000, ms: NO_CLOCK })).toEqual({
      found: null,
      dirs: 3,
      exhausted: false,
    })
  } finally {
    cleanup(dir)
  }
})

it('findTranscript also gives up when its time budget runs out', async () => {
  const dir = tempDir('obs-discover-')
  // The clock it reads moves 1 s per reading: the third folder is looked at 3 s after the start.
  let clock = 0
  const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1000))
  try {
    for (let i = 0; i < 20; i++) mkdirSync(join(dir, `d${i}`))
    expect(await findTranscript(dir, { dirs: 10_000, ms: 2_500 })).toEqual({
      found: null,
      dirs: 2,
      exhausted: true,
    })
  } finally {
    now.mockRestore()
    cleanup(dir)
  }
})
