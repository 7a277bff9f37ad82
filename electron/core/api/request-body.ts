import type { IncomingMessage } from 'node:http'

/** A body over the limit: answered 413. */
export class BodyTooLarge extends Error {}

/**
 * Reads a request body of at most `limit` bytes. Past the limit it stops keeping bytes but goes on
 * reading (the rest is discarded), so the 413 answer reaches the client before the connection
 * closes; the server's request timeout bounds how long that draining can last.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new BodyTooLarge(`request body over ${limit / (1 << 20)} MiB`)
  const declared = Number(req.headers['content-length'])
  if (declared > limit) {
    req.resume()
    return Promise.reject(tooLarge())
  }
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    const onData = (c: Buffer): void => {
      size += c.length
      if (size <= limit) return void chunks.push(c)
      req.off('data', onData)
      req.resume()
      reject(tooLarge())
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
    req.on('close', () => reject(new Error('the client closed the connection before the body ended')))
  })
}
