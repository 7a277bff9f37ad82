import { posix, win32 } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { WebPreferences } from 'electron'

/** Every window runs sandboxed, isolated and without Node; DevTools only in development. */
export function secureWebPreferences(preload: string, devTools = false): WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    devTools,
  }
}

/** What the window may show: our own index.html, and the dev server's origin in development only. */
export interface AppOrigin {
  /** The file URL of out/renderer/index.html (no hash, no query), as Node writes it: what the window loads. */
  indexUrl: string
  /** out/renderer/index.html as a path: file URLs are compared by path (see isAllowedNavigation). */
  indexPath: string
  /** The OS the paths are for: on win32 they compare case-insensitively. */
  platform: NodeJS.Platform
  /** The electron-vite dev server's origin (e.g. http://localhost:5173), when it is in use. */
  devOrigin?: string
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * ELECTRON_RENDERER_URL is honoured only in an unpackaged app, and only as a plain http(s) URL on
 * loopback: a packaged app always loads its own bundle, whatever the environment says.
 */
export function appOrigin(opts: {
  isPackaged: boolean
  devUrl: string | undefined
  indexFile: string
  platform?: NodeJS.Platform
}): AppOrigin {
  const platform = opts.platform ?? process.platform
  const base: AppOrigin = {
    indexUrl: pathToFileURL(opts.indexFile, { windows: platform === 'win32' }).href,
    indexPath: opts.indexFile,
    platform,
  }
  if (opts.isPackaged || !opts.devUrl) return base
  let u: URL
  try {
    u = new URL(opts.devUrl)
  } catch {
    return base
  }
  const ok = (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK.has(u.hostname) && !u.username
  return ok ? { ...base, devOrigin: u.origin } : base
}

/** Where the window loads from: the dev server when allowed, else the bundled file. */
export function rendererUrl(o: AppOrigin): string {
  return o.devOrigin ? `${o.devOrigin}/` : o.indexUrl
}

/** Anything but printable ASCII and non-ASCII: control characters, space, DEL. */
const CONTROL_OR_SPACE = /[^!-~\u0080-\uffff]/

/** A `.` or `..` path segment, also percent-encoded, before any hash. */
const DOT_SEGMENT = /^[^#]*[/\\](\.|%2e){1,2}([/\\?#]|$)/i

/**
 * The renderer may only ever show our own bundle: our index.html (any hash), or the dev origin. File URLs
 * are compared as paths, not strings: Chromium writes a Windows drive letter and percent-encoding
 * differently from Node's pathToFileURL. Only `file:///` (no host), no query, backslash or dot segment, no
 * whitespace the URL parser would drop; case-insensitive on win32 only.
 */
export function isAllowedNavigation(url: string, o: AppOrigin): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  // A canonical URL (what Chromium reports) has no whitespace or control characters for the parser to drop.
  if (CONTROL_OR_SPACE.test(url)) return false
  if (o.devOrigin && u.origin === o.devOrigin) return true
  const beforeHash = url.split('#')[0]!
  if (!/^file:\/\/\//i.test(url) || u.host !== '' || /[?\\]/.test(beforeHash) || DOT_SEGMENT.test(url))
    return false
  const windows = o.platform === 'win32'
  let path: string
  try {
    path = fileURLToPath(u, { windows })
  } catch {
    return false // an encoded separator, a relative path on Windows
  }
  return windows
    ? win32.normalize(path).toLowerCase() === win32.normalize(o.indexPath).toLowerCase()
    : path === posix.normalize(o.indexPath)
}

/** An IPC message is answered only when it comes from our page's top frame (not a sub-frame, not a stray page). */
export function isTrustedSender(
  frame: { url: string; parent: unknown } | null | undefined,
  o: AppOrigin,
): boolean {
  return !!frame && frame.parent === null && isAllowedNavigation(frame.url, o)
}

/**
 * The renderer's Content-Security-Policy (also the <meta> in renderer/index.html; a test keeps them
 * equal): only our own scripts, no eval, no remote connections except our own origin (serve mode).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

/** Links the app may hand to the OS browser: https only, no credentials in the URL. */
export function isSafeExternalUrl(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  return u.protocol === 'https:' && u.username === '' && u.password === ''
}

/** New windows are never opened; a safe https link goes to the OS browser instead. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) }
}
