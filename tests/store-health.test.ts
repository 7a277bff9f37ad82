import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HealthResult, SummaryResult } from '../shared/contract'
import { CoreHost } from '../electron/core/host'
import { openCore } from '../electron/core/open-core'
import { BUNDLE, buildCli, runCli, spawnCli } from './helpers/cli'
import { recount } from './helpers/recount'
import { serveReady } from './helpers/serve-ready'
import { cleanup, copyFixtures, smashTable, tempDir } from './helpers/store'

const TOKEN = 'store-health-token'
let dir: string

beforeAll(() => {
  buildCli()
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
    const opts = { dir, bin: BUNDLE }
    expect(runCli(opts, 'ingest', '--root', join(dir, 'claude'), '--db', file).code).toBe(0)
    smashTable(file, 'files')
    const args = ['serve', '--port', '0', '--token', TOKEN, '--root', join(dir, 'claude')]
    const child = spawnCli(opts, ...args, '--db', file)
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
