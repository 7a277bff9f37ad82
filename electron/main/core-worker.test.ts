import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'
import Database from 'better-sqlite3'
import { openDb } from '../core/store/db'

/**
 * The app's real core worker (core-worker.ts, bundled here for plain Node as electron-vite bundles it
 * for Electron) behind the real CoreRelay, in a child process whose HOME is a temp folder.
 */
const ROOT = join(__dirname, '../..')
const OUT = join(ROOT, 'out/test-shell')

// electron-vite's `?nodeWorker` import: a factory for a Worker running that module.
const nodeWorker: Plugin = {
  name: 'node-worker',
  setup(b) {
    b.onResolve({ filter: /\?nodeWorker$/ }, (a) => ({
      path: a.path.replace(/\?nodeWorker$/, ''),
      namespace: 'nw',
    }))
    b.onLoad({ filter: /.*/, namespace: 'nw' }, (a) => ({
      contents: `import { Worker } from 'node:worker_threads'
export default (o) => new Worker(new URL('./${a.path.split('/').pop()}.mjs', import.meta.url), o)`,
      loader: 'js',
    }))
  },
}

const HARNESS = `
import { CoreRelay } from './core-relay.mjs'
import { Worker } from 'node:worker_threads'
const statuses = []
const logs = []
const relay = new CoreRelay({
  create: () => new Worker(new URL('./core-worker.mjs', import.meta.url), { workerData: {} }),
  onEvent: () => {},
  onLog: (level, msg) => logs.push(level + ': ' + msg),
  onStatus: (s) => statuses.push(s),
  backoff: () => 100,
})
const until = async (ok) => { for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25)) }
await until(() => relay.status().state !== 'starting')
let summary = await relay.call('summary', { range: { preset: 'all' } })
if (relay.status().state === 'ready')
  for (let i = 0; i < 200 && summary.ok && !(summary.value.responses?.value > 0); i++) {
    await new Promise((r) => setTimeout(r, 50))
    summary = await relay.call('summary', { range: { preset: 'all' } })
  }
// A stop timeout far beyond a clean stop: the relay logs 'did not stop' only if the core never answers.
await relay.stop(20000)
console.log(JSON.stringify({ statuses, summary, logs }))
`

let dir: string
beforeAll(async () => {
  await build({
    entryPoints: {
      'core-worker': join(ROOT, 'electron/main/core-worker.ts'),
      'parse-worker': join(ROOT, 'electron/core/ingest/parse-worker.ts'),
      'core-relay': join(ROOT, 'electron/main/core-relay.ts'),
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    plugins: [nodeWorker],
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  })
  writeFileSync(join(OUT, 'harness.mjs'), HARNESS)
})
afterAll(() => rmSync(OUT, { recursive: true, force: true }))

function runApp(db: string, root: string) {
  const out = execFileSync(process.execPath, [join(OUT, 'harness.mjs')], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      OBSERVATORY_DB: db,
      CLAUDE_CONFIG_DIR: root,
    },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return JSON.parse(out.trim().split('\n').pop()!) as {
    statuses: { state: string; message?: string }[]
    summary: { ok: boolean; value?: { responses: { value: number } }; error?: { message: string } }
    logs: string[]
  }
}

describe('the app core worker behind the relay', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'obs-core-'))
    mkdirSync(join(dir, 'root', 'projects'), { recursive: true })
    cpSync(join(ROOT, 'tests/fixtures/claude-logs/real/sniffly'), join(dir, 'root', 'projects', 'sniffly'), {
      recursive: true,
    })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('answers over a real store, and on quit stops the host and closes the store cleanly', () => {
    const db = join(dir, 'ok.db')
    const r = runApp(db, join(dir, 'root'))
    expect(r.statuses.map((s) => s.state)).toEqual(['starting', 'ready', 'stopped'])
    expect(r.summary, JSON.stringify(r)).toMatchObject({ ok: true })
    expect(r.summary.value!.responses.value).toBeGreaterThan(0)
    // It answered `stopped` (host stopped, store closed): the relay did not have to terminate it.
    expect(r.logs.filter((l) => l.includes('did not stop'))).toEqual([])
    expect(existsSync(`${db}-wal`)).toBe(false)
    const check = new Database(db, { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    check.close()
  })

  it('a store locked by another process leaves an answer and its reason', () => {
    const db = join(dir, 'locked.db')
    const other = new Database(db)
    other.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)')
    try {
      const r = runApp(db, join(dir, 'root'))
      expect(r.statuses.find((s) => s.state === 'restarting')?.message).toMatch(/locked|busy/i)
      expect(r.summary).toMatchObject({ ok: false })
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
  })

  it.each([
    [
      'corrupt',
      (db: string) => writeFileSync(db, Buffer.alloc(8192, 0x5a)),
      /not a database|malformed|corrupt/i,
    ],
    [
      'newer',
      (db: string) => {
        const d = new Database(db)
        d.pragma('user_version = 999')
        d.close()
      },
      /schema version 999, newer than this Observatory/,
    ],
    [
      'migration-failing',
      (db: string) => {
        // A version-5 store that migration 006 trips over (a table it needs is missing).
        openDb(db).close()
        const d = new Database(db)
        d.exec('DROP TABLE pruned_responses')
        d.pragma('user_version = 5')
        d.close()
      },
      /migration 006 \(repair-hostile-rows\) failed: no such table: .*left as it was/,
    ],
  ] as const)('a %s store leaves an answer and its reason, not a hang', (name, make, reason) => {
    const db = join(dir, `${name}.db`)
    make(db)
    const r = runApp(db, join(dir, 'root'))
    const down = r.statuses.find((s) => s.state === 'restarting')
    expect(down?.message).toMatch(reason)
    expect(r.summary).toMatchObject({ ok: false })
    expect(r.summary.error!.message).toMatch(reason)
    expect(r.statuses.at(-1)!.state).toBe('stopped')
  })
})
