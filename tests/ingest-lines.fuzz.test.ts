import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Api } from '../electron/core/api/api'
import { dailyReport } from '../electron/core/report/daily'
import { LONG_STRING } from '../electron/core/ingest/slim-line'
import { QUERY_NAMES } from '../shared/contract/names'
import { fuzzParams, fuzzTimeout } from './helpers/fuzz'
import { recount } from './helpers/recount'
import { cleanup, openTestStore, REAL_FIXTURES, rollupTotals, tempDir, totals } from './helpers/store'

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Every line of every real transcript, parsed (the fuzz mutates these). */
const REAL_LINES: any[] = (readdirSync(REAL_FIXTURES, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(REAL_FIXTURES, f), 'utf8').split('\n'))
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l))
// Lines with usage are what counting is about: weight them up.
const USAGE_LINES = REAL_LINES.filter((o) => JSON.stringify(o).includes('"usage"'))

const ODD_DATES = [
  '2026-02-30T10:00:00.000Z',
  '2025-02-29T10:00:00.000Z',
  '2024-02-29T10:00:00.000Z',
  '2026-02-10T10:00:00.000',
  '2026-02-10T10:00:00+01:00',
  '2026-02-10T10:00Z',
  '2026-02-10T24:00:00Z',
  '2026-13-01T00:00:00.000Z',
  '2022-12-31T23:59:59.999Z',
  '2023-01-01T00:00:00.000Z',
  '2999-01-01T00:00:00.000Z',
  '0099-01-01T00:00:00.000Z',
  'Tue Feb 10 2026',
  '2026-02-10',
  '',
  1770717600000,
  null,
  true,
  { $date: '2026-02-10' },
]
const ODD_COUNTS = [-1, -0, 0, 1.5, 2 ** 40, 2 ** 40 + 1, 1e308, -1e308, '12', null, true, [], {}]
const ODD_VALUES = [null, 0, -7, 1.25, 2 ** 53, '', 'x', 'a:b', 'a\\b', '\u0000', '\ud800', true, [], {}]
const USAGE_FIELDS = [
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
]

/** Every [container, key] in a parsed line, for type changes at random depths. */
function slots(o: any, out: [any, string][] = [], depth = 0): [any, string][] {
  if (depth > 6 || o === null || typeof o !== 'object') return out
  for (const k of Object.keys(o)) {
    out.push([o, k])
    slots(o[k], out, depth + 1)
  }
  return out
}

type Mutation =
  | { kind: 'date'; where: 'line' | 'inner'; value: unknown }
  | { kind: 'count'; field: number; value: unknown; split: boolean }
  | { kind: 'retype'; slot: number; value: unknown }
  | { kind: 'ids'; id: unknown; requestId: unknown }
  | { kind: 'delete'; slot: number }

type Damage =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: readonly number[] }
  | { kind: 'crlf' }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('date' as const),
    where: fc.constantFrom('line' as const, 'inner' as const),
    value: fc.constantFrom(...ODD_DATES),
  }),
  fc.record({
    kind: fc.constant('count' as const),
    field: fc.nat(USAGE_FIELDS.length - 1),
    value: fc.constantFrom(...ODD_COUNTS),
    split: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('retype' as const), slot: fc.nat(), value: fc.constantFrom(...ODD_VALUES) }),
  fc.record({
    kind: fc.constant('ids' as const),
    id: fc.constantFrom('msg_a:b', 'msg_a', 'msg_\\x', '', 7, null),
    requestId: fc.constantFrom('c', 'b:c', '', undefined, 3),
  }),
  fc.record({ kind: fc.constant('delete' as const), slot: fc.nat() }),
)

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 6 },
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.nat(),
    // Invalid UTF-8, a BOM, NUL, a lone continuation byte, an overlong encoding.
    bytes: fc.constantFrom(
      [0xff],
      [0xef, 0xbb, 0xbf],
      [0x00],
      [0x80],
      [0xc0, 0xaf],
      [0xe9],
      [0xed, 0xa0, 0x80],
    ),
  }),
  fc.record({ kind: fc.constant('crlf' as const) }),
)

interface Line {
  base: number
  usage: boolean
  mutations: Mutation[]
  damage: Damage
}

const line: fc.Arbitrary<Line> = fc.record({
  base: fc.nat(),
  usage: fc.boolean(),
  mutations: fc.array(mutation, { maxLength: 3 }),
  damage,
})

const file = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 25 }),
  uuidName: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  /** Where the first pass sees the file end (the rest is appended before the second pass), if at all. */
  split: fc.option(fc.nat(), { nil: undefined }),
})

function mutate(o: any, m: Mutation): void {
  const msg = o.type === 'progress' ? o.data?.message : o
  switch (m.kind) {
    case 'date':
      if (m.where === 'inner' && msg && typeof msg === 'object') msg.timestamp = m.value
      else o.timestamp = m.value
      return
    case 'count': {
      const u = msg?.message?.usage
      if (!u || typeof u !== 'object') return
      if (m.split) u.cache_creation = { ephemeral_5m_input_tokens: m.value, ephemeral_1h_input_tokens: 3 }
      else u[USAGE_FIELDS[m.field]!] = m.value
      return
    }
    case 'ids':
      if (msg?.message && typeof msg.message === 'object') msg.message.id = m.id
      if (msg && typeof msg === 'object') msg.requestId = m.requestId
      return
    case 'retype':
    case 'delete': {
      const all = slots(o)
      if (all.length === 0) return
      const [obj, k] = all[m.slot % all.length]!
      if (m.kind === 'delete') delete obj[k]
      else obj[k] = structuredClone(m.value)
    }
  }
}

function render(l: Line): Buffer {
  const pool = l.usage ? USAGE_LINES : REAL_LINES
  const o = structuredClone(pool[l.base % pool.length])
  for (const m of l.mutations) mutate(o, m)
  let b = Buffer.from(JSON.stringify(o))
  const d = l.damage
  if (d.kind === 'truncate') b = b.subarray(0, d.at % b.length)
  // slim-line.ts never decodes the cut part of a long string value, so a control byte there goes
  // unseen and the line counts (ARCHITECTURE.md, "Slim lines"): control bytes only in short lines.
  else if (d.kind === 'bytes' && !(b.length > LONG_STRING && d.bytes[0] === 0)) {
    // Not after the final `}`: a whole object followed by garbage on its line is no torn line, and
    // counting that object when a pass ends right after it is what a last line without newline gets.
    const at = d.at % b.length
    b = Buffer.concat([b.subarray(0, at), Buffer.from(d.bytes), b.subarray(at)])
  } else if (d.kind === 'crlf') b = Buffer.concat([b, Buffer.from('\r')])
  return b
}

function call(api: Api, name: string, args: object): unknown {
  const r = api.call(name, args)
  if (!r.ok) throw new Error(`${name} failed: ${r.error.message}`)
  return r.value
}

describe('ingest of mutated real transcript lines', () => {
  it(
    'never throws, every report answers, and the valid lines total an independent recount',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 3 }), async (files) => {
          const dir = tempDir('obs-fuzz-')
          const store = openTestStore()
          try {
            const proj = join(dir, 'projects', '-fuzz')
            mkdirSync(proj, { recursive: true })
            const bodies = files.map((f, i) => {
              const body = Buffer.concat(
                f.lines.flatMap((l, j) => [
                  render(l),
                  Buffer.from(j < f.lines.length - 1 || f.finalNewline ? '\n' : ''),
                ]),
              )
              const name = f.uuidName ? `00000000-0000-4000-8000-00000000000${i}` : `file-${i}`
              const full = f.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body
              return { path: join(proj, `${name}.jsonl`), full, split: f.split }
            })
            // A first pass over what was written so far (files cut anywhere, also inside a line)...
            for (const b of bodies)
              writeFileSync(
                b.path,
                b.split === undefined ? b.full : b.full.subarray(0, b.split % (b.full.length + 1)),
              )
            await store.ingest(dir)
            // ...then the rest arrives.
            for (const b of bodies) writeFileSync(b.path, b.full)
            const stats = await store.ingest(dir)
            expect(stats.errors).toEqual([])
            // Every line is read exactly once over the two passes: as in one clean pass.
            const clean = openTestStore()
            await clean.ingest(dir)
            const lineCounts = (db: typeof store.db) =>
              db.prepare(`SELECT SUM(lines) AS lines, SUM(bad_lines) AS bad FROM files`).get()
            expect(lineCounts(store.db)).toEqual(lineCounts(clean.db))
            clean.close()
            const expected = recount(join(dir, 'projects'))
            const got = totals(store.db)
            expect({
              responses: got.responses,
              input: got.input ?? 0,
              output: got.output ?? 0,
              cacheCreation: got.cacheCreation ?? 0,
              cacheRead: got.cacheRead ?? 0,
            }).toEqual({
              responses: expected.responses,
              input: expected.input,
              output: expected.output,
              cacheCreation: expected.cacheCreation,
              cacheRead: expected.cacheRead,
            })
            expect(rollupTotals(store.db).total ?? 0).toBe(expected.total)
            // Every report answers over what was stored.
            const api = new Api(store.db, () => Date.UTC(2026, 11, 3))
            const common = { range: { preset: 'all' }, timezone: 'UTC' }
            const session = store.db.prepare(`SELECT id FROM sessions LIMIT 1`).get() as
              { id: string } | undefined
            for (const name of QUERY_NAMES) {
              const args =
                name === 'session'
                  ? { id: session?.id ?? 'none' }
                  : name === 'compare'
                    ? { ...common, projects: ['a', 'b'] }
                    : name === 'forecast' || name === 'alertInputs'
                      ? { timezone: 'UTC' }
                      : name === 'health' || name === 'alerts'
                        ? {}
                        : common
              call(api, name, args)
            }
            expect(dailyReport(store.db, { timezone: 'UTC' }).totals.totalTokens).toBe(expected.total)
          } finally {
            store.close()
            cleanup(dir)
          }
        }),
        fuzzParams(20),
      )
    },
    fuzzTimeout(60_000),
  )
})
