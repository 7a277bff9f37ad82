import { mkdirSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openTestHost } from '../../../tests/helpers/host'
import { httpRequest, rawRequest, statusOf } from '../../../tests/helpers/raw-http'
import { cleanup, copyFixtures, tempDir } from '../../../tests/helpers/store'
import type { CoreHost } from '../host'
import { ApiServer, type ServeOptions } from './server'

const TOKEN = 'in-process-token-0123456789'
const AUTH = { authorization: `Bearer ${TOKEN}` }
let dir: string
let host: CoreHost
let close: () => Promise<void>
const logged: string[] = []
const servers: ApiServer[] = []

/** A server on a free loopback port over the shared test host; `Host` is filled in per request. */
async function start(opts: Partial<ServeOptions> = {}): Promise<{ port: number; server: ApiServer }> {
  const server = new ApiServer(host.api, {
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    log: (m) => logged.push(m),
    ...opts,
  })
  servers.push(server)
  const { port } = await server.listen()
  return { port, server }
}

const send = (
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = '',
) => rawRequest(port, httpRequest(method, target, { host: `127.0.0.1:${port}`, ...headers }, body))

const summaryOk = async (port: number) =>
  (await send(port, 'POST', '/api/summary', AUTH, '{"range":{"preset":"all"}}')).status

beforeAll(async () => {
  dir = tempDir('obs-server-')
  ;({ host, close } = openTestHost(dir, {
    cliRoots: [{ path: copyFixtures(join(dir, 'claude')) }],
    // The folder budget, not the clock, ends a look here: the answer is the same on a loaded machine.
    sourceLook: { dirs: 20_000, ms: 600_000 },
  }))
  await host.start()
})
afterAll(async () => {
  for (const s of servers) await s.close()
  await close()
  cleanup(dir)
})

describe('ApiServer: no request ends or stalls it', () => {
  it('answers malformed paths with 400 (with or without a token) and goes on serving', async () => {
    const { port } = await start()
    const targets = ['//', '/\\', '/%', '/%E0%A4%A', '/api/%E0%A4%A', '/api//summary', '/a%5Cb', '/%00']
    for (const target of targets)
      for (const [method, headers] of [
        ['GET', {}],
        ['POST', AUTH],
      ] as const) {
        const r = await send(port, method, target, headers)
        expect(r.status, `${method} ${target}`).toBe(400)
        expect(r.text).toContain('"ok":false')
      }
    expect(await summaryOk(port)).toBe(200)
  })

  it('answers unknown routes with 404 and odd methods with 405 or 400', async () => {
    const { port } = await start()
    expect((await send(port, 'POST', '/api/nope', AUTH)).status).toBe(404)
    expect((await send(port, 'GET', '/nope.js')).status).toBe(404)
    expect((await send(port, 'DELETE', '/api/summary', AUTH)).status).toBe(405)
    expect((await send(port, 'PUT', '/', {})).status).toBe(405)
    expect((await send(port, 'BREW', '/api/summary', AUTH)).status).toBe(400)
    expect((await rawRequest(port, 'GARBAGE\r\n\r\n')).status).toBe(400)
    // Node closes CONNECT silently unless someone listens; an Upgrade is answered like any request.
    expect((await send(port, 'CONNECT', 'example.com:443')).status).toBe(405)
    const upgrade = await send(port, 'GET', '/api/events', { connection: 'upgrade', upgrade: 'websocket' })
    expect(upgrade.status).toBe(401)
    expect((await send(port, 'GET', '/', { 'x-big': 'x'.repeat(20_000) })).status).toBe(431)
    expect(logged.join('\n')).toMatch(/HPE_HEADER_OVERFLOW/)
    expect(await summaryOk(port)).toBe(200)
  })

  it('a handler that throws or rejects answers 500 with a JSON error and logs it', async () => {
    const { port } = await start()
    const spy = vi.spyOn(host.api, 'callAsync')
    spy.mockRejectedValueOnce(new Error('disk on fire'))
    const rejected = await send(port, 'POST', '/api/summary', AUTH, '{}')
    spy.mockImplementationOnce(() => {
      throw new Error('thrown synchronously')
    })
    const thrown = await send(port, 'POST', '/api/summary', AUTH, '{}')
    spy.mockRestore()
    for (const r of [rejected, thrown]) {
      expect(r.status).toBe(500)
      expect(r.text).toMatch(/"code":"internal"/)
    }
    expect(logged.join('\n')).toMatch(/disk on fire/)
    expect(logged.join('\n')).toMatch(/thrown synchronously/)
    expect(await summaryOk(port)).toBe(200)
  })

  it('static files: a missing file is 404, a read error is 500, traversal is refused', async () => {
    // /proc/self/mem is a regular file whose read at offset 0 fails (EIO): a real stream error.
    const { port } = await start({ staticDir: '/proc/self' })
    expect((await send(port, 'GET', '/mem')).status).toBe(500)
    expect(logged.join('\n')).toMatch(/EIO/)
    expect((await send(port, 'GET', '/no-such-file')).status).toBe(404)
    expect((await send(port, 'GET', '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
    expect((await send(port, 'GET', '/status')).status).toBe(200)
    expect(await summaryOk(port)).toBe(200)
  })

  it('a slow client is cut off by the header and request timeouts', async () => {
    const timeouts = { headersMs: 300, requestMs: 600, checkEveryMs: 100 }
    const { port } = await start({ timeouts })
    // The server, not the client's give-up (half the test's own timeout), closes the connection, and
    // not before its timeout: how much later depends on the machine's load, so it is not bounded.
    const giveUp = { timeoutMs: 30_000 }
    const headers = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x', giveUp)
    expect(headers.timedOut).toBe(false)
    expect(headers.ms).toBeGreaterThanOrEqual(timeouts.headersMs)
    expect(headers.status).toBe(408)
    const body = await rawRequest(
      port,
      `POST /api/summary HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 100\r\n\r\n{`,
      giveUp,
    )
    expect(body.timedOut).toBe(false)
    expect(body.ms).toBeGreaterThanOrEqual(timeouts.requestMs)
    expect(body.status).toBe(408)
    expect(await summaryOk(port)).toBe(200)
  })
})

describe('ApiServer: token and Host', () => {
  it('takes the token from the Authorization header only, and ?token= only on /api/events', async () => {
    const { port } = await start()
    expect((await send(port, 'POST', `/api/summary?token=${TOKEN}`, {}, '{}')).status).toBe(401)
    expect((await send(port, 'POST', '/api/summary', { authorization: `Bearer ${TOKEN}x` })).status).toBe(401)
    expect((await send(port, 'POST', '/api/summary', { authorization: TOKEN })).status).toBe(401)
    expect(await summaryOk(port)).toBe(200)
    // The stream stays open: read until its first comment (or the server closes it), then hang up.
    const text = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      let got = ''
      const done = () => {
        socket.destroy()
        resolve(got)
      }
      socket.on('data', (d: Buffer) => {
        got += d.toString('latin1')
        if (got.includes(': connected')) done()
      })
      socket.on('error', done)
      socket.on('close', done)
      socket.write(httpRequest('GET', `/api/events?token=${TOKEN}`, { host: `127.0.0.1:${port}` }))
    })
    expect(statusOf(text)).toBe(200)
    expect(text).toContain(': connected')
  })

  it('refuses a Host other than the loopback names with the listening port, on every path', async () => {
    const { port } = await start()
    for (const bad of ['evil.example', `evil.example:${port}`, '127.0.0.1:1', `127.0.0.2:${port}`, ''])
      for (const target of ['/', '/index.html', '/api/summary', `/api/events?token=${TOKEN}`]) {
        const r = await rawRequest(port, httpRequest('POST', target, { host: bad, ...AUTH }, '{}'))
        expect(r.status, `${bad} ${target}`).toBe(421)
        expect(r.text).toMatch(/Host/)
      }
    for (const good of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`])
      expect(
        (await rawRequest(port, httpRequest('POST', '/api/summary', { host: good, ...AUTH }, '{}'))).status,
      ).toBe(200)
  })

  it('accepts any Host with allowRemote', async () => {
    const { port } = await start({ allowRemote: true })
    const r = await rawRequest(
      port,
      httpRequest('POST', '/api/summary', { host: 'my-box.lan', ...AUTH }, '{}'),
    )
    expect(r.status).toBe(200)
  })
})

describe('ApiServer: bodies', () => {
  it('answers a body over 1 MiB with 413 and a JSON message, before closing', async () => {
    const { port } = await start()
    const url = `http://127.0.0.1:${port}/api/summary`
    for (const size of [(1 << 20) + 1, 5 << 20, 40 << 20]) {
      const r = await fetch(url, { method: 'POST', headers: AUTH, body: Buffer.alloc(size, 0x20) })
      expect(r.status, `${size} bytes`).toBe(413)
      expect(await r.json()).toMatchObject({ ok: false, error: { message: expect.stringMatching(/1 MiB/) } })
    }
    // Declared too large: answered without reading it.
    const declared = await rawRequest(
      port,
      `POST /api/summary HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 99999999\r\n\r\n{`,
    )
    expect(declared.status).toBe(413)
    expect(await summaryOk(port)).toBe(200)
  })
})

describe('ApiServer: adding a huge folder', () => {
  it('answers addSource for thousands of folders without a transcript, and other requests meanwhile', async () => {
    const { port } = await start()
    const huge = join(dir, 'huge')
    for (let i = 0; i < 4_000; i++) mkdirSync(join(huge, `a${i % 41}`, `b${i}`), { recursive: true })
    const done: string[] = []
    const adding = send(port, 'POST', '/api/addSource', AUTH, JSON.stringify({ path: huge })).then((r) => {
      done.push('addSource')
      return r
    })
    const other = new Promise((resolve) => setTimeout(resolve, 5)).then(async () => {
      const status = await summaryOk(port)
      done.push('summary')
      return status
    })
    const [added, status] = await Promise.all([adding, other])
    expect(status).toBe(200)
    expect(added.status).toBe(400)
    expect(added.text).toMatch(/no Claude Code transcripts/)
    expect(done).toEqual(['summary', 'addSource'])
  })
})

describe('ApiServer: event streams', () => {
  it('drops an event stream whose client stopped reading instead of buffering events forever', async () => {
    const { port, server } = await start()
    const socket = connect(port, '127.0.0.1')
    socket.write(httpRequest('GET', `/api/events?token=${TOKEN}`, { host: `127.0.0.1:${port}` }))
    await new Promise((resolve) => socket.once('data', resolve))
    socket.pause() // stops reading: the kernel buffers fill, then the server's
    const closed = new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true))
      setTimeout(() => resolve(false), 30_000) // a give-up far beyond the drop, half the test's timeout
    })
    const big = { at: 'x'.repeat(10_000), newResponses: 0, filesRead: 0 }
    for (let i = 0; i < 3_000; i++) {
      server.push('data-changed', big)
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    socket.resume()
    socket.on('data', () => {})
    expect(await closed).toBe(true)
    expect(logged.join('\n')).toMatch(/stopped reading/)
    expect(await summaryOk(port)).toBe(200)
  })
})
