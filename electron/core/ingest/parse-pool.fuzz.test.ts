import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildCrashingWorker } from '../../../tests/helpers/build-crashing-worker'
import { fuzzParams, fuzzTimeout } from '../../../tests/helpers/fuzz'
import { cleanup, REAL_FIXTURES, tempDir } from '../../../tests/helpers/store'
import { discover } from './discovery'
import { ParsePool, type ParseTask } from './file-parser'

let dir: string
let workerFile: string
let healthy: ParseTask[]
let poisoned: ParseTask[]

beforeAll(() => {
  dir = tempDir('obs-pool-fuzz-')
  workerFile = buildCrashingWorker(dir)
  healthy = discover(REAL_FIXTURES)
    .slice(0, 8)
    .map((f) => ({ path: f.path, from: 0, ctx: { sessionId: f.sessionId, agentId: f.agentId } }))
  poisoned = Array.from({ length: 4 }, (_, i) => {
    const path = join(dir, `poison-${i}.jsonl`)
    copyFileSync(healthy[0]!.path, path)
    return { ...healthy[0]!, path }
  })
})
afterAll(() => cleanup(dir))

it(
  'whatever mix of files kills workers (and however), every task settles, exactly the poisoned ones fail, and the pool recovers',
  async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('throw' as const, 'exit' as const),
        fc.array(
          fc.oneof(
            fc.nat({ max: 7 }).map((i) => ({ poison: false, i })),
            fc.nat({ max: 3 }).map((i) => ({ poison: true, i })),
          ),
          {
            minLength: 1,
            maxLength: 24,
          },
        ),
        async (size, how, picks) => {
          const pool = new ParsePool(
            size,
            () => new Worker(workerFile, { workerData: { poison: 'poison-', how } }),
          )
          try {
            const batch = picks.map((p) => (p.poison ? poisoned[p.i]! : healthy[p.i]!))
            const timeout = new Promise<never>((_, rej) => setTimeout(() => rej(new Error('hung')), 15_000))
            const results = await Promise.race([Promise.allSettled(batch.map((t) => pool.parse(t))), timeout])
            for (const [k, r] of results.entries()) {
              expect(r.status).toBe(picks[k]!.poison ? 'rejected' : 'fulfilled')
              if (r.status === 'rejected')
                expect(String(r.reason)).toMatch(/parse worker failed while parsing .*poison-/)
            }
            // The pool still works afterwards.
            const after = await Promise.race([pool.parse(healthy[1]!), timeout])
            expect(typeof after.endOffset).toBe('number')
          } finally {
            await pool.close()
          }
        },
      ),
      fuzzParams(6),
    )
  },
  fuzzTimeout(60_000),
)
