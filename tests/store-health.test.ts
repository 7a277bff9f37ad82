import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { closeSync, openSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HealthResult, SummaryResult } from '../shared/contract'
import { CoreHost } from '../electron/core/host'
import { openCore } from '../electron/core/open-core'
import { recount } from './helpers/recount'
import { serveReady } from './helpers/serve-ready'
import { cleanup, copyFixtures, tempDir } from './helpers/store'

const ROOT = resolve(__dirname, '..')
const BIN = join(ROOT, 'out/cli/observatory.mjs')
const TOKEN = 'store-health-token'
let dir: string

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT })
  dir = tempDir('obs-store-health-')
  copyFixtures(join(dir, 'claude'))
})
afterAll(() => cleanup(dir))

describe('a store error in the host (app and serve)', () => {
  it('shows on Health with its kind, message and time; queries go on; it clears after a pass that commits', async () => {
    const file = join(dir, 'locked.db')
    const core = openCore({ dbPath: file, pricesFile: join(dir, 'none.json'), store: { busyTimeoutMs: 100 } })
    const logged: string[] = []
    const pushed: string[] = []
    const host = new CoreHost(core, {
      cliRoots: [{ path: join(dir, 'claude') }],
      log: (_l, m) => logged.push(m),
      emit: (name) => pushed.push(name),
      defaultRoots: () => [],
      live: { rescanMs: 60_000 },
    })
    const other = new Database(file)
    other.exec('BEGIN EXCLUSIVE')
    try {
      const before = Date.now()
      await host.start()
      const h = host.api.call('health', {})
      expect(h.ok).toBe(true)
      const err = (h as { value: HealthResult }).value.storeError
      expect(err?.kind).toBe('locked')
      expect(err?.message).toContain(file)
      expect(Date.parse(err!.at)).toBeGreaterThanOrEqual(before - 1000)
      expect(logged.some((m) => /ingest failed: .*locked by another process/.test(m))).toBe(true)
      expect(pushed).toContain('data-changed') // the views refetch Health
      expect(host.api.call('summary', { range: { preset: 'all' } }).ok).toBe(true)
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    // Watching restarts with a pass that now commits: the error is gone and the data is there.
    await host.api.callAsync('setWatching', { paused: false })
    const h = host.api.call('health', {}) as { ok: true; value: HealthResult }
    expect(h.value.storeError).toBeNull()
    const s = host.api.call('summary', { range: { preset: 'all' } }) as { ok: true; value: SummaryResult }
    expect(s.value.tokens.total.value).toBe(recount(join(dir, 'claude/projects')).total)
    await host.stop()
    await core.close()
  })

  it('`serve` over a store with a corrupt page answers health with the error and keeps answering', async () => {
    const file = join(dir, 'corrupt.db')
    const env = {
      ...process.env,
      CLAUDE_CONFIG_DIR: join(dir, 'none'),
      OBSERVATORY_PRICES: join(dir, 'none.json'),
    }
    expect(
      spawnSync(process.execPath, [BIN, 'ingest', '--root', join(dir, 'claude'), '--db', file], { env })
        .status,
    ).toBe(0)
    const db = new Database(file, { readonly: true })
    const { rootpage } = db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'files'`).get() as {
      rootpage: number
    }
    db.close()
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, (rootpage - 1) * 4096)
    closeSync(fd)
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--token', TOKEN, '--root', join(dir, 'claude'), '--db', file],
      { env },
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    try {
      const base = await serveReady(child)
      const post = (name: string, body: unknown) =>
        fetch(`${base}api/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify(body),
        })
      const r = await post('health', {})
      expect(r.status).toBe(200)
      const health = ((await r.json()) as { value: HealthResult }).value
      expect(health.storeError?.kind).toBe('corrupt')
      expect(health.storeError?.message).toMatch(/observatory doctor/)
      expect(stderr).toMatch(/ingest failed: .*corrupt/)
      // What does not touch the broken page still answers.
      const s = await post('summary', { range: { preset: 'all' } })
      expect(s.status).toBe(200)
      expect(((await s.json()) as { value: SummaryResult }).value.tokens.total.value).toBe(
        recount(join(dir, 'claude/projects')).total,
      )
    } finally {
      child.kill('SIGTERM')
    }
  }, 60_000)
})
