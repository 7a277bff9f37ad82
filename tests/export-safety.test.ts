import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiServer } from '../electron/core/api/server'
import { writeExport } from '../electron/core/export/write-export'
import type { ExportPaths } from '../electron/core/export/export-action'
import { DEFAULT_SETTINGS } from '../shared/contract/settings'
import type { Core } from '../electron/core/open-core'
import { loadSettings, saveSettings } from '../electron/core/settings/settings-store'
import { buildCli, runCli, spawnCli } from './helpers/cli'
import { openTestHost } from './helpers/host'
import { serveReady } from './helpers/serve-ready'
import { cleanup, copyFixtures, tempDir } from './helpers/store'

const ARGS = { range: { preset: 'all' as const }, timezone: 'UTC' }
const TOKEN = 'export-safety-test-token'
let dir: string

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex')

beforeAll(() => {
  buildCli()
  dir = tempDir('obs-export-safety-')
  copyFixtures(join(dir, 'claude'), ['spotter'])
})
afterAll(() => cleanup(dir))

/** A host over the spotter fixtures served over real HTTP, exportView posted as a browser would. */
async function served(name: string, exportPaths?: ExportPaths) {
  const logged: string[] = []
  const t = openTestHost(join(dir, name), {
    cliRoots: [{ path: join(dir, 'claude') }],
    exportPaths,
    log: (level, msg) => logged.push(`${level}: ${msg}`),
  })
  await t.host.start()
  const server = new ApiServer(t.host.api, { port: 0, host: '127.0.0.1', token: TOKEN })
  const { url } = await server.listen()
  const post = async (args: object) => {
    const r = await fetch(`${url}api/exportView`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    })
    return { status: r.status, body: (await r.json()) as Reply }
  }
  return { ...t, url, post, logged, close: async () => (await server.close(), await t.close()) }
}

interface Reply {
  ok: boolean
  value: { path: string; bytes: number }
  error: { code: string; message: string }
}

/** The reports folder as the desktop app sets it (serve refuses to change it: see below). */
async function setFolder(s: { core: Core }, folder: string | null) {
  saveSettings(s.core.db, { reports: { ...DEFAULT_SETTINGS.reports, folder } })
  return loadSettings(s.core.db).reports.folder === folder
}

describe('exportView over HTTP (serve) writes only inside the export folder', () => {
  let s: Awaited<ReturnType<typeof served>>
  let folder: string
  let outside: string
  beforeAll(async () => {
    mkdirSync(join(dir, 'http'))
    folder = join(dir, 'http/reports')
    outside = join(dir, 'http/outside')
    mkdirSync(folder)
    mkdirSync(outside)
    symlinkSync(outside, join(folder, 'leads-out'))
    s = await served('http')
    expect(await setFolder(s, folder)).toBe(true)
  })
  afterAll(() => s.close())

  it('refuses an absolute path outside it, a "..", and a symbolic link that leads out', async () => {
    const victim = join(outside, 'victim.csv')
    writeFileSync(victim, 'keep me')
    for (const path of [
      victim,
      join(outside, 'new.csv'),
      `${folder}/../outside/new.csv`,
      '../outside/new.csv',
      join(folder, 'leads-out/new.csv'),
      join(folder, 'leads-out/victim.csv'),
      'nul\u0000.csv',
    ]) {
      const r = await s.post({ view: 'models', format: 'csv', path })
      expect(r.status, path).toBe(400)
      expect(r.body.error.code).toBe('invalid_arguments')
      expect(r.body.error.message).toMatch(/export folder|may not contain|NUL/)
    }
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
    expect(readdirSync(outside)).toEqual(['victim.csv'])
    expect(s.logged.filter((l) => l.startsWith('warn: export refused:'))).toHaveLength(7)
  })

  it('the export folder cannot be moved over HTTP, so the next export cannot follow it out', async () => {
    const move = await fetch(`${s.url}api/saveSettings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reports: { ...DEFAULT_SETTINGS.reports, folder: outside } }),
    })
    const body = (await move.json()) as Reply
    expect(move.status).toBe(400)
    expect(body.error.message).toMatch(/reports folder .* cannot be changed/)
    expect(loadSettings(s.core.db).reports.folder).toBe(folder)
    const r = await s.post({ view: 'models', format: 'csv', path: join(outside, 'moved.csv') })
    expect(r.body.error.code).toBe('invalid_arguments')
    expect(existsSync(join(outside, 'moved.csv'))).toBe(false)
    // The rest of the same settings still saves.
    const same = await fetch(`${s.url}api/saveSettings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reports: { ...DEFAULT_SETTINGS.reports, folder, daily: true } }),
    })
    expect(same.status).toBe(200)
    expect(loadSettings(s.core.db).reports.daily).toBe(true)
  })

  it('a folder on the way swapped for a link out while the PDF renders is caught before writing', async () => {
    const sub = join(folder, 'swapped')
    mkdirSync(sub)
    const pending = writeExport(s.host.api, s.core.db, {
      view: 'overview',
      format: 'pdf',
      out: join(sub, 'report.pdf'),
      args: ARGS,
      confineTo: folder,
    })
    // The first check has run; the render is under way.
    rmSync(sub, { recursive: true })
    symlinkSync(outside, sub)
    await expect(pending).rejects.toThrow(/only inside the export folder/)
    expect(existsSync(join(outside, 'report.pdf'))).toBe(false)
    rmSync(sub)
  })

  it('writes inside it, never over an existing file; without a path a unique dated name', async () => {
    const inside = join(folder, 'models.csv')
    const ok = await s.post({ view: 'models', format: 'csv', path: inside })
    expect(ok.body.ok, JSON.stringify(ok.body)).toBe(true)
    expect(ok.body.value.path).toBe(inside)
    const before = sha(inside)
    const again = await s.post({ view: 'models', format: 'json', path: inside })
    expect(again.body.error.code).toBe('invalid_arguments')
    expect(again.body.error.message).toContain('already exists')
    expect(sha(inside)).toBe(before)
    // Relative to the folder.
    const rel = await s.post({ view: 'models', format: 'csv', path: 'sub-less.csv' })
    expect(rel.body.value.path).toBe(join(folder, 'sub-less.csv'))
    const a = await s.post({ view: 'tools', format: 'csv' })
    const b = await s.post({ view: 'tools', format: 'csv' })
    expect(a.body.ok && b.body.ok).toBe(true)
    expect(a.body.value.path.startsWith(folder)).toBe(true)
    expect(b.body.value.path).not.toBe(a.body.value.path)
    expect(existsSync(a.body.value.path) && existsSync(b.body.value.path)).toBe(true)
  })

  it('without a reports folder the export folder is ~/Downloads', async () => {
    const home = join(dir, 'home')
    mkdirSync(join(home, 'Downloads'), { recursive: true })
    const old = process.env.HOME
    process.env.HOME = home
    try {
      expect(await setFolder(s, null)).toBe(true)
      const out = join(folder, 'not-any-more.csv')
      const r = await s.post({ view: 'models', format: 'csv', path: out })
      expect(r.body.error.message).toContain(join(home, 'Downloads'))
      const d = await s.post({ view: 'models', format: 'csv', path: 'here.csv' })
      expect(d.body.value.path).toBe(join(home, 'Downloads', 'here.csv'))
    } finally {
      process.env.HOME = old
      await setFolder(s, folder)
    }
  })

  it('the desktop app (dialog mode) writes where the save dialog chose and replaces what is there', async () => {
    mkdirSync(join(dir, 'dialog'))
    const d = await served('dialog', 'dialog')
    try {
      const chosen = join(outside, 'chosen.csv')
      writeFileSync(chosen, 'old')
      const r = await d.post({ view: 'models', format: 'csv', path: chosen })
      expect(r.body.ok, JSON.stringify(r.body)).toBe(true)
      expect(readFileSync(chosen, 'utf8')).toMatch(/^Model,/)
    } finally {
      await d.close()
    }
  })
})

describe('export destinations', () => {
  let t: ReturnType<typeof openTestHost>
  let db: string
  beforeAll(async () => {
    mkdirSync(join(dir, 'dest'))
    db = join(dir, 'dest/o.db')
    t = openTestHost(join(dir, 'dest'), { cliRoots: [{ path: join(dir, 'claude') }] })
    await t.host.start()
  })
  afterAll(() => t.close())
  const write = (out: string, extra: object = {}) =>
    writeExport(t.host.api, t.core.db, { view: 'models', format: 'csv', out, args: ARGS, ...extra })

  it('are never the store or its -wal/-shm, by real path or by inode (a hard link)', async () => {
    mkdirSync(join(dir, 'dest/hard'))
    symlinkSync(join(dir, 'dest'), join(dir, 'dest-link'))
    linkSync(db, join(dir, 'dest/hard/same-inode.db'))
    const before = statSync(db).size
    for (const out of [
      db,
      `${db}-wal`,
      `${db}-shm`,
      join(dir, 'dest-link/o.db'),
      join(dir, 'dest-link/o.db-wal'),
      join(dir, 'dest/hard/same-inode.db'),
    ])
      await expect(write(out, { existing: 'replace' }), out).rejects.toThrow(/own store/)
    expect(statSync(db).size).toBe(before)
    expect(t.host.api.call('models', ARGS).ok).toBe(true)
  })

  it('a folder or a missing folder is a clear error', async () => {
    await expect(write(join(dir, 'dest'), { existing: 'replace' })).rejects.toThrow(/is a folder/)
    await expect(write(join(dir, 'no/such/x.csv'))).rejects.toThrow(/folder .*no\/such does not exist/)
  })

  it('never writes through a planted temporary-file symlink or a symlinked target', async () => {
    const victim = join(dir, 'dest/victim.txt')
    writeFileSync(victim, 'keep me')
    const out = join(dir, 'dest/planted.csv')
    symlinkSync(victim, `${out}.tmp-${process.pid}`)
    const r = await write(out)
    expect(readFileSync(r.path, 'utf8')).toMatch(/^Model,/)
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
    symlinkSync(victim, join(dir, 'dest/link.csv'))
    await expect(write(join(dir, 'dest/link.csv'), { existing: 'replace' })).rejects.toThrow(/symbolic link/)
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
    // No temporary files are left behind.
    expect(readdirSync(join(dir, 'dest')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})

describe('observatory export --out', () => {
  const cli = (...args: string[]) => runCli({ dir, db: join(dir, 'cli/cli.db') }, ...args)
  const root: string[] = []
  beforeAll(() => {
    mkdirSync(join(dir, 'cli'))
    root.push('--root', join(dir, 'claude'), '--range', 'all', '--timezone', 'UTC')
  })

  it('refuses the store itself, and it still opens with its data', () => {
    expect(cli('ingest', ...root.slice(0, 2)).code).toBe(0)
    const store = join(dir, 'cli/cli.db')
    const r = cli('export', '--view', 'models', '--out', store, '--force', ...root)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/own store/)
    expect(r.err).not.toMatch(/\n\s+at /) // no stack trace
    const m = cli('models', '--json', ...root)
    expect(m.code, m.err).toBe(0)
    expect(JSON.parse(m.out).models.length).toBeGreaterThan(0)
  })

  it('replaces an existing file only with --force; a folder is a clear error', () => {
    const out = join(dir, 'cli/models.csv')
    writeFileSync(out, 'mine')
    const r = cli('export', '--view', 'models', '--out', out, ...root)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/already exists; pass --force/)
    expect(readFileSync(out, 'utf8')).toBe('mine')
    const f = cli('export', '--view', 'models', '--out', out, '--force', ...root)
    expect(f.code, f.err).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^Model,/)
    const d = cli('export', '--view', 'models', '--out', join(dir, 'cli'), '--force', ...root)
    expect(d.code).toBe(2)
    expect(d.err).toMatch(/is a folder/)
    expect(d.err).not.toMatch(/EISDIR/)
  })
})

describe('observatory serve (a real process) confines exports by default', () => {
  let child: ChildProcess
  let base: string
  const home = () => join(dir, 'serve-home')
  beforeAll(async () => {
    mkdirSync(join(home(), 'Downloads'), { recursive: true })
    const args = ['serve', '--port', '0', '--token', TOKEN, '--root', join(dir, 'claude')]
    const env = { HOME: home(), XDG_CONFIG_HOME: join(home(), '.config') }
    child = spawnCli({ dir, env }, ...args, '--db', join(dir, 'serve.db'))
    base = await serveReady(child)
  })
  afterAll(() => {
    child?.kill('SIGTERM')
  })
  const post = async (body: object) => {
    const r = await fetch(`${base}api/exportView`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    })
    return { status: r.status, body: (await r.json()) as Reply }
  }

  it('refuses a path outside ~/Downloads and writes inside it', async () => {
    const victim = join(dir, 'serve-victim.csv')
    writeFileSync(victim, 'keep me')
    const bad = await post({ view: 'models', format: 'csv', path: victim })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain(join(home(), 'Downloads'))
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
    const ok = await post({ view: 'models', format: 'csv' })
    expect(ok.body.ok, JSON.stringify(ok.body)).toBe(true)
    expect(ok.body.value.path.startsWith(join(home(), 'Downloads'))).toBe(true)
    expect(readFileSync(ok.body.value.path, 'utf8')).toMatch(/^Model,/)
  })
})
