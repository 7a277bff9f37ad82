import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, copyFileSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb, StoreError } from '../electron/core/store/db'
import { BUNDLE, buildCli, cliEnv, cliResult, runCli, type CliRun } from './helpers/cli'
import { recount } from './helpers/recount'
import { cleanup, copyFixtures, rootPage, smashPage, tempDir, totals } from './helpers/store'

// As root, chmod does not stop writes: the read-only cases run the CLI as an unprivileged user.
const AS_ROOT = process.getuid?.() === 0
const NOBODY = 65534
let dir: string
let claude: string
let base: string
let seq = 0

function cli(args: string[], env: Record<string, string> = {}, user?: number): CliRun {
  const runEnv = { OBSERVATORY_PARSE_WORKERS: '2', OBSERVATORY_VERBOSE: '', ...env }
  return runCli({ dir, bin: BUNDLE, timeout: 30_000, uid: user, env: runEnv }, ...args)
}

/** Exit 1 (not a hang, not a crash) with one `error:` line naming the file, and no stack trace. */
function expectStoreFailure(r: CliRun, file: string, what: RegExp): void {
  expect(r.signal).toBeNull()
  expect(r.code).toBe(1)
  const errors = r.err.split('\n').filter((l) => l.startsWith('error:'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain(file)
  expect(errors[0]).toMatch(what)
  expect(r.err).not.toMatch(/^\s+at /m)
  expect(r.err).not.toMatch(/SqliteError/)
}

/** A copy of the store ingested from the fixtures, under a fresh name. */
function copyOfBase(): string {
  const file = join(dir, `store-${++seq}.db`)
  copyFileSync(base, file)
  return file
}

beforeAll(() => {
  buildCli()
  dir = tempDir('obs-faults-')
  claude = join(dir, 'claude')
  copyFixtures(claude)
  base = join(dir, 'base.db')
  const r = cli(['ingest', '--root', claude, '--db', base])
  expect(r.code).toBe(0)
})
afterAll(() => cleanup(dir))

/** A copy of the store in its own folder; as root, both (and the temp folder) belong to NOBODY. */
function storeForNobody(name: string): { folder: string; file: string } {
  const folder = join(dir, name)
  mkdirSync(folder)
  const file = join(folder, 'store.db')
  copyFileSync(base, file)
  if (AS_ROOT) {
    chownSync(dir, NOBODY, NOBODY)
    chownSync(folder, NOBODY, NOBODY)
    chownSync(file, NOBODY, NOBODY)
  }
  return { folder, file }
}

/** Another copy of the fixtures: a root the store has not read, so a pass writes. */
function otherRoot(): string {
  const other = join(dir, `root-${++seq}`)
  copyFixtures(other)
  return other
}

describe('a failing command exits', () => {
  it('export --table nope stops its parse workers and exits 2 with one line', () => {
    // A fresh store: the pass has files to parse, so the workers are running when the export fails.
    const r = cli([
      'export',
      '--view',
      'cost',
      '--table',
      'nope',
      '--root',
      claude,
      '--db',
      join(dir, 'x.db'),
    ])
    expect(r.signal).toBeNull()
    expect(r.code).toBe(2)
    expect(r.err.trim()).toMatch(/^error: no table "nope" in cost/)
  })

  it('a request failing on hostile store content exits 1 with one line, the stack only when verbose', () => {
    const file = copyOfBase()
    const db = new Database(file)
    db.prepare(`UPDATE ingest_log SET bad_lines = '{not json'`).run()
    db.close()
    const r = cli(['health', '--root', claude, '--db', file])
    expect(r.signal).toBeNull()
    expect(r.code).toBe(1)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(/^error: request health failed: .*JSON/)
    expect(r.err).not.toMatch(/^\s+at /m)
    const verbose = cli(['health', '--root', claude, '--db', file], { OBSERVATORY_VERBOSE: '1' })
    expect(verbose.code).toBe(1)
    expect(verbose.err).toMatch(/^\s+at /m)
  })

  it('any other failure after the workers started exits 1 with one line, the stack only when verbose', () => {
    const folder = join(dir, `archive-case-${++seq}`)
    const file = join(folder, 'store.db')
    expect(cli(['archive', '--root', claude, '--db', file, '--source-label', 'laptop']).code).toBe(0)
    const out = join(folder, 'restore-here')
    mkdirSync(join(out, 'laptop'), { recursive: true }) // restoring never overwrites a folder
    const other = otherRoot()
    const r = cli(['archive', '--root', other, '--db', file, '--restore', out])
    expect(r.signal).toBeNull()
    expect(r.code).toBe(1)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(/^error: .*already exists/)
    const verbose = cli(['archive', '--root', other, '--db', file, '--restore', out], {
      OBSERVATORY_VERBOSE: '1',
    })
    expect(verbose.code).toBe(1)
    expect(verbose.err).toMatch(/^\s+at /m)
  })
})

describe('one store-error path, as a real CLI process', () => {
  it('a full disk during a pass: exit 1, one line, and nothing committed is lost', () => {
    const file = join(dir, 'full.db')
    openDb(file).close()
    const probe = new Database(file, { readonly: true })
    const pages = probe.pragma('page_count', { simple: true }) as number
    probe.close()
    for (const cmd of ['ingest', 'daily']) {
      const r = cli([cmd, '--root', claude, '--db', file], { OBSERVATORY_MAX_DB_PAGES: String(pages + 8) })
      expectStoreFailure(r, file, /disk is full.*free some space/)
    }
    // With room again, the next pass reads everything: the same totals as an independent recount.
    expect(cli(['ingest', '--root', claude, '--db', file]).code).toBe(0)
    const db = openDb(file, { readonly: true })
    expect(totals(db).total).toBe(recount(join(claude, 'projects')).total)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('a file size limit hit during a pass (a real write failure from the OS): exit 1, one line', () => {
    const file = join(dir, 'fsize.db')
    openDb(file).close()
    const kb = Math.ceil(statSync(file).size / 1024) + 16
    // bash's `ulimit -f` counts KiB; past it, write() fails with EFBIG (Node ignores SIGXFSZ).
    const r = spawnSync(
      'bash',
      [
        '-c',
        `ulimit -f ${kb} && exec "$0" "$@"`,
        process.execPath,
        BUNDLE,
        'ingest',
        '--root',
        claude,
        '--db',
        file,
      ],
      { encoding: 'utf8', timeout: 30_000, env: cliEnv(dir) },
    )
    expectStoreFailure(cliResult(r), file, /disk I\/O error|disk is full/)
    expect(cli(['ingest', '--root', claude, '--db', file]).code).toBe(0)
    const db = openDb(file, { readonly: true })
    expect(totals(db).total).toBe(recount(join(claude, 'projects')).total)
    db.close()
  })

  it('a lock held past the busy timeout by another connection: exit 1, one line', () => {
    const file = copyOfBase()
    const other = otherRoot()
    const holder = new Database(file)
    holder.exec('BEGIN EXCLUSIVE')
    try {
      // Not a hang: the CLI ends by itself (no signal from cli()'s 30 s kill) once the busy timeout runs out.
      const r = cli(['daily', '--root', other, '--db', file], { OBSERVATORY_BUSY_TIMEOUT_MS: '200' })
      expectStoreFailure(r, file, /locked by another process/)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    expect(cli(['ingest', '--root', other, '--db', file]).code).toBe(0)
  })

  it('a corrupt page found while `daily` runs: exit 1, one line pointing at `observatory doctor`', () => {
    const file = copyOfBase()
    smashPage(file, rootPage(file, 'rollup_15m'))
    expectStoreFailure(cli(['daily', '--root', claude, '--db', file]), file, /corrupt.*observatory doctor/)
    expectStoreFailure(cli(['summary', '--root', claude, '--db', file]), file, /corrupt/)
  })

  it('a corrupt page found while `ingest` runs: exit 1, not 0', () => {
    for (const table of ['files', 'responses', 'sqlite_autoindex_events_1']) {
      const file = copyOfBase()
      smashPage(file, rootPage(file, table))
      expectStoreFailure(cli(['ingest', '--root', otherRoot(), '--db', file]), file, /corrupt/)
    }
  })

  it('a store newer than this Observatory, and a store path that cannot be opened: exit 1, one line', () => {
    const file = copyOfBase()
    const db = new Database(file)
    db.pragma('user_version = 999')
    db.close()
    expectStoreFailure(
      cli(['daily', '--root', claude, '--db', file]),
      file,
      /schema version 999, newer .*update Observatory/,
    )
    const inAFile = join(base, 'store.db') // its "folder" is a file
    expectStoreFailure(cli(['ingest', '--root', claude, '--db', inAFile]), inAFile, /cannot open database/)
  })

  it('a migration that fails on the store content: exit 1, one line naming it, the store left as it was', () => {
    // A store at version 5 that migration 006 trips over (a table it needs is missing).
    const file = copyOfBase()
    const db = new Database(file)
    db.exec(`DROP TABLE pruned_responses`)
    db.pragma('user_version = 5')
    const rows = (db.prepare(`SELECT COUNT(*) AS n FROM responses`).get() as { n: number }).n
    db.close()
    expectStoreFailure(
      cli(['daily', '--root', claude, '--db', file]),
      file,
      /migration 006 \(repair-hostile-rows\) failed: no such table: .*left as it was.*doctor --rebuild/,
    )
    const after = new Database(file, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(5)
    expect(after.prepare(`SELECT COUNT(*) AS n FROM responses`).get()).toEqual({ n: rows })
    after.close()
  })

  it('a store folder that does not exist is "cannot open"; a failure that is not the store is not', () => {
    const missing = join(dir, 'no-such-folder', 'store.db')
    expect(() => openDb(missing)).toThrow(/cannot open database .*does not exist/)
    let err: unknown
    try {
      openDb(join(dir, 'binding.db'), { nativeBinding: join(dir, 'no-such-binding.node') })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(Error)
    expect(err).not.toBeInstanceOf(StoreError)
    expect((err as Error).message).not.toMatch(/cannot open database|folder exists/)
  })

  it('a read-only store file: exit 1 saying so, not bad transcripts with exit 0', () => {
    const { file } = storeForNobody('ro-file')
    chmodSync(file, 0o444)
    const other = otherRoot()
    if (AS_ROOT) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, other])
    const r = cli(['ingest', '--root', other, '--db', file], {}, AS_ROOT ? NOBODY : undefined)
    expectStoreFailure(r, file, /read-only.*writable/)
  })

  it('a store in a read-only folder: exit 1 saying so', () => {
    const { folder, file } = storeForNobody('ro-folder')
    chmodSync(folder, 0o555)
    try {
      const r = cli(['daily', '--root', claude, '--db', file], {}, AS_ROOT ? NOBODY : undefined)
      expectStoreFailure(r, file, /read-only.*writable/)
    } finally {
      chmodSync(folder, 0o755)
    }
  })
})
