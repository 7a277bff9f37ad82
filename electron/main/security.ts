import { pathToFileURL } from 'node:url'
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
  /** The exact file URL of out/renderer/index.html (no hash, no query). */
  indexUrl: string
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
}): AppOrigin {
  const indexUrl = pathToFileURL(opts.indexFile).href
  if (opts.isPackaged || !opts.devUrl) return { indexUrl }
  let u: URL
  try {
    u = new URL(opts.devUrl)
  } catch {
    return { indexUrl }
  }
  const ok = (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK.has(u.hostname) && !u.username
  return ok ? { indexUrl, devOrigin: u.origin } : { indexUrl }
}

/** Where the window loads from: the dev server when allowed, else the bundled file. */
export function rendererUrl(o: AppOrigin): string {
  return o.devOrigin ? `${o.devOrigin}/` : o.indexUrl
}

/** The renderer may only ever show our own bundle: the exact index.html (any hash), or the dev origin. */
export function isAllowedNavigation(url: string, o: AppOrigin): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (o.devOrigin && u.origin === o.devOrigin) return true
  if (u.protocol !== 'file:') return false
  u.hash = ''
  return u.href === o.indexUrl
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
