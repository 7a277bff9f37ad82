import { readFile, realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
}
/** The built dashboard's largest file is a few MiB; anything far bigger is not ours to serve. */
const MAX_FILE = 64 << 20

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
  res.end(body)
}

/**
 * Serves a file of the built dashboard. The file is read whole before answering, so a read error
 * becomes a 500 (logged) instead of a broken stream; a path that resolves outside `root`
 * (`..`, a symlink) is 404.
 */
export async function serveStatic(
  root: string | undefined,
  path: string,
  res: ServerResponse,
  log: (msg: string) => void,
  head = false,
): Promise<void> {
  if (!root) return text(res, 404, 'the dashboard is not built (npm run build); the API is at /api/<request>')
  let file: string
  try {
    const base = await realpath(root)
    file = await realpath(join(base, path === '/' ? 'index.html' : path))
    if (!file.startsWith(base + sep) || !(await stat(file)).isFile()) return text(res, 404, 'not found')
  } catch {
    return text(res, 404, 'not found')
  }
  let body: Buffer
  try {
    if ((await stat(file)).size > MAX_FILE) throw new Error('file too large to serve')
    body = await readFile(file)
  } catch (err) {
    log(`cannot serve ${file}: ${(err as Error).message}`)
    return text(res, 500, 'cannot read this file')
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
  })
  res.end(head ? undefined : body)
}
