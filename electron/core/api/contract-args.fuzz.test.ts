import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RANGE_PRESETS } from '../../../shared/contract'
import { QUERY_NAMES } from '../../../shared/contract/names'
import { fuzzParams, fuzzTimeout } from '../../../tests/helpers/fuzz'
import { cleanup, copyFixtures, openTestStore, tempDir, type TestStore } from '../../../tests/helpers/store'
import { Api } from './api'

const NOW = Date.UTC(2026, 10, 24, 12)
/** Far above any bounded answer over the fixtures (3000 points, 200 sessions a page), far below an unbounded one. */
const MAX_ANSWER_BYTES = 4_000_000

let dir: string
let store: TestStore
let projects: string[]
let models: string[]
let sessionIds: string[]
beforeAll(async () => {
  dir = tempDir()
  store = openTestStore()
  copyFixtures(dir)
  await store.ingest(dir)
  const col = (sql: string) => (store.db.prepare(sql).all() as { v: string }[]).map((r) => r.v)
  projects = [...col(`SELECT name AS v FROM projects`), ...col(`SELECT path AS v FROM projects`)]
  models = col(`SELECT name AS v FROM models`)
  sessionIds = col(`SELECT id AS v FROM sessions`)
})
afterAll(() => {
  store.close()
  cleanup(dir)
})

/** Mostly a valid value, sometimes a hostile one. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostile, weight: 1 })

/** Numbers a caller may send over IPC or JSON: huge, negative, fractional, not finite. */
const anyNumber = fc.oneof(
  fc.integer({ min: -10, max: 300 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e12, 1e308, -1e308, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity),
)

/** Instants across and beyond what Date can hold, as ISO-ish text with and without offsets. */
const isoish = fc.oneof(
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .date({ min: new Date('2022-06-01'), max: new Date('2028-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(
      ([y, m, d]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00+05:45`,
    ),
  fc.constantFrom(
    '1970-01-01T00:00:00Z',
    '2100-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-03-29T01:30:00+14:00',
    '2026-11-24',
    'now',
    '',
  ),
  fc.string(),
)

const range = fc.oneof(
  fc.record({ preset: mostly(fc.constantFrom(...RANGE_PRESETS), fc.string()) }),
  fc
    .record({ start: isoish, end: isoish })
    .map((r) => (r.start > r.end ? { start: r.end, end: r.start } : r)),
  fc.constant({ start: '1970-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z' }),
)

const timezone = mostly(
  fc.constantFrom(
    'UTC',
    'Europe/Paris',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Kiritimati',
    'Etc/GMT+12',
    'America/St_Johns',
    ...Intl.supportedValuesOf('timeZone'),
  ),
  fc.oneof(fc.constantFrom('Mars/Olympus', 'utc', '', 'Europe/Paris '), fc.string()),
)

const names = (known: () => string[]) =>
  fc.array(mostly(fc.constantFrom(...known()), fc.string()), { maxLength: 12 })

/** Values shaped like the schemas, valid or not in every field. */
const shaped = () =>
  fc.record(
    {
      range,
      timezone,
      weekStart: mostly(fc.integer({ min: 1, max: 7 }), anyNumber),
      filters: fc.record(
        {
          projects: names(() => projects),
          models: names(() => models),
          sources: names(() => ['test-host']),
          thread: mostly(fc.constantFrom('all', 'main', 'subagent'), fc.string()),
        },
        { requiredKeys: [] },
      ),
      groupBy: mostly(fc.constantFrom('hour', 'day', 'week', 'month'), fc.constantFrom('year', '')),
      breakdownBy: mostly(fc.constantFrom('model', 'project'), fc.constant('source')),
      withActivity: fc.boolean(),
      projects: fc.array(mostly(fc.constantFrom(...projects), fc.string()), { minLength: 2, maxLength: 10 }),
      page: mostly(fc.integer({ min: 0, max: 100_000 }), anyNumber),
      pageSize: mostly(fc.integer({ min: 1, max: 200 }), anyNumber),
      sort: mostly(fc.constantFrom('cost', 'tokens', 'duration', 'prompts', 'lastActivity'), fc.string()),
      order: mostly(fc.constantFrom('asc', 'desc'), fc.string()),
      search: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('%', '_', '\\', "'", 'spotter')),
      planMonthlyUsd: mostly(fc.double({ min: 0, max: 100_000, noNaN: true }), anyNumber),
      limit: mostly(fc.integer({ min: 1, max: 1000 }), anyNumber),
      id: mostly(fc.constantFrom(...sessionIds), fc.string()),
    },
    { requiredKeys: [] },
  )

let answered = 0
/**
 * An answer is `ok` or a validation error (never `internal`, never a throw), and bounded: no argument
 * (a huge page size, range or limit) makes it grow past what the bounded lists and points allow. The
 * work is bounded by that, not timed (speed: the bench's request × range table).
 */
function check(name: string, args: unknown): void {
  const api = new Api(store.db, () => NOW)
  const r = api.call(name, args)
  if (!r.ok)
    expect(r.error.code, `${name} ${JSON.stringify(args)}: ${r.error.message}`).toBe('invalid_arguments')
  const bytes = JSON.stringify(r).length
  expect(bytes, `${name} ${JSON.stringify(args)}`).toBeLessThan(MAX_ANSWER_BYTES)
  if (r.ok) answered++
}

it(
  'every query answers schema-shaped arguments with ok or invalid_arguments, each of bounded size',
  () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUERY_NAMES), shaped(), (name, args) => check(name, args)),
      fuzzParams(150),
    )
    // The shaped values must reach the handlers, not only the validator.
    expect(answered).toBeGreaterThan(fuzzParams(150).numRuns / 5)
  },
  fuzzTimeout(60_000),
)

it(
  'every query answers random JSON with ok or invalid_arguments',
  () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUERY_NAMES), fc.oneof(fc.jsonValue(), fc.anything()), (name, args) =>
        check(name, args),
      ),
      fuzzParams(100),
    )
  },
  fuzzTimeout(60_000),
)
