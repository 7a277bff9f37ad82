import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ApiError, ApiResult, PushEventName, PushEvents } from '../../../shared/contract'
import type { Api } from './api'
import { hostAllowed, loggableTarget, presentedToken, tokenMatches } from './http-guards'
import { BodyTooLarge, readBody } from './request-body'
import { parseTarget } from './request-target'
import { serveStatic } from './static-files'

export { isLoopback, MIN_TOKEN_LENGTH, newToken, tokenMatches } from './http-guards'

export interface ServeOptions {
  port: number
  host: string
  token: string
  /** Built renderer to serve at `/` (out/renderer); optional. */
  staticDir?: string
  /** Serve any `Host` header (the user asked to listen beyond loopback). */
  allowRemote?: boolean
  log?: (msg: string) => void
  /** How long a client may take to send its headers / its whole request (Node's checks). */
  timeouts?: { headersMs: number; requestMs: number; checkEveryMs?: number }
}

const MAX_BODY = 1 << 20
/** How much of a too-large body is read and discarded so the 413 reaches the client (see readBody). */
const MAX_DRAIN = 64 << 20
const MAX_STREAM_BACKLOG = 4 << 20
const TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 }

function send(
  res: ServerResponse,
  status: number,
  body: ApiResult<unknown>,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

/** An answer written straight to a socket Node's HTTP parser gave up on (no ServerResponse exists). */
function rawAnswer(status: number, message: string): string {
  const body = JSON.stringify({ ok: false, error: { code: 'invalid_arguments', message } })
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
}

/** A request for the log: quoted, so a hostile target cannot forge log lines. */
const what = (req: IncomingMessage): string => `${req.method} ${loggableTarget(req.url)}`

const refuse = (
  res: ServerResponse,
  status: number,
  code: ApiError['code'],
  message: string,
  headers?: Record<string, string>,
) => send(res, status, { ok: false, error: { code, message } }, headers)

/**
 * The contract over HTTP: `POST /api/<request>` with JSON arguments and `Authorization: Bearer
 * <token>`, answering the same `{ok, value} | {ok: false, error}` JSON; `GET /api/events` is a
 * Server-Sent Events stream of push events; `/` serves the built dashboard. Every request is
 * answered, whatever it holds: a failure anywhere is logged and answered 500.
 */
export class ApiServer {
  private server: Server | undefined
  private port = 0
  private readonly streams = new Set<ServerResponse>()
  private readonly log: (msg: string) => void

  constructor(
    private readonly api: Api,
    private readonly opts: ServeOptions,
  ) {
    this.log = opts.log ?? (() => {})
  }

  listen(): Promise<{ url: string; port: number }> {
    const t = { ...TIMEOUTS, ...this.opts.timeouts }
    this.server = createServer(
      {
        headersTimeout: t.headersMs,
        requestTimeout: t.requestMs,
        connectionsCheckingInterval: t.checkEveryMs,
      },
      (req, res) => this.answer(req, res),
    )
    this.server.on('clientError', (err, socket) => this.clientError(err, socket))
    // Without a listener Node closes a CONNECT request's socket without a word.
    this.server.on('connect', (req: IncomingMessage, socket: Duplex) => {
      this.log(`refused CONNECT ${loggableTarget(req.url)}`)
      socket.end(rawAnswer(405, 'CONNECT is not served'))
    })
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject)
      this.server!.listen(this.opts.port, this.opts.host, () => {
        this.server!.off('error', reject)
        this.server!.on('error', (err) => this.log(`server error: ${err.message}`))
        const addr = this.server!.address()
        this.port = typeof addr === 'object' && addr ? addr.port : this.opts.port
        const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host
        resolve({ url: `http://${host}:${this.port}/`, port: this.port })
      })
    })
  }

  push<K extends PushEventName>(name: K, data: PushEvents[K]): void {
    const text = `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`
    for (const s of this.streams) {
      if (s.writableEnded || s.destroyed) continue
      // A client that stopped reading would make us buffer every event forever: drop it (it reconnects).
      if (s.writableLength > MAX_STREAM_BACKLOG) {
        this.log(`closing an event stream whose client stopped reading (${s.writableLength} bytes waiting)`)
        this.streams.delete(s)
        s.destroy()
      } else s.write(text)
    }
  }

  async close(): Promise<void> {
    for (const s of this.streams) s.end()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** What Node's default does (400, 408 on a timeout, 431 on huge headers), and logged. */
  private clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    this.log(`malformed request: ${err.code ?? ''} ${err.message}`)
    // A response already under way on this connection (a keep-alive predecessor) cannot be interrupted.
    const current = (socket as { _httpMessage?: ServerResponse })._httpMessage
    if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent) return void socket.destroy()
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
    socket.end(rawAnswer(status, `malformed request (${err.code ?? err.message})`))
  }

  /** `handle`, with any throw or rejection logged and answered 500 (or the connection closed). */
  private answer(req: IncomingMessage, res: ServerResponse): void {
    res.on('error', (err) => this.log(`response to ${what(req)} failed: ${err.message}`))
    const fail = (err: unknown): void => {
      this.log(`${what(req)} failed: ${(err as Error)?.stack ?? String(err)}`)
      if (res.headersSent) return void res.destroy()
      refuse(res, 500, 'internal', `the server failed on this request: ${(err as Error)?.message ?? err}`)
    }
    try {
      this.handle(req, res).catch(fail)
    } catch (err) {
      fail(err)
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.opts.allowRemote && !hostAllowed(req.headers.host, this.port))
      return refuse(
        res,
        421,
        'unauthorized',
        `Host ${JSON.stringify(req.headers.host ?? '')} is not served: use 127.0.0.1:${this.port}, localhost:${this.port} or [::1]:${this.port} (serve --allow-remote accepts any)`,
      )
    const target = parseTarget(req.url)
    if (!target.ok) return refuse(res, 400, 'invalid_arguments', target.message)
    const { path, query } = target
    if (path !== '/api' && !path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return refuse(res, 405, 'invalid_arguments', 'the dashboard is read with GET', { allow: 'GET, HEAD' })
      return serveStatic(this.opts.staticDir, path, res, this.log, req.method === 'HEAD')
    }
    if (!tokenMatches(presentedToken(req, path, query), this.opts.token))
      return refuse(res, 401, 'unauthorized', 'missing or wrong token (Authorization: Bearer <token>)')
    if (path === '/api/events') {
      if (req.method !== 'GET') return refuse(res, 405, 'invalid_arguments', 'use GET', { allow: 'GET' })
      return this.openStream(req, res)
    }
    if (req.method !== 'POST') return refuse(res, 405, 'invalid_arguments', 'use POST', { allow: 'POST' })
    let args: unknown
    try {
      const body = await readBody(req, MAX_BODY, MAX_DRAIN)
      args = body.trim() === '' ? {} : JSON.parse(body)
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return refuse(
          res,
          413,
          'invalid_arguments',
          `${err.message}: arguments are at most 1 MiB of JSON`,
          err.drained ? {} : { connection: 'close' },
        )
      return refuse(res, 400, 'invalid_arguments', `bad JSON body: ${(err as Error).message}`)
    }
    const result = await this.api.callAsync(path.slice('/api/'.length), args)
    const status = result.ok
      ? 200
      : result.error.code === 'unknown_request'
        ? 404
        : result.error.code === 'invalid_arguments'
          ? 400
          : 500
    send(res, status, result)
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    this.streams.add(res)
    req.on('close', () => this.streams.delete(res))
  }
}
