import fc from 'fast-check'
import { existsSync, lstatSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs'
import { dirname, isAbsolute, join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, tempDir } from '../../../tests/helpers/store'
import { fuzzParams, fuzzTimeout } from '../../../tests/helpers/fuzz'
import { ExportError } from './collect'
import { confineToFolder } from './destination'

let dir: string
let folder: string
let outside: string

beforeAll(() => {
  dir = tempDir('obs-confine-')
  folder = join(dir, 'exports')
  outside = join(dir, 'elsewhere')
  mkdirSync(join(folder, 'sub'), { recursive: true })
  mkdirSync(outside)
  symlinkSync(outside, join(folder, 'out-link'))
  symlinkSync(join(folder, 'sub'), join(folder, 'in-link'))
  symlinkSync(join(dir, 'nothing'), join(folder, 'dangling'))
  symlinkSync(join(folder, 'sub'), join(outside, 'back-in'))
})
afterAll(() => cleanup(dir))

function deepestExisting(p: string): string {
  let q = p
  while (!existsLstat(q) && dirname(q) !== q) q = dirname(q)
  return q
}
function existsLstat(p: string): boolean {
  try {
    lstatSync(p)
    return true
  } catch {
    return false
  }
}

const segment = fc.constantFrom(
  '..',
  '.',
  'sub',
  'out-link',
  'in-link',
  'dangling',
  'back-in',
  'x.csv',
  'new',
  '',
)
const prefix = fc.constantFrom('', 'F', 'O', '/', 'D')

describe('confineToFolder (fuzz)', () => {
  it(
    'either refuses with an ExportError or returns a path that really lies inside the folder',
    () => {
      fc.assert(
        fc.property(prefix, fc.array(segment, { minLength: 1, maxLength: 6 }), (pre, segs) => {
          const base = { '': '', F: folder, O: outside, '/': '/', D: dir }[pre]!
          const path = [base, ...segs].join('/').replace(/^\/\//, '/') || '.'
          let out: string
          try {
            out = confineToFolder(path, folder)
          } catch (err) {
            expect(err).toBeInstanceOf(ExportError)
            return
          }
          expect(isAbsolute(out)).toBe(true)
          expect(existsSync(out) && realpathSync(out) === realpathSync(folder)).toBe(false)
          const real = realpathSync(deepestExisting(out))
          const rel = relative(realpathSync(folder), real)
          expect(rel.startsWith('..') || isAbsolute(rel), `${path} → ${out} (${real})`).toBe(false)
        }),
        fuzzParams(400),
      )
    },
    fuzzTimeout(10_000),
  )
})
