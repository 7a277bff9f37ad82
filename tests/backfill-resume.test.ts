import { spawnSync } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import type { UpgradeProgress } from '../electron/core/store/backfill'
import { chunkSizes } from '../electron/core/store/backfill-range'
import { openDb } from '../electron/core/store/db'
import { MIGRATIONS, SCHEMA_VERSION } from '../electron/core/store/migrations'
import { snapshot, toVersion10 } from './helpers/backfill'
import { cleanup, copyFixtures, openTestStore, tempDir } from './helpers/store'

const pendingKeys = (file: string) => {
  const db = new Database(file, { readonly: true })
  const keys = db.prepare(`SELECT key, value FROM store_state WHERE key LIKE 'backfill:%' ORDER BY key`).all()
  db.close()
  return keys as { key: string; value: string }[]
}

describe('backfills of migrations 011–015', () => {
  let dir = ''
  let built = ''
  let expected: Record<string, unknown[]> = {}
  const saved = { ...chunkSizes }
  beforeAll(async () => {
    dir = tempDir()
    // Real transcripts plus a generated multi-month corpus: subagents, orphans, many sessions and days.
    copyFixtures(join(dir, 'in'))
    generateCorpus({ root: join(dir, 'home'), targetBytes: 12e6, days: 90, seed: 7 })
    built = join(dir, 'built.db')
    const store = openTestStore(built)
    await store.ingest(join(dir, 'in'), join(dir, 'home/.claude'), join(dir, 'home/.config/claude'))
    store.close()
    expected = snapshot(built)
    expect(expected.session_totals!.length).toBeGreaterThan(80)
    // Many chunks on a small store.
    chunkSizes.sessions = 3
    chunkSizes.days = 2
  }, 180_000)
  afterAll(() => {
    Object.assign(chunkSizes, saved)
    cleanup(dir)
  })

  const copy = (name: string) => {
    const f = join(dir, name)
    copyFileSync(built, f)
    toVersion10(f)
    return f
  }

  afterEach(() => {
    for (const m of MIGRATIONS)
      if (m.backfill && original.has(m.version)) m.backfill.chunk = original.get(m.version)!
  })
  const original = new Map(MIGRATIONS.filter((m) => m.backfill).map((m) => [m.version, m.backfill!.chunk]))

  it('a version-10 store upgrades, with progress, to the tables a fresh ingest wrote', () => {
    const f = copy('v10.db')
    const seen: UpgradeProgress[] = []
    // Chunks per migration: one whose bounds read a table an earlier backfill fills (016 the turns of 013,
    // 018 the runs of 015, 019 and 020 the rollups of 011 and 016) is cut when its turn comes, not at open.
    const calls = new Map<number, number>()
    for (const m of MIGRATIONS)
      if (m.backfill) {
        const run = original.get(m.version)!
        m.backfill.chunk = (db, lo, hi) => {
          calls.set(m.version, (calls.get(m.version) ?? 0) + 1)
          run(db, lo, hi)
        }
      }
    openDb(f, { onUpgrade: (p) => seen.push(p) }).close()
    expect(snapshot(f)).toEqual(expected)
    expect(pendingKeys(f)).toEqual([])
    expect(seen.length).toBeGreaterThan(20)
    for (const v of [16, 18, 19, 20]) expect(calls.get(v), `chunks of ${v}`).toBeGreaterThan(2)
    expect(seen[0]).toEqual({ chunksDone: 0, chunksTotal: seen[0]!.chunksTotal, done: false })
    const last = seen.at(-1)!
    expect(last).toEqual({ chunksDone: last.chunksTotal, chunksTotal: last.chunksTotal, done: true })
    expect(last.chunksTotal).toBe([...calls.values()].reduce((a, b) => a + b, 0))
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.chunksDone).toBe(seen[i - 1]!.chunksDone + 1)
    // A store already at the last version rebuilds nothing.
    const again: UpgradeProgress[] = []
    openDb(f, { onUpgrade: (p) => again.push(p) }).close()
    expect(again).toEqual([])
  })

  it('a chunk that fails mid-way rolls back alone; the next open resumes from the cursor', () => {
    const f = copy('throw.db')
    const m = MIGRATIONS.find((x) => x.version === 12)!
    let calls = 0
    m.backfill!.chunk = (db, lo, hi) => {
      original.get(12)!(db, lo, hi)
      if (++calls === 5) throw new Error('power cut')
    }
    expect(() => openDb(f).close()).toThrow(
      /migration 012 \(session-totals\) failed: power cut; its last chunk was rolled back/,
    )
    // The schema step and 011's backfill committed; 012 stopped after 4 chunks.
    const left = pendingKeys(f)
    expect(left.map((k) => k.key)).toEqual(
      MIGRATIONS.filter((x) => x.backfill && x.version >= 12).map(
        (x) => `backfill:${String(x.version).padStart(3, '0')}`,
      ),
    )
    expect(JSON.parse(left[0]!.value)).not.toBeNull()
    m.backfill!.chunk = original.get(12)!
    const seen: UpgradeProgress[] = []
    openDb(f, { onUpgrade: (p) => seen.push(p) }).close()
    // 011 finished (no longer counted); 012 resumes after its 4 committed chunks.
    expect(seen[0]!.chunksDone).toBe(4)
    expect(seen.at(-1)!.done).toBe(true)
    expect(snapshot(f)).toEqual(expected)
  })

  it('a process killed (SIGKILL) between chunks resumes on the next open', () => {
    const f = copy('kill.db')
    const child = resolve(__dirname, 'helpers/backfill-child.ts')
    const jiti = resolve(__dirname, '../node_modules/jiti/lib/jiti-cli.mjs')
    let kills = 0
    for (const after of [3, 17]) {
      const r = spawnSync(process.execPath, [jiti, child, f, String(after)], { encoding: 'utf8' })
      expect(r.signal, r.stderr).toBe('SIGKILL')
      kills++
    }
    expect(kills).toBe(2)
    expect(pendingKeys(f).length).toBeGreaterThan(0)
    const db = new Database(f, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    db.close()
    openDb(f).close()
    expect(snapshot(f)).toEqual(expected)
  }, 60_000)
})
