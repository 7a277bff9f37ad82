import type { ChildProcess } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli, spawnCli } from './helpers/cli'
import { recount } from './helpers/recount'
import { cleanup, copyFixtures, tempDir } from './helpers/store'
import { serveReady } from './helpers/serve-ready'
import { httpRequest, rawRequest } from './helpers/raw-http'

const TOKEN = 'test-token-0123456789'
let dir: string
let child: ChildProcess
let base: string
const port = () => Number(new URL(base).port)

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */
const json = async (r: Response): Promise<any> => r.json()

function post(name: string, body: unknown, token: string | null = TOKEN) {
  return fetch(`${base}api/${name}`, {
    method: 'POST',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
}

beforeAll(async () => {
  buildCli()
  dir = tempDir('obs-serve-')
  copyFixtures(join(dir, 'claude'))
  const args = ['serve', '--port', '0', '--token', TOKEN, '--root', join(dir, 'claude')]
  child = spawnCli({ dir }, ...args, '--db', join(dir, 's.db'))
  base = await serveReady(child)
})
afterAll(() => {
  child?.kill('SIGTERM')
  cleanup(dir)
})

describe('observatory serve', () => {
  it('requires the token: none or a wrong one gets 401', async () => {
    for (const t of [null, 'wrong']) {
      const r = await post('summary', {}, t)
      expect(r.status).toBe(401)
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
  })

  it('answers the contract with the same {ok, value} JSON and real numbers', async () => {
    const r = await post('summary', { range: { preset: 'all' }, timezone: 'UTC' })
    expect(r.status).toBe(200)
    const body = await json(r)
    expect(body.ok).toBe(true)
    expect(body.value.tokens.total.value).toBe(recount(join(dir, 'claude/projects')).total)
  })

  it('answers bad arguments and unknown requests with typed errors', async () => {
    const bad = await post('series', { groupBy: 'fortnight' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
    const unknown = await post('nope', {})
    expect(unknown.status).toBe(404)
    const notJson = await fetch(`${base}api/summary`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{',
    })
    expect(notJson.status).toBe(400)
  })

  it('pushes data-changed over SSE after a transcript grows, and the new value is served', async () => {
    const before = (await json(await post('summary', { range: { preset: 'all' }, timezone: 'UTC' }))).value
      .responses.value
    const ac = new AbortController()
    const events = await fetch(`${base}api/events?token=${TOKEN}`, { signal: ac.signal })
    expect(events.status).toBe(200)
    const reader = events.body!.getReader()
    const line = {
      type: 'assistant',
      sessionId: 'live',
      cwd: '/live',
      timestamp: new Date().toISOString(),
      uuid: 'live-1',
      requestId: 'req-live',
      message: {
        id: 'msg-live',
        model: 'claude-opus-4-7',
        role: 'assistant',
        content: [],
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    }
    appendFileSync(join(dir, 'claude/projects/spotter/short.jsonl'), JSON.stringify(line) + '\n')
    let text = ''
    const deadline = Date.now() + 10_000
    while (!text.includes('event: data-changed') && Date.now() < deadline) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    ac.abort()
    expect(text).toContain('event: data-changed')
    const after = (await json(await post('summary', { range: { preset: 'all' }, timezone: 'UTC' }))).value
      .responses.value
    expect(after).toBe(before + 1)
  })

  it('refuses to listen on a non-loopback address unless asked explicitly', () => {
    const r = runCli({ dir }, 'serve', '--host', '0.0.0.0', '--db', join(dir, 'x.db'))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/refusing to listen on 0\.0\.0\.0/)
  })

  it('answers GET // (no token) and POST /api/%E0%A4%A with 400, and goes on serving', async () => {
    for (const [method, target, headers] of [
      ['GET', '//', {}],
      ['GET', '/\\', {}],
      ['POST', '/api/%E0%A4%A', { authorization: `Bearer ${TOKEN}` }],
      ['POST', '/api/%E0%A4%A', {}],
    ] as const) {
      const r = await rawRequest(
        port(),
        httpRequest(method, target, { host: `127.0.0.1:${port()}`, ...headers }),
      )
      expect(r.status, `${method} ${target}`).toBe(400)
    }
    expect(child.exitCode).toBeNull()
    expect((await post('summary', {})).status).toBe(200)
  })

  it('refuses a Host other than loopback with the port (DNS rebinding), for the API and the dashboard', async () => {
    for (const target of ['/', '/api/summary']) {
      const r = await rawRequest(
        port(),
        httpRequest(
          'POST',
          target,
          { host: `rebind.example:${port()}`, authorization: `Bearer ${TOKEN}` },
          '{}',
        ),
      )
      expect(r.status, target).toBe(421)
      expect(r.text).toContain('rebind.example')
    }
    const ok = await rawRequest(
      port(),
      httpRequest(
        'POST',
        '/api/summary',
        { host: `localhost:${port()}`, authorization: `Bearer ${TOKEN}` },
        '{}',
      ),
    )
    expect(ok.status).toBe(200)
  })

  it('answers a 5 MiB body with 413 and a JSON message instead of resetting the connection', async () => {
    const r = await fetch(`${base}api/summary`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: Buffer.alloc(5 << 20, 0x20),
    })
    expect(r.status).toBe(413)
    expect(await r.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('1 MiB') } })
    expect((await post('summary', {})).status).toBe(200)
  })

  it('refuses an empty or short token at start with a usage error (exit 2)', () => {
    const runs: [string[], NodeJS.ProcessEnv][] = [
      [['--token', ''], {}],
      [['--token', 'fifteen-chars!!'], {}],
      [[], { OBSERVATORY_TOKEN: 'short' }],
      [[], { OBSERVATORY_TOKEN: '' }],
    ]
    for (const [args, env] of runs) {
      const r = runCli(
        { dir, env, timeout: 20_000 },
        'serve',
        '--port',
        '0',
        ...args,
        '--db',
        join(dir, 't.db'),
      )
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toMatch(/at least 16 characters/)
    }
  })
})
