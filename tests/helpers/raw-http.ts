import { connect } from 'node:net'

export interface RawAnswer {
  /** Everything the server wrote, as latin1 text (bytes kept one to one). */
  text: string
  /** The first status code, or null when nothing HTTP-shaped came back. */
  status: number | null
  /** Milliseconds until the server closed the connection (or we gave up). */
  ms: number
  /** True when we gave up waiting (the server kept the connection open). */
  timedOut: boolean
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3}) [^\r\n]*\r\n/

/** Parses the first status line of what a server wrote. */
export function statusOf(text: string): number | null {
  const m = STATUS_LINE.exec(text)
  return m ? Number(m[1]) : null
}

/**
 * Writes raw bytes to a loopback port (Node's http client refuses malformed requests) and collects
 * the answer until the server closes the connection, or `timeoutMs`. `end` half-closes after writing.
 */
export function rawRequest(
  port: number,
  data: string | Buffer,
  { timeoutMs = 5_000, end = false }: { timeoutMs?: number; end?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const t0 = Date.now()
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      socket.destroy()
    }, timeoutMs)
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')))
    // A reset after the answer keeps what was read.
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ text, status: statusOf(text), ms: Date.now() - t0, timedOut })
    })
    socket.write(data, () => {
      if (end) socket.end()
    })
  })
}

/** A complete HTTP/1.1 request with `Connection: close`, so the server closes after answering. */
export function httpRequest(
  method: string,
  target: string,
  headers: Record<string, string>,
  body = '',
): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Connection: close']
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`)
  if (body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length'))
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`)
  return `${lines.join('\r\n')}\r\n\r\n${body}`
}
