export type RequestTarget =
  { ok: true; path: string; query: URLSearchParams } | { ok: false; message: string }

const bad = (message: string): RequestTarget => ({ ok: false, message })

/**
 * Splits a request target (`req.url`) into its decoded path and query without `new URL`, which
 * reads `//x` as a host and throws on it. Empty segments, backslashes, NUL and bad percent-encoding
 * are refused: no route has them, and they are how paths escape a folder.
 */
export function parseTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? ''
  if (!target.startsWith('/')) return bad('the request target must be a path starting with /')
  const q = target.indexOf('?')
  const rawPath = q < 0 ? target : target.slice(0, q)
  let path: string
  try {
    path = decodeURIComponent(rawPath)
  } catch {
    return bad(`bad percent-encoding in the path ${JSON.stringify(rawPath)}`)
  }
  if (path.includes('//') || path.includes('\\') || path.includes('\0'))
    return bad(`malformed path ${JSON.stringify(rawPath)}: empty segment, backslash or NUL`)
  return { ok: true, path, query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) }
}
