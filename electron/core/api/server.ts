import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { ApiResult, PushEventName, PushEvents } from '../../../shared/contract'
import type { Api } from './api'

export interface ServeOptions {
  port: number
  host: string
  token: string
  /** Built renderer to serve at `/` (out/renderer); optional. */
  staticDir?: string
}

const MAX_BODY = 1 << 20
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host)
}

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Constant-time comparison of the presented token. */
export function tokenMatches(presented: string | null, token: string): boolean {
  if (presented === null) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function presentedToken(req: IncomingMessage, url: URL): string | null {
  const h = req.headers.authorization
  if (h?.startsWith('Bearer ')) return h.slice('Bearer '.length)
  // EventSource cannot set headers: the event stream also accepts ?token=.
  return url.pathname === '/api/events' ? url.searchParams.get('token') : null
}

function send(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('request body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * The contract over HTTP: `POST /api/<request>` with JSON arguments and `Authorization: Bearer
 * <token>`, answering the same `{ok, value} | {ok: false, error}` JSON; `GET /api/events` is a
 * Server-Sent Events stream of push events; `/` serves the built dashboard.
 */
export class ApiServer {
  private server: Server | undefined
  private readonly streams = new Set<ServerResponse>()

  constructor(
    private readonly api: Api,
    private readonly opts: ServeOptions,
  ) {}

  listen(): Promise<{ url: string; port: number }> {
    this.server = createServer((req, res) => void this.handle(req, res))
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject)
      this.server!.listen(this.opts.port, this.opts.host, () => {
        const addr = this.server!.address()
        const port = typeof addr === 'object' && addr ? addr.port : this.opts.port
        const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host
        resolve({ url: `http://${host}:${port}/`, port })
      })
    })
  }

  push<K extends PushEventName>(name: K, data: PushEvents[K]): void {
    for (const s of this.streams) s.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  async close(): Promise<void> {
    for (const s of this.streams) s.end()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith('/api/')) return this.serveStatic(url.pathname, res)
    if (!tokenMatches(presentedToken(req, url), this.opts.token))
      return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong token' } })
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      res.write(': connected\n\n')
      this.streams.add(res)
      req.on('close', () => this.streams.delete(res))
      return
    }
    if (req.method !== 'POST')
      return send(res, 405, { ok: false, error: { code: 'invalid_arguments', message: 'use POST' } })
    let args: unknown
    try {
      const body = await readBody(req)
      args = body.trim() === '' ? {} : JSON.parse(body)
    } catch (err) {
      return send(res, 400, {
        ok: false,
        error: { code: 'invalid_arguments', message: `bad JSON body: ${(err as Error).message}` },
      })
    }
    const result = await this.api.callAsync(decodeURIComponent(url.pathname.slice('/api/'.length)), args)
    const status = result.ok
      ? 200
      : result.error.code === 'unknown_request'
        ? 404
        : result.error.code === 'invalid_arguments'
          ? 400
          : 500
    send(res, status, result)
  }

  private serveStatic(pathname: string, res: ServerResponse): void {
    const root = this.opts.staticDir
    const file = root ? normalize(join(root, pathname === '/' ? 'index.html' : pathname)) : ''
    if (!root || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end(root ? 'not found' : 'the dashboard is not built (npm run build); the API is at /api/<request>')
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  }
}
