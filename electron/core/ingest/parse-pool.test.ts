import { copyFileSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCrashingWorker } from '../../../tests/helpers/build-crashing-worker'
import { recount } from '../../../tests/helpers/recount'
import {
  cleanup,
  copyFixtures,
  openTestStore,
  REAL_FIXTURES,
  tempDir,
  totals,
} from '../../../tests/helpers/store'
import { Ingestor } from './ingest'
import { discover } from './discovery'
import { inlineParser, ParsePool, type ParseTask } from './file-parser'
import { unpackBatch, type PackedFile } from './parse-file'

let dir: string
let workerFile: string
let tasks: ParseTask[]
let poisoned: ParseTask

beforeAll(() => {
  dir = tempDir('obs-pool-')
  workerFile = buildCrashingWorker(dir)
  tasks = discover(REAL_FIXTURES).map((f) => ({
    path: f.path,
    from: 0,
    ctx: { sessionId: f.sessionId, agentId: f.agentId },
    metaPath: f.metaPath,
  }))
  const first = tasks[0]!
  const copy = join(dir, 'poison-session.jsonl')
  copyFileSync(first.path, copy)
  poisoned = { ...first, path: copy }
})
afterAll(() => cleanup(dir))

const settleAll = <T>(ps: Promise<T>[]) =>
  Promise.race([
    Promise.allSettled(ps),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('tasks never settled')), 20_000)),
  ])

describe.each(['throw', 'exit'] as const)('a parse worker that dies (%s)', (how) => {
  it('is replaced: its task fails, every other task settles with the right records, later tasks succeed', async () => {
    let spawned = 0
    const pool = new ParsePool(2, () => {
      spawned++
      return new Worker(workerFile, { workerData: { poison: 'poison-session', how } })
    })
    try {
      // The poisoned file sits in the middle, with tasks queued behind it on the same worker.
      const batch = [...tasks.slice(0, 6), poisoned, ...tasks.slice(6)]
      const results = await settleAll(batch.map((t) => pool.parse(t)))
      const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [batch[i]!.path] : []))
      expect(failed).toEqual([poisoned.path])
      const reason = (results[6] as PromiseRejectedResult).reason as Error
      expect(reason.message).toMatch(/parse worker failed while parsing .*poison-session\.jsonl/)
      for (const [i, r] of results.entries()) {
        if (i === 6) continue
        expect(r.status).toBe('fulfilled')
        const expected = await inlineParser.parse(batch[i]!)
        const got = (r as PromiseFulfilledResult<PackedFile>).value
        expect(unpackBatch(got.batch)).toEqual(unpackBatch(expected.batch))
        expect(got.endOffset).toBe(expected.endOffset)
      }
      expect(spawned).toBe(3)
      // Later tasks run on the fresh worker; a second poisoned task fails again without hanging.
      const again = await settleAll([pool.parse(tasks[0]!), pool.parse(poisoned), pool.parse(tasks[1]!)])
      expect(again.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    } finally {
      await pool.close()
    }
  }, 30_000)
})

it('a worker killed from outside is replaced and its pending tasks settle', async () => {
  const workers: Worker[] = []
  const pool = new ParsePool(1, () => {
    const w = new Worker(workerFile, { workerData: { poison: '\u0000never', how: 'exit' } })
    workers.push(w)
    return w
  })
  try {
    const pending = tasks.map((t) => pool.parse(t))
    void workers[0]!.terminate()
    const results = await settleAll(pending)
    expect(
      results.every((r) => r.status === 'fulfilled' || /parse worker failed/.test(String(r.reason))),
    ).toBe(true)
    // Only the task it was parsing fails; the ones queued behind it go to the fresh worker.
    expect(results.filter((r) => r.status === 'rejected').length).toBeLessThanOrEqual(1)
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(tasks.length - 1)
    expect(workers.length).toBe(2)
    expect((await settleAll([pool.parse(tasks[2]!)]))[0]!.status).toBe('fulfilled')
  } finally {
    await pool.close()
  }
}, 30_000)

it('close() rejects the tasks still pending instead of leaving them unsettled', async () => {
  const pool = new ParsePool(
    1,
    () => new Worker(workerFile, { workerData: { poison: '\u0000never', how: 'exit' } }),
  )
  const pending = tasks.map((t) => pool.parse(t))
  await pool.close()
  const results = await settleAll(pending)
  expect(results.some((r) => r.status === 'rejected')).toBe(true)
})

it('a worker script that cannot start fails its tasks instead of restarting forever', async () => {
  let spawned = 0
  const pool = new ParsePool(2, () => {
    spawned++
    return new Worker('throw new Error("broken worker script")', { eval: true })
  })
  try {
    const results = await settleAll(tasks.map((t) => pool.parse(t)))
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/broken worker script/)
    expect(spawned).toBeLessThanOrEqual(2 + 2 * 2 + 1)
    await new Promise((r) => setTimeout(r, 300))
    const after = spawned
    await new Promise((r) => setTimeout(r, 300))
    expect(spawned).toBe(after) // nothing keeps respawning once no task is left
  } finally {
    await pool.close()
  }
}, 30_000)

it('in a pass, a file that kills its worker is reported and skipped; the next pass reads it and loses nothing', async () => {
  const root = join(dir, 'pass')
  copyFixtures(root)
  // Every file of one project folder kills the worker that parses it.
  const projects = join(root, 'projects')
  const victim = readdirSync(projects)[0]!
  renameSync(join(projects, victim), join(projects, `${victim}-poison-session`))
  const s = openTestStore()
  const crashing = new ParsePool(
    2,
    () => new Worker(workerFile, { workerData: { poison: 'poison-session', how: 'exit' } }),
  )
  const first = await new Ingestor(s.db, s.prices, { parser: crashing }).ingest([{ path: root }])
  await crashing.close()
  expect(first.errorCount).toBeGreaterThan(0)
  expect(first.errors.every((e) => /poison-session.*parse worker failed/.test(e))).toBe(true)
  expect(totals(s.db).total).toBeLessThan(recount(projects).total)
  const healthy = new ParsePool(
    2,
    () => new Worker(workerFile, { workerData: { poison: '\u0000never', how: 'exit' } }),
  )
  const second = await new Ingestor(s.db, s.prices, { parser: healthy }).ingest([{ path: root }])
  await healthy.close()
  expect(second.errorCount).toBe(0)
  expect(totals(s.db).total).toBe(recount(projects).total)
  s.close()
}, 60_000)
