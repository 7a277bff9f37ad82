import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Api } from '../electron/core/api/api'
import { Ingestor } from '../electron/core/ingest/ingest'
import { PriceBook } from '../electron/core/prices/price-book'
import type { HealthResult } from '../shared/contract'
import { recount } from './helpers/recount'
import {
  openTestStore,
  rollupTotals,
  storeSnapshot,
  totals,
  useTempStore,
  type TestStore,
  fixtureLines,
  writeProjectTranscript,
} from './helpers/store'

/* eslint-disable @typescript-eslint/no-explicit-any */
let dir: string
let store: TestStore
useTempStore((d, s) => {
  dir = d
  store = s
})

const SHORT = 'spotter/short.jsonl'
// A real transcript whose last line is an assistant line with usage.
const ENDS_WITH_USAGE = 'claude-code-viewer/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl'

const writeTranscript = (name: string, content: string | Buffer) => writeProjectTranscript(dir, name, content)

/** The first assistant line with usage of a real transcript, parsed. */
function realAssistant(rel = SHORT): any {
  return JSON.parse(fixtureLines(rel).find((l) => l.includes('"usage"') && l.includes('"assistant"'))!)
}

/** A copy of a real assistant line as another response (own message id, uuid and requestId). */
function variant(base: any, n: number, patch: (o: any) => void = () => {}): string {
  const o = structuredClone(base)
  o.uuid = `variant-uuid-${n}`
  o.requestId = `req_variant_${n}`
  o.message.id = `msg_variant_${n}`
  patch(o)
  return JSON.stringify(o)
}

const storedIds = (s: TestStore): string[] =>
  (s.db.prepare(`SELECT key FROM responses ORDER BY key`).all() as { key: string }[]).map((r) => r.key)

describe('timestamps are parsed strictly', () => {
  const bad = [
    '2026-02-30T10:00:00.000Z', // no Feb 30 (Date.parse rolls it over to March 2)
    '2026-02-10T10:00:00.000', // no zone (Date.parse reads local time)
    '2026-02-10T25:00:00.000Z',
    'Tue Feb 10 2026 10:00:00 GMT+0000',
    '2026-02-10',
    '2022-12-31T23:59:59.999Z', // before 2023
    '2099-01-01T00:00:00.000Z', // after now + 2 days
    '',
    1770717600000, // a number, not a string
  ]

  it('reports lines with an invalid or out-of-range timestamp as bad_timestamp and stores none of them', async () => {
    const base = realAssistant()
    const prompt = JSON.parse(fixtureLines(SHORT).find((l) => l.includes('"type":"user"'))!)
    const lines = fixtureLines(SHORT)
    const hostile = bad.map((ts, i) =>
      variant(base, i, (o) => {
        o.timestamp = ts
      }),
    )
    const hostilePrompt = JSON.stringify({ ...prompt, uuid: 'bad-prompt', timestamp: bad[0] })
    writeTranscript('s.jsonl', [...lines, ...hostile, hostilePrompt].join('\n') + '\n')
    const stats = await store.ingest(dir)
    expect(stats.badLines.bad_timestamp).toBe(bad.length + 1)
    expect(storedIds(store).filter((k) => k.includes('variant'))).toEqual([])
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE uuid = 'bad-prompt'`).get()).toEqual({
      n: 0,
    })
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
    expect(rollupTotals(store.db).total).toBe(recount(join(dir, 'projects')).total)
    const h = new Api(store.db).call('health', {})
    expect(h.ok && (h.value as HealthResult).badLines.bad_timestamp).toBe(bad.length + 1)
  })

  it('accepts ISO 8601 with a numeric zone offset and reads it as that instant', async () => {
    const base = realAssistant()
    writeTranscript(
      's.jsonl',
      variant(base, 1, (o) => {
        o.timestamp = '2026-02-10T23:30:00.5+01:30'
      }) + '\n',
    )
    const stats = await store.ingest(dir)
    expect(stats.badLines).toEqual({})
    expect(store.db.prepare(`SELECT ts FROM responses`).all()).toEqual([
      { ts: Date.UTC(2026, 1, 10, 22, 0, 0, 500) },
    ])
  })
})

describe('usage counts are validated', () => {
  it('reports a negative, fractional, huge or non-number token count as bad_usage; absent and null stay 0', async () => {
    const base = realAssistant()
    const invalid: [string, unknown][] = [
      ['input_tokens', -5],
      ['output_tokens', 1.5],
      ['cache_read_input_tokens', 2 ** 40 + 1],
      ['cache_creation_input_tokens', '100'],
      ['output_tokens', true],
      ['input_tokens', { n: 1 }],
    ]
    const hostile = invalid.map(([k, v], i) =>
      variant(base, i, (o) => {
        o.message.usage[k] = v
      }),
    )
    const split = variant(base, 90, (o) => {
      o.message.usage.cache_creation = { ephemeral_5m_input_tokens: -1, ephemeral_1h_input_tokens: 0 }
    })
    const nullCount = variant(base, 91, (o) => {
      o.message.usage.cache_read_input_tokens = null
    })
    const absent = variant(base, 92, (o) => {
      delete o.message.usage.output_tokens
    })
    writeTranscript('s.jsonl', [...hostile, split, nullCount, absent].join('\n') + '\n')
    const stats = await store.ingest(dir)
    expect(stats.badLines).toEqual({ bad_usage: invalid.length + 1 })
    const h = new Api(store.db).call('health', {})
    expect(h.ok && (h.value as HealthResult).badLines).toEqual({ bad_usage: invalid.length + 1 })
    const rows = store.db.prepare(`SELECT key, output, cache_read FROM responses ORDER BY key`).all()
    expect(rows).toEqual([
      { key: 'msg_variant_91:req_variant_91', output: base.message.usage.output_tokens, cache_read: 0 },
      {
        key: 'msg_variant_92:req_variant_92',
        output: 0,
        cache_read: base.message.usage.cache_read_input_tokens,
      },
    ])
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })
})

describe('the dedup key is the pair (message.id, requestId)', () => {
  it('keeps "a:b" + "c" and "a" + "b:c" apart', async () => {
    const base = realAssistant()
    const one = variant(base, 1, (o) => {
      o.message.id = 'msg_a:b'
      o.requestId = 'c'
    })
    const two = variant(base, 2, (o) => {
      o.message.id = 'msg_a'
      o.requestId = 'b:c'
      o.message.usage.output_tokens += 7
    })
    writeTranscript('s.jsonl', [one, two].join('\n') + '\n')
    await store.ingest(dir)
    expect(totals(store.db).responses).toBe(2)
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })
})

describe('file framing', () => {
  it('ignores a UTF-8 BOM at the start of a file', async () => {
    const lines = fixtureLines(ENDS_WITH_USAGE)
    // The assistant line first, so the BOM would cost a response if it were not ignored.
    const body = [lines[lines.length - 1]!, ...lines.slice(0, -1)].join('\n') + '\n'
    writeTranscript(
      '5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
    )
    const stats = await store.ingest(dir)
    expect(stats.badLines).toEqual({})
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })

  it('counts a complete last line without a newline once, also after its newline and more lines arrive', async () => {
    const lines = fixtureLines(ENDS_WITH_USAGE)
    const more = fixtureLines(SHORT)
    const f = writeTranscript('5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl', lines.join('\n'))
    await store.ingest(dir)
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
    const fileLines = () =>
      store.db.prepare(`SELECT lines, offset FROM files`).get() as { lines: number; offset: number }
    expect(fileLines()).toEqual({ lines: lines.length, offset: Buffer.byteLength(lines.join('\n')) })
    await store.ingest(dir) // nothing new
    appendFileSync(f, '\n')
    await store.ingest(dir)
    expect(fileLines().lines).toBe(lines.length)
    appendFileSync(f, more.slice(0, 5).join('\n')) // again without a newline
    await store.ingest(dir)
    appendFileSync(f, '\n' + more.slice(5).join('\n') + '\n')
    await store.ingest(dir)
    expect(fileLines().lines).toBe(lines.length + more.length)
    // Equal to a clean read of the final file, table by table (leafs record each pass's last line).
    const clean = openTestStore()
    await clean.ingest(dir)
    const snap = (s: TestStore) => {
      const { counts, ...rest } = storeSnapshot(s)
      return { ...rest, counts: { ...counts, leafs: 0 } }
    }
    expect(snap(store)).toEqual(snap(clean))
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
    clean.close()
  })

  it('leaves a torn last line (a prefix that is no whole object) for the next pass', async () => {
    const lines = fixtureLines(ENDS_WITH_USAGE)
    const last = lines[lines.length - 1]!
    const f = writeTranscript('s.jsonl', lines.slice(0, -1).join('\n') + '\n' + last.slice(0, -1))
    const stats = await store.ingest(dir)
    expect(stats.badLines).toEqual({})
    appendFileSync(f, '}\n')
    await store.ingest(dir)
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })

  it('does not count a CR of a CRLF line ending that arrives after its line as a bad line', async () => {
    const lines = fixtureLines(SHORT)
    const f = writeTranscript('s.jsonl', lines.join('\r\n'))
    await store.ingest(dir)
    appendFileSync(f, '\r\n')
    const stats = await store.ingest(dir)
    expect(stats.badLines).toEqual({})
    expect(store.db.prepare(`SELECT lines FROM files`).get()).toEqual({ lines: lines.length })
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })
})

describe('logs do not carry private paths', () => {
  it('names the file of a bad-line warning relative to its root', async () => {
    writeTranscript('s.jsonl', ['garbage{', ...fixtureLines(SHORT)].join('\n') + '\n')
    const logged: string[] = []
    const ing = new Ingestor(store.db, new PriceBook(), { log: (_l, m) => logged.push(m) })
    await ing.ingest([{ path: dir }])
    const warning = logged.find((m) => m.includes('invalid_json'))
    expect(warning).toBe(`${join('projects', '-p', 's.jsonl')}: bad lines: invalid_json=1`)
  })
})

describe('a wrong clock', () => {
  afterEach(() => vi.useRealTimers())

  it('before 2023 drops no line for being too new', async () => {
    const lines = fixtureLines(SHORT)
    writeTranscript('s.jsonl', lines.join('\n') + '\n')
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.UTC(2001, 0, 1))
    const stats = await store.ingest(dir)
    vi.useRealTimers()
    expect(stats.badLines).toEqual({})
    expect(totals(store.db).total).toBe(recount(join(dir, 'projects')).total)
  })
})
