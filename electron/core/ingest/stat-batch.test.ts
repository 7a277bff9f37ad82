import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { cleanup, tempDir } from '../../../tests/helpers/store'
import { HELPER_MIN, STAT, StatBatch, statList, type StatList } from './stat-batch'

let dir = ''
afterEach(() => cleanup(dir))

/**
 * Files of different sizes in a few folders, names that do not exist, and a folder that does not exist:
 * the list, and each of its paths in order (a folder, then its names).
 */
function paths(n: number): { list: StatList; flat: string[] } {
  dir = tempDir('obs-stat-')
  const dirs = [...Array.from({ length: 7 }, (_, k) => join(dir, `d${k}`)), join(dir, 'gone')]
  const names: string[][] = dirs.map(() => [])
  dirs.slice(0, 7).forEach((d) => mkdirSync(d))
  for (let i = 0; i < n; i++) {
    const k = i % 8
    if (k < 7) writeFileSync(join(dirs[k]!, `f${i}.jsonl`), 'x'.repeat(i % 50))
    names[k]!.push(`f${i}.jsonl`, `gone${i}.jsonl`)
  }
  const flat = dirs.flatMap((d, k) => [d, ...names[k]!.map((x) => join(d, x))])
  return { list: statList(dirs, names), flat }
}

it.each([
  ['this thread alone', false],
  ['with a helper thread', true],
])('gives what statSync gives for every path (%s), and nothing for a missing one', async (_, helper) => {
  const { list, flat } = paths(helper ? HELPER_MIN : 300)
  const st = await new StatBatch(list, helper).run()
  expect(st.length).toBe(flat.length * STAT)
  flat.forEach((p, i) => {
    const s = statSync(p, { throwIfNoEntry: false })
    const got = Array.from(st.subarray(i * STAT, (i + 1) * STAT))
    if (s) expect(got).toEqual([s.size, s.mtimeMs, s.dev, s.ino])
    else expect(got[0]! >= 0).toBe(false)
  })
})

it('merges what the helper statted before this thread joined', async () => {
  const { list, flat } = paths(HELPER_MIN)
  const batch = new StatBatch(list, true)
  const deadline = Date.now() + 10_000
  while (batch.helped === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
  expect(batch.helped).toBeGreaterThan(0)
  const st = await batch.run()
  flat.forEach((p, i) => {
    const s = statSync(p, { throwIfNoEntry: false })
    expect(st[i * STAT]).toBe(s ? s.size : NaN)
    if (s) expect(st[i * STAT + 3]).toBe(s.ino)
  })
})

it('a cancelled batch ends its helper, and an empty one answers at once', async () => {
  new StatBatch(paths(HELPER_MIN).list, true).cancel()
  expect((await new StatBatch(statList([], []), true).run()).length).toBe(0)
})
