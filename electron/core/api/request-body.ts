import type { IncomingMessage } from 'node:http'

/**
 * A body over the limit: answered 413. `drained`: the whole request was read (and discarded), so the
 * connection can stay open; otherwise the answer must close it.
 */
export class BodyTooLarge extends Error {
  constructor(
    limit: number,
    readonly drained: boolean,
  ) {
    super(`request body over ${limit / (1 << 20)} MiB`)
  }
}

/**
 * Reads a request body of at most `limit` bytes. Past the limit it keeps reading and discards the
 * rest, up to `drainLimit` bytes, and only then rejects: closing a socket with unread bytes makes
 * the kernel send a reset, and the client would lose the 413 answer. A body declared or sent beyond
 * `drainLimit` is refused at once; the server's request timeout bounds a client that sends slowly.
 */
export function readBody(req: IncomingMessage, limit: number, drainLimit: number): Promise<string> {
  const declared = Number(req.headers['content-length'])
  if (declared > drainLimit) return Promise.reject(new BodyTooLarge(limit, false))
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    const onData = (c: Buffer): void => {
      size += c.length
      if (size <= limit) chunks.push(c)
      else if (size > drainLimit) {
        req.off('data', onData)
        req.resume()
        reject(new BodyTooLarge(limit, false))
      }
    }
    req.on('data', onData)
    req.on('end', () =>
      size > limit ? reject(new BodyTooLarge(limit, true)) : resolve(Buffer.concat(chunks).toString('utf8')),
    )
    req.on('error', reject)
    req.on('close', () => reject(new Error('the client closed the connection before the body ended')))
  })
}
