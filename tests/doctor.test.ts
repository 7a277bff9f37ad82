import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLE, buildCli, runCli } from './helpers/cli'
import { recount } from './helpers/recount'
import { cleanup, copyFixtures, smashTable, tempDir, totals } from './helpers/store'

const ROOT = resolve(__dirname, '..')
let dir: string
let seq = 0

const cli = (...args: string[]) => runCli({ dir, bin: BUNDLE, timeout: 60_000 }, ...args)

/** A store in its own folder, ingested from a fresh copy of the fixtures. */
function store(): { folder: string; file: string; claude: string } {
  const folder = join(dir, `case-${++seq}`)
  const claude = copyFixtures(join(folder, 'claude'))
  const file = join(folder, 'data', 'observatory.db')
  expect(cli('ingest', '--root', claude, '--db', file).code).toBe(0)
  return { folder, file, claude }
}

beforeAll(() => {
  buildCli()
  dir = tempDir('obs-doctor-')
})
afterAll(() => cleanup(dir))

describe('observatory doctor', () => {
  it('is in the CLI help', () => {
    const r = cli('help')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/observatory doctor \[--rebuild\]/)
  })

  it('says ok and exits 0 on a healthy store, without changing it', () => {
    const { file } = store()
    const before = readFileSync(file)
    const r = cli('doctor', '--db', file)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/: ok \(integrity, foreign keys and indexes checked/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('says what is wrong and exits 1 on a store with a corrupt page', () => {
    const { file } = store()
    smashTable(file, 'rollup_15m')
    const r = cli('doctor', '--db', file, '--json')
    expect(r.code).toBe(1)
    const check = JSON.parse(r.out)
    expect(check.ok).toBe(false)
    expect(check.problems.join('\n')).toMatch(/integrity: .*(malformed|corrupt|Page|page)/i)
    expect(cli('doctor', '--db', file).out).toMatch(/observatory doctor --rebuild/)
  })

  it('reports missing indexes and a file that is not a database', () => {
    const { file } = store()
    const db = new Database(file)
    db.exec('DROP INDEX responses_ts')
    db.close()
    const r = cli('doctor', '--db', file)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/indexes: missing .*responses_ts/)
    const junk = join(dir, 'junk.db')
    copyFileSync(join(ROOT, 'package.json'), junk)
    const j = cli('doctor', '--db', junk)
    expect(j.code).toBe(1)
    expect(j.out).toMatch(/cannot read it as a database/)
  })

  it('--rebuild refuses a store another process has open, and leaves it as it was', () => {
    const { file, claude } = store()
    const before = readFileSync(file)
    const app = new Database(file, { readonly: true })
    app.prepare('SELECT COUNT(*) FROM responses').get()
    try {
      const r = cli('doctor', '--rebuild', '--root', claude, '--db', file)
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/^error: database .* is locked by another process/)
    } finally {
      app.close()
    }
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(readdirSync(dirname(file)).some((n) => n.includes('before-rebuild'))).toBe(false)
  })

  it('--rebuild makes a new store from the transcripts and the archive, keeping the old file', () => {
    const { folder, file, claude } = store()
    const all = recount(join(claude, 'projects'))
    // Archive everything, set a label and a setting, then lose some transcripts from disk
    // (Claude Code deletes old ones) and corrupt the store.
    expect(cli('archive', '--root', claude, '--db', file).code).toBe(0)
    const db = new Database(file)
    db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('weekStart', '7')`).run()
    db.close()
    const projects = join(claude, 'projects')
    const gone = readdirSync(projects)[0]!
    rmSync(join(projects, gone), { recursive: true })
    expect(recount(projects).total).toBeLessThan(all.total)
    smashTable(file, 'rollup_15m')
    const broken = readFileSync(file)

    const r = cli('doctor', '--rebuild', '--root', claude, '--db', file)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/the old store is kept as /)
    // The old file is beside the new one, byte for byte.
    const kept = readdirSync(join(folder, 'data')).filter((n) =>
      /^observatory\.db\.before-rebuild-.*[^lm]$/.test(n),
    )
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(folder, 'data', kept[0]!)).equals(broken)).toBe(true)
    expect(readdirSync(join(folder, 'data')).some((n) => n.startsWith('archive-before-rebuild-'))).toBe(true)
    // The new store has everything: what is still on disk and what only the archive had.
    const fresh = new Database(file, { readonly: true })
    expect(totals(fresh).total).toBe(all.total)
    expect(
      (fresh.prepare(`SELECT value FROM settings WHERE key = 'weekStart'`).get() as { value: string }).value,
    ).toBe('7')
    fresh.close()
    expect(cli('doctor', '--db', file).code).toBe(0)
    expect(existsSync(file)).toBe(true)
  })
})
